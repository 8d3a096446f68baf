"""Builders for the objects the simulator serves, each with every top-level field Stripe returns.

Field lists follow Stripe's published example objects; fields the app never uses stay null so the
SDK and any code reading them see the real shape.
"""

from __future__ import annotations

from typing import Any

import stripe

# The version the SDK is generated for and sends: an SDK upgrade moves the simulator with it.
API_VERSION: str = stripe.api_version
# The version these objects and rules were written against (docs/SIMULATOR.md). A test fails when the
# SDK moves on, so the simulator is re-read against Stripe's changelog instead of drifting silently.
MODELLED_API_VERSION = "2026-10-28.endive"


def _blank(names: str) -> dict[str, Any]:
    return dict.fromkeys(names.split())


def payment_intent(pid: str, created: int, amount: int, currency: str, **fields: Any) -> dict[str, Any]:
    obj = _blank(
        "application application_fee_amount automatic_payment_methods canceled_at cancellation_reason "
        "customer customer_account description last_payment_error latest_charge managed_payments next_action "
        "on_behalf_of payment_method payment_method_configuration_details processing receipt_email review "
        "setup_future_usage shipping source statement_descriptor statement_descriptor_suffix transfer_data "
        "transfer_group excluded_payment_method_types allowed_payment_method_types"
    )
    obj.update(
        id=pid, object="payment_intent", amount=amount, amount_capturable=0, amount_received=0,
        amount_details={"tip": {}}, capture_method="automatic", client_secret=f"{pid}_secret_sim",
        confirmation_method="automatic", created=created, currency=currency, livemode=False, metadata={},
        payment_method_options={}, payment_method_types=["card"], status="requires_payment_method",
    )
    obj.update(fields)
    return obj


def charge(cid: str, created: int, pi: dict[str, Any], **fields: Any) -> dict[str, Any]:
    obj = _blank(
        "application application_fee application_fee_amount balance_transaction customer description "
        "failure_balance_transaction failure_code failure_message on_behalf_of payment_method receipt_email "
        "receipt_number review shipping source source_transfer statement_descriptor statement_descriptor_suffix "
        "transfer_data transfer_group"
    )
    obj.update(
        id=cid, object="charge", amount=pi["amount"], amount_captured=0, amount_refunded=0,
        billing_details={"address": {"city": None, "country": None, "line1": None, "line2": None,
                                     "postal_code": None, "state": None}, "email": None, "name": None,
                         "phone": None, "tax_id": None},
        calculated_statement_descriptor="ONCOONE EDUCATION", captured=False, created=created,
        currency=pi["currency"], disputed=False, fraud_details={}, livemode=False, metadata=dict(pi["metadata"]),
        outcome=None, paid=False, payment_intent=pi["id"], payment_method_details=None,
        receipt_url=None, refunded=False,
        refunds={"object": "list", "data": [], "has_more": False, "url": f"/v1/charges/{cid}/refunds"},
        status="pending",
    )
    obj.update(fields)
    return obj


def refund(rid: str, created: int, amount: int, ch: dict[str, Any], **fields: Any) -> dict[str, Any]:
    obj = _blank(
        "balance_transaction customer customer_account destination_details payment_method receipt_number "
        "source_transfer_reversal transfer_reversal reason failure_reason pending_reason instructions_email "
        "next_action"
    )
    obj.update(
        id=rid, object="refund", amount=amount, charge=ch["id"], created=created, currency=ch["currency"],
        metadata={}, payment_intent=ch["payment_intent"], payment_method=ch["payment_method"], status="succeeded",
    )
    obj.update(fields)
    return obj


def location(lid: str, display_name: str, address: dict[str, Any], metadata: dict[str, str]) -> dict[str, Any]:
    return {"id": lid, "object": "terminal.location", "address": address, "display_name": display_name,
            "livemode": False, "metadata": metadata}


def reader(rid: str, created: int, device_type: str, label: str, loc: str, serial: str,
           metadata: dict[str, str]) -> dict[str, Any]:
    return {
        "id": rid, "object": "terminal.reader", "action": None, "device_sw_version": "2.30.0.0",
        "device_type": device_type, "ip_address": "192.168.2.2", "label": label, "last_seen_at": created * 1000,
        "livemode": False, "location": loc, "metadata": metadata, "serial_number": serial, "status": "online",
    }


def checkout_session(sid: str, created: int, **fields: Any) -> dict[str, Any]:
    obj = _blank(
        "adaptive_pricing after_expiration allow_promotion_codes automatic_tax billing_address_collection "
        "cancel_url client_reference_id collected_information consent consent_collection currency_conversion "
        "customer customer_account customer_creation customer_details customer_email discounts "
        "integration_identifier invoice invoice_creation locale managed_payments origin_context payment_intent "
        "payment_link payment_method_configuration_details payment_method_options permissions "
        "phone_number_collection recovered_from saved_payment_method_options setup_intent "
        "shipping_address_collection shipping_cost submit_type subscription success_url wallet_options "
        "allowed_payment_method_types"
    )
    obj.update(
        id=sid, object="checkout.session", created=created, automatic_tax={"enabled": False, "liability": None,
                                                                           "provider": None, "status": None},
        client_secret=None, custom_fields=[], custom_text={"after_submit": None, "shipping_address": None,
                                                         "submit": None, "terms_of_service_acceptance": None},
        livemode=False, metadata={}, mode="payment", payment_method_collection="if_required",
        payment_method_types=["card"], payment_status="unpaid", shipping_options=[], status="open",
        total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0}, ui_mode="hosted_page",
    )
    obj.update(fields)
    return obj


# Funds from a Canadian card payment become available two days after it (Stripe's standard timing
# for Canada), at 00:00 UTC, which is when Stripe's `available_on` values fall.
AVAILABLE_AFTER_DAYS = 2
DAY = 86400


def available_on(created: int) -> int:
    return (created // DAY + AVAILABLE_AFTER_DAYS) * DAY


def balance_transaction(tid: str, created: int, amount: int, fee: int, source: str, txn_type: str,
                        description: str, *, available: int | None = None) -> dict[str, Any]:
    category = {"charge": "charge", "refund": "refund", "payout": "payout", "stripe_fee": "fee",
                "adjustment": "other_adjustment"}.get(txn_type, txn_type)
    return {
        "id": tid, "object": "balance_transaction", "amount": amount,
        "available_on": available_on(created) if available is None else available,
        "balance_type": "payments", "created": created, "currency": "cad", "description": description,
        "exchange_rate": None, "fee": fee,
        "fee_details": [{"amount": fee, "application": None, "currency": "cad",
                         "description": "Stripe processing fees (simulated)", "type": "stripe_fee"}] if fee else [],
        "net": amount - fee, "reporting_category": category,
        "source": source, "status": "pending", "type": txn_type,
    }


def payout(poid: str, created: int, amount: int, arrival_date: int, txn_id: str) -> dict[str, Any]:
    """An automatic payout to the account's bank account, as in Stripe's example payout object."""
    return {
        "id": poid, "object": "payout", "amount": amount, "application_fee": None, "application_fee_amount": None,
        "arrival_date": arrival_date, "automatic": True, "balance_transaction": txn_id, "created": created,
        "currency": "cad", "description": "STRIPE PAYOUT", "destination": "ba_simulated_bank_account",
        "failure_balance_transaction": None, "failure_code": None, "failure_message": None, "livemode": False,
        "metadata": {}, "method": "standard", "original_payout": None, "payout_method": None,
        "reconciliation_status": "completed", "reversed_by": None, "source_type": "card",
        "statement_descriptor": None, "status": "in_transit", "trace_id": {"status": "pending", "value": None},
        "type": "bank_account",
    }


def event_object(eid: str, event_type: str, created: int, data_object: dict[str, Any],
                 previous: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"object": data_object}
    if previous:
        data["previous_attributes"] = previous
    return {
        "id": eid, "object": "event", "api_version": API_VERSION, "created": created, "data": data,
        "livemode": False, "pending_webhooks": 0, "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }

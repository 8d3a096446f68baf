"""What happens when a card is presented: charges, balance transactions with simulated fees, refunds.

Shared by the reader test helper and the hosted page so both produce the same objects and events.
The full card number never reaches this module: callers pass the outcome, brand and last 4.
"""

from __future__ import annotations

import logging
from typing import Any

from . import objects
from .cards import Outcome
from .errors import SimError, invalid
from .store import State

log = logging.getLogger(__name__)

# Simulated Canadian pricing (not a quote): percentage in basis points plus a fixed part, in cents.
FEES = {"card_present": (260, 10), "interac_present": (0, 15), "card": (290, 30)}


def fee_for(method_type: str, amount: int) -> int:
    bps, fixed = FEES.get(method_type, FEES["card"])
    # Integer half-up rounding of amount * bps / 10000; money never goes through float.
    return (amount * bps + 5000) // 10000 + fixed


def _method_details(method_type: str, brand: str, last4: str, exp: tuple[int, int]) -> dict[str, Any]:
    details: dict[str, Any] = {
        "brand": brand, "last4": last4, "exp_month": exp[0], "exp_year": exp[1], "country": "CA",
        "funding": "debit" if method_type == "interac_present" else "credit", "fingerprint": None,
    }
    if method_type != "card":
        details.update(read_method="contactless_emv", cardholder_name=None, generated_card=None,
                       receipt={"application_preferred_name": brand.upper(), "account_type": "checking"
                                if method_type == "interac_present" else "credit"})
    else:
        details.update(checks={"cvc_check": "pass", "address_postal_code_check": "pass", "address_line1_check": None},
                       network="visa" if brand == "visa" else brand, three_d_secure=None, wallet=None)
    return {"type": method_type, method_type: details}


def card_error(outcome: Outcome, ch: dict[str, Any], pm_id: str, method_type: str) -> dict[str, Any]:
    """The card error of a decline, as in `last_payment_error` and a reader action's `api_error`."""
    code = outcome.code or "card_declined"
    return {
        "type": "card_error", "code": code, "decline_code": outcome.decline_code, "message": outcome.message,
        "charge": ch["id"], "payment_method": {"id": pm_id, "type": method_type}, "payment_method_type": method_type,
        "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}", "param": None,
    }


# A PaymentIntent may be charged from these; `processing` is the reader's authorisation in flight.
CHARGEABLE = ("requires_payment_method", "requires_confirmation", "processing")


def attempt(state: State, pi: dict[str, Any], method_type: str, outcome: Outcome, brand: str, last4: str,
            exp: tuple[int, int] = (12, 2034)) -> dict[str, Any]:
    """Charge `pi` with a presented card; returns the charge. Declines leave the PI retryable.

    With `capture_method=manual` an approved card leaves the PaymentIntent in `requires_capture`
    (the charge authorised, not captured), except Interac, which is single-message: captured at
    once whatever the capture method.
    """
    if pi["status"] not in CHARGEABLE:
        raise SimError(400, f"This PaymentIntent's status is {pi['status']}; it cannot be charged.",
                       code="payment_intent_unexpected_state")
    now = state.now()
    pm_id = state.new_id("pm")
    ch = objects.charge(state.new_id("ch"), now, pi, payment_method=pm_id,
                        payment_method_details=_method_details(method_type, brand, last4, exp),
                        description=pi["description"], receipt_email=pi["receipt_email"])
    pi["payment_method"] = pm_id
    pi["latest_charge"] = ch["id"]
    if outcome.ok:
        ch.update(status="succeeded", paid=True, receipt_url=f"{state.base_url}/receipts/{ch['id']}",
                  outcome={"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                           "seller_message": "Payment complete.", "type": "authorized"})
        state.put(ch)
        if pi["capture_method"] == "manual" and method_type != "interac_present":
            pi.update(status="requires_capture", amount_capturable=pi["amount"], last_payment_error=None)
            state.emit("charge.succeeded", ch)
            state.emit("payment_intent.amount_capturable_updated", pi)
            log.info("simulated payment %s authorised, awaiting capture", pi["id"])
        else:
            capture(state, pi, ch, pi["amount"])
            log.info("simulated payment %s succeeded (%s)", pi["id"], method_type)
    else:
        ch.update(status="failed", failure_code=outcome.code, failure_message=outcome.message,
                  outcome={"network_status": "declined_by_network", "reason": outcome.decline_code,
                           "risk_level": "normal", "seller_message": "The bank did not return any further details.",
                           "type": "issuer_declined"})
        pi.update(status="requires_payment_method", last_payment_error=card_error(outcome, ch, pm_id, method_type))
        state.put(ch)
        state.emit("charge.failed", ch)
        state.emit("payment_intent.payment_failed", pi)
        log.info("simulated payment %s declined (%s)", pi["id"], outcome.decline_code)
    return ch


def capture(state: State, pi: dict[str, Any], ch: dict[str, Any], amount: int) -> None:
    """Capture `amount` of an authorised charge: the money moves, the PaymentIntent succeeds."""
    now = state.now()
    method_type = (ch["payment_method_details"] or {}).get("type", "card")
    fee = fee_for(method_type, amount)
    txn = objects.balance_transaction(state.new_id("txn"), now, amount, fee, ch["id"], "charge",
                                      pi["description"] or "Payment (simulated fees)")
    state.put(txn)
    was_authorised = pi["status"] == "requires_capture"
    ch.update(captured=True, amount_captured=amount, balance_transaction=txn["id"])
    if amount < ch["amount"]:
        # The part not captured is released to the card holder, shown as refunded on the charge.
        ch.update(amount_refunded=ch["amount"] - amount)
    pi.update(status="succeeded", amount_received=amount, amount_capturable=0, last_payment_error=None)
    if was_authorised:
        state.emit("charge.captured", ch)
    else:
        state.emit("charge.succeeded", ch)
    state.emit("payment_intent.succeeded", pi)


def make_refund(state: State, ch: dict[str, Any], amount: int | None, reason: str | None,
                metadata: dict[str, str], *, via_reader: bool = False) -> dict[str, Any]:
    if ch["status"] != "succeeded":
        raise SimError(400, f"Charge {ch['id']} has not succeeded and cannot be refunded.", code="charge_not_refundable")
    method_type = (ch["payment_method_details"] or {}).get("type")
    if method_type == "interac_present" and not via_reader:
        raise SimError(
            400, "Interac payments cannot be refunded through the API. Refund them in person on a Terminal "
            "reader (terminal/readers/{reader}/refund_payment).", code="charge_not_refundable", param="charge")
    if ch["refunded"]:
        raise SimError(400, f"Charge {ch['id']} has already been refunded.", code="charge_already_refunded")
    left = ch["amount"] - ch["amount_refunded"]
    amount = left if amount is None else amount
    if amount <= 0:
        raise invalid("Refund amount must be positive.", "amount", "parameter_invalid_integer")
    if amount > left:
        raise SimError(400, f"Refund amount (CA${amount // 100}.{amount % 100:02d}) is greater than unrefunded amount"
                       f" on charge (CA${left // 100}.{left % 100:02d})", param="amount", code="amount_too_large")
    now = state.now()
    txn = objects.balance_transaction(state.new_id("txn"), now, -amount, 0, "", "refund", "REFUND FOR CHARGE")
    rf = objects.refund(state.new_id("re"), now, amount, ch, reason=reason, metadata=metadata,
                        balance_transaction=txn["id"])
    txn["source"] = rf["id"]
    state.put(txn)
    state.put(rf)
    previous = {"amount_refunded": ch["amount_refunded"], "refunded": ch["refunded"]}
    ch["amount_refunded"] += amount
    ch["refunded"] = ch["amount_refunded"] == ch["amount"]
    ch["refunds"]["data"].insert(0, dict(rf))
    state.emit("refund.created", rf)
    state.emit("charge.refunded", ch, previous)
    log.info("simulated refund %s of %s", rf["id"], ch["id"])
    return rf


def dashboard_refund(state: State, object_id: str, amount: int | None = None, reason: str | None = None) -> dict[str, Any]:
    """A refund made by someone in the Dashboard: no API request, no idempotency key, just events."""
    with state.lock:
        if object_id.startswith("pi_"):
            object_id = state.get("payment_intent", object_id)["latest_charge"]
        ch = state.get("charge", object_id)
        return state.render(make_refund(state, ch, amount, reason, {"source": "dashboard"}))

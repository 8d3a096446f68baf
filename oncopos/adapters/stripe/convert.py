"""Stripe SDK objects -> the domain's frozen result types.

Stripe objects are not dicts (16.x): read them with attributes and `in`, never `.get()`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from oncopos.domain.gateway import (
    BalanceTxn,
    CheckoutState,
    GatewayEvent,
    LocationInfo,
    PaymentIntentState,
    PaymentMethodType,
    ReaderActionState,
    ReaderInfo,
    RefundState,
)

from .errors import READER_MESSAGES, decline_message

_CARD_DETAIL_KINDS: tuple[PaymentMethodType, ...] = ("card_present", "interac_present", "card")


def attr(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None or isinstance(obj, str):
        return default
    return getattr(obj, name, default) if name in obj else default


def utc(ts: int | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


def object_id(value: Any) -> str | None:
    """An expandable field holds either the id or the expanded object."""
    if value is None or isinstance(value, str):
        return value
    return attr(value, "id")


def metadata_dict(value: Any) -> dict[str, str]:
    return dict(value.to_dict()) if value is not None and hasattr(value, "to_dict") else dict(value or {})


def card_details(charge: Any) -> tuple[str | None, str | None, str | None]:
    """(payment_method_type, brand, last4) from an expanded charge."""
    details = attr(charge, "payment_method_details")
    kind = attr(details, "type")
    for name in ([kind] if kind else []) + list(_CARD_DETAIL_KINDS):
        card = attr(details, name)
        if card is not None:
            return name, attr(card, "brand"), attr(card, "last4")
    return kind, None, None


def location_info(loc: Any) -> LocationInfo:
    address = attr(loc, "address")
    return LocationInfo(id=loc.id, display_name=loc.display_name, city=attr(address, "city"),
                        province=attr(address, "state"), country=attr(address, "country"),
                        postal_code=attr(address, "postal_code"))


def action_state(action: Any) -> ReaderActionState | None:
    if action is None:
        return None
    kind = attr(action, "type")
    sub = attr(action, kind) if kind else None
    code = attr(action, "failure_code")
    message = attr(action, "failure_message")
    if code:
        # The reader's own wording is for developers; the registrar gets a sentence with a next step.
        message = READER_MESSAGES.get(code) or (
            "The payment was cancelled on the reader." if code in ("canceled", "customer_canceled")
            else decline_message(code, None) if message else message)
    return ReaderActionState(
        status=attr(action, "status"), action_type=kind, failure_code=code, failure_message=message,
        payment_intent_id=object_id(attr(sub, "payment_intent")), refund_id=object_id(attr(sub, "refund")),
    )


def reader_info(reader: Any) -> ReaderInfo:
    return ReaderInfo(id=reader.id, label=attr(reader, "label") or reader.id, status=attr(reader, "status") or "offline",
                      device_type=attr(reader, "device_type"), location=object_id(attr(reader, "location")),
                      serial_number=attr(reader, "serial_number"), action=action_state(attr(reader, "action")))


def payment_intent_state(pi: Any) -> PaymentIntentState:
    charge = attr(pi, "latest_charge")
    kind, brand, last4 = card_details(charge) if not isinstance(charge, str) else (None, None, None)
    error = attr(pi, "last_payment_error")
    code, decline = attr(error, "code"), attr(error, "decline_code")
    if kind is None:
        err_pm = attr(error, "payment_method")
        kind = attr(err_pm, "type")
    return PaymentIntentState(
        id=pi.id, status=pi.status, amount_cents=int(pi.amount),
        amount_received_cents=int(attr(pi, "amount_received", 0) or 0),
        currency=attr(pi, "currency", "cad"), charge_id=object_id(charge), card_brand=brand, card_last4=last4,
        payment_method_type=next((k for k in _CARD_DETAIL_KINDS if k == kind), None),
        decline_code=(decline or code) if error is not None else None,
        decline_message=decline_message(code, decline) if error is not None else None,
        error_code=code, metadata=metadata_dict(attr(pi, "metadata")),
        decline_charge_id=object_id(attr(error, "charge")),
        decline_payment_method_id=object_id(attr(error, "payment_method")),
        payment_method_types=tuple(attr(pi, "payment_method_types") or ()),
    )


def checkout_state(session: Any) -> CheckoutState:
    pi = attr(session, "payment_intent")
    brand = last4 = charge_id = received = None
    if pi is not None and not isinstance(pi, str):
        received = attr(pi, "amount_received")
        charge = attr(pi, "latest_charge")
        charge_id = object_id(charge)
        if not isinstance(charge, str):
            _, brand, last4 = card_details(charge)
    return CheckoutState(
        session_id=session.id, url=attr(session, "url"), status=session.status,
        payment_status=attr(session, "payment_status"), expires_at=utc(session.expires_at),  # type: ignore[arg-type]
        amount_cents=attr(session, "amount_total"), payment_intent_id=object_id(pi), charge_id=charge_id,
        card_brand=brand, card_last4=last4, amount_received_cents=int(received) if received is not None else None,
    )


def refund_state(refund: Any) -> RefundState:
    return RefundState(id=refund.id, status=refund.status, amount_cents=int(refund.amount),
                       payment_intent_id=object_id(attr(refund, "payment_intent")),
                       charge_id=object_id(attr(refund, "charge")), reason=attr(refund, "reason"),
                       failure_reason=attr(refund, "failure_reason"))


def gateway_event(event: Any) -> GatewayEvent:
    data = event.data.to_dict() if hasattr(event.data, "to_dict") else dict(event.data)
    obj = data.get("object") or {}
    return GatewayEvent(id=event.id, type=event.type, created=utc(event.created),  # type: ignore[arg-type]
                        object_id=obj.get("id") if isinstance(obj, dict) else None, data=data)


def balance_txn(txn: Any) -> BalanceTxn:
    fee_tax = sum(int(d.amount) for d in (attr(txn, "fee_details") or ()) if attr(d, "type") == "tax")
    return BalanceTxn(id=txn.id, source_id=object_id(attr(txn, "source")), amount_cents=int(txn.amount),
                      fee_cents=int(txn.fee), net_cents=int(txn.net), type=txn.type,
                      created=utc(txn.created), currency=attr(txn, "currency", "cad"),  # type: ignore[arg-type]
                      available_on=utc(attr(txn, "available_on")), fee_tax_cents=fee_tax)

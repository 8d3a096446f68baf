"""PaymentIntents, Charges and Refunds endpoints."""

from __future__ import annotations

from typing import Any

from . import objects
from .errors import SimError
from .params import as_int, as_list, as_metadata, check_known, require
from .payments import make_refund
from .router import route
from .store import State, created_filter, page

PI_PARAMS = {
    "amount", "currency", "allowed_payment_method_types", "capture_method", "metadata", "description",
    "receipt_email", "statement_descriptor", "statement_descriptor_suffix", "customer", "excluded_payment_method_types",
}
SUPPORTED_METHODS = ("card_present", "interac_present", "card")
CANCELLABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")
# Stripe's minimum charge for CAD is 50 cents.
MIN_AMOUNT = 50


def new_payment_intent(state: State, params: dict[str, Any], *, default_types: list[str]) -> dict[str, Any]:
    check_known(params, PI_PARAMS)
    amount = as_int(require(params, "amount"), "amount")
    if amount < MIN_AMOUNT:
        raise SimError(400, "Amount must be at least $0.50 cad", param="amount", code="amount_too_small")
    if amount > 99999999:
        raise SimError(400, "Amount must be no more than $999,999.99", param="amount", code="amount_too_large")
    currency = str(require(params, "currency")).lower()
    if currency != "cad":
        raise SimError(400, f"The simulator only takes cad payments, not {currency}.", param="currency")
    capture = params.get("capture_method", "automatic")
    if capture not in ("automatic", "automatic_async", "manual"):
        raise SimError(400, f"Invalid capture_method: {capture}", param="capture_method")
    allowed = [str(t) for t in as_list(params.get("allowed_payment_method_types"), "allowed_payment_method_types")]
    # Like Stripe, types that cannot be used here are dropped silently; the response shows what is left.
    types = [t for t in allowed if t in SUPPORTED_METHODS] if allowed else list(default_types)
    if not types:
        raise SimError(400, "None of the allowed_payment_method_types can be used with this PaymentIntent.",
                       param="allowed_payment_method_types")
    pi = objects.payment_intent(
        state.new_id("pi"), state.now(), amount, currency, capture_method=capture, payment_method_types=types,
        metadata=as_metadata(params.get("metadata")), description=params.get("description"),
        receipt_email=params.get("receipt_email"),
    )
    state.put(pi)
    state.emit("payment_intent.created", pi)
    return pi


@route("POST", "/v1/payment_intents", "payment_intent_write")
def create_pi(state: State, params: dict[str, Any]) -> dict[str, Any]:
    if "payment_method_types" in params:
        # The endive API version removed this parameter; Stripe rejects it outright.
        raise SimError(400, "Received unknown parameter: payment_method_types", param="payment_method_types")
    return new_payment_intent(state, params, default_types=["card"])


@route("GET", "/v1/payment_intents/{id}", "payment_intent_read")
def get_pi(state: State, params: dict[str, Any], pid: str) -> dict[str, Any]:
    check_known(params, set())
    return state.get("payment_intent", pid)


@route("GET", "/v1/payment_intents", "payment_intent_read")
def list_pi(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "customer"})
    keep = created_filter(params)
    return page(state, [o for o in state.all("payment_intent") if keep(o)], params, "/v1/payment_intents")


@route("POST", "/v1/payment_intents/{id}/cancel", "payment_intent_write")
def cancel_pi(state: State, params: dict[str, Any], pid: str) -> dict[str, Any]:
    check_known(params, {"cancellation_reason"})
    reason = params.get("cancellation_reason")
    if reason not in (None, "duplicate", "fraudulent", "requested_by_customer", "abandoned"):
        raise SimError(400, f"Invalid cancellation_reason: {reason}", param="cancellation_reason")
    pi = state.get("payment_intent", pid)
    if pi["status"] not in CANCELLABLE:
        raise SimError(
            400, f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}. Only a "
            "PaymentIntent with one of the following statuses may be canceled: " + ", ".join(CANCELLABLE) + ".",
            code="payment_intent_unexpected_state")
    for rd in state.all("terminal.reader"):
        action = rd["action"] or {}
        if action.get("status") == "in_progress" and (action.get("process_payment_intent") or {}).get(
                "payment_intent") == pid:
            raise SimError(400, "This PaymentIntent is being processed by a reader; cancel the reader action first.",
                           code="terminal_reader_busy")
    pi.update(status="canceled", canceled_at=state.now(), cancellation_reason=reason)
    state.emit("payment_intent.canceled", pi)
    return pi


@route("GET", "/v1/charges/{id}", "charge_read")
def get_charge(state: State, params: dict[str, Any], cid: str) -> dict[str, Any]:
    check_known(params, set())
    return state.get("charge", cid)


@route("GET", "/v1/charges", "charge_read")
def list_charges(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "payment_intent", "customer"})
    keep = created_filter(params)
    pid = params.get("payment_intent")
    items = [o for o in state.all("charge") if keep(o) and (not pid or o["payment_intent"] == pid)]
    return page(state, items, params, "/v1/charges")


def charge_for(state: State, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("charge"):
        return state.get("charge", params["charge"], "charge")
    if params.get("payment_intent"):
        pi = state.get("payment_intent", params["payment_intent"], "payment_intent")
        if pi["status"] != "succeeded" or not pi["latest_charge"]:
            raise SimError(400, f"This PaymentIntent ({pi['id']}) does not have a successful charge to refund.",
                           code="charge_not_refundable", param="payment_intent")
        return state.get("charge", pi["latest_charge"])
    raise SimError(400, "One of the following params should be provided for this request: payment_intent or charge.",
                   code="parameter_missing")


@route("POST", "/v1/refunds", "refund_write")
def create_refund(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"payment_intent", "charge", "amount", "reason", "metadata", "instructions_email"})
    reason = params.get("reason")
    if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
        raise SimError(400, "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                       param="reason")
    amount = as_int(params["amount"], "amount") if params.get("amount") not in (None, "") else None
    ch = charge_for(state, params)
    return make_refund(state, ch, amount, reason, as_metadata(params.get("metadata")))


@route("GET", "/v1/refunds/{id}", "refund_read")
def get_refund(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    check_known(params, set())
    return state.get("refund", rid)


@route("GET", "/v1/refunds", "refund_read")
def list_refunds(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "payment_intent", "charge"})
    keep = created_filter(params)
    items = [o for o in state.all("refund") if keep(o)
             and (not params.get("payment_intent") or o["payment_intent"] == params["payment_intent"])
             and (not params.get("charge") or o["charge"] == params["charge"])]
    return page(state, items, params, "/v1/refunds")

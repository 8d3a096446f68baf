"""PaymentIntents, Charges and Refunds endpoints."""

from __future__ import annotations

from typing import Any

from . import objects
from .errors import SimError, invalid
from .params import as_int, as_list, as_metadata, check_known, require
from .payments import capture, make_refund
from .router import route
from .store import State, created_filter, page

PI_PARAMS = {
    "amount", "currency", "allowed_payment_method_types", "capture_method", "metadata", "description",
    "receipt_email", "statement_descriptor", "statement_descriptor_suffix", "customer", "excluded_payment_method_types",
    "automatic_payment_methods", "payment_method_configuration",
}
# What `allowed_payment_method_types` cannot be combined with (Stripe: parameters_exclusive).
EXCLUSIVE_WITH_ALLOWED = ("excluded_payment_method_types", "automatic_payment_methods", "payment_method_configuration")
CANCELLABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")
# Stripe's minimum charge for CAD is 50 cents.
MIN_AMOUNT = 50


def refuse_payment_method_types(params: dict[str, Any]) -> None:
    """Endive removed `payment_method_types` from requests; Stripe refuses it with its own code."""
    if "payment_method_types" in params:
        raise invalid("The `payment_method_types` parameter is no longer supported in this API version. Use "
                      "`allowed_payment_method_types` instead.", "payment_method_types",
                      "payment_method_types_no_longer_supported")


def kept_types(state: State, allowed: list[str]) -> list[str]:
    """`allowed_payment_method_types` is a filter: what the account cannot take is dropped silently."""
    return [t for t in allowed if t in state.account_payment_methods]


def new_payment_intent(state: State, params: dict[str, Any], *, default_types: list[str]) -> dict[str, Any]:
    check_known(params, PI_PARAMS)
    amount = as_int(require(params, "amount"), "amount")
    if amount < MIN_AMOUNT:
        raise invalid("Amount must be at least $0.50 cad", "amount", "amount_too_small")
    if amount > 99999999:
        raise invalid("Amount must be no more than $999,999.99", "amount", "amount_too_large")
    currency = str(require(params, "currency")).lower()
    if currency != "cad":
        raise invalid(f"The simulator only takes cad payments, not {currency}.", "currency")
    capture_method = params.get("capture_method", "automatic")
    if capture_method not in ("automatic", "automatic_async", "manual"):
        raise invalid(f"Invalid capture_method: {capture_method}", "capture_method")
    allowed = [str(t) for t in as_list(params.get("allowed_payment_method_types"), "allowed_payment_method_types")]
    if allowed:
        for other in EXCLUSIVE_WITH_ALLOWED:
            if params.get(other) not in (None, ""):
                raise invalid(f"You may only specify one of these parameters: allowed_payment_method_types, {other}.",
                              other, "parameters_exclusive")
    # Like Stripe, types the account cannot take are dropped silently; the response shows what is left.
    types = kept_types(state, allowed) if allowed else [t for t in default_types if t in state.account_payment_methods]
    if not types:
        raise SimError(400, "None of the allowed_payment_method_types can be used with this PaymentIntent: the "
                       "account has none of them enabled.", param="allowed_payment_method_types")
    pi = objects.payment_intent(
        state.new_id("pi"), state.now(), amount, currency, capture_method=capture_method, payment_method_types=types,
        allowed_payment_method_types=allowed or None,
        metadata=as_metadata(params.get("metadata")), description=params.get("description"),
        receipt_email=params.get("receipt_email"),
    )
    state.put(pi)
    state.emit("payment_intent.created", pi)
    return pi


@route("POST", "/v1/payment_intents", "payment_intent_write")
def create_pi(state: State, params: dict[str, Any]) -> dict[str, Any]:
    refuse_payment_method_types(params)
    return new_payment_intent(state, params, default_types=["card"])


@route("POST", "/v1/payment_intents/{id}/capture", "payment_intent_write")
def capture_pi(state: State, params: dict[str, Any], pid: str) -> dict[str, Any]:
    check_known(params, {"amount_to_capture", "metadata", "final_capture"})
    wanted = params.get("amount_to_capture")
    amount = as_int(wanted, "amount_to_capture", minimum=1) if wanted not in (None, "") else None
    pi = state.get("payment_intent", pid)
    if pi["status"] != "requires_capture":
        raise SimError(400, f"This PaymentIntent could not be captured because it has a status of {pi['status']}. "
                       "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
                       code="payment_intent_unexpected_state")
    amount = pi["amount_capturable"] if amount is None else amount
    if amount > pi["amount_capturable"]:
        raise SimError(400, "The amount to capture is greater than the amount capturable.", param="amount_to_capture",
                       code="amount_too_large")
    capture(state, pi, state.get("charge", pi["latest_charge"]), amount)
    return pi


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
        raise invalid(f"Invalid cancellation_reason: {reason}", "cancellation_reason")
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
    if pi["status"] == "requires_capture":
        # The authorisation is released: the uncaptured charge reads as refunded.
        ch = state.get("charge", pi["latest_charge"])
        ch.update(amount_refunded=ch["amount"], refunded=True)
    pi.update(status="canceled", canceled_at=state.now(), cancellation_reason=reason, amount_capturable=0)
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
    raise invalid("One of the following params should be provided for this request: payment_intent or charge.",
                  None, "parameter_missing")


@route("POST", "/v1/refunds", "refund_write")
def create_refund(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"payment_intent", "charge", "amount", "reason", "metadata", "instructions_email"})
    reason = params.get("reason")
    if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
        raise invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason")
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

"""Checkout Sessions: create, retrieve, list, expire, and the payment made on the hosted page."""

from __future__ import annotations

import logging
from typing import Any

from .cards import Outcome
from .errors import SimError, invalid
from .objects import checkout_session
from .params import as_int, as_list, as_metadata, check_known, require
from .payments import attempt
from .resources_payments import kept_types, new_payment_intent, refuse_payment_method_types
from .router import route
from .store import State, created_filter, page

log = logging.getLogger(__name__)

SESSION_PARAMS = {
    "mode", "line_items", "customer_email", "client_reference_id", "metadata", "payment_intent_data", "expires_at",
    "success_url", "cancel_url", "allowed_payment_method_types", "locale", "submit_type", "customer", "ui_mode",
}
# Endive's values; `hosted_page` (a page on Stripe's domain at `url`) is the default and the only
# one the simulator serves a page for.
UI_MODES = ("elements", "embedded_page", "form", "hosted_page")
DEFAULT_LIFETIME = 24 * 3600


def expire_due(state: State) -> None:
    """Expire open sessions whose time has passed; Stripe does this on its own clock, we do it lazily."""
    now = state.now()
    for cs in state.all("checkout.session"):
        if cs["status"] == "open" and now >= cs["expires_at"]:
            _expire(state, cs)


def _expire(state: State, cs: dict[str, Any]) -> None:
    cs["status"] = "expired"
    cs["url"] = None
    if cs["payment_intent"]:
        pi = state.get("payment_intent", cs["payment_intent"])
        if pi["status"] != "succeeded":
            pi.update(status="canceled", canceled_at=state.now(), cancellation_reason="abandoned")
            state.emit("payment_intent.canceled", pi)
    state.emit("checkout.session.expired", cs)


def _line_total(items: list[Any]) -> tuple[int, str]:
    if not items:
        raise invalid("Missing required param: line_items.", "line_items", "parameter_missing")
    total, currency = 0, "cad"
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise invalid("Invalid object", f"line_items[{i}]")
        check_known(item, {"quantity", "price_data", "price"}, f"line_items[{i}]")
        data = item.get("price_data") or {}
        check_known(data, {"currency", "unit_amount", "product_data", "tax_behavior"}, f"line_items[{i}][price_data]")
        if not (data.get("product_data") or {}).get("name"):
            raise invalid(f"Missing required param: line_items[{i}][price_data][product_data][name].",
                          f"line_items[{i}][price_data][product_data][name]", "parameter_missing")
        quantity = as_int(item.get("quantity", 1), f"line_items[{i}][quantity]", minimum=1)
        total += quantity * as_int(require(data, "unit_amount"), f"line_items[{i}][price_data][unit_amount]", minimum=0)
        currency = str(require(data, "currency")).lower()
    return total, currency


@route("POST", "/v1/checkout/sessions", "checkout_session_write")
def create_session(state: State, params: dict[str, Any]) -> dict[str, Any]:
    refuse_payment_method_types(params)
    check_known(params, SESSION_PARAMS)
    if params.get("mode", "payment") != "payment":
        raise invalid("The simulator supports mode=payment only.", "mode")
    ui_mode = params.get("ui_mode") or "hosted_page"
    if ui_mode not in UI_MODES:
        raise invalid(f"Invalid ui_mode: must be one of {', '.join(UI_MODES)}", "ui_mode")
    if ui_mode != "hosted_page":
        raise invalid(f"The simulator serves ui_mode=hosted_page only, not {ui_mode}.", "ui_mode")
    total, currency = _line_total(as_list(params.get("line_items"), "line_items"))
    if total < 50:
        raise invalid("The Checkout Session's total amount due must add up to at least $0.50 cad", "line_items",
                      "amount_too_small")
    now = state.now()
    expires_at = as_int(params["expires_at"], "expires_at") if params.get("expires_at") else now + DEFAULT_LIFETIME
    if expires_at < now + 30 * 60 - 5:
        raise invalid("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
                      "expires_at")
    if expires_at > now + DEFAULT_LIFETIME + 5:
        raise invalid("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
                      "expires_at")
    pi_data = params.get("payment_intent_data") or {}
    check_known(pi_data, {"metadata", "description", "receipt_email", "capture_method"}, "payment_intent_data")
    allowed = [str(t) for t in as_list(params.get("allowed_payment_method_types"), "allowed_payment_method_types")]
    # The hosted page takes cards only; in-person types are not for a Checkout Session.
    types = [t for t in kept_types(state, allowed or ["card"]) if t == "card"]
    if not types:
        raise SimError(400, "None of the allowed_payment_method_types can be used with this Checkout Session.",
                       param="allowed_payment_method_types")
    sid = state.new_id("cs_test")
    cs = checkout_session(
        sid, now, amount_subtotal=total, amount_total=total, currency=currency, expires_at=expires_at,
        customer_email=params.get("customer_email"), client_reference_id=params.get("client_reference_id"),
        metadata=as_metadata(params.get("metadata")), success_url=params.get("success_url"),
        cancel_url=params.get("cancel_url"), locale=params.get("locale"), payment_method_types=types,
        allowed_payment_method_types=allowed or None, ui_mode=ui_mode,
        url=f"{state.base_url}/pay/{sid}",
    )
    # Kept out of the public object: what the PaymentIntent will be created with on the first attempt.
    cs["_pi_data"] = {"metadata": as_metadata(pi_data.get("metadata")), "description": pi_data.get("description")}
    state.put(cs)
    return cs


@route("GET", "/v1/checkout/sessions/{id}", "checkout_session_read")
def get_session(state: State, params: dict[str, Any], sid: str) -> dict[str, Any]:
    return state.get("checkout.session", sid)


@route("GET", "/v1/checkout/sessions", "checkout_session_read")
def list_sessions(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "status", "payment_intent",
                         "customer_details"})
    keep = created_filter(params)
    items = [o for o in state.all("checkout.session") if keep(o)
             and (not params.get("status") or o["status"] == params["status"])
             and (not params.get("payment_intent") or o["payment_intent"] == params["payment_intent"])]
    return page(state, items, params, "/v1/checkout/sessions")


@route("POST", "/v1/checkout/sessions/{id}/expire", "checkout_session_write")
def expire_session(state: State, params: dict[str, Any], sid: str) -> dict[str, Any]:
    check_known(params, set())
    cs = state.get("checkout.session", sid)
    if cs["status"] != "open":
        raise SimError(400, f"Only Checkout Sessions with a status in [\"open\"] can be expired. This session has a "
                       f"status of \"{cs['status']}\".")
    _expire(state, cs)
    return cs


def pay_session(state: State, sid: str, outcome: Outcome, brand: str, last4: str, exp: tuple[int, int],
                name: str, postal_code: str) -> tuple[dict[str, Any], str | None]:
    """A card submitted on the hosted page; returns the session and a decline message if any."""
    with state.lock:
        expire_due(state)
        cs = state.get("checkout.session", sid)
        if cs["status"] != "open":
            return cs, "This payment link has expired or was already paid."
        if cs["payment_intent"] is None:
            pi = new_payment_intent(state, {"amount": str(cs["amount_total"]), "currency": cs["currency"],
                                            "allowed_payment_method_types": ["card"],
                                            "description": cs["_pi_data"]["description"],
                                            "receipt_email": cs["customer_email"],
                                            "metadata": cs["_pi_data"]["metadata"]}, default_types=["card"])
            cs["payment_intent"] = pi["id"]
        pi = state.get("payment_intent", cs["payment_intent"])
        ch = attempt(state, pi, "card", outcome, brand, last4, exp)
        ch["billing_details"].update(name=name, email=cs["customer_email"])
        ch["billing_details"]["address"]["postal_code"] = postal_code
        if ch["status"] != "succeeded":
            return cs, ch["failure_message"]
        cs.update(status="complete", payment_status="paid", url=None, customer_details={
            "address": {"city": None, "country": "CA", "line1": None, "line2": None, "postal_code": postal_code,
                        "state": None},
            "email": cs["customer_email"], "name": name, "phone": None, "tax_exempt": "none", "tax_ids": [],
            "business_name": None, "individual_name": None})
        state.emit("checkout.session.completed", cs)
        log.info("simulated checkout %s paid", sid)
        return cs, None

"""Terminal locations and readers, the server-driven reader actions, and the card-presenting test helper."""

from __future__ import annotations

import logging
from typing import Any

from . import objects
from .cards import BRAND_NAMES, INTERAC_CARDS, Outcome, brand_of, digits_only, outcome_for
from .errors import SimError, invalid
from .params import as_bool, as_int, as_metadata, check_known, require
from .payments import attempt, card_error, make_refund
from .resources_payments import charge_for
from .router import route
from .store import State, page

log = logging.getLogger(__name__)

DEVICE_BY_CODE = {"simulated-wpe": "bbpos_wisepos_e", "simulated-s700": "stripe_s700"}


@route("POST", "/v1/terminal/locations", "terminal_location_write")
def create_location(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"display_name", "address", "metadata", "configuration_overrides"})
    name = require(params, "display_name")
    address = params.get("address")
    if not isinstance(address, dict):
        raise invalid("Missing required param: address.", "address", "parameter_missing")
    check_known(address, {"line1", "line2", "city", "state", "country", "postal_code"}, "address")
    for part in ("line1", "country"):
        if not address.get(part):
            raise invalid(f"Missing required param: address[{part}].", f"address[{part}]", "parameter_missing")
    full = {k: address.get(k) for k in ("city", "country", "line1", "line2", "postal_code", "state")}
    return state.put(objects.location(state.new_id("tml"), name, full, as_metadata(params.get("metadata"))))


@route("GET", "/v1/terminal/locations/{id}", "terminal_location_read")
def get_location(state: State, params: dict[str, Any], lid: str) -> dict[str, Any]:
    return state.get("terminal.location", lid)


@route("GET", "/v1/terminal/locations", "terminal_location_read")
def list_locations(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before"})
    return page(state, state.all("terminal.location"), params, "/v1/terminal/locations")


@route("POST", "/v1/terminal/readers", "terminal_reader_write")
def create_reader(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"registration_code", "location", "label", "metadata"})
    code = require(params, "registration_code")
    location = require(params, "location")
    state.get("terminal.location", location, "location")
    if code not in DEVICE_BY_CODE:
        raise SimError(400, f"The registration code '{code}' is not valid. In test mode, use simulated-wpe or "
                       "simulated-s700 to create a simulated reader.", param="registration_code")
    rid = state.new_id("tmr")
    serial = f"SIM-{rid[-8:].upper()}"
    label = params.get("label") or serial
    return state.put(objects.reader(rid, state.now(), DEVICE_BY_CODE[code], label, location, serial,
                                    as_metadata(params.get("metadata"))))


@route("GET", "/v1/terminal/readers/{id}", "terminal_reader_read")
def get_reader(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    return state.get("terminal.reader", rid)


@route("GET", "/v1/terminal/readers", "terminal_reader_read")
def list_readers(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "location", "status", "device_type",
                         "serial_number"})
    items = [r for r in state.all("terminal.reader")
             if all(not params.get(k) or r[k] == params[k] for k in ("location", "status", "device_type",
                                                                     "serial_number"))]
    return page(state, items, params, "/v1/terminal/readers")


def _ready_reader(state: State, rid: str) -> dict[str, Any]:
    # Raised inside the endpoint, after validation: Stripe stores these under the idempotency key and
    # replays them for 24 hours, so a new attempt needs a new key.
    rd = state.get("terminal.reader", rid)
    if rd["status"] != "online":
        raise SimError(400, "Reader is currently unreachable, please ensure the reader is powered on and connected "
                       "to the internet before retrying your request.", code="terminal_reader_offline", store=True)
    if (rd["action"] or {}).get("status") == "in_progress":
        raise SimError(400, "Reader is currently busy processing another request, please retry after the reader "
                       "becomes available.", code="terminal_reader_busy", store=True)
    return rd


@route("POST", "/v1/terminal/readers/{id}/process_payment_intent", "terminal_reader_write")
def process_payment_intent(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    check_known(params, {"payment_intent", "process_config"})
    pid = require(params, "payment_intent")
    config = params.get("process_config") or {}
    check_known(config, {"enable_customer_cancellation", "skip_tipping", "tipping", "allow_redisplay",
                         "return_url"}, "process_config")
    cancellable = as_bool(config.get("enable_customer_cancellation", "false"), "process_config[enable_customer_cancellation]")
    pi = state.get("payment_intent", pid, "payment_intent")
    rd = _ready_reader(state, rid)
    if pi["status"] != "requires_payment_method":
        raise SimError(400, f"This PaymentIntent has a status of {pi['status']} and cannot be processed.",
                       code="payment_intent_unexpected_state", param="payment_intent")
    if not {"card_present", "interac_present"} & set(pi["payment_method_types"]):
        raise SimError(400, "This PaymentIntent does not accept card_present or interac_present payments.",
                       param="payment_intent")
    rd["action"] = {
        "type": "process_payment_intent", "status": "in_progress", "failure_code": None, "failure_message": None,
        "api_error": None, "process_payment_intent": {"payment_intent": pid, "process_config": {
            "enable_customer_cancellation": cancellable}},
    }
    return rd


@route("POST", "/v1/terminal/readers/{id}/cancel_action", "terminal_reader_write")
def cancel_action(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    check_known(params, set())
    rd = state.get("terminal.reader", rid)
    if rd["status"] != "online":
        raise SimError(400, "Reader is currently unreachable, please ensure the reader is powered on and connected "
                       "to the internet before retrying your request.", code="terminal_reader_offline")
    if (rd["action"] or {}).get("status") != "in_progress":
        raise SimError(400, "This Reader does not have an in-progress action to cancel.")
    if "_authorising" in rd:
        raise SimError(400, "Reader is currently busy authorising a payment; the action cannot be canceled now.",
                       code="terminal_reader_busy")
    rd["action"].update(status="failed", failure_code="canceled", failure_message="The action was canceled.")
    return rd


@route("POST", "/v1/terminal/readers/{id}/refund_payment", "terminal_reader_write")
def refund_payment(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    check_known(params, {"payment_intent", "charge", "amount", "metadata", "refund_application_fee",
                         "reverse_transfer", "refund_payment_config"})
    ch = charge_for(state, params)
    amount = as_int(params["amount"], "amount") if params.get("amount") not in (None, "") else None
    left = ch["amount"] - ch["amount_refunded"]
    if amount is not None and amount > left:
        raise SimError(400, f"Refund amount (CA${amount // 100}.{amount % 100:02d}) is greater than unrefunded "
                       f"amount on charge (CA${left // 100}.{left % 100:02d})", param="amount", code="amount_too_large")
    rd = _ready_reader(state, rid)
    rd["action"] = {
        "type": "refund_payment", "status": "in_progress", "failure_code": None, "failure_message": None,
        "api_error": None, "refund_payment": {"amount": amount if amount is not None else left, "charge": ch["id"],
                           "payment_intent": ch["payment_intent"], "metadata": as_metadata(params.get("metadata")),
                           "reason": None, "refund": None, "refund_application_fee": None,
                           "reverse_transfer": None},
    }
    return rd


@route("POST", "/v1/test_helpers/terminal/readers/{id}/present_payment_method", "terminal_reader_write")
def present_payment_method(state: State, params: dict[str, Any], rid: str) -> dict[str, Any]:
    check_known(params, {"type", "card_present", "interac_present", "amount_tip", "card"})
    method_type = params.get("type") or "card_present"
    if method_type not in ("card_present", "interac_present"):
        raise invalid(f"Invalid type: {method_type}", "type")
    number = digits_only(((params.get(method_type) or {}).get("number")) or
                         ("4506445006931933" if method_type == "interac_present" else "4242424242424242"))
    rd = state.get("terminal.reader", rid)
    action = rd["action"] or {}
    if rd["status"] != "online":
        raise SimError(400, "Reader is currently unreachable.", code="terminal_reader_offline")
    if action.get("status") != "in_progress" or "_authorising" in rd:
        raise SimError(400, "This Reader is not waiting for a payment method.")
    if method_type == "interac_present" and number not in INTERAC_CARDS:
        raise invalid("Use an Interac test card number with type interac_present.", "interac_present")
    brand = "interac" if method_type == "interac_present" else (brand_of(number) or "visa")
    last4 = number[-4:]
    if action["type"] == "process_payment_intent":
        pi = state.get("payment_intent", action["process_payment_intent"]["payment_intent"])
        if method_type not in pi["payment_method_types"]:
            raise SimError(400, f"This PaymentIntent does not accept {method_type}.", param="type")
        if state.authorisation_seconds > 0:
            # The card is read; the authorisation takes a while, as on a real reader (EMV processing).
            pi["status"] = "processing"
            rd["_authorising"] = {"due": state.now() + state.authorisation_seconds, "method_type": method_type,
                                  "outcome": outcome_for(number), "brand": brand, "last4": last4}
            log.info("simulated card presented on %s, authorising", rid)
            return rd
        _finish_payment(state, rd, pi, method_type, outcome_for(number), brand, last4)
    else:
        ch = state.get("charge", action["refund_payment"]["charge"])
        presented = (ch["payment_method_details"] or {}).get(ch["payment_method_details"]["type"], {})
        if presented.get("last4") != last4:
            action.update(status="failed", failure_code="card_mismatch",
                          failure_message="The card presented is not the card that was charged.")
            return rd
        rf = make_refund(state, ch, action["refund_payment"]["amount"], None,
                         action["refund_payment"]["metadata"], via_reader=True)
        action["refund_payment"]["refund"] = rf["id"]
        action["status"] = "succeeded"
    log.info("simulated card presented on %s (%s, %s)", rid, method_type, BRAND_NAMES.get(brand, brand))
    return rd


def _finish_payment(state: State, rd: dict[str, Any], pi: dict[str, Any], method_type: str, outcome: Outcome,
                    brand: str, last4: str) -> None:
    ch = attempt(state, pi, method_type, outcome, brand, last4)
    action = rd["action"]
    if ch["status"] == "succeeded":
        action["status"] = "succeeded"
    else:
        action.update(status="failed", failure_code=ch["failure_code"], failure_message=ch["failure_message"],
                      api_error=card_error(outcome, ch, pi["payment_method"], method_type))


def authorise_due(state: State) -> None:
    """Finish the authorisations whose time has come (lazily, on the next request)."""
    now = state.now()
    for rd in state.all("terminal.reader"):
        pending = rd.get("_authorising")
        if pending and now >= pending["due"]:
            del rd["_authorising"]
            pi = state.get("payment_intent", rd["action"]["process_payment_intent"]["payment_intent"])
            _finish_payment(state, rd, pi, pending["method_type"], pending["outcome"], pending["brand"],
                            pending["last4"])


def set_reader_offline(state: State, rid: str, offline: bool = True) -> None:
    """Fault: the reader drops off the network; an action in progress fails as it would in the field."""
    with state.lock:
        rd = state.get("terminal.reader", rid)
        rd["status"] = "offline" if offline else "online"
        action = rd["action"] or {}
        if offline and action.get("status") == "in_progress":
            action.update(status="failed", failure_code="terminal_reader_offline",
                          failure_message="The reader went offline before the customer presented a card.")

"""The simulator behaves like Stripe where the app depends on it (docs/SIMULATOR.md lists what and why).

Idempotency, the endive API version's parameters and fields, reader actions, refunds, PaymentIntent
statuses and Stripe's own error codes; all through HTTP, most through the real SDK.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest
import requests
import stripe

from oncopos.simulator import objects
from tests.integration import stripe_fixtures
from tests.integration.stripe_fixtures import TEST_KEY, fixture_objects

# The shared fixtures, by assignment (pytest finds them by name in this module).
raw_client = stripe_fixtures.raw_client
simulator = stripe_fixtures.simulator

SIMULATOR_SOURCES = Path(objects.__file__).parent
READER_TYPES = ["card_present", "interac_present"]


def _post(sim, path: str, data: dict, key: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {TEST_KEY}"}
    if key:
        headers["Idempotency-Key"] = key
    return requests.post(sim.url + path, data=data, headers=headers, timeout=5)


@pytest.fixture
def desk_reader(raw_client):
    location = raw_client.v1.terminal.locations.create({"display_name": "Desk", "address": {
        "line1": "100 King St W", "city": "Toronto", "state": "ON", "country": "CA", "postal_code": "M5X 1A9"}})
    return raw_client.v1.terminal.readers.create({"registration_code": "simulated-wpe", "location": location.id})


def _reader_pi(raw_client, **extra):
    return raw_client.v1.payment_intents.create({"amount": 2_500, "currency": "cad",
                                                 "allowed_payment_method_types": READER_TYPES, **extra})


# --- idempotency -------------------------------------------------------------------------------------
def test_reader_offline_error_is_saved_and_replayed_under_its_key(simulator, raw_client, desk_reader):
    pi = _reader_pi(raw_client)
    simulator.reader_offline(desk_reader.id)
    path = f"/v1/terminal/readers/{desk_reader.id}/process_payment_intent"
    first = _post(simulator, path, {"payment_intent": pi.id}, key="attempt-1")
    assert first.status_code == 400 and first.json()["error"]["code"] == "terminal_reader_offline"
    assert "Idempotent-Replayed" not in first.headers

    simulator.reader_offline(desk_reader.id, offline=False)
    # The reader is back, but the key's result was saved once the endpoint ran: the same error again.
    again = _post(simulator, path, {"payment_intent": pi.id}, key="attempt-1")
    assert again.status_code == 400 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    # The SDK sees the replayed error too; only a new key (a new attempt) reaches the reader.
    with pytest.raises(stripe.InvalidRequestError) as err:
        raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id},
                                                              {"idempotency_key": "attempt-1"})
    assert err.value.code == "terminal_reader_offline"
    sent = raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id},
                                                                 {"idempotency_key": "attempt-2"})
    assert sent.action.status == "in_progress"


def test_reader_busy_is_saved_too(simulator, raw_client, desk_reader):
    first_pi, second_pi = _reader_pi(raw_client), _reader_pi(raw_client)
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": first_pi.id})
    path = f"/v1/terminal/readers/{desk_reader.id}/process_payment_intent"
    busy = _post(simulator, path, {"payment_intent": second_pi.id}, key="busy-1")
    assert busy.json()["error"]["code"] == "terminal_reader_busy"
    raw_client.v1.terminal.readers.cancel_action(desk_reader.id)
    replay = _post(simulator, path, {"payment_intent": second_pi.id}, key="busy-1")
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json()["error"]["code"] == "terminal_reader_busy"


def test_success_is_replayed_with_the_header_and_nothing_created_twice(simulator):
    data = {"amount": "1000", "currency": "cad"}
    first = _post(simulator, "/v1/payment_intents", data, key="create-1")
    second = _post(simulator, "/v1/payment_intents", data, key="create-1")
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    assert "Idempotent-Replayed" not in first.headers and second.headers["Idempotent-Replayed"] == "true"
    assert len(simulator.state.all("payment_intent")) == 1


def test_validation_errors_are_not_saved(simulator):
    unknown = _post(simulator, "/v1/payment_intents", {"amount": "1000", "currency": "cad", "colour": "red"},
                    key="fix-me")
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "parameter_unknown"
    fixed = _post(simulator, "/v1/payment_intents", {"amount": "1000", "currency": "cad"}, key="fix-me")
    assert fixed.status_code == 200 and "Idempotent-Replayed" not in fixed.headers


def test_same_key_other_parameters_is_an_idempotency_error(simulator):
    _post(simulator, "/v1/payment_intents", {"amount": "1000", "currency": "cad"}, key="k-1")
    other = _post(simulator, "/v1/payment_intents", {"amount": "2000", "currency": "cad"}, key="k-1")
    assert other.status_code == 400 and other.json()["error"]["type"] == "idempotency_error"
    # The refusal itself is not saved in place of the first result.
    assert _post(simulator, "/v1/payment_intents", {"amount": "1000", "currency": "cad"},
                 key="k-1").headers["Idempotent-Replayed"] == "true"


def test_saved_results_last_24_hours(simulator):
    data = {"amount": "1000", "currency": "cad"}
    _post(simulator, "/v1/payment_intents", data, key="day-1")
    simulator.state.advance_clock(23 * 3600)
    assert _post(simulator, "/v1/payment_intents", data, key="day-1").headers.get("Idempotent-Replayed") == "true"
    simulator.state.advance_clock(3600)
    assert "Idempotent-Replayed" not in _post(simulator, "/v1/payment_intents", data, key="day-1").headers


# --- endive parameters and fields --------------------------------------------------------------------
def test_payment_method_types_is_refused_with_stripes_code(raw_client):
    session = {"mode": "payment", "line_items": [{"quantity": 1, "price_data": {
        "currency": "cad", "unit_amount": 1000, "product_data": {"name": "x"}}}]}
    for create, params in ((raw_client.v1.payment_intents.create, {"amount": 1000, "currency": "cad"}),
                           (raw_client.v1.checkout.sessions.create, session)):
        with pytest.raises(stripe.InvalidRequestError) as err:
            create({**params, "payment_method_types": ["card"]})
        assert err.value.code == "payment_method_types_no_longer_supported"
        assert err.value.param == "payment_method_types" and err.value.http_status == 400


def test_allowed_types_are_in_responses_and_the_account_filters_them(simulator, raw_client):
    pi = _reader_pi(raw_client)
    assert pi.allowed_payment_method_types == READER_TYPES and pi.payment_method_types == READER_TYPES
    simulator.set_account_payment_methods({"card", "card_present"})  # Interac not enabled on the account
    kept = _reader_pi(raw_client)
    assert kept.allowed_payment_method_types == READER_TYPES and kept.payment_method_types == ["card_present"]
    session = raw_client.v1.checkout.sessions.create({
        "mode": "payment", "allowed_payment_method_types": ["card"], "line_items": [{"quantity": 1, "price_data": {
            "currency": "cad", "unit_amount": 1000, "product_data": {"name": "x"}}}]})
    assert session.allowed_payment_method_types == ["card"] and session.payment_method_types == ["card"]
    with pytest.raises(stripe.InvalidRequestError) as err:
        raw_client.v1.payment_intents.create({"amount": 1000, "currency": "cad", "allowed_payment_method_types": ["card"],
                                              "automatic_payment_methods": {"enabled": True}})
    assert err.value.code == "parameters_exclusive"


def test_checkout_ui_mode_uses_endive_values(raw_client):
    params = {"mode": "payment", "line_items": [{"quantity": 1, "price_data": {
        "currency": "cad", "unit_amount": 1000, "product_data": {"name": "x"}}}]}
    assert raw_client.v1.checkout.sessions.create(params).ui_mode == "hosted_page"
    assert raw_client.v1.checkout.sessions.create({**params, "ui_mode": "hosted_page"}).url
    with pytest.raises(stripe.InvalidRequestError, match="ui_mode"):
        raw_client.v1.checkout.sessions.create({**params, "ui_mode": "hosted"})  # the pre-endive value


def test_declined_reader_action_carries_the_card_error(raw_client, desk_reader):
    pi = _reader_pi(raw_client)
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id})
    reader = raw_client.v1.test_helpers.terminal.readers.present_payment_method(
        desk_reader.id, {"type": "card_present", "card_present": {"number": "4000000000009995"}})
    action = reader.action
    assert action.status == "failed" and action.failure_code == "card_declined" and action.failure_message
    assert action.api_error.type == "card_error" and action.api_error.decline_code == "insufficient_funds"
    assert set(fixture_objects()["terminal.reader"]["action"]) <= set(action.to_dict())
    assert raw_client.v1.payment_intents.retrieve(pi.id).last_payment_error.charge == action.api_error.charge


def test_refunds_carry_failure_and_pending_reasons(raw_client, desk_reader):
    pi = _reader_pi(raw_client, allowed_payment_method_types=["card_present"])
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id})
    raw_client.v1.test_helpers.terminal.readers.present_payment_method(desk_reader.id)
    refund = raw_client.v1.refunds.create({"payment_intent": pi.id, "amount": 500}).to_dict()
    assert {"failure_reason", "pending_reason"} <= set(refund)
    assert refund["status"] == "succeeded" and refund["failure_reason"] is None and refund["pending_reason"] is None


# --- PaymentIntent statuses --------------------------------------------------------------------------
def test_a_card_in_authorisation_leaves_the_payment_processing(simulator, raw_client, desk_reader):
    simulator.set_authorisation_seconds(5)
    pi = _reader_pi(raw_client)
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id})
    raw_client.v1.test_helpers.terminal.readers.present_payment_method(desk_reader.id)
    assert raw_client.v1.payment_intents.retrieve(pi.id).status == "processing"
    assert raw_client.v1.terminal.readers.retrieve(desk_reader.id).action.status == "in_progress"
    with pytest.raises(stripe.InvalidRequestError) as err:  # no cancelling during authorisation
        raw_client.v1.terminal.readers.cancel_action(desk_reader.id)
    assert err.value.code == "terminal_reader_busy"
    simulator.state.advance_clock(5)
    assert raw_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    assert raw_client.v1.terminal.readers.retrieve(desk_reader.id).action.status == "succeeded"


def test_manual_capture_waits_in_requires_capture_but_interac_is_captured_at_once(simulator, raw_client, desk_reader):
    pi = _reader_pi(raw_client, capture_method="manual")
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": pi.id})
    raw_client.v1.test_helpers.terminal.readers.present_payment_method(desk_reader.id)
    held = raw_client.v1.payment_intents.retrieve(pi.id)
    assert held.status == "requires_capture" and held.amount_capturable == 2_500 and held.amount_received == 0
    assert raw_client.v1.charges.retrieve(held.latest_charge).captured is False
    captured = raw_client.v1.payment_intents.capture(pi.id)
    assert captured.status == "succeeded" and captured.amount_received == 2_500
    assert raw_client.v1.charges.retrieve(held.latest_charge).captured is True

    interac = _reader_pi(raw_client, capture_method="manual")
    raw_client.v1.terminal.readers.process_payment_intent(desk_reader.id, {"payment_intent": interac.id})
    raw_client.v1.test_helpers.terminal.readers.present_payment_method(desk_reader.id, {"type": "interac_present"})
    assert raw_client.v1.payment_intents.retrieve(interac.id).status == "succeeded"


# --- error codes and the API version -----------------------------------------------------------------
def _stripe_error_codes() -> set[str]:
    def literals(tp: object) -> set[str]:
        found: set[str] = set()
        for arg in typing.get_args(tp):
            found |= {arg} if isinstance(arg, str) else literals(arg)
        return found

    return literals(stripe.PaymentIntent.LastPaymentError.__annotations__["code"])


def _codes_in_simulator() -> set[str]:
    """Every literal passed as `code=` or as the third argument of `invalid(...)` in the simulator."""
    codes: set[str] = set()
    for path in SIMULATOR_SOURCES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            values = [kw.value for kw in node.keywords if kw.arg == "code"]
            if isinstance(node.func, ast.Name) and node.func.id == "invalid" and len(node.args) >= 3:
                values.append(node.args[2])
            for value in values:
                for const in ast.walk(value):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        codes.add(const.value)
    return codes


def test_every_error_code_the_simulator_sends_is_stripes():
    # The SDK's error object lists Stripe's codes; endive's own refusal of payment_method_types is
    # newer than that list (docs/SIMULATOR.md).
    known = _stripe_error_codes() | {"payment_method_types_no_longer_supported"}
    used = _codes_in_simulator()
    assert {"terminal_reader_offline", "parameter_missing", "resource_missing"} <= used  # the scan sees them
    assert not used - known, f"codes Stripe does not send: {sorted(used - known)}"


def test_unknown_key_gets_no_code_of_our_own(simulator):
    answer = requests.get(simulator.url + "/v1/payment_intents", headers={"Authorization": "Bearer sk_test_nope_1234567"},
                          timeout=5)
    assert answer.status_code == 401 and "code" not in answer.json()["error"]


def test_api_version_follows_the_sdk(simulator, raw_client):
    # The SDK sends its version; the simulator answers in the same one and models exactly that one.
    assert stripe.api_version == objects.API_VERSION
    assert objects.API_VERSION == objects.MODELLED_API_VERSION, (
        f"stripe-python now speaks {stripe.api_version}: read Stripe's changelog since "
        f"{objects.MODELLED_API_VERSION}, update the simulator and docs/SIMULATOR.md, then MODELLED_API_VERSION")
    answer = requests.get(simulator.url + "/v1/payment_intents", headers={"Authorization": f"Bearer {TEST_KEY}"},
                          timeout=5)
    assert answer.headers["Stripe-Version"] == stripe.api_version
    raw_client.v1.payment_intents.create({"amount": 1000, "currency": "cad"})
    assert raw_client.v1.events.list({"limit": 1}).data[0].api_version == stripe.api_version

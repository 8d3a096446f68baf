"""Error mapping, keys, the key check, and recovery from lost answers, through the real SDK."""

from __future__ import annotations

import time

import pytest
import stripe

from oncopos.adapters.stripe import StripeGateway, check_key, format_report
from oncopos.adapters.stripe.errors import translate_error
from oncopos.domain.errors import (
    ConfigurationError,
    GatewayRejected,
    GatewayUnavailable,
    PaymentDeclined,
)
from tests.integration.stripe_fixtures import new_payment_id, pay_key, payment_intents_for, take_reader_payment

META = {"enrollment": "ENR-7", "workstation": "DESK2"}
ALL = {"payment_intent_write", "checkout_session_write", "terminal_reader_write", "terminal_location_write",
       "refund_write", "charge_read", "event_read", "balance_transaction_read", "payout_read"}


@pytest.mark.parametrize("number,decline_code,words", [
    ("4000000000000002", "generic_decline", "declined"),
    ("4000000000009995", "insufficient_funds", "insufficient funds"),
    ("4000000000009987", "lost_card", "Do not try this card again"),
    ("4000000000009979", "stolen_card", "Do not try this card again"),
    ("4000000000000069", "expired_card", "expired"),
    ("4000000000000119", "processing_error", "Try the same card again"),
])
def test_reader_decline_codes_become_registrar_messages(gateway, reader, number, decline_code, words):
    pi_id = take_reader_payment(gateway, reader.id, 1_500, number=number)
    state = gateway.payment_intent(pi_id)
    assert state.status == "requires_payment_method"
    assert state.decline_code == decline_code
    assert words in state.decline_message
    assert "lost" not in state.decline_message and "stolen" not in state.decline_message


@pytest.mark.parametrize("code,decline_code,words", [
    ("card_declined", "generic_decline", "another card"),
    ("card_declined", "insufficient_funds", "smaller amount"),
    ("card_declined", "lost_card", "Do not try this card again"),
    ("card_declined", "stolen_card", "Do not try this card again"),
    ("expired_card", None, "expired"),
    ("incorrect_cvc", None, "security code"),
    ("processing_error", None, "again in a moment"),
    ("card_declined", None, "declined"),
])
def test_card_errors_map_to_payment_declined(code, decline_code, words):
    # The envelope is exactly what the simulator (and Stripe) send with a 402.
    body = {"error": {"type": "card_error", "code": code, "decline_code": decline_code, "message": "x"}}
    err = stripe.CardError("x", None, code, http_status=402, json_body=body)
    mapped = translate_error(err, "take the payment")
    assert isinstance(mapped, PaymentDeclined)
    assert mapped.code == code and mapped.decline_code == (decline_code or code)
    assert words in str(mapped)


def test_dropped_answer_is_recovered_by_idempotent_retry(gateway, reader, simulator):
    payment_id = new_payment_id()
    simulator.faults.drop_after_apply(1, path_contains="/v1/payment_intents")
    before = simulator.state.request_count
    started = gateway.start_reader_payment(payment_id, 9_900, reader.id, META, pay_key(payment_id))
    assert simulator.state.request_count - before == 3  # create (dropped), create (replayed), process
    assert [pi["id"] for pi in payment_intents_for(simulator, payment_id)] == [started.payment_intent_id]

    # After a crash the app repeats the whole call with the stored key: still one PaymentIntent.
    again = gateway.start_reader_payment(payment_id, 9_900, reader.id, META, pay_key(payment_id))
    assert again.payment_intent_id == started.payment_intent_id
    assert len(payment_intents_for(simulator, payment_id)) == 1


def test_server_errors_are_retried_then_reported(gateway, reader, simulator):
    simulator.faults.fail_next(1, status=503)
    assert gateway.list_readers() == [gateway.reader(reader.id)]  # one 503, then the retry succeeds
    simulator.faults.fail_next(3, status=500)
    with pytest.raises(GatewayUnavailable, match="Try again"):
        gateway.list_readers()
    simulator.faults.fail_next(3, status=429)
    with pytest.raises(GatewayUnavailable, match="too many requests"):
        gateway.list_readers()


def test_stored_500_is_replayed_for_the_same_key(raw_client, simulator):
    params = {"amount": 1000, "currency": "cad", "allowed_payment_method_types": ["card_present"]}
    simulator.faults.fail_next(1, status=500, stored=True)
    with pytest.raises(stripe.APIError):
        raw_client.v1.payment_intents.create(params, {"idempotency_key": "k-500"})
    with pytest.raises(stripe.APIError):  # no fault pending: this is the replay
        raw_client.v1.payment_intents.create(params, {"idempotency_key": "k-500"})
    assert simulator.state.all("payment_intent") == []
    # Validation failures store nothing: the same key works once the request is fixed.
    with pytest.raises(stripe.InvalidRequestError):
        raw_client.v1.payment_intents.create({"currency": "cad"}, {"idempotency_key": "k-fix"})
    assert raw_client.v1.payment_intents.create(params, {"idempotency_key": "k-fix"}).status == "requires_payment_method"


def test_same_key_with_other_parameters_is_an_idempotency_error(gateway, reader, raw_client):
    payment_id = new_payment_id()
    gateway.start_reader_payment(payment_id, 1_000, reader.id, META, pay_key(payment_id))
    with pytest.raises(stripe.IdempotencyError):
        raw_client.v1.payment_intents.create({"amount": 2000, "currency": "cad"},
                                             {"idempotency_key": pay_key(payment_id)})
    with pytest.raises(GatewayRejected) as err:
        gateway.refund("pi_missing", None, None, {}, pay_key(payment_id))
    assert err.value.code == "idempotency_error"


def test_latency_is_added(gateway, simulator):
    simulator.faults.latency_seconds = 0.2
    start = time.perf_counter()
    gateway.list_locations()
    assert time.perf_counter() - start >= 0.2


# --- keys --------------------------------------------------------------------------------------------
def test_full_live_secret_key_is_refused_with_the_reason():
    with pytest.raises(ConfigurationError) as err:
        StripeGateway("sk_live_" + "x" * 24, mode="live")
    text = str(err.value)
    assert "secret keys stay on servers" in text and "rk_live_" in text and "x" * 24 not in text
    assert StripeGateway("sk_live_" + "x" * 24, mode="live", allow_full_secret_key=True).key_info.kind == "secret"
    assert StripeGateway("rk_live_" + "x" * 24, mode="live").key_info.kind == "restricted"


@pytest.mark.parametrize("key,mode", [
    ("rk_live_" + "x" * 24, "test"), ("sk_test_" + "x" * 24, "live"), ("pk_test_" + "x" * 24, "test"),
    ("", "test"), ("whatever_1234567890", "test"), ("sk_test_" + "x" * 24, "simulator"),
])
def test_keys_that_do_not_fit_the_mode_are_refused(key, mode):
    with pytest.raises(ConfigurationError):
        StripeGateway(key, mode=mode)


def test_test_cards_are_refused_in_live_mode():
    live = StripeGateway("rk_live_" + "x" * 24, mode="live")
    with pytest.raises(ConfigurationError, match="test or training mode"):
        live.present_test_card("tmr_123")


def test_unknown_key_is_reported_as_invalid(simulator):
    stranger = StripeGateway("sk_test_not_the_simulator_key", base_url=simulator.url, mode="simulator")
    with pytest.raises(GatewayRejected, match="refused the key") as err:
        stranger.list_locations()
    assert err.value.code == "api_key_invalid"
    report = check_key(stranger)
    assert not report.key_accepted and not report.ok and "FAILED" in format_report(report)


def test_key_check_reports_each_permission(simulator, gateway):
    full = check_key(gateway)
    assert full.ok and len(full.checks) == 14 and "All needed permissions are present" in format_report(full)

    limited_key = "rk_test_front_desk_without_charges"
    simulator.add_restricted_key(limited_key, ALL - {"charge_read", "refund_write"} | {"refund_read"})
    limited = StripeGateway(limited_key, base_url=simulator.url, mode="simulator")
    report = check_key(limited)
    missing = {(c.name, c.access) for c in report.missing}
    assert missing == {("Charges", "read"), ("Refunds", "write")}
    text = format_report(report)
    assert "Charges (read)" in text and "MISSING" in text and "rak_charge_read" in text
    assert limited_key not in text and simulator.state.all("payment_intent") == []  # probes create nothing


def test_permission_error_names_the_missing_permission(simulator, gateway, reader):
    pi_id = take_reader_payment(gateway, reader.id, 3_000)
    key = "rk_test_no_refunds_here_123"
    simulator.add_restricted_key(key, ALL - {"refund_write"})
    limited = StripeGateway(key, base_url=simulator.url, mode="simulator")
    with pytest.raises(GatewayRejected, match="rak_refund_write") as err:
        limited.refund(pi_id, 1_000, None, {}, "oncopos-refund-x")
    assert err.value.code == "permission_missing" and "refund the payment" in str(err.value)

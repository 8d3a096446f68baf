"""StripeGateway against the simulator through the real SDK over HTTP: reader and hosted payments, refunds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from oncopos.domain.errors import GatewayRejected, InvalidInput, ReaderUnavailable
from oncopos.domain.payment import reader_attempt_key
from tests.integration.stripe_fixtures import new_payment_id, pay_key, payment_intents_for, take_reader_payment

META = {"enrollment": "ENR-42", "workstation": "DESK1"}


def test_reader_payment_succeeds_with_card_details(gateway, reader, simulator):
    payment_id = new_payment_id()
    started = gateway.start_reader_payment(payment_id, 12_345, reader.id, META, pay_key(payment_id))
    assert started.action is not None and started.action.status == "in_progress"
    assert gateway.payment_intent(started.payment_intent_id).status == "requires_payment_method"

    gateway.present_test_card(reader.id, "4242424242424242")

    assert gateway.reader_action(reader.id).status == "succeeded"
    state = gateway.payment_intent(started.payment_intent_id)
    assert (state.status, state.amount_cents, state.amount_received_cents) == ("succeeded", 12_345, 12_345)
    assert (state.card_brand, state.card_last4, state.payment_method_type) == ("visa", "4242", "card_present")
    assert state.charge_id and state.charge_id.startswith("ch_")
    assert state.metadata == {**META, "oncopos_payment_id": str(payment_id)}
    pi = simulator.state.get("payment_intent", started.payment_intent_id)
    assert pi["currency"] == "cad" and pi["capture_method"] == "automatic"
    assert pi["payment_method_types"] == ["card_present", "interac_present"]


def test_decline_then_retry_on_same_payment_intent(gateway, reader, simulator):
    payment_id = new_payment_id()
    started = gateway.start_reader_payment(payment_id, 5_000, reader.id, META, pay_key(payment_id))
    gateway.present_test_card(reader.id, "4000000000000002")

    action = gateway.reader_action(reader.id)
    assert action.status == "failed" and action.failure_code == "card_declined"
    declined = gateway.payment_intent(started.payment_intent_id)
    assert declined.status == "requires_payment_method"
    assert declined.decline_code == "generic_decline"
    assert "declined" in declined.decline_message and "another card" in declined.decline_message

    again = gateway.send_to_reader(reader.id, started.payment_intent_id, reader_attempt_key(pay_key(payment_id), 2))
    assert again.payment_intent_id == started.payment_intent_id and again.action.status == "in_progress"
    gateway.present_test_card(reader.id, "5555555555554444")
    paid = gateway.payment_intent(started.payment_intent_id)
    assert paid.status == "succeeded" and paid.card_brand == "mastercard" and paid.decline_code is None
    assert len(payment_intents_for(simulator, payment_id)) == 1
    assert len(simulator.state.all("charge")) == 2  # the failed attempt and the paid one


def test_cancel_reader_payment(gateway, reader):
    payment_id = new_payment_id()
    started = gateway.start_reader_payment(payment_id, 2_500, reader.id, META, pay_key(payment_id))
    state = gateway.cancel_reader_payment(reader.id, started.payment_intent_id)
    assert state.status == "canceled"
    action = gateway.reader_action(reader.id)
    assert action.status == "failed" and action.failure_code == "canceled"
    # The reader is free again for the next payment.
    other = new_payment_id()
    assert gateway.start_reader_payment(other, 100, reader.id, META, pay_key(other)).action.status == "in_progress"


def test_cancel_after_interac_tap_reports_the_captured_payment(gateway, reader):
    pi_id = take_reader_payment(gateway, reader.id, 4_000, interac=True)
    state = gateway.cancel_reader_payment(reader.id, pi_id)
    assert state.status == "succeeded"
    assert (state.payment_method_type, state.card_brand, state.card_last4) == ("interac_present", "interac", "1933")


def test_busy_and_offline_readers_raise_reader_unavailable(gateway, reader, simulator):
    first, second = new_payment_id(), new_payment_id()
    started = gateway.start_reader_payment(first, 1_000, reader.id, META, pay_key(first))
    with pytest.raises(ReaderUnavailable, match="busy"):
        gateway.start_reader_payment(second, 1_000, reader.id, META, pay_key(second))

    simulator.reader_offline(reader.id)  # drops off the network mid-payment
    action = gateway.reader_action(reader.id)
    assert action.status == "failed" and action.failure_code == "terminal_reader_offline"
    assert "offline" in action.failure_message
    with pytest.raises(ReaderUnavailable, match="offline") as offline:
        gateway.send_to_reader(reader.id, started.payment_intent_id, reader_attempt_key(pay_key(first), 2))
    assert offline.value.code == "terminal_reader_offline"

    simulator.reader_offline(reader.id, offline=False)
    # Stripe stored the refusal under attempt 2's key and replays it; attempt 3 has a key of its own.
    with pytest.raises(ReaderUnavailable, match="offline"):
        gateway.send_to_reader(reader.id, started.payment_intent_id, reader_attempt_key(pay_key(first), 2))
    gateway.send_to_reader(reader.id, started.payment_intent_id, reader_attempt_key(pay_key(first), 3))
    gateway.present_test_card(reader.id)
    assert gateway.payment_intent(started.payment_intent_id).succeeded


def test_amount_must_be_positive_integer_cents(gateway, reader):
    payment_id = new_payment_id()
    for bad in (0, -5, 10.5, True):
        with pytest.raises(InvalidInput):
            gateway.start_reader_payment(payment_id, bad, reader.id, META, pay_key(payment_id))


# --- hosted payments -------------------------------------------------------------------------------
def _pay(url: str, number: str, *, cvc: str = "123", expiry: str | None = None) -> requests.Response:
    expiry = expiry or f"12/{(datetime.now(UTC).year + 3) % 100:02d}"
    return requests.post(url, data={"number": number, "expiry": expiry, "cvc": cvc, "name": "Ada Student",
                                    "postal_code": "M5V 2T6"}, timeout=5)


def test_hosted_payment_through_the_page(gateway, simulator):
    payment_id = new_payment_id()
    started = gateway.create_checkout(25_000, "Oncology aesthetics: module 1", "ada@example.ca",
                                      {"oncopos_payment_id": str(payment_id)}, pay_key(payment_id))
    assert started.status == "open" and started.payment_status == "unpaid" and started.url
    assert started.payment_intent_id is None and started.amount_cents == 25_000

    page = requests.get(started.url, timeout=5)
    assert page.status_code == 200 and 'name="viewport"' in page.text and "CA$250.00" in page.text

    bad = _pay(started.url, "4242424242424241")
    assert bad.status_code == 400 and "card number is invalid" in bad.text
    amex_short_cvc = _pay(started.url, "378282246310005", cvc="123")
    assert amex_short_cvc.status_code == 400 and "4 digits" in amex_short_cvc.text
    past = _pay(started.url, "4242424242424242", expiry="01/20")
    assert past.status_code == 400 and "in the past" in past.text

    declined = _pay(started.url, "4000000000009995")
    assert declined.status_code == 402 and "insufficient funds" in declined.text
    mid = gateway.checkout(started.session_id)
    assert mid.status == "open" and mid.payment_intent_id is not None
    assert gateway.payment_intent(mid.payment_intent_id).decline_code == "insufficient_funds"

    ok = _pay(started.url, "4242 4242 4242 4242")
    assert ok.status_code == 200 and "Payment received" in ok.text
    done = gateway.checkout(started.session_id)
    assert done.paid and (done.card_brand, done.card_last4) == ("visa", "4242")
    assert done.payment_intent_id == mid.payment_intent_id
    pi = gateway.payment_intent(done.payment_intent_id)
    assert pi.payment_method_type == "card" and pi.metadata["oncopos_payment_id"] == str(payment_id)

    # Only brand and last 4 are kept anywhere in the simulator's state.
    dump = json.dumps(simulator.state.objects)
    assert "4242424242424242" not in dump and "4000000000009995" not in dump


@pytest.mark.parametrize("number,text", [
    ("4000000000000002", "declined"), ("4000000000000127", "security code is incorrect"),
    ("4000000000000069", "expired"), ("4000000000000119", "error occurred while processing"),
    ("4111111111111111", "non test card"),
])
def test_hosted_page_answers_stripe_test_cards(gateway, number, text):
    payment_id = new_payment_id()
    started = gateway.create_checkout(1_000, "Deposit", None, {}, pay_key(payment_id))
    answer = _pay(started.url, number)
    assert answer.status_code == 402 and text in answer.text
    assert gateway.checkout(started.session_id).status == "open"


def test_checkout_expiry_bounds_and_wall_clock_expiry(gateway, simulator):
    now = datetime.now(UTC)
    short = gateway.create_checkout(1_000, "Deposit", None, {}, "k-short", expires_in_minutes=5)
    assert timedelta(minutes=30) < short.expires_at - now < timedelta(minutes=33)
    long = gateway.create_checkout(1_000, "Deposit", None, {}, "k-long", expires_in_minutes=10_000)
    assert timedelta(hours=23) < long.expires_at - now <= timedelta(hours=24)
    assert short.expires_at.tzinfo is not None

    simulator.state.advance_clock(32 * 60)
    expired = gateway.checkout(short.session_id)
    assert expired.status == "expired" and expired.url is None
    assert gateway.checkout(long.session_id).status == "open"
    assert "expired" in requests.get(short.url, timeout=5).text


def test_expire_checkout_and_race_with_payment(gateway):
    first = gateway.create_checkout(1_000, "Deposit", None, {}, "k-exp-1")
    assert gateway.expire_checkout(first.session_id).status == "expired"
    assert gateway.expire_checkout(first.session_id).status == "expired"  # twice is harmless

    paid = gateway.create_checkout(1_000, "Deposit", None, {}, "k-exp-2")
    assert _pay(paid.url, "4242424242424242").status_code == 200
    assert gateway.expire_checkout(paid.session_id).paid  # the payment won: report it, do not hide it


# --- refunds -----------------------------------------------------------------------------------------
def test_partial_then_full_refund_and_over_refund_refused(gateway, reader, raw_client):
    pi_id = take_reader_payment(gateway, reader.id, 10_000)
    part = gateway.refund(pi_id, 3_000, "requested_by_customer", {"credit_note": "CN-1"}, "oncopos-refund-1")
    assert (part.status, part.amount_cents, part.payment_intent_id) == ("succeeded", 3_000, pi_id)
    again = gateway.refund(pi_id, 3_000, "requested_by_customer", {"credit_note": "CN-1"}, "oncopos-refund-1")
    assert again.id == part.id  # same key, same refund: no double refund

    with pytest.raises(GatewayRejected, match="greater than unrefunded") as over:
        gateway.refund(pi_id, 8_000, None, {}, "oncopos-refund-2")
    assert over.value.code == "amount_too_large"

    rest = gateway.refund(pi_id, None, None, {}, "oncopos-refund-3")
    assert rest.amount_cents == 7_000
    charge = raw_client.v1.charges.retrieve(part.charge_id)
    assert charge.refunded is True and charge.amount_refunded == 10_000
    with pytest.raises(GatewayRejected, match="already been refunded"):
        gateway.refund(pi_id, 100, None, {}, "oncopos-refund-4")


def test_interac_refund_only_on_the_reader(gateway, reader):
    pi_id = take_reader_payment(gateway, reader.id, 6_000, interac=True)
    with pytest.raises(GatewayRejected, match="in person"):
        gateway.refund(pi_id, 1_000, None, {}, "oncopos-refund-interac")

    started = gateway.refund_on_reader(reader.id, pi_id, 2_000, {"credit_note": "CN-9"})
    assert started.status == "in_progress" and started.action_type == "refund_payment"
    gateway.present_test_card(reader.id, interac=True)
    action = gateway.reader_action(reader.id)
    assert action.status == "succeeded" and action.refund_id
    refund = gateway.get_refund(action.refund_id)
    assert (refund.amount_cents, refund.payment_intent_id, refund.status) == (2_000, pi_id, "succeeded")

"""Retry on the reader, as Stripe really behaves: the PaymentIntent keeps its `last_payment_error`
after the next send, and a reader's refusal is stored under the send's idempotency key.

The real payment service on SQLite and PostgreSQL, the simulator over HTTP through the real SDK.
"""

from __future__ import annotations

from oncopos.services.payments.records import PROCESSING, SUCCEEDED
from tests.payment_support import REGISTRAR


def charges(sim, status="succeeded"):
    return [c for c in sim.state.all("charge") if c["status"] == status]


def intents(sim):
    return sim.state.all("payment_intent")


def process_keys(sim):
    """The idempotency keys the simulator stored for sends to a reader, oldest first."""
    return [key for (_api_key, key) in sim.state.idempotency if "-process" in key]


def test_a_poll_between_retry_and_the_next_tap_still_waits_for_the_card(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4000000000000002")
    declined = desk.service.poll(REGISTRAR, payment_id)
    assert declined.declined and declined.failure_code == "generic_decline"

    again = desk.service.retry(REGISTRAR, payment_id)
    assert again.waiting_for_card and not again.declined
    # Stripe still shows the first card's error on the PaymentIntent; the registrar must not see it.
    pi = desk.simulator.state.get("payment_intent", again.payment_intent_id)
    assert pi["last_payment_error"] is not None
    for _ in range(3):
        polled = desk.service.poll(REGISTRAR, payment_id)
        assert polled.status == PROCESSING and polled.waiting_for_card and not polled.declined, polled
        assert polled.failure_code is None and polled.failure_message is None

    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    done = desk.service.poll(REGISTRAR, payment_id)
    assert done.status == SUCCEEDED and done.failure_code is None
    assert len(intents(desk.simulator)) == 1
    assert len(charges(desk.simulator)) == 1 and len(charges(desk.simulator, "failed")) == 1
    assert desk.steps(payment_id).count("declined") == 1


def test_a_second_decline_after_retry_is_reported(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4000000000000002")
    assert desk.service.poll(REGISTRAR, payment_id).declined
    assert desk.service.retry(REGISTRAR, payment_id).waiting_for_card
    assert not desk.service.poll(REGISTRAR, payment_id).declined
    desk.service.gateway.present_test_card(desk.reader.id, "4000000000009995")  # a new card, declined too
    second = desk.service.poll(REGISTRAR, payment_id)
    assert second.declined and second.failure_code == "insufficient_funds"
    assert desk.steps(payment_id).count("declined") == 2


def test_reader_offline_at_the_first_send_then_retry_succeeds(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    desk.simulator.reader_offline(desk.reader.id)
    view = desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    assert view.status == PROCESSING and view.declined and not view.waiting_for_card
    assert view.failure_code == "terminal_reader_offline" and "offline" in view.failure_message
    assert len(process_keys(desk.simulator)) == 1  # Stripe stored the refusal under the first send's key

    desk.simulator.reader_offline(desk.reader.id, offline=False)
    again = desk.service.retry(REGISTRAR, payment_id)
    assert again.waiting_for_card and again.failure_code is None
    keys = process_keys(desk.simulator)
    assert len(keys) == 2 and len(set(keys)) == 2  # each send had a key of its own
    desk.service.gateway.present_test_card(desk.reader.id)
    done = desk.service.poll(REGISTRAR, payment_id)
    assert done.status == SUCCEEDED
    assert len(intents(desk.simulator)) == 1 and len(charges(desk.simulator)) == 1
    steps = desk.steps(payment_id)
    assert steps.count("sent_to_reader") == 2 and "not_sent" in steps


def test_cancel_after_the_reader_was_offline_is_a_cancellation(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    desk.simulator.reader_offline(desk.reader.id)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.simulator.reader_offline(desk.reader.id, offline=False)
    cancelled = desk.service.cancel(REGISTRAR, payment_id)
    assert cancelled.status == "cancelled" and charges(desk.simulator) == []
    assert [kind for kind, _to, _m in desk.queued()] == []  # nothing was refused: no failure email

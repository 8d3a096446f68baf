"""The reconciliation reads: the events sweep (with paging) and balance transactions with fees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests

from tests.integration.stripe_fixtures import take_reader_payment

SWEEP_TYPES = ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded",
               "checkout.session.completed", "checkout.session.expired", "refund.created"]


def test_events_sweep_catches_payments_and_dashboard_refunds(gateway, reader, simulator):
    since = datetime.now(UTC) - timedelta(seconds=5)
    paid = take_reader_payment(gateway, reader.id, 8_000)
    declined = take_reader_payment(gateway, reader.id, 1_000, number="4000000000000002")
    simulator.dashboard_refund(paid, 2_000)  # made by a manager in the Dashboard, not by this app
    session = gateway.create_checkout(1_200, "Deposit", None, {}, "k-sweep")
    gateway.expire_checkout(session.session_id)

    events = gateway.events_since(since, SWEEP_TYPES)
    seen = {(e.type, e.object_id) for e in events}
    charge_id = gateway.payment_intent(paid).charge_id
    assert ("payment_intent.succeeded", paid) in seen
    assert ("payment_intent.payment_failed", declined) in seen
    assert ("charge.refunded", charge_id) in seen
    assert ("checkout.session.expired", session.session_id) in seen
    assert all(e.type in SWEEP_TYPES for e in events)
    assert [e.created for e in events] == sorted(e.created for e in events)  # oldest first
    assert all(e.created.tzinfo is not None for e in events)
    refund_event = next(e for e in events if e.type == "charge.refunded")
    assert refund_event.data["object"]["amount_refunded"] == 2_000
    assert gateway.events_since(datetime.now(UTC) + timedelta(seconds=5), SWEEP_TYPES) == []


def test_events_sweep_pages_through_more_than_one_page(gateway, raw_client, simulator):
    since = datetime.now(UTC) - timedelta(seconds=5)
    created = {raw_client.v1.payment_intents.create({"amount": 100 + i, "currency": "cad"}).id for i in range(130)}
    events = gateway.events_since(since, ["payment_intent.created"])
    assert {e.object_id for e in events} == created and len(events) == 130


def test_balance_transactions_carry_simulated_canadian_fees(gateway, reader):
    start = datetime.now(UTC) - timedelta(seconds=5)
    card = take_reader_payment(gateway, reader.id, 10_000)
    interac = take_reader_payment(gateway, reader.id, 5_000, interac=True)
    gateway.refund(card, 4_000, None, {}, "oncopos-refund-bt")
    txns = gateway.balance_transactions(start, datetime.now(UTC) + timedelta(seconds=5))
    by_source = {t.source_id: t for t in txns}

    card_txn = by_source[gateway.payment_intent(card).charge_id]
    assert (card_txn.amount_cents, card_txn.fee_cents, card_txn.net_cents) == (10_000, 270, 9_730)  # 2.6% + 10c
    interac_txn = by_source[gateway.payment_intent(interac).charge_id]
    assert (interac_txn.fee_cents, interac_txn.net_cents) == (15, 4_985)  # flat 15c
    refund_txn = next(t for t in txns if t.type == "refund")
    assert refund_txn.amount_cents == -4_000 and refund_txn.source_id.startswith("re_")
    assert all(isinstance(t.fee_cents, int) and t.created.tzinfo is not None for t in txns)
    assert gateway.balance_transactions(start - timedelta(days=2), start - timedelta(days=1)) == []


def test_hosted_payment_fee_and_events(gateway, simulator):
    since = datetime.now(UTC) - timedelta(seconds=5)
    session = gateway.create_checkout(20_000, "Tuition", "ada@example.ca", {}, "k-hosted-fee")
    answer = requests.post(session.url, data={"number": "4242424242424242", "expiry": "12/40", "cvc": "123",
                                              "name": "Ada", "postal_code": "H2X 1Y4"}, timeout=5)
    assert answer.status_code == 200
    done = gateway.checkout(session.session_id)
    txn = next(t for t in gateway.balance_transactions(since, since + timedelta(minutes=1))
               if t.source_id == done.charge_id)
    assert txn.fee_cents == 610  # online card: 2.9% + 30c
    types = {e.type for e in gateway.events_since(since, SWEEP_TYPES)}
    assert {"checkout.session.completed", "payment_intent.succeeded"} <= types

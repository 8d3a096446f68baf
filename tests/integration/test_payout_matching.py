"""Stripe payouts matched to the desk's records: the real SDK against the simulator over HTTP, on
SQLite and PostgreSQL.

Simulated fees (oncopos.simulator.payments.FEES): reader card 2.6% + 0.10, Interac 0.15, rounded
half up; a refund has no fee. The simulator pays out each day what became available two days
after the payment (00:00 UTC), so moving its clock four days makes exactly one payout.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe import StripeGateway
from oncopos.adapters.stripe.payouts import StripePayouts
from oncopos.domain.access import PermissionDenied
from oncopos.domain.errors import InvalidInput
from oncopos.domain.gateway import ReaderInfo
from oncopos.domain.payouts import AMOUNT_DIFFERS, MATCHED, NOT_RECORDED, OTHER, PayoutReview
from oncopos.services.payouts import PayoutMatching
from oncopos.simulator import SimulatorHandle
from tests.integration.end_of_day_helpers import MANAGER, REGISTRAR, TORONTO, Day
from tests.integration.stripe_fixtures import pay_key

DAYS = 86400


class Desk:
    def __init__(self, engine: Engine, tmp: Path, gateway: StripeGateway, reader: ReaderInfo,
                 simulator: SimulatorHandle) -> None:
        self.day = Day(engine, tmp / "documents")
        self.day.clock.now = utc_now()
        self.gateway, self.reader, self.simulator = gateway, reader, simulator
        self.enrollment = self.day.enrollment("ON", 10_000_00)
        # Stripe's clock decides when funds are available; the review asks it, not the desk's.
        self.matching = PayoutMatching(self.day.uow, lambda: StripePayouts(gateway), tz=TORONTO,
                                       clock=lambda: datetime.fromtimestamp(simulator.state.now(), UTC))
        self.today = utc_now().astimezone(TORONTO).date()

    def charge(self, amount: int, *, interac: bool = False) -> tuple[uuid.UUID, Any]:
        local_id = uuid.uuid4()
        started = self.gateway.start_reader_payment(local_id, amount, self.reader.id, {"workstation": "DESK1"},
                                                    pay_key(local_id))
        self.gateway.present_test_card(self.reader.id, interac=interac)
        return local_id, self.gateway.payment_intent(started.payment_intent_id)

    def record(self, amount: int, *, interac: bool = False, recorded_cents: int | None = None) -> tuple[uuid.UUID, Any]:
        local_id, pi = self.charge(amount, interac=interac)
        self.day.payment(self.enrollment, recorded_cents or amount, utc_now(), payment_id=local_id, intent=pi.id,
                         charge=pi.charge_id, kind=pi.payment_method_type, brand=pi.card_brand or "visa")
        return local_id, pi

    def review(self) -> PayoutReview:
        return self.matching.review(MANAGER, self.today, self.today + timedelta(days=7))


@pytest.fixture
def desk(engine: Engine, tmp_path: Path, gateway: StripeGateway, reader: ReaderInfo, simulator: SimulatorHandle) -> Desk:
    return Desk(engine, tmp_path, gateway, reader, simulator)


def test_a_payout_with_fees_and_a_refund_matches_to_the_cent(desk: Desk) -> None:
    card_id, card = desk.record(1_130_00)
    desk.record(500_00, interac=True)
    refund = desk.gateway.refund(card.id, 565_00, "requested_by_customer", {}, "oncopos-refund-payout-1")
    desk.day.refund(card_id, 565_00, utc_now(), stripe_id=refund.id)
    desk.simulator.advance_clock(4 * DAYS)
    review = desk.review()
    [statement] = review.statements
    assert [line.status for line in statement.lines if line.status != "payout"] == [MATCHED] * 3
    assert {line.local.kind for line in statement.lines if line.local} == {"payment", "refund"}
    assert all(line.local.document for line in statement.lines if line.local), "each line names its invoice or note"
    # Card fee (113000 * 260 + 5000) // 10000 + 10 = 2948, Interac 15: the bank gets the rest, less the refund.
    assert (statement.charges_cents, statement.refunds_cents, statement.fees_cents) == (1_630_00, 565_00, 29_63)
    assert statement.payout.amount_cents == 1_630_00 - 29_63 - 565_00 == statement.net_cents
    assert statement.balanced and review.balanced
    assert review.unpaid == () and review.not_yet_available == 0
    assert statement.payout.arrival_date > statement.payout.created


def test_a_charge_no_desk_recorded_and_an_amount_that_differs_are_flagged(desk: Desk) -> None:
    _, stranger = desk.charge(250_00)
    desk.record(400_00, recorded_cents=390_00)
    desk.simulator.advance_clock(4 * DAYS)
    [statement] = desk.review().statements
    by_status = {line.status: line for line in statement.lines}
    assert by_status[NOT_RECORDED].txn.source_id == stranger.charge_id
    assert stranger.charge_id in by_status[NOT_RECORDED].message.text("en-CA")
    differs = by_status[AMOUNT_DIFFERS].message.text("fr-CA")
    assert "390,00" in differs and "400,00" in differs
    assert not statement.balanced and len(statement.problems) == 2


def test_a_payment_of_ours_in_no_payout_after_its_funds_are_available(desk: Desk) -> None:
    desk.simulator.set_payout_schedule("manual")
    payment_id, _ = desk.record(300_00)
    desk.day.payment(desk.enrollment, 200_00, utc_now(), charge="ch_stripe_never_heard_of_it")
    early = desk.review()
    assert early.not_yet_available == 1
    [never] = early.unpaid
    assert never.available_on is None and "ch_stripe_never_heard_of_it" in never.message.text("en-CA")
    desk.simulator.advance_clock(3 * DAYS)
    late = desk.review()
    assert late.not_yet_available == 0 and len(late.unpaid) == 2
    held = next(u for u in late.unpaid if u.local.id == str(payment_id))
    assert held.available_on is not None and "in no payout" in held.message.text("en-CA")
    assert not late.balanced


def test_money_stripe_moved_on_its_own_is_listed_with_its_type(desk: Desk) -> None:
    desk.record(1_000_00)
    desk.simulator.add_balance_transaction("adjustment", -25_00, "Dispute withdrawal")
    desk.simulator.add_balance_transaction("stripe_fee", -59_00, "Terminal reader")
    desk.simulator.advance_clock(4 * DAYS)
    [statement] = desk.review().statements
    other = [line for line in statement.lines if line.status == OTHER]
    assert sorted(line.txn.type for line in other) == ["adjustment", "stripe_fee"]
    assert statement.other_cents == -84_00 and "adjustment" in other[0].message.text("en-CA") + other[1].message.text()
    assert statement.balanced, "listed, not a mismatch: the payout still adds up"
    assert statement.net_cents == statement.payout.amount_cents == 1_000_00 - 26_10 - 84_00


def test_only_a_manager_reads_payouts_and_a_backwards_period_is_refused(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        desk.matching.review(REGISTRAR, desk.today, desk.today)
    with pytest.raises(InvalidInput) as err:
        desk.matching.review(MANAGER, desk.today, desk.today - timedelta(days=1))
    assert "Swap the two dates" in str(err.value)


def test_the_review_is_audited(desk: Desk) -> None:
    desk.record(100_00)
    desk.simulator.advance_clock(4 * DAYS)
    desk.review()
    with desk.day.factory() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "payouts.reviewed")).all()
    assert event.details["payouts"] == 1 and event.details["unpaid"] == 0

"""The cash drawer per desk and day on SQLite and PostgreSQL: float, cash payments, paid-outs, the
count by denomination, over/short approved by a manager once, and the day that cannot close with
a drawer open."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.tenders import DrawerMovement, DrawerSession
from oncopos.domain.access import Permission, subject
from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError
from oncopos.domain.tender import CashTender
from tests.actors import approved
from tests.conftest import FixedClock
from tests.integration.tender_support import MANAGER, REGISTRAR, TenderDesk, tender_desk


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "desk")


def rows(desk: TenderDesk) -> tuple[int, int]:
    return desk.count(DrawerSession), desk.count(DrawerMovement)


def test_a_day_at_the_till_balances(desk: TenderDesk) -> None:
    opened = desk.till.open_drawer(REGISTRAR, 20_000)  # $200 float
    enrollment = desk.enrollment(price_cents=10_000)
    desk.tenders.take(REGISTRAR, enrollment, 2_998, CashTender(5_000))  # $29.98 -> $30.00 cash, $20 change
    desk.till.cash_in(REGISTRAR, 5_000, "change from the safe")
    desk.clock.now += timedelta(minutes=5)
    view = desk.till.paid_out(REGISTRAR, 1_250, "courier for the kits")
    assert view.figures.cash_sales_cents == 3_000
    assert view.expected_cents == 20_000 + 3_000 + 5_000 - 1_250
    assert [m.kind for m in view.movements] == ["cash_in", "paid_out"]
    counts = {10_000: 2, 2_000: 3, 500: 1, 200: 1, 25: 2}  # $200 + $60 + $5 + $2 + 50¢ = $267.50, as expected
    closed = desk.till.close_drawer(REGISTRAR, opened.record.id, counts)
    assert closed.record.closed and closed.record.counted_cents == 26_750
    assert closed.record.difference_cents == 0 and closed.record.approved_by_name is None
    with desk.factory() as s:
        row = s.get(DrawerSession, opened.record.id)
        assert row is not None and row.counts == {"10000": 2, "2000": 3, "500": 1, "200": 1, "25": 2}
    assert {"till.opened", "till.cash_in", "till.paid_out", "till.closed"} <= set(desk.actions())
    assert desk.till.current(REGISTRAR) is None


def test_a_short_drawer_needs_a_reason_and_a_managers_approval_used_once(desk: TenderDesk) -> None:
    opened = desk.till.open_drawer(REGISTRAR, 10_000)
    drawer = opened.record.id
    short = {5_000: 1, 2_000: 2, 500: 1}  # $95: $5 short
    with pytest.raises(InvalidInput, match="Say in a few words why"):
        desk.till.close_drawer(REGISTRAR, drawer, short)
    with pytest.raises(UserFacingError, match="may not accept drawer difference"):
        desk.till.close_drawer(REGISTRAR, drawer, short, "a $5 note missing")
    wrong = approved(REGISTRAR, MANAGER, "short $5", Permission.ACCEPT_DRAWER_DIFFERENCE, subject("session_id", "x"))
    with pytest.raises(UserFacingError, match="approval cannot be used"):
        desk.till.close_drawer(wrong, drawer, short, "a $5 note missing")
    assert desk.till.current(REGISTRAR) is not None  # still open: nothing half-closed
    ok = approved(REGISTRAR, MANAGER, "short $5", Permission.ACCEPT_DRAWER_DIFFERENCE, subject("session_id", drawer))
    closed = desk.till.close_drawer(ok, drawer, short, "a $5 note missing")
    assert closed.record.difference_cents == -500 and closed.record.approved_by_name == "marc"
    assert closed.record.difference_reason == "a $5 note missing"


def test_a_manager_accepts_an_over_drawer_themselves(desk: TenderDesk) -> None:
    drawer = desk.till.open_drawer(MANAGER, 0).record.id
    closed = desk.till.close_drawer(MANAGER, drawer, {5: 1}, "a nickel found under the tray")
    assert closed.record.difference_cents == 5 and closed.record.approved_by_name == "marc"


@pytest.mark.parametrize(("counts", "message"), [
    ({2_000: -1}, "negative"),
    ({1: 3}, "not a Canadian note or coin"),
    ({100_000: 1}, "not a Canadian note or coin"),
])
def test_a_bad_count_records_nothing(desk: TenderDesk, counts: dict[int, int], message: str) -> None:
    drawer = desk.till.open_drawer(REGISTRAR, 0).record.id
    before = rows(desk)
    with pytest.raises(InvalidInput, match=message):
        desk.till.close_drawer(REGISTRAR, drawer, counts)
    assert rows(desk) == before and desk.till.current(REGISTRAR) is not None


def test_one_drawer_a_desk_a_day_and_clear_refusals(desk: TenderDesk) -> None:
    with pytest.raises(InvalidAmount):
        desk.till.open_drawer(REGISTRAR, -1)
    with pytest.raises(UserFacingError, match="not open"):
        desk.till.paid_out(REGISTRAR, 100, "stamps")
    drawer = desk.till.open_drawer(REGISTRAR, 1_000).record.id
    with pytest.raises(UserFacingError, match="still open"):
        desk.till.open_drawer(REGISTRAR, 1_000)
    before = rows(desk)
    with pytest.raises(InvalidInput, match="Say in a few words"):
        desk.till.paid_out(REGISTRAR, 100, "")
    with pytest.raises(InvalidAmount, match="cannot be paid out"):
        desk.till.paid_out(REGISTRAR, 5_000, "more than the drawer holds")
    assert rows(desk) == before
    desk.till.close_drawer(REGISTRAR, drawer, {500: 2})
    with pytest.raises(UserFacingError, match="already opened and closed"):
        desk.till.open_drawer(REGISTRAR, 1_000)
    with desk.factory() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(DrawerSession)) == 1

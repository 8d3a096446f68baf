"""Closing a day: the frozen report, payments after the close, reopening, and the stored PDF."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.end_of_day import DayClosure
from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.domain.access import PermissionDenied
from oncopos.domain.errors import InvalidInput
from oncopos.services.end_of_day import DayAlreadyClosed, ReportTampered
from tests.integration.end_of_day_helpers import ADMIN, DAY, MANAGER, REGISTRAR, Day, local

NEXT = DAY + timedelta(days=1)


@pytest.fixture
def day(engine: Engine, tmp_path: Path) -> Day:
    d = Day(engine, tmp_path / "documents")
    d.on = d.enrollment("ON", 10_000_00)  # type: ignore[attr-defined]
    d.payment(d.on, 1_130_00, local(DAY, 9))  # type: ignore[attr-defined]
    d.payment(d.on, 226_00, local(DAY, 17, 59))  # type: ignore[attr-defined]
    return d


def _close_at(day: Day, hour: int, minute: int = 0) -> None:
    day.clock.now = local(DAY, hour, minute)
    day.eod.close_day(MANAGER, DAY)


def test_payments_after_an_early_close_belong_to_the_next_day(day: Day) -> None:
    _close_at(day, 18)
    # Taken at 18:00:00 exactly (the close's instant) and at 19:30: the next day's, by definition.
    day.payment(day.on, 113_00, local(DAY, 18))  # type: ignore[attr-defined]
    day.payment(day.on, 339_00, local(DAY, 19, 30))  # type: ignore[attr-defined]
    closed = day.eod.report(MANAGER, DAY)
    assert (closed.payment_count, closed.collected_cents) == (2, 1_356_00)
    assert closed.window_end == local(DAY, 18)
    day.clock.now = local(NEXT, 12)
    nxt = day.eod.report(MANAGER, NEXT)
    assert nxt.window_start == local(DAY, 18) and (nxt.payment_count, nxt.collected_cents) == (2, 452_00)
    # Nothing falls between the two days, and nothing is counted twice.
    assert closed.collected_cents + nxt.collected_cents == 1_130_00 + 226_00 + 113_00 + 339_00


def test_a_close_the_next_morning_cuts_nothing(day: Day) -> None:
    day.payment(day.on, 113_00, local(DAY, 23, 59, 59))  # type: ignore[attr-defined]
    day.clock.now = local(NEXT, 8, 30)
    report = day.eod.close_day(MANAGER, DAY)
    assert (report.payment_count, report.window_end) == (3, local(NEXT, 0))
    assert day.eod.window(NEXT) == (local(NEXT, 0), local(NEXT + timedelta(days=1), 0))


def test_a_closed_day_does_not_change_when_later_data_arrives(day: Day) -> None:
    _close_at(day, 18)
    frozen = day.eod.report(MANAGER, DAY)
    # A desk that was offline syncs a payment it took at 14:00, after the close.
    day.payment(day.on, 565_00, local(DAY, 14), desk="DESK2")  # type: ignore[attr-defined]
    again = day.eod.report(MANAGER, DAY)
    assert again.to_dict() == frozen.to_dict()
    assert (again.collected_cents, again.closed["late_payments"], again.closed["late_cents"]) == (1_356_00, 1, 565_00)
    assert day.eod.report(MANAGER, DAY, live=True).collected_cents == 1_921_00


def test_closing_is_audited_synced_and_refused_twice(day: Day) -> None:
    with pytest.raises(PermissionDenied):
        day.eod.close_day(REGISTRAR, DAY)
    _close_at(day, 18)
    with pytest.raises(DayAlreadyClosed, match="already closed"):
        day.eod.close_day(MANAGER, DAY)
    with day.factory() as s:
        closure = s.scalars(sa.select(DayClosure)).one()
        assert (closure.status, closure.payment_count, closure.collected_cents) == ("closed", 2, 1_356_00)
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)
                        .where(OutboxEntry.table_name == "day_closures", OutboxEntry.row_id == closure.id)) == 1
        event = s.scalars(sa.select(AuditEvent).where(AuditEvent.action == "eod.day_closed")).one()
        assert event.details["collected_cents"] == 1_356_00 and event.details["pdf_sha256"] == closure.pdf_sha256


def test_only_an_admin_reopens_with_a_reason_and_it_is_audited(day: Day) -> None:
    _close_at(day, 18)
    with pytest.raises(PermissionDenied, match="Ask an administrator"):
        day.eod.reopen_day(MANAGER, DAY, "Late Interac payment from desk 2")
    with pytest.raises(InvalidInput, match="Say why"):
        day.eod.reopen_day(ADMIN, DAY, " ")
    day.eod.reopen_day(ADMIN, DAY, "Late Interac payment from desk 2")
    day.payment(day.on, 565_00, local(DAY, 14), desk="DESK2")  # type: ignore[attr-defined]
    assert day.eod.report(MANAGER, DAY).closed is None
    day.clock.now = local(DAY, 19)
    second = day.eod.close_day(MANAGER, DAY)
    assert second.collected_cents == 1_921_00
    with day.factory() as s:
        assert [c.status for c in s.scalars(sa.select(DayClosure).order_by(DayClosure.closed_at))] == ["reopened", "closed"]
        reopened = s.scalars(sa.select(AuditEvent).where(AuditEvent.action == "eod.day_reopened")).one()
        assert reopened.details["reason"] == "Late Interac payment from desk 2" and reopened.staff_id == ADMIN.staff_id


def test_the_stored_pdf_is_checked_and_rebuilt_from_the_frozen_data(day: Day, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not closed"):
        day.eod.frozen_pdf(MANAGER, DAY)
    _close_at(day, 18)
    pdf = day.eod.frozen_pdf(MANAGER, DAY)
    assert pdf.startswith(b"%PDF") and day.eod.export(MANAGER, DAY, "pdf") == pdf
    with day.factory() as s:
        closure = s.scalars(sa.select(DayClosure)).one()
    assert hashlib.sha256(pdf).hexdigest() == closure.pdf_sha256
    stored = tmp_path / "documents" / closure.pdf_path
    stored.unlink()
    assert day.eod.frozen_pdf(MANAGER, DAY) == pdf  # the renderer is deterministic
    stored.write_bytes(pdf.replace(b"1,356.00", b"1,999.00") + b"%tampered")
    with pytest.raises(ReportTampered, match="does not match"):
        day.eod.frozen_pdf(MANAGER, DAY)


def test_a_day_that_has_not_started_cannot_be_closed(day: Day) -> None:
    day.clock.now = local(DAY, 12)
    with pytest.raises(InvalidInput, match="has not started"):
        day.eod.close_day(MANAGER, NEXT)


def test_a_frozen_report_changed_in_the_database_is_refused(day: Day) -> None:
    _close_at(day, 18)
    with day.factory() as s, s.begin():
        closure = s.scalars(sa.select(DayClosure)).one()
        data = dict(closure.data)
        data["methods"] = [{**data["methods"][0], "amount_cents": 1}]
        closure.data = data
    with pytest.raises(ReportTampered, match="no longer matches the hash"):
        day.eod.report(MANAGER, DAY)

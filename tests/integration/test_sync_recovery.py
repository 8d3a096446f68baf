"""A reinstalled desk and a desk restored from an older backup take their place again: before
their first payment they bring back their own records and counters from the central database,
so no invoice number is repeated and nothing is lost (real PostgreSQL, SQLite desks, real SDK
against the simulator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.services.sync_status import DeskNotReady
from tests.integration.recovery_helpers import backup_copy, invoice_numbers, paying_desk, succeeded_payments
from tests.integration.sync_helpers import CuttableProxy


@pytest.fixture
def central(pg_url: str) -> Any:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def restorations(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [e.details for e in conn.execute(sa.select(AuditEvent).where(AuditEvent.action == "sync.desk_restored"))]


def test_a_reinstalled_desk_continues_its_numbers_and_loses_nothing(
    tmp_path: Path, pg_url: str, central: Engine, gateway: Any, reader: Any, simulator: Any,
) -> None:
    first = paying_desk(tmp_path, "rb-disk1.sqlite3", "RB", pg_url, gateway, reader, simulator)
    enrollment = first.enrollment()
    first.sync.sync_once()
    before = first.pay(enrollment, 20_000)
    assert before.invoice_number == "RB-000001"
    assert first.sync.sync_once().pending == 0
    first.close()

    # The disk is replaced: an empty data folder, the same WORKSTATION_ID and INVOICE_SERIES.
    second = paying_desk(tmp_path, "rb-disk2.sqlite3", "RB", pg_url, gateway, reader, simulator)
    try:
        paid = [second.pay(enrollment, 10_000), second.pay(enrollment, 15_200)]
        assert [p.invoice_number for p in paid] == ["RB-000002", "RB-000003"]
        report = second.sync.sync_once()
        assert report.rejected == () and report.pending == 0
        assert invoice_numbers(central) == ["RB-000001", "RB-000002", "RB-000003"]
        assert invoice_numbers(second.engine) == ["RB-000001", "RB-000002", "RB-000003"]
        assert succeeded_payments(central) == succeeded_payments(second.engine) and len(succeeded_payments(central)) == 3
        # It said what it did: in its audit trail (which reached the central database) and its status.
        done = restorations(second.engine)
        assert len(done) == 1 and done[0]["kind"] == "reinstalled" and done[0]["records"] > 0
        assert restorations(central) == done
        assert "continue at RB-000002" in (second.sync.last_restoration() or "")
    finally:
        second.close()


def test_a_desk_restored_from_an_older_backup_catches_up_and_repeats_no_number(
    tmp_path: Path, pg_url: str, central: Engine, gateway: Any, reader: Any, simulator: Any,
) -> None:
    desk = paying_desk(tmp_path, "ra.sqlite3", "RA", pg_url, gateway, reader, simulator)
    enrollment = desk.enrollment(price_cents=100_000)
    desk.sync.sync_once()
    assert desk.pay(enrollment, 10_000).invoice_number == "RA-000001"
    desk.sync.sync_once()
    backup_copy(desk.path, tmp_path / "ra-last-week.sqlite3")
    assert [desk.pay(enrollment, 10_000).invoice_number for _ in range(2)] == ["RA-000002", "RA-000003"]
    desk.sync.sync_once()
    desk.close()

    restored = paying_desk(tmp_path, "ra-last-week.sqlite3", "RA", pg_url, gateway, reader, simulator, fresh=False)
    try:
        assert invoice_numbers(restored.engine) == ["RA-000001"]  # what the backup held
        assert restored.pay(enrollment, 10_000).invoice_number == "RA-000004"
        report = restored.sync.sync_once()
        assert report.rejected == () and report.pending == 0
        assert invoice_numbers(central) == [f"RA-00000{n}" for n in range(1, 5)]
        assert invoice_numbers(restored.engine) == invoice_numbers(central)
        assert succeeded_payments(restored.engine) == succeeded_payments(central) and len(succeeded_payments(central)) == 4
        done = restorations(restored.engine)
        assert len(done) == 1 and done[0]["kind"] == "restored from an older copy"
        assert done[0]["invoice_counter"] == [2, 4] and not done[0]["audit_forked"]
        # A second exchange finds the desk level: nothing more is restored.
        assert restored.sync.sync_once().restored is None
    finally:
        restored.close()


def test_a_desk_that_never_reached_central_takes_no_payment_until_it_has(
    tmp_path: Path, pg_url: str, gateway: Any, reader: Any, simulator: Any,
) -> None:
    proxy = CuttableProxy(pg_url)
    proxy.cut()
    desk = paying_desk(tmp_path, "new.sqlite3", "NEW", proxy.url, gateway, reader, simulator)
    try:
        enrollment = desk.enrollment()
        with pytest.raises(DeskNotReady) as refused:
            desk.start(enrollment, 10_000)
        message = str(refused.value)
        assert "has not reached the central database" in message and "oncopos sync --once" in message
        assert "\n" not in message and "Traceback" not in message

        proxy.restore()
        assert desk.pay(enrollment, 10_000).invoice_number == "NEW-000001"
        # Caught up once, it works offline as before.
        proxy.cut()
        offline = paying_desk(tmp_path, "new.sqlite3", "NEW", proxy.url, gateway, reader, simulator, fresh=False)
        try:
            assert offline.pay(enrollment, 10_000).invoice_number == "NEW-000002"
        finally:
            offline.close()
    finally:
        desk.close()
        proxy.close()

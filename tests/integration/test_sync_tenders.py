"""Tenders by hand and drawers travel like every fact: two desks (SQLite files) through a real
central PostgreSQL; a transfer recorded on one desk cannot pay again on the other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.tenders import DrawerSession, TenderDetail
from oncopos.domain.access import Actor, Role
from oncopos.domain.errors import InvalidInput
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender
from tests.conftest import FixedClock
from tests.integration.sync_helpers import make_desk, snapshot
from tests.integration.tender_support import tender_desk

# People without a local account row: a synced desk's accounts come from the central database.
RITA = Actor(staff_id=None, username="rita", role=Role.REGISTRAR, workstation_id="DESK1")
REMI = Actor(staff_id=None, username="remi", role=Role.REGISTRAR, workstation_id="DESK2")

TABLES = ("payments", "tender_details", "drawer_sessions", "refunds", "invoices")


def test_tenders_and_drawers_reach_the_other_desk(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    desk_a = tender_desk(None, clock, tmp_path / "a", factory=a.factory, staff=False)
    enrollment = desk_a.enrollment(price_cents=100_000)
    desk_a.till.open_drawer(RITA, 10_000)
    desk_a.tenders.take(RITA, enrollment, 20_000, CashTender(20_000))
    desk_a.tenders.take(RITA, enrollment, 30_000, ChequeTender("77", "TD", date(2026, 11, 20)))
    desk_a.tenders.take(RITA, enrollment, 10_000, EtransferTender("CAQ1W2", "Ada"))
    assert a.sync.sync_once().pending == 0

    b.sync.sync_once()
    assert b.count(TenderDetail) == 3 and b.count(DrawerSession) == 1
    central = sa.create_engine(pg_url)
    try:
        assert a.snapshot(TABLES) == b.snapshot(TABLES) == snapshot(central, TABLES)
    finally:
        central.dispose()

    desk_b = tender_desk(None, clock, tmp_path / "b", workstation="DESK2", factory=b.factory, staff=False)
    assert desk_b.balance(enrollment) == 113_000 - 60_000  # the other desk's tenders are in its ledger
    with pytest.raises(InvalidInput, match="already recorded for another payment"):
        desk_b.tenders.take(REMI, enrollment, 5_000, EtransferTender("caq1w2", "Ada"))

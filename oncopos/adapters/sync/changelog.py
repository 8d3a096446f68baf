"""The central change log: one entry per accepted change, in the order desks apply them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from oncopos.adapters.db.models.sync import CentralChange

CENTRAL = "CENTRAL"  # the workstation id of what the central database writes itself


def log_change(conn: sa.Connection, table: str, row_id: Any, version: int, workstation: str, pushed: int, now: datetime) -> None:
    """Enter one change; call it only while holding the central sync lock (see central.py)."""
    conn.execute(
        sa.insert(CentralChange.__table__).values(
            table_name=table, row_id=row_id, version=version, workstation_id=workstation, pushed_version=pushed, recorded_at=now
        )
    )

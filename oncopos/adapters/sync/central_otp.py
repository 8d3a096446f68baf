"""One-time-code limits shared through the central database: every desk's sends and each
student's wrong codes and lock, so that three desks do not give a guesser three times the tries.

Each send is stamped, in the database, with the workstation of the desk login that recorded it
(not with what the desk says), so the per-desk throttle follows the registered desk. Calls use
the short-time-out connection; when the central database cannot be reached, the desk's own
counters apply alone (oncopos.services.otp) and nothing waits.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.sync.connect import is_connection_error
from oncopos.domain.otp import FailureRecord

log = logging.getLogger(__name__)

SETUP = """
CREATE TABLE IF NOT EXISTS otp_shared_sends (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    student_id uuid NOT NULL,
    desk varchar(32) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_otp_shared_sends_student ON otp_shared_sends (student_id, at);
CREATE INDEX IF NOT EXISTS ix_otp_shared_sends_desk ON otp_shared_sends (desk, at);
CREATE TABLE IF NOT EXISTS otp_shared_lockouts (
    student_id uuid PRIMARY KEY,
    failures integer NOT NULL,
    window_start timestamptz,
    lock_level integer NOT NULL,
    locked_until timestamptz,
    last_locked_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION oncopos_otp_send_desk() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    NEW.desk := coalesce(oncopos_desk_workstation(), NEW.desk);
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS otp_shared_sends_desk ON otp_shared_sends;
CREATE TRIGGER otp_shared_sends_desk BEFORE INSERT OR UPDATE ON otp_shared_sends
    FOR EACH ROW EXECUTE FUNCTION oncopos_otp_send_desk();
"""

_FIELDS = ("failures", "window_start", "lock_level", "locked_until", "last_locked_at")


class CentralOtpCounters:
    """oncopos.services.otp.SharedOtpCounters over the central database. Every method returns
    None when the central database is unreachable (or has no shared counters yet)."""

    def __init__(self, engine: Callable[[], Engine], workstation_id: str, *, quiet_after_failure: float = 30.0) -> None:
        self._engine = engine
        self._workstation = workstation_id
        self._quiet_after_failure = quiet_after_failure
        self._quiet_until = 0.0

    def sends(self, student_id: uuid.UUID, since: datetime) -> tuple[list[datetime], list[datetime]] | None:
        """(the student's sends on every desk, this desk's sends) since `since`."""

        def read(conn: sa.Connection) -> tuple[list[datetime], list[datetime]]:
            desk = conn.scalar(sa.text("SELECT coalesce(oncopos_desk_workstation(), :ws)"), {"ws": self._workstation})
            student = list(conn.scalars(sa.text(
                "SELECT at FROM otp_shared_sends WHERE student_id = :s AND at > :since ORDER BY at"),
                {"s": student_id, "since": since}))
            mine = list(conn.scalars(sa.text(
                "SELECT at FROM otp_shared_sends WHERE desk = :d AND at > :since ORDER BY at"), {"d": desk, "since": since}))
            return student, mine

        return self._run(read)

    def record_send(self, student_id: uuid.UUID, at: datetime) -> None:
        self._run(lambda conn: conn.execute(
            sa.text("INSERT INTO otp_shared_sends (at, student_id, desk) VALUES (:at, :s, :ws)"),
            {"at": at, "s": student_id, "ws": self._workstation}))

    def failures(self, student_id: uuid.UUID) -> FailureRecord | None:
        def read(conn: sa.Connection) -> FailureRecord:
            row = conn.execute(sa.text(f"SELECT {', '.join(_FIELDS)} FROM otp_shared_lockouts WHERE student_id = :s"),
                               {"s": student_id}).first()
            return FailureRecord(**row._mapping) if row else FailureRecord()

        return self._run(read)

    def update_failures(self, student_id: uuid.UUID, change: Callable[[FailureRecord], FailureRecord]) -> FailureRecord | None:
        """Apply `change` to the shared record under a row lock (two desks at once both count)."""

        def update(conn: sa.Connection) -> FailureRecord:
            conn.execute(sa.text("INSERT INTO otp_shared_lockouts (student_id, failures, lock_level) VALUES (:s, 0, 0) "
                                 "ON CONFLICT (student_id) DO NOTHING"), {"s": student_id})
            row = conn.execute(sa.text(f"SELECT {', '.join(_FIELDS)} FROM otp_shared_lockouts WHERE student_id = :s "
                                       "FOR UPDATE"), {"s": student_id}).one()
            after = change(FailureRecord(**row._mapping))
            values: dict[str, Any] = {name: getattr(after, name) for name in _FIELDS}
            conn.execute(sa.text(
                "UPDATE otp_shared_lockouts SET failures = :failures, window_start = :window_start, lock_level = :lock_level, "
                "locked_until = :locked_until, last_locked_at = :last_locked_at, updated_at = now() WHERE student_id = :s"),
                {**values, "s": student_id})
            return after

        return self._run(update)

    def _run(self, work: Callable[[sa.Connection], Any]) -> Any:
        if time.monotonic() < self._quiet_until:
            return None
        try:
            with self._engine().begin() as conn:
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if is_connection_error(exc):
                self._quiet_until = time.monotonic() + self._quiet_after_failure
                log.warning("one-time-code counters: central database unreachable; this desk's own counters apply")
                return None
            if isinstance(exc, sa.exc.ProgrammingError):  # no shared counters there (not set up): local only
                log.warning("one-time-code counters not shared: %s", str(exc.orig).strip().splitlines()[0])
                return None
            raise

"""The audit trail for people: who looked at which student, the manager's audit view, its CSV
export and the check of the hash chain (`oncopos audit verify`)."""

from __future__ import annotations

import csv
import io
import logging
import os
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.audit import AuditEntry, AuditQuery, ChainEvent, VerifyReport, find_breaks
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.logs import SECURITY_LOG
from oncopos.services.guard import requires

log = logging.getLogger(__name__)
security = logging.getLogger(SECURITY_LOG)

Clock = Callable[[], datetime]
UnitOfWorkFactory = Callable[[], Any]  # a SqlUnitOfWork: .audit (append), .audit_log (read)

CSV_COLUMNS = (
    "time_utc", "time_local", "workstation", "sequence", "staff", "action", "subject_type", "subject_id",
    "subject", "approved_by", "details",
)
# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): kept as text instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def verify_chain(uow: Any) -> VerifyReport:
    """Walk every workstation's chain; report each changed, deleted or reordered event."""
    breaks = []
    total = 0
    workstations = tuple(uow.audit_log.workstations())
    for workstation in workstations:
        events: list[ChainEvent] = list(uow.audit_log.chain(workstation))
        total += len(events)
        breaks.extend(find_breaks(events, uow.audit_log.digest))
    return VerifyReport(events=total, workstations=workstations, breaks=tuple(breaks))


def day_range(start: date | None, end: date | None, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Whole business days [start, end] in the school's time zone, as aware UTC bounds."""
    if start and end and end < start:
        raise InvalidInput(f"The end date {end.isoformat()} is before the start date {start.isoformat()}.", field="end")
    low = datetime.combine(start, time.min, tz).astimezone(ZoneInfo("UTC")) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, tz).astimezone(ZoneInfo("UTC")) if end else None
    return low, high


class AuditTrail:
    """Thread-safe: each call has its own unit of work."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, tz: ZoneInfo) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.tz = tz

    @requires(Permission.SEARCH_STUDENTS)
    def record_view(self, actor: Actor, student_id: uuid.UUID) -> None:
        """A staff member opened a student's record (PIPEDA: who looked at whose data)."""
        with self._uow() as uow:
            uow.audit.record(actor, "student.viewed", at=self._clock(), subject_type="student", subject_id=student_id)
            uow.commit()

    @requires(Permission.VIEW_AUDIT)
    def search(self, actor: Actor, query: AuditQuery) -> list[AuditEntry]:
        with self._uow() as uow:
            return uow.audit_log.search(query)

    @requires(Permission.VIEW_AUDIT)
    def filter_choices(self, actor: Actor) -> tuple[list[str], list[tuple[uuid.UUID, str]]]:
        """The actions recorded so far and the staff accounts, for the view's filter lists."""
        with self._uow() as uow:
            staff = [(a.id, a.username) for a in uow.staff.list()]
            return uow.audit_log.actions(), staff

    @requires(Permission.VIEW_AUDIT)
    def verify(self, actor: Actor) -> VerifyReport:
        with self._uow() as uow:
            report = verify_chain(uow)
            uow.audit.record(actor, "audit.verified", at=self._clock(),
                             details={"events": report.events, "breaks": len(report.breaks)})
            uow.commit()
        if not report.intact:
            security.error("audit trail verification by %s found %d breaks", actor.username, len(report.breaks))
        return report

    @requires(Permission.VIEW_AUDIT)
    def export_csv(self, actor: Actor, query: AuditQuery, path: Path) -> int:
        """Write the matching events to `path` (readable by this user only); returns the row count.

        The export itself is an audit event (who took a copy of the trail, and which part).
        """
        with self._uow() as uow:
            entries = uow.audit_log.search(query)
            text = self.to_csv(entries)
            _write_private(path, text)
            uow.audit.record(actor, "audit.exported", at=self._clock(), subject_type="file", subject_id=path.name[:64],
                             details={"rows": len(entries), **_describe(query)})
            uow.commit()
        security.info("audit trail exported by %s: %d rows to %s", actor.username, len(entries), path.name)
        return len(entries)

    def to_csv(self, entries: list[AuditEntry]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow(
                _safe(value)
                for value in (
                    e.at.isoformat(timespec="seconds"), e.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S"),
                    e.workstation_id, e.sequence, e.staff, e.action, e.subject_type or "", e.subject_id or "",
                    e.subject, e.approved_by or "", _details_text(e.details),
                )
            )
        return out.getvalue()


def _safe(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _details_text(details: dict[str, Any]) -> str:
    shown = {k: v for k, v in details.items() if k != "approved_by"}
    return "; ".join(f"{k}={v}" for k, v in sorted(shown.items()))


def _describe(query: AuditQuery) -> dict[str, Any]:
    described: dict[str, Any] = {}
    if query.start:
        described["from"] = query.start.isoformat(timespec="seconds")
    if query.end:
        described["to"] = query.end.isoformat(timespec="seconds")
    for name in ("action", "subject"):
        if getattr(query, name):
            described[name] = getattr(query, name)
    if query.staff_id:
        described["staff_id"] = str(query.staff_id)
    return described


def _write_private(path: Path, text: str) -> None:
    """UTF-8 with a BOM (Excel then reads accents right), created readable by this user only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise UserFacingError(f"Cannot write {path}: {exc.strerror}. Choose another folder.") from None

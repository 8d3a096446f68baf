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
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.audit import AuditEntry, AuditQuery, ChainEvent, VerifyReport, compare_with_central, find_breaks
from oncopos.domain.csv_cells import safe_row
from oncopos.domain.errors import DatabaseUnavailable, InvalidInput, UserFacingError
from oncopos.domain.messages import Day, msg
from oncopos.logs import SECURITY_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
security = logging.getLogger(SECURITY_LOG)

Clock = Callable[[], datetime]

CSV_COLUMNS = (
    "time_utc", "time_local", "workstation", "sequence", "staff", "action", "subject_type", "subject_id",
    "subject", "approved_by", "details",
)


class CentralAuditCopy(Protocol):
    """The central database's copy of the trail (oncopos.adapters.sync.audit_copy); its methods
    raise DatabaseUnavailable when it cannot be reached."""

    def workstations(self) -> list[str]: ...

    def chain(self, workstation_id: str) -> list[ChainEvent]: ...


def verify_chain(uow: UnitOfWork, central: CentralAuditCopy | None = None, *, own_workstation: str | None = None) -> VerifyReport:
    """Walk every workstation's chain; report each changed, deleted or reordered event.

    With the central copy, also compare each chain with it: what was cut off the end, deleted or
    forged on this desk, and events edited then re-hashed. `own_workstation`'s chain must hold
    everything the central database has of it; other desks' chains only what this desk pulled.
    """
    breaks = []
    total = 0
    notes: list[str] = []
    local = list(uow.audit_log.workstations())
    remote: list[str] = []
    if central is not None:
        try:
            remote = central.workstations()
        except DatabaseUnavailable as exc:
            central = None
            notes.append(f"Not compared with the central database: {exc}")
    workstations = tuple(sorted(set(local) | set(remote)))
    compared = 0
    for workstation in workstations:
        events: list[ChainEvent] = list(uow.audit_log.chain(workstation))
        total += len(events)
        breaks.extend(find_breaks(events, uow.audit_log.digest_for(workstation)))
        if central is None or workstation not in remote:
            continue
        try:
            reference = central.chain(workstation)
        except DatabaseUnavailable as exc:
            notes.append(f"Not compared with the central database: {exc}")
            central = None
            continue
        if workstation != own_workstation:
            # another desk's events arrive by pull: what has not come yet is not missing
            last_here = events[-1].sequence if events else 0
            reference = [e for e in reference if e.sequence <= last_here]
        compared += len(reference)
        breaks.extend(compare_with_central(events, reference))
    if central is not None:
        notes.append(f"Compared with the central database's copy ({compared} events).")
    if own_workstation is not None and not uow.audit_log.keyed():
        notes.append(f"This desk's chain ({own_workstation}) is not keyed (no audit_chain_key in a keyring here): "
                     "only the central copy anchors it.")
    return VerifyReport(events=total, workstations=workstations, breaks=tuple(breaks), notes=tuple(notes))


def day_range(start: date | None, end: date | None, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Whole business days [start, end] in the school's time zone, as aware UTC bounds."""
    if start and end and end < start:
        raise InvalidInput(msg("history.end_before_start", end=Day(end), start=Day(start)), field="end")
    low = datetime.combine(start, time.min, tz).astimezone(ZoneInfo("UTC")) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, tz).astimezone(ZoneInfo("UTC")) if end else None
    return low, high


class AuditTrail:
    """Thread-safe: each call has its own unit of work."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, *, clock: Clock, tz: ZoneInfo, workstation_id: str | None = None,
        central: CentralAuditCopy | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.tz = tz
        self.workstation_id = workstation_id
        # set by the sync wiring when a central database is configured: verify compares with it
        self.central = central

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        """Today in the business time zone, by the desk's clock: where the audit view's dates start."""
        return self._clock().astimezone(self.tz).date()

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
            report = verify_chain(uow, self.central, own_workstation=self.workstation_id)
            uow.audit.record(actor, "audit.verified", at=self._clock(),
                             details={"events": report.events, "breaks": len(report.breaks),
                                      "compared_with_central": self.central is not None})
            uow.commit()
        if not report.intact:
            security.error("audit trail verification by %s found %d breaks", actor.username, len(report.breaks))
        return report

    @requires(Permission.VIEW_AUDIT)
    def chain_head(self, actor: Actor) -> tuple[int, str] | None:
        """This desk's last event number and hash: printed on the end-of-day report, so a cut
        or rewritten chain can be matched against paper too."""
        if self.workstation_id is None:
            return None
        with self._uow() as uow:
            return uow.audit_log.head(self.workstation_id)

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

    @open_to_all("formats entries already read through the guarded search; it reads nothing itself")
    def to_csv(self, entries: list[AuditEntry]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow(
                safe_row((
                    e.at.isoformat(timespec="seconds"), e.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S"),
                    e.workstation_id, e.sequence, e.staff, e.action, e.subject_type or "", e.subject_id or "",
                    e.subject, e.approved_by or "", _details_text(e.details),
                ))
            )
        return out.getvalue()


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
        raise UserFacingError(msg("audit.cannot_write", path=str(path), strerror=exc.strerror or str(exc))) from None

"""The exchange with the central database as the rest of the app sees it: a status to show, the
errors a person can act on, and the overpayments a manager must settle.

The work itself lives in oncopos.adapters.sync (SyncWorker, Synchronizer); the window and the
command line read a `SyncStatus` and never touch a connection.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import ConfigurationError, InvalidInput, NotFound, UserFacingError
from oncopos.services.guard import requires


class WorkstationConflict(ConfigurationError):
    """The central database already knows this desk's invoice series (or this desk) differently."""


class DeskNotReady(UserFacingError):
    """This desk may not take payments yet: it has not caught up with its own history on the
    central database (a new, reinstalled or restored data folder); the message says what to do."""


class SyncError(UserFacingError):
    """The central database answered, but a change could not be exchanged; the message says why."""


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """A snapshot for the status bar and `oncopos sync`: plain values, safe to read on any thread."""

    configured: bool  # a central database is set for this desk
    reachable: bool | None  # None until the first attempt
    last_sync_at: datetime | None  # the last complete exchange (aware UTC)
    pending: int  # local changes not yet on the central database
    running: bool = False
    last_error: str | None = None  # one line a person can act on
    # While a large catch-up runs (a new desk's first sync): (changes applied, changes to apply).
    progress: tuple[int, int] | None = None
    # What the last restoration of this desk's own records did (a reinstalled or restored desk).
    restored: str | None = None


class SyncStatusSource(Protocol):
    def status(self) -> SyncStatus: ...

    def nudge(self) -> None:
        """Sync soon (after a payment) instead of waiting for the timer."""
        ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one exchange did."""

    pushed: int  # local changes the central database accepted or already had
    pulled: int  # changes from elsewhere applied here
    overwritten: int  # edits that replaced a change this desk had not seen (kept in the audit trail)
    rejected: tuple[str, ...]  # changes the central database refused, one line each (they stay pending)
    pending: int
    # This desk was behind its own history on the central database and was brought level: what was done.
    restored: str | None = None


@dataclass(frozen=True, slots=True)
class OverpaymentView:
    """An enrollment on which more was collected than it costs (see oncopos.adapters.sync.overpayments)."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    student_number: str
    student_name: str
    course_code: str
    total_cents: int
    paid_cents: int  # succeeded payments
    refunded_cents: int  # succeeded refunds
    over_cents: int  # paid - refunded - total
    workstations: tuple[str, ...]  # the desks that took the payments
    detected_at: datetime
    status: str  # open, resolved
    resolved_at: datetime | None
    resolution_note: str


class OverpaymentReview:
    """What a manager does with overpayment flags: list the open ones, record how one was settled
    (usually a refund of the difference). The end-of-day report reads
    `uow.overpayments.detected_between(start, end)` in its own unit of work."""

    def __init__(self, uow_factory: Any, clock: Any) -> None:
        self._uow = uow_factory
        self._clock = clock

    @requires(Permission.RECONCILE)
    def open_flags(self, actor: Actor) -> list[OverpaymentView]:
        with self._uow() as uow:
            return uow.overpayments.open_flags()

    @requires(Permission.RECONCILE)
    def resolve(self, actor: Actor, flag_id: uuid.UUID, note: str) -> None:
        note = " ".join(note.split())
        if not note:
            raise InvalidInput("Say how the overpayment was settled (e.g. the refund made), so the next manager knows.",
                               field="note")
        with self._uow() as uow:
            flag = uow.overpayments.get(flag_id)
            if flag is None:
                raise NotFound("This overpayment is not on this desk yet; sync, then try again.")
            now = self._clock()
            flag.status, flag.resolved_at, flag.resolved_by, flag.resolution_note = "resolved", now, actor.staff_id, note
            uow.audit.record(
                actor, "overpayment.resolved", at=now, subject_type="enrollments", subject_id=flag.enrollment_id,
                details={"flag_id": str(flag.id), "over_cents": flag.over_cents, "note": note},
            )
            uow.commit()

"""The exchange with the central database as the rest of the app sees it: a status to show, what
one exchange did, and the errors a person can act on.

The work itself lives in oncopos.adapters.sync (SyncWorker, Synchronizer); the window and the
command line read a `SyncStatus` and never touch a connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from oncopos.domain.errors import ConfigurationError, UserFacingError


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

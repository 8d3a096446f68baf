"""The background sync: a plain thread (no Qt) that exchanges with the central database on a
timer and when nudged (after a payment), backing off while the central database is down.

The window reads `status()`, a frozen snapshot, from its own thread: no lock is held while a
snapshot is read, and the worker replaces it whole.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from oncopos.domain.errors import DatabaseUnavailable, UserFacingError
from oncopos.services.sync_status import SyncReport, SyncStatus

log = logging.getLogger(__name__)


class Exchange(Protocol):
    """What the worker drives (oncopos.adapters.sync.Synchronizer)."""

    def sync_once(self, progress: Callable[[int, int], None] | None = None) -> SyncReport: ...

    def pending_count(self) -> int: ...


class Backoff:
    """Waits of first, 2*first, 4*first ... up to `maximum` seconds, each with up to 20% taken off
    at random so that desks that lost the central database together do not return in lockstep."""

    def __init__(self, first: float = 2.0, maximum: float = 300.0, *, rng: random.Random | None = None) -> None:
        self.first, self.maximum = first, maximum
        self._rng = rng or random.Random()
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(self.maximum, self.first * 2**self.failures)
        self.failures += 1
        return delay * (1 - 0.2 * self._rng.random())

    def reset(self) -> None:
        self.failures = 0


class SyncWorker:
    # While waiting (even a long backoff) the pending count is re-read this often: for the status
    # bar, and to send a new local change soon after it is made.
    STATUS_TICK = 5.0

    def __init__(
        self,
        exchange: Exchange,
        *,
        clock: Callable[[], datetime],
        interval: float = 30.0,
        backoff: Backoff | None = None,
    ) -> None:
        self._exchange = exchange
        self._clock = clock
        self._interval = interval
        self._backoff = backoff or Backoff()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status = SyncStatus(configured=True, reachable=None, last_sync_at=None, pending=0)
        self.last_report: SyncReport | None = None

    # -- control (any thread) -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="oncopos-sync", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the worker to finish; an exchange under way completes or rolls back on its own."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("sync still running at shutdown; it will be picked up at the next start")
            self._thread = None

    def status(self) -> SyncStatus:
        return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the thread -----------------------------------------------------------------------------

    def run_once(self) -> float:
        """One exchange; returns how long to wait before the next. Also used by `oncopos sync`."""
        self._status = replace(self._status, running=True)
        try:
            report = self._exchange.sync_once(progress=self._on_progress)
        except DatabaseUnavailable as exc:
            delay = self._backoff.next_delay()
            log.warning("central database unreachable; next try in %.0f s", delay)
            self._status = replace(self._status, reachable=False, running=False, progress=None, last_error=str(exc))
        except UserFacingError as exc:
            # It answered but refused (a duplicate invoice series): retrying soon will not help.
            delay = max(self._backoff.next_delay(), self._interval)
            log.error("sync refused: %s", exc)
            self._status = replace(self._status, reachable=True, running=False, progress=None, last_error=str(exc))
        except Exception as exc:  # a bug must not kill the thread: keep the desk's data flowing
            delay = self._backoff.next_delay()
            log.exception("sync failed")
            self._status = replace(
                self._status, running=False, progress=None,
                last_error=f"Sync failed unexpectedly ({type(exc).__name__}); it will be retried. See the log for details.",
            )
        else:
            self._backoff.reset()
            delay = self._interval
            self.last_report = report
            problem = "; ".join(report.rejected) or None
            self._status = replace(
                self._status, reachable=True, running=False, progress=None, last_sync_at=self._clock(),
                pending=report.pending, last_error=problem, restored=report.restored or self._status.restored,
            )
            return delay
        self._refresh_pending()
        return delay

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.run_once()
            self._wait(delay)

    def _wait(self, delay: float) -> None:
        remaining = delay
        while remaining > 0 and not self._stop.is_set():
            step = min(self.STATUS_TICK, remaining)
            if self._wake.wait(step):
                self._wake.clear()
                return
            remaining -= step
            before = self._status.pending
            self._refresh_pending()
            # A new local change (a payment, an edit) while the central database is reachable goes
            # out within a tick, not at the next timer. While it is down, the backoff stands.
            if self._status.reachable and self._status.pending > before:
                return

    def _refresh_pending(self) -> None:
        try:
            pending = self._exchange.pending_count()
        except Exception:  # the local database busy for a moment: keep the last count
            log.debug("pending count not read", exc_info=True)
            return
        self._status = replace(self._status, pending=pending)

    def _on_progress(self, done: int, total: int) -> None:
        self._status = replace(self._status, progress=(done, total))

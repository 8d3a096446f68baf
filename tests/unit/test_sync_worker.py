"""The background sync worker: backoff while the central database is down, status for the window."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import pytest

from oncopos.adapters.sync.worker import Backoff, SyncWorker
from oncopos.domain.errors import DatabaseUnavailable
from oncopos.services.sync_status import SyncReport, WorkstationConflict
from tests.conftest import FixedClock


class FakeExchange:
    def __init__(self, outcomes: list[object]) -> None:
        self.outcomes = outcomes
        self.calls = 0
        self.pending = 7
        self.ran = threading.Event()

    def sync_once(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        self.calls += 1
        self.ran.set()
        outcome = self.outcomes[min(self.calls, len(self.outcomes)) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        if progress is not None:
            progress(5, 10)
        assert isinstance(outcome, SyncReport)
        return outcome

    def pending_count(self) -> int:
        return self.pending


DOWN = DatabaseUnavailable("Cannot reach the central database postgresql+psycopg://db/oncopos (refused).")
DONE = SyncReport(pushed=3, pulled=4, overwritten=0, rejected=(), pending=0)


def test_backoff_doubles_up_to_the_maximum_with_some_jitter_and_resets() -> None:
    backoff = Backoff(first=2, maximum=60, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(8)]
    for delay, nominal in zip(delays, [2, 4, 8, 16, 32, 60, 60, 60], strict=True):
        assert 0.8 * nominal <= delay <= nominal
    backoff.reset()
    assert backoff.next_delay() <= 2


def test_an_unreachable_central_database_is_shown_offline_and_retried_later_and_later(clock: FixedClock) -> None:
    exchange = FakeExchange([DOWN, DOWN, DONE])
    worker = SyncWorker(exchange, clock=clock, interval=30, backoff=Backoff(first=2, maximum=300, rng=random.Random(0)))
    assert worker.status().reachable is None

    first = worker.run_once()
    status = worker.status()
    assert (status.reachable, status.pending, status.running) == (False, 7, False)
    assert status.last_error is not None and status.last_error.startswith("Cannot reach the central database")
    second = worker.run_once()
    assert 1.6 <= first <= 2 and 3.2 <= second <= 4

    assert worker.run_once() == 30
    status = worker.status()
    assert (status.reachable, status.last_sync_at, status.pending, status.last_error) == (True, clock.now, 0, None)
    assert worker.last_report == DONE
    # After a success the next failure starts the backoff over.
    exchange.outcomes.append(DOWN)
    assert worker.run_once() <= 2


def test_a_refusal_is_shown_and_not_hammered(clock: FixedClock) -> None:
    refusal = WorkstationConflict("Invoice series DESK1 already belongs to workstation DESK2 on the central database.")
    worker = SyncWorker(FakeExchange([refusal]), clock=clock, interval=30)
    assert worker.run_once() >= 30
    status = worker.status()
    assert status.reachable is True and "already belongs to workstation DESK2" in (status.last_error or "")


def test_a_bug_in_an_exchange_does_not_stop_the_worker(clock: FixedClock) -> None:
    worker = SyncWorker(FakeExchange([KeyError("boom"), DONE]), clock=clock, interval=30)
    worker.run_once()
    assert "unexpectedly (KeyError)" in (worker.status().last_error or "")
    worker.run_once()
    assert worker.status().last_error is None and worker.status().reachable is True


def test_the_thread_runs_at_once_wakes_on_nudge_and_stops(clock: FixedClock) -> None:
    exchange = FakeExchange([DONE])
    worker = SyncWorker(exchange, clock=clock, interval=3600)
    worker.start()
    try:
        assert exchange.ran.wait(5)
        exchange.ran.clear()
        worker.nudge()  # after a payment: no waiting for the hour to pass
        assert exchange.ran.wait(5)
        assert exchange.calls >= 2
    finally:
        worker.stop()
    assert not worker.running


def test_progress_of_a_catch_up_is_visible_while_it_runs(clock: FixedClock) -> None:
    seen: list[object] = []

    class Watching(FakeExchange):
        def sync_once(self, progress=None):  # type: ignore[no-untyped-def]
            def spy(done: int, total: int) -> None:
                assert progress is not None
                progress(done, total)
                seen.append(worker.status().progress)
                seen.append(worker.status().running)

            return super().sync_once(spy)

    worker = SyncWorker(Watching([DONE]), clock=clock)
    worker.run_once()
    assert seen == [(5, 10), True]
    assert worker.status().progress is None and worker.status().running is False


@pytest.mark.parametrize("bad", [0, 0.5])
def test_backoff_is_never_shorter_than_its_first_step(bad: float) -> None:
    backoff = Backoff(first=2, maximum=10, rng=random.Random(bad))
    assert backoff.next_delay() >= 1.6


def test_a_new_local_change_is_sent_within_a_tick_when_online(clock: FixedClock) -> None:
    exchange = FakeExchange([DONE])
    exchange.pending = 0
    worker = SyncWorker(exchange, clock=clock, interval=3600)
    worker.STATUS_TICK = 0.05
    worker.start()
    try:
        assert exchange.ran.wait(5)
        exchange.ran.clear()
        exchange.pending = 1  # a payment was just recorded at this desk
        assert exchange.ran.wait(5)
    finally:
        worker.stop()


def test_while_offline_a_new_local_change_waits_for_the_backoff(clock: FixedClock) -> None:
    exchange = FakeExchange([DOWN])
    exchange.pending = 0
    worker = SyncWorker(exchange, clock=clock, interval=3600, backoff=Backoff(first=3600))
    worker.STATUS_TICK = 0.05
    worker.start()
    try:
        assert exchange.ran.wait(5)
        exchange.ran.clear()
        exchange.pending = 4
        assert not exchange.ran.wait(0.5)
        assert worker.status().pending == 4  # the status bar still counts it
    finally:
        worker.stop()

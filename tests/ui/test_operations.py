"""Background operations: results on the UI thread, in order, with honest errors and progress."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from oncopos.domain.errors import UserCancelled, UserFacingError
from oncopos.ui.operations import (
    PROGRESS_DELAY_MS,
    DatabaseExecutor,
    LatestOnly,
    NetworkExecutor,
    Operation,
    OperationProgress,
    describe_error,
)


def test_result_arrives_on_the_ui_thread(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["value"] = value

    Operation(work).success(done).run_in(db_executor)
    qtbot.waitUntil(lambda: "value" in seen, timeout=2000)
    assert seen["value"] == 42
    assert seen["callback"] == threading.get_ident() != seen["worker"]
    assert db_executor.pending == 0  # released once delivered


def test_database_work_runs_in_the_order_it_was_asked(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    order: list[int] = []

    def step(n: int) -> int:
        time.sleep(0.02 if n == 0 else 0)  # the first is slowest; it must still finish first
        order.append(n)
        return n

    delivered: list[int] = []
    for n in range(5):
        Operation(step, n).success(delivered.append).run_in(db_executor)
    qtbot.waitUntil(lambda: len(delivered) == 5, timeout=2000)
    assert order == delivered == [0, 1, 2, 3, 4]


def test_failures_reach_the_failure_callback(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def broken() -> None:
        raise UserFacingError("The card reader is busy. Wait for it to finish, then try again.")

    Operation(broken).failure(errors.append).run_in(db_executor)
    qtbot.waitUntil(lambda: bool(errors), timeout=2000)
    assert describe_error(errors[0]) == "The card reader is busy. Wait for it to finish, then try again."


def test_unexpected_errors_are_described_generically(qapp: object) -> None:
    assert describe_error(KeyError("x")) == "Something went wrong: 'x'. The details are in the log."
    assert describe_error(RuntimeError()) == "Something went wrong: RuntimeError. The details are in the log."


def test_a_cancellation_by_the_user_is_silent(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def cancelled() -> None:
        raise UserCancelled()

    Operation(cancelled).failure(errors.append).run_in(db_executor)
    # Delivered (pending drops) on the UI thread in the same call that would run the callback.
    qtbot.waitUntil(lambda: db_executor.pending == 0, timeout=2000)
    assert errors == []


def test_callbacks_are_dropped_when_the_owner_is_gone(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    gone = threading.Event()
    owner.destroyed.connect(lambda *_: gone.set())
    called: list[object] = []
    def until_the_owner_is_gone() -> None:  # however fast the machine, the work ends after the owner
        gone.wait(10)

    Operation(until_the_owner_is_gone).success(called.append).owned_by(owner).run_in(db_executor)
    owner.deleteLater()
    qtbot.waitUntil(lambda: db_executor.pending == 0, timeout=5000)
    assert gone.is_set() and called == []


def test_cancel_before_start_means_it_never_runs(qtbot, db_executor: DatabaseExecutor) -> None:  # type: ignore[no-untyped-def]
    ran: list[str] = []
    busy = threading.Event()

    def hold_the_thread() -> None:  # until released below
        busy.wait(10)

    Operation(hold_the_thread).run_in(db_executor)
    queued = Operation(ran.append, "queued").success(ran.append).run_in(db_executor)
    queued.cancel()
    busy.set()
    qtbot.waitUntil(lambda: db_executor.pending == 0, timeout=5000)
    assert ran == []


def test_progress_appears_only_for_slow_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    executor = NetworkExecutor(max_threads=2)
    try:
        release = threading.Event()
        started = time.monotonic()
        fast = Operation(lambda: None).with_progress("Quick…").run_in(executor)
        slow = Operation(release.wait, 10).with_progress("Talking to Stripe…").run_in(executor)
        qtbot.waitUntil(lambda: fast.finished, timeout=2000)
        assert not slow.finished
        qtbot.waitUntil(lambda: slow._dialog is not None and slow._dialog.isVisible(), timeout=2000)
        # Not before the delay, and never for the work that ended before it (its timer came first).
        assert time.monotonic() - started >= PROGRESS_DELAY_MS / 1000 * 0.9
        assert fast._dialog is None
        assert slow._dialog.labelText() == "Talking to Stripe…"
        release.set()
        qtbot.waitUntil(lambda: slow.finished, timeout=2000)
        assert slow._dialog is None
    finally:
        executor.shutdown()


def test_core_functions_report_progress_and_see_cancellation(qtbot) -> None:  # type: ignore[no-untyped-def]
    executor = NetworkExecutor()
    results: list[str] = []

    def sync(progress: OperationProgress) -> str:
        # Runs until the test's Cancel arrives (a deadline, not a guessed length of work): however
        # late the progress dialog opens, the work is still going when it does.
        deadline = time.monotonic() + 10
        done = 0
        while not progress.cancelled:
            if time.monotonic() > deadline:
                return "all done"
            done = min(done + 1, 99)
            progress.report(done, 100, f"Record {done}")
            time.sleep(0.01)  # pacing, so the UI thread is not flooded with reports
        return f"stopped at {done}"

    try:
        op = Operation(sync).success(results.append).with_progress("Syncing…", reports=True).run_in(executor)
        qtbot.waitUntil(lambda: op._dialog is not None and op._dialog.value() > 0, timeout=2000)
        assert op._dialog.maximum() == 100
        op._progress.cancel()  # what the dialog's Cancel button does
        qtbot.waitUntil(lambda: bool(results), timeout=2000)
        assert results[0].startswith("stopped at")
    finally:
        executor.shutdown()


def test_latest_only_ignores_older_tickets(qapp: object) -> None:
    latest = LatestOnly()
    shown: list[str] = []
    old = latest.ticket()(shown.append)
    new = latest.ticket()(shown.append)
    new("new")
    old("old")
    assert shown == ["new"]
    latest.invalidate()
    new("newer still?")
    assert shown == ["new"]

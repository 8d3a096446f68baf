"""Background operations: core work off the UI thread, results back on it.

Reads like a sentence (after Anki's ``QueryOp``)::

    Operation(directory.search, text)
        .success(self.on_results_loaded)
        .failure(self.on_search_failed)
        .with_progress("Searching…", parent=self)
        .run_in(self._db_executor)

The core function runs on the executor's pool; its result or exception comes back through
signals on a QObject that lives on the UI thread (the superqt pattern: a QRunnable cannot carry
signals itself), so callbacks always run on the UI thread and may touch widgets.

All database work goes through a `DatabaseExecutor` (one thread, strictly in order); network work
through a `NetworkExecutor` (a small pool). The app makes one of each (`Executors`) before the
sign-in screen and hands them to the window, which passes them to every feature: work that writes
payments or refunds runs on the database executor, so those writes happen one at a time and in
the order they were asked; calls that only reach Stripe or a mail server use the network pool.
"""

from __future__ import annotations

import itertools
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FunctionType, MethodType
from typing import Any, Generic, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from oncopos.domain.access import SessionEnded
from oncopos.domain.errors import InvalidInput, UserCancelled, UserFacingError
from oncopos.domain.redaction import redact

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

#: Work that ends sooner than this shows no progress at all: a dialog flashing for 100 ms is
#: noise, and most database reads end well within it.
PROGRESS_DELAY_MS = 500


def describe_error(error: BaseException) -> str:
    """The sentence a person sees for `error`.

    A `UserFacingError` already says what happened and what to do. Anything else is a bug or an
    unexpected failure: its text may be technical, so it is wrapped and the details go to the log
    (logged by `Operation` when the failure arrives, with its traceback).
    """
    if isinstance(error, UserFacingError):
        return error.text()  # in the reader's language: the interface's, set with it (oncopos.ui.i18n)
    detail = redact(str(error)) or type(error).__name__
    return QCoreApplication.translate("operations", "Something went wrong: {detail}. The details are in the log.").format(
        detail=detail
    )


def error_field(error: BaseException) -> str | None:
    """The form field a refusal is about ("amount", "password"), to put the cursor there."""
    return error.field if isinstance(error, InvalidInput) else None


def log_unexpected(error: BaseException, what: str) -> None:
    if isinstance(error, (UserFacingError, UserCancelled)):
        return
    logger.error("%s failed", what, exc_info=(type(error), error, error.__traceback__))


class OperationProgress:
    """Handed to core functions that report progress; plain Python, safe from any thread.

    The core calls ``report(done, total, text)`` and checks ``cancelled``; it never sees a widget.
    """

    def __init__(self, on_report: Callable[[int, int, str], None]) -> None:
        self._on_report = on_report
        self._cancelled = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._on_report(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()


class _Relay(QObject):
    """Carries outcomes from worker threads to the UI thread, one per executor.

    Lifetime is the whole point: a QObject must be destroyed on the thread it lives on, and Qt
    must never be left holding a pointer to a runnable that Python freed. So workers get plain
    Python closures (Qt owns and deletes their runnables), outcomes travel as (ticket, value)
    through this relay, which belongs to its executor (created and, once the executor's workers
    are done, released on the UI thread).
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int, str)

    def __init__(self, executor: Executor) -> None:
        super().__init__()
        self._executor_ref = weakref.ref(executor)
        # Connected to this object's own slots: the receiver's thread (the UI thread) decides
        # where they run, whatever thread emits.
        self.succeeded.connect(self.on_succeeded)
        self.failed.connect(self.on_failed)
        self.progressed.connect(self.on_progressed)

    def _operation(self, ticket: int) -> Operation[Any] | None:
        executor = self._executor_ref()
        return executor._running.get(ticket) if executor is not None else None

    @Slot(int, object)
    def on_succeeded(self, ticket: int, result: object) -> None:
        operation = self._operation(ticket)
        if operation is not None:
            operation._deliver_success(result)

    @Slot(int, object)
    def on_failed(self, ticket: int, error: object) -> None:
        assert isinstance(error, BaseException)
        operation = self._operation(ticket)
        if operation is not None:
            operation._deliver_failure(error)

    @Slot(int, int, int, str)
    def on_progressed(self, ticket: int, done: int, total: int, text: str) -> None:
        operation = self._operation(ticket)
        if operation is not None:
            operation._show_progress(done, total, text)


def _work(call: Callable[[], object], ticket: int, relay: _Relay, skip: threading.Event) -> Callable[[], None]:
    """The closure a worker runs. It holds no Qt object but the long-lived relay."""

    def run() -> None:
        if skip.is_set():  # cancelled before it started: the UI side has already finished it
            return
        try:
            result = call()
        except BaseException as error:
            relay.failed.emit(ticket, error)
        else:
            relay.succeeded.emit(ticket, result)

    return run


class Operation(Generic[T]):
    """One call of a core function on a worker thread, with callbacks on the UI thread."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None
        self._progress_parent: QWidget | None = None
        self._progress: OperationProgress | None = None
        self._owner: QObject | None = None
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self._executor: Executor | None = None
        self._ticket: int | None = None
        self._skip = threading.Event()
        self._cancelled = False
        self.finished = False

    @property
    def name(self) -> str:
        fn = self._fn
        return fn.__qualname__ if isinstance(fn, (FunctionType, MethodType)) else repr(fn)

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        """Without one, a failure is logged (unexpected errors) and otherwise dropped."""
        self._on_failure = callback
        return self

    def owned_by(self, owner: QObject) -> Operation[T]:
        """Drop the callbacks if `owner` is deleted before the work ends (a closed view)."""
        self._owner = owner
        return self

    def with_progress(self, label: str, parent: QWidget | None = None, *, reports: bool = False) -> Operation[T]:
        """Show a progress dialog if the work lasts more than `PROGRESS_DELAY_MS`.

        With ``reports=True`` the core function receives ``progress=OperationProgress`` and the
        dialog gets a Cancel button that sets ``progress.cancelled``.
        """
        self._progress_label = label
        self._progress_parent = parent
        if reports:
            # Weakly: the worker holds the progress object, and must not keep this Operation (with
            # its timer and dialog) alive past the UI thread's release of it.
            emit = weakref.WeakMethod(self._emit_progress)

            def report(done: int, total: int, text: str) -> None:
                method = emit()
                if method is not None:
                    method(done, total, text)

            self._progress = OperationProgress(report)
            self._kwargs["progress"] = self._progress
        return self

    def run_in(self, executor: Executor) -> Operation[T]:
        if self._executor is not None:
            raise RuntimeError("an Operation runs once; build a new one")
        self._executor = executor
        fn, args, kwargs = self._fn, self._args, self._kwargs
        if self._progress_label is not None:
            self._timer = QTimer(executor._relay)  # lives and dies on the UI thread with the relay
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._open_progress_dialog)
            self._timer.start(PROGRESS_DELAY_MS)
        self._ticket = executor._start(self, lambda: fn(*args, **kwargs), self._skip)
        return self

    def cancel(self) -> None:
        """Ignore the outcome; if the work has not started yet, it never will."""
        self._cancelled = True
        self._skip.set()
        if self._progress is not None:
            self._progress.cancel()
        if self._executor is not None and not self.finished:
            self._finish()

    # -- on the UI thread ------------------------------------------------------------------

    def _emit_progress(self, done: int, total: int, text: str) -> None:
        # Called on the worker thread; the relay queues it to the UI thread.
        if self._executor is not None and self._ticket is not None:
            self._executor._relay.progressed.emit(self._ticket, done, total, text)

    def _open_progress_dialog(self) -> None:
        if self.finished or self._cancelled:
            return
        parent = self._progress_parent if self._progress_parent is None or isValid(self._progress_parent) else None
        dialog = QProgressDialog(self._progress_label or "", QCoreApplication.translate("Operation", "Cancel"), 0, 0, parent)
        dialog.setWindowTitle(QCoreApplication.applicationName())  # a proper name, as ui/app.py sets it
        dialog.setMinimumDuration(0)
        if self._progress is not None:
            dialog.canceled.connect(self._progress.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self._dialog = dialog

    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(done)
            if text:
                self._dialog.setLabelText(text)

    def _callbacks_allowed(self) -> bool:
        return not self._cancelled and (self._owner is None or isValid(self._owner))

    def _deliver_success(self, result: object) -> None:
        self._finish()
        if self._callbacks_allowed() and self._on_success is not None:
            self._on_success(result)  # type: ignore[arg-type]

    def _deliver_failure(self, error: BaseException) -> None:
        executor = self._executor
        self._finish()
        log_unexpected(error, self.name)
        if isinstance(error, SessionEnded) and executor is not None:
            # The account behind the window can no longer act: the window's session locks it once,
            # rather than each view showing the refusal and staying open.
            executor.report_session_ended(error)
        if isinstance(error, UserCancelled) or not self._callbacks_allowed():
            return
        if self._on_failure is not None:
            self._on_failure(error)

    def _finish(self) -> None:
        self.finished = True
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if self._executor is not None:
            self._executor._release(self)


class Executor:
    """A pool that keeps every running Operation alive until its outcome has been delivered."""

    def __init__(self, max_threads: int) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._running: dict[int, Operation[Any]] = {}
        self._tickets = itertools.count(1)
        self._relay = _Relay(self)
        self._session_listeners: list[Callable[[SessionEnded], None]] = []

    def on_session_ended(self, listener: Callable[[SessionEnded], None]) -> Callable[[], None]:
        """Call `listener` (on the UI thread) whenever work fails because the signed-in account's
        session ended; returns the function that stops it."""
        self._session_listeners.append(listener)
        return lambda: self._session_listeners.remove(listener) if listener in self._session_listeners else None

    def report_session_ended(self, error: SessionEnded) -> None:
        for listener in list(self._session_listeners):
            listener(error)

    def _start(self, operation: Operation[Any], call: Callable[[], object], skip: threading.Event) -> int:
        ticket = next(self._tickets)
        self._running[ticket] = operation
        # A plain callable: Qt wraps it in a runnable it owns and deletes on its own thread.
        self._pool.start(_work(call, ticket, self._relay, skip))
        return ticket

    def _release(self, operation: Operation[Any]) -> None:
        if operation._ticket is not None:
            self._running.pop(operation._ticket, None)

    @property
    def pending(self) -> int:
        """Operations started and not yet delivered (tests and shutdown use it)."""
        return len(self._running)

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Drop work not started yet and wait for the running one. True if all stopped."""
        for operation in list(self._running.values()):
            operation._cancelled = True
            operation._skip.set()
        self._pool.clear()
        done = self._pool.waitForDone(wait_ms)
        self._running.clear()
        return done


class DatabaseExecutor(Executor):
    """One worker thread, first in first out: database work runs in the order it was asked."""

    def __init__(self) -> None:
        super().__init__(max_threads=1)
        # Keep the one thread alive between operations so thread-bound resources (a SQLite
        # connection pool) are not rebuilt after every pause at the desk.
        self._pool.setExpiryTimeout(-1)


class NetworkExecutor(Executor):
    """A small pool: a slow email must not hold up polling the card reader."""

    def __init__(self, max_threads: int = 4) -> None:
        super().__init__(max_threads=max_threads)


@dataclass(frozen=True)
class Executors:
    """The app's two executors: made once (before the sign-in screen), shared by every window and
    feature, shut down once when the app ends."""

    database: DatabaseExecutor = field(default_factory=DatabaseExecutor)
    network: NetworkExecutor = field(default_factory=NetworkExecutor)

    def shutdown(self) -> bool:
        """True if all work stopped in time."""
        network_done = self.network.shutdown()
        return self.database.shutdown() and network_done


class LatestOnly:
    """Keeps only the newest request's answer: an older search that ends late is ignored.

    Each call to `ticket()` starts a new generation; callbacks wrapped by an older ticket do
    nothing.
    """

    def __init__(self) -> None:
        self.generation = 0

    def ticket(self) -> Callable[[Callable[P, None]], Callable[P, None]]:
        self.generation += 1
        issued = self.generation

        def guard(callback: Callable[P, None]) -> Callable[P, None]:
            def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
                if issued == self.generation:
                    callback(*args, **kwargs)
                else:
                    logger.debug("stale result of generation %d ignored (now %d)", issued, self.generation)

            return guarded

        return guard

    def invalidate(self) -> None:
        """Whatever is in flight is now stale."""
        self.generation += 1

"""What lives as long as the process, whatever the settings say: the database engine, the training
simulator, the background threads, and the order they stop in.

The composition root (`oncopos.bootstrap`) builds one `Runtime` at start-up. A settings change
builds new services over the same runtime, so the database connections, the simulator's data and
the threads survive it; `close()` stops everything once, last started first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.session import Clock
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.secrets import SecretStore
from oncopos.config import Settings

if TYPE_CHECKING:
    from oncopos.adapters.sync import Synchronizer, SyncWorker
    from oncopos.adapters.sync.central_otp import CentralOtpCounters
    from oncopos.simulator.server import SimulatorHandle

log = logging.getLogger(__name__)

T = TypeVar("T")

# Not a secret: the simulator accepts any sk_test_ key, and this one never leaves the machine.
TRAINING_STRIPE_KEY = "sk_test_training"


class Lazy(Generic[T]):
    """A value built on first use, exactly once, even when two threads ask at the same moment.

    The payment and refund start-up recoveries ask for the gateway from two worker threads
    at once; building it twice would start two simulators and split the desk's training data.
    """

    __slots__ = ("_build", "_lock", "_value")

    def __init__(self, build: Callable[[], T]) -> None:
        self._build: Callable[[], T] | None = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        value = self._value
        if value is not None:
            return value
        with self._lock:
            if self._value is None:
                assert self._build is not None
                self._value = self._build()
                self._build = None  # drop what the builder captured
            return self._value

    @property
    def built(self) -> T | None:
        """The value if something asked for it already, else None (nothing is built)."""
        return self._value


@dataclass(frozen=True)
class CentralSync:
    """The exchange with the central database; its address is read at start-up only."""

    synchronizer: Synchronizer
    worker: SyncWorker
    otp_counters: CentralOtpCounters  # one-time-code sends and lockouts shared with every desk


class Periodic:
    """Calls `work` now and then every `interval` seconds on a plain thread until stopped.

    For core work with no window (the mail outbox): a failing run is logged and the next one
    tries again, so the thread outlives a database or network outage.
    """

    def __init__(self, name: str, interval: float, work: Callable[[], object]) -> None:
        self.name, self.interval = name, interval
        self._work = work
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._work()
            except Exception:
                log.exception("%s failed; trying again in %s s", self.name, self.interval)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()


@dataclass(frozen=True)
class Runtime:
    """The process's resources. `settings` are those read at start-up: the database, the desk's id
    and everything in RESTART_KEYS come from here until the next start."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    secrets: SecretStore
    clock: Clock
    sync: CentralSync | None = None
    # One delivery at a time across service generations: two outboxes sending the same row would
    # mail the same receipt twice.
    mail_delivery_lock: threading.Lock = field(default_factory=threading.Lock)
    _simulator: Lazy[SimulatorHandle] = field(default_factory=lambda: Lazy(_start_training_simulator))
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _closed: threading.Event = field(default_factory=threading.Event)
    _closing: threading.Lock = field(default_factory=threading.Lock)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def simulator(self) -> SimulatorHandle:
        """The in-process Stripe simulator (training, or simulator mode without an address), started
        once: every gateway built after a settings change talks to the same one and its data."""
        return self._simulator.get()

    @property
    def simulator_started(self) -> SimulatorHandle | None:
        return self._simulator.built

    def on_close(self, stop: Callable[[], None]) -> None:
        """Run `stop` when the runtime closes; the last registered runs first."""
        self._closers.append(stop)

    def every(self, name: str, interval: float, work: Callable[[], object]) -> Periodic:
        """Run `work` every `interval` seconds on a thread that stops with the runtime."""
        periodic = Periodic(name, interval, work)
        self.on_close(periodic.stop)
        return periodic

    def close(self) -> None:
        with self._closing:
            if self._closed.is_set():
                return
            self._closed.set()
            while self._closers:
                stop = self._closers.pop()
                try:
                    stop()
                except Exception:  # one failing stop must not leave the others running
                    log.exception("stopping %r failed", stop)
            simulator = self._simulator.built
            if simulator is not None:
                simulator.stop()
            self.engine.dispose()


def _start_training_simulator() -> SimulatorHandle:
    from oncopos.simulator import start_simulator

    return start_simulator(0, api_key=TRAINING_STRIPE_KEY)

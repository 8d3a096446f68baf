"""Fault injection for tests: slowness, server errors, lost responses and readers dropping off."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Faults:
    latency_seconds: float = 0.0
    #: The Retry-After header a 429 fault carries (Stripe sends one); None sends none.
    retry_after_seconds: float | None = 1.0
    _fail: list[tuple[int, bool]] = field(default_factory=list)
    _drop: list[str | None] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, count: int = 1, *, status: int = 500, stored: bool = False) -> None:
        """The next `count` API requests answer `status` (500, 503, 429...).

        `stored=True` models an error raised inside the endpoint, which Stripe saves under the
        idempotency key and replays; `False` models a front-end error that saves nothing.
        """
        with self._lock:
            self._fail.extend([(status, stored)] * count)

    def drop_after_apply(self, count: int = 1, *, path_contains: str | None = None) -> None:
        """The next `count` matching POSTs are applied, then the connection closes with no answer."""
        with self._lock:
            self._drop.extend([path_contains] * count)

    def clear(self) -> None:
        with self._lock:
            self._fail.clear()
            self._drop.clear()
            self.latency_seconds = 0.0
            self.retry_after_seconds = 1.0

    def take_failure(self) -> tuple[int, bool] | None:
        with self._lock:
            return self._fail.pop(0) if self._fail else None

    def take_drop(self, method: str, path: str) -> bool:
        with self._lock:
            if method != "POST" or not self._drop:
                return False
            want = self._drop[0]
            if want is None or want in path:
                self._drop.pop(0)
                return True
            return False

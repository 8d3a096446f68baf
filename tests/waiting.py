"""Waiting on a condition in tests that have no Qt event loop (threads, subprocesses, servers).

A deadline rather than a count of tries: on a loaded machine a count runs out early, and a
fixed sleep either wastes time or is too short.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(condition: Callable[[], T], *, timeout: float = 10.0, interval: float = 0.02, what: str = "the condition") -> T:
    """Call `condition` until it returns something truthy, and return that; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        time.sleep(interval)

"""A bounded map of what rendering kept, which drops what was used longest ago.

Every document uses its labels, its school's name and its usual tables again; what belongs to one
student or one number is used once. Dropping the oldest entries first would push the labels out
once a process had rendered a few hundred documents (a desk's busy day, an end-of-day batch) and
draw them again; a hit here makes an entry young again, so only what is no longer used goes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LeastRecentlyUsed(OrderedDict[K, V]):
    """At most `bound` entries; `used` and `keep` make an entry the youngest."""

    def __init__(self, bound: int) -> None:
        super().__init__()
        self.bound = bound
        self._lock = threading.Lock()  # documents render on more than one thread

    def used(self, key: K) -> V | None:
        """What was kept for this key, or None."""
        with self._lock:
            value = self.get(key)
            if value is not None:
                self.move_to_end(key)
            return value

    def keep(self, key: K, value: V) -> None:
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.bound:
                self.popitem(last=False)  # the one used longest ago

"""Python's cyclic garbage collection, but only on the UI thread.

Automatic collection runs in whatever thread happens to allocate when a threshold is crossed,
often a worker. If it frees a cycle that holds a Qt object (a dialog and its callbacks, a timer),
that object is destroyed on the wrong thread and Qt crashes later, e.g. when a timer it had
registered fires. Anki solved this years ago the same way: turn automatic collection off and
collect from a timer on the UI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 1000


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(CHECK_INTERVAL_MS)

    def collect_if_due(self) -> None:
        # The same generational thresholds the interpreter would have used.
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

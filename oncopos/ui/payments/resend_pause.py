"""The pause before another one-time code may be sent, shown on the Resend button as it counts down.

The core refuses a second code within 30 seconds (and past the hourly caps, and while a student's
confirmation is locked). A button that looks ready but answers "wait" hides that: the button says
how long is left and is disabled until then, and what the dialog says about it names the same wait.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPushButton


class ResendPause(QObject):
    def __init__(self, button: QPushButton, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._button = button
        self._clock = clock
        self._label = button.text()  # "&Resend code", as translated on its page
        self._until: datetime | None = None
        self._busy = False
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.update)

    def hold_until(self, until: datetime | None) -> None:
        """No new code before `until` (aware UTC; None: one may be sent now)."""
        self._until = until
        self.update()
        if self.seconds_left() > 0:
            self._timer.start()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.update()

    def seconds_left(self) -> int:
        if self._until is None:
            return 0
        return max(0, math.ceil((self._until - self._clock()).total_seconds()))

    def wait_text(self) -> str:
        """"0:28", "14:05": minutes and seconds, the same in English and French."""
        minutes, seconds = divmod(self.seconds_left(), 60)
        return f"{minutes}:{seconds:02d}"

    def update(self) -> None:
        button = self._button
        if self.seconds_left() > 0:
            button.setText(self.tr("&Resend code ({wait})").format(wait=self.wait_text()))
            button.setEnabled(False)
            button.setToolTip(self.tr("A new code can be sent in {wait}.").format(wait=self.wait_text()))
            return
        self._timer.stop()
        button.setText(self._label)
        button.setEnabled(not self._busy)
        button.setToolTip("")

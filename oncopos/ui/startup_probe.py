"""The start-up benchmark's probe: report when the main window first paints, then quit.

Enabled by ONCOPOS_BENCH_EXIT_WHEN_SHOWN=1 (read in oncopos/ui/early_start.py and app.py); used by
tests/bench/bench_startup.py to time a fresh process from launch to a window a person can see,
from source and from the frozen bundle alike. It prints one line on stdout:

    ONCOPOS_SIGN_IN_SHOWN <milliseconds since the process started>   (the sign-in screen painted)
    ONCOPOS_SIGN_IN_CLICKED <ms>                                      (training: Sign in clicked)
    ONCOPOS_SIGNED_IN <ms>                                            (training: the password checked)
    ONCOPOS_SHOWN <milliseconds since the process started>           (the main window painted)

"Shown" is the window's first paint, not `show()`: that is when pixels reach the screen.
In training, once ONCOPOS_BENCH_TYPING_MS (the time a person takes to type the password; 0 by
default) has passed after the sign-in screen painted, the probe types the training registrar's name
and password into the sign-in screen and clicks Sign in (`training_credentials`), so the figures
cover the sign-in screen, the click with its password check, and the main window; outside
training the sign-in screen is the first window, and the process quits once it paints.

The process start comes from ONCOPOS_BENCH_T0 (a `time.time()` the launcher sets just before
starting us) when given, else from /proc on Linux, else from when this module was imported.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV_FLAG = "ONCOPOS_BENCH_EXIT_WHEN_SHOWN"
ENV_T0 = "ONCOPOS_BENCH_T0"
#: How long the benchmark's "person" takes to type the password once the sign-in screen shows (ms).
ENV_TYPING = "ONCOPOS_BENCH_TYPING_MS"
MARKER = "ONCOPOS_SHOWN"
SIGN_IN_MARKER = "ONCOPOS_SIGN_IN_SHOWN"
CLICKED_MARKER = "ONCOPOS_SIGN_IN_CLICKED"
SIGNED_IN_MARKER = "ONCOPOS_SIGNED_IN"
_IMPORTED_AT = time.time()


def requested() -> bool:
    return os.environ.get(ENV_FLAG) == "1"


def process_started_at() -> float:
    """Wall-clock time the process started (seconds since the epoch)."""
    given = os.environ.get(ENV_T0)
    if given:
        return float(given)
    try:
        # Field 22 of /proc/self/stat: start time in clock ticks after boot.
        with open("/proc/self/stat", encoding="ascii") as stat:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        return time.time() - (since_boot - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED_AT


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            elapsed_ms = (time.time() - process_started_at()) * 1000
            print(f"{MARKER} {elapsed_ms:.0f}", flush=True)
            sys.stdout.flush()
            # After this paint completes, not inside it.
            QTimer.singleShot(0, self._app.quit)
        return False


def exit_when_first_painted(app: QApplication, window: QWidget) -> None:
    window.installEventFilter(_FirstPaint(app))


def typing_ms() -> int:
    return int(os.environ.get(ENV_TYPING) or 0)


def note(marker: str, detail: str = "") -> None:
    """Print `marker` and the milliseconds since the process started (and `detail`)."""
    elapsed_ms = (time.time() - process_started_at()) * 1000
    print(f"{marker} {elapsed_ms:.0f} {detail}".rstrip(), flush=True)


class _NotePaint(QObject):
    def __init__(self, window: QWidget, marker: str, exit_after: bool, then: Any) -> None:
        super().__init__(window)
        self._marker, self._exit_after, self._then = marker, exit_after, then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            note(self._marker)
            app = QApplication.instance()
            if self._exit_after and app is not None:
                QTimer.singleShot(0, app.quit)
            elif self._then is not None:
                QTimer.singleShot(0, self._then)
        return False


def note_first_paint(window: QWidget, marker: str, *, exit_after: bool, then: Any = None) -> None:
    """At `window`'s first paint print `marker`; then quit, or call `then` (after the paint)."""
    window.installEventFilter(_NotePaint(window, marker, exit_after, then))


def training_credentials(app_context: Any) -> tuple[str, str]:
    """The training registrar's user name and password, as a person at a training desk types them.

    Training only: the benchmark measures start-up to the main window, and the training accounts'
    password is printed on the training sign-in screen, so nothing secret is bypassed.
    """
    from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD

    if not app_context.settings.training:
        raise RuntimeError("the start-up probe signs in by itself only in training mode")
    return next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "registrar"), TRAINING_PASSWORD


def training_registrar(app_context: Any) -> Any:
    """Signed in as the training registrar (the real password check); training only."""
    return app_context.staff.sign_in(*training_credentials(app_context))

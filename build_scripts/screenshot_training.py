"""What the desk's screenshot scripts share: the training desk they photograph, set up as run_gui
sets up the desk, and the few calls that wait for a window and save it (screenshot_desk.py,
screenshot_split.py)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402

from oncopos.domain.access import Actor  # noqa: E402


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def report(name: str, window: QWidget, out: Path) -> None:
    settle()
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    inside = area.contains(frame)
    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    clipped = [b.text() for b in buttons
               if not window.rect().contains(b.geometry().translated(b.parentWidget().mapTo(window, b.pos()) - b.pos()))]
    window.grab().save(str(out / f"{name}.png"))
    print(f"{name}: frame {frame.width()}x{frame.height()}+{frame.x()}+{frame.y()} in "
          f"{area.width()}x{area.height()}+{area.x()}+{area.y()} -> {'inside' if inside else 'OUTSIDE'}; "
          f"buttons cut off: {clipped or 'none'}")


@dataclass(frozen=True)
class TrainingDesk:
    context: Any  # oncopos.bootstrap's context, built over the training settings
    actor: Actor  # the training manager, signed in
    out: Path  # where the PNGs go (--out)
    locale: str  # the desk's language (ONCOPOS_LOCALE)


@contextmanager
def training_desk(description: str, prefix: str) -> Iterator[TrainingDesk]:
    """Read --out, configure the application as run_gui does, and sign the training manager in on a
    training context whose data lives in a temporary folder for as long as the block runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("OncoOne-screenshots")  # its own remembered sizes, not the desk's

    from oncopos.bootstrap import build_context, training_settings
    from oncopos.config import load_settings
    from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
    from oncopos.ui.app import configure_application
    from oncopos.ui.gc_guard import MainThreadGarbageCollector
    from oncopos.ui.i18n import language_of, use_language

    configure_application(app)
    locale = load_settings().locale
    use_language(language_of(locale))  # as run_gui does: the desk's language (ONCOPOS_LOCALE)
    MainThreadGarbageCollector(app)  # as run_gui does: Qt objects are freed on the UI thread only
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        context = build_context(training_settings(load_settings(data_dir=Path(tmp))))
        manager = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "manager")
        yield TrainingDesk(context, context.staff.sign_in(manager, TRAINING_PASSWORD), args.out, locale)

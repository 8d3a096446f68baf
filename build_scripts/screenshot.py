"""Save a PNG of the main window after a search and a selection, to look at what staff see.

Under Xvfb (a real X server, so fonts and styles render as on a desk)::

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot.py --out /tmp/shot.png

By default the window runs over the in-memory directory the UI tests use (tests/ui/fakes.py);
``--real`` builds the real application context in training mode (SQLite + demo data in a
temporary folder), so the picture shows the real search. Offscreen also works
(QT_QPA_PLATFORM=offscreen) but is not what a person sees.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from oncopos.domain.access import Actor, Role  # noqa: E402
from oncopos.ui.app import configure_application  # noqa: E402
from oncopos.ui.main_window import MainWindow  # noqa: E402


def wait_for(signal: SignalInstance, timeout_ms: int = 5000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def fake_context(args: argparse.Namespace) -> tuple[Any, Any]:
    from tests.ui.fakes import FakeStudentDirectory, sample_enrollments, sample_students

    students = sample_students()
    settings = argparse.Namespace(
        training=args.training, workstation_id="DESK1", business_name="OncoOne Education", locale=args.locale
    )
    return FakeStudentDirectory(students, sample_enrollments(students)), settings


def real_context(args: argparse.Namespace, data_dir: Path) -> tuple[Any, Any]:
    from oncopos.bootstrap import build_context, training_settings
    from oncopos.config import load_settings

    settings = training_settings(load_settings(data_dir=data_dir, locale=args.locale))
    context = build_context(settings)
    return context.student_directory, context.settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/oncopos-window.png"))
    parser.add_argument("--search", default="bérubé", help="what to type in the search box")
    parser.add_argument("--real", action="store_true", help="real training context instead of the fake directory")
    parser.add_argument("--locale", default="en-CA", choices=["en-CA", "fr-CA"])
    parser.add_argument("--no-training", dest="training", action="store_false", help="live look (no banner)")
    parser.add_argument("--size", default="1200x720", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    with tempfile.TemporaryDirectory(prefix="oncopos-shot-") as tmp:
        directory, settings = real_context(args, Path(tmp)) if args.real else fake_context(args)
        # A registrar at the desk, as after signing in (The window always has an actor).
        actor = Actor(None, "reg", Role.REGISTRAR, settings.workstation_id)
        window = MainWindow(directory, settings, actor=actor)
        width, height = (int(n) for n in args.size.split("x"))
        window.resize(width, height)
        window.show()
        settle()

        # Type as staff would (debounce included), then press Enter on the first match.
        window.search_widget.search_edit.setText(args.search)
        wait_for(window.search_widget.search_completed)
        if window.search_widget.model.rowCount() == 0:
            print(f"no student matches {args.search!r}; the picture shows the empty state", file=sys.stderr)
        else:
            window.search_widget.select_current()
            wait_for(window.enrollments_widget.enrollments_loaded)
        settle()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.out)):
            print(f"could not write {args.out}", file=sys.stderr)
            return 1
        print(f"{args.out} ({os.environ.get('QT_QPA_PLATFORM', 'default platform')}, font {app.font().family()})")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The desk's start in two halves: the sign-in screen is up (and takes the password) before the
database, migrations and simulator are ready; signing in waits for them; a failure to load is one
line on the sign-in screen. The real EarlyStart, the real training context, real widgets."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from oncopos.bootstrap import build_context
from oncopos.config import load_settings, training_settings
from oncopos.domain.errors import ConfigurationError
from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
from oncopos.ui.app import open_main_window, prepare_main_window, window_features
from oncopos.ui.early_start import EarlyStart
from oncopos.ui.i18n import FRENCH
from oncopos.ui.main_window import MainWindow
from oncopos.ui.operations import Executors
from oncopos.ui.session.login import LoginDialog


def _flush_deletions() -> None:
    """The sign-in screens these tests leave must be gone before the next test builds a window."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def test_sign_in_is_shown_and_typed_into_before_the_database_is_ready(qtbot, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = training_settings(load_settings(data_dir=tmp_path / "data"))
    release, loads = threading.Event(), []

    def load():  # type: ignore[no-untyped-def]
        assert release.wait(30)
        loads.append(threading.current_thread().name)
        return build_context(settings)

    executors = Executors()
    start = EarlyStart(qapp, load, settings, executors)
    try:
        start.show_first_screen()
        gate = start._gate
        assert isinstance(gate, LoginDialog)
        qtbot.waitUntil(gate.isVisible)
        registrar = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "registrar")
        gate.username_edit.setText(registrar)
        gate.password_edit.setText(TRAINING_PASSWORD)
        gate.sign_in_button.click()  # pressed while the database is still being opened
        qtbot.wait(200)
        assert not start._shown and not loads  # nothing loaded, nobody signed in yet: the sign-in waits
        release.set()
        qtbot.waitUntil(lambda: bool(start._shown), timeout=60_000)
        window = start._shown[0]
        assert isinstance(window, MainWindow) and window.isVisible()
        assert loads == ["oncopos-start"]  # loaded on the start-up thread, not the UI thread
        window.close()
        window.deleteLater()  # gone before the context it holds is closed
    finally:
        release.set()
        executors.shutdown()
        start.close()
        _flush_deletions()


def test_the_main_window_is_made_while_the_password_is_typed_and_shown_only_once_it_is_checked(  # type: ignore[no-untyped-def]
        qtbot, qapp, tmp_path: Path) -> None:
    """While the sign-in screen waits, the main window is built hidden and open for nobody (no
    person, no session, no feature, no student); a wrong password leaves it so; the right one opens
    that same window for the person and shows it."""
    settings = training_settings(load_settings(data_dir=tmp_path / "data"))
    executors = Executors()
    start = EarlyStart(qapp, lambda: build_context(settings), settings, executors)
    try:
        start.show_first_screen()
        gate = start._gate
        assert isinstance(gate, LoginDialog)
        qtbot.waitUntil(lambda: start._prepared is not None, timeout=60_000)
        prepared = start._prepared
        assert isinstance(prepared, MainWindow)
        assert not prepared.isVisible() and not prepared.opened
        assert not hasattr(prepared, "actor") and not hasattr(prepared, "session")
        assert prepared.search_widget.model.rowCount() == 0 and prepared.enrollments_widget.student is None
        with pytest.raises(RuntimeError, match="signed in"):
            prepared.show()  # nothing of the window is seen before someone has signed in
        assert not prepared.isVisible()

        registrar = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "registrar")
        gate.username_edit.setText(registrar)
        gate.password_edit.setText(TRAINING_PASSWORD + "-wrong")
        gate.sign_in_button.click()
        qtbot.waitUntil(gate.error_label.isVisible, timeout=30_000)
        assert not start._shown and start._prepared is prepared and not prepared.isVisible()
        assert not prepared.opened

        gate.password_edit.setText(TRAINING_PASSWORD)
        gate.sign_in_button.click()
        qtbot.waitUntil(lambda: bool(start._shown), timeout=30_000)
        window = start._shown[0]
        assert window is prepared and window.isVisible() and start._prepared is None
        assert window.opened and window.actor.username == registrar
        assert registrar in window.session.signed_in_label.text()
        assert window.payment_actions is not None and window.registration_actions is not None  # its features
        window.close()
        window.deleteLater()
    finally:
        executors.shutdown()
        start.close()
        _flush_deletions()


def _what_the_window_offers(window: MainWindow) -> list[tuple[str, ...]]:
    def walk(actions, depth: int) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
        rows = []
        for action in actions:
            rows.append((str(depth), action.text(), str(action.isVisible()), str(action.isEnabled()),
                         action.shortcut().toString()))
            if action.menu() is not None:
                rows += walk(action.menu().actions(), depth + 1)
        return rows

    bar = [(type(w).__name__, w.objectName(), getattr(w, "text", lambda: "")())
           for w in window.statusBar().findChildren(QWidget) if not w.isHidden()]
    return walk(window.menuBar().actions(), 0) + [tuple(row) for row in bar] + [(window.windowTitle(),)]


def test_a_window_made_ahead_offers_what_one_made_after_the_sign_in_does(qtbot, training) -> None:  # type: ignore[no-untyped-def]
    """For each training role: the menus (texts, shortcuts, what is visible and enabled), the status
    bar and the title of a window made before the sign-in and opened for the person are those of a
    window made for them in one go."""
    for account in TRAINING_ACCOUNTS:
        actor = training.staff.sign_in(account.username, TRAINING_PASSWORD)
        ahead = prepare_main_window(training)
        qtbot.addWidget(ahead)
        assert not ahead.opened
        open_main_window(training, ahead, actor)
        at_once = MainWindow(training.student_directory, training.settings, actor=actor, staff=training.staff,
                             audit=training.audit_trail, idle_lock_minutes=training.settings.idle_lock_minutes,
                             features=window_features(training))
        qtbot.addWidget(at_once)
        assert _what_the_window_offers(ahead) == _what_the_window_offers(at_once), account.username
        for window in (ahead, at_once):
            qtbot.waitUntil(lambda w=window: w.db_executor.pending == 0, timeout=15_000)  # type: ignore[misc]
            window.close()


def test_a_failure_to_load_is_one_line_on_the_sign_in_screen(qtbot, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = training_settings(load_settings(data_dir=tmp_path / "data"))
    message = "Configuration error: cannot open the database file. Check ONCOPOS_DB_URL."

    def load():  # type: ignore[no-untyped-def]
        raise ConfigurationError(message)

    executors = Executors()
    start = EarlyStart(qapp, load, settings, executors)
    try:
        start.show_first_screen()
        gate = start._gate
        assert isinstance(gate, LoginDialog)
        qtbot.waitUntil(gate.error_label.isVisible, timeout=10_000)
        assert gate.error_label.text() == message
        gate.reject()
    finally:
        executors.shutdown()
        start.close()
    with pytest.raises(ConfigurationError, match="cannot open the database"):
        start.raise_failure()


def test_the_first_screen_speaks_the_desk_language(tmp_path: Path) -> None:
    """A Montréal desk (ONCOPOS_LOCALE=fr-CA) signs in in French: the catalogue is installed before
    the sign-in screen is built, not only when someone picks a language from the menu. Run as a
    desk starts, in a process of its own with no window before the first one."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from oncopos.config import load_settings, training_settings
        from oncopos.ui.early_start import EarlyStart
        from oncopos.ui.i18n import current_language
        from oncopos.ui.operations import Executors

        app = QApplication([])
        settings = training_settings(load_settings(data_dir=Path({str(tmp_path / "data")!r}), locale="fr-CA"))
        executors = Executors()
        start = EarlyStart(app, lambda: None, settings, executors)
        start.show_first_screen()
        print(current_language(), start._gate.sign_in_button.text().replace("&", ""))
        executors.shutdown()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"{FRENCH} Se connecter"


#: What the sign-in screen paints without: the database, Stripe, PDF, keyring, hashing and mail
#: libraries, a validation library, and the window's own modules are imported on the start-up
#: thread once it is on the screen (or by the command that needs them).
NOT_BEFORE_SIGN_IN = (
    "pydantic", "sqlalchemy", "alembic", "psycopg", "stripe", "requests", "urllib3", "reportlab", "PIL", "keyring",
    "cryptography", "argon2", "pyotp", "jinja2", "segno", "asyncio", "email.mime", "importlib.metadata",
    "oncopos.bootstrap", "oncopos.services", "oncopos.simulator", "oncopos.adapters.db", "oncopos.adapters.stripe",
    "oncopos.adapters.pdf", "oncopos.adapters.mail", "oncopos.adapters.secrets", "oncopos.domain.tax",
    "oncopos.ui.main_window", "oncopos.ui.settings", "oncopos.ui.payments", "oncopos.ui.registration",
)


def test_the_sign_in_screen_paints_before_the_heavy_imports(tmp_path: Path) -> None:
    """`python -m oncopos` as a desk starts it: every module imported before the sign-in screen's
    first paint (python -X importtime writes a line as each import ends, on the same pipe as the
    start-up probe's mark; the start-up thread begins only after that paint) is none of these."""
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ONCOPOS_DATA_DIR": str(tmp_path / "data"),
           "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"), "ONCOPOS_BENCH_EXIT_WHEN_SHOWN": "1",
           "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(repo)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "oncopos"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path, timeout=180, check=False)
    lines = done.stdout.splitlines()
    marks = [i for i, line in enumerate(lines) if line.startswith("ONCOPOS_SIGN_IN_SHOWN")]
    assert done.returncode == 0 and marks, done.stdout[-3000:]
    first_screen = {line.rsplit("|", 1)[1].strip() for line in lines[:marks[0]] if line.startswith("import time:")}
    assert "oncopos.ui.session.login" in first_screen and "oncopos.config" in first_screen  # the lines are read
    early = sorted(name for name in first_screen
                   if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_BEFORE_SIGN_IN))
    assert early == [], f"imported before the sign-in screen painted: {', '.join(early)}"

"""Shared test set-up. Qt must run offscreen: without a screen it would abort the whole process.

Nothing a test starts writes into the real home folder: before anything is imported, HOME and the
XDG folders point at a throwaway folder for the whole session, and every subprocess inherits them
(the app's data and log folders come from platformdirs, the Stripe SDK keeps a telemetry id under
~/.config/stripe). The session fails if the real home's OncoPOS or Stripe folders changed anyway.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REAL_HOME = Path.home()
TEST_HOME = Path(tempfile.mkdtemp(prefix="oncopos-test-home-"))
os.environ["HOME"] = str(TEST_HOME)
for _name, _folder in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                       ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
    os.environ[_name] = str(TEST_HOME / _folder)

REPO = Path(__file__).resolve().parent.parent

# What a test run would write if it used the real home (tests/integration/test_home_untouched.py).
WATCHED = [REAL_HOME / ".local" / "share" / "OncoPOS", REAL_HOME / ".local" / "state" / "OncoPOS",
           REAL_HOME / ".config" / "OncoPOS", REAL_HOME / ".cache" / "OncoPOS", REAL_HOME / ".config" / "stripe"]


def home_snapshot() -> dict[str, tuple[int, int]]:
    """(size, modification time) of every file and folder under the watched folders of the real home."""
    seen: dict[str, tuple[int, int]] = {}
    for root in WATCHED:
        for path in [root, *root.rglob("*")] if root.exists() else []:
            info = path.stat()
            seen[str(path)] = (info.st_size if path.is_file() else 0, info.st_mtime_ns)
    return seen


_HOME_BEFORE = home_snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(TEST_HOME, ignore_errors=True)
    # Only where this run is alone on the machine (CI): other runs sharing the home write there too.
    if not os.environ.get("ONCOPOS_CHECK_REAL_HOME"):
        return
    changed = sorted(set(home_snapshot().items()) ^ set(_HOME_BEFORE.items()))
    if changed:
        print(f"\nThe tests wrote into the real home folder {REAL_HOME}: {', '.join(sorted({p for p, _ in changed}))}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

# Fixtures shared across folders, found by name like any conftest fixture (a test module never
# imports a fixture). A conftest or test module nearer the test may define the same name.
pytest_plugins = [
    "tests.databases",
    "tests.integration.stripe_fixtures",
    "tests.integration.payment_fixtures",
    "tests.integration.refund_fixtures",
]

# Collect garbage only between tests, on the main thread: a collection triggered on a worker
# thread would destroy Qt objects there and crash Qt later (oncopos/ui/gc_guard.py explains).
gc.disable()


def pytest_collection_finish(session: pytest.Session) -> None:
    # Everything alive once the tests are collected (modules, the collected items) lives for the
    # whole run: moved out of the collector's sight, a collection between tests scans only what the
    # tests themselves made. A full collection over the whole heap cost 0.2 s per test (two minutes
    # and a half for the 768 cases of the message catalogue alone); now it costs milliseconds.
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()
    # What outlives its test (a module's cache, a window's translator, a session fixture) is frozen
    # too, so the next test's collection scans only what that test made. Left in view, those
    # survivors grew with every test: after the windows' tests a collection cost 0.2 to 1 s, and
    # the 1,100 catalogue cases that follow them took 20 minutes of CI. Garbage is collected first,
    # so only live objects are frozen; objects freed by their reference count still go at once.
    gc.freeze()


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's .env or writes into their real data folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONCOPOS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONCOPOS_CONFIG_FILE", str(tmp_path / "config" / "settings.toml"))
    for name in list(os.environ):
        if name.startswith(("MIN_PAYMENT", "MAX_PAYMENT", "OTP_", "BUSINESS_", "SMTP_", "STRIPE_", "ONCOPOS_SECRET_")):
            monkeypatch.delenv(name)
    yield


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 26, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()

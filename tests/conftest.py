"""Shared test set-up. Qt must run offscreen: without a screen it would abort the whole process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

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


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()


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

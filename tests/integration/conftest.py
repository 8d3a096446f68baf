"""Fixtures for the integration tests (the databases come from tests/databases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import FixedClock
from tests.integration.invoice_helpers import World


@pytest.fixture
def world(engine: Engine, clock: FixedClock, tmp_path: Path) -> World:
    """The invoice desk: real services over `engine`, documents under tmp_path."""
    return World(engine, clock, tmp_path / "documents")

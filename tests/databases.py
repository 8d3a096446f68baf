"""Database fixtures, for every test folder (tests/conftest.py registers this module): a fresh SQLite
file and a fresh PostgreSQL database each.

PostgreSQL comes from build_scripts/test.sh (ONCOPOS_TEST_PG_URL). Each test gets its own
database cloned from a migrated template, so tests never see each other's rows. Outside the test
script the PostgreSQL half is skipped, unless ONCOPOS_REQUIRE_PG is set (as the script does),
where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade

PG_URL = os.environ.get("ONCOPOS_TEST_PG_URL")
TEMPLATE = "oncopos_template"


def _admin_engine() -> Engine:
    assert PG_URL
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not PG_URL:
        if os.environ.get("ONCOPOS_REQUIRE_PG"):
            pytest.fail("ONCOPOS_REQUIRE_PG is set but ONCOPOS_TEST_PG_URL is not: PostgreSQL was not started")
        pytest.skip("PostgreSQL tests run through build_scripts/test.sh (ONCOPOS_TEST_PG_URL not set)")
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{TEMPLATE}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{TEMPLATE}"'))
    template_url = make_url(PG_URL).set(database=TEMPLATE).render_as_string(hide_password=False)
    engine = make_engine(template_url)
    upgrade(engine)
    engine.dispose()
    yield template_url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'oncopos-test.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test that takes `db_url` runs twice: on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()

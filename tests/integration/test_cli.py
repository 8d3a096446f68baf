"""The command line, run as a person would run it: a separate process, one clear line on error."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos import __version__
from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.session import make_session_factory

REPO = Path(__file__).resolve().parents[2]


def oncopos(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "oncopos", *args], check=False, capture_output=True, text=True, env=full_env, timeout=120
    )


def test_version() -> None:
    result = oncopos("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"OncoPOS {__version__}"


def test_db_upgrade_then_seed_on_both_databases(tmp_path: Path, db_url: str) -> None:
    # db_url is already migrated: upgrading again must be a no-op that reports the revision.
    result = oncopos("db", "upgrade", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "is at revision" in result.stdout and "@" not in result.stdout.split(" is at")[0].split("//")[0]
    result = oncopos("demo", "seed", "--db", db_url, "--students", "12")
    assert result.returncode == 0, result.stderr
    assert "Seeded 12 students, 8 courses" in result.stdout
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM students")) == 12
    engine.dispose()
    # the demo school's payments all lie in the past of the clock that seeded them.
    with make_session_factory(make_engine(db_url), workstation_id="T")() as session:
        latest = session.scalar(sa.select(sa.func.max(Payment.completed_at)))
        assert latest is not None and latest < datetime.now(UTC)
    again = oncopos("demo", "seed", "--db", db_url)
    assert again.returncode == 0 and "already has the demo data" in again.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["staff", "add"], "oncopos staff add: the following arguments are required: USER, --role; "
                           "see oncopos staff add --help"),
        (["secrets", "bogus", "x"], "oncopos secrets: argument action: invalid choice: 'bogus' "
                                    "(choose from 'set', 'check', 'delete'); see oncopos secrets --help"),
        (["--bogus"], "oncopos: unrecognized arguments: --bogus; see oncopos --help"),
        (["demo", "seed", "--students", "x"], "oncopos demo seed: argument --students: invalid int value: 'x'; "
                                              "see oncopos demo seed --help"),
        (["audit"], "oncopos audit: the following arguments are required: COMMAND (verify, export); "
                    "see oncopos audit --help"),
    ],
)
def test_argument_errors_are_one_line(args: list[str], expected: str) -> None:
    result = oncopos(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected + "\n")


def test_reconcile_takes_db_where_the_readme_shows_it(tmp_path: Path) -> None:
    result = oncopos("reconcile", "--help")
    assert result.returncode == 0 and "--db URL" in result.stdout


def test_fresh_sqlite_file_is_created(tmp_path: Path) -> None:
    target = tmp_path / "new" / "desk.sqlite3"
    result = oncopos("db", "upgrade", "--db", f"sqlite:///{target}")
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_bad_configuration_is_one_line_and_exit_2() -> None:
    result = oncopos("db", "upgrade", env={"MAX_PAYMENT_AMOUNT": "lots"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: MAX_PAYMENT_AMOUNT='lots' is not allowed; use a dollar amount with at most "
        "2 decimals, e.g. 25000.00, above MIN_PAYMENT_AMOUNT."
    )


def test_unreachable_database_is_one_clear_line() -> None:
    # A port nobody listens on: the message names the database (without password) and what to check.
    result = oncopos("db", "upgrade", "--db", "postgresql+psycopg://desk:secret@127.0.0.1:9/oncopos")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot reach the database postgresql+psycopg://desk:***@127.0.0.1:9/oncopos" in lines[0]
    assert "secret" not in result.stderr

"""`oncopos sync --once` as a scheduled task runs it: a separate process, a summary, an exit code."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import Workstation
from oncopos.adapters.db.session import make_session_factory
from tests.integration.sync_helpers import student
from tests.integration.test_cli import oncopos

DESK_ENV = {"WORKSTATION_ID": "DESK5", "INVOICE_SERIES": "D5"}


def _desk_with_students(tmp_path: Path, count: int) -> str:
    url = f"sqlite:///{tmp_path / 'desk5.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine, workstation_id="DESK5")
    with factory() as session, session.begin():
        session.add_all(student() for _ in range(count))
    engine.dispose()
    return url


def test_sync_once_sends_the_desks_changes(tmp_path: Path, pg_url: str) -> None:
    desk_url = _desk_with_students(tmp_path, 3)
    result = oncopos("sync", "--once", "--db", desk_url, "--central", pg_url, env=DESK_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("DESK5 synced with postgresql+psycopg://")
    assert "3 sent, 0 received, 0 waiting to be sent." in result.stdout
    central = sa.create_engine(pg_url)
    with central.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(Student)) == 3
        assert conn.execute(sa.select(Workstation.id, Workstation.invoice_series)).all() == [("DESK5", "D5")]
    central.dispose()
    again = oncopos("sync", "--once", "--db", desk_url, "--central", pg_url, env=DESK_ENV)
    assert again.returncode == 0 and "0 sent, 0 received, 0 waiting to be sent." in again.stdout


def test_sync_once_with_the_central_database_down_is_one_line_and_exit_1(tmp_path: Path) -> None:
    desk_url = _desk_with_students(tmp_path, 2)
    result = oncopos("sync", "--once", "--db", desk_url, "--central", "postgresql+psycopg://oncopos@127.0.0.1:9/x", env=DESK_ENV)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("oncopos: Cannot reach the central database postgresql+psycopg://oncopos@127.0.0.1:9/x")
    assert "keep working here" in line


def test_sync_without_a_central_database_says_how_to_set_one(tmp_path: Path) -> None:
    result = oncopos("sync", "--once", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", env={"ONCOPOS_CENTRAL_URL": ""})
    assert result.returncode == 2
    assert "pass --central URL or set ONCOPOS_CENTRAL_URL" in result.stderr

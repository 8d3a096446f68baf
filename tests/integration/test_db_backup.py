"""Before start-up migrates an older SQLite database, a copy of it lands in <data_dir>/backups."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from oncopos.adapters.db.backup import backup_before_upgrade, backups
from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import current_revision, head_revision, upgrade
from oncopos.bootstrap import build_context
from oncopos.config import load_settings
from oncopos.domain.errors import UserFacingError
from tests.conftest import FixedClock

FIRST = "0001"


def _old_database(path: Path) -> sqlite3.Connection:
    """A database left at the first revision, holding a row committed only to the WAL file.

    The returned connection stays open so SQLite does not checkpoint the row into the main file:
    a plain file copy would lose it, the online backup must not.
    """
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, FIRST)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE desk_marker (note TEXT)")
    conn.execute("INSERT INTO desk_marker VALUES ('Émilie paid 250.00 before the upgrade')")
    return conn


def test_start_up_backs_up_an_old_database_then_migrates(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "desk.sqlite3"
    holder = _old_database(db)
    assert Path(f"{db}-wal").stat().st_size > 0  # the row is in the WAL, not yet in the main file
    settings = load_settings(data_dir=tmp_path, db_url=f"sqlite:///{db}")

    context = build_context(settings, clock=clock)
    context.close()
    holder.close()

    [copy] = backups(tmp_path / "backups")
    assert copy.name == f"oncopos-20261126T150000Z-{FIRST}.sqlite3"
    with sqlite3.connect(copy) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
        assert backup.execute("SELECT note FROM desk_marker").fetchall() == [
            ("Émilie paid 250.00 before the upgrade",)
        ]
        assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    engine = make_engine(f"sqlite:///{db}")
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_no_backup_for_a_new_or_current_database(tmp_path: Path, clock: FixedClock) -> None:
    settings = load_settings(data_dir=tmp_path)
    build_context(settings, clock=clock).close()  # a new, empty database
    build_context(settings, clock=clock).close()  # already at the head
    assert backups(tmp_path / "backups") == []


def test_only_the_last_ten_are_kept(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "desk.sqlite3"
    _old_database(db).close()
    engine = make_engine(f"sqlite:///{db}")
    made = []
    for _ in range(12):
        made.append(backup_before_upgrade(engine, tmp_path / "backups", clock=clock))
        clock.now += timedelta(hours=1)
    engine.dispose()
    assert backups(tmp_path / "backups") == made[2:]
    assert not made[0].exists() and not made[1].exists()


def test_a_failed_backup_stops_start_up_and_leaves_the_database_alone(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    _old_database(db).close()
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    settings = load_settings(data_dir=tmp_path, db_url=f"sqlite:///{db}")

    with pytest.raises(UserFacingError, match="could not back up the database before upgrading"):
        build_context(settings)
    engine = make_engine(f"sqlite:///{db}")
    assert current_revision(engine) == FIRST
    engine.dispose()

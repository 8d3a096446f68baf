"""A copy of the desk's SQLite database before a migration changes it.

An upgrade installs new code; its migrations run at the next start. If one of them goes wrong
(or the new version has to be rolled back), the copy taken just before is the way back:
`<data_dir>/backups/oncopos-<UTC time>-<old revision>.sqlite3`, the last `KEEP` of them.

The copy uses SQLite's online backup API, not a file copy: the database runs in WAL mode, so the
main file alone can miss committed transactions still in the -wal file, and another process may be
writing while we read.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from oncopos.adapters.db.migrate import current_revision, head_revision
from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import msg

log = logging.getLogger(__name__)

KEEP = 10
PREFIX = "oncopos-"
SUFFIX = ".sqlite3"


def sqlite_file(engine: Engine) -> Path | None:
    """The database file behind `engine`, or None for PostgreSQL and in-memory SQLite."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_before_upgrade(
    engine: Engine,
    backups_dir: Path,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    keep: int = KEEP,
) -> Path | None:
    """Back up the SQLite database if migrations are about to change it; returns the copy's path.

    Nothing is copied for a new (empty) database, one already at the head revision, or a
    PostgreSQL database (the central server has its own backups).
    """
    path = sqlite_file(engine)
    if path is None or not path.exists():
        return None
    old = current_revision(engine)
    if old is None or old == head_revision():
        return None
    stamp = clock().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe_revision = re.sub(r"[^A-Za-z0-9]+", "_", old)
    target: Path | None = None
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        target = _free_name(backups_dir, f"{PREFIX}{stamp}-{safe_revision}")
        _online_copy(path, target)
    except (sqlite3.Error, OSError) as exc:
        if target is not None:
            target.unlink(missing_ok=True)
        # Migrating without a way back would put the desk's records at risk: stop here instead.
        raise UserFacingError(
            msg("db.backup_failed", exc=str(exc), backups_dir=str(backups_dir))
        ) from exc
    log.info("database at revision %s backed up to %s before migrating to %s", old, target, head_revision())
    prune(backups_dir, keep)
    return target


def _free_name(folder: Path, stem: str) -> Path:
    # Two upgrades in the same second (tests, a crash loop) must not overwrite each other's copy.
    candidate, n = folder / f"{stem}{SUFFIX}", 1
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return candidate


def _online_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # One self-contained file: a copy left in WAL mode would need its -wal sibling.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backups(backups_dir: Path) -> list[Path]:
    """The backups, oldest first."""
    if not backups_dir.is_dir():
        return []
    found = [p for p in backups_dir.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def prune(backups_dir: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    old = backups(backups_dir)[:-keep] if keep > 0 else backups(backups_dir)
    for path in old:
        path.unlink(missing_ok=True)
        log.info("old database backup %s deleted (keeping the last %d)", path.name, keep)
    return old

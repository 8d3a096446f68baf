"""How a command opens its database: checked first, read-only when the command only reads.

A command that only reads (audit verify, mail status, report eod, staff list, stripe check)
writes nothing at all: no migration, no back-up, no seeding, no audit event, and the connection
itself refuses writes (SQLite `query_only`, PostgreSQL read-only transactions). Pointed at the
central database from a desk, it leaves that desk's chain there exactly as it was.

A command that writes migrates first (as the app does at start-up). Either way, a path that is
a folder, a file that is not SQLite or a folder that cannot be created is one line, before
SQLAlchemy or SQLite get to raise.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from oncopos.config import Settings
from oncopos.domain.errors import UserFacingError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from oncopos.bootstrap import AppContext

_SQLITE_HEADER = b"SQLite format 3\x00"


def open_context(settings: Settings, *, read_only: bool = False, desk_only: str | None = None) -> AppContext:
    """The application context over the command's database (close it when done).

    `desk_only` names a command that works on a desk's own records and refuses the central
    database; any other command that writes to the central database acts as it (commands.central).
    """
    from oncopos.adapters.db.migrate import current_revision, head_revision
    from oncopos.bootstrap import build_context
    from oncopos.commands.central import central_settings, is_central, refuse_central, write_as_central

    check_database(settings.database_url, must_exist=read_only)
    if not read_only:
        if desk_only:
            refuse_central(settings, desk_only)
            return build_context(settings)
        if not is_central(settings):
            return build_context(settings)
        context = build_context(central_settings(settings))
        write_as_central(context.session_factory, context.clock)
        return context
    # training off: training seeds its database and adds its accounts, which are writes.
    context = build_context(settings.model_copy(update={"training": False}), migrate=False)
    try:
        make_read_only(context.engine)
        revision = current_revision(context.engine)
        if revision != head_revision():
            raise UserFacingError(
                f"The database {_shown(settings.database_url)} is at revision {revision or 'none (no OncoPOS tables)'}, "
                f"not {head_revision()}: bring it up to date first with oncopos db upgrade --db URL."
            )
    except BaseException:
        context.close()
        raise
    return context


def make_read_only(engine: Engine) -> None:
    """Every connection of `engine` refuses writes from now on."""
    import sqlalchemy as sa

    engine.dispose()  # no connection opened before this point escapes the rule
    backend = engine.url.get_backend_name()

    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        if backend == "sqlite":
            cursor.execute("PRAGMA query_only=ON")
        elif backend == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        if backend == "postgresql":
            dbapi_connection.commit()

    sa.event.listen(engine, "connect", _on_connect)
    if backend == "sqlite":
        # A write transaction begins IMMEDIATE (taking the write lock), which a connection that
        # refuses writes cannot do: a reader begins deferred, as SQLite's own readers do.
        from oncopos.adapters.db import engine as engines

        begin_immediate = getattr(engines, "_begin_immediate", None)
        if begin_immediate is not None and sa.event.contains(engine, "begin", begin_immediate):
            sa.event.remove(engine, "begin", begin_immediate)
            sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))


def check_database(url: str, *, must_exist: bool) -> None:
    """One clear line for a SQLite path that cannot work; nothing to check for a server URL."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database)
    if path.is_dir():
        raise UserFacingError(f"The database path {path} is a folder, not a file. Give a file, e.g. "
                              f"--db sqlite:///{path / 'oncopos.sqlite3'}.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise UserFacingError(f"Cannot read the database file {path}: {exc.strerror}. Check its permissions.") from None
        if header and header != _SQLITE_HEADER:
            raise UserFacingError(f"{path} is not a SQLite database. Check the path in --db or ONCOPOS_DB_URL.")
        return
    if must_exist:
        raise UserFacingError(f"There is no database at {path}. Create it with: oncopos db upgrade --db sqlite:///{path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserFacingError(f"Cannot create the folder {path.parent} for the database: {exc.strerror}. "
                              "Choose a path in a folder you can write.") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserFacingError(f"Cannot create the database {path}: the folder {path.parent} is not writable. "
                              "Choose a path in a folder you can write.")


def _shown(url: str) -> str:
    from oncopos.adapters.db.engine import redact

    return redact(url)

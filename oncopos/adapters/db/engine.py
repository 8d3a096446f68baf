"""Engines for the local SQLite file and the central PostgreSQL, built in the composition root."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, ExceptionContext, make_url

from oncopos.domain.errors import DatabaseBusy
from oncopos.domain.messages import msg

log = logging.getLogger(__name__)

#: Seconds a SQLite writer waits for another one to finish before giving up.
SQLITE_BUSY_TIMEOUT = 15.0

# SQLite's words for "another connection holds the lock" (SQLITE_BUSY, SQLITE_LOCKED).
_BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")


def make_engine(url: str, *, echo: bool = False, busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, echo=echo, connect_args={"timeout": busy_timeout})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        # SQLAlchemy's pysqlite recipe: pysqlite's own BEGIN is off (see _sqlite_pragmas) and every
        # transaction starts IMMEDIATE, taking the write lock up front. With a deferred BEGIN a
        # transaction that read first and writes second fails at once (SQLITE_BUSY_SNAPSHOT) when
        # another connection committed in between, whatever the busy time-out; IMMEDIATE makes
        # it wait its turn instead. WAL keeps readers outside transactions free.
        sa.event.listen(engine, "begin", _begin_immediate)
        sa.event.listen(engine, "handle_error", _busy_is_domain_error)
        return engine
    if parsed.get_backend_name() == "postgresql":
        # pool_pre_ping: a desk's connection to the central database survives network blips.
        engine = sa.create_engine(url, echo=echo, pool_pre_ping=True, connect_args={"connect_timeout": 5})
        sa.event.listen(engine, "connect", _utc_session)
        return engine
    return sa.create_engine(url, echo=echo)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves (see make_engine)
    cursor = dbapi_connection.cursor()
    # WAL lets the window read while a background write commits; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _utc_session(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """A PostgreSQL session on UTC, what every stored time is: the driver hands timestamps back in UTC
    as they are (UTCDateTime keeps them), where converting each to the server's zone and back again
    cost a tenth of a busy day's report. Only a matter of speed: nothing reads times in the session's
    zone, and a session left on another (a pooler that drops the setting) gives the same values."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET, not a transaction left open
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.autocommit = autocommit


def _begin_immediate(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _busy_is_domain_error(context: ExceptionContext) -> Any:
    """A lock still held after the busy time-out: one sentence for a person, not sqlite3's text."""
    original = context.original_exception
    if not isinstance(original, Exception) or not any(m in str(original).lower() for m in _BUSY_MARKERS):
        return None
    log.warning("SQLite stayed locked past the busy time-out: %s", original)
    return DatabaseBusy(msg("db.busy"))


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)

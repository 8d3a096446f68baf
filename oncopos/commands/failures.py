"""What a command says when something below it failed: one line, what happened and what to do.

The command line never shows a traceback. Errors the code raises on purpose are UserFacingError
(printed as they are); this module turns the library errors that reach the top (a database that
cannot be reached or is not a database, a file that cannot be written, a date out of range) into
the same kind of line. Anything else is logged with its traceback in app.log and named by type.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

EXIT_ERROR, EXIT_CONFIG = 1, 2


@dataclass(frozen=True)
class Failure:
    line: str
    exit_code: int = EXIT_ERROR


def describe(exc: BaseException, database_url: str | None) -> Failure:
    try:
        import sqlalchemy.exc as sa_exc
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        sa_exc = None  # type: ignore[assignment]
    where = _redacted(database_url) if database_url else "the database"
    if sa_exc is not None:
        if isinstance(exc, (sa_exc.NoSuchModuleError, sa_exc.ArgumentError)):
            return Failure(f"{where} is not a database URL this OncoPOS can open ({_first_line(exc)}); use "
                           "sqlite:///path/oncopos.sqlite3 or postgresql+psycopg://user@host/db.", EXIT_CONFIG)
        if isinstance(exc, sa_exc.DBAPIError):
            reason = _first_line(exc.orig if exc.orig is not None else exc)
            if "no such table" in reason or ("does not exist" in reason and "relation" in reason):
                return Failure(f"{where} has no OncoPOS tables, or older ones: run oncopos db upgrade --db URL first "
                               f"({reason}).")
            if "not a database" in reason or "malformed" in reason:
                return Failure(f"{where} is not an OncoPOS database ({reason}). Check the path in --db or ONCOPOS_DB_URL.")
            if "read-only" in reason or "readonly" in reason:
                return Failure(f"{where} cannot be written ({reason}). Check the file's permissions.")
            if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
                return Failure(f"cannot reach the database {where} ({reason}). Check the URL, that the server is "
                               "running and that this user may connect; then run the command again.")
            return Failure(f"the database {where} refused the command ({reason}). Nothing was changed; "
                           "if it happens again, send app.log to support.")
        if isinstance(exc, sa_exc.SQLAlchemyError):
            return Failure(f"the database {where} could not be used ({_first_line(exc)}).")
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return Failure(f"{name}{exc.strerror or exc}. Check that the path exists and that you may write there.")
    if isinstance(exc, OverflowError):
        return Failure(f"a date or number is out of range ({exc}); use dates between 2000-01-01 and 2099-12-31.")
    if isinstance(exc, UnicodeError):
        return Failure(f"a file or value is not UTF-8 text ({_first_line(exc)}). Save it as UTF-8 and try again.")
    return Failure(f"unexpected error ({type(exc).__name__}: {_first_line(exc)}). Nothing more was done; "
                   "the details are in app.log in the log folder: send it to support.")


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0].strip().rstrip(".") if text else type(exc).__name__
    return line if len(line) <= 300 else line[:300] + "…"


def _redacted(url: str) -> str:
    try:
        from oncopos.adapters.db.engine import redact

        return redact(url)
    except Exception:  # a URL too broken to parse is not echoed (it may hold a password)
        return "the database URL"

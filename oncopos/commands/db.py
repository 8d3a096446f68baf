"""`oncopos db upgrade`: create or migrate the local SQLite file or the central PostgreSQL."""

from __future__ import annotations

import argparse

from oncopos.config import Settings
from oncopos.domain.errors import UserFacingError


def register(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="database administration").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="create or migrate a database (local SQLite or central PostgreSQL)")
    up.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    up.set_defaults(handler=upgrade_command)


def upgrade_command(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError

    from oncopos.adapters.db.engine import make_engine, redact
    from oncopos.adapters.db.migrate import upgrade
    from oncopos.commands.opening import check_database

    check_database(settings.database_url, must_exist=False)
    engine = make_engine(settings.database_url)
    try:
        revision = upgrade(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0].rstrip(".")
        raise UserFacingError(
            f"cannot reach the database {redact(settings.database_url)} ({reason}). "
            "Check the URL, that the server is running and that this user may connect."
        ) from None
    finally:
        engine.dispose()
    print(f"{redact(settings.database_url)} is at revision {revision} (latest).")
    return 0

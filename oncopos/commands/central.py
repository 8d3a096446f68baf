"""A command pointed at the central database acts as the central database, not as this desk.

Each desk's audit chain on the central database is that desk's, extended only by its own pushes:
an event a command wrote there under the desk's workstation id took the sequence number the
desk's next pushed event needed, so that push was refused forever and a later verify reported
tampering. So a command that writes to the central database writes under the central database's
own identity (workstation CENTRAL, the chain the central database keeps for what it writes
itself), as the sync does: in a transaction that holds the sync lock, with every row entered in
the central change log so that the desks pull it, and no desk outbox entry.

Commands that only make sense on a desk's own records (reconcile, the mail outbox, invoice
reprints, demo data) refuse the central database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oncopos.config import Settings
from oncopos.domain.errors import UserFacingError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

CENTRAL = "CENTRAL"  # as oncopos.adapters.sync.changelog.CENTRAL (not imported: that loads the sync)


def is_central(settings: Settings) -> bool:
    """The database this command opens is the one ONCOPOS_CENTRAL_URL names, or one desks have pushed to."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() != "postgresql":
        return False
    if settings.central_url:
        central = make_url(settings.central_url)
        if (url.host or "localhost", url.port or 5432, url.database) == (
                central.host or "localhost", central.port or 5432, central.database):
            return True
    return _has_change_log(settings.database_url)


def _has_change_log(database_url: str) -> bool:
    """Only the central database writes its change log; on a desk the table stays empty."""
    import sqlalchemy as sa

    from oncopos.adapters.db.engine import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("central_changes"):
                return False
            return conn.execute(sa.text("SELECT 1 FROM central_changes LIMIT 1")).first() is not None
    finally:
        engine.dispose()


def refuse_central(settings: Settings, command: str) -> None:
    if is_central(settings):
        raise UserFacingError(
            f"oncopos {command} works on a desk's own database, not on the central database: run it on the desk "
            "without --db (or with that desk's ONCOPOS_DB_URL)."
        )


def central_settings(settings: Settings) -> Settings:
    """The same settings, acting as the central database (its own chain, its own rows' origin)."""
    return settings.model_copy(update={"workstation_id": CENTRAL, "central_url": None})


def write_as_central(session_factory: sessionmaker[Session], clock: Any) -> None:
    """Sessions of `session_factory` hold the sync lock and log their rows as the sync's pushes do."""
    import sqlalchemy as sa

    from oncopos.adapters.db.session import OUTBOX_WRITER
    from oncopos.adapters.sync.central import SYNC_LOCK_KEY
    from oncopos.adapters.sync.changelog import log_change

    def _lock(session: Session, _transaction: Any, connection: sa.Connection) -> None:
        if connection.dialect.name == "postgresql":  # re-entrant within the transaction; released at its end
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(SYNC_LOCK_KEY)))

    def _log(connection: sa.Connection, entries: list[dict[str, Any]]) -> None:
        # a desk's outbox means "to push"; the central database pushes to no one: its changes are logged.
        now = clock()
        for entry in entries:
            log_change(connection, entry["table_name"], entry["row_id"], entry["row_version"], CENTRAL,
                       entry["row_version"], now)

    # The central database's own chain is hashed as its own writes are (plain): this desk's
    # keyring key chains this desk's events only, and must never be used, or made, for CENTRAL.
    info = session_factory.kw.setdefault("info", {})
    info["audit_key"] = None
    info[OUTBOX_WRITER] = _log
    sa.event.listen(session_factory, "after_begin", _lock)

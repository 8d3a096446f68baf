"""`oncopos central setup` and `oncopos central add-desk WORKSTATION_ID`: run by the administrator
of the central PostgreSQL, signed in as its owner (the URL's user, password from libpq's .pgpass
or the prompt of the server's own authentication).

`setup` installs what the central database enforces itself (oncopos.adapters.sync.central_guard).
`add-desk` creates one desk's own login and maps it to its workstation id. Its password is never
written to a file: with --here (run on the desk itself) it goes straight into this computer's
keyring as central_db_password; otherwise it is shown once on the terminal, to be typed at the
desk with `oncopos secrets set central_db_password`.
"""

from __future__ import annotations

import argparse
import sys

from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError


def register(commands: argparse._SubParsersAction) -> None:
    central = commands.add_parser("central", help="administer the central database").add_subparsers(
        dest="central_command", required=True
    )
    setup = central.add_parser("setup", help="install the central database's own rules (once, as its owner)")
    setup.add_argument("--central", metavar="URL", required=True, help="the central PostgreSQL, as its owner")
    setup.set_defaults(handler=setup_command)
    add = central.add_parser(
        "add-desk", help="create a desk's own login to the central database",
        description="Create (or renew) the PostgreSQL login of one desk, mapped to its workstation id.",
    )
    add.add_argument("workstation", metavar="WORKSTATION_ID", help="the desk's WORKSTATION_ID, e.g. DESK2")
    add.add_argument("--central", metavar="URL", required=True, help="the central PostgreSQL, as its owner")
    add.add_argument("--here", action="store_true",
                     help="this computer is the desk: keep the password in its keyring instead of showing it")
    add.set_defaults(handler=add_desk_command)


def _engine(url: str):  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from oncopos.adapters.db.engine import redact

    if not url.startswith("postgresql"):
        raise ConfigurationError(f"--central {redact(url)} is not a PostgreSQL URL (postgresql+psycopg://user@host/db).")
    return sa.create_engine(url, connect_args={"connect_timeout": 10})


def _run(url: str, work):  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from oncopos.adapters.sync.connect import unavailable

    engine = _engine(url)
    try:
        return work(engine)
    except sa.exc.OperationalError as exc:
        raise unavailable(exc, url) from None
    except sa.exc.ProgrammingError as exc:
        reason = (str(exc.orig).strip().splitlines() or ["refused"])[0]
        raise ConfigurationError(
            f"The central database refused ({reason}). Run this as the owner of the central database, "
            "after `oncopos db upgrade --db URL` has created its tables."
        ) from None
    finally:
        engine.dispose()


def setup_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.sync.central_guard import setup_central

    _run(args.central, setup_central)
    print("The central database now keeps its own rules: per-desk logins and an append-only audit chain.")
    return 0


def add_desk_command(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.engine import make_url

    from oncopos.adapters.secrets import KeyringSecretStore
    from oncopos.adapters.sync.central_guard import register_desk
    from oncopos.adapters.sync.connect import PASSWORD_SECRET

    if not args.here and not sys.stdout.isatty():
        raise ConfigurationError(
            "The desk's password is shown only on a terminal, never written to a file or a pipe. Run this in a "
            "terminal, or on the desk itself with --here to keep it in that desk's keyring."
        )
    store = KeyringSecretStore() if args.here else None
    if store is not None:
        store.get(PASSWORD_SECRET)  # fails now, before the login is made, if this computer has no keyring
    credential = _run(args.central, lambda engine: register_desk(engine, args.workstation))
    desk_url = make_url(args.central).set(username=credential.role, password=None).render_as_string(hide_password=False)
    if store is not None:
        store.set(PASSWORD_SECRET, credential.password)
        print(f"Desk {credential.workstation_id} registered; its password is in this computer's keyring.")
    else:
        print(f"Desk {credential.workstation_id} registered. Its password, shown this once:")
        print(f"    {credential.password}")
        print("At the desk, run: oncopos secrets set central_db_password   (and type it there)")
    print(f"Set on the desk: WORKSTATION_ID={credential.workstation_id} ONCOPOS_CENTRAL_URL={desk_url}")
    return 0

"""`oncopos settings path|show|export FILE|import FILE`: the desk's non-secret settings file.

Export on a desk that is set up, import on the next one: business details, email server, Stripe
mode and limits come across; secrets never do (set them on each desk: `oncopos secrets set ...`).
Import checks every value before it writes anything, and records the change in the audit trail.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError
from oncopos.services.ports import UnitOfWork


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "settings", help="show, export or import this desk's non-secret settings",
        description="The settings file holds this desk's non-secret settings; the environment and .env override it.",
    )
    sub = parser.add_subparsers(dest="settings_command", required=True)
    sub.add_parser("path", help="print where the settings file is").set_defaults(handler=path_command)
    sub.add_parser("show", help="print the settings in the file, and which the environment overrides").set_defaults(
        handler=show_command)
    export = sub.add_parser("export", help="write the non-secret settings to FILE, for the next desk")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=export_command)
    imported = sub.add_parser("import", help="check every setting in FILE, then make them this desk's settings")
    imported.add_argument("file", type=Path)
    imported.add_argument("--db", metavar="URL", dest="db_sub", help="the database the change is audited in")
    add_credentials(imported)
    imported.set_defaults(handler=import_command)


def _store():  # type: ignore[no-untyped-def]
    from oncopos.adapters.db.session import utc_now
    from oncopos.services.settings_store import SettingsStore

    # No database is needed to read or export; the audited import builds the full context instead.
    return SettingsStore(_no_database, clock=utc_now)


def _no_database() -> UnitOfWork:
    raise ConfigurationError("This settings command reads the file only; run it from the app to record a change.")


def path_command(args: argparse.Namespace, settings: Settings) -> int:
    store = _store()
    print(f"{store.path} ({'exists' if store.exists() else 'not created yet'})")
    return 0


def show_command(args: argparse.Namespace, settings: Settings) -> int:
    store = _store()
    values, overridden = store.values(), store.overridden_keys()
    if not values:
        print(f"No settings saved in {store.path} yet; the defaults, the environment and .env apply.")
    for key, value in values.items():
        note = "  (overridden by the environment or .env)" if key in overridden else ""
        print(f"{key} = {value!r}{note}")
    left = store.unfinished()
    if left:
        print("Set-up steps left to finish: " + ", ".join(left))
    return 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.domain.access import system_actor

    store = _store()
    count = store.export_file(system_actor(settings.workstation_id), args.file)
    print(f"{count} settings written to {args.file}. Secrets are not included: set them on the new desk with "
          "oncopos secrets set NAME. Change WORKSTATION_ID and INVOICE_SERIES there: each desk needs its own.")
    return 0


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings)
    try:
        actor = sign_in(context, args, Permission.MANAGE_SETTINGS, doing="import settings")
        result = context.settings_store.import_file(actor, args.file, origin=f"command line ({getpass.getuser()})")
    finally:
        context.close()
    if not result.changes:
        print(f"{args.file} holds the settings this desk already has; nothing changed.")
        return 0
    print(f"{len(result.changes)} settings imported from {args.file}: " + ", ".join(c.key for c in result.changes) + ".")
    if result.overridden:
        print("Still overridden by the environment or .env: " + ", ".join(result.overridden) + ".")
    return 0

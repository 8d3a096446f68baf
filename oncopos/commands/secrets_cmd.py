"""`oncopos secrets set|check|delete NAME`: secrets in the OS keyring, never echoed or logged."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    from oncopos.adapters.secrets import SECRET_NAMES

    names = ", ".join(f"{name} ({what})" for name, what in SECRET_NAMES.items())
    parser = commands.add_parser("secrets", help="manage secrets in the OS keyring", description=f"Secrets: {names}.")
    parser.add_argument("action", choices=("set", "check", "delete"))
    parser.add_argument("name", choices=tuple(SECRET_NAMES), metavar="NAME", help=", ".join(SECRET_NAMES))
    parser.add_argument("--db", metavar="URL", dest="db_sub", help="the database whose administrators may change secrets")
    add_credentials(parser)
    parser.set_defaults(handler=secrets_command)


def secrets_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.secrets import KeyringSecretStore

    store = KeyringSecretStore()
    if args.action == "check":
        value = store.get(args.name)
        if value is None:
            print(f"{args.name} is not set. Set it with: oncopos secrets set {args.name}")
            return 1
        print(f"{args.name} is set ({_hint(value)}).")
        return 0
    return _change(args, settings, store)


def _change(args: argparse.Namespace, settings: Settings, store: Any) -> int:
    """Setting or deleting a key is an administrator's act: signed in, and audited under their name."""
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.errors import InvalidInput

    context = open_context(settings)
    try:
        actor = sign_in(context, args, Permission.MANAGE_KEYS, doing=f"{args.action} {args.name}")
        origin = "command line"
        if args.action == "set":
            # A prompt that does not echo; from a pipe, the first line (for scripted installs).
            try:
                value = getpass.getpass(f"{args.name}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
            except EOFError:
                raise InvalidInput(f"No value was given; {args.name} was not changed.") from None
            context.settings_store.replace_secret(actor, store, args.name, value, origin=origin)
            print(f"{args.name} saved in the keyring.")
            return 0
        if not store.delete(args.name):
            print(f"{args.name} was not set; nothing to delete.")
            return 1
        with context.uow() as uow:
            uow.audit.record(actor, "secret.deleted", at=context.clock(), subject_type="secret", subject_id=args.name,
                             details={"origin": origin})
            uow.commit()
    finally:
        context.close()
    print(f"{args.name} deleted from the keyring.")
    return 0


def _hint(value: str) -> str:
    """Enough to recognise which key it is, never enough to use it."""
    prefix = value.split("_", 2)
    kind = "_".join(prefix[:2]) + "_" if len(prefix) == 3 and prefix[0] in {"sk", "rk"} else ""
    return f"{kind}…{value[-4:]}, {len(value)} characters" if len(value) >= 12 else f"{len(value)} characters"

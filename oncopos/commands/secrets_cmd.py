"""`oncopos secrets set|check|delete NAME`: secrets in the OS keyring, never echoed or logged."""

from __future__ import annotations

import argparse
import getpass
import sys

from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from oncopos.adapters.secrets import SECRET_NAMES

    names = ", ".join(f"{name} ({what})" for name, what in SECRET_NAMES.items())
    parser = commands.add_parser("secrets", help="manage secrets in the OS keyring", description=f"Secrets: {names}.")
    parser.add_argument("action", choices=("set", "check", "delete"))
    parser.add_argument("name", choices=tuple(SECRET_NAMES), metavar="NAME", help=", ".join(SECRET_NAMES))
    parser.set_defaults(handler=secrets_command)


def secrets_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.secrets import KeyringSecretStore

    store = KeyringSecretStore()
    if args.action == "set":
        # A prompt that does not echo; from a pipe, the first line (for scripted installs).
        value = getpass.getpass(f"{args.name}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
        store.set(args.name, value)
        print(f"{args.name} saved in the keyring.")
        return 0
    if args.action == "check":
        value = store.get(args.name)
        if value is None:
            print(f"{args.name} is not set. Set it with: oncopos secrets set {args.name}")
            return 1
        print(f"{args.name} is set ({_hint(value)}).")
        return 0
    if store.delete(args.name):
        print(f"{args.name} deleted from the keyring.")
        return 0
    print(f"{args.name} was not set; nothing to delete.")
    return 1


def _hint(value: str) -> str:
    """Enough to recognise which key it is, never enough to use it."""
    prefix = value.split("_", 2)
    kind = "_".join(prefix[:2]) + "_" if len(prefix) == 3 and prefix[0] in {"sk", "rk"} else ""
    return f"{kind}…{value[-4:]}, {len(value)} characters" if len(value) >= 12 else f"{len(value)} characters"

"""`oncopos staff add|passwd|deactivate|list`: accounts from the command line.

Changes are made by an administrator who signs in (`--user NAME`, oncopos.commands.credentials)
and are audited under that person, with the operating-system user who ran the command. The first
administrator of a system without any account needs no one's password; `list` only reads.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from oncopos.commands.credentials import add_credentials, sign_in, sign_in_with_proof
from oncopos.config import Settings
from oncopos.domain.errors import InvalidInput


def register(commands: argparse._SubParsersAction) -> None:
    staff = commands.add_parser("staff", help="staff accounts").add_subparsers(dest="staff_command", required=True)
    add = staff.add_parser(
        "add",
        help="create a staff account",
        description="Create a staff account, as the administrator named by --user (not needed for the first "
        "administrator of a system without accounts). The new password is asked for without echo (twice); when the "
        "input is not a terminal, the first line of standard input is the password.",
    )
    add.add_argument("username", metavar="USER", help="user name: 2 to 32 letters, digits, '.', '_' or '-'")
    add.add_argument("--role", required=True, choices=("registrar", "manager", "admin"))
    add.add_argument("--name", dest="display_name", help='full name, e.g. "Rita Côté" (default: the user name)')
    add.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    add_credentials(add)
    add.set_defaults(handler=add_command)
    passwd = staff.add_parser(
        "passwd",
        help="set a new password for a staff account (a forgotten password; also lifts a lockout)",
        description="Set a new password for USER, asked for without echo (twice), or the first line of "
        "standard input when it is not a terminal.",
    )
    passwd.add_argument("username", metavar="USER")
    passwd.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    add_credentials(passwd)
    passwd.set_defaults(handler=passwd_command)
    deactivate = staff.add_parser("deactivate", help="stop a staff account from signing in (kept for the audit trail)")
    deactivate.add_argument("username", metavar="USER")
    deactivate.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    add_credentials(deactivate)
    deactivate.set_defaults(handler=deactivate_command)
    listing = staff.add_parser("list", help="list the staff accounts")
    listing.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    listing.set_defaults(handler=list_command)


def _read_password(prompt: str = "Password (at least 12 characters): ") -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("The same password again: ") != first:
        raise InvalidInput("The two passwords differ; nothing was created. Run the command again.")
    return first


def add_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission, Role
    from oncopos.domain.staff import validate_display_name, validate_username

    username = validate_username(args.username)  # before the prompt: no password typed for nothing
    display_name = validate_display_name(args.display_name or username)
    context = open_context(settings)
    try:
        first = not args.user and not context.staff.has_staff()
        actor, proof = (None, None) if first else sign_in_with_proof(
            context, args, Permission.MANAGE_STAFF, doing="create a staff account")
        if first and args.role != Role.ADMIN.value:
            raise InvalidInput("The first account must be an administrator: run it again with --role admin.")
        try:
            password = _read_password()
        except EOFError:
            raise InvalidInput("No password was given; nothing was created.") from None
        if actor is None:
            # an empty system: the one account anyone at the desk may create (and it is audited as such).
            made = context.staff.create_first_admin(username, password, display_name)
            role, name = Role.ADMIN.value, made.username
        else:
            account = context.staff.create_staff(
                actor, username, password, Role(args.role), display_name, origin=f"command line ({_os_user()})",
                admin_password=proof)
            role, name, display_name = account.role.value, account.username, account.display_name
    finally:
        context.close()
    print(f"Created {role} {name} ({display_name}).")
    return 0


def passwd_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings)
    try:
        actor, proof = sign_in_with_proof(context, args, Permission.MANAGE_STAFF, doing="set someone's password")
        try:
            password = _read_password("New password (at least 12 characters): ")
        except EOFError:
            raise InvalidInput("No password was given; nothing was changed.") from None
        account = context.staff.reset_password(actor, args.username, password, origin=f"command line ({_os_user()})",
                                               admin_password=proof)
    finally:
        context.close()
    print(f"New password set for {account.username}; they can sign in with it now.")
    return 0


def deactivate_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings)
    try:
        actor = sign_in(context, args, Permission.MANAGE_STAFF, doing="deactivate a staff account")
        account = context.staff.deactivate(actor, args.username)
    finally:
        context.close()
    print(f"{account.username} can no longer sign in; their past actions stay in the audit trail.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import system_actor

    context = open_context(settings, read_only=True)
    try:
        accounts = context.staff.list_staff(system_actor(settings.workstation_id))
        now = context.clock()
    finally:
        context.close()
    if not accounts:
        print("No staff accounts yet. Create the first with: oncopos staff add USER --role admin --name \"Full Name\"")
        return 0
    width = max(len(a.username) for a in accounts)
    for a in accounts:
        state = "active" if a.active else "deactivated"
        if a.locked_at(now):
            state += f", locked until {a.locked_until:%Y-%m-%d %H:%M} UTC"
        print(f"{a.username:<{width}}  {a.role.value:<9}  {state:<11}  {a.display_name}")
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown user"

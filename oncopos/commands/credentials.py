"""Who runs a command that changes staff, settings, secrets or money, or reads the audit trail.

The desk's operating-system account is no authority: anyone who sits at the desk has it. Such a
command names a manager or an administrator (`--user NAME`) whose password is asked without echo,
or read from a file descriptor for a scheduled task (`--password-fd N`: the first line read
from it); never from an argument or the environment, which other users and logs can see. The
password is checked by the staff service's sign-in (a wrong one counts towards the lock-out), and
the command then acts as that person: the audit trail names them.

The one exception is the first administrator of a system that has no staff account at all.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from oncopos.domain.access import Actor, Permission, PermissionDenied
from oncopos.domain.errors import UserFacingError

if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext

MAX_PASSWORD_CHARS = 1024  # argon2 hashes anything; a "password" longer than this is a wrong file


def add_credentials(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help="the manager or administrator running this command")
    parser.add_argument("--password-fd", type=int, metavar="N", dest="password_fd",
                        help="read that person's password from file descriptor N (first line), for scheduled tasks; "
                             "without it the password is asked without echo")


def sign_in(context: AppContext, args: argparse.Namespace, permission: Permission, *, doing: str) -> Actor:
    """The signed-in person allowed `permission`, or one line saying what to give."""
    return sign_in_with_proof(context, args, permission, doing=doing)[0]


def sign_in_with_proof(context: AppContext, args: argparse.Namespace, permission: Permission, *,
                       doing: str) -> tuple[Actor, str]:
    """As sign_in, with the password: a staff change made on a desk that shares its accounts with
    the central database is confirmed there with the acting administrator's own password."""
    user = getattr(args, "user", None)
    if not user:
        if not context.staff.has_staff():
            raise UserFacingError(
                f"No staff account exists yet, so nobody can {doing}. Create the first administrator with: "
                'oncopos staff add USER --role admin --name "Full Name"; then run this command with --user USER.'
            )
        raise UserFacingError(
            f"To {doing}, give the user name of a manager or administrator with --user NAME; their password is "
            "asked without echo (or read with --password-fd N in a scheduled task)."
        )
    password = read_password(args, user)
    actor = context.staff.sign_in(user, password)
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)
    return actor, password


def read_password(args: argparse.Namespace, user: str) -> str:
    fd = getattr(args, "password_fd", None)
    if fd is not None:
        return _from_fd(fd)
    if not sys.stdin.isatty():
        raise UserFacingError(
            f"There is no terminal to ask for {user}'s password; run the command in a terminal, or pass the "
            "password on a file descriptor with --password-fd N."
        )
    try:
        return getpass.getpass(f"Password for {user}: ")
    except EOFError:
        raise UserFacingError("No password was given; nothing was done.") from None


def _from_fd(fd: int) -> str:
    if fd in (1, 2):
        raise UserFacingError(f"--password-fd {fd} is standard output or error; give the descriptor the password is on.")
    try:
        if fd == 0:  # standard input stays open and unbuffered past the line (staff add reads on)
            line = sys.stdin.readline(MAX_PASSWORD_CHARS + 2)
        else:
            with os.fdopen(fd, "r", encoding="utf-8") as handle:
                line = handle.readline(MAX_PASSWORD_CHARS + 2)
    except OSError as exc:
        raise UserFacingError(f"Cannot read a password from file descriptor {fd}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise UserFacingError(f"What file descriptor {fd} holds is not UTF-8 text; give the password as UTF-8.") from None
    password = line.rstrip("\r\n")
    if not password or len(password) > MAX_PASSWORD_CHARS:
        raise UserFacingError(f"File descriptor {fd} holds no password on its first line; nothing was done.")
    return password

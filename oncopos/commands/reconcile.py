"""`oncopos reconcile`: settle this desk's payments and refunds left in flight, from Stripe, by id."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import TypeVar

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


def register(commands: argparse._SubParsersAction) -> None:
    reconcile = commands.add_parser(
        "reconcile", help="settle payments and refunds left in flight (also runs when the app starts)",
        description="Read every unfinished payment of this desk back from Stripe: record the ones that succeeded "
                    "(once), close the ones that failed or expired, and leave the others to be asked again. "
                    "Refunds left pending are settled the same way, and refunds made in the Stripe Dashboard are "
                    "recorded for a manager's credit note. Nothing is ever charged or refunded again.")
    reconcile.add_argument(
        "--cancel-unfinished", action="store_true",
        help="also cancel charges still waiting for a card or a hosted payment (only when the app is not running "
             "on this desk: it would stop a payment the registrar is taking)")
    reconcile.add_argument("--db", metavar="URL", dest="db_sub", help="this desk's database (default: the local SQLite file)")
    add_credentials(reconcile)
    reconcile.set_defaults(handler=reconcile_command)


def reconcile_command(args: argparse.Namespace, settings: Settings) -> int:
    """Payments, then refunds, each to the end: a failure in one is a line, never the end of the run.

    Exit codes (README): 0 everything settled, or nothing in flight, with Stripe reachable;
    1 something was left that needs a person (each is one line on stderr with what to do);
    2 Stripe could not be reached (run it again when the network is back), also when nothing was
    in flight.
    """
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings, desk_only="reconcile")
    problems: list[str] = []
    unreachable = False
    try:
        actor = sign_in(context, args, Permission.RECONCILE, doing="settle payments and refunds")
        report = _phase(problems, "payments", lambda: context.payments().recover_in_flight(
            actor, abandon=args.cancel_unfinished))
        if report is not None:
            for line in report.lines:
                print(line)
            print(f"{report.total} payment(s) in flight: {len(report.recorded)} recorded, {len(report.closed)} closed, "
                  f"{len(report.still_open)} still open, {len(report.unreachable)} not reachable at Stripe.")
            problems.extend(report.problems)
            unreachable |= bool(report.unreachable)
        # refunds left pending, then refunds made in the Stripe Dashboard: whatever happened above.
        refunds = _phase(problems, "refunds", lambda: context.refunds().settle_refunds(
            actor, abandon=args.cancel_unfinished))
        if refunds is not None:
            for line in refunds.lines:
                print(line)
            print(f"{refunds.total} refund(s) pending: {len(refunds.settled)} settled, {len(refunds.failed)} failed, "
                  f"{len(refunds.still_open)} still pending, {len(refunds.unreachable)} not reachable at Stripe; "
                  f"{len(refunds.dashboard_found)} Dashboard refund(s) found for a manager's credit note.")
            problems.extend(refunds.problems)
            unreachable |= bool(refunds.unreachable) or refunds.events_unreachable
    finally:
        context.close()
    for line in problems:
        print(f"oncopos: {line}", file=sys.stderr)
    if unreachable:
        print("Stripe could not be reached; run `oncopos reconcile` again when the network is back.", file=sys.stderr)
        return EXIT_UNREACHABLE
    return 1 if problems else 0


EXIT_UNREACHABLE = 2


def _phase(problems: list[str], what: str, run: Callable[[], T]) -> T | None:
    """Run one half of the reconciliation; a failure of the whole half becomes one line."""
    from oncopos.commands.failures import describe
    from oncopos.domain.errors import ConfigurationError, UserFacingError

    try:
        return run()
    except ConfigurationError:
        raise  # no key, a bad setting: nothing can be settled, exit 2 with the fix
    except UserFacingError as exc:
        problems.append(f"{what} were not settled: {' '.join(str(exc).split())}")
    except Exception as exc:
        log.error("reconciling %s failed", what, exc_info=True)
        problems.append(f"{what} were not settled: {describe(exc, None).line}")
    return None

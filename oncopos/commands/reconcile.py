"""`oncopos reconcile`: settle this desk's payments and refunds left in flight, from Stripe, by id."""

from __future__ import annotations

import argparse

from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    reconcile.set_defaults(handler=reconcile_command)


def reconcile_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import system_actor

    context = open_context(settings)
    try:
        report = context.payments().reconcile_in_flight(system_actor(settings.workstation_id),
                                                       abandon=args.cancel_unfinished)
        # refunds left pending, then refunds made in the Stripe Dashboard.
        refunds = context.refunds().reconcile_refunds(system_actor(settings.workstation_id),
                                                      abandon=args.cancel_unfinished)
    finally:
        context.close()
    for line in report.lines:
        print(line)
    print(f"{report.total} payment(s) in flight: {len(report.recorded)} recorded, {len(report.closed)} closed, "
          f"{len(report.still_open)} still open, {len(report.unreachable)} not reachable at Stripe.")
    for line in refunds.lines:
        print(line)
    print(f"{refunds.total} refund(s) pending: {len(refunds.settled)} settled, {len(refunds.failed)} failed, "
          f"{len(refunds.still_open)} still pending, {len(refunds.unreachable)} not reachable at Stripe; "
          f"{len(refunds.dashboard_found)} Dashboard refund(s) found for a manager's credit note.")
    if report.unreachable or refunds.unreachable:
        print("Stripe could not be reached for some payments; run `oncopos reconcile` again when the network is back.")
        return 2
    return 0

"""`oncopos stripe check`: does the configured key work, and which permissions does it lack?"""

from __future__ import annotations

import argparse

from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    stripe = commands.add_parser("stripe", help="Stripe account checks").add_subparsers(dest="stripe_command", required=True)
    check = stripe.add_parser("check", help="check that the configured key works and has the permissions the app needs")
    check.add_argument(
        "--reads-only", action="store_true", help="probe read permissions only (no write probes, which create nothing)"
    )
    check.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.stripe.check import check_key, format_report
    from oncopos.bootstrap import build_context

    # the key check needs no database: nothing is migrated or written for it.
    context = build_context(settings, migrate=False)
    try:
        report = check_key(context.gateway(), probe_writes=not args.reads_only)
    finally:
        context.close()
    print(format_report(report))
    return 0 if report.ok else 1

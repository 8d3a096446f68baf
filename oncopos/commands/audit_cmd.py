"""`oncopos audit verify` and `oncopos audit export`: the audit trail for operators and accountants.

`verify` exits 0 when every chain is intact, 3 when it found tampering (one line per break on
stdout), 1 when it could not run; so a scheduled check can tell "tampered" from "unreachable".
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.commands.dates import parse_day
from oncopos.config import Settings

EXIT_TAMPERED = 3


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser(
        "verify",
        help="check the audit trail's hash chain",
        description="Check every workstation's hash chain. Exit 0 when intact, 3 with one line per changed, "
        "deleted or reordered event, 1 when the check could not run.",
    )
    verify.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    verify.set_defaults(handler=verify_command)
    export = audit.add_parser("export", help="write audit events to a CSV file")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="the CSV file to write")
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (business time zone)")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day, included")
    export.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    add_credentials(export)
    export.set_defaults(handler=export_command)


def _day(text: str | None, option: str) -> date | None:
    return None if text is None else parse_day(text, option)


def verify_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.services.audit import verify_chain

    # Read-only: a check run against the central database from a desk must not add an event to
    # that desk's chain there (the desk's next push would then collide with it).
    context = open_context(settings, read_only=True)
    try:
        with context.uow() as uow:
            report = verify_chain(uow, context.audit_trail.central, own_workstation=context.audit_trail.workstation_id)
    finally:
        context.close()
    for problem in report.breaks:
        print(problem.line())
    for note in report.notes:
        print(note)
    print(report.summary())
    return 0 if report.intact else EXIT_TAMPERED


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.audit import AuditQuery
    from oncopos.services.audit import day_range

    start, end = day_range(_day(args.start, "--from"), _day(args.end, "--to"), settings.tz)
    context = open_context(settings)
    try:
        actor = sign_in(context, args, Permission.VIEW_AUDIT, doing="export the audit trail")
        query = AuditQuery(start=start, end=end, limit=10_000_000)
        rows = context.audit_trail.export_csv(actor, query, args.out)
    finally:
        context.close()
    print(f"Wrote {rows} audit events to {args.out}.")
    return 0

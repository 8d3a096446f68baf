"""`oncopos report eod`: the end-of-day report for scheduled runs and the accountant.

    oncopos report eod --date 2026-11-25 [--workstation DESK2] [--format pdf|csv|text] [--out FILE]

Without --out the text and CSV go to standard output (a PDF needs --out). A closed day gives its
frozen report (and, as a PDF, exactly the stored file). It only reads: the database is opened
read-only and nothing is written, so a scheduled run needs no one's password.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from oncopos.commands.dates import parse_day
from oncopos.config import Settings
from oncopos.domain.errors import InvalidInput, UserFacingError


def _day(text: str) -> date:
    try:
        return parse_day(text, "--date")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="reports for managers and the accountant").add_subparsers(
        dest="report_command", required=True)
    eod = report.add_parser("eod", help="the end-of-day report of a business day (BUSINESS_TIMEZONE)")
    eod.add_argument("--date", required=True, type=_day, metavar="D", help="the business day, YYYY-MM-DD")
    eod.add_argument("--workstation", metavar="W", help="one desk only (default: all desks)")
    eod.add_argument("--format", choices=("pdf", "csv", "text"), default="text", help="default: text")
    eod.add_argument("--out", type=Path, metavar="FILE", help="where to write it (default: standard output)")
    eod.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    eod.set_defaults(handler=end_of_day_command)


def end_of_day_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import system_actor

    if args.format == "pdf" and args.out is None:
        raise InvalidInput("A PDF cannot go to the terminal: add --out FILE (e.g. --out eod.pdf).")
    context = open_context(settings.model_copy(update={"training": False}), read_only=True)
    try:
        eod = context.end_of_day()
        data = eod.export(system_actor(settings.workstation_id), args.date, args.format, workstation_id=args.workstation)
    finally:
        context.close()
    if args.out is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    except OSError as exc:
        raise UserFacingError(f"Cannot write {args.out}: {exc.strerror or exc}. Choose another --out file.") from None
    print(f"End-of-day report of {args.date.isoformat()} ({args.format}) written to {args.out}")
    return 0

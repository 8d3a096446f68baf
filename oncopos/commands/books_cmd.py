"""`oncopos books`: the Stripe payout statement and the accounting export, for a manager.

    oncopos books payouts --from 2026-11-01 --to 2026-11-30 --user NAME
    oncopos books export --format quickbooks|xero|sage --from D --to D --out FILE --user NAME

Both read Stripe (payouts and what each holds) and the database, and record in the audit trail
who asked; neither changes a payment. Exit codes: 0 everything matched, 1 something needs a
person (each finding is a line on stderr; the export file is still written), 2 Stripe could not
be reached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.commands.dates import parse_day
from oncopos.config import Settings
from oncopos.domain.errors import GatewayUnavailable, InvalidInput, UserFacingError
from oncopos.domain.money import format_cents
from oncopos.domain.payouts import PayoutReview
from oncopos.services.books_formats import FORMATS

if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext
    from oncopos.domain.access import Actor

EXIT_UNREACHABLE = 2


def _day(option: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        try:
            return parse_day(text, option)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", required=True, type=_day("--from"), metavar="D",
                        help="first business day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, type=_day("--to"), metavar="D",
                        help="last business day, YYYY-MM-DD (included)")
    parser.add_argument("--db", metavar="URL", dest="db_sub", help="database URL (default: this desk's)")
    add_credentials(parser)


def register(commands: argparse._SubParsersAction) -> None:
    books = commands.add_parser("books", help="Stripe payouts matched, and the journal for the accountant").add_subparsers(
        dest="books_command", required=True)
    payouts = books.add_parser(
        "payouts", help="each Stripe payout arriving in the period and what it holds, matched to the desk's records",
        description="List each payout whose bank date falls in the period with its charges, refunds, fees and "
                    "anything Stripe moved on its own, matched to the cent to the payments and refunds recorded at "
                    "the desks; and every payment whose funds became available but that no payout holds.")
    _period(payouts)
    payouts.set_defaults(handler=payouts_command)
    export = books.add_parser(
        "export", help="the period's journal for QuickBooks Online, Xero or Sage 50",
        description="Journal entries per business day (tenders, revenue by course, GST/HST, QST and PST payable) "
                    "and per payout (bank deposit, Stripe fees, adjustments), each balanced, in the import format of "
                    "the accounting program. Accounts come from the ACCOUNT_MAPPING setting.")
    _period(export)
    export.add_argument("--format", required=True, choices=sorted(FORMATS), help="the accounting program")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write the file")
    export.set_defaults(handler=export_command)


def _review_lines(review: PayoutReview) -> tuple[list[str], list[str]]:
    out, problems = [], []
    for s in review.statements:
        po = s.payout
        out.append(f"Payout {po.id}: {format_cents(po.amount_cents)} to the bank on {po.bank_day.isoformat()} "
                   f"({po.status}); charges {format_cents(s.charges_cents)}, refunds {format_cents(s.refunds_cents)}, "
                   f"fees {format_cents(s.fees_cents)}, other {format_cents(s.other_cents)}")
        for line in s.lines:
            if line.status == "payout":
                continue
            ours = line.local.label if line.local else "-"
            out.append(f"  {line.txn.type:<10} {line.txn.source_id or line.txn.id:<32} {ours:<20} "
                       f"{format_cents(line.txn.amount_cents):>12} fee {format_cents(line.txn.fee_cents):>9}  "
                       f"{line.status}")
            if line.status == "other" and line.message:
                out.append(f"    {line.message}")
        problems += [str(p) for p in s.problems]
    problems += [str(u.message) for u in review.unpaid]
    out.append(f"{len(review.statements)} payout(s), {format_cents(review.paid_out_cents)} paid out; "
               f"{len(review.unpaid)} of ours in no payout; {review.not_yet_available} not yet available at Stripe.")
    return out, problems


def _open(settings: Settings, args: argparse.Namespace, doing: str) -> tuple[AppContext, Actor]:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings)
    try:
        return context, sign_in(context, args, Permission.RECONCILE, doing=doing)
    except BaseException:
        context.close()
        raise


def payouts_command(args: argparse.Namespace, settings: Settings) -> int:
    context, actor = _open(settings, args, "read the Stripe payouts")
    try:
        review = context.payout_matching().review(actor, args.start, args.end)
    except GatewayUnavailable as exc:
        print(f"oncopos: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    finally:
        context.close()
    lines, problems = _review_lines(review)
    print("\n".join(lines))
    for line in problems:
        print(f"oncopos: {line}", file=sys.stderr)
    return 1 if problems else 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    context, actor = _open(settings, args, "export the journal")
    try:
        result = context.books().export(actor, args.start, args.end, args.format)
    except GatewayUnavailable as exc:
        print(f"oncopos: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    finally:
        context.close()
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(result.data)
    except OSError as exc:
        raise UserFacingError(f"Cannot write {args.out}: {exc.strerror or exc}. Choose another --out file.") from None
    entries = result.journal.entries
    print(f"{len(entries)} journal entries ({format_cents(sum(e.debits_cents for e in entries))} in debits, each "
          f"balanced) for {args.start.isoformat()} to {args.end.isoformat()} written to {args.out} "
          f"({FORMATS[result.format].label})")
    _, problems = _review_lines(result.journal.payouts)
    for line in problems:
        print(f"oncopos: {line}", file=sys.stderr)
    return 1 if problems else 0

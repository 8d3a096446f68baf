"""`oncopos t2202 ...`: the school's T2202 tuition slips at year end, from the command line.

    oncopos t2202 year 2026 --user mona                 the year's students, figures and blocks
    oncopos t2202 issue YEAR --user mona                issue what each student's figures call for (YEAR: 2026)
    oncopos t2202 cancel 2026 --student S000123 --user mona
    oncopos t2202 return 2026 --out t2202-2026.xml --user mona [--amended]
    oncopos t2202 deliver 2026 --user mona              email the slips (with consent); list the rest
    oncopos t2202 pdf SLIP_ID --out slip.pdf --user mona [--lang fr]
    oncopos t2202 sin S000123 --user rita [--consent yes|no] [--sin-fd N]

Each signs in a person (--user, --password-fd N for a scheduled task) and is audited under that
name; every one of them records what it did, so none is read-only. They work on a desk's own
database: slips are facts of the desk that issues them. A SIN is never an argument (other users
see arguments): it is asked without echo or read from a file descriptor.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from pathlib import Path

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    t2202 = commands.add_parser("t2202", help="T2202 tuition slips: compute, issue, cancel, file, deliver").add_subparsers(
        dest="t2202_command", required=True)
    year = t2202.add_parser("year", help="list the year's students: slip figures, last slip, what blocks each")
    issue = t2202.add_parser("issue", help="issue the year's originals, amendments and cancellations")
    issue.add_argument("--student", metavar="NUMBER", help="only this student (by student number)")
    cancel = t2202.add_parser("cancel", help="cancel a student's slip in force (issued in error)")
    cancel.add_argument("--student", metavar="NUMBER", required=True, help="the student number")
    filing = t2202.add_parser("return", help="write the XML return of the slips not filed yet, for CRA's upload")
    filing.add_argument("--amended", action="store_true", help="the amendments and cancellations, not the originals")
    filing.add_argument("--out", metavar="FILE", required=True, help="where to write the XML (it holds SINs)")
    deliver = t2202.add_parser("deliver", help="email the slips to students who agreed; list those to print")
    for sub in (year, issue, cancel, filing, deliver):
        sub.add_argument("year", type=int, help="the calendar year, e.g. 2026")
    pdf = t2202.add_parser("pdf", help="write one slip as the student's PDF")
    pdf.add_argument("slip", help="the slip id (from t2202 year)")
    pdf.add_argument("--out", metavar="FILE", required=True)
    pdf.add_argument("--lang", choices=("en", "fr"), help="default: the student's language")
    sin = t2202.add_parser("sin", help="record a student's SIN (asked without echo) or email consent")
    sin.add_argument("student", metavar="NUMBER", help="the student number")
    sin.add_argument("--sin-fd", type=int, metavar="N", dest="sin_fd", help="read the SIN from file descriptor N")
    sin.add_argument("--consent", choices=("yes", "no"), help="the student agrees (or not) to get slips by email")
    sin.add_argument("--keep-sin", action="store_true", help="only record the consent")
    handlers = {year: year_command, issue: issue_command, cancel: cancel_command, filing: return_command,
                deliver: deliver_command, pdf: pdf_command, sin: sin_command}
    for sub, handler in handlers.items():
        sub.add_argument("--db", metavar="URL", dest="db_sub", help="this desk's database (default: the local SQLite file)")
        add_credentials(sub)
        sub.set_defaults(handler=handler)


def year_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.money import format_cents

    context = open_context(settings, desk_only="t2202 year")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="see the year's T2202 slips")
        result = context.tuition_slips.year(actor, args.year)
    finally:
        context.close()
    for line in result.lines:
        f = line.figures
        last = f"{line.last_slip.kind.name.lower()} {line.last_slip.id}" if line.last_slip else "no slip"
        doing = line.next_kind.name.lower() if line.next_kind else "up to date" if line.last_slip else "none"
        print(f"{line.student.student_number}  {line.student.name:<28} {format_cents(f.fees_cents):>12}  "
              f"FT {f.full_time_months:>2}  PT {f.part_time_months:>2}  SIN {line.sin_masked or '-':<11}  "
              f"last: {last}  next: {doing}")
        for text in [r.text() for r in line.ineligible] + [m.text() for m in line.missing]:
            print(f"    {text}")
        if line.sin_unreadable:
            print("    A SIN is on file but this desk cannot read it (oncopos secrets check sin_encryption_key).")
    print(f"{len(result.lines)} student(s); {sum(1 for x in result.lines if x.ready)} slip(s) ready to issue; "
          f"{result.unfiled_originals} original(s) and {result.unfiled_amendments} amendment(s) not filed; "
          f"filing deadline {result.deadline.isoformat()}.")
    return 0


def issue_command(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 1 when a slip could not be issued because the student's record is not complete."""
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings, desk_only="t2202 issue")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="issue T2202 slips")
        only = [context.tuition_slips.find_student(actor, args.student).id] if args.student else None
        report = context.tuition_slips.issue(actor, args.year, only)
    finally:
        context.close()
    for slip in report.issued:
        print(f"{slip.kind.name.lower():<9} {slip.id}  {slip.recipient.student_number}  {slip.recipient.name}")
    for line in report.blocked:
        reasons = "; ".join(m.text() for m in line.missing) or "the SIN on file cannot be read on this desk"
        print(f"oncopos: not issued for {line.student.name} ({line.student.student_number}): {reasons}", file=sys.stderr)
    print(f"{len(report.issued)} slip(s) issued, {len(report.blocked)} waiting for the student's record.")
    return 1 if report.blocked else 0


def cancel_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings, desk_only="t2202 cancel")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="cancel a T2202 slip")
        student = context.tuition_slips.find_student(actor, args.student)
        slip = context.tuition_slips.cancel(actor, args.year, student.id)
    finally:
        context.close()
    print(f"cancelled {slip.replaces_id} with {slip.id} ({student.name}); file it with: oncopos t2202 return "
          f"{args.year} --amended --out FILE")
    return 0


def return_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.money import format_cents
    from oncopos.services.tuition_slips import AMENDED, ORIGINAL

    out = Path(args.out)
    context = open_context(settings, desk_only="t2202 return")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="make the T2202 return")
        filed = context.tuition_slips.make_return(actor, args.year, AMENDED if args.amended else ORIGINAL)
    finally:
        context.close()
    out.write_bytes(filed.xml)
    out.chmod(0o600)  # it holds SINs: readable by this account only
    print(f"{filed.record.kind} return of {args.year}: {filed.record.slip_count} slip(s), "
          f"{format_cents(filed.record.fees_cents)} of eligible tuition, written to {out} (return {filed.record.id}). "
          "Upload it with CRA's Internet file transfer, then delete the file.")
    return 0


def deliver_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings, desk_only="t2202 deliver")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="deliver T2202 slips")
        report = context.tuition_slips.deliver_year(actor, args.year)
        delivery = context.mail_outbox.deliver_pending()
    finally:
        context.close()
    for slip in report.to_print:
        print(f"to print: {slip.id}  {slip.recipient.student_number}  {slip.recipient.name}")
    print(f"{len(report.emailed)} slip(s) emailed (mail: {len(delivery.sent)} sent, {len(delivery.retrying)} to retry); "
          f"{len(report.to_print)} to print (oncopos t2202 pdf SLIP_ID --out FILE).")
    return 0


def pdf_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.errors import InvalidInput

    try:
        slip_id = uuid.UUID(args.slip)
    except ValueError:
        raise InvalidInput(f"'{args.slip}' is not a slip id; copy it from: oncopos t2202 year YEAR") from None
    context = open_context(settings, desk_only="t2202 pdf")
    try:
        actor = sign_in(context, args, Permission.TUITION_SLIPS, doing="print a T2202 slip")
        data = context.tuition_slips.pdf(actor, slip_id, args.lang)
        context.tuition_slips.mark_printed(actor, slip_id)
    finally:
        context.close()
    Path(args.out).write_bytes(data)
    print(f"slip {slip_id} written to {args.out}")
    return 0


def sin_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    context = open_context(settings, desk_only="t2202 sin")
    try:
        actor = sign_in(context, args, Permission.EDIT_STUDENTS, doing="record a student's SIN")
        student = context.tuition_slips.find_student(actor, args.student)
        if not args.keep_sin:
            masked = context.tuition_slips.record_sin(actor, student.id, _read_sin(args))
            print(f"SIN of {student.name} recorded: {masked}" if masked else f"SIN of {student.name} removed.")
        if args.consent:
            context.tuition_slips.record_email_consent(actor, student.id, args.consent == "yes")
            print(f"{student.name} {'agrees' if args.consent == 'yes' else 'does not agree'} to receive slips by email.")
    finally:
        context.close()
    return 0


def _read_sin(args: argparse.Namespace) -> str:
    from oncopos.domain.errors import UserFacingError

    if args.sin_fd is not None:
        with open(args.sin_fd, encoding="utf-8", closefd=False) as source:
            return source.readline(64).strip()
    if not sys.stdin.isatty():
        raise UserFacingError("There is no terminal to ask for the SIN; pass it on a file descriptor with --sin-fd N.")
    try:
        return getpass.getpass("Social insurance number (empty removes it): ")
    except EOFError:
        raise UserFacingError("No SIN was given; nothing was done.") from None

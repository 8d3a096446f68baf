"""`oncopos plans remind|due`: instalment reminders with their payment links, and the due list.

`remind` is meant for a daily scheduled task (cron, Task Scheduler) on one desk: it first asks
Stripe about the links already sent (a paid one marks its instalment paid), then queues a
reminder for each unpaid instalment due within --days days, each with a Stripe Checkout link for
exactly that instalment, and delivers the mail outbox. It signs in a manager (--user, with
--password-fd N in a scheduled task); each reminder and link is audited under that name.
"""

from __future__ import annotations

import argparse
import sys

from oncopos.commands.credentials import add_credentials, sign_in
from oncopos.config import Settings

MAX_DAYS = 60


def register(commands: argparse._SubParsersAction) -> None:
    plans = commands.add_parser("plans", help="instalment plans: send due reminders, list what is due").add_subparsers(
        dest="plans_command", required=True)
    remind = plans.add_parser(
        "remind", help="email a reminder with its own payment link for each instalment due soon (daily task)",
        description="Settle the reminder links already sent, then email each student whose instalment is due "
                    "within --days days (and, once more, each whose instalment is overdue) a reminder carrying a "
                    "Stripe Checkout link for exactly that instalment. The mail outbox is delivered at the end.")
    remind.add_argument("--days", type=int, default=3, metavar="N", help="remind this many days before the due date "
                                                                          "(default 3)")
    due = plans.add_parser("due", help="list unpaid instalments due within --days days, and every overdue one")
    due.add_argument("--days", type=int, default=7, metavar="N", help="look this many days ahead (default 7)")
    for sub, handler in ((remind, remind_command), (due, due_command)):
        sub.add_argument("--db", metavar="URL", dest="db_sub", help="this desk's database (default: the local SQLite file)")
        add_credentials(sub)
        sub.set_defaults(handler=handler)


def _days(value: int) -> int:
    from oncopos.domain.errors import InvalidInput

    if not 0 <= value <= MAX_DAYS:
        raise InvalidInput(f"--days {value} is out of range: give 0 to {MAX_DAYS} days.")
    return value


def remind_command(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when every reminder due went out (or none was due), 1 when a line needs a person."""
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission

    days = _days(args.days)
    context = open_context(settings, desk_only="plans remind")
    try:
        actor = sign_in(context, args, Permission.TAKE_PAYMENT, doing="send instalment reminders")
        report = context.plan_reminders().send_due(actor, days_before=days)
        delivery = context.mail_outbox.deliver_pending()
    finally:
        context.close()
    for line in (*report.paid, *report.sent):
        print(line)
    print(f"{len(report.sent)} reminder(s) queued, {len(report.paid)} instalment(s) paid through their link; "
          f"mail: {len(delivery.sent)} sent, {len(delivery.retrying)} to retry later, {len(delivery.given_up)} given up.")
    for line in report.problems:
        print(f"oncopos: {line}", file=sys.stderr)
    if delivery.last_error and (delivery.retrying or delivery.given_up):
        print(f"oncopos: some reminders are waiting in the mail outbox: {delivery.last_error}", file=sys.stderr)
    return 1 if report.problems else 0


def due_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import Permission
    from oncopos.domain.money import format_cents

    days = _days(args.days)
    context = open_context(settings, desk_only="plans due")
    try:
        actor = sign_in(context, args, Permission.TAKE_PAYMENT, doing="list instalments due")
        lines = context.plans.due_list(actor, within_days=days)
    finally:
        context.close()
    for due in lines:
        state = due.state
        print(f"{state.line.due_on.isoformat()}  {state.state:<9}  {format_cents(state.owing_cents):>12}  "
              f"{due.student_name} ({due.student_number}), {due.course_code}, {state.line.label()}")
    print(f"{len(lines)} instalment(s) due within {days} day(s) or overdue.")
    return 0

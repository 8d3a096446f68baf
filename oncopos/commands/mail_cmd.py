"""`oncopos mail test|deliver|status|retry`: check the mail set-up and work the mail outbox.

`test ADDRESS` sends one message now through MAIL_BACKEND, so an administrator sees at once
whether SMTP_HOST, the TLS mode and the password work (the error names the step that failed).
`deliver` sends receipts and notices waiting in the outbox (the app also does it on a timer);
`status` says what is waiting and the last error; `retry` puts given-up messages back in line.
"""

from __future__ import annotations

import argparse

from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    mail = commands.add_parser("mail", help="check the email set-up; deliver waiting mail").add_subparsers(
        dest="mail_command", required=True
    )
    test = mail.add_parser("test", help="send a test message now through MAIL_BACKEND")
    test.add_argument("address", help="where to send it, e.g. you@example.ca")
    test.set_defaults(handler=test_command)
    for name, helptext, handler in (
        ("deliver", "send the receipts and notices waiting in the mail outbox", deliver_command),
        ("status", "how many messages wait in the mail outbox, and the last error", status_command),
        ("retry", "put messages the outbox gave up on back in line (after fixing the cause)", retry_command),
    ):
        sub = mail.add_parser(name, help=helptext)
        sub.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
        sub.set_defaults(handler=handler)


def test_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.mail import build_mailer
    from oncopos.adapters.secrets import KeyringSecretStore, MemorySecretStore
    from oncopos.config import EMAIL_RE
    from oncopos.domain.errors import InvalidInput
    from oncopos.services.ports import OutgoingEmail

    if not EMAIL_RE.match(args.address):
        shown = repr(args.address) if len(args.address) <= 80 else f"{args.address[:40]!r}… ({len(args.address):,} characters)"
        raise InvalidInput(f"{shown} is not an email address of at most 254 characters; use one such as you@example.ca.")
    secrets = MemorySecretStore() if settings.training else KeyringSecretStore()
    mailer = build_mailer(settings, secrets)
    mailer.send(OutgoingEmail(
        to=args.address,
        subject=f"OncoPOS test message / message d’essai ({settings.workstation_id})",
        text=(f"This message from {settings.workstation_id} shows that OncoPOS can send email.\n"
              f"Ce message de {settings.workstation_id} montre qu’OncoPOS peut envoyer des courriels.\n"),
    ))
    backend = "file" if settings.training else settings.mail_backend
    where = {
        "smtp": f"SMTP {settings.smtp_host}:{settings.smtp_port}",
        "file": f"the training inbox {settings.training_inbox_dir}",
        "console": "the console",
    }[backend]
    print(f"Test message sent to {args.address} through {where}.")
    return 0


def deliver_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context

    context = open_context(settings, desk_only="mail deliver")
    try:
        assert context.mail_outbox is not None
        report = context.mail_outbox.deliver_pending()
    finally:
        context.close()
    print(f"{len(report.sent)} sent, {len(report.retrying)} to retry later, {len(report.given_up)} given up.")
    if report.last_error:
        print(f"Last error: {report.last_error}")
    return 0 if not (report.retrying or report.given_up) else 1


def status_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context

    context = open_context(settings, read_only=True)
    try:
        assert context.mail_outbox is not None
        status = context.mail_outbox.status()
    finally:
        context.close()
    oldest = f", the oldest since {status.oldest_pending_at.astimezone(settings.tz):%Y-%m-%d %H:%M}" \
        if status.oldest_pending_at else ""
    print(f"{status.pending} waiting{oldest}; {status.failed} given up.")
    if status.last_error:
        print(f"Last error: {status.last_error}")
    if status.failed:
        print("After fixing the cause, put them back in line with: oncopos mail retry")
    return 0


def retry_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context

    context = open_context(settings, desk_only="mail retry")
    try:
        assert context.mail_outbox is not None
        count = context.mail_outbox.retry_failed()
    finally:
        context.close()
    print(f"{count} message(s) back in line; they go out with the next delivery (oncopos mail deliver).")
    return 0

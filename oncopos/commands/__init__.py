"""The `oncopos` sub-commands, one module each. A module exposes `register(commands)`, which adds
its parsers to the argparse sub-parsers and sets `handler(args, settings) -> int` on each.

Handlers import what they need inside the function, so `oncopos --version` stays fast and a
command never pays for Qt or the Stripe SDK it does not use.
"""

from __future__ import annotations

# Order here is the order in `oncopos --help`.
COMMAND_MODULES: tuple[str, ...] = (
    "db", "demo", "simulator", "stripe_cmd", "secrets_cmd", "selfcheck",
    "staff_cmd", "audit_cmd",  # staff accounts, audit trail
    "invoice_cmd",  # invoice preview and reprint
    "reconcile",  # settle payments left in flight
    "mail_cmd",  # mail test, outbox deliver / status / retry
    "sync",  # exchange with the central database
    "central_cmd",  # the central database's own rules and desk logins
    "settings_cmd",  # settings file path, show, export, import
    "report_cmd",  # end-of-day report
    "books_cmd",  # Stripe payouts matched, the accounting export
    "plans_cmd",  # instalment reminders and the due list
    "t2202_cmd",  # T2202 tuition slips and the return to CRA
)

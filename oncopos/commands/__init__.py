"""The `oncopos` sub-commands, one module each. A module exposes `register(commands)`, which adds
its parsers to the argparse sub-parsers and sets `handler(args, settings) -> int` on each.

Handlers import what they need inside the function, so `oncopos --version` stays fast and a
command never pays for Qt or the Stripe SDK it does not use.
"""

from __future__ import annotations

# Order here is the order in `oncopos --help`.
COMMAND_MODULES = ("db", "demo", "simulator", "stripe_cmd", "secrets_cmd", "selfcheck",
                   "staff_cmd", "audit_cmd")  # issue 7: staff accounts, audit trail
COMMAND_MODULES += ("invoice_cmd",)  # issue 6: invoice preview and reprint
COMMAND_MODULES += ("reconcile",)  # issue 5: settle payments left in flight
COMMAND_MODULES += ("mail_cmd",)  # issue 5: mail test, outbox deliver / status / retry
COMMAND_MODULES += ("sync",)  # issue 10: exchange with the central database
COMMAND_MODULES += ("settings_cmd",)  # issue 8: settings file path, show, export, import
COMMAND_MODULES += ("report_cmd",)  # issue 11: end-of-day report

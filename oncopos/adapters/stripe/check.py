"""`oncopos stripe check`: does the configured key work, and does it hold each permission the app needs?

Every permission the app uses is probed, writes included (`PERMISSIONS` below names the calls that
need each one). Reads are probed with a one-item list. Writes are probed with a create that lacks
its required parameter: Stripe checks the key's permission before the parameters, so a 403 means the
permission is missing and a 400 means it is there; a request that fails validation changes nothing
and is not even saved under an idempotency key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import stripe

from .gateway import StripeGateway

log = logging.getLogger(__name__)

Status = Literal["present", "missing", "unknown"]


@dataclass(frozen=True)
class PermissionCheck:
    name: str
    access: Literal["read", "write"]
    status: Status
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "present"


@dataclass(frozen=True)
class KeyCheckReport:
    mode: str
    key_kind: str
    key_hint: str
    key_accepted: bool
    checks: tuple[PermissionCheck, ...]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.key_accepted and all(c.ok for c in self.checks)

    @property
    def missing(self) -> list[PermissionCheck]:
        return [c for c in self.checks if c.status != "present"]


Probe = Callable[[stripe.StripeClient], Any]


# (name as in the Dashboard's restricted-key form, access, probe); a write includes its read.
def _probes() -> list[tuple[str, Literal["read", "write"], Probe]]:
    # A write probe sends no parameters on purpose: Stripe refuses a missing permission before it
    # looks at the parameters, so the answer says which one it is and nothing is created.
    nothing: Any = {}
    return [
        ("PaymentIntents", "read", lambda c: c.v1.payment_intents.list({"limit": 1})),
        ("PaymentIntents", "write", lambda c: c.v1.payment_intents.create(nothing)),
        ("Checkout Sessions", "read", lambda c: c.v1.checkout.sessions.list({"limit": 1})),
        ("Checkout Sessions", "write", lambda c: c.v1.checkout.sessions.create(nothing)),
        ("Terminal readers", "read", lambda c: c.v1.terminal.readers.list({"limit": 1})),
        ("Terminal readers", "write", lambda c: c.v1.terminal.readers.create(nothing)),
        ("Terminal locations", "read", lambda c: c.v1.terminal.locations.list({"limit": 1})),
        ("Terminal locations", "write", lambda c: c.v1.terminal.locations.create(nothing)),
        ("Refunds", "read", lambda c: c.v1.refunds.list({"limit": 1})),
        ("Refunds", "write", lambda c: c.v1.refunds.create(nothing)),
        ("Charges", "read", lambda c: c.v1.charges.list({"limit": 1})),
        ("Events", "read", lambda c: c.v1.events.list({"limit": 1})),
        ("Balance transactions", "read", lambda c: c.v1.balance_transactions.list({"limit": 1})),
        ("Payouts", "read", lambda c: c.v1.payouts.list({"limit": 1})),
    ]


# What each write is for, shown when it is missing so a manager knows what stops working.
USED_FOR: dict[tuple[str, str], str] = {
    ("PaymentIntents", "write"): "reader payments",
    ("Checkout Sessions", "write"): "hosted (QR code) payments",
    ("Terminal readers", "write"): "sending payments and refunds to a reader, registering readers",
    ("Terminal locations", "write"): "creating the reader's location in the setup assistant",
    ("Refunds", "write"): "card refunds",
}


def _run(client: stripe.StripeClient, name: str, access: Literal["read", "write"], probe: Probe) -> PermissionCheck:
    try:
        probe(client)
    except stripe.PermissionError as err:
        return PermissionCheck(name, access, "missing", (err.user_message or "").split(". ")[-1].strip())
    except stripe.InvalidRequestError as err:
        if access == "write":  # the expected refusal of an empty create: the permission is there
            return PermissionCheck(name, access, "present")
        return PermissionCheck(name, access, "unknown", err.user_message or type(err).__name__)
    except stripe.StripeError as err:
        return PermissionCheck(name, access, "unknown", type(err).__name__)
    return PermissionCheck(name, access, "present")


def check_key(gateway: StripeGateway, *, probe_writes: bool = True) -> KeyCheckReport:
    """Probe every permission the workstation needs; never raises for a Stripe answer."""
    client = gateway.client
    info = gateway.key_info
    try:
        client.v1.balance_transactions.list({"limit": 1})
    except stripe.AuthenticationError:
        return KeyCheckReport(gateway.mode, info.kind, info.hint, False, (), "Stripe refused the key: it is invalid, "
                              "revoked or expired. Enter a valid restricted key.")
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as err:
        return KeyCheckReport(gateway.mode, info.kind, info.hint, False, (), f"Stripe could not be reached "
                              f"({type(err).__name__}). Check the connection and try again.")
    except stripe.StripeError:
        pass  # a missing read permission is reported below with the others
    checks = tuple(_run(client, name, access, probe) for name, access, probe in _probes()
                   if probe_writes or access == "read")
    report = KeyCheckReport(gateway.mode, info.kind, info.hint, True, checks)
    log.info("Stripe key check: %d of %d permissions present", sum(c.ok for c in checks), len(checks))
    return report


def format_report(report: KeyCheckReport) -> str:
    lines = [f"Stripe key {report.key_hint} ({report.key_kind}, {report.mode} mode)"]
    if not report.key_accepted:
        lines.append(f"  FAILED: {report.error}")
        return "\n".join(lines)
    width = max(len(f"{c.name} ({c.access})") for c in report.checks) if report.checks else 0
    for c in report.checks:
        label = f"{c.name} ({c.access})".ljust(width)
        mark = {"present": "ok", "missing": "MISSING", "unknown": "UNKNOWN"}[c.status]
        used_for = USED_FOR.get((c.name, c.access)) if not c.ok else None
        detail = "; ".join(part for part in (f"needed for {used_for}" if used_for else "", c.detail if not c.ok else "")
                           if part)
        lines.append(f"  {label}  {mark}" + (f"  - {detail}" if detail else ""))
    if report.ok:
        lines.append("All needed permissions are present.")
    else:
        names = ", ".join(f"{c.name} {c.access}" for c in report.missing)
        lines.append(f"Missing or unknown: {names}. Add them to the restricted key in the Stripe Dashboard "
                     "(Developers > API keys), then run the check again.")
    if report.key_kind == "secret":
        lines.append("Note: this is a full secret key; a restricted key with only these permissions is safer.")
    return "\n".join(lines)

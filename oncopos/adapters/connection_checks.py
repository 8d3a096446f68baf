"""Connection checks the set-up assistant and the settings screen run (SMTP, Stripe, the central
database): each builds a real client and returns a `CheckResult` that is either ok or says exactly
what failed and what to do. Plain functions, no Qt; they take seconds and the window runs them on a
worker thread. The business-number rules are pure and live in oncopos.domain.checks.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from oncopos.config import EMAIL_RE
from oncopos.domain.checks import CheckResult
from oncopos.domain.errors import OncoPOSError, UserFacingError
from oncopos.domain.mail import MailNotSent

TEST_READER_AMOUNT_CENTS = 100  # "test the reader" charges $1.00 in test mode and refunds it at once


# --- email ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # starttls, ssl or none
    user: str | None
    sender_name: str
    sender_address: str


def send_test_email(mail: MailSettings, password: str | None, to: str, *, workstation_id: str,
                    ssl_context: ssl.SSLContext | None = None, timeout: float = 15.0) -> CheckResult:
    """Send one message now; the failure names the step: connecting, TLS, login or an address."""
    from oncopos.adapters.mail import SmtpMailer
    from oncopos.services.ports import OutgoingEmail

    if not mail.host.strip():
        return CheckResult.failed("Enter the mail server's name (SMTP host), e.g. smtp.office365.com.")
    if not EMAIL_RE.match(to or ""):
        return CheckResult.failed(f"{to!r} is not an email address; enter the address the test should go to.")
    mailer = SmtpMailer(
        host=mail.host.strip(), port=mail.port, security=mail.security, user=(mail.user or None),
        password=lambda: password, sender_name=mail.sender_name, sender_address=mail.sender_address,
        clock=lambda: datetime.now(UTC), timeout=timeout, ssl_context=ssl_context,
    )
    try:
        mailer.send(OutgoingEmail(
            to=to,
            subject=f"OncoPOS test message / message d’essai ({workstation_id})",
            text=(f"This message from {workstation_id} shows that OncoPOS can send email.\n"
                  f"Ce message de {workstation_id} montre qu’OncoPOS peut envoyer des courriels.\n"),
        ))
    except MailNotSent as exc:
        return CheckResult.failed(str(exc))
    return CheckResult.passed(f"Test message sent to {to} through {mail.host}:{mail.port}. Check that it arrived.")


# --- Stripe -----------------------------------------------------------------------------------

def build_gateway(mode: str, api_key: str, *, base_url: str | None = None) -> Any:
    """A gateway for the checks below; raises ConfigurationError for a key that does not fit the mode."""
    from oncopos.adapters.stripe.gateway import StripeGateway

    return StripeGateway(api_key.strip(), mode=mode, base_url=base_url, max_network_retries=1)


def ensure_key_fits_mode(mode: str, api_key: str | None, *, allow_full_secret_key: bool = False) -> None:
    """Before STRIPE_MODE is saved: a live mode with a test key (or the reverse) would stop every
    payment, so it is refused with what to do (oncopos.adapters.stripe.keys.validate_key's words)."""
    from oncopos.adapters.stripe.keys import validate_key

    if api_key:
        validate_key(api_key, mode, allow_full_secret_key=allow_full_secret_key)


def check_stripe_key(gateway: Any) -> tuple[CheckResult, Any]:
    """(result, KeyCheckReport): which permissions the key has and which it lacks."""
    from oncopos.adapters.stripe.check import check_key, format_report

    report = check_key(gateway)
    # The per-permission lines only; the summary below says what to do in one sentence.
    lines = tuple(line.strip() for line in format_report(report).splitlines() if line.startswith("  "))
    if not report.key_accepted:
        return CheckResult.failed(report.error or "Stripe refused the key.", *lines), report
    if not report.ok:
        missing = ", ".join(f"{c.name} ({c.access})" for c in report.missing)
        return CheckResult.failed(
            f"The key {report.key_hint} lacks: {missing}. Add these permissions to the restricted key in the Stripe "
            "Dashboard (Developers > API keys), then check again.", *lines), report
    return CheckResult.passed(f"The key {report.key_hint} works in {report.mode} mode and has every permission "
                              "OncoPOS needs.", *lines), report


def check_reader(gateway: Any, reader_id: str) -> CheckResult:
    """Test mode: a $1.00 PaymentIntent on the reader, the test card 4242 presented, then refunded.
    Live mode: the reader's status only (a real card would move real money)."""
    try:
        reader = gateway.reader(reader_id)
        if reader.status != "online":  # asked first: no test payment is left behind for an offline reader
            return CheckResult.failed(
                f"The reader {reader.label} is {reader.status}. Check that it is on, charged and on the school's "
                "network (its screen shows the network status), then test again.")
        if gateway.mode == "live":
            return CheckResult.passed(f"The reader {reader.label} ({reader.device_type}) is online and ready. Take a "
                                      "first small payment to try it end to end.")
        key = f"oncopos-reader-test-{uuid.uuid4()}"
        started = gateway.start_reader_payment(uuid.uuid4(), TEST_READER_AMOUNT_CENTS, reader_id,
                                               {"purpose": "reader test"}, key)
        action = gateway.present_test_card(reader_id)
        if action is None or action.status != "succeeded":
            reason = (action.failure_message or action.failure_code) if action else "no answer"
            gateway.cancel_reader_payment(reader_id, started.payment_intent_id)
            return CheckResult.failed(f"The reader {reader.label} did not complete the test payment ({reason}). "
                                      "Restart the reader and test again.")
        gateway.refund(started.payment_intent_id, None, "requested_by_customer", {"purpose": "reader test"},
                       f"{key}-refund")
    except UserFacingError as exc:
        return CheckResult.failed(str(exc))
    return CheckResult.passed(f"The reader {reader.label} took a $1.00 test payment with the test card 4242, "
                              "which was refunded at once. It is ready.")


# --- central database -------------------------------------------------------------------------

def central_url_for(url: str, password: str | None) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(password=password).render_as_string(hide_password=False) if password else url


def _central_engine(url: str, password: str | None, timeout: int) -> Any:
    from oncopos.adapters.sync.connect import make_central_engine

    return make_central_engine(central_url_for(url, password), connect_timeout=timeout, pooled=False)


def _central_failure(exc: BaseException, url: str) -> CheckResult:
    from oncopos.adapters.sync.connect import unavailable

    return CheckResult.failed(str(unavailable(exc, url)).replace(
        " Payments and edits keep working here and are sent when it is reachable again.", ""))


def check_central_connection(url: str, password: str | None, *, timeout: int = 5) -> CheckResult:
    """Connect, and say whether the central database is migrated to this version of OncoPOS."""
    import sqlalchemy as sa

    from oncopos.adapters.db.engine import redact
    from oncopos.adapters.db.migrate import current_revision, head_revision

    engine = _central_engine(url, password, timeout)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("show server_version")).scalar()
        revision = current_revision(engine)
    except sa.exc.SQLAlchemyError as exc:
        return _central_failure(exc, url)
    finally:
        engine.dispose()
    where = f"Connected to {redact(url)} (PostgreSQL {version})."
    if revision is None:
        return CheckResult.passed(f"{where} It is empty: press Migrate to create OncoPOS's tables.")
    if set(revision.split("+")) != set(head_revision().split("+")):
        return CheckResult.passed(f"{where} It is at revision {revision}; press Migrate to bring it up to date.")
    return CheckResult.passed(f"{where} Its tables are up to date.")


def migrate_central(url: str, password: str | None, *, timeout: int = 5) -> CheckResult:
    import sqlalchemy as sa

    from oncopos.adapters.db.engine import redact
    from oncopos.adapters.db.migrate import upgrade

    engine = _central_engine(url, password, timeout)
    try:
        revision = upgrade(engine)
    except sa.exc.SQLAlchemyError as exc:
        return _central_failure(exc, url)
    finally:
        engine.dispose()
    return CheckResult.passed(f"{redact(url)} is migrated (revision {revision}).")


def register_workstation(url: str, password: str | None, workstation_id: str, invoice_series: str, *,
                         name: str | None = None, clock: Callable[[], datetime] | None = None,
                         timeout: int = 5) -> CheckResult:
    """Record this desk on the central database; refused when another desk holds its invoice series."""
    import socket

    import sqlalchemy as sa

    from oncopos.adapters.sync.central import CentralStore

    engine = _central_engine(url, password, timeout)
    store = CentralStore(engine, clock=clock or (lambda: datetime.now(UTC)))
    try:
        desks = store.register_workstation(workstation_id, (name or f"{workstation_id} on {socket.gethostname()}")[:100],
                                           invoice_series)
    except sa.exc.SQLAlchemyError as exc:
        return _central_failure(exc, url)
    except OncoPOSError as exc:  # WorkstationConflict: the series belongs to another desk
        return CheckResult.failed(str(exc))
    finally:
        engine.dispose()
    others = sorted(f"{d['id']} ({d['invoice_series']})" for d in desks if d["id"] != workstation_id)
    return CheckResult.passed(
        f"{workstation_id} is registered with invoice series {invoice_series}, which no other desk uses.",
        *(["Other desks: " + ", ".join(others)] if others else []))

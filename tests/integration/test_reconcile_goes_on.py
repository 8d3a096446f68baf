"""DayMatch never stops half-way: one failing payment, email or document is one line with
what to do, and everything after it is still settled; Stripe out of reach is exit 2, also when
nothing was in flight."""

from __future__ import annotations

import socket
from pathlib import Path

import sqlalchemy as sa

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import PaymentStep
from oncopos.domain.access import Actor, Role
from tests.integration.cli_credentials import oncopos_as
from tests.integration.payment_fixtures import desk  # noqa: F401 - fixture
from tests.integration.stripe_fixtures import gateway, reader, simulator  # noqa: F401 - fixtures
from tests.payment_support import REGISTRAR

MANAGER = Actor(None, "mgr", Role.MANAGER, "DESK1")


def _paid(desk, price_cents: int):  # type: ignore[no-untyped-def]  # noqa: F811
    payment_id = desk.confirmed(desk.enrollment(price_cents=price_cents), price_cents * 113 // 100)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    for _ in range(20):
        if desk.service.poll(REGISTRAR, payment_id).final:
            return payment_id
    raise AssertionError("the payment never finished")


def test_a_damaged_invoice_pdf_does_not_stop_the_next_payments_emails(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = _paid(desk, 10_000), _paid(desk, 20_000)
    # as after a crash between the success and the emails: neither payment's emails are queued
    with desk.factory() as session, session.begin():
        session.execute(sa.delete(PaymentStep).where(PaymentStep.step == "emails_queued"))
        session.execute(sa.text("DELETE FROM mail_outbox_attachments"))
        session.execute(sa.text("DELETE FROM mail_outbox"))
        damaged = session.scalar(sa.select(Invoice.pdf_path).where(Invoice.payment_id == first))
    stored = tmp_path / "desk" / "documents" / str(damaged)
    assert stored.is_file()
    stored.write_bytes(b"%PDF-1.4 not the invoice that was issued")

    report = desk.service.recover_in_flight(MANAGER, abandon=False)

    assert len(report.problems) == 1 and str(first) in report.problems[0]
    assert "Run oncopos reconcile again after fixing the cause" in report.problems[0]
    assert "emails_queued" in desk.steps(second) and "emails_queued" not in desk.steps(first)
    assert [kind for kind, _to, _m in desk.queued()] == ["payment_confirmation", "payment_notice"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_stripe_out_of_reach_is_exit_2_even_with_nothing_in_flight(sqlite_url: str, tmp_path: Path) -> None:
    env = {"ONCOPOS_DATA_DIR": str(tmp_path / "data"), "STRIPE_MODE": "simulator",
           "ONCOPOS_STRIPE_API_BASE": f"http://127.0.0.1:{_closed_port()}"}
    made = oncopos_as(None, None, "staff", "add", "ada", "--role", "admin", "--db", sqlite_url,
                      stdin="the admin's own passphrase\n", env=env)
    assert made.returncode == 0, made.stderr
    result = oncopos_as("ada", "the admin's own passphrase", "reconcile", "--db", sqlite_url, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "0 payment(s) in flight" in result.stdout and "0 refund(s) pending" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "Stripe could not be reached; run `oncopos reconcile` again when the network is back.")
    assert "Traceback" not in result.stderr

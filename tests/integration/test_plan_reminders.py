"""The reminder before a due date: through the mail outbox to a real SMTP server (aiosmtpd), in the
student's language, with a Checkout link for exactly that instalment, paid through the simulator,
recorded and reconciled like any payment, and the instalment marked paid."""

from __future__ import annotations

import email
import email.policy
import re
import ssl
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.plans import PlanInstalment
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.mail.smtp import SmtpMailer
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.errors import InvalidAmount, UserFacingError
from oncopos.domain.plans import DEPOSIT, INSTALMENT, PAID, PlanLine
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_matching import DayMatching
from tests.integration.plan_helpers import MANAGER, REGISTRAR, TZ, PlanDesk, plan_desk
from tests.integration.registration_helpers import pay
from tests.integration.smtp_server import PASSWORD, USER, SmtpServer, smtp_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path, mode="starttls") as running:
        yield running


@pytest.fixture
def desk(engine: Any, gateway: Any, tmp_path: Path, server: SmtpServer) -> PlanDesk:
    mailer = SmtpMailer(host="localhost", port=server.port, security="starttls", user=USER, password=lambda: PASSWORD,
                        sender_name="OncoOne Education", sender_address="accounts@oncoone.example", timeout=5, clock=utc_now,
                        ssl_context=ssl.create_default_context(cafile=str(server.cert)))
    return plan_desk(engine, gateway, tmp_path / "desk", mailer=mailer)


def _received(server: SmtpServer) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(r.content, policy=email.policy.default)  # type: ignore[misc]
            for r in server.mailbox.received]


def _text(message: email.message.EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _plan_due_in_two_days(desk: PlanDesk, *, language: str = "en", signed: bool = True) -> Any:
    enrollment = desk.enrollment(price_cents=100_000)
    if language != "en":
        with desk.factory() as session, session.begin():
            for student in session.scalars(sa.select(Student)):
                student.preferred_language = language
    # The deposit was due a month ago (and paid at the desk); instalment 1 is due in two days.
    today = desk.today()
    lines = [PlanLine(0, DEPOSIT, today - timedelta(days=30), 22_600),
             *(PlanLine(n, INSTALMENT, today + timedelta(days=2 + 30 * (n - 1)), 30_133 + (n == 3)) for n in (1, 2, 3))]
    view = desk.plans.create_plan(MANAGER, enrollment, lines=lines)
    pay(desk, enrollment, 22_600)
    if signed:
        desk.plans.sign_contract(REGISTRAR, view.plan.id)
    return enrollment, view


def test_the_reminder_link_pays_exactly_that_instalment_and_marks_it_paid(desk: PlanDesk, server: SmtpServer,
                                                                          simulator: Any, gateway: Any,
                                                                          tmp_path: Path) -> None:
    enrollment, view = _plan_due_in_two_days(desk)
    instalment = view.plan.lines[1]
    report = desk.reminders.send_due(REGISTRAR, days_before=3)
    assert report.problems == () and len(report.sent) == 1, report
    assert desk.outbox.deliver_pending().sent
    [message] = _received(server)
    assert message["To"] == "ada.student@example.ca"
    assert str(message["Subject"]).strip().startswith(f"Payment due {instalment.due_on:%B} ") and "$301.33" in message["Subject"]
    text = _text(message)
    assert "instalment 1 of $301.33" in text
    url = re.search(r"(http\S+)", text)
    assert url, text
    # The link is a Checkout Session for exactly that amount, kept open for hours (start-up leaves it).
    with desk.factory() as session:
        payment = session.scalar(sa.select(Payment).where(Payment.checkout_url == url.group(1)))
        assert payment is not None and payment.amount_cents == 30_133 and payment.status == "processing"
        payment_id = payment.id
        assert payment.checkout_expires_at - payment.created_at > timedelta(hours=23)  # type: ignore[operator]
    assert desk.payments.recover_in_flight(MANAGER, abandon=True).still_open == (payment_id,)
    # A second run sends nothing new: one reminder per instalment before its due date.
    assert desk.reminders.send_due(REGISTRAR, days_before=3).sent == ()

    page = requests.post(url.group(1), data={"number": "4242424242424242", "expiry": "12/40", "cvc": "123",
                                             "name": "Ada Student", "postal_code": "M5V 2T6"}, timeout=5)
    assert page.status_code == 200
    paid, problems = desk.reminders.settle_links(REGISTRAR)
    assert problems == [] and len(paid) == 1
    with desk.factory() as session:
        row = session.scalar(sa.select(PlanInstalment).where(PlanInstalment.id == instalment.id))
        assert row is not None and row.paid_payment_id == payment_id and row.paid_at is not None
        payment = session.get(Payment, payment_id)
        assert payment is not None and payment.status == "succeeded" and payment.card_last4 == "4242"
    done = desk.payments.view(payment_id)
    assert done.invoice_number and done.amount_cents == 30_133
    # Reconciled like any other payment: in the day's report as paid on the hosted page, matched with Stripe.
    end_of_day = EndOfDayService(desk.uow, tz=TZ, clock=utc_now, renderer=EndOfDayRenderer(),
                                 store=FileDocumentStore(tmp_path / "end-of-day"))
    day = end_of_day.today()
    [row] = [r for r in end_of_day.report(MANAGER, day, live=True).payments if r.payment_id == str(payment_id)]
    assert (row.amount_cents, row.invoice_number, row.payment_intent_id is not None) == (30_133, done.invoice_number, True)
    matched = DayMatching(end_of_day, desk.uow, lambda: gateway, utc_now).match(MANAGER, day)
    assert matched.matched_payments == 1  # the one payment of the day with a PaymentIntent: this one
    assert [m for m in matched.mismatches if m.local_id == str(payment_id) or m.stripe_id == row.payment_intent_id
            or m.stripe_cents == 30_133] == []
    states = {s.line.sequence: s.state for s in desk.plans.plan_of(REGISTRAR, enrollment).states}  # type: ignore[union-attr]
    assert states[0] == PAID and states[1] == PAID and states[2] != PAID
    assert [a for a, _ in desk.audit("plan.")][-3:] == ["plan.reminder_link_requested", "plan.reminder_sent",
                                                        "plan.instalment_paid"]
    # The receipt of that payment goes through the same outbox, like any other payment's.
    desk.outbox.deliver_pending()
    assert any(str(m["Subject"]).strip().startswith("Payment received: $301.33") for m in _received(server))


def test_a_french_student_gets_the_reminder_in_french(desk: PlanDesk, server: SmtpServer) -> None:
    _plan_due_in_two_days(desk, language="fr")
    assert len(desk.reminders.send_due(REGISTRAR, days_before=3).sent) == 1
    desk.outbox.deliver_pending()
    [message] = _received(server)
    assert str(message["Subject"]).strip().startswith("Paiement dû le ") and "301,33\u00a0$" in message["Subject"]
    assert "versement 1 de 301,33\u00a0$" in _text(message) and "Payez exactement ce montant" in _text(message)


def test_no_link_is_sent_for_more_than_the_province_allows_before_the_contract(desk: PlanDesk,
                                                                               server: SmtpServer) -> None:
    _plan_due_in_two_days(desk, signed=False)  # the 226.00 deposit paid: the limit is reached
    report = desk.reminders.send_due(REGISTRAR, days_before=3)
    assert report.sent == () and len(report.problems) == 1
    assert "no reminder sent (At most $0.00 more can be collected before the contract is signed" in report.problems[0]
    assert "O. Reg. 415/06" in report.problems[0]
    assert desk.count("payments") == 1 and server.mailbox.received == []  # only the deposit paid at the desk


def test_nothing_due_means_no_reminder(desk: PlanDesk, server: SmtpServer) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    template = desk.template(enrollment, deposit_bp=2000, count=3)
    desk.plans.create_plan(REGISTRAR, enrollment, template_id=template, first_due=desk.today() + timedelta(days=10))
    report = desk.reminders.send_due(REGISTRAR, days_before=3)
    assert report.sent == () and report.problems == ()
    assert desk.count("payments") == 0 and server.mailbox.received == []


def test_the_desk_closes_an_open_link_to_take_the_instalment_itself(desk: PlanDesk, server: SmtpServer) -> None:
    enrollment, view = _plan_due_in_two_days(desk)
    assert len(desk.reminders.send_due(REGISTRAR, days_before=3).sent) == 1
    # While the link is open it counts as a payment in progress: the whole balance cannot be taken.
    with pytest.raises(InvalidAmount, match=r"Another payment of \$301.33 for this enrollment is in progress"):
        desk.payments.start(REGISTRAR, enrollment, 90_400)
    instalment = view.plan.lines[1].id
    assert instalment is not None
    message = desk.reminders.close_link(REGISTRAR, instalment)
    assert message.text("en-CA").startswith("The reminder link is closed. Nothing was charged")
    assert message.text("fr-CA").startswith("Le lien de rappel est fermé.")  # the desk's language, from the catalogue
    assert desk.payments.start(REGISTRAR, enrollment, 90_400).status == "quoted"
    with pytest.raises(UserFacingError, match="No reminder link is open"):
        desk.reminders.close_link(REGISTRAR, instalment)

"""The student account statement on SQLite and PostgreSQL: every charge, payment, refund,
withdrawal, credit and plan line with the balance after each, agreeing with the one ledger; the
PDF in English and French (rendered to PNG with pdftoppm); the email through the mail outbox."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.ledger import enrollment_ledgers
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.domain.ledger import balance_owing
from oncopos.domain.plans import INSTALMENT as INSTALMENT_KIND
from oncopos.domain.plans import PlanLine
from oncopos.domain.statement import CHARGE, CREDIT, INSTALMENT, PAYMENT, REFUND, WITHDRAWAL
from oncopos.services.enrollments import EnrollmentService
from tests.integration.plan_helpers import MANAGER, REGISTRAR, TZ, PlanDesk, plan_desk


@pytest.fixture
def desk(engine: Any, gateway: Any, tmp_path: Path) -> PlanDesk:
    return plan_desk(engine, gateway, tmp_path / "desk")


def _paid(desk: PlanDesk, enrollment_id: uuid.UUID, cents: int, at: datetime, *, refund: int = 0) -> None:
    """A succeeded payment (and refund) as the payment and refund flows record them."""
    with desk.factory() as session, session.begin():
        payment = Payment(id=uuid.uuid4(), enrollment_id=enrollment_id, workstation_id="DESK1", amount_cents=cents,
                          method="reader", status="succeeded", idempotency_key=f"test-{uuid.uuid4()}", completed_at=at,
                          card_brand="visa", card_last4="4242")
        session.add(payment)
        if refund:
            session.flush()
            session.add(Refund(id=uuid.uuid4(), payment_id=payment.id, workstation_id="DESK1", amount_cents=refund,
                               reason="requested_by_customer", status="succeeded", idempotency_key=f"r-{uuid.uuid4()}",
                               completed_at=at + timedelta(hours=1)))


def _student_of(desk: PlanDesk, enrollment_id: uuid.UUID) -> uuid.UUID:
    with desk.uow() as uow:
        return uow.plans.enrollment(enrollment_id).student_id


def _second_enrollment(desk: PlanDesk, student_id: uuid.UUID, price_cents: int) -> uuid.UUID:
    """Another enrollment of the same student (add_enrollment makes a new student: move it over)."""
    other = desk.enrollment(price_cents=price_cents)
    with desk.factory() as session, session.begin():
        row = session.get(Enrollment, other)
        assert row is not None
        row.student_id = student_id
        row.enrolled_at = datetime(2026, 10, 2, 15, tzinfo=UTC)
    return other


def _plan(desk: PlanDesk, program: uuid.UUID) -> None:
    """What the program still owes (730.00) in two instalments (400.00 was paid before the contract)."""
    today = desk.today()
    desk.plans.create_plan(MANAGER, program, lines=[PlanLine(1, INSTALMENT_KIND, today + timedelta(days=10), 36_500),
                                                    PlanLine(2, INSTALMENT_KIND, today + timedelta(days=40), 36_500)])


def _account(desk: PlanDesk) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    program = desk.enrollment(price_cents=100_000)  # 1,130.00 on 2026-10-01
    student = _student_of(desk, program)
    kit = _second_enrollment(desk, student, 20_000)  # 226.00 on 2026-10-02
    _paid(desk, program, 50_000, datetime(2026, 10, 5, 15, tzinfo=UTC), refund=10_000)
    _paid(desk, kit, 22_600, datetime(2026, 10, 6, 15, tzinfo=UTC))
    return student, program, kit


def test_every_line_with_the_balance_after_it_agrees_with_the_ledger(desk: PlanDesk) -> None:
    student, program, kit = _account(desk)
    _plan(desk, program)
    enrollments = EnrollmentService(desk.uow, clock=lambda: datetime.now(UTC), desk_province="ON", timezone=TZ,
                                    services_taxed_in_sk=False, locale="en-CA")
    enrollments.withdraw(MANAGER, kit, "Kit not needed after all")

    statement = desk.statements.statement(REGISTRAR, student)
    money = [(line.event.kind, line.event.amount_cents, line.balance_after_cents) for line in statement.lines
             if line.event.kind not in (INSTALMENT, CREDIT)]
    assert money == [
        (CHARGE, 113_000, 113_000), (CHARGE, 22_600, 135_600), (PAYMENT, 50_000, 85_600), (REFUND, 10_000, 95_600),
        (PAYMENT, 22_600, 73_000), (WITHDRAWAL, 22_600, 50_400),
    ]
    # The withdrawal keeps the kit's 226.00 as credit: shown, and it moves nothing.
    credits = [line for line in statement.lines if line.event.kind == CREDIT]
    assert [(c.event.amount_cents, c.event.detail) for c in credits] == [(22_600, "withdrawal")]
    # Plan lines: what was owed when the plan was made; the 400.00 paid before it counts for none of them.
    plan_lines = [line for line in statement.lines if line.event.kind == INSTALMENT]
    assert [(p.event.reference, p.event.amount_cents, p.event.detail) for p in plan_lines] == [
        ("Instalment 1", 36_500, "upcoming"), ("Instalment 2", 36_500, "upcoming")]
    assert all(p.balance_after_cents == statement.balance_cents for p in plan_lines)
    # The statement's balance is the one ledger's: what is owed less the credit held.
    with desk.factory() as session:
        rows = session.scalars(sa.select(Enrollment).where(Enrollment.student_id == student)).all()
        ledgers = enrollment_ledgers(session, [r.id for r in rows])
    owed = sum(balance_owing(r.total_cents, ledgers[r.id], r.status) for r in rows)
    credit = sum(ledgers[r.id].net_paid_cents for r in rows if r.status == "withdrawn")
    assert statement.balance_cents == owed - credit == 50_400
    assert [a for a, _ in desk.audit("statement.")] == ["statement.viewed"]


def _pdf_text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / name)], check=True)
    assert (tmp_path / f"{name}-1.png").stat().st_size > 10_000
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_the_statement_pdf_in_english_and_french(desk: PlanDesk, tmp_path: Path) -> None:
    student, program, _kit = _account(desk)
    _plan(desk, program)
    english = _pdf_text(desk.statements.pdf(REGISTRAR, student, "en"), tmp_path, "statement-en")
    assert "Account statement" in english and "Balance owing: $730.00" in english
    assert "Refund" in english and "Instalment 1" in english and "1,130.00" in english
    french = _pdf_text(desk.statements.pdf(REGISTRAR, student, "fr"), tmp_path, "statement-fr")
    assert "Relevé de compte" in french and "Solde à payer : 730,00 $" in french.replace("\u00a0", " ")
    assert "Remboursement" in french and "Versement 1" in french
    # When it was made, written out in each language (the table's dates stay ISO, one column wide).
    assert re.search(r"[A-Z][a-z]+ \d{1,2}, 20\d\d", english) and re.search(r"\d{1,2}(er)? [a-zéû]+ 20\d\d", french)


def test_the_statement_goes_by_email_with_its_pdf(desk: PlanDesk) -> None:
    student, _program, _kit = _account(desk)
    assert desk.statements.email(REGISTRAR, student) == "ada.student@example.ca"
    desk.outbox.deliver_pending()
    message = desk.mailer.sent[-1]
    assert message.to == "ada.student@example.ca" and message.subject == "Your account statement: balance $730.00"
    [attachment] = message.attachments
    assert attachment.filename.startswith("statement-S") and attachment.data.startswith(b"%PDF")
    assert [a for a, _ in desk.audit("statement.")][-1] == "statement.emailed"

"""Rows for invoice tests: a student enrolled in a course, with payments and refunds to invoice."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.access import Role
from oncopos.domain.invoice import Business
from oncopos.domain.tax import TaxLine, default_basis, quote
from oncopos.services.invoices import InvoiceService, InvoiceSetup
from oncopos.services.ports import OutgoingEmail
from tests.actors import fixture_actor

BUSINESS = Business(
    "OncoOne Education", "100 King Street West, Suite 500, Toronto ON  M5X 1A9", "+1 416-555-0100",
    "accounts@oncoone.example", "123456789RT0001", "1234567890TQ0001",
)
MANAGER = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")
REGISTRAR = fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []

    def send(self, message: OutgoingEmail) -> None:
        self.sent.append(message)


class RecordingPrinter:
    def __init__(self) -> None:
        self.jobs: list[dict[str, Any]] = []

    def print_pdf(self, data: bytes, *, title: str, printer: str | None = None, media: str | None = None) -> str:
        self.jobs.append({"data": data, "title": title, "printer": printer, "media": media})
        return f"desk-{len(self.jobs)}"


class World:
    """A database with the invoice service over it, and helpers to add the rows it invoices."""

    def __init__(self, engine: Engine, clock: Any, documents: Path, series: str = "DESK1") -> None:
        self.factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
        self.clock = clock
        self.mailer = RecordingMailer()
        self.printer = RecordingPrinter()
        self.store = FileDocumentStore(documents)
        self.outbox: Any = None  # a MailOutbox, when a test wants email to go through one
        self.service = InvoiceService(
            self.uow, InvoiceSetup(BUSINESS, series, ZoneInfo("America/Toronto")), renderer=ReportLabRenderer(),
            store=self.store, clock=clock, mailer=lambda: self.mailer, printer=self.printer,
            outbox=lambda: self.outbox,
        )

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.factory)

    def enrollment(
        self, *, province: str = "QC", price: int = 3_450_00, treatment: str = "taxable", language: str = "fr",
        first: str = "Émilie", last: str = "Bérubé-Lévesque",
    ) -> uuid.UUID:
        on = date(2026, 11, 2)
        q = quote([TaxLine(price, "service", treatment)], province, on)
        n = uuid.uuid4().hex[:6]
        with self.factory() as s, s.begin():
            student = Student(
                id=uuid.uuid4(), student_number=f"S{n}", first_name=first, last_name=last,
                email=f"student{n}@example.ca", address_line1="4521 rue Saint-Denis", city="Montréal", province="QC",
                postal_code="H2J 2L4", preferred_language=language,
            )
            course = Course(
                id=uuid.uuid4(), code=f"OAC-{n}", name="Oncology Aesthetics Certificate", kind="program",
                price_cents=price, supply_kind="service", tax_treatment=treatment,
                tax_basis=default_basis(treatment) if treatment != "taxable" else None,
            )
            section = Section(id=uuid.uuid4(), course=course, code=f"OAC-{n}-1", start_date=date(2027, 1, 12),
                              end_date=date(2027, 3, 20), location="Montréal")
            enrollment = Enrollment(
                id=uuid.uuid4(), student=student, section=section, enrolled_at=datetime(2026, 11, 2, 15, tzinfo=UTC),
                price_cents=q.subtotal_cents, tax_cents=q.tax_cents, total_cents=q.total_cents, supply_kind="service",
                tax_treatment=treatment, tax_basis=course.tax_basis, tax_province=province,
                tax_components=[{"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents,
                                 "amount_cents": c.amount_cents} for c in q.components],
            )
            s.add_all([student, course, section, enrollment])
            return enrollment.id

    def payment(self, enrollment_id: uuid.UUID, amount: int, *, brand: str = "visa", minutes: int = 0) -> uuid.UUID:
        with self.factory() as s, s.begin():
            payment = Payment(
                id=uuid.uuid4(), enrollment_id=enrollment_id, workstation_id="DESK1", amount_cents=amount, method="reader",
                status="succeeded", idempotency_key=f"pay-{uuid.uuid4()}", stripe_payment_intent_id=f"pi_{uuid.uuid4().hex[:24]}",
                payment_method_type="interac_present" if brand == "interac" else "card_present", card_brand=brand,
                card_last4="4242", completed_at=self.clock.now + timedelta(minutes=minutes),
            )
            s.add(payment)
            return payment.id

    def refund(self, payment_id: uuid.UUID, amount: int, reason: str = "withdrawal") -> uuid.UUID:
        with self.factory() as s, s.begin():
            refund = Refund(
                id=uuid.uuid4(), payment_id=payment_id, workstation_id="DESK1", amount_cents=amount, reason=reason,
                reason_text="", status="succeeded", idempotency_key=f"ref-{uuid.uuid4()}",
            )
            s.add(refund)
            return refund.id

    def invoice_payment(self, payment_id: uuid.UUID) -> str:
        with self.uow() as uow:
            number = self.service.issue_for_payment(uow, payment_id, MANAGER)
            uow.commit()
        return number

    def credit_refund(self, refund_id: uuid.UUID) -> str:
        with self.uow() as uow:
            number = self.service.issue_for_refund(uow, refund_id, MANAGER)
            uow.commit()
        return number

    def row(self, model: Any, row_id: uuid.UUID) -> Any:
        with self.factory() as s:
            return s.get(model, row_id)

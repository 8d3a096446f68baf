"""A known business day for the end-of-day tests: Ontario and Quebec desks, exempt courses, refunds.

2026-11-25 in Toronto (EST, UTC-5). Every figure the tests expect is worked out by hand in
`tests/integration/test_end_of_day_report.py`; the rows are written directly and invoiced by the real
invoice service, so the tax on each invoice and credit note is the one the desk would issue.
"""

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
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.models.sync import OverpaymentFlag
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.access import Role
from oncopos.domain.end_of_day import Window, hour_starts, party_lines
from oncopos.domain.tax import TaxLine, quote
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.invoices import InvoiceService, InvoiceSetup
from oncopos.services.money_stores import EndOfDayStore
from tests.actors import fixture_actor
from tests.integration.invoice_helpers import BUSINESS

TORONTO = ZoneInfo("America/Toronto")
DAY = date(2026, 11, 25)
RITA, LUC, MONA = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A Toronto wall-clock time as aware UTC (what the database stores)."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TORONTO).astimezone(UTC)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


MANAGER = fixture_actor(MONA, "mona", Role.MANAGER, "DESK1")
ADMIN = fixture_actor(uuid.uuid4(), "ada", Role.ADMIN, "DESK1")
REGISTRAR = fixture_actor(RITA, "rita", Role.REGISTRAR, "DESK1")


class Day:
    """The database, the clock, the invoice service and the end-of-day service over them."""

    def __init__(self, engine: Engine, documents: Path) -> None:
        self.clock = MovableClock(local(DAY, 8))
        self.factory = make_session_factory(engine, workstation_id="DESK1", clock=self.clock)
        self.invoices = InvoiceService(self.uow, InvoiceSetup(BUSINESS, "DESK1", TORONTO), renderer=ReportLabRenderer(),
                                       store=FileDocumentStore(documents), clock=self.clock)
        self.store = FileDocumentStore(documents)
        self.eod = EndOfDayService(self.uow, tz=TORONTO, clock=self.clock, renderer=EndOfDayRenderer(), store=self.store)
        with self.factory() as s, s.begin():
            for sid, user, name, role in ((RITA, "rita", "Rita Registrar", "registrar"),
                                          (LUC, "luc", "Luc Tremblay", "registrar"),
                                          (MONA, "mona", "Mona Manager", "manager")):
                s.add(Staff(id=sid, username=user, display_name=name, role=role, password_hash="not-a-login"))

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.factory)

    def enrollment(self, province: str, price: int, treatment: str = "taxable") -> uuid.UUID:
        q = quote([TaxLine(price, "service", treatment)], province, date(2026, 11, 2))
        n = uuid.uuid4().hex[:6]
        with self.factory() as s, s.begin():
            student = Student(id=uuid.uuid4(), student_number=f"S{n}", first_name="Élise", last_name=f"Student{n}",
                              email=f"s{n}@example.ca", preferred_language="en")
            course = Course(id=uuid.uuid4(), code=f"C-{n}", name="Oncology aesthetics", kind="program",
                            price_cents=price, supply_kind="service", tax_treatment=treatment, delivery_province=province)
            section = Section(id=uuid.uuid4(), course=course, code=f"S-{n}", start_date=date(2027, 1, 12))
            enrollment = Enrollment(
                id=uuid.uuid4(), student=student, section=section, enrolled_at=datetime(2026, 11, 2, 15, tzinfo=UTC),
                price_cents=q.subtotal_cents, tax_cents=q.tax_cents, total_cents=q.total_cents, supply_kind="service",
                tax_treatment=treatment, tax_province=province,
                tax_components=[{"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents,
                                 "amount_cents": c.amount_cents} for c in q.components])
            s.add_all([student, course, section, enrollment])
            return enrollment.id

    def payment(self, enrollment_id: uuid.UUID, amount: int, at: datetime, *, desk: str = "DESK1", staff: uuid.UUID = RITA,
                kind: str = "card_present", brand: str = "visa", status: str = "succeeded", invoice: bool = True,
                charge: str | None = None, intent: str | None = None, payment_id: uuid.UUID | None = None,
                method: str | None = None) -> uuid.UUID:
        """`method`: cash, cheque or etransfer for a tender taken by hand (no Stripe ids then)."""
        pid = payment_id or uuid.uuid4()
        by_hand = method in ("cash", "cheque", "etransfer")
        with self.factory() as s, s.begin():
            s.add(Payment(
                id=pid, enrollment_id=enrollment_id, workstation_id=desk, staff_id=staff, amount_cents=amount,
                method=method or ("hosted" if kind == "card" else "reader"), status=status,
                idempotency_key=f"oncopos-pay-{pid}",
                stripe_payment_intent_id=None if by_hand else intent or f"pi_{pid.hex[:24]}",
                stripe_charge_id=None if by_hand else charge if intent else charge or f"ch_{pid.hex[:24]}",
                payment_method_type=None if by_hand else kind,
                card_brand=None if by_hand else "interac" if kind == "interac_present" else brand,
                card_last4=None if by_hand else "4242",
                completed_at=at if status in ("succeeded", "failed", "cancelled", "expired") else None,
                created_at=at - timedelta(minutes=2)))
        if invoice and status == "succeeded":
            self.clock.now, before = at, self.clock.now
            with self.uow() as uow:
                self.invoices.issue_for_payment(uow, pid, MANAGER)
                uow.commit()
            self.clock.now = before
        return pid

    def refund(self, payment_id: uuid.UUID, amount: int, at: datetime, *, desk: str = "DESK1", source: str = "app",
               stripe_id: str | None = None, staff: uuid.UUID = MONA) -> uuid.UUID:
        rid = uuid.uuid4()
        with self.factory() as s, s.begin():
            s.add(Refund(id=rid, payment_id=payment_id, workstation_id=desk, staff_id=staff, amount_cents=amount,
                         reason="requested_by_customer", status="succeeded", source=source,
                         idempotency_key=f"oncopos-refund-{rid}", stripe_refund_id=stripe_id or f"re_{rid.hex[:24]}",
                         completed_at=at, created_at=at))
        self.clock.now, before = at, self.clock.now
        with self.uow() as uow:
            self.invoices.issue_for_refund(uow, rid, MANAGER)
            uow.commit()
        self.clock.now = before
        return rid

    def flag_overpayment(self, enrollment_id: uuid.UUID, over: int, desks: list[str], at: datetime) -> None:
        with self.factory() as s, s.begin():
            s.add(OverpaymentFlag(enrollment_id=enrollment_id, total_cents=0, paid_cents=over, refunded_cents=0,
                                  over_cents=over, payment_ids=[], workstations=desks, detected_at=at, status="open"))


def known_day(d: Day) -> dict[str, Any]:
    """The dataset of the known day; returns the ids the tests look at."""
    on_taxable = d.enrollment("ON", 1_000_00)  # HST 13%: 130.00
    qc_taxable = d.enrollment("QC", 2_000_00)  # GST 5% 100.00 + QST 9.975% 199.50
    on_exempt = d.enrollment("ON", 3_000_00, "exempt")
    ids: dict[str, Any] = {"on_taxable": on_taxable}
    # The day before, 23:30 Toronto time (04:30 UTC on the 25th): yesterday's, whatever UTC says.
    d.payment(d.enrollment("ON", 100_00), 113_00, local(DAY - timedelta(days=1), 23, 30))
    ids["p1"] = d.payment(on_taxable, 1_130_00, local(DAY, 9, 15), brand="visa")
    ids["p2"] = d.payment(qc_taxable, 1_149_75, local(DAY, 10, 30), desk="DESK2", staff=LUC, kind="interac_present")
    ids["p4"] = d.payment(on_exempt, 3_000_00, local(DAY, 13, 5), brand="mastercard")
    # 23:59 Toronto time is 04:59 UTC on the 26th: still the 25th's.
    ids["p3"] = d.payment(qc_taxable, 1_149_75, local(DAY, 23, 59), desk="DESK2", staff=LUC, kind="card", brand="visa")
    # Midnight and a half-minute: the 26th's.
    d.payment(d.enrollment("ON", 100_00), 113_00, local(DAY + timedelta(days=1), 0, 0, 30))
    d.payment(on_taxable, 500_00, local(DAY, 11), status="failed")
    d.payment(on_taxable, 200_00, local(DAY, 12), desk="DESK2", staff=LUC, status="cancelled")
    d.payment(on_taxable, 300_00, local(DAY, 15), status="processing")
    ids["r1"] = d.refund(ids["p1"], 565_00, local(DAY, 16))  # half: HST 65.00 back
    ids["r2"] = d.refund(ids["p4"], 1_000_00, local(DAY, 17))  # exempt: no tax back
    d.flag_overpayment(on_taxable, 100_00, ["DESK1", "DESK2"], local(DAY, 18))
    return ids


def breakdowns_agree(repo: EndOfDayStore, w: Window) -> None:
    """The breakdowns the report adds up from the rows it lists (DayPayments, DayRefunds) are the ones
    an aggregate query per breakdown groups in the database."""
    payments, refunds = repo.payments(w), repo.day_refunds(w)
    assert payments.methods == repo.methods(w)
    assert payments.hours == repo.hours(w, hour_starts(w.start, w.end))
    assert refunds.lines == repo.refunds(w)
    assert refunds.reversed_taxes == repo.reversed_taxes(w)
    assert refunds.credited == repo.credited(w)
    for column, paid, back in (("staff_id", payments.staff, refunds.staff),
                               ("workstation_id", payments.workstations, refunds.workstations)):
        assert party_lines(paid, back) == repo.parties(w, column)

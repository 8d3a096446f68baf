"""One payment for several enrollments (a program and its kit): one code, one PaymentIntent, one
invoice with a line per enrollment and its own tax, each enrollment's balance, refunds allocated
back on their line, and the end of day by tax treatment. The real payment and refund services, the
simulator over HTTP through the real Stripe SDK, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, RefundAllocation
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.allocation import PartRequest
from oncopos.domain.end_of_day import EndOfDayReport, Window, sales_lines
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.invoice import InvoiceDocument
from oncopos.domain.tax import TaxLine, quote
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_export import report_csv, report_text
from tests.integration.end_of_day_helpers import breakdowns_agree
from tests.integration.payment_fixtures import Desk
from tests.integration.refund_fixtures import MANAGER, RefundDesk
from tests.integration.stripe_fixtures import payment_intents_for
from tests.payment_support import REGISTRAR, add_enrollment
from tests.waiting import wait_for


def add_enrollment_for(desk: Desk | Any, of: uuid.UUID, *, price_cents: int, name: str, supply_kind: str = "goods",
                       treatment: str = "taxable") -> uuid.UUID:
    """Another enrollment of the same student as enrollment `of`, in the same province (a kit, a second course).
    `desk`: anything with the desk's session `factory`."""
    with desk.factory() as session, session.begin():
        first = session.get(Enrollment, of)
        assert first is not None
        province = first.tax_province
        q = quote([TaxLine(price_cents, supply_kind, treatment)], province, date(2026, 10, 1))
        course = Course(id=uuid.uuid4(), code=f"KIT-{uuid.uuid4().hex[:5]}", name=name, kind="kit",
                        price_cents=price_cents, supply_kind=supply_kind, tax_treatment=treatment,
                        delivery_province=province)
        section = Section(id=uuid.uuid4(), course=course, code=f"K-{uuid.uuid4().hex[:8]}", start_date=date(2027, 1, 12))
        enrollment = Enrollment(
            id=uuid.uuid4(), student_id=first.student_id, section=section, status="active",
            enrolled_at=datetime(2026, 10, 1, 15, tzinfo=UTC), price_cents=q.subtotal_cents, tax_cents=q.tax_cents,
            total_cents=q.total_cents, supply_kind=supply_kind, tax_treatment=treatment, tax_province=province,
            tax_components=[{"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents,
                             "amount_cents": c.amount_cents} for c in q.components])
        session.add_all([course, section, enrollment])
        return enrollment.id


def exempt_program(desk: Desk, province: str = "QC") -> uuid.UUID:
    """A program exempt from GST/QST (a vocational school's certificate course), for a student in `province`."""
    enrollment = desk.enrollment(price_cents=300_000, province=province)
    with desk.factory() as session, session.begin():
        row = session.get(Enrollment, enrollment)
        assert row is not None
        row.tax_treatment, row.tax_cents, row.total_cents, row.tax_components = "exempt", 0, 300_000, []
    return enrollment


def pay_several(desk: Desk, parts: list[PartRequest]) -> uuid.UUID:
    """Quote, one code, one charge on the simulated reader, until it succeeds."""
    view = desk.service.start_several(REGISTRAR, parts)
    desk.code_clock.offset += timedelta(minutes=1)
    desk.service.send_code(REGISTRAR, view.id)
    desk.service.confirm_code(REGISTRAR, view.id, desk.mailer.last_code())
    desk.service.charge_on_reader(REGISTRAR, view.id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    wait_for(lambda: desk.service.poll(REGISTRAR, view.id).succeeded, what="the payment for several succeeding")
    return view.id


def balance(desk: Desk, enrollment_id: uuid.UUID) -> int:
    with SqlUnitOfWork(desk.factory) as uow:
        return uow.payments.enrollment(enrollment_id).balance_cents


def document(desk: Desk, payment_id: uuid.UUID, kind: str = "invoice") -> InvoiceDocument:
    with desk.factory() as session:
        docs = session.scalars(sa.select(Invoice.document).where(Invoice.payment_id == payment_id, Invoice.kind == kind)
                               .order_by(Invoice.sequence)).all()
    return InvoiceDocument.from_dict(docs[-1])


def pdf_text(desk: Desk, number: str) -> str:
    from oncopos.adapters.db.session import utc_now
    from oncopos.bootstrap import build_invoice_service
    from oncopos.config import load_settings

    settings = load_settings(workstation_id="DESK1", invoice_series="DESK1")
    invoices = build_invoice_service(settings, lambda: SqlUnitOfWork(desk.factory), utc_now)
    reader = PdfReader(io.BytesIO(invoices.pdf_for(number)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_program_and_its_kit_in_one_payment(desk: Desk) -> None:
    program = exempt_program(desk)  # QC, exempt: $3,000.00, no tax
    kit = add_enrollment_for(desk, program, price_cents=28_900, name="Practitioner kit")  # GST 14.45 + QST 28.83
    assert balance(desk, kit) == 28_900 + 1_445 + 2_883

    preview = desk.service.preview_several(REGISTRAR, [PartRequest(program, 300_000), PartRequest(kit, 33_228)])
    assert preview.amount_cents == 333_228 and preview.tax_cents == 4_328
    assert [(p.course_name, p.tax_cents) for p in preview.parts] == [("Oncology aesthetics: module 1", 0),
                                                                     ("Practitioner kit", 4_328)]
    assert [(s.name, s.amount_cents) for s in preview.parts[1].tax_shares] == [("GST", 1_445), ("QST", 2_883)]

    payment = pay_several(desk, [PartRequest(program, 300_000), PartRequest(kit, 33_228)])

    # One payment, one PaymentIntent for the whole, one idempotency key.
    [intent] = payment_intents_for(desk.simulator, payment)
    assert intent["amount"] == 333_228 and intent["status"] == "succeeded"
    with desk.factory() as session:
        row = session.get(Payment, payment)
        assert row is not None and row.amount_cents == 333_228 and row.tax_cents == 4_328
        assert row.stripe_payment_intent_id == intent["id"]
        parts = session.scalars(sa.select(PaymentAllocation).order_by(PaymentAllocation.position)).all()
        assert [(a.enrollment_id, a.amount_cents, a.tax_cents) for a in parts] == [(program, 300_000, 0),
                                                                                   (kit, 33_228, 4_328)]
        assert session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
    assert balance(desk, program) == 0 and balance(desk, kit) == 0

    # One invoice, a line per enrollment with its own part and tax; the totals add them up.
    doc = document(desk, payment)
    assert [(line.treatment, line.part_cents, [(t.name, t.amount_cents) for t in line.taxes]) for line in doc.lines] == [
        ("exempt", 300_000, []), ("taxable", 28_900, [("GST", 1_445), ("QST", 2_883)])]
    assert doc.total_cents == 333_228 and doc.subtotal_cents == 328_900
    assert [(t.name, t.amount_cents) for t in doc.taxes] == [("GST", 1_445), ("QST", 2_883)]
    assert doc.payment is not None and doc.payment.balance_after_cents == 0
    assert doc.supply_total_cents == 333_228

    # The PDF says each line's own part and tax, in the student's language.
    text = pdf_text(desk, doc.number)
    assert "Paid now on this line: $3,000.00" in text
    assert "Paid now on this line: $289.00 + GST 5% $14.45 + QST 9.975% $28.83 = $332.28" in text

    # The end of day counts each line under its own treatment.
    with SqlUnitOfWork(desk.factory) as uow:
        now = datetime.now(UTC)
        window = Window(now - timedelta(hours=1), now + timedelta(hours=1))
        sales = {s.treatment: s for s in sales_lines(uow.end_of_day.payments(window).rows, uow.end_of_day.credited(window))}
    assert sales["exempt"].invoiced_cents == 300_000 and sales["taxable"].invoiced_cents == 28_900


def test_a_refund_goes_back_on_the_line_it_names(refunds: RefundDesk) -> None:
    desk = refunds.desk
    program = desk.enrollment(price_cents=100_000)  # ON: HST 13% -> 1,130.00
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")  # 226.00
    payment = pay_several(desk, [PartRequest(program, 113_000), PartRequest(kit, 22_600)])
    refundable = refunds.service.refundable(payment)
    assert [(line.enrollment_id, line.remaining_cents) for line in refundable.lines] == [(program, 113_000),
                                                                                        (kit, 22_600)]

    with pytest.raises(InvalidAmount, match=r"At most \$226.00 of this payment can still be refunded on Practitioner"):
        refunds.service.refund(MANAGER, payment, 30_000, "requested_by_customer", enrollment_id=kit)
    with pytest.raises(InvalidInput, match="not paid by this payment"):
        refunds.service.refund(MANAGER, payment, 1_000, "requested_by_customer", enrollment_id=uuid.uuid4())

    back = refunds.service.refund(MANAGER, payment, 11_300, "requested_by_customer", enrollment_id=kit)
    assert back.status == "succeeded"
    assert balance(desk, kit) == 11_300 and balance(desk, program) == 0  # only the kit owes again
    [at_stripe] = refunds.stripe_refunds()
    assert at_stripe["amount"] == 11_300
    note = document(desk, payment, "credit_note")
    assert [(line.description, line.part_cents, [t.amount_cents for t in line.taxes]) for line in note.lines] == [
        ("Refund \u2014 Practitioner kit (" + note.lines[0].description.split("(")[1], 10_000, [1_300])]
    assert note.total_cents == 11_300 and note.tax_cents == 1_300

    # A refund that names no line is shared over what each line can still give back.
    refunds.service.refund(MANAGER, payment, 12_430, "course_cancelled")
    with desk.factory() as session:
        shared = session.execute(sa.select(RefundAllocation.enrollment_id, RefundAllocation.amount_cents)
                                 .order_by(RefundAllocation.created_at)).all()
    assert sorted(cents for e, cents in shared[1:]) == [1_130, 11_300]  # 113,000 : 11,300 left, in proportion
    assert balance(desk, program) == 11_300 and balance(desk, kit) == 11_300 + 1_130
    assert sum(cents for _e, cents in shared) == 11_300 + 12_430
    assert refunds.service.refundable(payment).remaining_cents == 135_600 - 11_300 - 12_430

    # The end of day credits each line under its own enrollment, added up from its list of refunds as
    # grouped in the database.
    with SqlUnitOfWork(desk.factory) as uow:
        now = datetime.now(UTC)
        window = Window(now - timedelta(hours=1), now + timedelta(hours=1))
        assert uow.end_of_day.day_refunds(window).credited == {"taxable": 10_000 + 11_000}
        breakdowns_agree(uow.end_of_day, window)


def test_parts_that_cannot_make_one_payment_are_refused_before_anything_is_written(desk: Desk) -> None:
    program = desk.enrollment(price_cents=100_000)
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")
    stranger = desk.enrollment(price_cents=50_000, email="someone.else@example.ca")

    with pytest.raises(InvalidAmount, match=r"Practitioner kit \(KIT-.*\): .*226\.00"):
        desk.service.start_several(REGISTRAR, [PartRequest(program, 113_000), PartRequest(kit, 30_000)])
    with pytest.raises(InvalidInput, match="listed twice"):
        desk.service.start_several(REGISTRAR, [PartRequest(program, 1_000), PartRequest(program, 1_000)])
    with pytest.raises(InvalidInput, match="different students"):
        desk.service.start_several(REGISTRAR, [PartRequest(program, 1_000), PartRequest(stranger, 1_000)])
    with pytest.raises(InvalidAmount, match=r"more than \$0.00 for each"):
        desk.service.start_several(REGISTRAR, [PartRequest(program, 1_000), PartRequest(kit, 0)])
    with desk.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


def test_a_part_paid_meanwhile_is_checked_again_before_the_charge(desk: Desk) -> None:
    program = desk.enrollment(price_cents=100_000)
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")
    both = desk.service.start_several(REGISTRAR, [PartRequest(program, 50_000), PartRequest(kit, 22_600)])
    desk.code_clock.offset += timedelta(minutes=1)
    desk.service.send_code(REGISTRAR, both.id)
    desk.service.confirm_code(REGISTRAR, both.id, desk.mailer.last_code())
    assert [p.amount_cents for p in desk.service.view(both.id).parts] == [50_000, 22_600]

    # The kit is paid on its own in the meantime (another window): the combined charge must not go out.
    alone = desk.confirmed(kit, 22_600)
    desk.service.charge_on_reader(REGISTRAR, alone, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    wait_for(lambda: desk.service.poll(REGISTRAR, alone).succeeded, what="the kit paid alone")

    with pytest.raises(InvalidAmount, match=r"Nothing was charged\. Practitioner kit"):
        desk.service.charge_on_reader(REGISTRAR, both.id, desk.reader.id)
    assert desk.service.view(both.id).status == "cancelled"
    assert payment_intents_for(desk.simulator, both.id) == []  # never sent to Stripe
    assert balance(desk, program) == 113_000 and balance(desk, kit) == 0


def test_several_enrollments_on_a_desk_that_checks_the_pre_contract_limit(engine: Any, gateway: Any,
                                                                          tmp_path: Any) -> None:
    """The desk's real collection check (the provincial limit before a contract) reads in a unit of
    work of its own: quoting several enrollments must not hold the database while it reads."""
    from tests.integration.plan_helpers import plan_desk

    plans = plan_desk(engine, gateway, tmp_path / "plans")
    program = add_enrollment(plans.factory, price_cents=100_000)
    kit = add_enrollment_for(plans, program, price_cents=20_000, name="Practitioner kit")
    preview = plans.payments.preview_several(REGISTRAR, [PartRequest(program, 10_000), PartRequest(kit, 22_600)])
    assert preview.amount_cents == 32_600
    quoted = plans.payments.start_several(REGISTRAR, [PartRequest(program, 10_000), PartRequest(kit, 22_600)])
    assert [p.amount_cents for p in quoted.parts] == [10_000, 22_600]


def test_the_end_of_day_shows_each_line_of_a_payment_for_several(desk: Desk, tmp_path: Any) -> None:
    program = exempt_program(desk)  # QC, exempt: $3,000.00
    kit = add_enrollment_for(desk, program, price_cents=28_900, name="Practitioner kit")  # $332.28 with GST and QST
    payment = pay_several(desk, [PartRequest(program, 300_000), PartRequest(kit, 33_228)])
    number = document(desk, payment).number
    eod = EndOfDayService(lambda: SqlUnitOfWork(desk.factory), tz=ZoneInfo("America/Toronto"), clock=utc_now,
                          renderer=EndOfDayRenderer(), store=FileDocumentStore(tmp_path / "eod"))
    report = eod.report(MANAGER, datetime.now(UTC).astimezone(ZoneInfo("America/Toronto")).date(), live=True)
    (row,) = report.payments
    assert [(line.course, line.treatment, line.amount_cents, line.taxes) for line in row.lines] == [
        ("Oncology aesthetics: module 1", "exempt", 300_000, {}),
        ("Practitioner kit", "taxable", 33_228, {"GST": 1_445, "QST": 2_883})]

    rows = [r for r in csv.DictReader(io.StringIO(report_csv(report))) if r["type"] == "payment"]
    assert [(r["document"], r["note"], r["treatment"], r["subtotal"], r["qst"], r["total"]) for r in rows] == [
        (number, "Oncology aesthetics: module 1", "exempt", "3000.00", "0.00", "3000.00"),
        (number, "Practitioner kit", "taxable", "289.00", "28.83", "332.28")]
    assert sum(int(r["total"].replace(".", "")) for r in rows) == report.net_cents == 333_228
    assert "Practitioner kit" in report_text(report)
    assert EndOfDayReport.from_dict(report.to_dict()) == report  # the lines survive a close
    pdf = PdfReader(io.BytesIO(EndOfDayRenderer().end_of_day(report)))
    assert "Practitioner kit" in " ".join(page.extract_text() or "" for page in pdf.pages)

"""The year's T2202 slips from the desk's own records, on SQLite and PostgreSQL, with the figures
worked by hand from the rules (RC4654; oncopos.domain.tuition) in each test's docstring."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.domain.access import PermissionDenied
from oncopos.domain.errors import InvalidInput
from oncopos.domain.tuition import Ineligible, Missing, SlipKind
from tests.integration.tuition_desk import MANAGER, REGISTRAR, YearEndDesk, year_end_desk
from tests.tuition_support import GOOD_SIN, add_student, add_study, pay, refund, withdraw

SIN_DIGITS = GOOD_SIN.replace(" ", "")


@pytest.fixture
def desk(engine: Engine) -> YearEndDesk:
    return year_end_desk(engine)


def _line(desk: YearEndDesk, year: int, student_id: object):
    return next(line for line in desk.service.year(MANAGER, year).lines if line.student.id == student_id)


def test_a_full_time_program_across_two_years_is_split_by_its_months(desk: YearEndDesk) -> None:
    """Diploma from 2026-09-08 to 2027-04-30, 25 h a week (full-time: 10 h or more, 3 weeks or more),
    $9,000.00 exempt, paid in full in 2026, with a $339.00 kit (not tuition) beside it.

    Months touched: Sep-Dec 2026 (4) and Jan-Apr 2027 (4), 8 in all.
    2026: fees 9,000.00 x 4/8 = 4,500.00; full-time months 4 (Sep, Oct, Nov, Dec); part-time 0.
    2027: the other 4,500.00 and 4 full-time months. The kit counts in neither year.
    """
    ada = add_student(desk.factory)
    diploma = add_study(desk.factory, ada, name="Oncology Aesthetics Diploma", starts=date(2026, 9, 8),
                        ends=date(2027, 4, 30), minutes_per_week=25 * 60, price_cents=900_000)
    kit = add_study(desk.factory, ada, name="Starter kit", starts=date(2026, 9, 8), ends=date(2026, 9, 8),
                    minutes_per_week=None, price_cents=30_000, tax_cents=3_900, tuition_class="not_tuition",
                    kind="kit")
    pay(desk.factory, diploma, 900_000, at=datetime(2026, 9, 1, 15, tzinfo=UTC))
    pay(desk.factory, kit, 33_900)
    desk.service.record_sin(REGISTRAR, ada, GOOD_SIN)
    line = _line(desk, 2026, ada)
    f = line.figures
    assert (f.fees_cents, f.full_time_months, f.part_time_months) == (450_000, 4, 0)
    assert [(s.start, s.end) for s in f.sessions] == [((2026, 9), (2026, 12))]
    assert line.next_kind == SlipKind.ORIGINAL and line.ready and line.sin_masked == "*** *** 544"
    desk.clock.now = datetime(2028, 1, 15, 15, tzinfo=UTC)
    later = _line(desk, 2027, ada).figures
    assert (later.fees_cents, later.full_time_months) == (450_000, 4)


def test_a_part_time_evening_course_counts_its_months_and_its_tuition_before_tax(desk: YearEndDesk) -> None:
    """Evening course from 2026-10-01 to 2026-12-15, 4 h a week: under 10 h, so not full-time; 4 h x 52 / 12
    = 17.3 h a month, at least 12, and 11 weeks, at least 3: part-time. Price $450.00 + 13 % HST $58.50,
    paid $508.50: tuition is the price, $450.00 (the tax is not tuition). Part-time months: Oct, Nov, Dec = 3.
    """
    ben = add_student(desk.factory, first="Ben", last="Okafor")
    evening = add_study(desk.factory, ben, name="Wig Fitting (evenings)", starts=date(2026, 10, 1),
                        ends=date(2026, 12, 15), minutes_per_week=240, price_cents=45_000, tax_cents=5_850)
    pay(desk.factory, evening, 50_850)
    f = _line(desk, 2026, ben).figures
    assert (f.fees_cents, f.part_time_months, f.full_time_months) == (45_000, 3, 0)


def test_a_refund_after_year_end_makes_an_amended_slip_and_keeps_the_original(desk: YearEndDesk) -> None:
    """Workshop from 2026-03-02 to 2026-04-24, 12 h a week (full-time), $1,200.00 exempt, paid in 2026.
    Original slip issued 2027-01-20: $1,200.00, 2 full-time months (Mar, Apr).
    A $400.00 refund on 2027-02-01: the 2026 course now kept $800.00, so the slip is amended to $800.00,
    still 2 full-time months; the original stays as it was, and the amendment names it.
    """
    cleo = add_student(desk.factory, first="Cléo", last="Côté", language="fr")
    workshop = add_study(desk.factory, cleo, name="Scalp care", starts=date(2026, 3, 2), ends=date(2026, 4, 24),
                         minutes_per_week=12 * 60, price_cents=120_000)
    payment = pay(desk.factory, workshop, 120_000, at=datetime(2026, 2, 20, 15, tzinfo=UTC))
    desk.service.record_sin(REGISTRAR, cleo, GOOD_SIN)
    first = desk.service.issue(MANAGER, 2026)
    assert [(s.kind, s.figures.fees_cents, s.figures.full_time_months) for s in first.issued] == [
        (SlipKind.ORIGINAL, 120_000, 2)]
    assert desk.service.issue(MANAGER, 2026).issued == ()  # nothing changed: nothing to issue
    refund(desk.factory, payment, 40_000, at=datetime(2027, 2, 1, 15, tzinfo=UTC))
    desk.clock.now = datetime(2027, 2, 2, 15, tzinfo=UTC)
    assert _line(desk, 2026, cleo).next_kind == SlipKind.AMENDED
    amended = desk.service.issue(MANAGER, 2026, [cleo]).issued
    assert [(s.kind, s.figures.fees_cents, s.replaces_id) for s in amended] == [
        (SlipKind.AMENDED, 80_000, first.issued[0].id)]
    with desk.uow() as uow:
        history = uow.tuition.slips(2026, cleo)
    assert [(s.kind, s.figures.fees_cents) for s in history] == [(SlipKind.ORIGINAL, 120_000), (SlipKind.AMENDED, 80_000)]
    with pytest.raises(InvalidInput, match="up to date"):
        desk.service.issue(MANAGER, 2026, [cleo])


def test_under_sixteen_and_fees_under_100_dollars_get_no_slip(desk: YearEndDesk) -> None:
    """Dana, born 2011-06-01, is 15 on 2026-12-31: her $600.00 occupational-skills course gives no slip.
    Eli's only course, $95.00, is not more than $100: no slip. Neither is a matter of a missing field."""
    dana = add_student(desk.factory, first="Dana", last="Young", born=date(2011, 6, 1))
    young = add_study(desk.factory, dana, name="Makeup basics", starts=date(2026, 7, 6), ends=date(2026, 8, 14),
                      minutes_per_week=15 * 60, price_cents=60_000)
    pay(desk.factory, young, 60_000)
    eli = add_student(desk.factory, first="Eli", last="Small")
    cheap = add_study(desk.factory, eli, name="Evening talk", starts=date(2026, 5, 4), ends=date(2026, 5, 29),
                      minutes_per_week=180, price_cents=9_500)
    pay(desk.factory, cheap, 9_500)
    year = desk.service.year(MANAGER, 2026)
    by = {line.student.id: line for line in year.lines}
    assert by[dana].ineligible == (Ineligible.UNDER_SIXTEEN,) and by[dana].next_kind is None
    assert by[eli].ineligible == (Ineligible.FEES_TOO_LOW,) and by[eli].figures.fees_cents == 9_500
    assert by[eli].missing == () and by[eli].next_kind is None
    assert desk.service.issue(MANAGER, 2026).issued == ()


def test_a_missing_sin_blocks_only_that_students_slip_until_it_is_given(desk: YearEndDesk) -> None:
    """Fay has a $2,000.00 full-time course but no SIN on file: the year lists her as blocked ("ask the
    student"), the others are issued; once her SIN is recorded her original is issued."""
    fay = add_student(desk.factory, first="Fay", last="Ngo")
    course = add_study(desk.factory, fay, name="Lash lift", starts=date(2026, 5, 4), ends=date(2026, 6, 26),
                       minutes_per_week=20 * 60, price_cents=200_000)
    pay(desk.factory, course, 200_000)
    line = _line(desk, 2026, fay)
    assert line.missing == (Missing.SIN,) and not line.ready and line.sin_masked == ""
    report = desk.service.issue(MANAGER, 2026)
    assert report.issued == () and [b.student.id for b in report.blocked] == [fay]
    with pytest.raises(InvalidInput, match="social insurance number"):
        desk.service.issue(MANAGER, 2026, [fay])
    with pytest.raises(InvalidInput, match="not a valid social insurance number"):
        desk.service.record_sin(REGISTRAR, fay, "130 692 545")
    assert desk.service.record_sin(REGISTRAR, fay, GOOD_SIN) == "*** *** 544"
    assert [s.kind for s in desk.service.issue(MANAGER, 2026).issued] == [SlipKind.ORIGINAL]


def test_a_withdrawal_ends_the_months_and_the_credit_is_not_tuition(desk: YearEndDesk) -> None:
    """Gil's course runs 2026-09-08 to 2026-12-18, 15 h a week, $3,000.00 exempt, paid in full. He withdraws
    on 2026-10-16 (Toronto time); $1,800.00 of what he paid becomes credit on his account.
    Months Sep and Oct (2, full-time: 5 weeks and more than 10 h); tuition kept $3,000.00 - $1,800.00 = $1,200.00.
    """
    gil = add_student(desk.factory, first="Gil", last="Roy")
    course = add_study(desk.factory, gil, name="Brow design", starts=date(2026, 9, 8), ends=date(2026, 12, 18),
                       minutes_per_week=15 * 60, price_cents=300_000)
    pay(desk.factory, course, 300_000)
    withdraw(desk.factory, course, at=datetime(2026, 10, 16, 20, tzinfo=UTC), credit_cents=180_000,
             paid_cents=300_000)
    f = _line(desk, 2026, gil).figures
    assert (f.fees_cents, f.full_time_months, f.sessions[0].end) == (120_000, 2, (2026, 10))


def test_the_original_return_then_the_amended_one_as_cra_reads_them(desk: YearEndDesk) -> None:
    """Two students issued, the original return made (2 slips, $3,200.00); one slip is then cancelled: the
    amended return holds that cancellation alone, and its summary claims $0.00 for it."""
    one = add_student(desk.factory, first="Hana", last="Lee")
    two = add_student(desk.factory, first="Ivo", last="Marchand")
    for student, price in ((one, 200_000), (two, 120_000)):
        enrollment = add_study(desk.factory, student, name="Oncology skin care", starts=date(2026, 3, 2),
                               ends=date(2026, 4, 24), minutes_per_week=12 * 60, price_cents=price)
        pay(desk.factory, enrollment, price)
        desk.service.record_sin(REGISTRAR, student, GOOD_SIN)
    with pytest.raises(InvalidInput, match="No original slip"):
        desk.service.make_return(MANAGER, 2026)
    desk.service.issue(MANAGER, 2026)
    filed = desk.service.make_return(MANAGER, 2026)
    assert (filed.record.slip_count, filed.record.fees_cents, filed.record.kind) == (2, 320_000, "original")
    root = ET.fromstring(filed.xml)
    slips = root.findall("./Return/T2202/T2202Slip")
    assert [s.findtext("SlipReportTypeCode") for s in slips] == ["O", "O"]
    assert {s.findtext("SocialInsuranceNumber") for s in slips} == {SIN_DIGITS}
    assert root.findtext("./Return/T2202/T2202Summary/TotalEligibleTuitionFeeAmount") == "3200.00"
    assert desk.service.return_file(MANAGER, filed.record.id) == filed.xml  # the same file again
    with pytest.raises(InvalidInput, match="No original slip"):
        desk.service.make_return(MANAGER, 2026)  # each slip is filed once
    cancelled = desk.service.cancel(MANAGER, 2026, two)
    assert cancelled.kind == SlipKind.CANCELLED and cancelled.figures.fees_cents == 120_000
    amended = desk.service.make_return(MANAGER, 2026, "amended")
    root = ET.fromstring(amended.xml)
    assert [s.findtext("SlipReportTypeCode") for s in root.findall("./Return/T2202/T2202Slip")] == ["C"]
    assert root.findtext("./Return/T2202/T2202Summary/SummaryReportTypeCode") == "A"
    assert root.findtext("./Return/T2202/T2202Summary/TotalEligibleTuitionFeeAmount") == "0.00"
    year = desk.service.year(MANAGER, 2026)
    assert [r.kind for r in year.returns] == ["original", "amended"] and year.deadline == date(2027, 3, 1)
    with pytest.raises(InvalidInput, match="no slip of 2026 in force"):
        desk.service.cancel(MANAGER, 2026, two)


def test_an_amendment_waits_for_its_original_to_be_filed(desk: YearEndDesk) -> None:
    jo = add_student(desk.factory, first="Jo", last="Park")
    course = add_study(desk.factory, jo, name="Scalp care", starts=date(2026, 3, 2), ends=date(2026, 4, 24),
                       minutes_per_week=12 * 60, price_cents=120_000)
    payment = pay(desk.factory, course, 120_000)
    desk.service.record_sin(REGISTRAR, jo, GOOD_SIN)
    desk.service.issue(MANAGER, 2026)
    refund(desk.factory, payment, 20_000)
    desk.service.issue(MANAGER, 2026)
    with pytest.raises(InvalidInput, match="original return of 2026 before its amendments"):
        desk.service.make_return(MANAGER, 2026, "amended")


def test_slips_go_by_email_only_with_consent_and_the_rest_are_printed(desk: YearEndDesk) -> None:
    """Kim agreed to receive her slip by email, Lou did not: one email (French, Kim's language, the PDF
    attached, no SIN in it), one slip to print."""
    kim = add_student(desk.factory, first="Kim", last="Aubin", language="fr", email="kim@example.ca")
    lou = add_student(desk.factory, first="Lou", last="Bell", email="lou@example.ca")
    for student in (kim, lou):
        enrollment = add_study(desk.factory, student, name="Oncology skin care", starts=date(2026, 3, 2),
                               ends=date(2026, 4, 24), minutes_per_week=12 * 60, price_cents=150_000)
        pay(desk.factory, enrollment, 150_000)
        desk.service.record_sin(REGISTRAR, student, GOOD_SIN)
    desk.service.record_email_consent(REGISTRAR, kim, True)
    issued = {s.student_id: s for s in desk.service.issue(MANAGER, 2026).issued}
    with pytest.raises(InvalidInput, match="has not agreed to receive the slip by email"):
        desk.service.email(MANAGER, issued[lou].id)
    report = desk.service.deliver_year(MANAGER, 2026)
    assert [s.student_id for s in report.emailed] == [kim] and [s.student_id for s in report.to_print] == [lou]
    desk.outbox.deliver_pending()
    [message] = desk.sent.messages
    assert message.to == "kim@example.ca" and "T2202" in message.subject and "feuillet" in message.subject.lower()
    assert message.attachments[0].content_type == "application/pdf"
    assert SIN_DIGITS not in message.text and GOOD_SIN not in message.text
    desk.service.mark_printed(MANAGER, issued[lou].id)
    assert desk.service.deliver_year(MANAGER, 2026) == type(report)((), ())  # nothing left to deliver


def test_permissions_and_years(desk: YearEndDesk) -> None:
    with pytest.raises(PermissionDenied):
        desk.service.year(REGISTRAR, 2026)
    with pytest.raises(InvalidInput, match="once the year is over"):
        desk.service.issue(MANAGER, 2027)
    with pytest.raises(InvalidInput, match="from 2000 to 2027"):
        desk.service.year(MANAGER, 2031)


def test_no_sin_in_the_audit_trail_or_the_database(desk: YearEndDesk, engine: Engine) -> None:
    mo = add_student(desk.factory, first="Mo", last="Diaz")
    course = add_study(desk.factory, mo, name="Scalp care", starts=date(2026, 3, 2), ends=date(2026, 4, 24),
                       minutes_per_week=12 * 60, price_cents=120_000)
    pay(desk.factory, course, 120_000)
    desk.service.record_sin(REGISTRAR, mo, GOOD_SIN)
    desk.service.issue(MANAGER, 2026)
    desk.service.make_return(MANAGER, 2026)
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(sa.select(AuditEvent.action))]
        dump = " ".join(str(v) for table in ("audit_events", "student_tax_details", "tuition_slips", "tuition_returns",
                                               "sync_outbox")
                        for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for v in row)
    assert {"student.sin_recorded", "tuition.slip_issued", "tuition.return_made"} <= set(actions)
    assert SIN_DIGITS not in dump and GOOD_SIN not in dump and "692 544" not in dump

"""A whole student form, student numbers, course and section rules, seats and the deposit rule."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from oncopos.domain.catalogue import CourseDraft, SectionDraft, validate_course, validate_section
from oncopos.domain.enrollment_rules import (
    SectionFull,
    SectionOption,
    check_first_payment,
    choose_next_section,
    clean_reason,
    seats_left,
    withdrawal_credit,
)
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.student_record import (
    FieldErrors,
    StudentDraft,
    format_student_number,
    is_valid_student_number,
    student_number_sequence,
    validate_student,
)

TODAY = date(2026, 11, 26)


def test_a_complete_quebec_student() -> None:
    details = validate_student(
        StudentDraft(
            first_name=" Émilie ", last_name="Bérubé-Lévesque", preferred_name="Émilie", email="Emilie@Videotron.CA",
            phone="(514) 555-0142", address_line1="1200 rue Peel", address_line2="App. 4", city="Montréal",
            province="QC", postal_code="h3b2t6", date_of_birth="1991-03-14", preferred_language="fr",
        ),
        today=TODAY,
    )
    assert details.first_name == "Émilie"
    assert details.preferred_name is None  # the same as the first name: nothing to remember
    assert details.email == "Emilie@videotron.ca"
    assert details.phone == "+15145550142"
    assert details.postal_code == "H3B 2T6"
    assert details.date_of_birth == date(1991, 3, 14)


def test_every_wrong_field_is_reported_at_once() -> None:
    with pytest.raises(FieldErrors) as caught:
        validate_student(
            StudentDraft(first_name="", last_name="Côté", email="francois@", phone="555-0199",
                         province="ON", postal_code="H2X 1Y4", date_of_birth="1990-02-30"),
            today=TODAY,
        )
    errors = caught.value.errors
    assert set(errors) == {"first_name", "email", "phone", "postal_code", "date_of_birth"}
    assert "Quebec" in errors["postal_code"] and "Ontario" in errors["postal_code"]
    assert "year-month-day" in errors["date_of_birth"]


def test_an_address_needs_its_province() -> None:
    with pytest.raises(FieldErrors) as caught:
        validate_student(
            StudentDraft(first_name="Amrit", last_name="Sandhu", email="amrit@example.com", address_line1="10 Main St",
                         city="Toronto", postal_code="M5V 2T6"),
            today=TODAY,
        )
    assert list(caught.value.errors) == ["province"]


def test_student_numbers_carry_the_desk_series_and_a_check_digit() -> None:
    assert format_student_number("DESK1", 42) == "S0000422-DESK1"
    assert is_valid_student_number("S0000422-DESK1")
    assert not is_valid_student_number("S0000423-DESK1")  # one digit misheard
    assert not is_valid_student_number("S0000242-DESK1")  # two digits swapped
    assert is_valid_student_number("DESK1-0000422")  # numbered before the format changed: still a number
    assert student_number_sequence("S0000422-DESK1", "DESK1") == student_number_sequence("DESK1-0000422", "DESK1") == 42
    assert student_number_sequence("S0000422-DESK1", "DESK2") is None
    numbers = {format_student_number(series, n) for series in ("DESK1", "DESK2") for n in range(1, 500)}
    assert len(numbers) == 998  # two desks never collide
    assert max(len(n) for n in numbers) <= 20  # the column width
    with pytest.raises(InvalidInput):
        format_student_number("desk 1", 1)


# --- courses and sections ---------------------------------------------------------------------


def test_a_course_with_an_exemption_gets_its_basis() -> None:
    course = validate_course(
        CourseDraft(code="oap-100", name="Practitioner Program", kind="program", price="6,500.00",
                    tax_treatment="exempt", min_first_payment="1000"),
        default_basis="ETA Schedule V, Part III, s. 8",
    )
    assert (course.code, course.price_cents, course.supply_kind) == ("OAP-100", 650000, "service")
    assert course.tax_basis == "ETA Schedule V, Part III, s. 8"
    assert course.min_first_payment_cents == 100000


def test_course_mistakes_are_named() -> None:
    with pytest.raises(FieldErrors) as caught:
        validate_course(CourseDraft(code="x", name="", kind="kit", price="12.345", tax_treatment="exempt",
                                    delivery_province="PQ", min_first_payment="abc"))
    errors = caught.value.errors
    assert set(errors) == {"code", "name", "price", "tax_treatment", "tax_basis", "delivery_province", "min_first_payment"}
    assert "kit is goods and stays taxable" in errors["tax_treatment"]
    assert "at most 2 decimals" in errors["price"]


def test_a_deposit_above_the_price_is_refused() -> None:
    with pytest.raises(FieldErrors, match="more than the price"):
        validate_course(CourseDraft(code="WS-1", name="Workshop", kind="workshop", price="395", min_first_payment="400"))


def test_a_taxable_course_drops_a_stale_basis() -> None:
    course = validate_course(CourseDraft(code="KIT-1", name="Kit", kind="kit", price="89.95", tax_basis="old text"))
    assert course.tax_basis is None and course.supply_kind == "goods"


def test_sections() -> None:
    section = validate_section(SectionDraft(code="oap-100-2701", start_date="2027-01-12", end_date="2027-03-20", capacity="18"))
    assert (section.code, section.capacity, section.end_date) == ("OAP-100-2701", 18, date(2027, 3, 20))
    one_day = validate_section(SectionDraft(code="WS-1", start_date="2027-04-03"))
    assert one_day.end_date == date(2027, 4, 3) and one_day.capacity is None
    with pytest.raises(FieldErrors) as caught:
        validate_section(SectionDraft(code="S1", start_date="2027-03-20", end_date="2027-01-12", capacity="0"))
    assert set(caught.value.errors) == {"end_date", "capacity"}


# --- seats, next section, deposit, credit -----------------------------------------------------


def option(code: str, start: date, seats: int | None, end: date | None = None) -> SectionOption:
    return SectionOption(uuid.uuid4(), code, code, start, end or start, seats)


def test_seats_left() -> None:
    assert seats_left(18, 17) == 1
    assert seats_left(18, 19) == 0
    assert seats_left(None, 500) is None


def test_the_next_section_offered_is_the_earliest_later_one_with_a_seat() -> None:
    full = option("A", date(2027, 1, 12), 0)
    earlier = option("B", date(2026, 12, 1), 5)
    later_full = option("C", date(2027, 2, 1), 0)
    next_one = option("D", date(2027, 3, 1), 3)
    last = option("E", date(2027, 5, 1), None)
    assert choose_next_section(full, [full, last, earlier, later_full, next_one], TODAY) == next_one
    assert choose_next_section(full, [full, later_full], TODAY) is None
    message = str(SectionFull("A", next_one))
    assert "Section A is full" in message and message.endswith("The next section with a seat is D, with 3 seats left.")
    assert "ask a manager" in str(SectionFull("A", None))


def test_the_deposit_rule_applies_to_the_first_payment_only() -> None:
    check_first_payment(100000, 0, 650000, 100000)
    check_first_payment(5000, 100000, 550000, 100000)  # a later payment
    check_first_payment(30000, 0, 30000, 100000)  # pays everything that is owed
    check_first_payment(100, 0, 650000, None)  # no rule
    with pytest.raises(InvalidAmount, match=r"at least \$1,000.00"):
        check_first_payment(50000, 0, 650000, 100000)


def test_withdrawal_credit_is_what_was_paid_and_not_refunded() -> None:
    assert withdrawal_credit(100000, 0) == 100000
    assert withdrawal_credit(100000, 25000) == 75000
    assert withdrawal_credit(0, 0) == 0


def test_a_reason_is_required() -> None:
    assert clean_reason("  moved   to Calgary ") == "moved to Calgary"
    with pytest.raises(InvalidInput, match="Enter the reason"):
        clean_reason(" ")


def test_student_numbers_read_as_student_numbers_not_invoice_numbers() -> None:
    from oncopos.adapters.db.repositories.invoices import format_number

    number, invoice = format_student_number("DESK1", 18), format_number("DESK1", 18)
    assert number.startswith("S") and not invoice.startswith("S")
    assert not number.startswith("DESK1")

"""The course catalogue's rules: what a course and a section must say before they can be sold.

A course carries its price before tax, what it is for tax (a service or goods), how it is treated
(taxable, exempt, zero-rated) and the legal basis printed for an exemption. The supply kind follows
from the kind: a kit is goods (PST applies everywhere), programs and workshops are services.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from oncopos.domain.contact import clean_text, field_label, normalize_province
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Message, Money, msg
from oncopos.domain.money import parse_amount
from oncopos.domain.student_record import FieldErrors, parse_date

__all__ = [
    "COURSE_KINDS",
    "CourseDetails",
    "CourseDraft",
    "SectionDetails",
    "SectionDraft",
    "validate_course",
    "validate_section",
]

COURSE_KINDS = ("program", "workshop", "kit")
TREATMENTS = ("taxable", "exempt", "zero_rated")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
_SECTION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,29}$")
MAX_CAPACITY = 500
TUITION_CLASSES = ("post_secondary", "occupational", "not_tuition")
MAX_MINUTES_PER_WEEK = 168 * 60


@dataclass(frozen=True, slots=True)
class CourseDraft:
    code: str = ""
    name: str = ""
    description: str = ""
    kind: str = "program"
    price: str = ""  # as typed, e.g. "6,500.00"
    tax_treatment: str = "taxable"
    tax_basis: str = ""
    delivery_province: str = ""  # empty: the desk's province
    min_first_payment: str = ""  # empty: no deposit rule
    active: bool = True
    tuition_class: str = ""  # empty: from the kind (a kit is not tuition, a course occupational skills)
    tuition_basis: str = ""  # why the fees count (or not) on a T2202


@dataclass(frozen=True, slots=True)
class CourseDetails:
    code: str
    name: str
    description: str
    kind: str
    price_cents: int
    supply_kind: str
    tax_treatment: str
    tax_basis: str | None
    delivery_province: str | None
    min_first_payment_cents: int | None
    active: bool = True
    tuition_class: str = "occupational"  # oncopos.domain.tuition.TuitionClass
    tuition_basis: str | None = None


@dataclass(frozen=True, slots=True)
class SectionDraft:
    code: str = ""
    start_date: str = ""
    end_date: str = ""
    schedule: str = ""
    location: str = ""
    capacity: str = ""  # empty: no limit
    weekly_hours: str = ""  # hours of instruction a week ("12", "7.5", "7:30"); empty: not set


@dataclass(frozen=True, slots=True)
class SectionDetails:
    code: str
    start_date: date | None
    end_date: date | None
    schedule: str
    location: str
    capacity: int | None
    minutes_per_week: int | None = None


def supply_kind_of(kind: str) -> str:
    return "goods" if kind == "kit" else "service"


def validate_course(draft: CourseDraft, *, locale: str = "en-CA", default_basis: str | None = None) -> CourseDetails:
    """Raises `FieldErrors` with every problem; `default_basis` fills an empty exemption basis."""
    errors: dict[str, Message | str] = {}
    code = draft.code.strip().upper()
    if not _CODE.match(code):
        errors["code"] = msg("course.code_format")
    name = _text(errors, "name", draft.name, 200, "Course name", required=True)
    description = _text(errors, "description", draft.description, 4000, "Description") or ""
    if draft.kind not in COURSE_KINDS:
        errors["kind"] = msg("course.kind")
    price = _money(errors, "price", draft.price, locale, "price", required=True)
    treatment = draft.tax_treatment
    basis = _text(errors, "tax_basis", draft.tax_basis, 2000, "Legal basis")
    if treatment not in TREATMENTS:
        errors["tax_treatment"] = msg("course.treatment")
    elif treatment == "taxable":
        basis = None  # a taxable course needs no basis, and a stale one must not print
    else:
        if draft.kind == "kit":
            # CANADA.md: goods stay taxable; only instruction can be exempt or zero-rated.
            errors["tax_treatment"] = msg("course.kit_taxable")
        basis = basis or default_basis
        if not basis:
            errors["tax_basis"] = msg("course.basis")
    province = None
    try:
        province = normalize_province(draft.delivery_province)
    except InvalidInput as exc:
        errors["delivery_province"] = exc.message or str(exc)
    deposit = _money(errors, "min_first_payment", draft.min_first_payment, locale, "minimum first payment")
    if deposit is not None and price is not None and deposit > price:
        errors["min_first_payment"] = msg("course.deposit_over_price", deposit=Money(deposit), price=Money(price))
    tuition_class = draft.tuition_class or ("not_tuition" if draft.kind == "kit" else "occupational")
    if tuition_class not in TUITION_CLASSES:
        errors["tuition_class"] = msg("tuition.class")
    elif draft.kind == "kit" and tuition_class != "not_tuition":
        errors["tuition_class"] = msg("tuition.kit_not_tuition")
    tuition_basis = _text(errors, "tuition_basis", draft.tuition_basis, 2000, "Tuition basis")
    if errors:
        raise FieldErrors(errors)
    return CourseDetails(
        code=code,
        name=name or "",
        description=description,
        kind=draft.kind,
        price_cents=price or 0,
        supply_kind=supply_kind_of(draft.kind),
        tax_treatment=treatment,
        tax_basis=basis,
        delivery_province=province,
        min_first_payment_cents=deposit or None,
        active=draft.active,
        tuition_class=tuition_class,
        tuition_basis=tuition_basis or None,
    )


def validate_section(draft: SectionDraft) -> SectionDetails:
    errors: dict[str, Message | str] = {}
    code = draft.code.strip().upper()
    if not _SECTION_CODE.match(code):
        errors["code"] = msg("section.code_format")
    start = end = None
    try:
        start = parse_date(draft.start_date, field="start_date", label="Start date")
    except InvalidInput as exc:
        errors["start_date"] = exc.message or str(exc)
    try:
        end = parse_date(draft.end_date, field="end_date", label="End date")
    except InvalidInput as exc:
        errors["end_date"] = exc.message or str(exc)
    if start and end and end < start:
        errors["end_date"] = msg("section.ends_before", end=end.isoformat(), start=start.isoformat())
    if end and not start and "start_date" not in errors:
        errors["start_date"] = msg("section.start_too")
    schedule = _text(errors, "schedule", draft.schedule, 200, "Schedule") or ""
    location = _text(errors, "location", draft.location, 200, "Location") or ""
    capacity: int | None = None
    text = draft.capacity.strip()
    if text:
        if not text.isdigit() or not 1 <= int(text) <= MAX_CAPACITY:
            errors["capacity"] = msg("section.capacity", maximum=MAX_CAPACITY)
        else:
            capacity = int(text)
    minutes: int | None = None
    try:
        minutes = parse_weekly_hours(draft.weekly_hours)
    except InvalidInput as exc:
        errors["weekly_hours"] = exc.message or str(exc)
    if errors:
        raise FieldErrors(errors)
    return SectionDetails(code, start, end or start, schedule, location, capacity, minutes)


_HOURS = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2})|:([0-5]\d)|\s*h\s*([0-5]\d)?)?$", re.IGNORECASE)


def parse_weekly_hours(text: str) -> int | None:
    """Minutes a week from what a manager types: "12", "7.5", "7,5", "7:30", "7 h 30"; empty is None."""
    value = text.strip()
    if not value:
        return None
    match = _HOURS.match(value)
    if not match:
        raise InvalidInput(msg("tuition.weekly_hours"), field="weekly_hours")
    hours, fraction, clock, after_h = match.groups()
    minutes = int(hours) * 60
    if fraction:
        minutes += round(int(fraction) * 60 / 10 ** len(fraction))
    minutes += int(clock or after_h or 0)
    if minutes > MAX_MINUTES_PER_WEEK:
        raise InvalidInput(msg("tuition.weekly_hours"), field="weekly_hours")
    return minutes


def weekly_hours_text(minutes: int | None) -> str:
    """What the section editor shows back: "12", "7:30"; empty when not set."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}" if rest else str(hours)


def _text(errors: dict[str, Message | str], name: str, value: str, limit: int, label: str, *,
          required: bool = False) -> str | None:
    try:
        text = clean_text(value, max_length=limit, label=label, field=name)
    except InvalidInput as exc:
        errors[name] = exc.message or str(exc)
        return None
    if text is None and required:
        errors[name] = msg("text.required", field=field_label(name, label, lower=True))
    return text


def _money(errors: dict[str, Message | str], name: str, text: str, locale: str, label: str, *,
           required: bool = False) -> int | None:
    which = "price" if name == "price" else "deposit"
    if not text.strip():
        if required:
            errors[name] = msg(f"course.{which}_empty")
        return None
    try:
        return parse_amount(text, locale)
    except InvalidInput as exc:
        errors[name] = msg(f"course.{which}_wrong", reason=exc.message or str(exc))
        return None

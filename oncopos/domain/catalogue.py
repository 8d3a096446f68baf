"""The course catalogue's rules: what a course and a section must say before they can be sold.

A course carries its price before tax, what it is for tax (a service or goods), how it is treated
(taxable, exempt, zero-rated) and the legal basis printed for an exemption. The supply kind follows
from the kind: a kit is goods (PST applies everywhere), programs and workshops are services.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from oncopos.domain.contact import clean_text, normalize_province
from oncopos.domain.errors import InvalidInput
from oncopos.domain.money import format_cents, parse_amount
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


@dataclass(frozen=True, slots=True)
class SectionDraft:
    code: str = ""
    start_date: str = ""
    end_date: str = ""
    schedule: str = ""
    location: str = ""
    capacity: str = ""  # empty: no limit


@dataclass(frozen=True, slots=True)
class SectionDetails:
    code: str
    start_date: date | None
    end_date: date | None
    schedule: str
    location: str
    capacity: int | None


def supply_kind_of(kind: str) -> str:
    return "goods" if kind == "kit" else "service"


def validate_course(draft: CourseDraft, *, locale: str = "en-CA", default_basis: str | None = None) -> CourseDetails:
    """Raises `FieldErrors` with every problem; `default_basis` fills an empty exemption basis."""
    errors: dict[str, str] = {}
    code = draft.code.strip().upper()
    if not _CODE.match(code):
        errors["code"] = "Enter a course code of 2 to 20 capital letters, digits or hyphens, for example OAP-100."
    name = _text(errors, "name", draft.name, 200, "Course name", required=True)
    description = _text(errors, "description", draft.description, 4000, "Description") or ""
    if draft.kind not in COURSE_KINDS:
        errors["kind"] = "Choose program, workshop or kit."
    price = _money(errors, "price", draft.price, locale, "price", required=True)
    treatment = draft.tax_treatment
    basis = _text(errors, "tax_basis", draft.tax_basis, 2000, "Legal basis")
    if treatment not in TREATMENTS:
        errors["tax_treatment"] = "Choose taxable, exempt or zero-rated."
    elif treatment == "taxable":
        basis = None  # a taxable course needs no basis, and a stale one must not print
    else:
        if draft.kind == "kit":
            # CANADA.md: goods stay taxable; only instruction can be exempt or zero-rated.
            errors["tax_treatment"] = ("A kit is goods and stays taxable. "
                                       "Only a course of instruction can be exempt or zero-rated.")
        basis = basis or default_basis
        if not basis:
            errors["tax_basis"] = "Enter the legal basis of the exemption (for example: ETA Schedule V, Part III, s. 8)."
    province = None
    try:
        province = normalize_province(draft.delivery_province)
    except InvalidInput as exc:
        errors["delivery_province"] = str(exc)
    deposit = _money(errors, "min_first_payment", draft.min_first_payment, locale, "minimum first payment")
    if deposit is not None and price is not None and deposit > price:
        errors["min_first_payment"] = (
            f"The minimum first payment ({format_cents(deposit, locale)}) is more than the price "
            f"({format_cents(price, locale)}). Lower it or leave it empty."
        )
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
    )


def validate_section(draft: SectionDraft) -> SectionDetails:
    errors: dict[str, str] = {}
    code = draft.code.strip().upper()
    if not _SECTION_CODE.match(code):
        errors["code"] = "Enter a section code of 2 to 30 capital letters, digits or hyphens, for example OAP-100-2701."
    start = end = None
    try:
        start = parse_date(draft.start_date, field="start_date", label="Start date")
    except InvalidInput as exc:
        errors["start_date"] = str(exc)
    try:
        end = parse_date(draft.end_date, field="end_date", label="End date")
    except InvalidInput as exc:
        errors["end_date"] = str(exc)
    if start and end and end < start:
        errors["end_date"] = f"The section ends ({end.isoformat()}) before it starts ({start.isoformat()}). Check the dates."
    if end and not start and "start_date" not in errors:
        errors["start_date"] = "Enter the start date too, or neither date."
    schedule = _text(errors, "schedule", draft.schedule, 200, "Schedule") or ""
    location = _text(errors, "location", draft.location, 200, "Location") or ""
    capacity: int | None = None
    text = draft.capacity.strip()
    if text:
        if not text.isdigit() or not 1 <= int(text) <= MAX_CAPACITY:
            errors["capacity"] = f"Capacity is a number of seats from 1 to {MAX_CAPACITY}, or empty for no limit."
        else:
            capacity = int(text)
    if errors:
        raise FieldErrors(errors)
    return SectionDetails(code, start, end or start, schedule, location, capacity)


def _text(errors: dict[str, str], name: str, value: str, limit: int, label: str, *, required: bool = False) -> str | None:
    try:
        text = clean_text(value, max_length=limit, label=label, field=name)
    except InvalidInput as exc:
        errors[name] = str(exc)
        return None
    if text is None and required:
        errors[name] = f"Enter the {label.lower()}."
    return text


def _money(errors: dict[str, str], name: str, text: str, locale: str, label: str, *, required: bool = False) -> int | None:
    if not text.strip():
        if required:
            errors[name] = f"Enter the {label} before tax, for example 6,500.00."
        return None
    try:
        return parse_amount(text, locale)
    except InvalidInput as exc:
        errors[name] = f"The {label}: {exc}"
        return None

"""A student's details as typed at the desk, checked all at once, and how student numbers are made.

`validate_student` collects every field's problem instead of stopping at the first, so the
editor can show all the inline messages after one press of Save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

from oncopos.domain.contact import (
    check_date_of_birth,
    clean_name,
    clean_text,
    field_label,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_province,
)
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Count, Joined, Message, msg, render

__all__ = [
    "FieldErrors",
    "StudentDetails",
    "StudentDraft",
    "format_student_number",
    "is_valid_student_number",
    "parse_date",
    "student_number_sequence",
    "validate_student",
]


class FieldErrors(InvalidInput):
    """Several fields are wrong; `errors` maps each field name to its message in English (the log,
    the command line), `messages` to the catalogue message that `texts(locale)` renders."""

    def __init__(self, errors: Mapping[str, Message | str]) -> None:
        self.messages: dict[str, Message | str] = dict(errors)
        super().__init__(msg("fields.to_correct", count=Count(len(errors), "field"), lines=Joined(tuple(errors.values()))),
                         field=next(iter(errors)))
        self.errors = {name: render(m, "en-CA") for name, m in errors.items()}

    def texts(self, locale: str | None) -> dict[str, str]:
        """Each field's message for a reader of `locale`, for the labels under the fields."""
        return {name: render(m, locale) for name, m in self.messages.items()}


@dataclass(frozen=True, slots=True)
class StudentDraft:
    """What was typed, as text (the date of birth as YYYY-MM-DD or empty)."""

    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    date_of_birth: str = ""
    preferred_language: str = "en"


@dataclass(frozen=True, slots=True)
class StudentDetails:
    """Checked values, ready to store (phone in E.164, postal code as ``A1A 1A1``)."""

    first_name: str
    last_name: str
    email: str
    preferred_name: str | None = None
    phone: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    province: str | None = None
    postal_code: str | None = None
    date_of_birth: date | None = None
    preferred_language: str = "en"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def parse_date(text: str | None, *, field: str, label: str) -> date | None:
    value = (text or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(msg("date.invalid", field=field_label(field, label), value=value), field=field) from None


@dataclass
class _Collector:
    errors: dict[str, Message | str] = field(default_factory=dict)

    def run(self, name: str, check, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return check(*args, **kwargs)
        except InvalidInput as exc:
            self.errors[exc.field or name] = exc.message or str(exc)
            return None


def validate_student(draft: StudentDraft, *, today: date) -> StudentDetails:
    """Every field of `draft` checked; raises `FieldErrors` listing all that are wrong."""
    c = _Collector()
    first = c.run("first_name", clean_name, draft.first_name, label="First name", field="first_name")
    last = c.run("last_name", clean_name, draft.last_name, label="Last name", field="last_name")
    preferred = c.run(
        "preferred_name", clean_name, draft.preferred_name, label="Preferred name", field="preferred_name", required=False
    )
    email = c.run("email", normalize_email, draft.email)
    phone = c.run("phone", normalize_phone, draft.phone)
    line1 = c.run("address_line1", clean_text, draft.address_line1, max_length=200, label="Address", field="address_line1")
    line2 = c.run("address_line2", clean_text, draft.address_line2, max_length=200, label="Address line 2", field="address_line2")
    city = c.run("city", clean_text, draft.city, max_length=100, label="City", field="city")
    province = c.run("province", normalize_province, draft.province)
    # A wrong province is reported once, on the province; the postal code is then only checked
    # for its own format.
    postal = c.run("postal_code", normalize_postal_code, draft.postal_code, province if "province" not in c.errors else None)
    born = c.run("date_of_birth", parse_date, draft.date_of_birth, field="date_of_birth", label="Date of birth")
    born = c.run("date_of_birth", check_date_of_birth, born, today) if "date_of_birth" not in c.errors else None
    language = draft.preferred_language if draft.preferred_language in ("en", "fr") else None
    if language is None:
        c.errors["preferred_language"] = msg("language.choose")
    if (line1 or city or postal) and province is None and "province" not in c.errors:
        c.errors["province"] = msg("province.for_address")
    if line2 and not line1 and "address_line1" not in c.errors:
        c.errors["address_line1"] = msg("address.line1_first")
    if c.errors:
        raise FieldErrors(c.errors)
    return StudentDetails(
        first_name=first,
        last_name=last,
        preferred_name=preferred if preferred != first else None,
        email=email,
        phone=phone.e164 if phone else None,
        address_line1=line1,
        address_line2=line2,
        city=city,
        province=province,
        postal_code=postal,
        date_of_birth=born,
        preferred_language=language,  # type: ignore[arg-type]
    )


# --- student numbers --------------------------------------------------------------------------
#
# One format for every student, demo students included: "S0000422-DESK1". It starts with "S" and
# the digits, as student numbers do at schools (an invoice, "DESK1-000042", starts with its series).
# The desk's series follows because desks register students while the central database is out of
# reach, so a number cannot come from one central counter: each desk owns a unique series
# (INVOICE_SERIES, unique in the `workstations` table), and numbers it hands out from its own
# gap-free counter can never collide with another desk's. The final digit is a Luhn check digit
# over the sequence, so a digit misheard on the phone is caught by the search instead of finding
# the wrong student. Numbers handed out before this format ("DESK1-0000422") stay valid as they are:
# they are printed on invoices already.

_SEQUENCE_DIGITS = 6
_NUMBER = re.compile(r"^S(\d{6,})(\d)-([A-Z0-9]{1,10})$")
_EARLIER_NUMBER = re.compile(r"^([A-Z0-9]{1,10})-(\d{6,})(\d)$")


def luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:  # doubled positions, counting from the check digit's left neighbour
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return (10 - total % 10) % 10


def format_student_number(series: str, sequence: int) -> str:
    """``format_student_number("DESK1", 42) == "S0000422-DESK1"`` (6 digits, the check digit, the series)."""
    if not re.fullmatch(r"[A-Z0-9]{1,10}", series):
        raise InvalidInput(msg("student.series_invalid", series=series), field="series")
    if sequence < 1:
        raise ValueError("student number sequences start at 1")
    digits = f"{sequence:0{_SEQUENCE_DIGITS}d}"
    return f"S{digits}{luhn_digit(digits)}-{series}"


def _parts(number: str) -> tuple[str, str, str] | None:
    """(series, sequence digits, check digit) of a number in either format."""
    match = _NUMBER.match(number)
    if match:
        return match.group(3), match.group(1), match.group(2)
    earlier = _EARLIER_NUMBER.match(number)
    return (earlier.group(1), earlier.group(2), earlier.group(3)) if earlier else None


def is_valid_student_number(number: str) -> bool:
    parts = _parts(number)
    return parts is not None and luhn_digit(parts[1]) == int(parts[2])


def student_number_sequence(number: str, series: str) -> int | None:
    """The sequence `number` holds in `series` (either format), or None if it is not one of that series'."""
    parts = _parts(number)
    return int(parts[1]) if parts is not None and parts[0] == series else None

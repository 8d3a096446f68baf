"""How a student's contact details are checked and stored: names, email, phone, postal address.

Every function takes what a person typed and returns the value to store, or raises
`InvalidInput` naming the field and saying what to type instead. No network look-ups: the
registrar needs an answer while the student is standing at the desk, and a mailbox that exists
today can still bounce tomorrow; the one-time code at payment proves the address works.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Message, Province, catalogue, msg
from oncopos.domain.tax import PROVINCES

__all__ = [
    "NAME_MAX",
    "POSTAL_PREFIXES",
    "Phone",
    "check_date_of_birth",
    "clean_name",
    "clean_text",
    "normalize_email",
    "normalize_phone",
    "normalize_postal_code",
    "normalize_province",
    "province_of_postal_code",
]

NAME_MAX = 100  # the column width of first, last and preferred names
EMAIL_MAX = 254  # RFC 5321 path limit, and the column width

# Letters, marks (accents typed as combining characters), spaces, and the punctuation real names
# carry: O'Neill, Bérubé-Lévesque, St. Pierre, the typographic apostrophe of a pasted name.
_NAME_CHARS = re.compile(r"^[\w\s'’.\-]+$")
_DIGIT = re.compile(r"\d")

# Local part: the characters RFC 5322 allows unquoted ("atext") plus dots between them. Quoted
# local parts are legal but no school's student has one, and they are a favourite of typos.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def field_label(field: str, label: str, *, lower: bool = False) -> Message | str:
    """A form field's name in the catalogue (field.first_name), or the English label given."""
    key = f"{'field_lower' if lower else 'field'}.{field}"
    return msg(key) if key in catalogue() else (label.lower() if lower else label)


def clean_text(text: str | None, *, max_length: int, label: str, field: str) -> str | None:
    """Trimmed text with runs of spaces collapsed, NFC-normalised; None when empty."""
    if text is None:
        return None
    value = " ".join(unicodedata.normalize("NFC", text).split())
    if not value:
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise InvalidInput(msg("text.control_char", field=field_label(field, label)), field=field)
    if len(value) > max_length:
        raise InvalidInput(msg("text.too_long", field=field_label(field, label), length=len(value), maximum=max_length),
                           field=field)
    return value


def clean_name(text: str | None, *, label: str, field: str, required: bool = True) -> str | None:
    """A person's name: letters (any alphabet, accents), spaces, apostrophes, hyphens, periods.

    Names are stored as typed (NFC), never upper-cased or "fixed": "de la Fontaine" and "MacNeil"
    are right as they are. ``"  Émilie   "`` -> ``"Émilie"``.
    """
    value = clean_text(text, max_length=NAME_MAX, label=label, field=field)
    if value is None:
        if required:
            raise InvalidInput(msg("text.required", field=field_label(field, label, lower=True)), field=field)
        return None
    if _DIGIT.search(value) or "_" in value or not _NAME_CHARS.match(value):
        raise InvalidInput(msg("name.bad_chars", field=field_label(field, label), char=_first_bad(value)), field=field)
    if not any(ch.isalpha() for ch in value):
        raise InvalidInput(msg("name.no_letter", field=field_label(field, label)), field=field)
    return value


def _first_bad(value: str) -> str:
    return next((ch for ch in value if ch.isdigit() or ch == "_" or not _NAME_CHARS.match(ch)), "?")


def normalize_email(text: str | None) -> str:
    """``" Emilie.Berube@Videotron.CA "`` -> ``"Emilie.Berube@videotron.ca"``.

    The domain is lower-cased (domains are case-insensitive); the local part is kept as typed,
    since some mail servers do distinguish it. Duplicate checks compare the whole address
    case-insensitively (see `email_key`).
    """
    value = (text or "").strip()
    example = msg("email.example")
    if not value:
        raise InvalidInput(msg("email.empty", example=example), field="email")
    if any(ch.isspace() for ch in value):
        raise InvalidInput(msg("email.space", value=value, example=example), field="email")
    if value.count("@") != 1:
        raise InvalidInput(msg("email.no_at" if "@" not in value else "email.many_at", value=value, example=example),
                           field="email")
    local, domain = value.split("@")
    if len(value) > EMAIL_MAX:
        raise InvalidInput(msg("email.too_long", maximum=EMAIL_MAX), field="email")
    if not local or len(local) > 64 or not _LOCAL.match(local):
        raise InvalidInput(
            msg("email.bad_local", value=value),
            field="email",
        )
    domain = domain.lower()
    ascii_domain = _ascii_domain(domain, value)
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        raise InvalidInput(msg("email.no_dot", value=value), field="email")
    if not all(_LABEL.match(label) for label in labels) or (not labels[-1].isalpha() and not labels[-1].startswith("xn--")):
        raise InvalidInput(msg("email.bad_domain", domain=domain), field="email")
    if len(labels[-1]) < 2:
        raise InvalidInput(msg("email.short_domain", domain=domain), field="email")
    return f"{local}@{domain}"


def _ascii_domain(domain: str, whole: str) -> str:
    # Internationalised domains (courriel@élan.ca) are valid; check them in their ASCII form.
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidInput(msg("email.bad_domain_in", domain=domain, value=whole), field="email") from None


def email_key(email: str) -> str:
    """What two addresses are compared by when looking for duplicates."""
    return email.strip().casefold()


# --- phone ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phone:
    """``Phone("+14165550123", "+1 416-555-0123")``: stored E.164, shown as staff read it aloud."""

    e164: str
    display: str


_PHONE_CHARS = re.compile(r"^[\d\s().+\-/]+$")
_EXTENSION = re.compile(r"(?:ext\.?|x|poste|#)\s*\d+\s*$", re.IGNORECASE)


def normalize_phone(text: str | None) -> Phone | None:
    """A North American number (Canada first) or an international one with its + country code.

    Accepted: ``416-555-0123``, ``(416) 555 0123``, ``1 416 555 0123``, ``+1.416.555.0123``,
    ``+33 1 42 68 53 00``. Returns None for an empty field (the phone is optional).
    """
    value = (text or "").strip()
    if not value:
        return None
    if _EXTENSION.search(value):
        raise InvalidInput(msg("phone.extension"), field="phone")
    if not _PHONE_CHARS.match(value) or value.count("+") > 1 or ("+" in value and not value.startswith("+")):
        raise InvalidInput(msg("phone.not_number", value=value), field="phone")
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.startswith("+") and not digits.startswith("1"):
        # E.164: country code + national number, at most 15 digits. Outside North America we
        # do not know the numbering plan, so only the length is checked.
        if not 8 <= len(digits) <= 15:
            raise InvalidInput(msg("phone.international", value=value, digits=len(digits)), field="phone")
        return Phone(f"+{digits}", f"+{digits}")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise InvalidInput(msg("phone.canadian", value=value, digits=len(digits)), field="phone")
    area, exchange = digits[:3], digits[3:6]
    # North American Numbering Plan: area code and exchange never start with 0 or 1, and N11
    # codes (411, 911) are services, not numbers.
    if area[0] in "01" or area[1:] == "11":
        raise InvalidInput(msg("phone.area", area=area), field="phone")
    if exchange[0] in "01" or exchange[1:] == "11":
        raise InvalidInput(msg("phone.exchange", exchange=f"{area}-{exchange}"), field="phone")
    return Phone(f"+1{digits}", f"+1 {area}-{exchange}-{digits[6:]}")


def display_phone(e164: str | None) -> str:
    """The display form of a stored number (``+14165550123`` -> ``+1 416-555-0123``)."""
    if not e164:
        return ""
    phone = normalize_phone(e164)
    return phone.display if phone else ""


# --- postal address ---------------------------------------------------------------------------

#: First letter of a postal code -> the provinces it serves (Canada Post's forward sortation areas).
POSTAL_PREFIXES: dict[str, tuple[str, ...]] = {
    "A": ("NL",), "B": ("NS",), "C": ("PE",), "E": ("NB",),
    "G": ("QC",), "H": ("QC",), "J": ("QC",),
    "K": ("ON",), "L": ("ON",), "M": ("ON",), "N": ("ON",), "P": ("ON",),
    "R": ("MB",), "S": ("SK",), "T": ("AB",), "V": ("BC",),
    "X": ("NT", "NU"), "Y": ("YT",),
}
# D, F, I, O, Q and U are never used (they read like other letters); W and Z never come first.
_POSTAL = re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]$")


def normalize_province(text: str | None, *, required: bool = False) -> str | None:
    value = (text or "").strip().upper()
    if not value:
        if required:
            raise InvalidInput(msg("province.choose"), field="province")
        return None
    if value not in PROVINCES:
        raise InvalidInput(msg("province.unknown", text=str(text), codes=", ".join(PROVINCES)), field="province")
    return value


def province_of_postal_code(code: str) -> tuple[str, ...]:
    return POSTAL_PREFIXES.get(code[:1].upper(), ())


def normalize_postal_code(text: str | None, province: str | None) -> str | None:
    """``"h2x1y4"`` -> ``"H2X 1Y4"``, checked against the province when one is given.

    Returns None for an empty field. The first letter must belong to the province: a Montréal
    code (H) with Ontario is refused, because one of the two is a typo and the province decides
    the tax on a remote course.
    """
    value = "".join((text or "").split()).upper()
    if not value:
        return None
    if not _POSTAL.match(value):
        raise InvalidInput(msg("postal.invalid", text=(text or "").strip()), field="postal_code")
    formatted = f"{value[:3]} {value[3:]}"
    if province:
        allowed = province_of_postal_code(formatted)
        if province not in allowed:
            where: Message | Province = Province(allowed[0])
            for other in allowed[1:]:
                where = msg("postal.or", one=where, other=Province(other))
            raise InvalidInput(
                msg("postal.province", code=formatted, where=where, first=formatted[0], province=Province(province)),
                field="postal_code",
            )
    return formatted


def check_date_of_birth(born: date | None, today: date) -> date | None:
    """Optional; refused when in the future or implausible (a typo in the year)."""
    if born is None:
        return None
    if born > today:
        raise InvalidInput(msg("birth.future", day=born.isoformat()), field="date_of_birth")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 14:
        raise InvalidInput(msg("birth.too_young", day=born.isoformat(), age=age), field="date_of_birth")
    if age > 110:
        raise InvalidInput(msg("birth.too_old", day=born.isoformat(), age=age), field="date_of_birth")
    return born

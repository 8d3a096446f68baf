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
from oncopos.domain.tax import PROVINCES, province_name

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


def clean_text(text: str | None, *, max_length: int, label: str, field: str) -> str | None:
    """Trimmed text with runs of spaces collapsed, NFC-normalised; None when empty."""
    if text is None:
        return None
    value = " ".join(unicodedata.normalize("NFC", text).split())
    if not value:
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise InvalidInput(f"{label} contains a control character. Retype it.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"{label} is {len(value)} characters long; the limit is {max_length}.", field=field)
    return value


def clean_name(text: str | None, *, label: str, field: str, required: bool = True) -> str | None:
    """A person's name: letters (any alphabet, accents), spaces, apostrophes, hyphens, periods.

    Names are stored as typed (NFC), never upper-cased or "fixed": "de la Fontaine" and "MacNeil"
    are right as they are. ``"  Émilie   "`` -> ``"Émilie"``.
    """
    value = clean_text(text, max_length=NAME_MAX, label=label, field=field)
    if value is None:
        if required:
            raise InvalidInput(f"Enter the {label.lower()}.", field=field)
        return None
    if _DIGIT.search(value) or "_" in value or not _NAME_CHARS.match(value):
        raise InvalidInput(
            f"{label} may contain letters, spaces, apostrophes, hyphens and periods only (not '{_first_bad(value)}').",
            field=field,
        )
    if not any(ch.isalpha() for ch in value):
        raise InvalidInput(f"{label} must contain at least one letter.", field=field)
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
    example = "for example name@example.ca"
    if not value:
        raise InvalidInput(f"Enter an email address, {example}.", field="email")
    if any(ch.isspace() for ch in value):
        raise InvalidInput(f"'{value}' has a space in it. An email address has none; {example}.", field="email")
    if value.count("@") != 1:
        what = "has no @" if "@" not in value else "has more than one @"
        raise InvalidInput(f"'{value}' {what}. Type one address, {example}.", field="email")
    local, domain = value.split("@")
    if len(value) > EMAIL_MAX:
        raise InvalidInput(f"That email address is longer than {EMAIL_MAX} characters. Check it.", field="email")
    if not local or len(local) > 64 or not _LOCAL.match(local):
        raise InvalidInput(
            f"The part before @ in '{value}' is not valid: use letters, digits and . _ - + "
            "with no dot at the start, the end or twice in a row.",
            field="email",
        )
    domain = domain.lower()
    ascii_domain = _ascii_domain(domain, value)
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        raise InvalidInput(
            f"The part after @ in '{value}' has no dot. Check the domain, for example gmail.com or videotron.ca.",
            field="email",
        )
    if not all(_LABEL.match(label) for label in labels) or (not labels[-1].isalpha() and not labels[-1].startswith("xn--")):
        raise InvalidInput(f"'{domain}' is not a valid email domain. Check the part after @.", field="email")
    if len(labels[-1]) < 2:
        raise InvalidInput(f"'{domain}' ends in a one-letter domain. Check the part after @.", field="email")
    return f"{local}@{domain}"


def _ascii_domain(domain: str, whole: str) -> str:
    # Internationalised domains (courriel@élan.ca) are valid; check them in their ASCII form.
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidInput(f"'{domain}' is not a valid email domain. Check the part after @ in '{whole}'.",
                           field="email") from None


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
        raise InvalidInput(
            "Extensions cannot be stored. Enter the number without the extension, or the student's own number.",
            field="phone",
        )
    if not _PHONE_CHARS.match(value) or value.count("+") > 1 or ("+" in value and not value.startswith("+")):
        raise InvalidInput(f"'{value}' is not a phone number. Use digits, for example 416-555-0123.", field="phone")
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.startswith("+") and not digits.startswith("1"):
        # E.164: country code + national number, at most 15 digits. Outside North America we
        # do not know the numbering plan, so only the length is checked.
        if not 8 <= len(digits) <= 15:
            raise InvalidInput(
                f"'{value}' has {len(digits)} digits; an international number has 8 to 15 with its country code.",
                field="phone",
            )
        return Phone(f"+{digits}", f"+{digits}")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise InvalidInput(
            f"'{value}' has {len(digits)} digits; a Canadian number has 10 with the area code, "
            "for example 416-555-0123. For another country, start with + and the country code.",
            field="phone",
        )
    area, exchange = digits[:3], digits[3:6]
    # North American Numbering Plan: area code and exchange never start with 0 or 1, and N11
    # codes (411, 911) are services, not numbers.
    if area[0] in "01" or area[1:] == "11":
        raise InvalidInput(f"{area} is not an area code. Check the first three digits.", field="phone")
    if exchange[0] in "01" or exchange[1:] == "11":
        raise InvalidInput(f"{area}-{exchange} is not a valid exchange. Check the number.", field="phone")
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
            raise InvalidInput("Choose the province or territory.", field="province")
        return None
    if value not in PROVINCES:
        raise InvalidInput(
            f"'{text}' is not a province or territory. Use one of {', '.join(PROVINCES)}.", field="province"
        )
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
        raise InvalidInput(
            f"'{(text or '').strip()}' is not a Canadian postal code. Use letter-digit-letter digit-letter-digit, "
            "for example M5V 2T6 (the letters D, F, I, O, Q and U are never used).",
            field="postal_code",
        )
    formatted = f"{value[:3]} {value[3:]}"
    if province:
        allowed = province_of_postal_code(formatted)
        if province not in allowed:
            where = " or ".join(province_name(p) for p in allowed)
            raise InvalidInput(
                f"{formatted} is a postal code in {where} (it starts with {formatted[0]}), but the province is "
                f"{province_name(province)}. Correct the province or the postal code.",
                field="postal_code",
            )
    return formatted


def check_date_of_birth(born: date | None, today: date) -> date | None:
    """Optional; refused when in the future or implausible (a typo in the year)."""
    if born is None:
        return None
    if born > today:
        raise InvalidInput(f"The date of birth {born.isoformat()} is in the future. Check the year.", field="date_of_birth")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 14:
        raise InvalidInput(
            f"A date of birth of {born.isoformat()} makes the student {age}. Students are at least 14; check the year.",
            field="date_of_birth",
        )
    if age > 110:
        raise InvalidInput(f"A date of birth of {born.isoformat()} makes the student {age}. Check the year.",
                           field="date_of_birth")
    return born

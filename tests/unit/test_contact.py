"""Contact details as typed at the desk: names, emails, phones, postal codes per province."""

from __future__ import annotations

from datetime import date

import pytest

from oncopos.domain.contact import (
    POSTAL_PREFIXES,
    check_date_of_birth,
    clean_name,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_province,
)
from oncopos.domain.errors import InvalidInput
from oncopos.domain.tax import PROVINCES

# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Émilie", "Émilie"),
        ("  Bérubé-Lévesque ", "Bérubé-Lévesque"),
        ("O'Neill", "O'Neill"),
        ("O’Neill", "O’Neill"),  # the typographic apostrophe of a pasted name
        ("de la  Fontaine", "de la Fontaine"),
        ("St. Pierre", "St. Pierre"),
        ("Nguyễn", "Nguyễn"),
        ("E\u0301milie", "Émilie"),  # a combining accent is stored composed (NFC)
        ("A" * 100, "A" * 100),
    ],
)
def test_real_names_are_kept_as_typed(typed: str, stored: str) -> None:
    assert clean_name(typed, label="Last name", field="last_name") == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the last name"),
        ("   ", "Enter the last name"),
        ("Smith2", "not '2'"),
        ("Smith <script>", "not '<'"),
        ("--", "at least one letter"),
        ("A" * 101, "101 characters long; the limit is 100"),
    ],
)
def test_bad_names_say_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        clean_name(typed, label="Last name", field="last_name")
    assert caught.value.field == "last_name"


def test_an_optional_name_may_be_empty() -> None:
    assert clean_name("  ", label="Preferred name", field="preferred_name", required=False) is None


# --- emails -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("emilie.berube@videotron.ca", "emilie.berube@videotron.ca"),
        ("  Emilie.Berube@Videotron.CA ", "Emilie.Berube@videotron.ca"),
        ("o'neill+oncoone@example.com", "o'neill+oncoone@example.com"),
        ("courriel@élan.ca", "courriel@élan.ca"),
        ("a@b.co.uk", "a@b.co.uk"),
    ],
)
def test_good_emails(typed: str, stored: str) -> None:
    assert normalize_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an email address"),
        ("emilie.berube", "has no @"),
        ("a@b@c.ca", "more than one @"),
        ("emilie berube@gmail.com", "has a space"),
        ("emilie@gmailcom", "has no dot"),
        (".emilie@gmail.com", "part before @"),
        ("emilie..berube@gmail.com", "part before @"),
        ("émilie@gmail.com", "part before @"),
        ("emilie@gmail.c", "one-letter domain"),
        ("emilie@-gmail.com", "not a valid email domain"),
        ("emilie@gmail..com", "not a valid email domain"),
        ("emilie@gmail.123", "not a valid email domain"),
    ],
)
def test_bad_emails_say_what_to_fix(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        normalize_email(typed)
    assert caught.value.field == "email"


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["416-555-0123", "(416) 555-0123", "416 555 0123", "4165550123", "1 416 555 0123", "+1 (416) 555-0123",
     "+1.416.555.0123", "1-416-555-0123"],
)
def test_canadian_numbers_normalise_to_e164(typed: str) -> None:
    phone = normalize_phone(typed)
    assert phone is not None
    assert (phone.e164, phone.display) == ("+14165550123", "+1 416-555-0123")


def test_international_numbers_keep_their_country_code() -> None:
    phone = normalize_phone("+33 1 42 68 53 00")
    assert phone is not None and phone.e164 == "+33142685300"


def test_empty_phone_is_none() -> None:
    assert normalize_phone("  ") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("555-0123", "has 7 digits"),
        ("416-555-01234", "has 11 digits"),
        ("2 416 555 0123", "has 11 digits"),
        ("116-555-0123", "not an area code"),
        ("911-555-0123", "not an area code"),
        ("416-055-0123", "not a valid exchange"),
        ("416-555-0123 ext 12", "Extensions cannot be stored"),
        ("416-555-CALL", "not a phone number"),
        ("416+5550123", "not a phone number"),
        ("+44 20", "international number has 8 to 15"),
    ],
)
def test_bad_phones(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        normalize_phone(typed)
    assert caught.value.field == "phone"


# --- postal codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "province", "stored"),
    [
        ("h2x1y4", "QC", "H2X 1Y4"),  # Montréal
        ("G1R 4P5", "QC", "G1R 4P5"),  # Québec
        ("J8X 3X2", "QC", "J8X 3X2"),  # Gatineau
        ("M5V 2T6", "ON", "M5V 2T6"),
        ("k1p 1j1", "ON", "K1P 1J1"),
        (" L5B  2C9 ", "ON", "L5B 2C9"),
        ("P3A 5K8", "ON", "P3A 5K8"),
        ("N2L 3G1", "ON", "N2L 3G1"),
        ("X1A 2L9", "NT", "X1A 2L9"),
        ("X0A 0H0", "NU", "X0A 0H0"),
        ("Y1A 2C6", "YT", "Y1A 2C6"),
        ("A1C 5M2", "NL", "A1C 5M2"),
        ("B3J 1Z8", "NS", "B3J 1Z8"),
        ("C1A 7N8", "PE", "C1A 7N8"),
        ("E1C 4M3", "NB", "E1C 4M3"),
        ("R3C 4T3", "MB", "R3C 4T3"),
        ("S4P 3Y2", "SK", "S4P 3Y2"),
        ("T2P 2M5", "AB", "T2P 2M5"),
        ("V6B 1A1", "BC", "V6B 1A1"),
    ],
)
def test_postal_codes_per_province(typed: str, province: str, stored: str) -> None:
    assert normalize_postal_code(typed, province) == stored


def test_every_province_has_a_postal_letter() -> None:
    served = {p for provinces in POSTAL_PREFIXES.values() for p in provinces}
    assert served == set(PROVINCES)


@pytest.mark.parametrize(
    ("typed", "province", "message"),
    [
        ("H2X 1Y4", "ON", "H2X 1Y4 is a postal code in Quebec \\(it starts with H\\), but the province is Ontario"),
        ("M5V 2T6", "QC", "in Ontario .* but the province is Quebec"),
        ("X0A 0H0", "YT", "in Northwest Territories or Nunavut"),
        ("T2P 2M5", "BC", "in Alberta"),
    ],
)
def test_a_postal_code_from_another_province_is_refused(typed: str, province: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        normalize_postal_code(typed, province)
    assert caught.value.field == "postal_code"


@pytest.mark.parametrize(
    "typed", ["M5V2T", "M5V 2T66", "D5V 2T6", "W5V 2T6", "Z5V 2T6", "M5O 2T6", "M5V 2U6", "123 456", "M5V-2T6"])
def test_malformed_postal_codes(typed: str) -> None:
    with pytest.raises(InvalidInput, match="not a Canadian postal code"):
        normalize_postal_code(typed, None)


def test_postal_code_without_province_checks_the_format_only() -> None:
    assert normalize_postal_code("h2x1y4", None) == "H2X 1Y4"
    assert normalize_postal_code("", "ON") is None


def test_province_codes() -> None:
    assert normalize_province(" qc ") == "QC"
    assert normalize_province("") is None
    with pytest.raises(InvalidInput, match="'PQ' is not a province"):
        normalize_province("PQ")


def test_date_of_birth_bounds() -> None:
    today = date(2026, 11, 26)
    assert check_date_of_birth(date(1990, 4, 27), today) == date(1990, 4, 27)
    assert check_date_of_birth(None, today) is None
    with pytest.raises(InvalidInput, match="in the future"):
        check_date_of_birth(date(2027, 1, 1), today)
    with pytest.raises(InvalidInput, match="makes the student 6"):
        check_date_of_birth(date(2020, 1, 1), today)
    with pytest.raises(InvalidInput, match="makes the student 126"):
        check_date_of_birth(date(1900, 1, 1), today)

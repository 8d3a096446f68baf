"""Parsing what a registrar types, and formatting cents, in en-CA and fr-CA."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from oncopos.domain.errors import ConfigurationError, InvalidAmount
from oncopos.domain.money import (
    MAX_PARSED_CENTS,
    cents_to_decimal,
    decimal_to_cents,
    format_cents,
    parse_amount,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234.5", 123450),
        ("1,234.50", 123450),
        ("$1,234.50", 123450),
        ("$ 1,234.50", 123450),
        ("1234", 123400),
        ("  250 ", 25000),
        ("CAD 250", 25000),
        ("250 CAD", 25000),
        ("cad 250.00", 25000),
        ("250$", 25000),
        ("345,678.9", 34567890),
        ("0.05", 5),
        (".5", 50),
        ("7.", 700),
        ("0", 0),
        ("1 234.50", 123450),  # a space between thousands is harmless in English too
        ("9,999,999.99", 999999999),  # the largest accepted amount
    ],
)
def test_parse_en_ca(text, cents):
    assert parse_amount(text) == cents
    assert parse_amount(text, "en-CA") == cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,50", 123450),
        (f"1{NBSP}234,50", 123450),
        (f"1{NNBSP}234,50", 123450),
        ("1 234,50 $", 123450),
        (f"1{NBSP}234,50{NBSP}$", 123450),
        ("$1 234,50", 123450),
        (f"$1{NNBSP}234,50", 123450),
        ("1234.50", 123450),  # the numeric keypad types a period
        ("1234,5", 123450),
        ("250 $ CA", 25000),
        ("345 678,9", 34567890),
    ],
)
def test_parse_fr_ca(text, cents):
    assert parse_amount(text, "fr-CA") == cents
    assert parse_amount(text, "fr_CA") == cents


NEGATIVE = "An amount cannot be negative. Enter the amount to collect; refunds are done from the payment history."


@pytest.mark.parametrize("text", ["-5", "(5)", "\u22125", "-$5", "$-5", "($5.00)", "5-", "- 5"])
def test_negative_amounts_are_refused_with_a_pointer_to_refunds(text):
    with pytest.raises(InvalidAmount) as info:
        parse_amount(text)
    assert str(info.value) == NEGATIVE
    assert info.value.field == "amount"


@pytest.mark.parametrize("text", ["", "   ", NBSP])
def test_empty(text):
    with pytest.raises(InvalidAmount, match=r"^Enter an amount, for example 250\.00\.$"):
        parse_amount(text)


@pytest.mark.parametrize(("text", "locale"), [("1.234", "en-CA"), ("12.345", "en-CA"), ("1,234", "fr-CA"), ("0.001", "fr-CA")])
def test_more_than_two_decimals(text, locale):
    with pytest.raises(InvalidAmount, match=r"Use at most 2 decimals \(cents\), for example 125[.,]50\."):
        parse_amount(text, locale)


@pytest.mark.parametrize("text", ["12a", "abc", "1.2.3", "1.234,50", "$", "CAD", ".", "1e5", "١٢٣", "12/5", "+-5x"])
def test_junk_is_not_an_amount(text):
    with pytest.raises(InvalidAmount, match=r"is not an amount\. Use digits, for example 1,250\.00\."):
        parse_amount(text)


def test_junk_message_quotes_what_was_typed():
    with pytest.raises(InvalidAmount) as info:
        parse_amount("12a")
    assert str(info.value) == "'12a' is not an amount. Use digits, for example 1,250.00."


def test_junk_in_french_gives_a_french_style_example():
    with pytest.raises(InvalidAmount, match="1 250,00"):
        parse_amount("12a", "fr-CA")


@pytest.mark.parametrize("text", ["1,23", "12,5", "1,234,56"])
def test_comma_cents_in_english_is_ambiguous(text):
    with pytest.raises(InvalidAmount, match="use a period for cents"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "locale"),
    [("1,2345", "en-CA"), ("12,34,567", "en-CA"), ("1234,567", "en-CA"), (",123", "en-CA"),
     ("1,234 567", "en-CA"), ("1 23", "fr-CA"), ("12 34,50", "fr-CA"), ("1234 567", "fr-CA")],
)
def test_thousands_groups_must_be_valid(text, locale):
    with pytest.raises(InvalidAmount, match="thousands separators"):
        parse_amount(text, locale)


def test_french_refuses_a_comma_and_a_period_together():
    with pytest.raises(InvalidAmount, match="mixes a comma and a period"):
        parse_amount("1,234.50", "fr-CA")


@pytest.mark.parametrize("text", ["10000000", "10,000,000.00", "99999999999", "1" * 13, "0" * 40 + "1"])
def test_absurd_sizes_are_refused(text):
    with pytest.raises(InvalidAmount, match="too large"):
        parse_amount(text)


def test_unsupported_locale():
    with pytest.raises(ConfigurationError):
        parse_amount("1", "de-DE")


@pytest.mark.parametrize(
    ("cents", "en", "fr"),
    [
        (123450, "$1,234.50", f"1{NBSP}234,50{NBSP}$"),
        (-1200, "-$12.00", f"-12,00{NBSP}$"),
        (0, "$0.00", f"0,00{NBSP}$"),
        (5, "$0.05", f"0,05{NBSP}$"),
        (123456789, "$1,234,567.89", f"1{NBSP}234{NBSP}567,89{NBSP}$"),
    ],
)
def test_format_cents(cents, en, fr):
    assert format_cents(cents) == en
    assert format_cents(cents, "fr-CA") == fr


def test_format_without_currency():
    assert format_cents(123450, currency=False) == "1,234.50"
    assert format_cents(123450, "fr-CA", currency=False) == f"1{NBSP}234,50"
    assert format_cents(-5, currency=False) == "-0.05"


@pytest.mark.parametrize("bad", [1.5, Decimal("1"), "100", True])
def test_format_refuses_anything_but_int_cents(bad):
    with pytest.raises(TypeError):
        format_cents(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["en-CA", "fr-CA"])
@pytest.mark.parametrize("currency", [True, False])
def test_format_then_parse_round_trips(locale, currency):
    rng = random.Random(42)
    values = [0, 1, 99, 100, 99999, 100000, MAX_PARSED_CENTS - 1] + [rng.randrange(MAX_PARSED_CENTS) for _ in range(300)]
    for cents in values:
        assert parse_amount(format_cents(cents, locale, currency=currency), locale) == cents


def test_cents_and_decimal_conversions_are_exact():
    assert cents_to_decimal(12345) == Decimal("123.45")
    assert str(cents_to_decimal(0)) == "0.00"
    assert cents_to_decimal(-5) == Decimal("-0.05")
    assert decimal_to_cents(Decimal("123.45")) == 12345
    assert decimal_to_cents(Decimal("123.4500")) == 12345
    assert decimal_to_cents(Decimal("1E+3")) == 100000
    assert decimal_to_cents(Decimal("-0.10")) == -10
    big = 10**40 + 7  # beyond the default 28-digit context: must not be rounded
    assert decimal_to_cents(cents_to_decimal(big)) == big


@pytest.mark.parametrize("d", [Decimal("0.001"), Decimal("1.005"), Decimal("NaN"), Decimal("Infinity")])
def test_decimal_to_cents_refuses_fractions_of_a_cent(d):
    with pytest.raises(InvalidAmount):
        decimal_to_cents(d)


def test_decimal_to_cents_refuses_floats():
    with pytest.raises(TypeError):
        decimal_to_cents(1.05)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cents_to_decimal(1.05)  # type: ignore[arg-type]


def test_money_modules_never_use_float():
    domain = Path(__file__).resolve().parents[2] / "oncopos" / "domain"
    for name in ("money.py", "tax.py", "enrollment.py"):
        assert "float(" not in (domain / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize(("locale", "named"), [("en-CA", "$25,000.00"), ("fr-CA", "25\u00a0000,00\u00a0$")])
@pytest.mark.parametrize("text", ["10000000", "99999999999", "1" * 13])
def test_an_amount_too_large_to_read_names_the_configured_maximum(text, locale, named):
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text, locale, maximum_cents=2_500_000)
    said = caught.value.text(locale)
    assert named in said and "10" not in said.replace(named, "")

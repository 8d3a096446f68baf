"""Money as integer cents (CAD): parsing what a registrar types, and formatting for people.

Cents are exact and add up without surprises; `Decimal` appears only at the edges (parsing,
tax rates, display). `float` never does: 0.1 + 0.2 is not 0.3, and a receipt must be.

Locales are the two the school works in: ``en-CA`` and ``fr-CA``. Formatting follows CLDR for
these locales, written out here rather than delegated to Babel so that the output does not move
when the CLDR data behind a library version changes (fr-FR switched its group separator to the
narrow no-break space U+202F; fr-CA still uses U+00A0, and receipts printed on different desks
must look the same).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal, cast

from oncopos.domain.errors import ConfigurationError, InvalidAmount
from oncopos.domain.messages import Money, msg

__all__ = [
    "MAX_PARSED_CENTS",
    "NBSP",
    "cents_to_decimal",
    "decimal_to_cents",
    "format_cents",
    "normalize_locale",
    "parse_amount",
]

Lang = Literal["en", "fr"]

#: No-break space (U+00A0): the fr-CA group separator and the space before "$" (CLDR fr_CA).
#: It keeps "1 234,50 $" on one line in a PDF or a narrow label.
NBSP = "\u00a0"

#: Anything typed at or above $10,000,000.00 is a slip of the finger (an extra zero, a card
#: number pasted in the wrong box), not a tuition payment.
MAX_PARSED_CENTS = 1_000_000_000
#: Checked before any arithmetic so a pasted 500-digit string gets the same clear message.
_MAX_DIGITS = 12

# Spaces people (and copy-paste from Word, Excel or a PDF) use between thousands.
_SPACES = " \u00a0\u202f\u2009"
_MINUS_SIGNS = "-\u2212\u2013\u2012\uff0d"  # hyphen-minus, minus sign, en dash, figure dash, fullwidth

_CURRENCY_PREFIX = re.compile(r"^(?:CAD|CA\$|C\$|\$)\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(r"\s*(?:CAD|\$\s?CA|CA\$|\$)$", re.IGNORECASE)
# Only ASCII digits: `\d` would also accept Arabic-Indic or fullwidth digits, which int() reads
# happily but a person checking the receipt would not.
_BODY_CHARS = re.compile(rf"^[0-9.,{_SPACES}]+$")


def normalize_locale(locale: str) -> Lang:
    """``"en-CA"``, ``"en_CA"`` or ``"en"`` -> ``"en"``; the same for French."""
    lang = locale.replace("_", "-").split("-", 1)[0].strip().lower()
    if lang in ("en", "fr"):
        return cast(Lang, lang)
    raise ConfigurationError(msg("language.unsupported", locale=locale))


def _example(lang: Lang) -> str:
    return "1 250,00" if lang == "fr" else "1,250.00"


def parse_amount(text: str, locale: str = "en-CA", *, maximum_cents: int | None = None) -> int:
    """Read an amount typed by a person and return it in cents.

    Accepted, in en-CA: ``1234.5``, ``1,234.50``, ``$1,234.50``, ``CAD 250``, ``  250 ``.
    In fr-CA: ``1 234,50``, ``1 234,50 $``, ``$1 234,50`` (space, U+00A0 or U+202F between
    thousands) and ``1234.50`` (the numeric keypad types a period).

    Raises `InvalidAmount` with a message that says what to type instead. Zero is returned as 0;
    whether zero may be paid is a payment rule (`enrollment.check_payment_amount`), not syntax.
    `maximum_cents` is the desk's configured maximum (MAX_PAYMENT_AMOUNT) where one applies: an
    amount too large to read at all then names that maximum, not the reading limit of $10,000,000.
    """
    lang = normalize_locale(locale)
    if not isinstance(text, str):
        raise TypeError(f"parse_amount expects the typed text, got {type(text).__name__}")
    original = text.strip()
    if not original:
        example = "250,00" if lang == "fr" else "250.00"
        raise InvalidAmount(msg("amount.empty", example=example))

    body = _strip_currency(original)
    if _looks_negative(body):
        raise InvalidAmount(msg("amount.negative"))
    if not body or not _BODY_CHARS.match(body) or not any(c.isdigit() for c in body):
        raise _not_an_amount(original, lang)
    if sum(c.isdigit() for c in body) > _MAX_DIGITS:
        raise _too_large(maximum_cents)

    integer, fraction = _split_decimal(body, original, lang)
    digits = _ungroup(integer, original, lang)
    if len(fraction) > 2:
        example = "125,50" if lang == "fr" else "125.50"
        raise InvalidAmount(msg("amount.decimals", example=example))
    cents = int(digits or "0") * 100 + int(fraction.ljust(2, "0"))
    if cents >= MAX_PARSED_CENTS:
        raise _too_large(maximum_cents)
    return cents


def _strip_currency(text: str) -> str:
    # One prefix and one suffix at most: "$250", "250 $", "CAD 250", "$1 234,50", "250 $ CA".
    text = _CURRENCY_PREFIX.sub("", text, count=1).strip()
    text = _CURRENCY_SUFFIX.sub("", text, count=1).strip()
    return text


def _looks_negative(body: str) -> bool:
    if body.startswith("(") and body.endswith(")"):
        return True
    # "-5", "-$5" (the currency prefix did not match, so the sign is first), "$-5" (the prefix
    # was stripped), and the accountant's trailing "5-".
    return bool(body) and (body[0] in _MINUS_SIGNS or body[-1] in _MINUS_SIGNS)


def _split_decimal(body: str, original: str, lang: Lang) -> tuple[str, str]:
    """Split into (integer part with its group separators, fraction digits)."""
    if lang == "en":
        if "," in body and "." not in body:
            head, last_group = body.rsplit(",", 1)
            if 1 <= len(last_group) <= 2:
                # "1,23" or "12,5": a French-style decimal comma, or a typo. Guessing either way
                # could charge 100 times too much, so ask.
                raise InvalidAmount(msg("amount.ambiguous", text=original, example=f"{head.replace(',', '')}.{last_group}"))
        separators = "."
    else:
        if "," in body and "." in body:
            raise InvalidAmount(msg("amount.mixed", text=original))
        # The keypad period is accepted as the decimal separator in French too; a comma is
        # never a thousands separator in fr-CA.
        separators = ".,"
    positions = [i for i, c in enumerate(body) if c in separators]
    if len(positions) > 1:
        raise _not_an_amount(original, lang)
    if not positions:
        return body, ""
    i = positions[0]
    fraction = body[i + 1 :]
    if any(not c.isdigit() for c in fraction):
        raise _not_an_amount(original, lang)
    return body[:i], fraction


def _ungroup(integer: str, original: str, lang: Lang) -> str:
    """Remove thousands separators after checking they sit every 3 digits."""
    group_seps = _SPACES + ("," if lang == "en" else "")
    if not any(c in group_seps for c in integer):
        return integer
    # One kind of separator per number: "1,234 567" is more likely two numbers than one.
    kinds = {"," if c == "," else " " for c in integer if c in group_seps}
    groups = re.split(f"[{re.escape(group_seps)}]", integer)
    valid = (
        len(kinds) == 1
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
        and all(g.isdigit() for g in groups)
    )
    if not valid:
        raise InvalidAmount(msg("amount.grouping", text=original, example=_example(lang)))
    return "".join(groups)


def _not_an_amount(original: str, lang: Lang) -> InvalidAmount:
    return InvalidAmount(msg("amount.not_amount", text=original, example=_example(lang)))


def _too_large(maximum_cents: int | None) -> InvalidAmount:
    if maximum_cents is not None:
        return InvalidAmount(msg("amount.over_configured_maximum", maximum=Money(maximum_cents)))
    return InvalidAmount(msg("amount.too_large", limit=Money(MAX_PARSED_CENTS)))


def format_cents(cents: int, locale: str = "en-CA", *, currency: bool = True) -> str:
    """Format cents for a person.

    en-CA: ``$1,234.50``, ``-$12.00``; without currency ``1,234.50``.
    fr-CA: ``1 234,50 $`` where both spaces are U+00A0 (`NBSP`), per CLDR fr_CA, so the amount
    never wraps; ``-12,00 $``; without currency ``1 234,50``.
    """
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"format_cents expects integer cents, got {type(cents).__name__}")
    lang = normalize_locale(locale)
    sign = "-" if cents < 0 else ""
    units, hundredths = divmod(abs(cents), 100)
    grouped = f"{units:,}"
    if lang == "fr":
        number = f"{grouped.replace(',', NBSP)},{hundredths:02d}"
        return f"{sign}{number}{NBSP}$" if currency else f"{sign}{number}"
    number = f"{grouped}.{hundredths:02d}"
    return f"{sign}${number}" if currency else f"{sign}{number}"


def cents_to_decimal(cents: int) -> Decimal:
    """12345 -> Decimal("123.45"); exact (an exponent shift, no division, no context rounding)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"cents_to_decimal expects integer cents, got {type(cents).__name__}")
    sign, digits, exponent = Decimal(cents).as_tuple()
    assert isinstance(exponent, int)  # an int's Decimal is always finite
    return Decimal((sign, digits, exponent - 2))


def decimal_to_cents(d: Decimal) -> int:
    """Decimal("123.45") -> 12345; raises `InvalidAmount` for fractions of a cent.

    Works on the digits themselves (not ``d * 100``), so no context precision can round a large
    value behind our back.
    """
    if not isinstance(d, Decimal):
        raise TypeError(f"decimal_to_cents expects a Decimal, got {type(d).__name__}")
    if not d.is_finite():
        raise InvalidAmount(msg("amount.not_money", value=str(d)))
    sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    exponent += 2
    if exponent >= 0:
        scale: int = 10**exponent  # exponent >= 0 here (int ** int is typed for negative powers too)
        value = int("".join(map(str, digits)) or "0") * scale
    else:
        kept, dropped = digits[:exponent], digits[exponent:]
        if any(dropped):
            raise InvalidAmount(msg("amount.fraction_cent", value=str(d)))
        value = int("".join(map(str, kept)) or "0")
    return -value if sign else value

"""Stripe's test card numbers and what each one does, plus the checks a hosted card form makes.

Only the outcome, brand and last 4 digits ever leave this module; callers must not keep the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Outcome:
    ok: bool
    code: str | None = None
    decline_code: str | None = None
    message: str | None = None


SUCCESS = Outcome(True)
_DECLINED = "Your card was declined."

# Shared by the reader (card_present) and the hosted page (card), as on Stripe's testing pages.
DECLINES: dict[str, Outcome] = {
    "4000000000000002": Outcome(False, "card_declined", "generic_decline", _DECLINED),
    "4000000000009995": Outcome(False, "card_declined", "insufficient_funds", "Your card has insufficient funds."),
    "4000000000009987": Outcome(False, "card_declined", "lost_card", _DECLINED),
    "4000000000009979": Outcome(False, "card_declined", "stolen_card", _DECLINED),
    "4000000000000069": Outcome(False, "expired_card", "expired_card", "Your card has expired."),
    "4000000000000127": Outcome(False, "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": Outcome(
        False, "processing_error", "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}

# Stripe's "cards by brand" numbers: any of these succeeds.
SUCCESS_CARDS = frozenset({
    "4242424242424242", "4000056655665556", "4000001240000000", "5555555555554444", "2223003122003222",
    "5200828282828210", "5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
    "6011000990139424", "3056930009020004", "36227206271667", "3566002020360505", "6200000000000005",
})
INTERAC_CARDS = frozenset({"4506445006931933"})

NON_TEST_CARD = Outcome(
    False, "card_declined", "test_mode_live_card",
    "Your card was declined. Your request was in test mode, but used a non test card. "
    "For a list of valid test cards, visit: https://stripe.com/docs/testing.",
)

_BRANDS = [
    ("amex", re.compile(r"^3[47]\d{13}$")),
    ("diners", re.compile(r"^3(0[0-5]|[689]\d)\d{11,16}$")),
    ("jcb", re.compile(r"^35(2[89]|[3-8]\d)\d{12,15}$")),
    ("unionpay", re.compile(r"^62\d{14,17}$")),
    ("discover", re.compile(r"^(6011|64[4-9]\d|65\d{2})\d{12,15}$")),
    ("mastercard", re.compile(r"^(5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}$")),
    ("visa", re.compile(r"^4\d{12}(\d{3}|\d{6})?$")),
]
BRAND_NAMES = {
    "visa": "Visa", "mastercard": "Mastercard", "amex": "American Express", "discover": "Discover",
    "diners": "Diners Club", "jcb": "JCB", "unionpay": "UnionPay", "interac": "Interac",
}


def digits_only(number: str) -> str:
    return re.sub(r"[\s-]", "", number or "")


def luhn_ok(number: str) -> bool:
    if not number.isdigit() or len(number) < 12:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def brand_of(number: str) -> str | None:
    for brand, pattern in _BRANDS:
        if pattern.match(number):
            return brand
    return None


def outcome_for(number: str) -> Outcome:
    if number in DECLINES:
        return DECLINES[number]
    if number in SUCCESS_CARDS or number in INTERAC_CARDS:
        return SUCCESS
    return NON_TEST_CARD


def check_form(number: str, expiry: str, cvc: str, name: str, postal_code: str, now: datetime) -> dict[str, str]:
    """Field errors of a hosted card form (empty when it may be submitted)."""
    errors: dict[str, str] = {}
    brand = brand_of(number)
    if not luhn_ok(number):
        errors["number"] = "Your card number is invalid."
    elif brand is None:
        errors["number"] = "This card brand is not accepted."
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2})\s*", expiry or "")
    if not match or not 1 <= int(match.group(1)) <= 12:
        errors["expiry"] = "Your card's expiration date is incomplete (MM/YY)."
    else:
        month, year = int(match.group(1)), 2000 + int(match.group(2))
        if (year, month) < (now.year, now.month):
            errors["expiry"] = "Your card's expiration date is in the past."
    want = 4 if brand == "amex" else 3
    if not re.fullmatch(rf"\d{{{want}}}", cvc or ""):
        errors["cvc"] = f"Your card's security code must be {want} digits."
    if not (name or "").strip():
        errors["name"] = "Enter the name on the card."
    if not re.fullmatch(r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d|\d{5}(-\d{4})?|[A-Za-z0-9 -]{3,10}", (postal_code or "").strip()):
        errors["postal_code"] = "Enter the card's postal code."
    return errors

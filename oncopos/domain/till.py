"""The cash drawer: one session per desk and business day, from the opening float to the count.

Pure Python. What the drawer should hold is arithmetic over what was recorded (float, cash taken
for payments after rounding, cash put in, paid-outs, cash given back); what it does hold is the
count by denomination at the close. A difference (over or short) needs a reason and a manager's
approval (services/till.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from oncopos.domain.errors import InvalidInput
from oncopos.domain.money import format_cents

#: Canadian bank notes and circulating coins, in cents, largest first. No cent: the Mint stopped
#: distributing it in 2013 (cash totals round to 5 cents, domain/tender.cash_rounded).
NOTES = (10_000, 5_000, 2_000, 1_000, 500)
COINS = (200, 100, 50, 25, 10, 5)
DENOMINATIONS = NOTES + COINS

OPEN, CLOSED = "open", "closed"
CASH_IN, PAID_OUT = "cash_in", "paid_out"
MAX_REASON = 300
#: An opening float above this is almost certainly a typing slip (a float is change, not takings).
MAX_FLOAT_CENTS = 200_000


def denomination_label(cents: int) -> str:
    return format_cents(cents)


def counted_total(counts: Mapping[int, int]) -> int:
    """The cash counted, from {denomination in cents: number of notes or coins}; bad counts raise."""
    total = 0
    for denomination, number in counts.items():
        if denomination not in DENOMINATIONS:
            raise InvalidInput(f"{format_cents(denomination)} is not a Canadian note or coin in circulation; count "
                               "only $100, $50, $20, $10 and $5 notes and $2, $1, 50¢, 25¢, 10¢ and 5¢ coins. "
                               "Nothing was recorded.", field="counts")
        if not isinstance(number, int) or isinstance(number, bool):
            raise InvalidInput(f"Count the {format_cents(denomination)} as a whole number. Nothing was recorded.",
                               field="counts")
        if number < 0:
            raise InvalidInput(f"The count of {format_cents(denomination)} is negative ({number}); a drawer cannot "
                               "hold fewer than none. Nothing was recorded; count again.", field="counts")
        total += denomination * number
    return total


def clean_reason(text: str | None, *, what: str) -> str:
    reason = " ".join((text or "").split())
    if len(reason) < 3:
        raise InvalidInput(f"Say in a few words why ({what}); it goes in the audit trail. Nothing was recorded.",
                           field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Keep the reason under {MAX_REASON} characters. Nothing was recorded.", field="reason")
    return reason


@dataclass(frozen=True, slots=True)
class DrawerFigures:
    """What went through a drawer (integer cents) and what it should hold."""

    float_cents: int
    cash_sales_cents: int  # cash kept for payments: the rounded amount due, after change
    cash_in_cents: int
    paid_out_cents: int
    cash_returned_cents: int = 0  # cash handed back for refunds of cash payments

    @property
    def expected_cents(self) -> int:
        return (self.float_cents + self.cash_sales_cents + self.cash_in_cents - self.paid_out_cents
                - self.cash_returned_cents)

    def difference(self, counted_cents: int) -> int:
        """Counted minus expected: positive when the drawer is over, negative when it is short."""
        return counted_cents - self.expected_cents


def describe_difference(difference_cents: int, locale: str = "en-CA") -> str:
    if difference_cents == 0:
        return "The drawer balances."
    word = "over" if difference_cents > 0 else "short"
    return f"The drawer is {format_cents(abs(difference_cents), locale)} {word}."

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
from oncopos.domain.messages import Message, Money, msg
from oncopos.domain.money import format_cents

#: Canadian bank notes and circulating coins, in cents, largest first. No cent: the Mint stopped
#: distributing it in 2013 (cash totals round to 5 cents, domain/tender.cash_rounded).
NOTES = (10_000, 5_000, 2_000, 1_000, 500)
COINS = (200, 100, 50, 25, 10, 5)
DENOMINATIONS = NOTES + COINS

OPEN, CLOSED = "open", "closed"
CASH_IN, PAID_OUT = "cash_in", "paid_out"
#: Cash handed back out of the drawer for the refund of a cash payment (the movement names its refund).
CASH_REFUND = "cash_refund"
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
            raise InvalidInput(msg("till.not_denomination", denomination=Money(denomination)), field="counts")
        if not isinstance(number, int) or isinstance(number, bool):
            raise InvalidInput(msg("till.whole_count", denomination=Money(denomination)),
                               field="counts")
        if number < 0:
            raise InvalidInput(msg("till.negative_count", denomination=Money(denomination), number=number), field="counts")
        total += denomination * number
    return total


def clean_reason(text: str | None, *, what: Message) -> str:
    reason = " ".join((text or "").split())
    if len(reason) < 3:
        raise InvalidInput(msg("till.say_why", what=what),
                           field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(msg("till.reason_long", max_reason=MAX_REASON), field="reason")
    return reason


@dataclass(frozen=True, slots=True)
class DrawerFigures:
    """What went through a drawer (integer cents) and what it should hold."""

    float_cents: int
    cash_sales_cents: int  # cash kept for payments: the rounded amount due, after change
    cash_in_cents: int
    paid_out_cents: int
    cash_returned_cents: int = 0  # cash handed back out of this drawer for refunds of cash payments

    @property
    def expected_cents(self) -> int:
        return (self.float_cents + self.cash_sales_cents + self.cash_in_cents - self.paid_out_cents
                - self.cash_returned_cents)

    def difference(self, counted_cents: int) -> int:
        """Counted minus expected: positive when the drawer is over, negative when it is short."""
        return counted_cents - self.expected_cents


def describe_difference(difference_cents: int, *, clause: bool = False) -> Message:
    """"The drawer is $5.00 short." / « Il manque 5,00 $ dans le tiroir. »; `clause`: the same
    without its capital and full stop, to sit inside another sentence."""
    if difference_cents == 0:
        return msg("till.balances")
    side = "over" if difference_cents > 0 else "short"
    return msg(f"till.{'what_' if clause else ''}{side}", amount=Money(abs(difference_cents)))

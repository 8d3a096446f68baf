"""Rules of enrolling, withdrawing and transferring: seats, the deposit rule, what money becomes credit.

Pure functions: the services feed them numbers read inside their own transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError
from oncopos.domain.messages import Count, Money, msg

__all__ = [
    "SectionFull",
    "SectionOption",
    "check_first_payment",
    "choose_next_section",
    "clean_reason",
    "seats_left",
    "withdrawal_credit",
]

#: Statuses that hold a seat. A withdrawn student's seat is free again.
SEAT_HOLDING = ("active", "completed")
REASON_MAX = 500


def seats_left(capacity: int | None, taken: int) -> int | None:
    """None means no limit (a kit, an online course)."""
    if capacity is None:
        return None
    return max(capacity - taken, 0)


@dataclass(frozen=True, slots=True)
class SectionOption:
    """A section as the enrollment rules see it."""

    id: uuid.UUID
    code: str
    label: str
    start_date: date | None
    end_date: date | None
    seats_left: int | None


class SectionFull(UserFacingError):
    """The section has no seat left; `next_section` is the one to offer instead, if any."""

    def __init__(self, section_label: str, next_section: SectionOption | None) -> None:
        if next_section is None:
            hint = msg("section.none_later")
        elif next_section.seats_left is None:
            hint = msg("section.next", section=next_section.label)
        else:
            hint = msg("section.next_seats", section=next_section.label, seats=Count(next_section.seats_left, "seat"))
        super().__init__(msg("section.full", section=section_label, hint=hint))
        self.next_section = next_section


def choose_next_section(full: SectionOption, others: list[SectionOption], today: date) -> SectionOption | None:
    """The earliest section of the same course that has not ended, starts after the full one and has a seat."""
    def open_(s: SectionOption) -> bool:
        not_over = s.end_date is None or s.end_date >= today
        has_seat = s.seats_left is None or s.seats_left > 0
        later = full.start_date is None or s.start_date is None or s.start_date >= full.start_date
        return s.id != full.id and not_over and has_seat and later

    candidates = [s for s in others if open_(s)]
    candidates.sort(key=lambda s: (s.start_date or date.max, s.code))
    return candidates[0] if candidates else None


def check_first_payment(amount_cents: int, paid_before_cents: int, balance_cents: int,
                        min_first_payment_cents: int | None) -> None:
    """The course's deposit rule: a first payment of at least the minimum, unless it pays the whole balance.

    Call it with the amount about to be collected; later payments are free of the rule.
    """
    if min_first_payment_cents is None or paid_before_cents > 0:
        return
    if amount_cents >= min_first_payment_cents or amount_cents >= balance_cents:
        return
    raise InvalidAmount(msg("amount.first_payment", minimum=Money(min_first_payment_cents),
                            collect=Money(min(min_first_payment_cents, balance_cents))))


def withdrawal_credit(paid_cents: int, refunded_cents: int) -> int:
    """What a withdrawing student has paid and not been refunded: it stays with them as credit."""
    if paid_cents < 0 or refunded_cents < 0:
        raise InvalidAmount(msg("amount.paid_refunded_negative"))
    return max(paid_cents - refunded_cents, 0)


def clean_reason(text: str | None) -> str:
    reason = " ".join((text or "").split())
    if len(reason) < 3:
        raise InvalidInput(msg("enrollment.reason_empty"), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(msg("enrollment.reason_long", length=len(reason), maximum=REASON_MAX), field="reason")
    return reason

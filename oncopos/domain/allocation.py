"""One payment for several enrollments (a program and its kit): the rules of its parts.

A payment made for several enrollments at once is still one payment (one charge or tender, one
PaymentIntent, one idempotency key, one invoice); each enrollment's part of it is an allocation,
and a refund of it is allocated back on the same enrollments. These rules are pure arithmetic on
integer cents, so the service, the refund and the tests agree on every cent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.messages import Money, msg

#: Lines on one payment: a program, its kit, a second course... A desk never needs more on one invoice.
MAX_PARTS = 8


@dataclass(frozen=True, slots=True)
class PartRequest:
    """What the registrar asks: this much of the payment for this enrollment."""

    enrollment_id: uuid.UUID
    amount_cents: int


@dataclass(frozen=True, slots=True)
class PartOwner:
    """What a part's enrollment must share with the others to be on one payment."""

    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    tax_province: str


def check_requests(parts: Sequence[PartRequest]) -> None:
    """Refuse a list of parts that cannot make one payment, before anything is read or written."""
    if not parts:
        raise InvalidInput(msg("payment.several.none"), field="enrollments")
    if len(parts) > MAX_PARTS:
        raise InvalidInput(msg("payment.several.too_many", most=MAX_PARTS), field="enrollments")
    seen: set[uuid.UUID] = set()
    for part in parts:
        if part.enrollment_id in seen:
            raise InvalidInput(msg("payment.several.twice"), field="enrollments")
        seen.add(part.enrollment_id)
        if not isinstance(part.amount_cents, int) or isinstance(part.amount_cents, bool) or part.amount_cents <= 0:
            raise InvalidAmount(msg("payment.several.part_amount"))


def check_owners(owners: Sequence[PartOwner]) -> None:
    """One student, one place of supply: the invoice has one buyer and one province's taxes."""
    if len({o.student_id for o in owners}) > 1:
        raise InvalidInput(msg("payment.several.other_student"), field="enrollments")
    if len({o.tax_province for o in owners}) > 1:
        raise InvalidInput(msg("payment.several.other_province"), field="enrollments")


def spread(amount_cents: int, room: Sequence[int]) -> tuple[int, ...]:
    """`amount_cents` shared over lines in proportion to what each can still take (`room`).

    Largest remainder, so the parts add up to the amount exactly and none exceeds its room; ties
    go to the earlier line. Used when a refund of a payment for several enrollments names none.
    """
    total = sum(max(r, 0) for r in room)
    if amount_cents < 0 or amount_cents > total:
        raise InvalidAmount(msg("payment.several.refund_too_much", amount=Money(amount_cents), left=Money(total)))
    if amount_cents == 0 or total == 0:
        return tuple(0 for _ in room)
    floors = [amount_cents * max(r, 0) // total for r in room]
    left = amount_cents - sum(floors)
    order = sorted(range(len(room)), key=lambda i: (-(amount_cents * max(room[i], 0) % total), i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


def legs_of(lines: Sequence[PartRequest], legs: Sequence[int]) -> tuple[tuple[PartRequest, ...], ...]:
    """A payment for several enrollments split across tenders: each leg's own lines.

    Each leg (in the order given) is shared over what is still unpaid of each line, in proportion
    (`spread`, largest remainder), so every leg is a slice of the whole payment with a line per
    enrollment, and the legs' lines add up to each requested line exactly (the last leg takes what
    is left). A line that a leg's share rounds to nothing is left off that leg.
    """
    left = [line.amount_cents for line in lines]
    added, total = sum(legs), sum(left)
    if added != total:  # the split's own check (domain/tender.py check_split) says it first
        gap = msg("tender.parts_too_much" if added > total else "tender.parts_missing", difference=Money(abs(total - added)))
        raise InvalidAmount(msg("tender.parts_sum", added=Money(added), total_cents=Money(total), gap=gap))
    out = []
    for amount in legs:
        shares = spread(amount, left)
        left = [room - share for room, share in zip(left, shares, strict=True)]
        out.append(tuple(PartRequest(line.enrollment_id, share)
                         for line, share in zip(lines, shares, strict=True) if share))
    return tuple(out)

"""Deposits and instalment plans: a schedule that adds up to the balance, and where each line stands.

A plan covers what an enrollment still owed when the plan was made: a deposit, then instalments
with due dates. Amounts are integer cents; a template's percentages are basis points (3000 = 30 %)
and its rounding remainder goes on the instalment the template names, so a plan always adds up to
the cent. What has been paid is read from the one ledger (oncopos.domain.ledger): a payment made
through an instalment's own link marks that instalment; every other payment (at the desk, on any
tender) is applied to the lines in due order.
"""

from __future__ import annotations

import calendar
import itertools
import uuid
from dataclasses import dataclass
from datetime import date

from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Day, Message, Money, msg

DEPOSIT, INSTALMENT = "deposit", "instalment"
REMAINDER_PLACES = ("first", "last")
MAX_INSTALMENTS = 24

# Where a line stands (PlanLineState.state).
PAID, PART_PAID, OVERDUE, DUE, UPCOMING = "paid", "part_paid", "overdue", "due", "upcoming"


class PlanInvalid(InvalidInput):
    """A plan that cannot be recorded as given; the message says which line and what to change."""


@dataclass(frozen=True, slots=True)
class PlanTemplate:
    """How a course's plans are usually made: e.g. 30 % now, then three monthly payments."""

    deposit_basis_points: int  # 3000 = 30 % of the balance
    instalment_count: int
    months_between: int = 1
    remainder_on: str = "last"  # which instalment carries the rounding remainder: first or last
    name: str = ""

    def check(self) -> None:
        if not 0 <= self.deposit_basis_points <= 10_000:
            raise PlanInvalid(msg("plan.deposit_range"))
        if not 0 <= self.instalment_count <= MAX_INSTALMENTS:
            raise PlanInvalid(msg("plan.too_many", max_instalments=MAX_INSTALMENTS))
        if self.instalment_count == 0 and self.deposit_basis_points != 10_000:
            raise PlanInvalid(msg("plan.deposit_whole"))
        if not 1 <= self.months_between <= 12:
            raise PlanInvalid(msg("plan.months_apart"))
        if self.remainder_on not in REMAINDER_PLACES:
            raise PlanInvalid(msg("plan.remainder"))


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One amount of a schedule: the deposit (sequence 0) or an instalment (1, 2, ...)."""

    sequence: int
    kind: str
    due_on: date
    amount_cents: int
    id: uuid.UUID | None = None
    paid_payment_id: uuid.UUID | None = None  # the payment made through this line's own link

    def name(self) -> Message:
        """The line inside a sentence, in the reader's language: "Instalment 2" / « Versement 2 »."""
        return msg("plan.line.deposit") if self.kind == DEPOSIT else msg("plan.line.instalment", n=self.sequence)

    def label(self, lang: str = "en") -> str:
        if self.kind == DEPOSIT:
            return "Dépôt" if lang == "fr" else "Deposit"
        return f"Versement {self.sequence}" if lang == "fr" else f"Instalment {self.sequence}"


@dataclass(frozen=True, slots=True)
class PlanLineState:
    line: PlanLine
    paid_cents: int
    state: str

    @property
    def owing_cents(self) -> int:
        return self.line.amount_cents - self.paid_cents


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(balance_cents: int, template: PlanTemplate, first_due: date) -> tuple[PlanLine, ...]:
    """The template applied to `balance_cents`: the deposit due on `first_due`, then an instalment
    every `months_between` months. Each share is rounded down; the cents left over go on the
    instalment the template names, so the lines add up exactly to the balance."""
    template.check()
    if balance_cents <= 0:
        raise PlanInvalid(msg("plan.nothing_owing"))
    deposit = balance_cents * template.deposit_basis_points // 10_000
    lines: list[PlanLine] = []
    if deposit:
        lines.append(PlanLine(0, DEPOSIT, first_due, deposit))
    rest, count = balance_cents - deposit, template.instalment_count
    if count == 0:
        return tuple(lines)
    share, remainder = divmod(rest, count)
    carrier = 1 if template.remainder_on == "first" else count
    for n in range(1, count + 1):
        amount = share + (remainder if n == carrier else 0)
        lines.append(PlanLine(n, INSTALMENT, add_months(first_due, n * template.months_between), amount))
    if any(line.amount_cents <= 0 for line in lines):
        raise PlanInvalid(msg("plan.cannot_split", balance_cents=Money(balance_cents), count=count))
    return tuple(lines)


def check_schedule(lines: tuple[PlanLine, ...] | list[PlanLine], balance_cents: int, *,
                   course_ends_on: date | None) -> None:
    """Raise PlanInvalid (one line: what is wrong, what to change) unless the schedule can be kept."""
    if not lines:
        raise PlanInvalid(msg("plan.no_amount"))
    sequences = [line.sequence for line in lines]
    if len(set(sequences)) != len(sequences):
        raise PlanInvalid(msg("plan.same_number"))
    for line in lines:
        if line.amount_cents <= 0:
            raise PlanInvalid(msg("plan.line_not_positive", line=line.name(), amount_cents=Money(line.amount_cents)))
        if course_ends_on is not None and line.due_on > course_ends_on:
            raise PlanInvalid(msg("plan.line_after_course", line=line.name(), due_on=Day(line.due_on),
                                  course_ends_on=Day(course_ends_on)))
    ordered = sorted(lines, key=lambda line: line.sequence)
    for before, after in itertools.pairwise(ordered):
        if after.due_on < before.due_on:
            raise PlanInvalid(msg("plan.order", after=after.name(), before=before.name()))
    total = sum(line.amount_cents for line in lines)
    if total != balance_cents:
        difference = balance_cents - total
        adjust = msg("plan.put_more" if difference > 0 else "plan.put_less", difference=Money(abs(difference)))
        raise PlanInvalid(msg("plan.sum_differs", total=Money(total), balance_cents=Money(balance_cents), adjust=adjust))


def line_states(lines: tuple[PlanLine, ...] | list[PlanLine], paid_towards_plan_cents: int, today: date,
                explicit_paid_cents: dict[uuid.UUID, int] | None = None) -> tuple[PlanLineState, ...]:
    """Where each line stands. `paid_towards_plan_cents`: what was paid on the enrollment since the
    plan was made (net of refunds). A line paid through its own link counts as paid with that
    payment (`explicit_paid_cents`: payment id -> amount); what else was paid covers the other
    lines in due order (a refund uncovers the latest first)."""
    explicit = explicit_paid_cents or {}
    own: dict[int, int] = {}  # sequence -> what its own link paid
    for line in lines:
        if line.paid_payment_id is not None and line.paid_payment_id in explicit:
            own[line.sequence] = min(explicit[line.paid_payment_id], line.amount_cents)
    pool = max(paid_towards_plan_cents - sum(own.values()), 0)
    states = []
    for line in sorted(lines, key=lambda item: (item.due_on, item.sequence)):
        if line.sequence in own:
            paid = own[line.sequence]
        else:
            paid = min(pool, line.amount_cents)
            pool -= paid
        if paid >= line.amount_cents:
            state = PAID
        elif line.due_on < today:
            state = OVERDUE
        elif line.due_on == today:
            state = DUE
        else:
            state = PART_PAID if paid else UPCOMING
        states.append(PlanLineState(line, paid, state))
    return tuple(sorted(states, key=lambda s: s.line.sequence))

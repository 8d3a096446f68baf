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
from oncopos.domain.money import format_cents

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
            raise PlanInvalid("The deposit must be between 0 % and 100 % of the balance. Change the template's deposit.")
        if not 0 <= self.instalment_count <= MAX_INSTALMENTS:
            raise PlanInvalid(f"A plan has at most {MAX_INSTALMENTS} instalments. Change the number of instalments.")
        if self.instalment_count == 0 and self.deposit_basis_points != 10_000:
            raise PlanInvalid("A template without instalments must take the whole balance as the deposit.")
        if not 1 <= self.months_between <= 12:
            raise PlanInvalid("Instalments are 1 to 12 months apart. Change the months between instalments.")
        if self.remainder_on not in REMAINDER_PLACES:
            raise PlanInvalid("The rounding remainder goes on the first or the last instalment.")


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One amount of a schedule: the deposit (sequence 0) or an instalment (1, 2, ...)."""

    sequence: int
    kind: str
    due_on: date
    amount_cents: int
    id: uuid.UUID | None = None
    paid_payment_id: uuid.UUID | None = None  # the payment made through this line's own link

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
        raise PlanInvalid("Nothing is owing on this enrollment, so there is nothing to plan.")
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
        raise PlanInvalid(f"{format_cents(balance_cents)} cannot be split into {count} instalments of at least one cent. "
                          "Use fewer instalments.")
    return tuple(lines)


def check_schedule(lines: tuple[PlanLine, ...] | list[PlanLine], balance_cents: int, *,
                   course_ends_on: date | None) -> None:
    """Raise PlanInvalid (one line: what is wrong, what to change) unless the schedule can be kept."""
    if not lines:
        raise PlanInvalid("A plan needs at least one amount. Add the deposit or an instalment.")
    sequences = [line.sequence for line in lines]
    if len(set(sequences)) != len(sequences):
        raise PlanInvalid("Two lines of the plan have the same number. Number each line once.")
    for line in lines:
        if line.amount_cents <= 0:
            raise PlanInvalid(f"{line.label()} is {format_cents(line.amount_cents)}: every amount must be more than "
                              "$0.00. Change it or remove the line.")
        if course_ends_on is not None and line.due_on > course_ends_on:
            raise PlanInvalid(f"{line.label()} is due {line.due_on.isoformat()}, after the course ends on "
                              f"{course_ends_on.isoformat()}. Move it to the end date or earlier.")
    ordered = sorted(lines, key=lambda line: line.sequence)
    for before, after in itertools.pairwise(ordered):
        if after.due_on < before.due_on:
            raise PlanInvalid(f"{after.label()} is due before {before.label()}. Put the due dates in order.")
    total = sum(line.amount_cents for line in lines)
    if total != balance_cents:
        difference = balance_cents - total
        more_or_less = "more" if difference > 0 else "less"
        raise PlanInvalid(f"The plan's amounts add up to {format_cents(total)}, but the balance is "
                          f"{format_cents(balance_cents)}: put {format_cents(abs(difference))} {more_or_less} on one "
                          "of the lines.")


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

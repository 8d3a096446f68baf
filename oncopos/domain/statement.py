"""A student's account statement: every charge, payment, refund, withdrawal, credit movement and
plan instalment, in time order, with the balance after each line.

The balance is what the student owes (negative: what the school holds for them). It moves only
with money facts, by the rules of the one ledger (oncopos.domain.ledger): a charge adds the
enrollment's total, a payment that succeeded takes its amount off, a refund puts it back, and a
withdrawal cancels the enrollment's charge (what was paid stays as credit, so the balance goes
below zero by exactly that credit). Credit movements and plan instalments are shown for the
reader but move nothing: the credit is the same money already counted, an instalment is a date.
"""

from __future__ import annotations

import re
import string
import uuid
from dataclasses import dataclass
from datetime import datetime

from oncopos.domain.messages import Message, catalogue, msg

CHARGE, PAYMENT, REFUND, WITHDRAWAL, CREDIT, INSTALMENT = (
    "charge", "payment", "refund", "withdrawal", "credit", "instalment")
KINDS = (CHARGE, PAYMENT, REFUND, WITHDRAWAL, CREDIT, INSTALMENT)
# Lines at the same moment: the charge first, so a payment never shows the balance below zero.
_ORDER = {kind: n for n, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class StatementEvent:
    at: datetime
    kind: str
    description: str  # "Oncology aesthetics (ONC-101)", "Visa ending in 4242", "Instalment 2 (due)"
    amount_cents: int  # as printed, never negative
    reference: str = ""  # invoice or credit-note number, payment id
    enrollment_id: uuid.UUID | None = None
    detail: str = ""  # how it was paid, why refunded, what the credit movement was, where the line stands

    @property
    def effect_cents(self) -> int:
        """How this line moves the balance."""
        if self.kind == CHARGE or self.kind == REFUND:
            return self.amount_cents
        if self.kind in (PAYMENT, WITHDRAWAL):
            return -self.amount_cents
        return 0


@dataclass(frozen=True, slots=True)
class StatementLine:
    event: StatementEvent
    balance_after_cents: int


@dataclass(frozen=True, slots=True)
class Statement:
    student_id: uuid.UUID
    student_name: str
    student_number: str
    student_email: str
    language: str
    lines: tuple[StatementLine, ...]
    generated_at: datetime

    @property
    def balance_cents(self) -> int:
        return self.lines[-1].balance_after_cents if self.lines else 0

    def totals(self) -> dict[str, int]:
        """The sum of each kind's amounts (for the statement's summary)."""
        sums = dict.fromkeys(KINDS, 0)
        for line in self.lines:
            sums[line.event.kind] += line.event.amount_cents
        return sums


def statement_lines(events: list[StatementEvent] | tuple[StatementEvent, ...]) -> tuple[StatementLine, ...]:
    """The events in time order, each with the balance after it."""
    ordered = sorted(events, key=lambda e: (e.at, _ORDER[e.kind], e.reference))
    balance, lines = 0, []
    for event in ordered:
        if event.amount_cents < 0:
            raise ValueError(f"statement amounts are never negative: {event}")
        balance += event.effect_cents
        lines.append(StatementLine(event, balance))
    return tuple(lines)


#: The notes the desk writes on a credit movement (services.enrollments), stored as their English text.
CREDIT_NOTES = ("credit.note.withdrawn", "credit.note.transferred")


def credit_note(note: str) -> Message | str:
    """A credit movement's stored note ("Withdrawn from OAC-2701: moved away") as the catalogue message it was
    written from, so a French statement reads « Abandon de OAC-2701 : moved away »; any other note as it is."""
    for key in CREDIT_NOTES:
        fields: list[str] = []
        pattern = ""
        for literal, name, _spec, _conv in string.Formatter().parse(catalogue()[key][0]):
            pattern += re.escape(literal)
            if name:
                fields.append(name)
                pattern += f"(?P<{name}>.*?)"
        found = re.fullmatch(pattern, note, re.DOTALL)
        if found:
            return msg(key, **{name: found[name] for name in fields})
    return note


def plan_item(reference: str, lang: str) -> str:
    """A plan line as stored on the statement ("Deposit", "Instalment 2"), in `lang` ("Dépôt", "Versement 2")."""
    if lang != "fr":
        return reference
    return re.sub(r"\bInstalment\b", "Versement", reference.replace("Deposit", "Dépôt"))

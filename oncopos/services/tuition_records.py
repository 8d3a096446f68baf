"""Plain data of tuition slips (T2202): what the repository returns and what the year-end screen shows.

Nothing here ever holds a social insurance number in clear, except `FilingSlip`, which exists only
while the return file is written and is never stored, logged or shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from oncopos.domain.tuition import Ineligible, Missing, Session, SlipKind, YearOfStudy


@dataclass(frozen=True, slots=True)
class StudyFacts:
    """One enrollment whose section touches the year, with what the one ledger says was paid."""

    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    course_code: str
    course_name: str
    tuition_class: str  # oncopos.domain.tuition.TuitionClass
    starts_on: date
    ends_on: date
    minutes_per_week: int | None
    status: str  # active, completed, withdrawn
    withdrawn_at: datetime | None
    price_cents: int  # before sales tax
    total_cents: int  # with sales tax
    net_paid_cents: int  # succeeded payments minus their refunds, whenever they were made
    credit_cents: int  # what a withdrawal turned into credit on the student's account (not tuition kept)


@dataclass(frozen=True, slots=True)
class SlipStudent:
    """The student as a slip names them (never the SIN: see TaxDetails)."""

    id: uuid.UUID
    student_number: str
    first_name: str
    last_name: str
    email: str
    language: str  # en, fr
    address_line1: str
    address_line2: str
    city: str
    province: str
    postal_code: str
    date_of_birth: date | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class TaxDetails:
    student_id: uuid.UUID
    sin_encrypted: str | None  # a Fernet token; opened only to check, mask or file it
    slip_by_email: bool
    email_consent_at: datetime | None


@dataclass(frozen=True, slots=True)
class SlipRecord:
    """A slip as issued: its figures are what was certified, its kind what CRA was (or will be) told."""

    id: uuid.UUID
    student_id: uuid.UUID
    year: int
    kind: SlipKind
    replaces_id: uuid.UUID | None
    issued_at: datetime
    staff_id: uuid.UUID | None
    workstation_id: str
    figures: YearOfStudy
    recipient: SlipStudent
    return_id: uuid.UUID | None  # the return that filed it; None: not filed yet
    delivered_by: str | None  # email, print
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReturnRecord:
    id: uuid.UUID
    year: int
    kind: str  # original, amended
    made_at: datetime
    staff_id: uuid.UUID | None
    slip_count: int
    fees_cents: int


@dataclass(frozen=True, slots=True)
class NewSlip:
    student_id: uuid.UUID
    year: int
    kind: SlipKind
    replaces_id: uuid.UUID | None
    issued_at: datetime
    staff_id: uuid.UUID | None
    workstation_id: str
    figures: YearOfStudy
    recipient: SlipStudent


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One student's year on the manager's screen: the figures now, the last slip, what to do next."""

    student: SlipStudent
    figures: YearOfStudy
    studies: tuple[str, ...]  # "ODP-101 Oncology Aesthetics Diploma (2026-01-12 to 2026-06-26)"
    last_slip: SlipRecord | None
    next_kind: SlipKind | None  # what issuing would make now; None: nothing to issue
    missing: tuple[Missing, ...]  # what stops filing, each the student's record to complete
    sin_masked: str  # "*** *** 046", or "" when none is on file
    sin_unreadable: bool  # a SIN is on file but this desk has not the key to open it
    slip_by_email: bool

    @property
    def ineligible(self) -> tuple[Ineligible, ...]:
        return self.figures.ineligible

    @property
    def ready(self) -> bool:
        """Issuing would make a slip now, and nothing blocks it (a cancellation needs no SIN)."""
        if self.next_kind is None:
            return False
        return self.next_kind == SlipKind.CANCELLED or not (self.missing or self.sin_unreadable)


@dataclass(frozen=True, slots=True)
class YearOfSlips:
    year: int
    deadline: date
    lines: tuple[SlipLine, ...]
    returns: tuple[ReturnRecord, ...]
    unfiled_originals: int
    unfiled_amendments: int


@dataclass(frozen=True, slots=True)
class FilingSlip:
    """A slip as the return file states it, SIN opened. Lives only while the file is written."""

    kind: SlipKind
    family_name: str
    given_name: str
    sin: str
    student_number: str
    address_line1: str
    address_line2: str
    city: str
    province: str
    postal_code: str
    figures: YearOfStudy


def session_rows(sessions: tuple[Session, ...]) -> list[Any]:
    """The sessions as the slip row keeps them (JSON)."""
    return [{"start": list(s.start), "end": list(s.end), "fees_cents": s.fees_cents,
             "part_time_months": s.part_time_months, "full_time_months": s.full_time_months} for s in sessions]


def sessions_of(rows: list[Any]) -> tuple[Session, ...]:
    return tuple(Session(start=(int(r["start"][0]), int(r["start"][1])), end=(int(r["end"][0]), int(r["end"][1])),
                         fees_cents=int(r["fees_cents"]), part_time_months=int(r["part_time_months"]),
                         full_time_months=int(r["full_time_months"])) for r in rows)

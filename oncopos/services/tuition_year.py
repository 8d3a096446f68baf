"""A year of tuition slips from the records: each enrollment as the T2202 rules see it, and each
student's line (the figures now, the last slip, what issuing would do, what blocks it).

No database here: the service reads the records in one unit of work and hands them in, so the
arithmetic from the ledger to a slip can be checked by hand.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from oncopos.domain.errors import SinUnreadable
from oncopos.domain.tuition import (
    SlipKind,
    Study,
    TuitionClass,
    mask_sin,
    missing_for_filing,
    next_slip_kind,
    year_of_study,
)
from oncopos.services.tuition_records import SlipLine, SlipRecord, SlipStudent, StudyFacts, TaxDetails


def tuition_kept(facts: StudyFacts) -> int:
    """The tuition the school kept for the enrollment, before sales tax, in cents.

    What the one ledger says was paid (payments minus refunds, whenever made) less what a withdrawal
    turned into credit, taken before tax in the enrollment's own proportion (price / total, half up),
    and never more than the price.
    """
    kept = max(0, facts.net_paid_cents - facts.credit_cents)
    if facts.total_cents <= 0:
        return 0
    before_tax = (2 * kept * facts.price_cents + facts.total_cents) // (2 * facts.total_cents)
    return min(before_tax, facts.price_cents)


def study_of(facts: StudyFacts, tz: ZoneInfo) -> Study | None:
    """The enrollment as a T2202 study, or None when the student left before it began."""
    end = facts.ends_on
    if facts.withdrawn_at is not None:
        end = min(end, facts.withdrawn_at.astimezone(tz).date())
    if end < facts.starts_on:
        return None
    return Study(enrollment_id=str(facts.enrollment_id), program_name=facts.course_name,
                 classification=TuitionClass(facts.tuition_class), start=facts.starts_on, end=end,
                 minutes_per_week=facts.minutes_per_week or 0, fees_cents=tuition_kept(facts))


def in_force(history: Sequence[SlipRecord]) -> SlipRecord | None:
    """The slip CRA would hold now: the last one issued, unless it cancelled the slip before it."""
    if not history or history[-1].kind == SlipKind.CANCELLED:
        return None
    return history[-1]


def year_lines(year: int, facts: Iterable[StudyFacts], slips: Iterable[SlipRecord],
               students: Mapping[uuid.UUID, SlipStudent], details: Mapping[uuid.UUID, TaxDetails],
               open_sin: Callable[[str], str], tz: ZoneInfo) -> list[SlipLine]:
    """One line per student with tuition studies in the year or a slip of it, by name."""
    studies: dict[uuid.UUID, list[Study]] = defaultdict(list)
    described: dict[uuid.UUID, list[str]] = defaultdict(list)
    for f in facts:
        study = study_of(f, tz)
        if study is None or study.classification == TuitionClass.NOT_TUITION:
            continue
        studies[f.student_id].append(study)
        described[f.student_id].append(f"{f.course_code} {f.course_name} ({study.start.isoformat()} — "
                                       f"{study.end.isoformat()})")
    history: dict[uuid.UUID, list[SlipRecord]] = defaultdict(list)
    for slip in slips:
        history[slip.student_id].append(slip)
    lines = []
    for student_id in set(studies) | set(history):
        student = students.get(student_id)
        if student is None:
            continue
        own = studies.get(student_id, [])
        figures = year_of_study(year, own, date_of_birth=student.date_of_birth)
        current = in_force(history.get(student_id, []))
        next_kind = next_slip_kind(current.figures if current else None, figures)
        detail = details.get(student_id)
        sin, unreadable = None, False
        if detail is not None and detail.sin_encrypted:
            try:
                sin = open_sin(detail.sin_encrypted)
            except SinUnreadable:
                unreadable = True
        missing = () if not figures.eligible else missing_for_filing(
            sin=sin or ("" if not unreadable else "on file"), address_line1=student.address_line1,
            date_of_birth=student.date_of_birth, studies=own)
        lines.append(SlipLine(
            student=student, figures=figures, studies=tuple(described.get(student_id, [])),
            last_slip=history[student_id][-1] if history.get(student_id) else None, next_kind=next_kind,
            missing=tuple(m for m in missing if not (unreadable and m.value == "sin_invalid")),
            sin_masked=mask_sin(sin) if sin else "", sin_unreadable=unreadable,
            slip_by_email=bool(detail and detail.slip_by_email),
        ))
    lines.sort(key=lambda line: (line.student.last_name.casefold(), line.student.first_name.casefold(),
                                 line.student.student_number))
    return lines

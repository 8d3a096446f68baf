"""The T2202 Tuition and Enrolment Certificate: what a student's calendar year of study comes to.

Pure rules, no database: the year-end service hands in each enrollment as a `Study` and gets the
slip's figures back, so every number on a slip can be traced to an enrollment and checked by hand.

What CRA asks (RC4654, Guide for Designated Educational Institutions; Income Tax Act s. 118.5
and 118.6(1)), and how this module reads it:

- **Eligible tuition** is the fees for courses taken in the calendar year, whenever they were
  paid, net of refunds; items that are not tuition (a kit) are left out by the course's
  classification. A course that runs across two years has its fees split by its calendar months
  in each year (rounded half up on the running total, so the years always add up to the fees).
- **A slip is issued** only when the year's eligible fees at the school are more than $100, and,
  for an occupational-skills course (one not at post-secondary level), when the student is 16 or
  older at the end of the year.
- **Months**: a calendar month counts when the student was enrolled in it for any part of it.
  Full-time: a study of at least 3 consecutive weeks with at least 10 hours of courses a week
  (a qualifying educational program). Part-time: at least 3 consecutive weeks and at least 12
  hours of courses a month (a specified educational program; a month is 52/12 weeks). A month
  counts once on the slip: as full-time when any study that month is full-time.
- **Sessions**: the slip lists up to four study periods (start and end year-month, fees, months);
  the totals are boxes A (fees), B (part-time months) and C (full-time months).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from oncopos.domain.checks import luhn_valid
from oncopos.domain.messages import msg, render

#: More than this much eligible tuition in the year, or no slip (RC4654).
MINIMUM_FEES_CENTS = 100_00
#: Occupational-skills courses count only for a student this old at the end of the year.
OCCUPATIONAL_MINIMUM_AGE = 16
MINIMUM_STUDY_DAYS = 21  # three consecutive weeks
FULL_TIME_MINUTES_PER_WEEK = 10 * 60
PART_TIME_MINUTES_PER_MONTH = 12 * 60
MAX_SESSIONS = 4  # the slip's four study-period lines


class TuitionClass(StrEnum):
    """How a course's fees count: set on the course in the catalogue."""

    POST_SECONDARY = "post_secondary"  # a course at post-secondary level
    OCCUPATIONAL = "occupational"  # occupational skills (the student must be 16 by year end)
    NOT_TUITION = "not_tuition"  # kits, supplies, anything that is not a course


class Attendance(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    NEITHER = "neither"  # shorter than three weeks or under 12 hours a month: fees only


class Ineligible(StrEnum):
    """Why a student gets no slip for the year (nothing for anyone to fix)."""

    FEES_TOO_LOW = "fees_too_low"
    UNDER_SIXTEEN = "under_sixteen"

    def text(self, locale: str = "en-CA") -> str:
        return render(msg(f"tuition.ineligible.{self.value}"), locale)


class Missing(StrEnum):
    """What a slip still needs before it can be filed, and whose it is to give."""

    SIN = "sin"  # the student's to give
    SIN_INVALID = "sin_invalid"
    ADDRESS = "address"
    DATE_OF_BIRTH = "date_of_birth"

    def text(self, locale: str = "en-CA") -> str:
        return render(msg(f"tuition.missing.{self.value}"), locale)


@dataclass(frozen=True)
class Study:
    """One enrollment as the slip sees it.

    `end` is the last day the student was enrolled (the section's end, or the withdrawal date);
    `fees_cents` is the course's tuition before sales tax, net of every refund so far.
    """

    enrollment_id: str
    program_name: str
    classification: TuitionClass
    start: date
    end: date
    minutes_per_week: int
    fees_cents: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"study {self.enrollment_id} ends before it starts")
        if self.fees_cents < 0 or self.minutes_per_week < 0:
            raise ValueError(f"study {self.enrollment_id} has negative fees or hours")

    @property
    def attendance(self) -> Attendance:
        if (self.end - self.start).days + 1 < MINIMUM_STUDY_DAYS:
            return Attendance.NEITHER
        if self.minutes_per_week >= FULL_TIME_MINUTES_PER_WEEK:
            return Attendance.FULL_TIME
        # 12 hours a month, a month being 52/12 weeks: compared in whole numbers.
        if self.minutes_per_week * 52 >= PART_TIME_MINUTES_PER_MONTH * 12:
            return Attendance.PART_TIME
        return Attendance.NEITHER

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the study touches, in order."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def fees_in(self, year: int) -> int:
        """This year's share of the fees, by calendar months; the shares of all years add up to the fees."""
        months = self.months()
        before = sum(1 for y, _ in months if y < year)
        through = before + sum(1 for y, _ in months if y == year)
        return _share(self.fees_cents, through, len(months)) - _share(self.fees_cents, before, len(months))


def _share(total: int, part: int, whole: int) -> int:
    """total * part / whole rounded half up, in integers."""
    return (2 * total * part + whole) // (2 * whole)


@dataclass(frozen=True)
class Session:
    """One study-period line of the slip."""

    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    fees_cents: int
    part_time_months: int
    full_time_months: int


@dataclass(frozen=True)
class YearOfStudy:
    """A student's year at the school as the T2202 states it (boxes A, B, C and the sessions)."""

    year: int
    program_name: str
    sessions: tuple[Session, ...]
    fees_cents: int
    part_time_months: int
    full_time_months: int
    ineligible: tuple[Ineligible, ...]

    @property
    def eligible(self) -> bool:
        return not self.ineligible


def year_of_study(year: int, studies: Iterable[Study], *, date_of_birth: date | None) -> YearOfStudy:
    """The slip's figures for `year` from the student's studies (any years; others are ignored)."""
    counted = sorted(
        (s for s in studies if s.classification != TuitionClass.NOT_TUITION and any(y == year for y, _ in s.months())),
        key=lambda s: (s.start, s.enrollment_id),
    )
    occupational_only = bool(counted) and all(s.classification == TuitionClass.OCCUPATIONAL for s in counted)
    too_young = (
        date_of_birth is not None and occupational_only and age_on(date_of_birth, date(year, 12, 31)) < OCCUPATIONAL_MINIMUM_AGE
    )
    if too_young:
        counted = []

    # Each month once, full-time when any study that month is full-time; given to the first session covering it.
    status: dict[int, Attendance] = {}
    for study in counted:
        for y, m in study.months():
            if y == year and study.attendance != Attendance.NEITHER and status.get(m) != Attendance.FULL_TIME:
                status[m] = study.attendance
    assigned: set[int] = set()
    lines: list[Session] = []
    for study in counted:
        own = [m for y, m in study.months() if y == year]
        mine = [m for m in own if m not in assigned and status.get(m) == study.attendance]
        assigned.update(mine)
        lines.append(Session(
            start=(year, own[0]), end=(year, own[-1]), fees_cents=study.fees_in(year),
            part_time_months=len(mine) if study.attendance == Attendance.PART_TIME else 0,
            full_time_months=len(mine) if study.attendance == Attendance.FULL_TIME else 0,
        ))
    sessions = _at_most_four(lines)
    fees = sum(s.fees_cents for s in sessions)
    reasons: list[Ineligible] = []
    if too_young:
        reasons.append(Ineligible.UNDER_SIXTEEN)
    elif fees <= MINIMUM_FEES_CENTS:
        reasons.append(Ineligible.FEES_TOO_LOW)
    return YearOfStudy(
        year=year,
        program_name=_program_name(counted),
        sessions=tuple(sessions),
        fees_cents=fees,
        part_time_months=sum(s.part_time_months for s in sessions),
        full_time_months=sum(s.full_time_months for s in sessions),
        ineligible=tuple(reasons),
    )


def _at_most_four(lines: Sequence[Session]) -> list[Session]:
    """The slip has four study-period lines: later periods are joined into the fourth."""
    if len(lines) <= MAX_SESSIONS:
        return list(lines)
    head, tail = list(lines[: MAX_SESSIONS - 1]), lines[MAX_SESSIONS - 1:]
    head.append(Session(
        start=min(s.start for s in tail), end=max(s.end for s in tail),
        fees_cents=sum(s.fees_cents for s in tail),
        part_time_months=sum(s.part_time_months for s in tail),
        full_time_months=sum(s.full_time_months for s in tail),
    ))
    return head


def _program_name(studies: Sequence[Study]) -> str:
    """The longest study names the program (a diploma over the workshops taken beside it)."""
    if not studies:
        return ""
    return max(studies, key=lambda s: ((s.end - s.start).days, -s.start.toordinal())).program_name


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def missing_for_filing(*, sin: str | None, address_line1: str | None, date_of_birth: date | None,
                       studies: Iterable[Study]) -> tuple[Missing, ...]:
    """What stops an eligible slip from being filed; each is a field of the student's record."""
    found: list[Missing] = []
    if not sin:
        found.append(Missing.SIN)
    elif not valid_sin(sin):
        found.append(Missing.SIN_INVALID)
    if not (address_line1 or "").strip():
        found.append(Missing.ADDRESS)
    if date_of_birth is None and any(s.classification == TuitionClass.OCCUPATIONAL for s in studies):
        found.append(Missing.DATE_OF_BIRTH)
    return tuple(found)


def normalize_sin(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def valid_sin(value: str) -> bool:
    """Nine digits passing the Luhn check; 0 is never issued and 8 is for business numbers."""
    digits = normalize_sin(value)
    if any(not (ch.isdigit() or ch in " -") for ch in value):
        return False
    return len(digits) == 9 and digits[0] not in "08" and luhn_valid(digits)


def mask_sin(value: str) -> str:
    """What a screen may show of a SIN: its last three digits."""
    digits = normalize_sin(value)
    return f"*** *** {digits[-3:]}" if len(digits) == 9 else "—"


class SlipKind(StrEnum):
    """The slip report type CRA reads (SlipReportTypeCode)."""

    ORIGINAL = "O"
    AMENDED = "A"
    CANCELLED = "C"


def next_slip_kind(filed: YearOfStudy | None, now: YearOfStudy) -> SlipKind | None:
    """What to file after the last filed slip: an original, an amendment, a cancellation, or nothing."""
    if filed is None or not filed.eligible:
        return SlipKind.ORIGINAL if now.eligible else None
    if not now.eligible:
        return SlipKind.CANCELLED
    return None if _figures(filed) == _figures(now) else SlipKind.AMENDED


def _figures(y: YearOfStudy) -> tuple[object, ...]:
    return (y.fees_cents, y.part_time_months, y.full_time_months, y.sessions, y.program_name)


def filing_deadline(year: int) -> date:
    """The last day of February after the year; a weekend moves it to the Monday (RC4654)."""
    day = date(year + 1, 3, 1) - timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day

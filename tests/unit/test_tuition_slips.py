"""T2202 figures worked by hand: each docstring derives the expected months and amounts."""

from __future__ import annotations

from datetime import date

import pytest

from oncopos.domain.tuition import (
    Attendance,
    Ineligible,
    Missing,
    Session,
    SlipKind,
    Study,
    TuitionClass,
    age_on,
    filing_deadline,
    mask_sin,
    missing_for_filing,
    next_slip_kind,
    valid_sin,
    year_of_study,
)

OCC = TuitionClass.OCCUPATIONAL
ADULT = date(1990, 5, 1)


def study(eid: str, start: date, end: date, *, hours: float, fees: int, name: str = "Oncology Aesthetics Diploma",
          kind: TuitionClass = OCC) -> Study:
    return Study(eid, name, kind, start, end, int(hours * 60), fees)


def test_a_full_time_program_across_two_calendar_years() -> None:
    """8 Sep 2025 to 27 Mar 2026, 25 hours a week, $9,100 of tuition.

    Months touched: Sep-Dec 2025 (4) and Jan-Mar 2026 (3), 7 in all. 25 h a week is at least
    10 h and the program lasts far more than 3 weeks: every month is full-time.
    Fees by months: 2025 gets 9,100 x 4/7 = $5,200.00, 2026 gets 9,100 x 3/7 = $3,900.00.
    """
    diploma = study("e1", date(2025, 9, 8), date(2026, 3, 27), hours=25, fees=910_000)
    y2025 = year_of_study(2025, [diploma], date_of_birth=ADULT)
    y2026 = year_of_study(2026, [diploma], date_of_birth=ADULT)
    assert (y2025.fees_cents, y2025.full_time_months, y2025.part_time_months) == (520_000, 4, 0)
    assert (y2026.fees_cents, y2026.full_time_months, y2026.part_time_months) == (390_000, 3, 0)
    assert y2025.sessions == (Session((2025, 9), (2025, 12), 520_000, 0, 4),)
    assert y2026.sessions == (Session((2026, 1), (2026, 3), 390_000, 0, 3),)
    assert y2025.eligible and y2026.eligible


def test_fees_split_across_years_always_add_up_to_the_fees() -> None:
    """$1,000.01 over Dec 2025 to Feb 2026 (3 months): 2025 gets 100,001 x 1/3 = 33,333.67 cents,
    rounded half up to 33,334; 2026 gets the rest, 66,667. Nothing is lost to rounding."""
    short = study("e1", date(2025, 12, 1), date(2026, 2, 27), hours=12, fees=100_001)
    assert short.fees_in(2025) == 33_334
    assert short.fees_in(2026) == 66_667


def test_a_part_time_evening_course() -> None:
    """Tuesday and Thursday evenings, 3 h each: 6 h a week, 6 x 52 / 12 = 26 h a month (at least 12),
    6 Oct to 26 Nov 2026 (52 days, at least 3 weeks): part-time in October and November.
    Fees $1,450.00."""
    evening = study("e1", date(2026, 10, 6), date(2026, 11, 26), hours=6, fees=145_000, name="Camouflage Makeup")
    assert evening.attendance == Attendance.PART_TIME
    y = year_of_study(2026, [evening], date_of_birth=ADULT)
    assert (y.fees_cents, y.part_time_months, y.full_time_months) == (145_000, 2, 0)
    assert y.program_name == "Camouflage Makeup"


def test_a_course_too_light_or_too_short_gives_fees_but_no_months() -> None:
    """2 h a week is 2 x 52 / 12 = 8.67 h a month, under 12: no part-time month. A 10-day intensive
    at 30 h a week is under three weeks: no full-time month. Their fees still count ($300 + $500)."""
    light = study("e1", date(2026, 1, 5), date(2026, 4, 30), hours=2, fees=30_000)
    brief = study("e2", date(2026, 6, 1), date(2026, 6, 10), hours=30, fees=50_000)
    assert light.attendance == brief.attendance == Attendance.NEITHER
    y = year_of_study(2026, [light, brief], date_of_birth=ADULT)
    assert (y.fees_cents, y.part_time_months, y.full_time_months) == (80_000, 0, 0)
    assert y.eligible


def test_a_month_counts_once_and_full_time_wins() -> None:
    """Full-time Sep-Nov 2026 and a part-time workshop Oct-Dec 2026 overlap in October and
    November: those count once, as full-time (3 FT: Sep, Oct, Nov); December is part-time (1 PT)."""
    program = study("e1", date(2026, 9, 1), date(2026, 11, 30), hours=20, fees=400_000)
    workshop = study("e2", date(2026, 10, 1), date(2026, 12, 15), hours=4, fees=60_000, name="Wig Fitting")
    y = year_of_study(2026, [workshop, program], date_of_birth=ADULT)
    assert (y.full_time_months, y.part_time_months) == (3, 1)
    assert y.fees_cents == 460_000
    assert y.program_name == "Oncology Aesthetics Diploma"  # the longer study names the program


def test_kits_are_not_tuition() -> None:
    program = study("e1", date(2026, 1, 5), date(2026, 3, 27), hours=25, fees=300_000)
    kit = study("k1", date(2026, 1, 5), date(2026, 1, 5), hours=0, fees=45_000, kind=TuitionClass.NOT_TUITION)
    y = year_of_study(2026, [program, kit], date_of_birth=ADULT)
    assert y.fees_cents == 300_000 and len(y.sessions) == 1


def test_a_student_under_sixteen_gets_no_slip_for_occupational_courses() -> None:
    """Born 2 Mar 2011: 15 on 31 Dec 2026, so the occupational course does not qualify.
    Born 31 Dec 2010: 16 on 31 Dec 2026, so it does."""
    course = study("e1", date(2026, 7, 6), date(2026, 8, 14), hours=15, fees=120_000)
    young = year_of_study(2026, [course], date_of_birth=date(2011, 3, 2))
    assert young.ineligible == (Ineligible.UNDER_SIXTEEN,) and young.fees_cents == 0
    sixteen = year_of_study(2026, [course], date_of_birth=date(2010, 12, 31))
    assert sixteen.eligible and sixteen.fees_cents == 120_000
    assert age_on(date(2010, 12, 31), date(2026, 12, 31)) == 16
    post_secondary = study("e2", date(2026, 7, 6), date(2026, 8, 14), hours=15, fees=120_000,
                           kind=TuitionClass.POST_SECONDARY)
    assert year_of_study(2026, [post_secondary], date_of_birth=date(2011, 3, 2)).eligible


@pytest.mark.parametrize(("fees", "eligible"), [(9_500, False), (10_000, False), (10_001, True)])
def test_fees_must_be_more_than_one_hundred_dollars(fees: int, eligible: bool) -> None:
    """$95.00 and exactly $100.00 give no slip ("more than $100"); $100.01 does."""
    workshop = study("e1", date(2026, 3, 2), date(2026, 3, 6), hours=30, fees=fees, name="Scalp Care")
    y = year_of_study(2026, [workshop], date_of_birth=ADULT)
    assert y.eligible is eligible
    assert y.ineligible == (() if eligible else (Ineligible.FEES_TOO_LOW,))


def test_a_refund_after_year_end_amends_the_filed_slip() -> None:
    """Filed in February 2027 with $2,400.00 for a 2026 course; $600 refunded in March 2027 for
    that course leaves $1,800.00 for 2026: the slip is amended (figures changed), not re-issued."""
    dates = (date(2026, 9, 14), date(2026, 12, 11))
    filed = year_of_study(2026, [study("e1", *dates, hours=12, fees=240_000)], date_of_birth=ADULT)
    after_refund = year_of_study(2026, [study("e1", *dates, hours=12, fees=180_000)], date_of_birth=ADULT)
    assert next_slip_kind(None, filed) == SlipKind.ORIGINAL
    assert next_slip_kind(filed, filed) is None  # nothing changed: nothing to file
    assert next_slip_kind(filed, after_refund) == SlipKind.AMENDED
    assert after_refund.fees_cents == 180_000 and after_refund.full_time_months == 4


def test_a_full_refund_cancels_the_filed_slip() -> None:
    dates = (date(2026, 9, 14), date(2026, 12, 11))
    filed = year_of_study(2026, [study("e1", *dates, hours=12, fees=240_000)], date_of_birth=ADULT)
    refunded = year_of_study(2026, [study("e1", *dates, hours=12, fees=0)], date_of_birth=ADULT)
    assert next_slip_kind(filed, refunded) == SlipKind.CANCELLED
    assert next_slip_kind(None, refunded) is None


def test_more_than_four_periods_are_joined_into_the_fourth_line() -> None:
    workshops = [study(f"e{m}", date(2026, m, 1), date(2026, m, 25), hours=12, fees=20_000, name=f"W{m}")
                 for m in range(1, 7)]
    y = year_of_study(2026, workshops, date_of_birth=ADULT)
    assert len(y.sessions) == 4
    assert y.sessions[3] == Session((2026, 4), (2026, 6), 60_000, 0, 3)
    assert (y.fees_cents, y.full_time_months) == (120_000, 6)


def test_what_blocks_filing_is_named() -> None:
    course = [study("e1", date(2026, 1, 5), date(2026, 3, 27), hours=25, fees=300_000)]
    assert missing_for_filing(sin=None, address_line1="", date_of_birth=None, studies=course) == (
        Missing.SIN, Missing.ADDRESS, Missing.DATE_OF_BIRTH)
    assert missing_for_filing(sin="130 692 545", address_line1="1 Bay St", date_of_birth=ADULT,
                              studies=course) == (Missing.SIN_INVALID,)
    assert missing_for_filing(sin="130-692-544", address_line1="1 Bay St", date_of_birth=ADULT, studies=course) == ()
    assert "numéro d’assurance sociale" in Missing.SIN.text("fr-CA").lower()


def test_sin_rules_and_mask() -> None:
    assert valid_sin("130 692 544")
    assert not valid_sin("046 454 286")  # CRA's own sample: 0 is never issued
    assert not valid_sin("130 692 545")  # Luhn
    assert not valid_sin("000 000 000")  # never issued
    assert not valid_sin("130692544x")
    assert mask_sin("130 692 544") == "*** *** 544"


def test_filing_deadline_is_the_last_day_of_february_or_the_next_business_day() -> None:
    """28 Feb 2027 is a Sunday: 2026 slips are due Monday 1 Mar 2027. 29 Feb 2028 is a Tuesday."""
    assert filing_deadline(2026) == date(2027, 3, 1)
    assert filing_deadline(2027) == date(2028, 2, 29)
    assert filing_deadline(2025) == date(2026, 3, 2)  # 28 Feb 2026 is a Saturday

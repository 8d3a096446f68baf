"""What a business day is, and the report's plain data (oncopos.domain.end_of_day), without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from oncopos.domain.end_of_day import (
    EndOfDayReport,
    HourLine,
    MethodLine,
    PartyLine,
    ReportScope,
    TaxTotal,
    channel_of,
    day_bounds,
    hour_starts,
    report_window,
)
from oncopos.domain.messages import render

TORONTO = ZoneInfo("America/Toronto")


def test_a_toronto_day_in_utc_and_its_daylight_saving_days() -> None:
    assert day_bounds(date(2026, 11, 25), TORONTO) == (datetime(2026, 11, 25, 5, tzinfo=UTC),
                                                       datetime(2026, 11, 26, 5, tzinfo=UTC))
    assert day_bounds(date(2026, 7, 1), TORONTO)[0] == datetime(2026, 7, 1, 4, tzinfo=UTC)
    # 2026-03-08 springs forward (23 hours), 2026-11-01 falls back (25 hours): one bar per hour lived.
    assert len(hour_starts(*day_bounds(date(2026, 3, 8), TORONTO))) == 23
    fall = hour_starts(*day_bounds(date(2026, 11, 1), TORONTO))
    assert len(fall) == 25 and [h.astimezone(TORONTO).strftime("%H %Z") for h in fall[1:3]] == ["01 EDT", "01 EST"]


def test_the_window_follows_early_closes_only() -> None:
    day = date(2026, 11, 25)
    start, end = day_bounds(day, TORONTO)
    six_pm = datetime(2026, 11, 25, 23, tzinfo=UTC)  # 18:00 in Toronto
    next_morning = datetime(2026, 11, 26, 13, tzinfo=UTC)  # 08:00 on the 26th
    assert report_window(day, TORONTO, previous_close=None, close=None) == (start, end)
    assert report_window(day, TORONTO, previous_close=None, close=six_pm) == (start, six_pm)
    assert report_window(day, TORONTO, previous_close=None, close=next_morning) == (start, end)
    nxt = date(2026, 11, 26)
    assert report_window(nxt, TORONTO, previous_close=six_pm, close=None)[0] == six_pm
    assert report_window(nxt, TORONTO, previous_close=next_morning, close=None)[0] == end


def test_channels() -> None:
    assert channel_of("reader", "interac_present") == "interac"
    assert channel_of("reader", "card_present") == "reader_card"
    assert channel_of("hosted", "card") == "hosted"
    assert channel_of("hosted", None) == "hosted"


def test_labels_and_a_frozen_report_that_comes_back_the_same() -> None:
    assert TaxTotal("QST", "0.09975", 199_50, 0).label == "QST 9.975%"
    assert TaxTotal("HST", "0.13", 130_00, 65_00).label == "HST 13%"
    assert MethodLine("reader_card", "mastercard", 1, 3_000_00).label == "Reader card — Mastercard"
    at = datetime(2026, 11, 25, 14, 15, tzinfo=UTC)
    report = EndOfDayReport(
        scope=ReportScope(date(2026, 11, 25)), timezone="America/Toronto", window_start=at, window_end=at,
        generated_at=at, methods=(MethodLine("interac", "interac", 2, 50_00),), taxes=(), sales=(), refunds=(),
        staff=(PartyLine("s1", "Rita", 2, 50_00, 0, 0),), workstations=(PartyLine("DESK1", "DESK1", 2, 50_00, 0, 0),),
        hours=(HourLine(at, 2, 49_99),), attempts=(), overpayments=(),
    )
    assert EndOfDayReport.from_dict(report.to_dict()) == report
    (problem,) = report.inconsistencies()
    assert render(problem, "en-CA") == "payments by hour add up to $49.99, not $50.00"
    assert render(problem, "fr-CA") == "les paiements par heure totalisent 49,99\u00a0$, et non 50,00\u00a0$"

"""The end-of-day report over a known day, to the cent, on SQLite and PostgreSQL.

The day (tests/integration/end_of_day_helpers.known_day), 2026-11-25 in Toronto:
  P1 DESK1 rita  reader Visa        1,130.00  ON taxable 1,000.00 + HST 130.00        09:15
  P2 DESK2 luc   Interac            1,149.75  QC taxable half: 1,000.00 + GST 50.00 + QST 99.75   10:30
  P4 DESK1 rita  reader Mastercard  3,000.00  ON exempt                               13:05
  P3 DESK2 luc   hosted Visa        1,149.75  QC taxable other half (the same split)  23:59 (04:59 UTC on the 26th)
  R1 of P1 565.00 (credit note: 500.00 + HST 65.00) 16:00;  R2 of P4 1,000.00 (exempt) 17:00
  failed 500.00 (11:00), cancelled 200.00 (12:00), in flight 300.00 (started 14:58)
  not the day's: 113.00 at 23:30 on the 24th (04:30 UTC on the 25th), 113.00 at 00:00:30 on the 26th.
By hand:
  collected 1,130.00 + 1,149.75 + 3,000.00 + 1,149.75 = 6,429.50; refunded 565.00 + 1,000.00 = 1,565.00;
  net 4,864.50.  GST 100.00, HST 130.00 - 65.00 = 65.00, QST 199.50: net tax 364.50.
  Sales: taxable 3,000.00 - 500.00 = 2,500.00; exempt 3,000.00 - 1,000.00 = 2,000.00.
  2,500.00 + 2,000.00 + 364.50 = 4,864.50 = net: the report adds up.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.domain.access import PermissionDenied
from oncopos.domain.end_of_day import AttemptLine, MethodLine, RefundLine, SalesLine, TaxTotal, Window
from oncopos.services.end_of_day_export import report_csv, report_text
from tests.integration.end_of_day_helpers import DAY, LUC, MANAGER, REGISTRAR, Day, breakdowns_agree, known_day, local


@pytest.fixture
def day(engine: Engine, tmp_path: Path) -> Day:
    d = Day(engine, tmp_path / "documents")
    d.ids = known_day(d)  # type: ignore[attr-defined]
    d.clock.now = local(DAY + timedelta(days=1), 9)
    return d


def test_known_day_to_the_cent(day: Day) -> None:
    r = day.eod.report(MANAGER, DAY)
    assert r.methods == (
        MethodLine("hosted", "visa", 1, 1_149_75),
        MethodLine("interac", "interac", 1, 1_149_75),
        MethodLine("reader_card", "mastercard", 1, 3_000_00),
        MethodLine("reader_card", "visa", 1, 1_130_00),
    )
    assert (r.payment_count, r.collected_cents, r.refunded_cents, r.net_cents) == (4, 6_429_50, 1_565_00, 4_864_50)
    assert r.taxes == (
        TaxTotal("GST", "0.05", 100_00, 0),
        TaxTotal("HST", "0.13", 130_00, 65_00),
        TaxTotal("QST", "0.09975", 199_50, 0),
    )
    assert (r.tax_collected_cents, r.tax_reversed_cents, r.net_tax_cents) == (429_50, 65_00, 364_50)
    assert r.sales == (SalesLine("taxable", 3_000_00, 500_00), SalesLine("exempt", 3_000_00, 1_000_00),
                       SalesLine("zero_rated", 0, 0))
    assert sum(s.net_cents for s in r.sales) + r.net_tax_cents == r.net_cents
    assert r.refunds == (RefundLine("reader_card", 2, 1_565_00, 65_00),)
    assert r.attempts == (AttemptLine("failed", 1, 500_00), AttemptLine("cancelled", 1, 200_00),
                          AttemptLine("expired", 0, 0), AttemptLine("in_flight", 1, 300_00))
    assert r.uninvoiced_payments == 0 and r.inconsistencies() == []


def test_breakdowns_by_desk_staff_and_hour(day: Day) -> None:
    r = day.eod.report(MANAGER, DAY)
    desks = {w.key: (w.payments, w.collected_cents, w.refunds, w.refunded_cents) for w in r.workstations}
    assert desks == {"DESK1": (2, 4_130_00, 2, 1_565_00), "DESK2": (2, 2_299_50, 0, 0)}
    staff = {s.label: (s.payments, s.collected_cents, s.refunded_cents) for s in r.staff}
    assert staff == {"Rita Registrar": (2, 4_130_00, 0), "Luc Tremblay": (2, 2_299_50, 0),
                     "Mona Manager": (0, 0, 1_565_00)}
    tz = r.timezone_info
    by_hour = {h.starts_at.astimezone(tz).hour: h.amount_cents for h in r.hours if h.count}
    assert by_hour == {9: 1_130_00, 10: 1_149_75, 13: 3_000_00, 23: 1_149_75}
    assert len(r.hours) == 24
    # The list names each payment's invoice, in the order they were taken (an exempt invoice shows HST at 0).
    assert [p.amount_cents for p in r.payments] == [1_130_00, 1_149_75, 3_000_00, 1_149_75]
    assert all(p.invoice_number and p.invoice_number.startswith("DESK1-") for p in r.payments)
    assert [p.taxes for p in r.payments] == [{"HST": 130_00}, {"GST": 50_00, "QST": 99_75}, {"HST": 0},
                                             {"GST": 50_00, "QST": 99_75}]


def test_one_workstation_and_one_staff_member(day: Day) -> None:
    desk2 = day.eod.report(MANAGER, DAY, workstation_id="DESK2")
    assert (desk2.collected_cents, desk2.refunded_cents, desk2.net_tax_cents) == (2_299_50, 0, 299_50)
    assert [o.over_cents for o in desk2.overpayments] == [100_00]
    luc = day.eod.report(MANAGER, DAY, staff_id=LUC)
    assert (luc.payment_count, luc.collected_cents, luc.scope.label) == (2, 2_299_50, "staff member Luc Tremblay")
    assert day.eod.report(MANAGER, DAY, workstation_id="DESK9").collected_cents == 0


def test_breakdowns_added_up_from_the_lists_are_the_grouped_ones(day: Day) -> None:
    start, end = day.eod.window(DAY)
    with day.uow() as uow:
        for w in (Window(start, end), Window(start, end, workstation_id="DESK2"), Window(start, end, staff_id=LUC),
                  Window(start, end, workstation_id="DESK9"), Window(start - timedelta(days=1), end + timedelta(days=1))):
            breakdowns_agree(uow.end_of_day, w)


def test_day_boundaries_follow_toronto_not_utc(day: Day) -> None:
    before = day.eod.report(MANAGER, DAY - timedelta(days=1))
    after = day.eod.report(MANAGER, DAY + timedelta(days=1))
    # 23:30 on the 24th in Toronto is already the 25th in UTC: still the 24th's.
    assert (before.payment_count, before.collected_cents) == (1, 113_00)
    # 00:00:30 on the 26th: the 26th's; 23:59 on the 25th (the 26th in UTC) stayed on the 25th.
    assert (after.payment_count, after.collected_cents) == (1, 113_00)


def test_overpayments_flagged_by_sync_are_listed(day: Day) -> None:
    [flag] = day.eod.report(MANAGER, DAY).overpayments
    assert (flag.over_cents, flag.workstations, flag.status) == (100_00, ("DESK1", "DESK2"), "open")


def test_registrars_cannot_read_the_report(day: Day) -> None:
    with pytest.raises(PermissionDenied, match="may not end of day"):
        day.eod.report(REGISTRAR, DAY)


def test_csv_columns_add_up_to_the_report(day: Day) -> None:
    r = day.eod.report(MANAGER, DAY)
    rows = list(csv.DictReader(io.StringIO(report_csv(r))))
    assert len(rows) == 6  # 4 payments, 2 refunds

    def cents(column: str) -> int:
        return sum(int(row[column].replace(".", "")) for row in rows)

    assert cents("total") == r.net_cents == 4_864_50
    assert cents("tax") == r.net_tax_cents
    assert (cents("gst"), cents("hst"), cents("qst")) == (100_00, 65_00, 199_50)
    assert cents("subtotal") == 4_500_00
    assert rows[-1]["document"].startswith("DESK1-") and rows[-1]["type"] == "refund"


def test_text_output_names_the_totals(day: Day) -> None:
    text = report_text(day.eod.report(MANAGER, DAY))
    assert "End of day November 25, 2026 — All desks" in text
    assert "$6,429.50" in text and "$4,864.50" in text and "$364.50" in text
    assert "QST 9.975%" in text and "HST 13%" in text

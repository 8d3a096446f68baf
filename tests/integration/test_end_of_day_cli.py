"""`oncopos report eod`, run as a scheduled job would run it (a subprocess over a real database)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from tests.integration.end_of_day_helpers import DAY, Day, known_day, local
from tests.integration.test_invoice_cli import oncopos, pdf_text


def _env(tmp_path: Path) -> dict[str, str]:
    return {"ONCOPOS_DATA_DIR": str(tmp_path / "data"), "BUSINESS_TIMEZONE": "America/Toronto"}


def test_text_csv_and_pdf_of_a_known_day(engine: Engine, db_url: str, tmp_path: Path) -> None:
    d = Day(engine, tmp_path / "documents")
    known_day(d)
    result = oncopos("report", "eod", "--date", "2026-11-25", "--db", db_url, env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "End of day November 25, 2026 — All desks" in result.stdout and "$4,864.50" in result.stdout

    out = tmp_path / "eod.csv"
    result = oncopos("report", "eod", "--date", "2026-11-25", "--workstation", "DESK2", "--format", "csv",
                     "--out", str(out), "--db", db_url, env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["workstation"], r["total"], r["gst"], r["qst"]) for r in rows] == [
        ("DESK2", "1149.75", "50.00", "99.75"), ("DESK2", "1149.75", "50.00", "99.75")]

    pdf = tmp_path / "eod.pdf"
    result = oncopos("report", "eod", "--date", "2026-11-25", "--format", "pdf", "--out", str(pdf), "--db", db_url,
                     env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    text = pdf_text(pdf)
    assert "End of day — November 25, 2026" in text and "$6,429.50" in text and "QST 9.975%" in text


def test_a_closed_day_exports_the_stored_pdf(engine: Engine, db_url: str, tmp_path: Path) -> None:
    d = Day(engine, tmp_path / "data" / "documents")
    d.payment(d.enrollment("ON", 1_000_00), 1_130_00, local(DAY, 9))
    d.clock.now = local(DAY + timedelta(days=1), 8)
    from tests.integration.end_of_day_helpers import MANAGER

    d.eod.close_day(MANAGER, DAY)
    stored = d.eod.frozen_pdf(MANAGER, DAY)
    out = tmp_path / "closed.pdf"
    result = oncopos("report", "eod", "--date", "2026-11-25", "--format", "pdf", "--out", str(out), "--db", db_url,
                     env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == stored


def test_mistakes_get_one_clear_line(tmp_path: Path, db_url: str) -> None:
    bad = oncopos("report", "eod", "--date", "25/11/2026", "--db", db_url, env=_env(tmp_path))
    assert bad.returncode == 2 and "use YYYY-MM-DD" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    no_out = oncopos("report", "eod", "--date", "2026-11-25", "--format", "pdf", "--db", db_url, env=_env(tmp_path))
    assert no_out.returncode == 1 and "add --out FILE" in no_out.stderr

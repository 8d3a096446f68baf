"""`oncopos invoice preview` and `oncopos invoice reprint`, run as a manager would run them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.engine import Engine

from tests.conftest import FixedClock
from tests.integration.invoice_helpers import MANAGER, World

REPO = Path(__file__).resolve().parents[2]


def oncopos(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oncopos", *args], check=False, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **env}, timeout=120,
    )


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def test_preview_uses_the_configured_business_and_needs_no_database(tmp_path: Path) -> None:
    env = {
        "ONCOPOS_DATA_DIR": str(tmp_path / "data"), "BUSINESS_NAME": "École OncoOne Québec",
        "GST_HST_NUMBER": "123456789RT0001", "QST_NUMBER": "1234567890TQ0001", "INVOICE_SERIES": "MTL2",
    }
    out = tmp_path / "sample.pdf"
    result = oncopos("invoice", "preview", "--out", str(out), "--province", "qc", "--language", "fr", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing required is missing
    text = pdf_text(out)
    assert "École OncoOne Québec" in text and "MTL2-SAMPLE" in text and "TVQ 9,975" in text
    assert "1234567890TQ0001" in text and "Émilie Bérubé-Lévesque" in text
    assert not (tmp_path / "data" / "oncopos.sqlite3").exists()


def test_preview_warns_when_a_registration_number_is_missing(tmp_path: Path) -> None:
    result = oncopos("invoice", "preview", "--out", str(tmp_path / "s.pdf"), "--province", "ON",
                     env={"ONCOPOS_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0
    assert "need GST_HST_NUMBER" in result.stderr


def test_reprint_writes_the_stored_pdf(tmp_path: Path, db_url: str, engine: Engine, clock: FixedClock) -> None:
    data_dir = tmp_path / "data"
    world = World(engine, clock, data_dir / "documents")
    number = world.invoice_payment(world.payment(world.enrollment(language="en"), 640_00))
    stored = world.service.pdf_for(number)
    env = {"ONCOPOS_DATA_DIR": str(data_dir)}
    out = tmp_path / "copy.pdf"
    result = oncopos("invoice", "reprint", number, "--out", str(out), "--db", db_url, env=env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == stored
    world.service.void(MANAGER, number, "duplicate of another invoice")
    result = oncopos("invoice", "reprint", number, "--out", str(out), "--db", db_url, env=env)
    assert result.returncode == 0 and "was voided: duplicate of another invoice" in result.stderr
    result = oncopos("invoice", "reprint", "DESK1-999999", "--out", str(out), "--db", db_url, env=env)
    assert result.returncode == 1
    assert "No invoice or credit note numbered DESK1-999999" in result.stderr

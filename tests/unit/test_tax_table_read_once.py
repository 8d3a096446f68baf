"""The tax table is parsed in one place (domain.tax.load_tax_table, cached); everyone else asks it."""

from __future__ import annotations

from pathlib import Path

from oncopos.domain.tax import load_tax_table

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"


def test_only_the_domain_reads_the_tax_table_file() -> None:
    readers = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if 'resource_path("tax_rates.json")' in p.read_text(encoding="utf-8")]
    assert readers == ["domain/tax.py"]


def test_the_table_is_read_once() -> None:
    first = load_tax_table()
    assert load_tax_table() is first

"""The documents folder (write once) and the CUPS `lp` adapter, against real files and processes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from oncopos.adapters.pdf.store import DocumentStorageError, FileDocumentStore
from oncopos.adapters.printing import LpPrinter, PrintError


def test_a_document_is_written_once_and_never_replaced(tmp_path: Path) -> None:
    store = FileDocumentStore(tmp_path / "documents")
    store.write_once("DESK1/DESK1-000001.pdf", b"%PDF-first")
    store.write_once("DESK1/DESK1-000001.pdf", b"%PDF-first")  # the same bytes again: fine
    with pytest.raises(DocumentStorageError, match="already exists with different content"):
        store.write_once("DESK1/DESK1-000001.pdf", b"%PDF-second")
    assert store.read("DESK1/DESK1-000001.pdf") == b"%PDF-first"
    assert [p.name for p in (tmp_path / "documents" / "DESK1").iterdir()] == ["DESK1-000001.pdf"]  # no temp files left
    with pytest.raises(ValueError):
        store.write_once("../outside.pdf", b"x")


def fake_lp(tmp_path: Path, script: str) -> str:
    path = tmp_path / "lp"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_lp_gets_the_pdf_on_stdin_with_printer_and_paper(tmp_path: Path) -> None:
    received = tmp_path / "received"
    lp = fake_lp(tmp_path, f'echo "$@" > {received}.args; cat > {received}.pdf; echo "request id is FrontDesk-42 (1 file(s))"\n')
    job = LpPrinter(lp).print_pdf(b"%PDF-1.4 invoice", title="DESK1-000001", printer="FrontDesk", media="Letter")
    assert job == "FrontDesk-42"
    assert (tmp_path / "received.pdf").read_bytes() == b"%PDF-1.4 invoice"
    assert (tmp_path / "received.args").read_text().split() == [
        "-t", "DESK1-000001", "-d", "FrontDesk", "-o", "media=Letter", "-"]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("lp: Error - No default destination.", "No printer is set up on this computer"),
        ("lp: The printer or class does not exist.", "'Back' does not exist on this computer"),
        ("lp: Error - Scheduler is not running.", "The printing service (CUPS) is not running"),
    ],
)
def test_lp_failures_say_what_to_do(tmp_path: Path, output: str, expected: str) -> None:
    lp = fake_lp(tmp_path, f'cat > /dev/null; echo "{output}" >&2; exit 1\n')
    with pytest.raises(PrintError) as info:
        LpPrinter(lp).print_pdf(b"%PDF", title="DESK1-000001", printer="Back")
    assert expected in str(info.value)


def test_no_cups_at_all(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="no 'lp' command"):
        LpPrinter(str(tmp_path / "missing-lp")).print_pdf(b"%PDF", title="x")

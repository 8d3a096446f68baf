"""BUSINESS_LOGO appears on invoices and receipts (kept in the snapshot); RECEIPT_PRINTER is where
receipts go unless staff choose another printer."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.config import load_settings
from oncopos.domain.errors import ConfigurationError
from oncopos.domain.invoice import InvoiceDocument
from oncopos.services.invoice_documents import sample_document
from oncopos.services.invoices import MAX_LOGO_BYTES, setup_from_settings
from tests.integration.invoice_helpers import REGISTRAR

TZ = ZoneInfo("America/Toronto")
AT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 90)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def images_in(pdf: bytes) -> int:
    return pdf.count(b"/Subtype /Image")


def test_the_logo_travels_in_the_snapshot_and_is_drawn(tmp_path: Path) -> None:
    setup = setup_from_settings(load_settings(business_logo=png(tmp_path / "logo.png")))
    assert setup.business.logo_base64
    document = sample_document(setup.business, "ON", issued_at=AT, tz=TZ)
    renderer = ReportLabRenderer()
    assert images_in(renderer.invoice(document)) == 1 and images_in(renderer.receipt(document)) == 1
    # Years later, with the file gone, the snapshot alone renders the same bytes.
    (tmp_path / "logo.png").unlink()
    again = InvoiceDocument.from_dict(document.to_dict())
    assert renderer.invoice(again) == renderer.invoice(document)
    plain = sample_document(setup_from_settings(load_settings()).business, "ON", issued_at=AT, tz=TZ)
    assert images_in(renderer.invoice(plain)) == 0  # the drawn mark is vector, not an image


def test_a_logo_that_is_not_an_image_is_refused_in_the_settings(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + b"0" * MAX_LOGO_BYTES)
    with pytest.raises(ConfigurationError, match="BUSINESS_LOGO"):
        load_settings(business_logo=big)


def test_a_logo_that_went_bad_after_start_up_is_skipped(tmp_path: Path) -> None:
    settings = load_settings(business_logo=png(tmp_path / "logo.png"))
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"0" * MAX_LOGO_BYTES)  # replaced while the desk runs
    assert setup_from_settings(settings).business.logo_base64 is None


def test_receipts_go_to_the_receipt_printer_unless_staff_choose(world) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    world.service.setup = replace(world.service.setup, receipt_printer="FrontDeskReceipt")
    number = world.invoice_payment(world.payment(world.enrollment(), 400_00))
    world.service.print_document(REGISTRAR, number, layout="receipt")
    world.service.print_document(REGISTRAR, number, layout="receipt", printer="Office")
    world.service.print_document(REGISTRAR, number, layout="letter")
    assert [job["printer"] for job in world.printer.jobs] == ["FrontDeskReceipt", "Office", None]

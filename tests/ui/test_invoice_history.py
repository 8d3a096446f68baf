"""The invoice history dialog, driven on real widgets with a recording invoice service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from oncopos.domain.access import Actor, Permission, Role
from oncopos.services.guard import authorize
from oncopos.services.invoice_records import InvoiceSummary
from oncopos.ui.invoices.history import InvoiceHistoryDialog
from tests.actors import fixture_actor

AT = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # still the 25th in Toronto
MANAGER = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")
REGISTRAR = fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")


class FakeInvoices:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.rows = [
            InvoiceSummary("DESK1-000003", "credit_note", "issued", AT, 229_95, 29_95, "DESK1-000001", None),
            InvoiceSummary("DESK1-000002", "invoice", "void", AT, 100_00, 13_00, None, "wrong student"),
            InvoiceSummary("DESK1-000001", "invoice", "issued", AT, 1_149_75, 149_75, None, None),
        ]

    def history(self, actor: Actor, student_id: uuid.UUID) -> list[InvoiceSummary]:
        return self.rows

    def reprint(self, actor: Actor, number: str) -> bytes:
        authorize(actor, Permission.REPRINT)
        self.calls.append(("reprint", number))
        return b"%PDF-1.4 " + number.encode()

    def email(self, actor: Actor, number: str, to: str | None = None) -> str:
        self.calls.append(("email", number))
        return "emilie@example.ca"

    def print_document(self, actor: Actor, number: str, *, layout: str = "letter", printer: str | None = None) -> str:
        self.calls.append(("print", number, layout, printer or ""))
        return "7"


@pytest.fixture
def invoices() -> FakeInvoices:
    return FakeInvoices()


def open_dialog(qtbot, invoices: FakeInvoices, executor, actor: Actor = MANAGER) -> InvoiceHistoryDialog:  # type: ignore[no-untyped-def]
    dialog = InvoiceHistoryDialog(invoices, actor, uuid.uuid4(), "Émilie Bérubé-Lévesque", executor,
                                  tz=ZoneInfo("America/Toronto"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)
    return dialog


def cell(dialog: InvoiceHistoryDialog, row: int, column: int) -> str:
    return dialog.model.data(dialog.model.index(row, column))


def test_lists_invoices_and_credit_notes_in_business_dates(qtbot, invoices, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, invoices, db_executor)
    assert cell(dialog, 0, 1) == "Credit note for DESK1-000001"
    assert cell(dialog, 0, 3) == "-$229.95"
    assert cell(dialog, 1, 4) == "Void: wrong student"
    assert cell(dialog, 2, 2) == "2026-11-25"
    assert dialog.windowTitle() == "Invoices — Émilie Bérubé-Lévesque"


def test_a_voided_invoice_cannot_be_printed_or_sent(qtbot, invoices, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, invoices, db_executor)
    dialog.table.selectRow(1)
    assert not dialog.print_button.isEnabled() and not dialog.email_button.isEnabled()
    assert dialog.save_button.isEnabled()  # a manager may still reprint it for the records
    dialog.table.selectRow(2)
    assert dialog.print_button.isEnabled() and dialog.email_button.isEnabled()


def test_email_and_print_report_back(qtbot, invoices, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, invoices, db_executor)
    dialog.table.selectRow(2)
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to emilie@example.ca" in dialog.status.text())
    dialog.layout_box.setCurrentIndex(2)
    dialog.print_to("DESK1-000001", "FrontDesk", dialog.layout_box.currentData())
    qtbot.waitUntil(lambda: "job 7" in dialog.status.text())
    assert invoices.calls == [("email", "DESK1-000001"), ("print", "DESK1-000001", "receipt", "FrontDesk")]


def test_save_writes_the_reprint_and_a_registrar_cannot(qtbot, invoices, db_executor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, invoices, db_executor)
    dialog.save_to("DESK1-000001", tmp_path / "copy.pdf")
    qtbot.waitUntil(lambda: "saved to" in dialog.status.text())
    assert (tmp_path / "copy.pdf").read_bytes() == b"%PDF-1.4 DESK1-000001"
    registrar = open_dialog(qtbot, invoices, db_executor, REGISTRAR)
    assert not registrar.save_button.isEnabled()
    registrar.save_to("DESK1-000001", tmp_path / "no.pdf")  # even if called, the service refuses
    qtbot.waitUntil(lambda: "may not reprint" in registrar.status.text())
    assert not (tmp_path / "no.pdf").exists()

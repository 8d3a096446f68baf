"""A student's invoices and credit notes, with reprint (save), print and resend.

Printing: the Qt print dialog chooses the printer; the stored PDF itself (or the 80 mm receipt)
is then sent to that printer by name through the service, so what prints is byte for byte the
document that was issued, not a re-drawing of it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.money import format_cents
from oncopos.services.invoice_records import InvoiceSummary
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.save_location import in_documents
from oncopos.ui.table_model import RowTableModel


class InvoicePort(Protocol):
    def history(self, actor: Actor, student_id: uuid.UUID) -> list[InvoiceSummary]: ...
    def reprint(self, actor: Actor, number: str) -> bytes: ...
    def email(self, actor: Actor, number: str, to: str | None = None) -> str: ...
    def print_document(self, actor: Actor, number: str, *, layout: str = "letter", printer: str | None = None) -> str: ...


class InvoiceHistoryModel(RowTableModel[InvoiceSummary]):
    HEADERS = (
        QT_TRANSLATE_NOOP("InvoiceHistoryModel", "Number"),
        QT_TRANSLATE_NOOP("InvoiceHistoryModel", "Document"),
        QT_TRANSLATE_NOOP("InvoiceHistoryModel", "Date"),
        QT_TRANSLATE_NOOP("InvoiceHistoryModel", "Total"),
        QT_TRANSLATE_NOOP("InvoiceHistoryModel", "Status"),
    )
    RIGHT_ALIGNED = frozenset({3})

    def __init__(self, tz: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz

    def display(self, r: InvoiceSummary, column: int) -> Any:
        if column == 0:
            return r.number
        if column == 1:
            return (
                self.tr("Credit note for {original_number}").format(original_number=r.original_number)
                if r.kind == "credit_note" and r.original_number
                else (self.tr("Credit note") if r.kind == "credit_note" else self.tr("Invoice"))
            )
        if column == 2:
            return r.issued_at.astimezone(self._tz).date().isoformat()
        if column == 3:
            return format_cents(-r.total_cents if r.kind == "credit_note" else r.total_cents)
        return self.tr("Void: {void_reason}").format(void_reason=r.void_reason) if r.status == "void" else self.tr("Issued")


class InvoiceHistoryDialog(QDialog):
    LAYOUTS = (
        (QT_TRANSLATE_NOOP("InvoiceHistoryDialog", "Letter"), "letter"),
        ("A4", "a4"),
        (QT_TRANSLATE_NOOP("InvoiceHistoryDialog", "Receipt (80 mm)"), "receipt"),
    )

    def __init__(
        self, invoices: InvoicePort, actor: Actor, student_id: uuid.UUID, student_name: str, executor: Executor,
        *, tz: Any, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invoices — {student_name}").format(student_name=student_name))
        self.resize(720, 380)
        self._invoices, self._actor, self._student_id, self._executor = invoices, actor, student_id, executor
        self.model = InvoiceHistoryModel(tz, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("", self)
        self.layout_box = QComboBox(self)
        for label, value in self.LAYOUTS:
            self.layout_box.addItem(QCoreApplication.translate("InvoiceHistoryDialog", label), value)
        self.save_button = QPushButton(self.tr("&Save PDF…"), self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.email_button = QPushButton(self.tr("&Email to student"), self)
        close = QPushButton(self.tr("Close"), self)
        self.save_button.setEnabled(actor.can(Permission.REPRINT))
        self.save_button.setToolTip("" if actor.can(Permission.REPRINT) else self.tr("A manager reprints invoices."))
        buttons = QHBoxLayout()
        for w in (self.save_button, QLabel(self.tr("Paper:")), self.layout_box, self.print_button, self.email_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.email_button.clicked.connect(self.on_email_clicked)
        close.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        self.status.setText(self.tr("Loading…"))
        (Operation(self._invoices.history, self._actor, self._student_id).success(self.on_history_loaded)
         .failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_history_loaded(self, rows: list[InvoiceSummary]) -> None:
        self.model.set_rows(rows)
        self.status.setText(self.tr("No invoices yet.") if not rows else self.tr("{count} document(s).").format(count=len(rows)))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> InvoiceSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        valid = chosen is not None and chosen.status != "void"
        self.save_button.setEnabled(chosen is not None and self._actor.can(Permission.REPRINT))
        self.print_button.setEnabled(valid)
        self.email_button.setEnabled(valid)

    def on_failed(self, error: BaseException) -> None:
        self.status.setText(describe_error(error))

    def on_save_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), in_documents(f"{chosen.number}.pdf"), self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_to(chosen.number, Path(path))

    def save_to(self, number: str, path: Path) -> None:
        def write(data: bytes) -> None:
            try:
                path.write_bytes(data)
            except OSError as exc:
                self.status.setText(
                    self.tr("Could not save {path}: {value}. Choose another folder.").format(path=path, value=exc.strerror or exc)
                )
                return
            self.status.setText(self.tr("{number} saved to {path}.").format(number=number, path=path))

        (Operation(self._invoices.reprint, self._actor, number).success(write).failure(self.on_failed)
         .owned_by(self).run_in(self._executor))

    def on_print_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not QPrinterInfo.availablePrinters():
            QMessageBox.information(
                self, self.tr("No printer"), self.tr("No printer is set up on this computer. Add one in the system's printer "
                "settings, or save the PDF and print it elsewhere."),
            )
            return
        printer = QPrinter()
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(chosen.number, printer.printerName(), self.layout_box.currentData())

    def print_to(self, number: str, printer: str, layout: str) -> None:
        (
            Operation(self._invoices.print_document, self._actor, number, layout=layout, printer=printer or None)
            .success(
                lambda job: self.status.setText(
                    self.tr("{number} sent to {value} (job {job}).").format(
                        number=number, value=printer or self.tr("the default printer"), job=job
                    )
                )
            )
            .failure(self.on_failed)
            .owned_by(self)
            .run_in(self._executor)
        )

    def on_email_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        (Operation(self._invoices.email, self._actor, chosen.number)
         .success(lambda to: self.status.setText(self.tr("{number} sent to {to}.").format(number=chosen.number, to=to)))
         .failure(self.on_failed).owned_by(self).run_in(self._executor))

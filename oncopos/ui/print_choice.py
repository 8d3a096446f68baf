"""Print…: which printer and which paper, before a document goes to `lp`.

The desk prints the stored PDF itself through CUPS (oncopos.adapters.printing), byte for byte the
document that was issued, so the choice is the printer (by its CUPS name) and the paper the PDF is
laid out for: Letter or A4 for an invoice or a report, the 80 mm roll for a receipt. Qt's own print
dialog would draw the page again through QPrinter instead. Keyboard first: the paper list has the
focus, Enter prints, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from oncopos.ui.i18n import QT_TRANSLATE_NOOP

#: (label, layout) as InvoiceService.print_document names them.
LETTER = (QT_TRANSLATE_NOOP("PrintChoiceDialog", "Letter"), "letter")
A4 = ("A4", "a4")
RECEIPT = (QT_TRANSLATE_NOOP("PrintChoiceDialog", "Receipt (80 mm roll)"), "receipt")
INVOICE_PAPERS = (LETTER, A4, RECEIPT)
REPORT_PAPERS = (LETTER, A4)


class PrintChoiceDialog(QDialog):
    chosen = Signal(object, str)  # the printer's name (None: the desk's default printer), the layout

    def __init__(self, title: str, papers: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("printerCombo")
        self.printer_combo.addItem(self.tr("The desk's default printer"), None)
        default = QPrinterInfo.defaultPrinterName()
        for name in QPrinterInfo.availablePrinterNames():
            self.printer_combo.addItem(name, name)
            if name == default:
                self.printer_combo.setCurrentIndex(self.printer_combo.count() - 1)
        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("paperCombo")
        for label, layout in papers:
            self.paper_combo.addItem(QCoreApplication.translate("PrintChoiceDialog", label), layout)
        form = QFormLayout()
        printer_label = QLabel(self.tr("&Printer:"), self)
        printer_label.setBuddy(self.printer_combo)
        paper_label = QLabel(self.tr("P&aper:"), self)
        paper_label.setBuddy(self.paper_combo)
        form.addRow(printer_label, self.printer_combo)
        form.addRow(paper_label, self.paper_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.print_button = buttons.addButton(self.tr("Print"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)
        self.accepted.connect(lambda: self.chosen.emit(self.printer(), self.paper()))
        self.paper_combo.setFocus()

    def printer(self) -> str | None:
        data = self.printer_combo.currentData()
        return str(data) if data else None

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def choose_paper(self, layout: str) -> None:
        index = self.paper_combo.findData(layout)
        if index >= 0:
            self.paper_combo.setCurrentIndex(index)

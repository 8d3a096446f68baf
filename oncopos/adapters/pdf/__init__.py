"""PDF documents with reportlab: the Letter invoice and credit note, and the 80 mm receipt."""

from __future__ import annotations

from oncopos.adapters.pdf.letter import render_letter
from oncopos.adapters.pdf.receipt import render_receipt
from oncopos.domain.invoice import InvoiceDocument


class ReportLabRenderer:
    """The DocumentRenderer port (oncopos.services.ports) over reportlab."""

    def invoice(self, document: InvoiceDocument) -> bytes:
        return render_letter(document)

    def receipt(self, document: InvoiceDocument) -> bytes:
        return render_receipt(document)


__all__ = ["ReportLabRenderer"]

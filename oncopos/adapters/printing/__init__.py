"""Printing PDFs on the desk's printers."""

from oncopos.adapters.printing.cups import LpPrinter, PrintError

__all__ = ["LpPrinter", "PrintError"]

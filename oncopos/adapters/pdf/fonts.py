"""The embedded Unicode font: DejaVu Sans (oncopos/resources/fonts, Bitstream Vera licence).

reportlab's built-in Helvetica covers Latin-1 only; DejaVu renders every name a student may have
("Bérubé-Lévesque", "Nguyễn", "Ольга") and is embedded as a subset, so a PDF opened on any
machine, years later, shows the same glyphs.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from oncopos.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab once per process (its registry is global)."""
    global _registered  # noqa: PLW0603  (reportlab's font registry is process-wide, and so is this flag)
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        # <b> in paragraphs picks the bold face; there is no italic face, so italic maps to regular.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True

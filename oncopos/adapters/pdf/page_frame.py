"""The frame of a one-topic Letter document (the account statement, the T2202 slip, the end-of-day
report): the school's mark and the document's title at the top, the page number at the foot, and
the creation date taken from the document, so that the same document renders the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm

from oncopos.adapters.pdf.drawn import draw_string
from oncopos.adapters.pdf.fonts import BOLD, REGULAR
from oncopos.adapters.pdf.letter import GREY, MARGIN, RULE
from oncopos.adapters.pdf.logo import BLUE, draw_logo

PageFrame = Callable[[Any, Any], None]


def titled_page(title: str, subtitle: str, page_word: str, created_at: datetime, *,
                title_color: Color = BLUE) -> PageFrame:
    """The onFirstPage/onLaterPages callback that draws the frame of every page: `subtitle` under the
    title (the school's name, or the end of day's school and scope), the title in `title_color`."""
    stamp = f"D:{created_at.astimezone(UTC):%Y%m%d%H%M%S}+00'00'"

    def page(canvas: Any, template: Any) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.saveState()
        top = LETTER[1] - 14 * mm
        draw_logo(canvas, MARGIN, top - 10 * mm, 10 * mm)
        canvas.setFont(BOLD, 13)
        canvas.setFillColor(title_color)
        draw_string(canvas, MARGIN + 13 * mm, top - 4 * mm, title)
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(GREY)
        draw_string(canvas, MARGIN + 13 * mm, top - 8.5 * mm, subtitle)
        draw_string(canvas, LETTER[0] - MARGIN, 10 * mm, f"{page_word} {template.page}", right=True)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, top - 13 * mm, LETTER[0] - MARGIN, top - 13 * mm)
        canvas.restoreState()

    return page

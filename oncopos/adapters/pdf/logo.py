"""The school's mark, drawn as vectors so it is sharp on a laser printer and costs a few bytes."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from oncopos.adapters.pdf import drawn

BLUE = HexColor("#1559b3")
AMBER = HexColor("#ffb300")
INK = HexColor("#1b1f24")


def draw_logo(canvas: Canvas, x: float, y: float, size: float) -> None:
    """A blue rounded tile with a white ring (the "O" of OncoOne) and an amber dot: (x, y) is
    the lower-left corner. Drawn by reportlab once per place and size, then written again from
    what it wrote (the mark is only paths and colours: see oncopos.adapters.pdf.drawn)."""
    key = ("logo", x, y, size, drawn.canvas_setting(canvas))
    written = drawn.kept(key)
    if written is not None:
        drawn.write_again(canvas, *written)
        return
    with drawn.Recording(canvas) as drawing:
        _draw_mark(canvas, x, y, size)
    code = tuple(drawing.operators())
    if not any(" gs" in op or " cs " in op for op in code):  # a transparency state or separation: page resources
        drawn.keep(key, (code, tuple(drawing.features), ()))


def _draw_mark(canvas: Canvas, x: float, y: float, size: float) -> None:
    canvas.saveState()
    canvas.setFillColor(BLUE)
    canvas.roundRect(x, y, size, size, size * 0.2, stroke=0, fill=1)
    canvas.setStrokeColor(HexColor("#ffffff"))
    canvas.setLineWidth(size * 0.1)
    canvas.circle(x + size * 0.45, y + size * 0.5, size * 0.24, stroke=1, fill=0)
    canvas.setFillColor(AMBER)
    canvas.circle(x + size * 0.76, y + size * 0.74, size * 0.09, stroke=0, fill=1)
    canvas.restoreState()


def draw_business_logo(canvas: Canvas, logo_base64: str | None, x: float, y: float, size: float) -> None:
    """The school's own logo (BUSINESS_LOGO, kept in the document's snapshot) fitted in a square,
    or the drawn mark when there is none."""
    if not logo_base64:
        draw_logo(canvas, x, y, size)
        return
    canvas.drawImage(_logo_image(logo_base64), x, y, size, size, preserveAspectRatio=True, anchor="c", mask="auto")


@lru_cache(maxsize=4)
def _logo_image(logo_base64: str) -> ImageReader:
    """The logo decoded once per process: ImageReader keeps the decoded pixels, so every later
    document reuses them (the school has one logo; a changed setting is a new key). The pixels
    are embedded as they are, not rescaled, so the PDF bytes stay what they were."""
    image = ImageReader(io.BytesIO(base64.b64decode(logo_base64)))
    # Decode now, while only this thread holds it: later documents (any thread) read the cache.
    image.getRGBData()
    alpha: ImageReader | None = getattr(image, "_dataA", None)  # the mask, set by getRGBData
    if alpha is not None:
        alpha.getRGBData()
    return image

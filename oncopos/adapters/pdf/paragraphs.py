"""Paragraphs that cost what they must: parsed once per text and style, wrapped once per width.

Every document sets the same labels ("Description", "Amount", "Total") and many of the same
figures in the same few styles. reportlab parses each Paragraph's markup with an HTML parser
when it is made, and a table asks each cell for its height more than once (to size the rows,
then again to draw them), re-breaking the same lines at the same width each time. Both results
depend only on their inputs, so they are kept and reused; what reaches the PDF is unchanged,
byte for byte (a rebuilt document still matches its recorded SHA-256).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

# Distinct (text, style) pairs kept: a document has a few dozen, most shared with the next one.
PARSED_KEPT = 2048


class _Paragraph(Paragraph):
    """A Paragraph that re-breaks its lines only when it is offered another width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The lines depend on the width alone (the height decides only whether they fit, which
        # the caller judges), so the same width gives the same lines and size.
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._wrapped = None  # splitting re-breaks the lines for the part that fits
        return super().split(availWidth, availHeight)


@lru_cache(maxsize=PARSED_KEPT)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[ParagraphStyle, list[Any]]:
    # The one real parse of this text in this style (styles are module constants: same object).
    model = Paragraph(markup, style)
    return model.style, model.frags


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph(markup, style), with its markup parsed once per process.

    Each paragraph gets its own copy of the parsed fragments: reportlab may annotate them while
    it lays the lines out, and a later document must start from the parse, not from that."""
    parsed_style, frags = _parsed(markup, style)
    return _Paragraph(cleanBlockQuotedText(markup), parsed_style, frags=[f.clone() for f in frags])

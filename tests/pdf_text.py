"""Where the text of a PDF lands, to check that no two pieces of text on a line overlap.

pypdf reports each piece of text with its text matrix; its width comes from the font's metrics
(reportlab's DejaVu, the fonts every OncoPOS PDF embeds), so a cell that runs into the next
column is seen as two overlapping runs on the same baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float
    width: float
    text: str


def text_runs(path_or_stream: object) -> list[Run]:
    register_fonts()
    runs: list[Run] = []
    for number, page in enumerate(PdfReader(path_or_stream).pages, start=1):  # type: ignore[arg-type]
        def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float,
                  number: int = number) -> None:
            text = text.rstrip("\n")
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = BOLD if "Bold" in str((font or {}).get("/BaseFont", "")) else REGULAR
            runs.append(Run(number, x, round(y, 1), stringWidth(text, name, size * tm[0] * cm[0]), text))

        page.extract_text(visitor_text=visit)
    return runs


def overlaps(runs: list[Run], *, slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of runs on one baseline of one page where the first runs into the second."""
    found: list[tuple[str, str]] = []
    lines: dict[tuple[int, float], list[Run]] = {}
    for run in runs:
        lines.setdefault((run.page, run.y), []).append(run)
    for line in lines.values():
        line.sort(key=lambda r: r.x)
        for left, right in pairwise(line):
            if left.x + left.width > right.x + slack:
                found.append((left.text, right.text))
    return found

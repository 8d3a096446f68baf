"""Text drawn once per setting: what reportlab wrote for a string or a paragraph, written again.

reportlab writes a piece of text through its generic state machinery (a text object, the font,
the subset's codes for each character), which costs more than the operators it produces. Those
operators depend only on the text, the font and size, and the setting they are drawn in: the
name the document gave the font and the code it gave each character. The codes follow the order
characters first appear in the document ("é" is \\x03 in one, \\x05 in another), so kept operators
are reused only where every character already has the code it had then; anything else is drawn
by reportlab (and kept for that setting). What reaches the PDF is unchanged, byte for byte.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

# Distinct drawings kept: a paragraph's or a string's operators in one setting.
DRAWN_KEPT = 4096

_drawn: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()


def kept(key: tuple[Any, ...]) -> Any:
    """What was kept for this key, or None."""
    return _drawn.get(key)


def keep(key: tuple[Any, ...], drawn: Any) -> None:
    with _lock:  # documents render on more than one thread
        if len(_drawn) >= DRAWN_KEPT:
            _drawn.pop(next(iter(_drawn)))  # the oldest
        _drawn[key] = drawn


class Recording:
    """Around reportlab's own drawing: the operators it wrote, and the PDF features it asked the
    document for (a colour with an alpha asks for transparency, hence PDF 1.4), which a drawing
    written again asks for again."""

    def __init__(self, canvas: Any) -> None:
        self.canvas, self.start = canvas, len(canvas._code)
        self.features: list[str] = []

    def __enter__(self) -> Recording:
        doc = self.canvas._doc
        ensure = doc.ensureMinPdfVersion
        self.outer = doc.__dict__.get("ensureMinPdfVersion")  # a recording around this one

        def asked(*features: str) -> None:
            self.features.extend(features)
            ensure(*features)

        doc.ensureMinPdfVersion = asked
        return self

    def __exit__(self, *exc: object) -> None:
        doc = self.canvas._doc
        if self.outer is None:
            del doc.ensureMinPdfVersion  # reportlab's method again
        else:
            doc.ensureMinPdfVersion = self.outer

    def operators(self) -> list[str]:
        return self.canvas._code[self.start:]


def write_again(canvas: Any, operators: Any, features: tuple[str, ...]) -> None:
    """Write kept operators, asking the document for what their drawing asked it for."""
    canvas._code.extend(operators)
    if features:
        canvas._doc.ensureMinPdfVersion(*features)


def forget() -> None:
    """Drop every kept drawing (tests compare against reportlab drawing cold)."""
    with _lock:
        _drawn.clear()


def drawings_kept() -> int:
    return len(_drawn)


@lru_cache(maxsize=4096)
def variable_characters(font_name: str, text: str) -> tuple[int, ...] | None:
    """The characters of `text` whose codes a document gives as they come, or None when the font
    is not embedded as a subset (its drawing is left to reportlab). A no-break space is drawn as a
    space, printable ASCII has its own code from the start in an ASCII-readable font, a character
    the font lacks is always code 0: none of those vary."""
    font: Any = pdfmetrics.getFont(font_name)
    if not getattr(font, "_dynamicFont", False):
        return None
    glyphs, fixed = font.face.charToGlyph, range(32, 127) if font._asciiReadable else range(0)
    return tuple(sorted({c for c in map(ord, text.replace("\u00a0", " ")) if c in glyphs and c not in fixed}))


def font_setting(canvas: Any, font_name: str, characters: tuple[int, ...]) -> tuple[Any, ...] | None:
    """The document's name for the font and its code for each character, or None until the
    document has given every one (the drawing then assigns them, as reportlab does)."""
    font: Any = pdfmetrics.getFont(font_name)
    state = font.state.get(canvas._doc)
    if state is None or state.internalName is None:
        return None
    assigned = state.assignments
    codes = tuple(assigned.get(c) for c in characters)
    if None in codes:
        return None
    return state.internalName, codes


def canvas_setting(canvas: Any) -> tuple[Any, ...]:
    """What else a drawing depends on: the direction of the page and its transparency state."""
    transparency = canvas._extgstate._d  # empty unless the page set an alpha, overprint or blend mode
    return canvas.bottomup, tuple(sorted(transparency.items())) if transparency else ()


def draw_string(canvas: Any, x: float, y: float, text: str, *, right: bool = False) -> None:
    """canvas.drawString(x, y, text), or with right=True canvas.drawRightString, in the canvas's
    font: the same operators, taken from what was kept where the setting is the same."""
    name, size, leading = canvas._fontname, canvas._fontsize, canvas._leading
    characters = variable_characters(name, text)
    fonts = font_setting(canvas, name, characters) if characters is not None and canvas.bottomup else None
    key = ("string", text, name, size, leading, fonts, canvas_setting(canvas)) if fonts is not None else None
    written = kept(key) if key is not None else None
    if written is not None:
        width, operators, features = written
        write_again(canvas, (f"BT 1 0 0 1 {fp_str(x - width if right else x, y)} Tm {operators} T* ET",), features)
        return
    with Recording(canvas) as drawing:
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
    code = drawing.operators()
    if key is None or len(code) != 1 or font_setting(canvas, name, characters or ()) != fonts:
        return
    # The one operator reportlab wrote: "BT 1 0 0 1 x y Tm <the text's operators> T* ET".
    width = pdfmetrics.stringWidth(text, name, size) if right else 0.0
    line, head, tail = code[0], f"BT 1 0 0 1 {fp_str(x - width, y)} Tm ", " T* ET"
    if line.startswith(head) and line.endswith(tail):
        keep(key, (width, line[len(head):-len(tail)], tuple(drawing.features)))

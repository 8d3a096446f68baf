"""Text drawn once per setting: what reportlab wrote for a string or a paragraph, written again.

reportlab writes a piece of text through its generic state machinery (a text object, the font,
the subset's codes for each character), which costs more than the operators it produces. Those
operators depend only on the text, the font and size, and the setting they are drawn in: the
name the document gave the font and the code it gave each character. The codes follow the order
characters first appear in the document ("é" is \\x03 in one, \\x05 in another), so kept operators
are reused only where every character already has the code it had then, or has none yet and the
document would give it the same one: a character a drawing coded first is coded again, by
reportlab, from the same next code in the same order, when its operators are written again.
Anything else is drawn by reportlab (and kept for that setting). What reaches the PDF is
unchanged, byte for byte.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from oncopos.adapters.pdf.kept import LeastRecentlyUsed

# Distinct drawings kept: a paragraph's or a string's operators in one setting.
DRAWN_KEPT = 4096

_drawn: LeastRecentlyUsed[tuple[Any, ...], Any] = LeastRecentlyUsed(DRAWN_KEPT)


def kept(key: tuple[Any, ...]) -> Any:
    """What was kept for this key, or None."""
    return _drawn.used(key)


def keep(key: tuple[Any, ...], drawn: Any) -> None:
    _drawn.keep(key, drawn)


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
        self.held = document_state(self.canvas)

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

    def assigned(self, fonts: tuple[tuple[str, tuple[int, ...] | None], ...],
                 setting: tuple[Any, ...]) -> tuple[tuple[str, str, bool], ...] | None:
        """The characters the drawing gave their first codes, font by font in the order it gave
        them, and whether it named the font, which a drawing written again does again; None where
        the drawing changed the document in any other way (another character coded, another font
        named, an object added)."""
        canvas = self.canvas
        objects, named, used, coded = document_state(canvas)
        doc, given, count, fresh = canvas._doc, [], 0, 0
        for (name, characters), part in zip(fonts, setting[1:], strict=True):
            if characters is None or part[2] is None:  # a standard font, or every character coded before
                continue
            font: Any = pdfmetrics.getFont(name)
            state = font.state.get(doc)
            if state is None or state.internalName is None:
                return None
            naming = part[0] is None  # the drawing named the font: its first use in the document
            if naming:
                fresh += 1
                count += len(state.assignments) - sum(code is not None for code in part[1])
            new = sorted((state.assignments[c], c) for c, code in zip(characters, part[1], strict=True)
                         if code is None and c in state.assignments)
            if naming and any(code >> 8 for code, _ in new):  # named with its first subset only
                return None
            if new or naming:
                given.append((name, "".join(chr(c) for _, c in new), naming))
                if not naming:
                    count += len(new)
        if fresh > 1 or (objects, named - fresh, used - fresh) != self.held[:3]:  # one font named at a time
            return None
        return tuple(given) if coded == self.held[3] + count else None


def document_state(canvas: Any) -> tuple[int, int, int, int]:
    """How much the document holds: its objects, its fonts, the fonts embedded as subsets, and
    the characters given codes in them."""
    doc = canvas._doc
    coded = 0
    for font in doc.delayedFonts:
        state = font.state.get(doc)
        if state is not None:
            coded += len(state.assignments)
    return len(doc.idToObject), len(doc.fontMapping), len(doc.delayedFonts), coded


def write_again(canvas: Any, operators: Any, features: tuple[str, ...],
                given: tuple[tuple[str, str, bool], ...] = ()) -> None:
    """Write kept operators, giving the characters their drawing coded first the same codes
    (reportlab's own assignment, in the same order from the same next code) and naming the font
    it named (reportlab's own naming, after the fonts the document had then: as many as the key
    says), and asking the document for what their drawing asked it for."""
    doc = canvas._doc
    for name, characters, naming in given:
        font: Any = pdfmetrics.getFont(name)
        font.splitString(characters, doc)  # as reportlab's text object does, before it names the font
        if naming:
            font.getSubsetInternalName(0, doc)
    canvas._code.extend(operators)
    if features:
        doc.ensureMinPdfVersion(*features)


def forget() -> None:
    """Drop every kept drawing (tests compare against reportlab drawing cold)."""
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
    """The document's name for the font, its code for each character (None for one it has not
    coded yet) and, while one is not coded, the next code it would give; for a font the document
    has not used yet, no name, no codes and how many fonts it has named (the drawing names it
    after them, as reportlab does); None for a font it holds but has not named."""
    font: Any = pdfmetrics.getFont(font_name)
    doc = canvas._doc
    state = font.state.get(doc)
    if state is None:
        return None, (None,) * len(characters), ("first use", len(doc.fontMapping))
    if state.internalName is None or state.frozen:
        return None
    assigned = state.assignments
    codes = tuple(assigned.get(c) for c in characters)
    return state.internalName, codes, state.nextCode if None in codes else None


def setting(canvas: Any, fonts: tuple[tuple[str, tuple[int, ...] | None], ...]) -> tuple[Any, ...] | None:
    """What a drawing in these fonts depends on: the canvas's setting, and for each font the
    document's name for it and its codes (font_setting), or for a standard font (characters
    None) its name; None until the document has named every font."""
    parts: list[Any] = [canvas_setting(canvas)]
    mapping = canvas._doc.fontMapping
    for name, characters in fonts:
        part = mapping.get(name) if characters is None else font_setting(canvas, name, characters)
        if part is None:
            return None
        parts.append(part)
    return tuple(parts)


def canvas_setting(canvas: Any) -> tuple[Any, ...]:
    """What else a drawing depends on: the direction of the page and its transparency state."""
    transparency = canvas._extgstate._d  # empty unless the page set an alpha, overprint or blend mode
    return canvas.bottomup, tuple(sorted(transparency.items())) if transparency else ()


def draw_string(canvas: Any, x: float, y: float, text: str, *, right: bool = False) -> None:
    """canvas.drawString(x, y, text), or with right=True canvas.drawRightString, in the canvas's
    font: the same operators, taken from what was kept where the setting is the same."""
    name, size, leading = canvas._fontname, canvas._fontsize, canvas._leading
    characters = variable_characters(name, text)
    fonts = ((name, characters),) if characters is not None else ()
    now = setting(canvas, fonts) if characters is not None and canvas.bottomup else None
    key = ("string", text, name, size, leading, now) if now is not None else None
    written = kept(key) if key is not None else None
    if written is not None:
        width, operators, features, given = written
        write_again(canvas, (f"BT 1 0 0 1 {fp_str(x - width if right else x, y)} Tm {operators} T* ET",), features, given)
        return
    # A text seen for the first time (a number, a name) whose every character has its code in the
    # font's first subset: reportlab writes the subset's name and size, then the codes, as it wrote
    # them for an earlier text in the same font, size and setting.
    first = in_first_subset(canvas, name, text) if now is not None else None
    plain = (("first subset", name, size, leading, now[0], now[1][0])
             if first is not None and now is not None and now[1][0] is not None else None)
    head = kept(plain) if plain is not None else None
    if head is not None and first is not None:
        width = pdfmetrics.stringWidth(text, name, size) if right else 0.0
        operators = f"{head}({canvas._escape(first)}) Tj"
        canvas._code.append(f"BT 1 0 0 1 {fp_str(x - width, y)} Tm {operators} T* ET")
        if key is not None:  # and the text drawn again is written again, the cheaper way
            keep(key, (width, operators, (), ()))
        return
    with Recording(canvas) as drawing:
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
    code = drawing.operators()
    if key is None or now is None or len(code) != 1:
        return
    given = drawing.assigned(fonts, now)
    if given is None:
        return
    # The one operator reportlab wrote: "BT 1 0 0 1 x y Tm <the text's operators> T* ET".
    width = pdfmetrics.stringWidth(text, name, size) if right else 0.0
    line, start, tail = code[0], f"BT 1 0 0 1 {fp_str(x - width, y)} Tm ", " T* ET"
    if line.startswith(start) and line.endswith(tail):
        operators = line[len(start):-len(tail)]
        keep(key, (width, operators, tuple(drawing.features), given))
        if plain is not None and first is not None and not given and not drawing.features:
            head = f"/{now[1][0]}+0 {fp_str(size)} Tf {fp_str(leading)} TL "
            if operators == f"{head}({canvas._escape(first)}) Tj":  # reportlab's own, in this setting
                keep(plain, head)


def in_first_subset(canvas: Any, font_name: str, text: str) -> bytes | None:
    """The codes the document's subsets of the font give `text` (as reportlab's splitString gives
    them: a no-break space is a space, a character the font lacks is code 0), where every one
    is already given and in the first subset; None otherwise (or for an empty text)."""
    font: Any = pdfmetrics.getFont(font_name)
    state = font.state.get(canvas._doc)
    if not text or state is None or state.frozen:
        return None
    assigned, glyphs = state.assignments, font.face.charToGlyph
    codes = bytearray()
    for c in map(ord, text.replace("\u00a0", " ")):
        n = assigned.get(c)
        if n is None:
            if c in glyphs:
                return None  # the text would give it its code
            n = 0
        if n >> 8:
            return None
        codes.append(n)
    return bytes(codes)

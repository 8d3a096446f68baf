"""Paragraphs that cost what they must: parsed once per text and style, broken into lines once
per text, style and width.

Every document sets the same labels ("Description", "Amount", "Total") and many of the same
figures in the same few styles. reportlab parses each Paragraph's markup with an HTML parser
when it is made, and breaks its lines (measuring every word) when a table first asks its
height; a table asks each cell more than once (to size the rows, then again to draw them).
These results depend only on their inputs, so they are kept and reused by every paragraph of
the same text, style and width; what reaches the PDF is unchanged, byte for byte (a rebuilt
document still matches its recorded SHA-256).
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paragraph import split as split_words  # type: ignore[attr-defined]
from reportlab.platypus.paragraph import strip as strip_text  # type: ignore[attr-defined]
from reportlab.rl_config import _FUZZ

from oncopos.adapters.pdf import drawn

# Distinct (text, style) pairs kept: a document has a few dozen, most shared with the next one.
PARSED_KEPT = 2048
# Distinct (text, style, width) line breaks kept: one per paragraph and the width of its column.
BROKEN_KEPT = 2048


class _Paragraph(Paragraph):
    """A Paragraph that re-breaks its lines only when it is offered another width, and takes the
    lines another paragraph of the same text and style broke at that width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None
    # (markup, style) when made by paragraph(); a part made by split() has none and breaks its own lines.
    _source: tuple[str, ParagraphStyle] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The lines depend on the width alone (the height decides only whether they fit, which
        # the caller judges), so the same width gives the same lines and size.
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        broken = _broken(*self._source, availWidth) if self._source is not None else None
        if broken is not None:
            size, state = broken
            self.__dict__.update(state)
            self.__dict__["_wrapWidths"] = list(state["_wrapWidths"])  # this paragraph's own list, as wrap makes it
        else:
            if self._source is not None:
                self.frags = [f.clone() for f in self.frags]  # breaking may annotate them: not the parse's
                self._source = None  # and these lines are its own
            size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        # Flowable.drawOn is a saved state, a translation to (x, y), the drawing and the restore;
        # a kept drawing writes those four with no state to save (nothing in it changes any).
        source, me = self._source, self.__dict__
        fonts = _characters(*source) if source is not None and not me.get("debug") else None
        setting = drawn.setting(canvas, fonts) if fonts is not None else None
        written = drawn.kept(("paragraph", source, self.width, setting)) if setting is not None else None
        if written is None and setting is not None and not getattr(self, "_showBoundary", False):
            line = _one_line_drawn(self, canvas)
            if line is not None:  # a new text on one line, in a style and width seen before
                x = Paragraph._hAlignAdjust(self, x, _sW)  # type: ignore[attr-defined]
                canvas._code.extend(("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", *line[0], "Q"))
                if line[1]:
                    canvas._doc.ensureMinPdfVersion(*line[1])
                drawn.keep(("paragraph", source, self.width, setting), (line[0], line[1], ()))
                return
        if written is None or getattr(self, "_showBoundary", False):
            Paragraph.drawOn(self, canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's own takes _sW
            return
        x = Paragraph._hAlignAdjust(self, x, _sW)  # type: ignore[attr-defined]
        code, features, given = written
        # "q", what translate writes after it, the drawing, "Q".
        drawn.write_again(canvas, ("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", *code, "Q"), features, given)

    def drawPara(self, debug: int = 0) -> None:
        """reportlab's drawing, or the very operators it wrote for this text, style and width in
        the same setting (see oncopos.adapters.pdf.drawn). The operators are relative to the
        paragraph's origin, so they do not depend on where it stands."""
        canvas: Any = self.canv
        source = self._source
        fonts = _characters(*source) if source is not None and not debug else None
        setting = drawn.setting(canvas, fonts) if fonts is not None else None
        key = ("paragraph", source, self.width, setting)
        if setting is not None:
            written = drawn.kept(key)
            if written is not None:
                drawn.write_again(canvas, *written)
                return
        with drawn.Recording(canvas) as drawing:
            super().drawPara(debug)
        if fonts is None or setting is None:
            return
        code = tuple(drawing.operators())
        given = drawing.assigned(fonts, setting)
        # A transparency state or a separation colour is a resource of the page, not only operators.
        if given is not None and not any(" gs" in op or " cs " in op for op in code):
            drawn.keep(key, (code, tuple(drawing.features), given))
            if not given:
                _keep_one_line(self, canvas, code, tuple(drawing.features))

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._source is not None:
            if self._wrapped is None:
                self.wrap(availWidth, availHeight)  # reportlab's split would, taking the shared lines
            # Splitting edits the lines' words (a space at each cut) and fragments: this paragraph's
            # own copy of both (copied together, so the lines still point into the fragments), and
            # its own lines from now on.
            mine = self.__dict__
            mine.update(copy.deepcopy({k: mine[k] for k in ("frags", "blPara") if k in mine}))
            self._source = None
        self._wrapped = None  # splitting re-breaks the lines for the part that fits
        return super().split(availWidth, availHeight)


# Text with no tag, entity or control character: reportlab's parser makes it one fragment in
# the style's font, which only its text tells from another plain text's.
_PLAIN = re.compile(r"[^<>&\x00-\x1f\x7f]+")


@lru_cache(maxsize=64)
def _plain_model(style: ParagraphStyle) -> Paragraph:
    return Paragraph("x", style)


def _parse(markup: str, style: ParagraphStyle) -> tuple[str, ParagraphStyle, list[Any]]:
    """The text, style and fragments Paragraph(markup, style) parses. A plain text (a name, a
    number) takes a plain model's fragment with its own text: the HTML parser, run for every
    new student's name and number, costs more than the fragment."""
    text = cleanBlockQuotedText(markup)
    if text and not style.textTransform and _PLAIN.fullmatch(text):
        model = _plain_model(style)
        return text, model.style, [model.frags[0].clone(text=text)]
    model = Paragraph(markup, style)
    return text, model.style, model.frags


@lru_cache(maxsize=PARSED_KEPT)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[str, ParagraphStyle, list[Any], dict[str, Any]]:
    # The one parse of this text in this style (styles are module constants: same object), and
    # the fields a paragraph made from it starts with.
    text, parsed_style, frags = _parse(markup, style)
    made = _Paragraph(text, parsed_style, frags=frags)
    made._source = (markup, style)
    return text, parsed_style, frags, made.__dict__


def _made(markup: str, style: ParagraphStyle) -> _Paragraph:
    fields = _parsed(markup, style)[3]
    # What _Paragraph(text, style, frags=...) sets (reportlab's Paragraph sets only its fields),
    # without setting each again. The parse's own fragments, only read while the paragraph takes
    # shared lines; it copies them before it breaks or splits its own lines (which may annotate them).
    made: _Paragraph = _Paragraph.__new__(_Paragraph)
    mine = made.__dict__
    mine.update(fields)
    mine["frags"] = list(fields["frags"])
    return made


@lru_cache(maxsize=BROKEN_KEPT)
def _broken(markup: str, style: ParagraphStyle, width: float) -> tuple[tuple[float, float], dict[str, Any]] | None:
    """The size and the line-breaking state (what wrap sets on the paragraph) of this text in
    this style at this width, or None where the lines are not safe to share.

    Drawing reads the lines, and the fragments reportlab rewrote for mixed text while breaking
    it, and never changes them (right-to-left text would reverse them: that is left to reportlab),
    so paragraphs share them; splitting one edits them, so a paragraph makes its own copy before
    it splits."""
    model = _made(markup, style)
    model._source = None
    model.frags = [f.clone() for f in model.frags]  # breaking may annotate them: not the parse's
    before = dict(model.__dict__)
    size = _one_line(model, width)
    if size is None:
        size = Paragraph.wrap(model, width, 0x7FFFFFFF)  # the height offered plays no part in the lines
    state = {k: v for k, v in model.__dict__.items() if k not in before or before[k] is not v}
    if "blPara" not in state or style.wordWrap == "RTL":  # no blPara: no room, no lines
        return None
    return size, state


def _one_line_text(p: Any) -> tuple[str, str] | None:
    """The font and text of a paragraph that draws one line of one fragment at its left edge
    with no stretching (its words one space apart), or None.

    reportlab draws such a line as the fragment's colour, then a text object at the line's
    start holding the font and the text: for one style and width, only the text differs from
    one paragraph to another."""
    me = p.__dict__
    lines = me.get("blPara")
    if (lines is None or lines.kind != 0 or len(lines.lines) != 1 or len(me.get("frags", ())) != 1
            or p.style.alignment != TA_LEFT or me.get("bulletText") or "autoLeading" in me
            or getattr(lines, "us_lines", None) or getattr(lines, "link", None)):
        return None
    extra, words = lines.lines[0]
    if extra <= -1e-8 or not words:  # a line shrunk to fit sets the word spacing
        return None
    return lines.fontName, " ".join(words)


def _one_line_key(p: Any, canvas: Any, font_name: str) -> tuple[Any, ...] | None:
    font: Any = pdfmetrics.getFont(font_name)
    state = font.state.get(canvas._doc) if getattr(font, "_dynamicFont", False) else None
    if state is None or state.internalName is None:
        return None
    return ("one line", p.style, p.width, p.height, font_name, drawn.canvas_setting(canvas), state.internalName)


def _one_line_drawn(p: Any, canvas: Any) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The operators and features of a one-line paragraph drawn from an earlier one of the same
    style and width (see _keep_one_line), where every character has its code in the font's first
    subset; None otherwise."""
    line = _one_line_text(p)
    if line is None:
        return None
    key = _one_line_key(p, canvas, line[0])
    kept = drawn.kept(key) if key is not None else None
    codes = drawn.in_first_subset(canvas, *line) if kept is not None else None
    if kept is None or codes is None:
        return None
    before, head, after, features = kept
    return (*before, f"{head}({canvas._escape(codes)}) Tj T* ET", *after), features


def _keep_one_line(p: Any, canvas: Any, code: tuple[str, ...], features: tuple[str, ...]) -> None:
    """Keep what reportlab wrote for a one-line paragraph around its text, where it wrote the
    text as reportlab writes any text whose codes are all in the first subset."""
    line = _one_line_text(p)
    key = _one_line_key(p, canvas, line[0]) if line is not None else None
    codes = drawn.in_first_subset(canvas, *line) if line is not None and key is not None else None
    if codes is None or key is None or len(code) != 4:
        return
    text = code[2]
    tail = f"({canvas._escape(codes)}) Tj T* ET"
    head = text[:-len(tail)]
    if text.endswith(tail) and head.startswith("BT 1 0 0 1 ") and head.endswith(" TL ") and "Tj" not in head:
        drawn.keep(key, (code[:2], head, code[3:], features))


def _one_line(model: Any, width: float) -> tuple[float, float] | None:
    """Paragraph.wrap of a plain text that fits on one line, or None (and nothing set) otherwise.

    A new student's name and number are such texts. For one fragment reportlab measures each word
    with stringWidth and keeps it on the line while the running width (summed in this very order)
    fits; when every word fits, nothing else in its line breaking (hyphenation, long words, soft
    hyphens) runs, and the lines, widths and height set here are the ones it sets. Anything else
    (a bullet, shaping, bidirectional or CJK wrapping, end dots, automatic leading, a word that
    does not fit) is left to reportlab."""
    frags = model.frags
    if len(frags) != 1 or width < _FUZZ or model.__dict__.get("bulletText") or "autoLeading" in model.__dict__:
        return None
    f, style = frags[0], model.style
    if (getattr(style, "wordWrap", None) or getattr(style, "endDots", True) or getattr(style, "shaping", True)
            or getattr(style, "hyphenationLang", "") or getattr(style, "autoLeading", "") not in ("", "off")
            or not hasattr(f, "text") or hasattr(f, "cbDefn") or hasattr(f, "backColor")):
        return None
    text = strip_text(f.text)
    if not text or "\xad" in text:
        return None
    first_line_width = width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
    later_widths = width - style.leftIndent - style.rightIndent
    font_name, font_size, encoding = f.fontName, f.fontSize, model.encoding
    space_width = stringWidth(" ", font_name, font_size, encoding)
    shrink = style.spaceShrinkage * space_width
    words = split_words(text)
    current = -space_width
    for count, word in enumerate(words):
        new = current + space_width + stringWidth(word, font_name, font_size, encoding)
        if new > first_line_width + shrink * count:
            return None  # another line, or a word too long: reportlab's breaking decides
        current = new
    ascent, descent = getAscentDescent(font_name, font_size)
    mine = model.__dict__
    mine["width"] = width
    mine["_wrapWidths"] = [first_line_width, later_widths]
    mine["_width_max"] = current if current > 0 else 0
    mine["_splitLongWordCount"] = mine["_hyphenations"] = 0
    mine["blPara"] = f.clone(kind=0, lines=[(first_line_width - current, words)], ascent=ascent, descent=descent,
                             fontSize=font_size)
    mine["height"] = height = 1 * style.leading
    return width, height


@lru_cache(maxsize=PARSED_KEPT)
def _characters(markup: str, style: ParagraphStyle) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
    """Each font of the paragraph and the characters set in it whose codes vary from one
    document to the next (drawn.variable_characters), or None where drawing does more than write
    operators (a link, an image, a background, a font not embedded as a subset)."""
    frags = _parsed(markup, style)[2]
    texts: dict[str, str] = {}
    for frag in frags:
        if getattr(frag, "link", None) or getattr(frag, "cbDefn", None) or getattr(frag, "backColor", None):
            return None
        texts[frag.fontName] = texts.get(frag.fontName, "") + getattr(frag, "text", "")
    fonts = []
    for name, text in sorted(texts.items()):
        characters = drawn.variable_characters(name, text)
        if characters is None:
            return None
        fonts.append((name, characters))
    return tuple(fonts)


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph(markup, style), with its markup parsed once per process, and its lines broken
    once per process and width.

    A paragraph that breaks or splits its own lines first takes its own copy of the parsed
    fragments: reportlab may annotate them while it lays the lines out, and a later document
    must start from the parse, not from that."""
    return _made(markup, style)


def paragraph_source(flowable: Any) -> tuple[str, ParagraphStyle] | None:
    """The markup and style a paragraph from paragraph() draws, or None for any other flowable
    (and for one that broke or split its own lines, or draws its debugging marks)."""
    if type(flowable) is not _Paragraph or flowable.__dict__.get("debug"):
        return None
    return flowable._source


def paragraph_characters(source: tuple[str, ParagraphStyle]) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
    """Each font of the paragraph and its characters whose codes vary (see _characters)."""
    return _characters(*source)

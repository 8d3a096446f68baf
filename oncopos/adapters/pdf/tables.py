"""A table sized once per width: KeepTogether measures its table, then the frame measures it again.

reportlab's Table recomputes every row's height (asking every cell) each time it is wrapped.
Wrapped again at the same width, with at least the room it needed, it computes the very same
sizes: its rows are measured one after another and the only use of the room offered is to stop
early once they overflow it, which a table that fitted cannot do. So the sizes of the first
wrap are kept; a narrower or shorter room sizes it anew, as reportlab does.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from oncopos.adapters.pdf import drawn
from oncopos.adapters.pdf.kept import LeastRecentlyUsed
from oncopos.adapters.pdf.paragraphs import paragraph_characters, paragraph_source


class SizedTable(Table):
    """A Table that keeps its sizes for a second wrap at the same width with enough room."""

    _sized: tuple[float, float, dict[str, Any], tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        sized = self._sized
        if sized is not None and sized[0] == availWidth and sized[1] <= availHeight:
            self.__dict__.update(sized[2])  # what that wrap set, should anything have changed it since
            return sized[3]
        before = dict(self.__dict__)
        size = super().wrap(availWidth, availHeight)
        mine = self.__dict__
        if mine.get("_hmax") == len(mine.get("_rowHeights", ())):  # every row measured: it fitted
            state = {k: v for k, v in mine.items() if k != "_sized" and (k not in before or before[k] is not v)}
            self._sized = (availWidth, mine["_height"], state, size)
        else:
            self._sized = None
        return size


class TablesKeptTogether(KeepTogether):
    """KeepTogether measured without reportlab's copy of the page's frame.

    reportlab measures a KeepTogether's content in a deep copy of the frame, so that what the
    content adds to the frame while measured (a page break a conditional break asks for) does not
    reach the real one: a copy per block, three per invoice. Tables, paragraphs and spacers add
    nothing to a frame; measured without one, they measure the same."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        template: Any = getattr(self.canv, "_doctemplate", None)
        frame = getattr(template, "frame", None)
        content: list[Any] = self.__dict__["_content"]
        if frame is None or not all(type(f) is Spacer or isinstance(f, _FRAMELESS) for f in content):
            return super().wrap(aW, aH)
        template.frame = None  # reportlab's measuring then takes no copy of it
        try:
            return super().wrap(aW, aH)
        finally:
            template.frame = frame


# A Spacer, but not its subclasses: a conditional page break is one, and asks the frame for a break.
_FRAMELESS = (Table, Paragraph)


# Distinct tables' sizes kept (what they were made of, at one width): a document has a handful.
SIZES_KEPT = 1024
_sizes: LeastRecentlyUsed[tuple[Any, ...], tuple[float, dict[str, Any], tuple[float, float]]] = (
    LeastRecentlyUsed(SIZES_KEPT))
# What a table's sizing sets: lists and mappings of numbers (each table its own copy), and numbers.
_COPIED = (list, dict, set)
_VALUES = (int, float, str, bool, tuple, type(None))


def _shareable(value: Any) -> bool:
    """A number or text, or lists, mappings and sets of those (copied for each table)."""
    if type(value) in _VALUES:
        return type(value) is not tuple or all(map(_shareable, value))
    if type(value) in _COPIED:
        return all(map(_shareable, value.values() if isinstance(value, dict) else value))
    return False


def _copied(value: Any) -> Any:
    """A table's own copy of a shared size: its lists, mappings and sets copied, numbers shared."""
    kind = type(value)
    if kind is list:
        return [_copied(v) for v in value]
    if kind is dict:
        return {k: _copied(v) for k, v in value.items()}
    if kind is set:
        return set(value)
    return value


class KeptTable(SizedTable):
    """A SizedTable sized once per content and width, and drawn by reportlab once per content,
    geometry and setting, then written again.

    Its sizes are what reportlab measures from its cells one row after another, so another table
    made of the same cells, arguments and style at the same width takes them (each its own copy).

    reportlab draws a table cell by cell through its generic machinery (each cell's style, fill
    colour and font set again, each flowable measured again before it is drawn), which costs
    more than the operators it writes. Those operators, relative to the table's origin, depend
    only on what the table was made of (its cells, its arguments and its style commands), where
    its rows and columns fell, and the setting it is drawn in (the document's names for the
    fonts, its code for each character set in them, the page's direction and transparency
    state): see oncopos.adapters.pdf.drawn. A table whose cells are not all plain text,
    paragraphs from paragraph() or spacers, or whose drawing changed the document otherwise than
    by coding its own characters (a font or an object added), is drawn by reportlab and not kept.
    What reaches the PDF is unchanged, byte for byte.
    """

    # What the table was made of, or None where it is not known well enough to be kept.
    _made_of: tuple[Any, ...] | None = None
    # While reportlab draws it: the key its drawing is kept under, its fonts and their setting.
    _drawing: tuple[Any, ...] | None = None
    # Its shape (see _shape) once known, () where it has none.
    _shaped: tuple[Any, ...] | None = None
    # Sized from another table's shape: no table made of the same had been sized at this width.
    _fresh = False

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        style: Any = kwargs.get("style")
        if isinstance(style, TableStyle):  # its commands as they are now (a style may be added to later)
            kwargs["style"] = None if vars(style).get("_opts") else style.getCommands()
        paragraphs: list[Any] = []
        me: Any = self  # reportlab's own fields, not typed
        cells = _described(me._cellvalues, paragraphs)
        arguments = (cells, tuple(_value(v) for v in args), tuple((k, _value(v)) for k, v in sorted(kwargs.items())), ())
        self._made_of = arguments if cells is not None and _hashable(arguments) else None
        self._paragraphs = paragraphs

    def setStyle(self, tblstyle: Any) -> None:
        super().setStyle(tblstyle)
        made_of = self._made_of
        if made_of is None:
            return
        style: Any = tblstyle if isinstance(tblstyle, TableStyle) else TableStyle(tblstyle)
        kept = (*made_of[:3], made_of[3] + tuple(tuple(_value(x) for x in cmd) for cmd in style.getCommands()))
        # Options set as attributes (TableStyle's keywords) are not in the commands.
        self._made_of = kept if not style._opts and _hashable(kept) else None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        made_of = self._made_of
        if made_of is None or self._sized is not None:
            return super().wrap(availWidth, availHeight)
        # Another table made of the same sized itself at this width: its rows, measured one after
        # another from its cells, are this one's (and with enough room, all of them fit).
        shared = _sizes.used((made_of, availWidth))
        # Or another table of the same shape: its paragraphs, in the same styles, the same sizes
        # in their cells (a new student's name and number are new text on one line).
        shape = self._shape() if shared is None else None
        if shape is not None:
            shared = _sizes.used((shape, availWidth))
        if shared is not None and shared[0] <= availHeight:
            height, state, size = shared
            mine = {k: _copied(v) for k, v in state.items()}
            self.__dict__.update(mine)
            self._sized = (availWidth, height, mine, size)
            self._fresh = shape is not None
            if shape is not None:  # the next table made of the same is sized, and drawn, as its own
                _sizes.keep((made_of, availWidth), shared)
            return size
        size = super().wrap(availWidth, availHeight)
        sized = self._sized
        if sized is not None and all(_shareable(v) for v in sized[2].values()):
            state = {k: _copied(v) for k, v in sized[2].items()}
            _sizes.keep((made_of, availWidth), (sized[1], state, size))
            if shape is not None:
                _sizes.keep((shape, availWidth), (sized[1], state, size))
        return size

    def _shape(self) -> tuple[Any, ...] | None:
        """What the table was made of with each paragraph's text left out: its style and its size
        in its cell; None where that is not all that sizing and drawing take from the paragraphs.

        reportlab sizes a row from its cells' sizes, and places a cell's paragraphs from their
        sizes and styles' spaces: with no span and every column's width given, a cell's width is
        known before sizing, so each paragraph is wrapped at it here (as sizing would: lines
        depend on the width alone) and two tables of the same shape size alike. Their drawings
        differ only by the paragraphs' own, each drawn where the other's was (see draw)."""
        made_of, shape = self._made_of, self._shaped
        if made_of is None or shape is not None:
            return shape or None
        me: Any = self  # reportlab's own fields, not typed
        widths = me._argW
        self._shaped = ()
        if me._spanCmds or not self._paragraphs or not all(type(w) in (int, float) for w in widths):
            return None
        sizes: list[tuple[float, float]] = []
        for row, styles in zip(me._cellvalues, me._cellStyles, strict=True):
            for value, style, width in zip(row, styles, widths, strict=True):
                room = width - style.leftPadding - style.rightPadding
                # The room reportlab's sizing offers a cell's flowables: 72000 less the paddings.
                sizes += [p.wrap(room, 72000 - style.topPadding - style.bottomPadding) for p in _paragraphs_in(value)]
        if len(sizes) != len(self._paragraphs):
            return None
        shape = ("shape", _blank(made_of[0]), *made_of[1:], tuple(sizes))
        self._shaped = shape
        return shape

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:  # made by reportlab from this table's inner state, not from arguments
            part._made_of = None
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        # A table whose content was new at this width (sized from its shape's sizes) will not find
        # its own drawing kept: its shape's is looked for first.
        shaped = self._shape_key(canvas) if self._fresh else None
        frame = drawn.kept(shaped) if shaped is not None else None
        drawing = written = None
        if frame is None:
            drawing = self._key(canvas)
            written = drawn.kept(drawing[0]) if drawing is not None else None
            if written is None and shaped is None and drawing is not None:
                shaped = self._shape_key(canvas)
                frame = drawn.kept(shaped) if shaped is not None else None
        if frame is not None:
            x = Table._hAlignAdjust(self, x, _sW)  # type: ignore[attr-defined]
            if drawing is None:  # new content: its own drawing would not be written again
                self._draw_in(canvas, x, y, frame)
                return
            # Content seen before: what is written is kept as its own drawing, the cheaper way next time.
            key, fonts, setting = drawing
            with drawn.Recording(canvas) as recording:
                self._draw_in(canvas, x, y, frame)
            code = recording.operators()
            given = recording.assigned(fonts, setting)
            if (given is not None and len(code) >= 3 and code[0] == "q" and code[-1] == "Q"
                    and code[1] == f"{fp_str(1, 0, 0, 1, x, y)} cm" and not any(" gs" in op or " cs " in op for op in code)):
                drawn.keep(key, (tuple(code[2:-1]), tuple(recording.features), given))
            return
        if written is None:
            self._drawing = (*drawing, shaped) if drawing is not None else None
            try:
                Table.drawOn(self, canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's own takes _sW
            finally:
                self._drawing = None
            return
        x = Table._hAlignAdjust(self, x, _sW)  # type: ignore[attr-defined]
        code, features, given = written
        # What Flowable.drawOn writes around the drawing: "q", the translation to (x, y), "Q".
        drawn.write_again(canvas, ("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", *code, "Q"), features, given)

    def _draw_in(self, canvas: Any, x: float, y: float, frame: Frame) -> None:
        """Write a table of the same shape's operators around this one's paragraphs, each drawn
        where that table drew its own and as reportlab's table would (Flowable.drawOn's saved
        state and translation around all of it)."""
        between, places, features = frame
        code = canvas._code
        canvas.saveState()
        canvas.translate(x, y)
        for operators, p, place in zip(between, self._paragraphs, places, strict=False):
            code.extend(operators)
            p.drawOn(canvas, *place)
        code.extend(between[-1])
        canvas.restoreState()
        if features:
            canvas._doc.ensureMinPdfVersion(*features)

    def draw(self) -> None:
        if self._drawing is None:
            super().draw()
            return
        (key, fonts, setting, shaped), canvas = self._drawing, self.canv
        places: list[tuple[Any, ...]] = []
        drawing = drawn.Recording(canvas)
        if shaped is not None:
            for p in self._paragraphs:
                p.__dict__["drawOn"] = _placed(p, drawing, places)  # the table's call finds it before the class's
        try:
            with drawing:
                super().draw()
        finally:
            for p in self._paragraphs:
                p.__dict__.pop("drawOn", None)
        code = tuple(drawing.operators())
        given = drawing.assigned(fonts, setting)
        # A transparency state or a separation colour is a resource of the page, not only operators.
        if given is not None and not any(" gs" in op or " cs " in op for op in code):
            drawn.keep(key, (code, tuple(drawing.features), given))
        if shaped is not None:
            frame = _frame(drawing, places, self._paragraphs)
            if frame is not None:
                drawn.keep(shaped, frame)

    def _shape_key(self, canvas: Any) -> tuple[Any, ...] | None:
        """The key of the drawing around this table's paragraphs (see _draw_in), where its own
        operators code no character (so they are the same whatever the paragraphs coded)."""
        shape = self._shape()
        if shape is None:
            return None
        me: Any = self  # reportlab's own fields, not typed
        fonts = _fonts(shape[1], tuple(tuple(s.fontname for s in row) for row in me._cellStyles))
        if fonts is None or any(characters for _, characters in fonts):
            return None
        setting = drawn.setting(canvas, fonts)
        if setting is None:
            return None
        return ("around", shape, tuple(me._colpositions), tuple(me._rowpositions), setting)

    def _key(self, canvas: Any) -> tuple[Any, ...] | None:
        """The key of this table's drawing on this canvas, its fonts and their setting; None where
        the drawing is left to reportlab."""
        made_of = self._made_of
        if made_of is None or getattr(self, "_showBoundary", False) or not canvas.bottomup:
            return None
        # A paragraph that broke or split its own lines is no longer only its text.
        if any(paragraph_source(p) is None for p in self._paragraphs):
            return None
        me: Any = self  # reportlab's own fields, not typed
        styles = me._cellStyles
        if any(s.href or s.destination for row in styles for s in row):  # links: annotations, not operators
            return None
        fonts = _fonts(made_of[0], tuple(tuple(s.fontname for s in row) for row in styles))
        if fonts is None:
            return None
        setting = drawn.setting(canvas, fonts)
        if setting is None:
            return None
        return ("table", made_of, tuple(me._colpositions), tuple(me._rowpositions), setting), fonts, setting


# A table's operators between its paragraphs', where it drew each, and the features it asked for.
Frame = tuple[tuple[tuple[str, ...], ...], tuple[tuple[float, float, float], ...], tuple[str, ...]]


def _placed(p: Any, drawing: drawn.Recording, places: list[tuple[Any, ...]]) -> Any:
    """The paragraph's drawOn, noting where the table drew it, what it wrote there, and what the
    document held and the drawing had asked for before and after."""

    def draw_on(canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        start, held, asked = len(canvas._code), drawn.document_state(canvas), len(drawing.features)
        type(p).drawOn(p, canvas, x, y, _sW)
        places.append((p, start, len(canvas._code), held, drawn.document_state(canvas), asked, len(drawing.features),
                       (x, y, _sW)))

    return draw_on


def _frame(drawing: drawn.Recording, places: list[tuple[Any, ...]], paragraphs: list[Any]) -> Frame | None:
    """The table's operators between its paragraphs', where it drew each and the PDF features
    it asked for itself, or None where they are not only the table's own (a paragraph not drawn by
    the table in order, or the table itself adding to the document)."""
    if len(places) != len(paragraphs) or any(place[0] is not p for place, p in zip(places, paragraphs, strict=True)):
        return None
    code, start = drawing.canvas._code, drawing.start
    held, asked, features = drawing.held, 0, []
    between: list[tuple[str, ...]] = []
    for _, begin, end, before, after, asked_before, asked_after, _where in places:
        if before != held:
            return None
        between.append(tuple(code[start:begin]))
        features += drawing.features[asked:asked_before]
        start, held, asked = end, after, asked_after
    if drawn.document_state(drawing.canvas) != held:
        return None
    between.append(tuple(code[start:]))
    features += drawing.features[asked:]
    if any(" gs" in op or " cs " in op for ops in between for op in ops):
        return None
    # The features only raise the document's version to the highest they need: the order they
    # are asked in plays no part.
    return tuple(between), tuple(place[7] for place in places), tuple(features)


def _paragraphs_in(value: Any) -> list[Any]:
    """A cell's paragraphs in the order _described finds them."""
    if isinstance(value, str) or type(value) is Spacer:
        return []
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _paragraphs_in(v)]
    return [value]


def _blank(cells: Any) -> Any:
    """_described's cells with each paragraph's text left out (its style stays)."""
    if isinstance(cells, str):
        return cells
    if cells[0] == "paragraph":
        return ("slot", cells[1][1])
    if cells[0] == "list":
        return ("list", tuple(_blank(c) for c in cells[1]))
    return cells


def _described(value: Any, paragraphs: list[Any]) -> Any:
    """A cell's content as a value: its text, a paragraph's markup and style (the paragraph
    added to `paragraphs`), a spacer's size, a list of those; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        parts = tuple(_described(v, paragraphs) for v in value)
        return None if any(p is None for p in parts) else ("list", parts)
    if type(value) is Spacer:
        return ("spacer", value.width, value.height, getattr(value, "spacebefore", None))
    source = paragraph_source(value)
    if source is None:
        return None
    paragraphs.append(value)
    return ("paragraph", source)


def _value(value: Any) -> Any:
    """An argument or a style command's part as a value (a list of widths as a tuple)."""
    return tuple(_value(v) for v in value) if isinstance(value, list) else value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@lru_cache(maxsize=1024)
def _fonts(cells: Any, cell_fonts: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, tuple[int, ...] | None], ...] | None:
    """Each font the table's drawing uses with the characters set in it whose codes vary (None
    for a standard font), or None where a cell's drawing is not only operators."""
    texts: dict[str, str] = {name: "" for row in cell_fonts for name in row}  # each cell's style sets its font

    def add(cell: Any, font: str) -> bool:
        if isinstance(cell, str):
            texts[font] += cell
            return True
        kind = cell[0]
        if kind in ("spacer", "slot"):  # a slot's paragraph draws itself (see KeptTable._draw_in)
            return True
        if kind == "paragraph":
            characters = paragraph_characters(cell[1])
            if characters is None:
                return False
            for name, chars in characters:
                texts[name] = texts.get(name, "") + "".join(map(chr, chars))
            return True
        return all(add(part, font) for part in cell[1])  # a list

    for row, fonts in zip(cells[1], cell_fonts, strict=True):
        for cell, font in zip(row[1], fonts, strict=False):
            if not add(cell, font):
                return None
    result: list[tuple[str, tuple[int, ...] | None]] = []
    for name, text in sorted(texts.items()):
        if getattr(pdfmetrics.getFont(name), "_dynamicFont", False):
            result.append((name, drawn.variable_characters(name, text)))
        else:
            result.append((name, None))
    return tuple(result)

"""The embedded Unicode font: DejaVu Sans (oncopos/resources/fonts, Bitstream Vera licence).

reportlab's built-in Helvetica covers Latin-1 only; DejaVu renders every name a student may have
("Bérubé-Lévesque", "Nguyễn", "Ольга") and is embedded as a subset, so a PDF opened on any
machine, years later, shows the same glyphs.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Sequence
from functools import _CacheInfo, lru_cache
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from oncopos.adapters.pdf.kept import LeastRecentlyUsed
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
        ttfonts.makeToUnicodeCMap = _character_map  # where reportlab's addObjects finds it
        for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            font = TTFont(name, str(resource_path("fonts", file)))
            _share_subsets(font)
            pdfmetrics.registerFont(font)
        # <b> in paragraphs picks the bold face; there is no italic face, so italic maps to regular.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


# Distinct glyph sets kept per face: a day's documents mostly reuse a handful (the labels, digits
# and the usual letters), and one subset is a few tens of kilobytes.
SUBSETS_KEPT = 64
_subset_caches: dict[str, Callable[[], _CacheInfo]] = {}


def subset_cache_info(font_name: str) -> _CacheInfo:
    """How often the font's subsets were built and reused (what the benchmark and tests read)."""
    register_fonts()
    return _subset_caches[font_name]()


def _share_subsets(font: TTFont) -> None:
    """Build each embedded subset once per process instead of once per document.

    reportlab rebuilds the TrueType subset (glyph tables, checksums) for every document that
    uses the font, and the result depends only on the face and the glyphs used. Documents that
    use the same glyphs (same labels, same digits) therefore embed the very bytes built the
    first time: the output is unchanged, so a rebuilt file still matches its recorded SHA-256.
    """
    build: Callable[[Sequence[int]], bytes] = font.face.makeSubset

    @lru_cache(maxsize=SUBSETS_KEPT)
    def built(subset: tuple[int, ...]) -> bytes:
        return build(list(subset))

    _subset_caches[font.fontName] = built.cache_info

    def make_subset(subset: Sequence[int]) -> bytes:
        return built(tuple(subset))

    font.face.makeSubset = make_subset  # type: ignore[method-assign]
    add_objects = font.face.addSubsetObjects

    def add_subset_objects(doc: pdfdoc.PDFDocument, fontname: str, subset: Sequence[int]) -> pdfdoc.PDFObjectReference:
        descriptor = add_objects(doc, fontname, subset)
        # The descriptor names the subset's stream (FontFile2), made just now with reportlab's filter.
        fields = doc.idToObject[descriptor.name]
        assert isinstance(fields, pdfdoc.PDFDictionary)
        stream = doc.idToObject[fields.dict["FontFile2"].name]
        if isinstance(stream, pdfdoc.PDFStream) and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_SUBSET_FLATE]
        return descriptor

    font.face.addSubsetObjects = add_subset_objects  # type: ignore[method-assign]
    add_font_objects = font.addObjects

    def add_font_and_maps(doc: pdfdoc.PDFDocument) -> None:
        basic = doc.idToObject[pdfdoc.BasicFonts]
        assert isinstance(basic, pdfdoc.PDFDictionary)
        fonts = basic.dict
        before = set(fonts)
        add_font_objects(doc)
        for name in fonts.keys() - before:  # this face's subsets, just added
            pdf_font = fonts[name]
            widths = tuple(pdf_font.Widths.sequence)
            pdf_font.Widths = _widths(widths)
            cmap = doc.idToObject[pdf_font.ToUnicode.name]
            if isinstance(cmap, pdfdoc.PDFStream) and cmap.filters == [pdfdoc.PDFZCompress]:
                cmap.filters = [_SUBSET_FLATE]
            descriptor = doc.idToObject[pdf_font.FontDescriptor.name]
            assert isinstance(descriptor, pdfdoc.PDFDictionary)
            stream = doc.idToObject[descriptor.dict["FontFile2"].name]
            # Each object is what its own fields and the numbers of the objects it refers to make it.
            _format_once(pdf_font, ("font", font.fontName, pdf_font.Name, pdf_font.BaseFont, pdf_font.FirstChar,
                                    pdf_font.LastChar, widths), (pdf_font.ToUnicode.name, pdf_font.FontDescriptor.name))
            _format_once(descriptor, ("descriptor", font.fontName, pdf_font.BaseFont), (descriptor.dict["FontFile2"].name,))
            if isinstance(cmap, pdfdoc.PDFStream) and cmap.filters == [_SUBSET_FLATE]:
                _format_once(cmap, ("map", cmap.content), ())
            if isinstance(stream, pdfdoc.PDFStream) and stream.filters == [_SUBSET_FLATE]:
                _format_once(stream, ("subset", stream.content), ())

    font.addObjects = add_font_and_maps  # type: ignore[method-assign]


# Font objects written: a face's four objects per subset (font, descriptor, map and subset), for
# the glyph sets SUBSETS_KEPT keeps, at the object numbers documents give them.
FORMATTED_KEPT = 8 * SUBSETS_KEPT
_formatted: LeastRecentlyUsed[tuple[Any, ...], bytes] = LeastRecentlyUsed(FORMATTED_KEPT)


def _format_once(obj: Any, fields: tuple[Any, ...], refers_to: tuple[str, ...]) -> None:
    """Write this font object as reportlab writes it, once per fields and object numbers.

    reportlab writes every object through its generic formatter: the eight objects of an
    invoice's two subsets cost a fifth of saving it, for bytes that depend only on the subset's
    fields and the numbers of the objects they refer to (the same in documents laid out alike)."""
    write: Callable[[Any, pdfdoc.PDFDocument], bytes] = type(obj).format

    def format_kept(document: pdfdoc.PDFDocument) -> bytes:
        if not isinstance(document.encrypt, pdfdoc.NoEncryption):  # encrypted streams differ per document
            return write(obj, document)
        key = (fields, tuple(document.idToObjectNumberAndVersion[name] for name in refers_to))
        data = _formatted.used(key)
        if data is None:
            data = write(obj, document)
            _formatted.keep(key, data)
        return data

    obj.format = format_kept  # the instance's own: reportlab calls element.format(document)


class _Formatted(pdfdoc.PDFObject):
    """A PDF value written once: what reportlab's own object wrote, kept as bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return self.data


_make_character_map: Callable[[str, Sequence[int]], str] = ttfonts.makeToUnicodeCMap


@lru_cache(maxsize=2 * SUBSETS_KEPT)
def _character_map_of(fontname: str, subset: tuple[int, ...]) -> str:
    return _make_character_map(fontname, subset)


def _character_map(fontname: str, subset: Sequence[int]) -> str:
    """A subset's ToUnicode map, written once per subset name and glyph set: reportlab formats
    a line for each of its (up to 256) characters at every save, for a text that depends only on
    the two (and, the same text object each time, is hashed once where it is kept)."""
    return _character_map_of(fontname, tuple(subset))


@lru_cache(maxsize=2 * SUBSETS_KEPT)
def _widths(widths: tuple[int, ...]) -> _Formatted:
    """A subset's /Widths array, formatted once per glyph set: reportlab writes each of its
    (up to 256) numbers through its generic formatter, which was a tenth of an invoice's time,
    and the text depends only on the numbers."""
    return _Formatted(pdfdoc.PDFArray(widths).format(None))


class _SubsetFlate:
    """reportlab's FlateDecode filter for the embedded subsets and their ToUnicode maps,
    compressing each one once.

    The subset is the same bytes object for every document that uses the same glyphs (above),
    and compressing it (tens of kilobytes) was a tenth of an invoice's time; the subset's
    character map is the same text for the same glyphs. zlib gives the same output for the same
    input, so each stream is the one the document had before."""

    pdfname = "FlateDecode"

    @staticmethod
    @lru_cache(maxsize=4 * SUBSETS_KEPT)
    def encode(data: bytes | str) -> bytes:
        # reportlab's own filter writes a text stream (the character map) as UTF-8.
        return zlib.compress(data.encode("utf8") if isinstance(data, str) else data)

    @staticmethod
    def decode(encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_SUBSET_FLATE = _SubsetFlate()

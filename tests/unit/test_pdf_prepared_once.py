"""What every document shares is prepared once per process: the embedded font subsets and the
school's logo. The output must not change for it: the same document renders the same bytes."""

from __future__ import annotations

import base64
import dataclasses
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.adapters.pdf.fonts import BOLD, REGULAR, subset_cache_info
from oncopos.domain.invoice import Business, InvoiceDocument
from oncopos.services.invoice_documents import sample_document


@contextmanager
def table_work() -> Iterator[list[str]]:
    """The tables reportlab sizes ("calc") and draws ("draw") inside the block, in order."""
    from reportlab.platypus import Table

    calls: list[str] = []
    calc, draw = Table._calc, Table.draw

    def counted_calc(self: Table, *args: float) -> None:
        calls.append("calc")
        calc(self, *args)

    def counted_draw(self: Table) -> None:
        calls.append("draw")
        draw(self)

    Table._calc, Table.draw = counted_calc, counted_draw  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        Table._calc, Table.draw = calc, draw  # type: ignore[method-assign]

BUSINESS = Business("OncoOne Education", "100 King Street West, Toronto ON  M5X 1A9", "+1 416-555-0100",
                    "accounts@oncoone.example", "123456789RT0001", "1234567890TQ0001")


def _document(business: Business = BUSINESS) -> InvoiceDocument:
    return sample_document(business, "QC", language="fr", issued_at=datetime(2026, 11, 26, 15, tzinfo=UTC),
                           tz=ZoneInfo("America/Toronto"))


def _logo() -> str:
    image = Image.new("RGBA", (120, 60), (21, 89, 179, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_a_second_invoice_reuses_the_font_subsets_and_renders_the_same_bytes() -> None:
    renderer, doc = ReportLabRenderer(), _document()
    first = renderer.invoice(doc)
    before = {name: subset_cache_info(name) for name in (REGULAR, BOLD)}
    assert renderer.invoice(doc) == first
    for name in (REGULAR, BOLD):
        after = subset_cache_info(name)
        assert after.hits > before[name].hits, name
        assert after.misses == before[name].misses, name


def test_a_different_name_gets_its_own_subset() -> None:
    renderer = ReportLabRenderer()
    renderer.invoice(_document())
    before = subset_cache_info(BOLD).misses
    unusual = dataclasses.replace(BUSINESS, name="École Ольга Nguyễn")
    pdf = renderer.invoice(_document(unusual))
    assert subset_cache_info(BOLD).misses == before + 1
    assert pdf.startswith(b"%PDF")


def test_the_logo_is_decoded_once_and_the_documents_stay_the_same() -> None:
    from oncopos.adapters.pdf.logo import _logo_image

    doc = _document(dataclasses.replace(BUSINESS, logo_base64=_logo()))
    renderer = ReportLabRenderer()
    first_invoice, first_receipt = renderer.invoice(doc), renderer.receipt(doc)
    decoded = _logo_image.cache_info().misses
    assert renderer.invoice(doc) == first_invoice
    assert renderer.receipt(doc) == first_receipt
    assert _logo_image.cache_info().misses == decoded
    assert b"/Subtype /Image" in first_invoice


def test_a_second_invoice_parses_no_paragraph_and_compresses_no_subset_anew() -> None:
    from oncopos.adapters.pdf.fonts import _SubsetFlate
    from oncopos.adapters.pdf.paragraphs import _parsed

    renderer, doc = ReportLabRenderer(), _document()
    first = renderer.invoice(doc)
    parsed, compressed = _parsed.cache_info(), _SubsetFlate.encode.cache_info()
    assert renderer.invoice(doc) == first
    assert _parsed.cache_info().misses == parsed.misses
    assert _parsed.cache_info().hits > parsed.hits
    # Nothing compressed anew: the subsets' streams are the bytes written for the first invoice.
    assert _SubsetFlate.encode.cache_info().misses == compressed.misses


def test_reportlab_runs_on_its_c_helpers() -> None:
    # rl_accel is a dependency: without it reportlab falls back to Python and every document
    # costs more (the number formatting and text widths of every page), silently.
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"


def test_a_second_invoice_writes_no_font_widths_and_compresses_no_character_map_anew() -> None:
    from oncopos.adapters.pdf import fonts
    from oncopos.adapters.pdf.fonts import _SubsetFlate, _widths

    renderer, doc = ReportLabRenderer(), _document()
    first = renderer.invoice(doc)
    widths, compressed = _widths.cache_info(), _SubsetFlate.encode.cache_info()
    written = dict(fonts._formatted)
    assert renderer.invoice(doc) == first
    assert fonts._formatted == written  # each subset's font, descriptor, map and stream as written before
    fonts._formatted.clear()
    assert renderer.invoice(doc) == first  # and as reportlab writes them
    assert _widths.cache_info().misses == widths.misses
    assert _widths.cache_info().hits >= widths.hits + 2  # the regular and the bold subset
    assert _SubsetFlate.encode.cache_info().misses == compressed.misses  # each subset and its character map
    assert b"/ToUnicode" in first and b"/Widths" in first


def test_paragraphs_of_the_same_text_and_style_share_their_lines_and_draw_the_same() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from oncopos.adapters.pdf.paragraphs import _broken, paragraph

    style = ParagraphStyle("shared-lines-test", fontName=REGULAR, fontSize=9, leading=12)
    text = "Paiement exigible à l’inscription ; « tout solde » est exigible avant le premier jour du cours."
    first, second = paragraph(text, style), paragraph(text, style)
    before = _broken.cache_info()
    assert first.wrap(120, 1000) == second.wrap(120, 1000)
    assert _broken.cache_info().misses == before.misses + 1 and _broken.cache_info().hits == before.hits + 1
    assert len(first.blPara.lines) > 1  # broken over several lines at this width
    assert first.wrap(300, 1000)[1] < first.wrap(120, 1000)[1]  # another width, other lines
    # Mixed fragments (a line break, bold) share their lines too.
    assert _broken("un<br/>deux <b>trois</b>", style, 120) is not None
    mixed = paragraph("un<br/>deux <b>trois</b>", style)
    assert mixed.wrap(120, 1000) == (120, 24)


def test_a_paragraph_split_over_two_pages_leaves_the_shared_lines_as_they_were() -> None:
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from oncopos.adapters.pdf.fonts import register_fonts
    from oncopos.adapters.pdf.paragraphs import paragraph

    register_fonts()
    style = ParagraphStyle("split-test", fontName=REGULAR, fontSize=9, leading=12)
    markup = "<br/>".join(f"Ligne {i} : « remboursé » à l’étudiant·e, <b>{i} $</b>" for i in range(40))

    def render(make: type[Paragraph] | None) -> bytes:
        out = io.BytesIO()
        flowable = Paragraph(markup, style) if make else paragraph(markup, style)
        SimpleDocTemplate(out, pagesize=A6, invariant=1).build([flowable])
        return out.getvalue()

    plain = render(Paragraph)
    assert plain.count(b"/Type /Page\n") >= 2  # the paragraph is split
    assert render(None) == plain
    assert render(None) == plain  # the second takes the lines the first shared, unedited


def test_a_paragraph_drawn_again_in_the_same_setting_writes_what_reportlab_wrote() -> None:
    from oncopos.adapters.pdf import drawn

    renderer, doc = ReportLabRenderer(), _document()
    first = renderer.invoice(doc)
    kept = drawn.drawings_kept()
    assert kept > 0
    assert renderer.invoice(doc) == first
    assert drawn.drawings_kept() == kept  # every paragraph and string drawn from what was kept
    # Other accents first give "é" another code in the document: the kept drawings of « Émilie
    # Bérubé-Lévesque »'s invoice must not leak into this one, which renders as it does cold.
    other = dataclasses.replace(doc, number="DESK1-000777",
                                buyer=dataclasses.replace(doc.buyer, name="Zoë Ñúñez-Çelik", student_number="S9"))
    warm = renderer.invoice(other)
    drawn.forget()
    assert renderer.invoice(other) == warm


def test_a_receipt_drawn_from_kept_strings_is_the_receipt_reportlab_draws() -> None:
    from oncopos.adapters.pdf import drawn

    renderer, doc = ReportLabRenderer(), _document()
    drawn.forget()
    cold = renderer.receipt(doc)
    kept = drawn.drawings_kept()
    assert kept > 10  # the school's lines, the labels and the amounts (left and right)
    assert renderer.receipt(doc) == cold
    assert drawn.drawings_kept() == kept
    other = dataclasses.replace(doc, buyer=dataclasses.replace(doc.buyer, name="Ægir Øster-Ünal"))
    warm = renderer.receipt(other)
    drawn.forget()
    assert renderer.receipt(other) == warm


def test_a_kept_drawing_asks_the_document_for_what_its_drawing_asked() -> None:
    # A colour with an alpha makes reportlab ask for transparency (a PDF 1.4 document); a drawing
    # written again from what was kept asks for it again, where a colour without one does not.
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from oncopos.adapters.pdf import drawn
    from oncopos.adapters.pdf.fonts import register_fonts
    from oncopos.adapters.pdf.paragraphs import paragraph

    register_fonts()
    plain = ParagraphStyle("no-alpha-test", fontName=REGULAR, fontSize=9, leading=12, textColor=(0.1, 0.1, 0.1))
    inked = ParagraphStyle("alpha-test", parent=plain, textColor=HexColor("#1b1f24"))

    def render() -> bytes:
        out = io.BytesIO()
        SimpleDocTemplate(out, invariant=1).build([paragraph("Premier", plain), paragraph("Second", inked)])
        return out.getvalue()

    drawn.forget()
    cold = render()
    assert cold.startswith(b"%PDF-1.4")
    assert render() == cold  # the second paragraph written again, asking for transparency again


def test_the_drawn_mark_is_written_again_as_reportlab_drew_it() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from oncopos.adapters.pdf import drawn
    from oncopos.adapters.pdf.logo import draw_logo

    def page() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        draw_logo(canvas, 40, 700, 28)
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    drawn.forget()
    cold = page()
    assert drawn.drawings_kept() == 1
    assert page() == cold
    assert drawn.drawings_kept() == 1


def test_a_table_that_fitted_is_sized_once_and_a_shorter_room_sizes_it_anew() -> None:
    from reportlab.platypus import Table

    from oncopos.adapters.pdf.tables import SizedTable

    rows = [[f"Ligne {i}", f"{i},00 $"] for i in range(30)]
    sized, plain = SizedTable(rows, colWidths=[200, 80]), Table(rows, colWidths=[200, 80])
    calls = []
    original = Table._calc

    def counted(self: Table, *args: float) -> None:
        calls.append(args)
        original(self, *args)

    Table._calc = counted  # type: ignore[method-assign]
    try:
        full = sized.wrap(300, 10_000)
        assert sized.wrap(300, full[1]) == full and len(calls) == 1  # the same sizes, not measured again
        assert sized.wrap(300, 100) == plain.wrap(300, 100)  # too short: measured again, as reportlab does
        assert sized._rowHeights == plain._rowHeights and len(calls) == 3
    finally:
        Table._calc = original  # type: ignore[method-assign]


def test_a_second_invoice_sizes_and_draws_no_table_and_renders_the_same_bytes() -> None:

    from oncopos.adapters.pdf import drawn, tables

    renderer, doc = ReportLabRenderer(), _document()
    first = renderer.invoice(doc)
    with table_work() as calls:
        assert renderer.invoice(doc) == first
        assert calls == []  # every table sized and drawn from what the first invoice's tables kept
        # Another student: the parties' table is sized and drawn as the first one's shape (its own
        # name and number in it), the others are sized as kept; a table is drawn again where the
        # name gave a letter of it another code.
        other = dataclasses.replace(doc, number="DESK1-000778",
                                    buyer=dataclasses.replace(doc.buyer, name="Jean Tremblay", student_number="S8"))
        warm = renderer.invoice(other)
        assert calls.count("calc") == 0 and 1 <= calls.count("draw") < 5
    drawn.forget()
    tables._sizes.clear()
    assert renderer.invoice(other) == warm  # as reportlab draws it cold
    assert renderer.invoice(doc) == first


def test_a_kept_drawing_gives_the_characters_it_coded_first_the_same_codes() -> None:
    # « Ñúñez » brings ñ and ú first in the parties' table: written again in a document where
    # they have no code yet, the drawing must code them as reportlab did, in the same order,
    # or every later drawing of them (and the embedded subset) would differ.
    from oncopos.adapters.pdf import drawn, tables

    renderer, doc = ReportLabRenderer(), _document()
    names = ("Ñúñez Çelik", "Zoë Nguyễn", "Ñúñez Çelik", "Émilie Bérubé-Lévesque", "Zoë Nguyễn")
    docs = [dataclasses.replace(doc, buyer=dataclasses.replace(doc.buyer, name=name)) for name in names]
    warm = [renderer.invoice(d) for d in docs]
    cold = []
    for d in docs:
        drawn.forget()
        tables._sizes.clear()
        cold.append(renderer.invoice(d))
    assert warm == cold
    assert warm[0] == warm[2] and warm[1] == warm[4]


def test_a_kept_table_split_over_two_pages_renders_as_reportlab_splits_it() -> None:
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Table

    from oncopos.adapters.pdf.fonts import register_fonts
    from oncopos.adapters.pdf.paragraphs import paragraph
    from oncopos.adapters.pdf.tables import KeptTable

    register_fonts()
    style = ParagraphStyle("kept-table-test", fontName=REGULAR, fontSize=9, leading=12)
    commands = [("LINEBELOW", (0, 0), (-1, -1), 0.4, (0.5, 0.5, 0.5)), ("VALIGN", (0, 0), (-1, -1), "TOP")]

    def render(make: type[Table]) -> bytes:
        rows = [[paragraph(f"Ligne {i} « remboursé » à l’étudiant·e", style), f"{i},00 $"] for i in range(40)]
        table = make(rows, colWidths=[180, 60], repeatRows=1)
        table.setStyle(commands)
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A6, invariant=1).build([table, make([["Total", "820,00 $"]])])
        return out.getvalue()

    plain = render(Table)
    assert plain.count(b"/Type /Page\n") >= 2  # the table is split
    assert render(KeptTable) == plain
    assert render(KeptTable) == plain  # its parts drawn by reportlab, the small table from what was kept


def test_a_second_invoice_draws_no_string_and_no_paragraph_through_reportlab() -> None:
    # The school's name and address are each face's first use in a document: written again, the
    # drawing names the face after the fonts the document had, as reportlab named it.
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from oncopos.adapters.pdf import drawn, tables

    renderer, doc = ReportLabRenderer(), _document()
    drawn.forget()
    tables._sizes.clear()
    cold = renderer.invoice(doc)
    calls: list[str] = []
    draw_string, draw_para = Canvas.drawString, Paragraph.drawPara

    def counted_string(self: Canvas, *args: object, **kwargs: object) -> None:
        calls.append("string")
        draw_string(self, *args, **kwargs)  # type: ignore[arg-type]

    def counted_para(self: Paragraph, *args: object) -> None:
        calls.append("paragraph")
        draw_para(self, *args)  # type: ignore[arg-type]

    Canvas.drawString, Paragraph.drawPara = counted_string, counted_para  # type: ignore[method-assign,assignment]
    try:
        assert renderer.invoice(doc) == cold
    finally:
        Canvas.drawString, Paragraph.drawPara = draw_string, draw_para  # type: ignore[method-assign]
    assert calls == []


def test_past_the_bound_the_labels_every_invoice_draws_stay_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # A busy day renders more documents than the kept drawings and sizes hold: what each student
    # brings is used once and goes, the labels every invoice uses are still written again.
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from oncopos.adapters.pdf import drawn, tables

    renderer, doc = ReportLabRenderer(), _document()
    drawn.forget()
    tables._sizes.clear()
    renderer.invoice(doc)

    def student(i: int) -> InvoiceDocument:
        return dataclasses.replace(doc, number=f"DESK1-{i:06d}",
                                   buyer=dataclasses.replace(doc.buyer, name=f"Étudiant {i}", student_number=f"S{i}"))

    calls: list[str] = []
    draw_string, draw_para, draw_table = Canvas.drawString, Paragraph.drawPara, Table.draw

    def counted_string(self: Canvas, *args: object, **kwargs: object) -> None:
        calls.append("string")
        draw_string(self, *args, **kwargs)  # type: ignore[arg-type]

    def counted_para(self: Paragraph, *args: object) -> None:
        calls.append("paragraph")
        draw_para(self, *args)  # type: ignore[arg-type]

    def counted_table(self: Table) -> None:
        calls.append("table")
        draw_table(self)

    def drawn_for(document: InvoiceDocument) -> list[str]:
        calls.clear()
        renderer.invoice(document)
        return sorted(calls)

    # Room for what one invoice keeps and a few students more.
    monkeypatch.setattr(drawn._drawn, "bound", drawn.drawings_kept() + 8)
    monkeypatch.setattr(tables._sizes, "bound", len(tables._sizes) + 4)
    monkeypatch.setattr(Canvas, "drawString", counted_string)
    monkeypatch.setattr(Paragraph, "drawPara", counted_para)
    monkeypatch.setattr(Table, "draw", counted_table)
    renderer.invoice(student(1))  # the first student also keeps what every student's invoice shares
    # A new student's name and number are written as the first student's were, in their table's
    # shape: nothing of theirs is drawn through reportlab.
    steady = drawn_for(student(2))
    assert steady == []
    for i in range(3, 40):  # far past the bound
        assert drawn_for(student(i)) == steady
    assert drawn.drawings_kept() <= drawn._drawn.bound and len(tables._sizes) <= tables._sizes.bound


def test_a_plain_text_is_made_the_fragment_reportlabs_parser_makes() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from oncopos.adapters.pdf.letter import STYLES
    from oncopos.adapters.pdf.paragraphs import _parse
    from oncopos.adapters.pdf.statement import BIG
    from oncopos.adapters.pdf.tuition_slip import LABEL_RIGHT

    texts = ["Émilie Bérubé-Lévesque 12", "S1000400", "DESK1-001234", "Ольга Петрова", "Zoë Nguyễn", "  a  b  ",
             "1 234,56\u00a0$", "Line one\n  line two\n\n", "« Abandon du cours » ; ok ! ? 'x' \"y\"", "x", "%s %d {}",
             "Ægir Øster-Ünal\u2019s", "a\tb", "", "<b>bold</b>", "Tom &amp; Jerry", "R&D", "a<br/>b"]
    shouty = ParagraphStyle("shouty", parent=STYLES["base"], textTransform="uppercase")
    for style in (*STYLES.values(), BIG, LABEL_RIGHT, shouty):
        for markup in texts:
            text, parsed_style, frags = _parse(markup, style)
            model = Paragraph(markup, style)
            assert text == model.text and parsed_style is model.style, (markup, style.name)
            assert [(type(f), f.__dict__) for f in frags] == [(type(f), f.__dict__) for f in model.frags], (markup, style.name)


def test_a_text_on_one_line_is_sized_as_reportlabs_line_breaking_sizes_it() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from oncopos.adapters.pdf.letter import STYLES
    from oncopos.adapters.pdf.paragraphs import _made, _one_line
    from oncopos.adapters.pdf.statement import BIG
    from oncopos.adapters.pdf.tuition_slip import LABEL_RIGHT

    ReportLabRenderer().invoice(_document())  # the fonts registered
    texts = ["Émilie Bérubé-Lévesque", "S1000400", "N° d’élève S12345", "Ольга Петрова", "Zoë Nguyễn", "  a   b  ",
             "1 234,56\u00a0$", "x\u00a0y z", "Ægir Øster-Ünal Ñúñez Çelik, a name long enough to take two lines or more",
             "w" * 80, "a\tb", "soft\u00adhyphen", "", "<b>bold</b> and plain"]
    shrinking = ParagraphStyle("shrinking", parent=STYLES["base"], spaceShrinkage=0.3)
    indented = ParagraphStyle("indented", parent=STYLES["base"], leftIndent=4, firstLineIndent=7, rightIndent=3)
    taken = 0
    for style in (*STYLES.values(), BIG, LABEL_RIGHT, shrinking, indented):
        for markup in texts:
            for width in (10.0, 48.5, 120.0, 400.0):
                ours, theirs = _made(markup, style), _made(markup, style)
                for made in (ours, theirs):
                    made._source = None
                    made.frags = [f.clone() for f in made.frags]
                size = _one_line(ours, width)
                if size is None:
                    assert "blPara" not in ours.__dict__
                    continue
                taken += 1
                assert size == Paragraph.wrap(theirs, width, 0x7FFFFFFF), (markup, style.name, width)
                mine, reportlabs = ours.__dict__, theirs.__dict__
                assert mine.keys() == reportlabs.keys()
                for key, value in mine.items():
                    if key == "blPara":
                        assert value.__dict__ == reportlabs[key].__dict__, (markup, style.name, width)
                    elif key == "frags":
                        assert [f.__dict__ for f in value] == [f.__dict__ for f in reportlabs[key]]
                    else:
                        assert (type(value), value) == (type(reportlabs[key]), reportlabs[key]), (key, markup, width)
    assert taken > 100


def test_tables_kept_together_take_no_copy_of_the_frame_and_lay_out_as_reportlab_does() -> None:
    # Blocks that fit, one pushed to the next page, one taller than a page: as KeepTogether.
    import copy

    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import CondPageBreak, KeepTogether, SimpleDocTemplate, Spacer
    from reportlab.platypus import flowables as reportlab_flowables

    from oncopos.adapters.pdf.fonts import register_fonts
    from oncopos.adapters.pdf.paragraphs import paragraph
    from oncopos.adapters.pdf.tables import KeptTable, TablesKeptTogether

    register_fonts()
    style = ParagraphStyle("kept-together-test", fontName=REGULAR, fontSize=9, leading=12)

    def render(together: type[KeepTogether]) -> bytes:
        story: list[Any] = []
        for rows in (3, 6, 9, 30, 2):
            table = KeptTable([[paragraph(f"Ligne {i} « remboursé »", style), f"{i},00 $"] for i in range(rows)],
                              colWidths=[180, 60])
            story += [together([paragraph(f"Bloc de {rows}", style), table]), Spacer(1, 6)]
        story.append(together([CondPageBreak(400), paragraph("Après un saut", style)]))  # adds to the frame
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A6, invariant=1).build(story)
        return out.getvalue()

    copies: list[object] = []
    deepcopy = copy.deepcopy

    def counted(value: Any, *args: Any) -> Any:
        copies.append(value)
        return deepcopy(value, *args)

    reportlab_flowables.deepcopy = counted  # type: ignore[attr-defined]
    try:
        plain = render(KeepTogether)
        assert len(copies) == 6  # reportlab measures each block in a copy of the frame
        copies.clear()
        assert render(TablesKeptTogether) == plain
    finally:
        reportlab_flowables.deepcopy = deepcopy  # type: ignore[attr-defined]
    assert len(copies) == 1  # only the block with a conditional break measured in a copy of the frame
    assert plain.count(b"/Type /Page\n") >= 3


def test_another_students_invoice_draws_no_table_string_or_paragraph_through_reportlab() -> None:
    # A new name and number are new texts on one line: written as reportlab wrote the earlier
    # student's in the same style, around the parties' table of the same shape.
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from oncopos.adapters.pdf import drawn, tables

    renderer, doc = ReportLabRenderer(), _document()
    students = [dataclasses.replace(doc, number=f"DESK1-00{n}", buyer=dataclasses.replace(
        doc.buyer, name=name, student_number=f"S{n}")) for n, name in ((7781, "Jean Tremblay"), (7782, "Kwame Mensah"))]
    renderer.invoice(students[0])
    calls: list[str] = []
    originals = Canvas.drawString, Canvas.drawRightString, Paragraph.drawPara, Table._calc, Table.draw

    def counted(name: str, method: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return method(*args, **kwargs)
        return call

    Canvas.drawString, Canvas.drawRightString = counted("string", originals[0]), counted("string", originals[1])
    Paragraph.drawPara, Table._calc, Table.draw = (counted("paragraph", originals[2]), counted("calc", originals[3]),
                                                   counted("draw", originals[4]))
    try:
        warm = renderer.invoice(students[1])
    finally:
        Canvas.drawString, Canvas.drawRightString, Paragraph.drawPara, Table._calc, Table.draw = originals
    assert calls == []
    drawn.forget()
    tables._sizes.clear()
    assert renderer.invoice(students[1]) == warm  # as reportlab draws it cold


def test_a_table_of_the_same_shape_is_sized_and_drawn_around_its_own_paragraphs() -> None:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Table

    from oncopos.adapters.pdf import drawn, tables
    from oncopos.adapters.pdf.fonts import register_fonts
    from oncopos.adapters.pdf.paragraphs import paragraph
    from oncopos.adapters.pdf.tables import KeptTable

    register_fonts()
    base = ParagraphStyle("shape-test", fontName=REGULAR, fontSize=9, leading=12)
    bold = ParagraphStyle("shape-test-bold", parent=base, fontName=BOLD, textColor=(0.2, 0.3, 0.4))

    def render(make: type[Table], names: list[str]) -> bytes:
        story = []
        for name in names:  # each table the same shape: one line each, in the same styles
            table = make([[[paragraph("FACTURÉ À", bold), paragraph(name, bold), paragraph(f"N° {name[-2:]}", base)],
                           [paragraph("Québec", base)], "Lieu"]], colWidths=[220, 140, 100])
            table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("LINEBELOW", (0, 0), (-1, -1), 0.4, (0.5, 0.5, 0.5))])
            story.append(table)
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=LETTER, invariant=1).build(story)
        return out.getvalue()

    first = ["Jean Tremblay 11", "Zoë Nguyễn 12", "Ольга Петрова 13"]
    drawn.forget()
    tables._sizes.clear()
    assert render(KeptTable, first) == render(Table, first)
    then = ["Kwame Mensah 21", "Bjørn Østergaard 22", "Анна Смирнова 23"]
    with table_work() as calls:
        warm = render(KeptTable, then)
    assert calls == []  # sized and drawn from the first tables' shape, each name its own
    assert warm == render(Table, then)

"""The full invoice and credit note on Letter paper (A4 prints it without clipping: the margins
leave room for both).

Deterministic by construction: reportlab's invariant mode (no random document id, no build
time), the creation date taken from the record, and nothing read from the clock or the machine.
The same document therefore renders the same bytes on every desk, which `pdf_for` relies on to
rebuild a lost file and prove it matches the recorded SHA-256.
"""

from __future__ import annotations

import io
from datetime import UTC
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from oncopos.adapters.pdf.drawn import draw_string
from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts
from oncopos.adapters.pdf.labels import Labels
from oncopos.adapters.pdf.logo import BLUE, INK, draw_business_logo
from oncopos.adapters.pdf.paragraphs import paragraph
from oncopos.adapters.pdf.tables import KeptTable, TablesKeptTogether
from oncopos.domain.invoice import InvoiceDocument

GREY = colors.HexColor("#5b6470")
RULE = colors.HexColor("#c9d1db")
SHADE = colors.HexColor("#eef3fa")
MARGIN = 18 * mm
# The narrower of Letter and A4, so one layout fits both papers.
WIDTH = min(LETTER[0], A4[0]) - 2 * MARGIN


def _styles() -> dict[str, ParagraphStyle]:
    # Built once (STYLES below): styles only name the fonts, and Paragraph never changes its style.
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9, leading=12, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8, textColor=GREY),
        "headright": ParagraphStyle("headright", parent=base, fontName=BOLD, fontSize=8, textColor=GREY, alignment=TA_RIGHT),
        "smallright": ParagraphStyle("smallright", parent=base, fontSize=7.5, leading=9.5, textColor=GREY, alignment=TA_RIGHT),
        "section": ParagraphStyle("section", parent=base, fontName=BOLD, fontSize=10, spaceBefore=8, spaceAfter=3),
    }


STYLES = _styles()


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return paragraph(escape(text).replace("\n", "<br/>"), style)


def render_letter(doc: InvoiceDocument) -> bytes:
    register_fonts()
    t = Labels(doc.language, schema=doc.schema)
    s = STYLES
    out = io.BytesIO()
    title = f"{t[doc.kind]} {doc.number}"
    pdf = SimpleDocTemplate(
        out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=50 * mm, bottomMargin=20 * mm,
        invariant=1, title=title, author=doc.business.name, subject=title, creator="OncoPOS",
        lang=t.locale,
    )
    story: list[Any] = []
    story += _parties(doc, t, s)
    story += _lines(doc, t, s)
    story += _totals(doc, t, s)
    if doc.terms:
        story += [Spacer(1, 6 * mm), _p(f"{t['terms']}{t.colon()} {doc.terms}", s["small"])]

    def page(canvas: Any, template: Any) -> None:
        stamp_creation_date(canvas, doc)
        _header(canvas, doc, t)
        _footer(canvas, doc, t, template.page)

    pdf.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def stamp_creation_date(canvas: Any, doc: InvoiceDocument) -> None:
    # Invariant mode would print 2000-01-01; the document's own issue time is both true and stable.
    at = doc.issued_at.astimezone(UTC)
    stamp = f"D:{at:%Y%m%d%H%M%S}+00'00'"
    canvas.setDateFormatter(lambda *_: stamp)


def _header(canvas: Any, doc: InvoiceDocument, t: Labels) -> None:
    b = doc.business
    width, height = LETTER
    top = height - MARGIN
    draw_business_logo(canvas, b.logo_base64, MARGIN, top - 14 * mm, 14 * mm)
    x = MARGIN + 18 * mm
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 14)
    draw_string(canvas, x, top - 5 * mm, b.name)
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(GREY)
    lines = [*simpleSplit(b.address, REGULAR, 8.5, 85 * mm), f"{b.phone}  ·  {b.email}"]
    for i, line in enumerate(lines):
        draw_string(canvas, x, top - 10 * mm - i * 10.5, line)

    right = width - MARGIN
    canvas.setFillColor(BLUE)
    title, size = t[doc.kind].upper(), 18
    # A bilingual title ("NOTE DE CRÉDIT / CREDIT NOTE") is set smaller rather than over the school's name.
    room = right - x - canvas.stringWidth(b.name, BOLD, 14) - 6 * mm
    while size > 11 and canvas.stringWidth(title, BOLD, size) > room:
        size -= 1
    canvas.setFont(BOLD, size)
    draw_string(canvas, right, top - 6 * mm, title, right=True)
    canvas.setFillColor(INK)
    rows = [(t["number"], doc.number), (t["date"], t.date(doc.issue_date))]
    if b.gst_hst_number:
        rows.append((t["gst_no"], b.gst_hst_number))
    if doc.quebec and b.qst_number:
        rows.append((t["qst_no"], b.qst_number))
    for i, (label, value) in enumerate(rows):
        y = top - 12 * mm - i * 11
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(GREY)
        draw_string(canvas, right - 42 * mm, y, label, right=True)
        canvas.setFont(BOLD, 8.5)
        canvas.setFillColor(INK)
        draw_string(canvas, right, y, value, right=True)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, height - 44 * mm, right, height - 44 * mm)


def _footer(canvas: Any, doc: InvoiceDocument, t: Labels, page: int) -> None:
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(GREY)
    draw_string(canvas, MARGIN, 12 * mm, f"{doc.business.name} \u00b7 {t[doc.kind]} {doc.number}")
    draw_string(canvas, LETTER[0] - MARGIN, 12 * mm, f"{t['page']} {page}", right=True)


def _parties(doc: InvoiceDocument, t: Labels, s: dict[str, ParagraphStyle]) -> list[Any]:
    buyer = doc.buyer
    left: list[Flowable] = [_p(t["bill_to"].upper(), s["head"]), _p(buyer.name, s["bold"])]
    left += [_p(line, s["base"]) for line in buyer.address_lines]
    left.append(_p(buyer.email, s["base"]))
    if buyer.student_number:
        left.append(_p(f"{t['student_no']} {buyer.student_number}", s["small"]))
    right: list[Flowable] = [_p(t["place"].upper(), s["head"]), _p(t.province(doc.province), s["base"])]
    if doc.kind == "credit_note":
        right.append(Spacer(1, 3 * mm))
        if doc.original_number:
            dated = f" {t.dated(doc.original_date)}" if doc.original_date else ""
            right += [_p(t["original"].upper(), s["head"]), _p(f"{doc.original_number}{dated}", s["bold"])]
        if doc.reason:
            right += [Spacer(1, 2 * mm), _p(t["reason"].upper(), s["head"]), _p(doc.reason, s["base"])]
    table = KeptTable([[left, right]], colWidths=[WIDTH * 0.55, WIDTH * 0.45])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    result: list[Any] = [table, Spacer(1, 6 * mm)]
    if doc.kind == "credit_note":
        result += [_p(t["credit_intro"], s["base"]), Spacer(1, 3 * mm)]
    return result


def _lines(doc: InvoiceDocument, t: Labels, s: dict[str, ParagraphStyle]) -> list[Any]:
    rows: list[list[Any]] = [[_p(t["description"], s["head"]), _p(t["treatment"], s["head"]), _p(t["amount"], s["headright"])]]
    for line in doc.lines:
        cell = [_p(line.description, s["bold"])]
        if line.detail:
            cell.append(_p(line.detail, s["base"]))
        if line.basis and line.treatment != "taxable":
            cell.append(_p(line.basis, s["small"]))
        part = t.line_part(line, doc.kind)
        if part:  # a document for several enrollments: each line's own part and its tax
            cell.append(_p(part, s["small"]))
        rows.append([cell, _p(t.treatment(line.treatment), s["base"]), _p(t.money(line.amount_cents), s["right"])])
    table = KeptTable(rows, colWidths=[WIDTH * 0.62, WIDTH * 0.18, WIDTH * 0.20], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def _amounts(
    rows: list[tuple[str, str, bool]], s: dict[str, ParagraphStyle], shade_last: bool = True, heading: str | None = None,
    *, wide: bool = False,
) -> Table:
    data: list[list[Paragraph | str]] = [[_p(label, s["bold"] if strong else s["base"]), _p(value, s["right"])]
                                         for label, value, strong in rows]
    # reportlab's commands are tuples of mixed shapes ("SPAN" has no value, "LINEABOVE" two).
    style: list[tuple[Any, ...]] = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if heading:
        data.insert(0, [_p(heading, s["section"]), ""])
        style.append(("SPAN", (0, 0), (-1, 0)))
    # A bilingual label is twice as long: the wider column keeps each one on a line or two.
    table = KeptTable(data, colWidths=[WIDTH * (0.50 if wide else 0.36), WIDTH * 0.16], hAlign="RIGHT")
    if shade_last:
        style += [("BACKGROUND", (0, -1), (-1, -1), SHADE), ("LINEABOVE", (0, -1), (-1, -1), 0.6, INK)]
    table.setStyle(TableStyle(style))
    return table


def _totals(doc: InvoiceDocument, t: Labels, s: dict[str, ParagraphStyle]) -> list[Any]:
    c, wide = t.colon(), len(t.languages) > 1
    if doc.kind == "credit_note":
        rows = [(t["credit_subtotal"], t.money(doc.subtotal_cents), False)]
        rows += [(t.tax_with(x, "tax_reversed"), t.money(x.amount_cents), False) for x in doc.taxes]
        rows.append((t["credit_total"], t.money(doc.total_cents), True))
        result: list[Any] = [TablesKeptTogether(_amounts(rows, s, wide=wide))]
        if doc.payment is not None:
            pay = doc.payment
            result += [Spacer(1, 3 * mm), _p(t.labelled("refunded_to", lambda lang: t.method(pay, lang)), s["right"])]
            if doc.payment.reference:
                result.append(_p(f"{t['reference']}{c} {doc.payment.reference}", s["smallright"]))
        return result

    whole = doc.subtotal_cents == doc.supply_subtotal_cents and doc.total_cents == doc.supply_total_cents
    supply = [(t["subtotal"], t.money(doc.supply_subtotal_cents), False)]
    supply += [(t.tax_label(x), t.money(x.amount_cents), False) for x in doc.supply_taxes]
    several = len(doc.lines) > 1 and any(line.part_cents is not None for line in doc.lines)
    supply.append((t["total"] if whole else t["enrollments_total" if several else "enrollment_total"],
                   t.money(doc.supply_total_cents), True))
    result = [TablesKeptTogether(_amounts(supply, s, wide=wide))]
    if not whole:
        part = [(t["this_subtotal"], t.money(doc.subtotal_cents), False)]
        part += [(t.tax_with(x, "tax_included"), t.money(x.amount_cents), False) for x in doc.taxes]
        part.append((t["this_total"], t.money(doc.total_cents), True))
        result += [Spacer(1, 4 * mm), TablesKeptTogether(_amounts(part, s, heading=t["this_invoice"], wide=wide))]
    if doc.payment is not None:
        pay = doc.payment
        paid_now = t.each(lambda lang: f"{t.word('paid_now', lang)} ({t.method(pay, lang)})")
        rows = [(paid_now, t.money(doc.total_cents), False)]
        if pay.rounding_cents:  # paid now + rounding = what the cash covered, tendered - that = change
            rows.append((t["cash_rounding"], t.signed(pay.rounding_cents), False))
        if pay.tendered_cents is not None:  # cash: the till's figures, under what they paid
            rows.append((t["cash_tendered"], t.money(pay.tendered_cents), False))
            rows.append((t["change_given"], t.money(pay.change_cents or 0), False))
        rows.append((t["paid_before"], t.money(pay.paid_before_cents), False))
        rows.append((t["balance"], t.money(pay.balance_after_cents), True))
        result += [Spacer(1, 3 * mm), TablesKeptTogether(_amounts(rows, s, wide=wide))]
        if pay.reference:
            result.append(_p(f"{t['reference']}{c} {pay.reference}", s["smallright"]))
    return result

"""The 80 mm receipt for thermal printers: the invoice's facts in short form, on one strip.

Thermal printers feed paper as long as the page is, so the page is exactly as tall as its
content. Printable width on 80 mm paper is about 72 mm: everything stays inside that.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from oncopos.adapters.pdf.drawn import draw_string
from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts
from oncopos.adapters.pdf.labels import Labels
from oncopos.adapters.pdf.letter import stamp_creation_date
from oncopos.adapters.pdf.logo import draw_business_logo
from oncopos.domain.invoice import InvoiceDocument

PAPER = 80 * mm
SIDE = 4 * mm
TEXT = PAPER - 2 * SIDE
SIZE = 7.5

# One printed row: (left text, right text or None, bold, size). A None left text is a rule.
Row = tuple[str | None, str | None, bool, float]


def _rows(doc: InvoiceDocument, t: Labels) -> list[Row]:
    b, c = doc.business, t.colon()
    rows: list[Row] = [(b.name, None, True, 10)]
    rows += [(line, None, False, SIZE) for line in (b.address, b.phone, b.email)]
    if b.gst_hst_number:
        rows.append((f"{t['gst_no']}{c} {b.gst_hst_number}", None, False, SIZE))
    if doc.quebec and b.qst_number:
        rows.append((f"{t['qst_no']}{c} {b.qst_number}", None, False, SIZE))
    rows.append((None, None, False, SIZE))
    title = t["credit_note"] if doc.kind == "credit_note" else t["receipt"]
    rows.append((f"{title.upper()} {doc.number}", None, True, 9))
    rows.append((f"{t['date']}{c} {t.date(doc.issue_date)}", None, False, SIZE))
    if doc.kind == "credit_note" and doc.original_number:
        rows.append((f"{t['original']}{c} {doc.original_number}", None, False, SIZE))
    if doc.reason:
        rows.append((f"{t['reason']}{c} {doc.reason}", None, False, SIZE))
    rows.append((doc.buyer.name, None, True, SIZE))
    rows.append((None, None, False, SIZE))
    for line in doc.lines:
        rows.append((line.description, t.money(line.amount_cents), False, SIZE))
        if line.detail:
            rows.append((line.detail, None, False, 6.5))
        rows.append((t.treatment(line.treatment) + (f" \u2014 {line.basis}" if line.basis else ""), None, False, 6.5))
        part = t.line_part(line, doc.kind)
        if part:
            rows.append((part, None, False, 6.5))
    rows.append((None, None, False, SIZE))
    rows.append((t["this_subtotal"], t.money(doc.subtotal_cents), False, SIZE))
    rows += [(t.tax_with(x, "tax_reversed") if doc.kind == "credit_note" else t.tax_label(x), t.money(x.amount_cents),
              False, SIZE) for x in doc.taxes]
    total = t["credit_total"] if doc.kind == "credit_note" else t["this_total"]
    rows.append((total, t.money(doc.total_cents), True, 9))
    if doc.payment is not None:
        pay = doc.payment
        how = "refunded_to" if doc.kind == "credit_note" else "paid_by"
        rows.append((t.labelled(how, lambda lang: t.method(pay, lang)), None, False, SIZE))
        if pay.reference:
            rows.append((pay.reference, None, False, 6.5))
        if doc.kind == "invoice" and pay.rounding_cents:  # total + rounding = what the cash covered
            rows.append((t["cash_rounding"], t.signed(pay.rounding_cents), False, SIZE))
        if doc.kind == "invoice" and pay.tendered_cents is not None:  # cash: as the till gave it back
            rows.append((t["cash_tendered"], t.money(pay.tendered_cents), False, SIZE))
            rows.append((t["change_given"], t.money(pay.change_cents or 0), False, SIZE))
        if doc.kind == "invoice":
            rows.append((t["paid_before"], t.money(pay.paid_before_cents), False, SIZE))
            rows.append((t["balance"], t.money(pay.balance_after_cents), True, SIZE))
    rows.append((None, None, False, SIZE))
    rows.append((t["keep_credit" if doc.kind == "credit_note" else "keep"], None, False, 6.5))
    return rows


def _wrapped(rows: list[Row]) -> list[tuple[str | None, str | None, bool, float]]:
    """Rows split to the paper width; a right-hand amount stays on the row's first line."""
    out: list[tuple[str | None, str | None, bool, float]] = []
    for left, right, bold, size in rows:
        if left is None:
            out.append((None, None, bold, size))
            continue
        font = BOLD if bold else REGULAR
        room = TEXT - (24 * mm if right else 0)
        for i, piece in enumerate(simpleSplit(left, font, size, room) or [""]):
            out.append((piece, right if i == 0 else None, bold, size))
    return out


def render_receipt(doc: InvoiceDocument) -> bytes:
    register_fonts()
    t = Labels(doc.language, schema=doc.schema)
    rows = _wrapped(_rows(doc, t))
    logo = 10 * mm
    height = SIDE * 2 + logo + 3 * mm + sum(size + 2 for *_, size in rows)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAPER, height), invariant=1)
    canvas.setTitle(f"{t['receipt']} {doc.number}")
    canvas.setAuthor(doc.business.name)
    canvas.setCreator("OncoPOS")
    stamp_creation_date(canvas, doc)
    y = height - SIDE - logo
    draw_business_logo(canvas, doc.business.logo_base64, (PAPER - logo) / 2, y, logo)
    y -= 3 * mm
    for left, right, bold, size in rows:
        y -= size + 2
        if left is None:
            _rule(canvas, y + size / 2)
            continue
        canvas.setFont(BOLD if bold else REGULAR, size)
        draw_string(canvas, SIDE, y, left)
        if right:
            draw_string(canvas, PAPER - SIDE, y, right, right=True)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _rule(canvas: Any, y: float) -> None:
    canvas.setDash(1, 2)
    canvas.setLineWidth(0.5)
    canvas.line(SIDE, y, PAPER - SIDE, y)
    canvas.setDash()

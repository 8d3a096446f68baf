"""The end-of-day report on Letter paper, with bar charts of payments by hour and by method.

Same fonts, colours and mark as the invoices, and deterministic the same way (invariant mode, the
creation date taken from the report): the PDF stored at a close can be rebuilt from the frozen
data and proven identical by its SHA-256.
"""

from __future__ import annotations

import io
from datetime import UTC
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts
from oncopos.adapters.pdf.letter import GREY, MARGIN, RULE, SHADE, WIDTH
from oncopos.adapters.pdf.logo import AMBER, BLUE, INK, draw_logo
from oncopos.domain.end_of_day import CHANNEL_LABELS, CHANNELS, EndOfDayReport
from oncopos.domain.money import format_cents

BASE = ParagraphStyle("eod", fontName=REGULAR, fontSize=8.5, leading=11, textColor=INK)
SMALL = ParagraphStyle("eod-small", parent=BASE, fontSize=7.5, leading=9.5, textColor=GREY)
SECTION = ParagraphStyle("eod-section", parent=BASE, fontName=BOLD, fontSize=10, spaceBefore=7, spaceAfter=3)
# A text cell of a table, and its column's heading: wrapped inside the column's width, so a long staff
# name, desk or student takes a second line instead of running into the next column.
CELL = ParagraphStyle("eod-cell", parent=BASE, fontSize=8, leading=9.5)
HEAD = ParagraphStyle("eod-head", parent=BASE, fontName=BOLD, fontSize=7.5, leading=9, textColor=GREY)


def _p(text: str, style: ParagraphStyle = BASE) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(header: list[str], rows: list[list[str]], widths: list[float], *, total: bool = False,
           wrap: tuple[int, ...] = (0,)) -> Table:
    """A table whose `wrap` columns (text, left-aligned) wrap their cells; the others are figures."""

    def wrapped(cells: list[str], style: ParagraphStyle) -> list[Any]:
        return [Paragraph(escape(c), style) if i in wrap and c else c for i, c in enumerate(cells)]

    table = Table([wrapped(header, HEAD), *(wrapped(row, CELL) for row in rows)], colWidths=widths, repeatRows=1)
    style: list[Any] = [
        ("FONT", (0, 0), (-1, 0), BOLD, 7.5), ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
        ("FONT", (0, 1), (-1, -1), REGULAR, 8), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if total and rows:
        style += [("FONT", (0, -1), (-1, -1), BOLD, 8), ("LINEABOVE", (0, -1), (-1, -1), 0.5, RULE),
                  ("BACKGROUND", (0, -1), (-1, -1), SHADE)]
    table.setStyle(TableStyle(style))
    return table


def _dollars(value: Any) -> str:
    # Axis ticks come back from reportlab as numbers of cents; whole dollars read best on an axis.
    return f"${int(value) // 100:,}"


def hours_chart(report: EndOfDayReport) -> Drawing:
    tz = report.timezone_info
    hours = list(report.hours)
    drawing = Drawing(WIDTH, 150)
    drawing.add(String(0, 140, "Payments by hour", fontName=BOLD, fontSize=9, fillColor=INK))
    chart = VerticalBarChart()
    # The stubs say int; reportlab takes any number of points.
    chart.x, chart.y, chart.width, chart.height = 45, 25, WIDTH - 55, 105  # type: ignore[assignment]
    chart.data = [[h.amount_cents for h in hours] or [0]]
    chart.categoryAxis.categoryNames = [h.starts_at.astimezone(tz).strftime("%H") for h in hours] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = _dollars
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def methods_chart(report: EndOfDayReport) -> Drawing:
    totals = report.channel_totals()
    drawing = Drawing(WIDTH, 95)
    drawing.add(String(0, 85, "Payments by method", fontName=BOLD, fontSize=9, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 95, 15, WIDTH - 110, 62  # type: ignore[assignment]
    # Top to bottom in the order of CHANNELS: reportlab draws the first category at the bottom.
    chart.data = [[totals[c][1] for c in reversed(CHANNELS)]]
    chart.categoryAxis.categoryNames = [CHANNEL_LABELS[c] for c in reversed(CHANNELS)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = _dollars
    chart.bars[0].fillColor = AMBER
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _summary(r: EndOfDayReport) -> list[Any]:
    rows = [["Payments collected", str(r.payment_count), format_cents(r.collected_cents)],
            ["Refunds", str(r.refund_count), format_cents(-r.refunded_cents)],
            ["Net", "", format_cents(r.net_cents)]]
    story: list[Any] = [_table(["", "Count", "Amount"], rows, [WIDTH - 180, 60, 120], total=True)]
    story += [_p("Payments by method", SECTION)]
    rows = [[m.label, str(m.count), format_cents(m.amount_cents)] for m in r.methods]
    rows.append(["Total", str(r.payment_count), format_cents(r.collected_cents)])
    story.append(_table(["Method", "Count", "Amount"], rows, [WIDTH - 180, 60, 120], total=True))
    if r.drawers:
        story += [_p("Cash drawers", SECTION)]
        rows = [[d.workstation_id, format_cents(d.float_cents), format_cents(d.cash_sales_cents),
                 format_cents(d.cash_in_cents - d.paid_out_cents - d.cash_returned_cents),
                 format_cents(d.expected_cents),
                 format_cents(d.counted_cents) if d.counted_cents is not None else "open",
                 format_cents(d.difference_cents) if d.difference_cents else ""] for d in r.drawers]
        story.append(_table(["Desk", "Float", "Cash taken", "In - out", "Expected", "Counted", "Over/short"], rows,
                            [WIDTH - 420, 70, 70, 70, 70, 70, 70]))
        for d in r.drawers:
            if d.difference_cents:
                story.append(_p(f"{d.workstation_id}: {d.difference_reason} (approved by {d.approved_by})"))
    story += [_p("Refunds by method (tax reversed by credit notes)", SECTION)]
    rows = [[CHANNEL_LABELS[x.channel], str(x.count), format_cents(x.tax_cents), format_cents(x.amount_cents)]
            for x in r.refunds]
    rows.append(["Total", str(r.refund_count), format_cents(sum(x.tax_cents for x in r.refunds)),
                 format_cents(r.refunded_cents)])
    story.append(_table(["Method", "Count", "Tax reversed", "Amount"], rows, [WIDTH - 300, 60, 120, 120], total=True))
    return story


def _tax(r: EndOfDayReport) -> list[Any]:
    story: list[Any] = [_p("Tax by component", SECTION)]
    rows = [[t.label, format_cents(t.collected_cents), format_cents(-t.reversed_cents), format_cents(t.net_cents)]
            for t in r.taxes]
    rows.append(["Total", format_cents(r.tax_collected_cents), format_cents(-r.tax_reversed_cents),
                 format_cents(r.net_tax_cents)])
    story.append(_table(["Tax", "Collected", "Reversed", "Net"], rows, [WIDTH - 330, 110, 110, 110], total=True))
    story += [_p("Sales before tax", SECTION)]
    rows = [[s.treatment.replace("_", "-").capitalize(), format_cents(s.invoiced_cents), format_cents(-s.credited_cents),
             format_cents(s.net_cents)] for s in r.sales]
    story.append(_table(["Treatment", "Invoiced", "Credit notes", "Net"], rows, [WIDTH - 330, 110, 110, 110]))
    if r.uninvoiced_payments:
        story.append(_p(f"{r.uninvoiced_payments} payment(s) have no invoice: their tax is not in these figures. "
                        "Issue the missing invoices, then run the report again.", SMALL))
    return story


def _people(r: EndOfDayReport) -> list[Any]:
    story: list[Any] = []
    for title, parties in (("By staff member", r.staff), ("By workstation", r.workstations)):
        story.append(_p(title, SECTION))
        rows = [[p.label, str(p.payments), format_cents(p.collected_cents), str(p.refunds),
                 format_cents(-p.refunded_cents), format_cents(p.net_cents)] for p in parties]
        story.append(_table(["", "Payments", "Collected", "Refunds", "Refunded", "Net"], rows,
                            [WIDTH - 340, 50, 80, 50, 80, 80]))
    story.append(_p("Attempts that did not collect money", SECTION))
    rows = [[a.status.replace("_", " ").capitalize(), str(a.count), format_cents(a.amount_cents)] for a in r.attempts]
    story.append(_table(["Status", "Count", "Amount"], rows, [WIDTH - 180, 60, 120]))
    if r.amount_flags:
        story.append(_p("Amounts Stripe collected differently from the quote (for a manager)", SECTION))
        story += [_p(f.text, SMALL) for f in r.amount_flags]
    if r.overpayments:
        story.append(_p("Overpayments flagged by sync", SECTION))
        rows = [[o.student, ", ".join(o.workstations), o.status, format_cents(o.over_cents)] for o in r.overpayments]
        story.append(_table(["Student", "Desks", "Status", "Over by"], rows, [WIDTH - 260, 80, 60, 120],
                            wrap=(0, 1)))
    return story


# Time, number, desk, staff, method, tax, amount: the figures keep room for "-$1,000,000.00" (and
# "-1 000 000,00 $"), the number for DESK1-000002; what is left goes to the staff member's name.
LIST_WIDTHS = [34, 72, 44, WIDTH - 396, 108, 62, 76]
TEXT_COLUMNS = (1, 2, 3, 4)


def _list(r: EndOfDayReport) -> list[Any]:
    tz = r.timezone_info
    story: list[Any] = [_p(f"Payments ({len(r.payments)})", SECTION)]
    rows = [[p.completed_at.astimezone(tz).strftime("%H:%M"), p.invoice_number or "—", p.workstation_id, p.staff,
             f"{CHANNEL_LABELS[p.channel]} {p.brand.title() if p.channel != 'interac' else ''}".strip(),
             format_cents(p.tax_cents), format_cents(p.amount_cents)] for p in r.payments]
    table = _table(["Time", "Invoice", "Desk", "Staff", "Method", "Tax", "Amount"], rows, LIST_WIDTHS, wrap=TEXT_COLUMNS)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (4, -1), "LEFT")]))
    story.append(table)
    if r.refund_rows:
        story.append(_p(f"Refunds ({len(r.refund_rows)})", SECTION))
        rows = [[x.completed_at.astimezone(tz).strftime("%H:%M"), x.credit_note_number or "—", x.workstation_id,
                 x.staff, CHANNEL_LABELS[x.channel], format_cents(-x.tax_cents), format_cents(-x.amount_cents)]
                for x in r.refund_rows]
        table = _table(["Time", "Credit note", "Desk", "Staff", "Method", "Tax", "Amount"], rows, LIST_WIDTHS,
                       wrap=TEXT_COLUMNS)
        table.setStyle(TableStyle([("ALIGN", (1, 0), (4, -1), "LEFT")]))
        story.append(table)
    return story


def render_end_of_day(report: EndOfDayReport, business_name: str = "OncoOne Education") -> bytes:
    register_fonts()
    tz = report.timezone_info
    out = io.BytesIO()
    title = f"End of day {report.scope.day.isoformat()} — {report.scope.label}"
    pdf = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=32 * mm,
                            bottomMargin=18 * mm, invariant=1, title=title, author=business_name, subject=title,
                            creator="OncoPOS", lang="en-CA")
    start = report.window_start.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    end = report.window_end.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    story: list[Any] = [_p(f"Payments completed from {start} to {end} ({report.timezone}).", SMALL)]
    if report.closed:
        story.append(_p(f"Closed at {report.closed['closed_at']} by {report.closed['closed_by']}.", SMALL))
    for problem in report.inconsistencies():
        story.append(_p(f"Warning: {problem}.", SMALL))
    story += [Spacer(1, 3 * mm), *_summary(report), *_tax(report)]
    story += [Spacer(1, 4 * mm), hours_chart(report), methods_chart(report)]
    story += _people(report) + _list(report)
    if report.audit_heads:
        story += [Spacer(1, 4 * mm), _p("Audit trail chain heads (compare with `oncopos audit verify`):", SMALL)]
        story += [_p(head, SMALL) for head in report.audit_heads]
    stamp = f"D:{report.generated_at.astimezone(UTC):%Y%m%d%H%M%S}+00'00'"

    def page(canvas: Any, template: Any) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.saveState()
        top = LETTER[1] - 14 * mm
        draw_logo(canvas, MARGIN, top - 10 * mm, 10 * mm)
        canvas.setFont(BOLD, 13)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN + 13 * mm, top - 4 * mm, title)
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN + 13 * mm, top - 8.5 * mm, business_name)
        canvas.drawRightString(LETTER[0] - MARGIN, 10 * mm, f"Page {template.page}")
        canvas.setStrokeColor(colors.HexColor("#c9d1db"))
        canvas.line(MARGIN, top - 13 * mm, LETTER[0] - MARGIN, top - 13 * mm)
        canvas.restoreState()

    pdf.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


class EndOfDayRenderer:
    """The ReportRenderer port (oncopos.services.end_of_day) over reportlab."""

    def __init__(self, business_name: str = "OncoOne Education") -> None:
        self.business_name = business_name

    def end_of_day(self, report: EndOfDayReport) -> bytes:
        return render_end_of_day(report, self.business_name)

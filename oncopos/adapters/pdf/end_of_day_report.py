"""The end-of-day report on Letter paper, with bar charts of payments by hour and by method, in
the report's language (the manager's, or both; see end_of_day_words).

Same fonts, colours and mark as the invoices, and deterministic the same way (invariant mode, the
creation date taken from the report): the PDF stored at a close can be rebuilt from the frozen
data and proven identical by its SHA-256.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from oncopos.adapters.pdf.end_of_day_words import ReportWords
from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts
from oncopos.adapters.pdf.letter import GREY, MARGIN, RULE, SHADE, WIDTH
from oncopos.adapters.pdf.logo import AMBER, BLUE, INK
from oncopos.adapters.pdf.page_frame import titled_page
from oncopos.adapters.pdf.paragraphs import paragraph
from oncopos.domain.dates import format_moment
from oncopos.domain.end_of_day import CHANNELS, EndOfDayReport
from oncopos.domain.messages import Moment, msg

BASE = ParagraphStyle("eod", fontName=REGULAR, fontSize=8.5, leading=11, textColor=INK)
SMALL = ParagraphStyle("eod-small", parent=BASE, fontSize=7.5, leading=9.5, textColor=GREY)
SECTION = ParagraphStyle("eod-section", parent=BASE, fontName=BOLD, fontSize=10, spaceBefore=7, spaceAfter=3)
# A text cell of a table, and its column's heading: wrapped inside the column's width, so a long staff
# name, desk or student takes a second line instead of running into the next column.
CELL = ParagraphStyle("eod-cell", parent=BASE, fontSize=8, leading=9.5)
HEAD = ParagraphStyle("eod-head", parent=BASE, fontName=BOLD, fontSize=7.5, leading=9, textColor=GREY)


def _p(text: str, style: ParagraphStyle = BASE) -> Paragraph:
    return paragraph(escape(text), style)


def _table(header: list[str], rows: list[list[str]], widths: list[float], *, total: bool = False,
           wrap: tuple[int, ...] = (0,)) -> Table:
    """A table whose `wrap` columns (text, left-aligned) wrap their cells; the others are figures."""

    def wrapped(cells: list[str], style: ParagraphStyle) -> list[Any]:
        # A bilingual heading is two lines ("Nombre" over "Count"); a wrapped one keeps that break.
        return [paragraph(escape(c).replace("\n", "<br/>"), style) if i in wrap and c else c
                for i, c in enumerate(cells)]

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


def _dollars(w: ReportWords) -> Any:
    # Axis ticks come back from reportlab as numbers of cents; whole dollars read best on an axis
    # ("$1,000" / « 1 000 $ »).
    def label(value: Any) -> str:
        return w.money(int(value) // 100 * 100).replace(".00", "").replace(",00", "")

    return label


def hours_chart(report: EndOfDayReport, w: ReportWords | None = None) -> Drawing:
    w = w or ReportWords(report.language, words=report.words)
    tz = report.timezone_info
    hours = list(report.hours)
    drawing = Drawing(WIDTH, 150)
    drawing.add(String(0, 140, w("by_hour"), fontName=BOLD, fontSize=9, fillColor=INK))
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
    chart.valueAxis.labelTextFormat = _dollars(w)
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def methods_chart(report: EndOfDayReport, w: ReportWords | None = None) -> Drawing:
    w = w or ReportWords(report.language, words=report.words)
    totals = report.channel_totals()
    drawing = Drawing(WIDTH, 95)
    drawing.add(String(0, 85, w("by_method"), fontName=BOLD, fontSize=9, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 95, 15, WIDTH - 110, 62  # type: ignore[assignment]
    # Top to bottom in the order of CHANNELS: reportlab draws the first category at the bottom.
    chart.data = [[totals[c][1] for c in reversed(CHANNELS)]]
    chart.categoryAxis.categoryNames = [w.channel(c) for c in reversed(CHANNELS)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = _dollars(w)
    chart.bars[0].fillColor = AMBER
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _method_label(w: ReportWords, channel: str, brand: str) -> str:
    if channel in ("reader_card", "hosted") and brand:
        return f"{w.channel(channel)} — {brand.title()}"
    return w.channel(channel)


def _summary(r: EndOfDayReport, w: ReportWords) -> list[Any]:
    m = w.money
    rows = [[w("collected_line"), str(r.payment_count), m(r.collected_cents)],
            [w("refunds"), str(r.refund_count), m(-r.refunded_cents)],
            [w("net"), "", m(r.net_cents)]]
    story: list[Any] = [_table(["", w.head("count"), w.head("amount")], rows, [WIDTH - 180, 60, 120], total=True)]
    story += [_p(w("by_method"), SECTION)]
    rows = [[_method_label(w, x.channel, x.brand), str(x.count), m(x.amount_cents)] for x in r.methods]
    rows.append([w("total"), str(r.payment_count), m(r.collected_cents)])
    story.append(_table([w.head("method"), w.head("count"), w.head("amount")], rows, [WIDTH - 180, 60, 120],
                        total=True))
    if r.drawers:
        story += [_p(w("drawers"), SECTION)]
        rows = [[d.workstation_id, m(d.float_cents), m(d.cash_sales_cents),
                 m(d.cash_in_cents - d.paid_out_cents - d.cash_returned_cents), m(d.expected_cents),
                 m(d.counted_cents) if d.counted_cents is not None else w("open"),
                 m(d.difference_cents) if d.difference_cents else ""] for d in r.drawers]
        heads = [w.head(k) for k in ("desk", "float", "cash_taken", "in_out", "expected", "counted", "over_short")]
        story.append(_table(heads, rows, [WIDTH - 420, 70, 70, 70, 70, 70, 70]))
        for d in r.drawers:
            if d.difference_cents:
                story.append(_p(f"{d.workstation_id}: {d.difference_reason} ({w('approved_by')} {d.approved_by})"))
        story += _drawer_details(r, w)
    story += [_p(w("refunds_by_method"), SECTION)]
    rows = [[w.channel(x.channel), str(x.count), m(x.tax_cents), m(x.amount_cents)] for x in r.refunds]
    rows.append([w("total"), str(r.refund_count), m(sum(x.tax_cents for x in r.refunds)), m(r.refunded_cents)])
    story.append(_table([w.head("method"), w.head("count"), w.head("tax_reversed"), w.head("amount")], rows,
                        [WIDTH - 300, 60, 120, 120], total=True))
    return story


def _drawer_details(r: EndOfDayReport, w: ReportWords) -> list[Any]:
    """Each cash in, paid-out and cash refund with its reason; each drawer's count by denomination."""
    m, tz = w.money, r.timezone_info
    story: list[Any] = []
    moves = [[d.workstation_id, mv.at.astimezone(tz).strftime("%H:%M"), mv.staff, w(mv.kind), mv.reason,
              m(mv.amount_cents if mv.kind == "cash_in" else -mv.amount_cents)]
             for d in r.drawers for mv in d.moves]
    if moves:
        story += [_p(w("drawer_moves"), SECTION)]
        heads = [w.head(k) for k in ("desk", "time", "staff", "method", "reason", "amount")]
        story.append(_table(heads, moves, [50, 40, 70, 90, WIDTH - 340, 90], wrap=(2, 3, 4)))
    counts = [[d.workstation_id, m(denomination), str(number), m(denomination * number)]
              for d in r.drawers for denomination, number in d.counts]
    if counts:
        story += [_p(w("drawer_counts"), SECTION)]
        heads = [w.head(k) for k in ("desk", "denomination", "count", "amount")]
        story.append(_table(heads, counts, [WIDTH - 300, 100, 80, 120]))
    return story


def _tax(r: EndOfDayReport, w: ReportWords) -> list[Any]:
    m = w.money
    story: list[Any] = [_p(w("tax_by_component"), SECTION)]
    rows = [[w.tax_label(t.name, t.rate), m(t.collected_cents), m(-t.reversed_cents), m(t.net_cents)]
            for t in r.taxes]
    rows.append([w("total"), m(r.tax_collected_cents), m(-r.tax_reversed_cents), m(r.net_tax_cents)])
    story.append(_table([w.head("tax"), w.head("collected"), w.head("reversed"), w.head("net")], rows,
                        [WIDTH - 330, 110, 110, 110], total=True))
    story += [_p(w("sales"), SECTION)]
    rows = [[w.treatment(s.treatment), m(s.invoiced_cents), m(-s.credited_cents), m(s.net_cents)] for s in r.sales]
    story.append(_table([w.head("treatment"), w.head("invoiced"), w.head("credit_notes"), w.head("net")], rows,
                        [WIDTH - 330, 110, 110, 110]))
    if r.uninvoiced_payments:
        story += [_p(text, SMALL) for text in w.sentences("uninvoiced", count=str(r.uninvoiced_payments))]
    return story


def _people(r: EndOfDayReport, w: ReportWords) -> list[Any]:
    m = w.money
    story: list[Any] = []
    for title, parties in (("by_staff", r.staff), ("by_workstation", r.workstations)):
        story.append(_p(w(title), SECTION))
        rows = [[p.label, str(p.payments), m(p.collected_cents), str(p.refunds), m(-p.refunded_cents), m(p.net_cents)]
                for p in parties]
        heads = ["", *(w.head(k) for k in ("payments", "collected", "refund_count", "refunded", "net"))]
        story.append(_table(heads, rows, [WIDTH - 340, 50, 80, 50, 80, 80]))
    story.append(_p(w("attempts"), SECTION))
    rows = [[w.attempt(a.status), str(a.count), m(a.amount_cents)] for a in r.attempts]
    story.append(_table([w.head("status"), w.head("count"), w.head("amount")], rows, [WIDTH - 180, 60, 120]))
    if r.amount_flags:
        story.append(_p(w("amount_flags"), SECTION))
        for f in r.amount_flags:
            story += [_p(text, SMALL) for text in w.paragraphs(f.message)]
    if r.overpayments:
        story.append(_p(w("overpayments"), SECTION))
        rows = [[o.student, ", ".join(o.workstations), w.attempt(o.status), m(o.over_cents)] for o in r.overpayments]
        story.append(_table([w.head("student"), w.head("desks"), w.head("status"), w.head("over_by")], rows,
                            # The status wraps since the words' second edition (« À régler / To settle »); a day
                            # frozen with the first keeps its one-line cells, and so its bytes.
                            [WIDTH - 260, 80, 60, 120], wrap=(0, 1, 2) if w.edition >= 2 else (0, 1)))
    return story


# Time, number, desk, staff, method, tax, amount: the figures keep room for "-$1,000,000.00" (and
# "-1 000 000,00 $"), the number for DESK1-000002; what is left goes to the staff member's name.
LIST_WIDTHS = [34, 72, 44, WIDTH - 396, 108, 62, 76]
TEXT_COLUMNS = (1, 2, 3, 4)


def _list(r: EndOfDayReport, w: ReportWords) -> list[Any]:
    tz, m = r.timezone_info, w.money
    story: list[Any] = [_p(w("list_payments", count=str(len(r.payments))), SECTION)]
    rows = []
    for p in r.payments:
        rows.append([format_moment(p.completed_at, tz, w.first, style="clock"), p.invoice_number or "—",
                     p.workstation_id, p.staff, _method_label(w, p.channel, p.brand), m(p.tax_cents),
                     m(p.amount_cents)])
        # A payment for several enrollments: each line under it, with its course and its part.
        rows += [["", "", "", f"· {line.course}", "", m(line.tax_cents), m(line.amount_cents)] for line in p.lines]
    heads = [w.head(k) for k in ("time", "invoice", "desk", "staff", "method", "tax", "amount")]
    table = _table(heads, rows, LIST_WIDTHS, wrap=TEXT_COLUMNS)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (4, -1), "LEFT")]))
    story.append(table)
    if r.refund_rows:
        story.append(_p(w("list_refunds", count=str(len(r.refund_rows))), SECTION))
        rows = [[format_moment(x.completed_at, tz, w.first, style="clock"), x.credit_note_number or "—",
                 x.workstation_id, x.staff, w.channel(x.channel), m(-x.tax_cents), m(-x.amount_cents)]
                for x in r.refund_rows]
        heads = [w.head(k) for k in ("time", "credit_note", "desk", "staff", "method", "tax", "amount")]
        table = _table(heads, rows, LIST_WIDTHS, wrap=TEXT_COLUMNS)
        table.setStyle(TableStyle([("ALIGN", (1, 0), (4, -1), "LEFT")]))
        story.append(table)
    return story


def render_end_of_day(report: EndOfDayReport, business_name: str = "OncoOne Education") -> bytes:
    register_fonts()
    w = ReportWords(report.language, words=report.words)
    tz = report.timezone_info
    out = io.BytesIO()
    title, subtitle = w.title(report), w.subtitle(report, business_name)
    pdf = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=32 * mm,
                            bottomMargin=18 * mm, invariant=1, title=title, author=business_name, subject=subtitle,
                            creator="OncoPOS", lang=w.locale)
    story: list[Any] = []
    for lang in w.languages:
        # The window in the business's time zone, in the reader's words: "December 1, 2026 at 12:00 a.m.".
        start, end = (format_moment(at, tz, lang) for at in (report.window_start, report.window_end))
        story.append(_p(w.sentence("window", lang, start=start, end=end, zone=report.timezone), SMALL))
    if report.closed:
        closed_at = datetime.fromisoformat(report.closed["closed_at"])
        story.append(_p(w.message(msg("eod.closed_line", at=Moment(closed_at, tz), by=report.closed["closed_by"])),
                        SMALL))
    for problem in report.inconsistencies():
        story += [_p(w.warning(problem, lang), SMALL) for lang in w.languages]
    story += [Spacer(1, 3 * mm), *_summary(report, w), *_tax(report, w)]
    story += [Spacer(1, 4 * mm), hours_chart(report, w), methods_chart(report, w)]
    story += _people(report, w) + _list(report, w)
    if report.audit_heads:
        story += [Spacer(1, 4 * mm), _p(w("audit_heads"), SMALL)]
        story += [_p(head, SMALL) for head in report.audit_heads]
    # The end of day's title has always been in ink, where the statement's is blue: a stored report's
    # bytes are its proof (a lost PDF is rebuilt and checked against the hash taken at the close).
    page = titled_page(title, subtitle, w("page"), report.generated_at, title_color=INK)
    pdf.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


class EndOfDayRenderer:
    """The ReportRenderer port (oncopos.services.end_of_day) over reportlab."""

    def __init__(self, business_name: str = "OncoOne Education") -> None:
        self.business_name = business_name

    def end_of_day(self, report: EndOfDayReport) -> bytes:
        return render_end_of_day(report, self.business_name)

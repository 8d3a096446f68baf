"""The end-of-day report as CSV (for the accountant) and as plain text (for a scheduled email or a terminal).

The text is written for its reader, in English or French (the window passes the manager's language, the
command line reads English), with the PDF's words from the catalogue and times in the business's zone in
the reader's words. The CSV is for a program: stable column names, English codes and labels, times as
2026-12-01 13:30:00 in the business's zone, plain decimals, whatever the language of the desk that exported it.

The CSV has one row per payment (a payment for several enrollments: one per line, each with its
course, its treatment and its part) and per refund (refunds negative), with the document number and
one column per tax component, so that each column adds up to the report: the total column to the
net collected, each tax column to that tax's net, the subtotal column to net sales before tax.
Each desk's drawer follows as rows of type drawer_* (float, cash payments, each cash in, paid-out
and cash refund with its reason, what was expected, the count by denomination, what was counted,
over or short with the reason and who approved it): their figure is in the drawer_amount column,
and their payment columns stay at zero, so those columns still add up to the report; the float,
the payments and the movements add up to drawer_expected, the denominations to drawer_counted.
Amounts are plain decimals with a dot ("1234.50"), which every spreadsheet reads. Every cell goes
through `safe_cell`: a staff name or treatment that looks like a formula is written as text.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from oncopos.domain.csv_cells import safe_row
from oncopos.domain.dates import Style, format_moment
from oncopos.domain.end_of_day import CHANNEL_LABELS, DrawerLine, EndOfDayReport, MethodLine, channel_name
from oncopos.domain.messages import Day, Message, Money, Param, catalogue, language, msg, render
from oncopos.domain.money import cents_to_decimal, format_cents
from oncopos.domain.tax import component_label

TAX_COLUMNS = ("GST", "HST", "PST", "RST", "QST")
CSV_HEADER = ("business_date", "local_time", "type", "document", "workstation", "staff", "method", "brand",
              "treatment", "subtotal", *[c.lower() for c in TAX_COLUMNS], "tax", "total", "stripe_reference",
              "drawer_amount", "note")


def _amount(cents: int) -> str:
    return f"{cents_to_decimal(cents):.2f}"


def report_csv(report: EndOfDayReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(CSV_HEADER))
    day = report.scope.day.isoformat()
    tz = report.timezone_info
    for p in report.payments:
        for line in p.each_line():  # a payment for several enrollments: a row per line, under its course
            writer.writerow(safe_row((day, p.completed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"), "payment",
                             p.invoice_number or "", p.workstation_id, p.staff, CHANNEL_LABELS[p.channel], p.brand,
                             line.treatment, _amount(line.subtotal_cents),
                             *[_amount(line.taxes.get(c, 0)) for c in TAX_COLUMNS], _amount(line.tax_cents),
                             _amount(line.amount_cents), p.payment_intent_id or "", "", line.course)))
    for r in report.refund_rows:
        writer.writerow(safe_row((day, r.completed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"), "refund",
                         r.credit_note_number or "", r.workstation_id, r.staff, CHANNEL_LABELS[r.channel], "",
                         r.treatment, _amount(-r.subtotal_cents), *[_amount(-r.taxes.get(c, 0)) for c in TAX_COLUMNS],
                         _amount(-r.tax_cents), _amount(-r.amount_cents), r.stripe_refund_id or "", "", "")))
    for d in report.drawers:
        for kind, at, staff, cents, note in _drawer_facts(d):
            writer.writerow(safe_row((day, at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") if at else "",
                                      f"drawer_{kind}", "", d.workstation_id, staff, CHANNEL_LABELS["cash"], "", "",
                                      *[_amount(0)] * (len(TAX_COLUMNS) + 3), "", _amount(cents), note)))
    return out.getvalue()


def _drawer_facts(d: DrawerLine) -> list[tuple[str, datetime | None, str, int, str]]:
    """(kind, when, who, signed cents, note) for each line of a drawer, in the order they add up."""
    facts: list[tuple[str, datetime | None, str, int, str]] = [
        ("float", None, d.opened_by, d.float_cents, ""),
        ("cash_payments", None, "", d.cash_sales_cents, f"{d.cash_payments} payment(s), after rounding to 5 cents"),
    ]
    facts += [(m.kind, m.at, m.staff, m.amount_cents if m.kind == "cash_in" else -m.amount_cents, m.reason)
              for m in d.moves]
    facts.append(("expected", None, "", d.expected_cents, d.status))
    if d.counted_cents is None:
        return facts
    facts += [("count", None, "", denomination * number, f"{number} x {_amount(denomination)}")
              for denomination, number in d.counts]
    facts.append(("counted", None, "", d.counted_cents, ""))
    if d.difference_cents:
        facts.append(("over" if d.difference_cents > 0 else "short", None, d.approved_by or "", d.difference_cents,
                      d.difference_reason or ""))
    return facts


def _line(label: str, cents: int, count: int | None = None, locale: str = "en-CA", width: int = 44) -> str:
    counted = f"{count:>5}  " if count is not None else "       "
    return f"  {label:<{width}}{counted}{format_cents(cents, locale):>14}"


class _Words:
    """The text report's words in one reader's language: the catalogue's, as the PDF prints them."""

    def __init__(self, report: EndOfDayReport, locale: str) -> None:
        self.locale = "fr-CA" if language(locale) == "fr" else "en-CA"
        self.tz = report.timezone_info

    def __call__(self, key: str, **params: Param) -> str:
        return render(msg(f"eod.word.{key}", **params), self.locale)

    def text(self, message: Message | str) -> str:
        return render(message, self.locale)

    def money(self, cents: int) -> str:
        return format_cents(cents, self.locale)

    def line(self, label: str, cents: int, count: int | None = None) -> str:
        return _line(label, cents, count, self.locale)

    def at(self, moment: datetime, style: Style = "datetime") -> str:
        """In the business's zone in the reader's words ("December 1, 2026 at 1:30 p.m." / « 13 h 30 »), never "EST"."""
        return format_moment(moment, self.tz, self.locale, style=style)

    def channel(self, channel: str) -> str:
        return self.text(channel_name(channel))

    def method(self, line: MethodLine) -> str:
        if line.channel in ("reader_card", "hosted") and line.brand:
            return f"{self.channel(line.channel)} — {line.brand.title()}"
        return self.channel(line.channel)

    def state(self, status: str) -> str:
        key = f"eod.state.{status}"
        return self.text(msg(key)) if key in catalogue() else status.replace("_", " ")

    def treatment(self, treatment: str) -> str:
        key = f"eod.word.{treatment}"
        return self.text(msg(key)) if key in catalogue() else treatment.replace("_", "-")


def report_text(report: EndOfDayReport, locale: str = "en-CA") -> str:
    """The report for a reader of `locale` (the window passes the manager's language; the command line reads
    English): its words from the catalogue, its amounts, dates and times written for that reader."""
    w = _Words(report, locale)
    lines = [w("title_line", day=Day(report.scope.day), scope=report.scope.message()),
             w("window", start=w.at(report.window_start), end=w.at(report.window_end), zone=report.timezone)]
    if report.closed:
        # In the business's zone, like the window above (not the UTC instant it is stored as).
        closed_at = datetime.fromisoformat(report.closed["closed_at"])
        lines.append(w("closed_text", at=w.at(closed_at), by=report.closed["closed_by"],
                       sha=report.closed["pdf_sha256"][:16]))
        if report.closed.get("late_payments"):
            lines.append("  " + w.text(msg("eod.status.late", count=report.closed["late_payments"],
                                           amount=Money(report.closed["late_cents"]))))
    none = ["  " + w("none")]
    lines += ["", w("by_method")]
    lines += [w.line(w.method(m), m.amount_cents, m.count) for m in report.methods] or none
    lines.append(w.line(w("collected"), report.collected_cents, report.payment_count))
    lines += ["", w("drawers_text")]
    lines += [line for d in report.drawers for line in _drawer_lines(d, w)] or ["  " + w("no_drawer")]
    lines += ["", w("refunds_by_method")]
    lines += [w.line(w("with_tax", method=w.channel(r.channel), tax=Money(r.tax_cents)), r.amount_cents, r.count)
              for r in report.refunds] or none
    lines.append(w.line(w("refunded"), report.refunded_cents, report.refund_count))
    lines.append(w.line(w("net").upper(), report.net_cents))
    lines += ["", w("tax_text")]
    for t in report.taxes:
        lines.append(f"  {component_label(t.name, t.rate, w.locale):<20}{w.money(t.collected_cents):>14} "
                     f"{w.money(-t.reversed_cents):>14}{w.money(t.net_cents):>14}")
    lines.append(w.line(w("net_tax"), report.net_tax_cents))
    lines += ["", w("sales_text")]
    for s in report.sales:
        lines.append(f"  {w.treatment(s.treatment):<20}{w.money(s.invoiced_cents):>14} "
                     f"{w.money(-s.credited_cents):>14}{w.money(s.net_cents):>14}")
    for title, parties in (("by_staff", report.staff), ("by_workstation", report.workstations)):
        lines += ["", w(title)]
        lines += [w.line(w("with_refunds", party=p.label, refunded=Money(p.refunded_cents)), p.collected_cents,
                         p.payments) for p in parties] or none
    lines += ["", w("by_hour")]
    lines += [w.line(w.at(h.starts_at, "clock"), h.amount_cents, h.count) for h in report.hours if h.count]
    lines += ["", w("attempts")]
    lines += [w.line(w.state(a.status), a.amount_cents, a.count) for a in report.attempts]
    if report.overpayments:
        lines += ["", w("overpayments")]
        lines += [w.line(f"{o.student} [{w.state(o.status)}] {', '.join(o.workstations)}", o.over_cents)
                  for o in report.overpayments]
    if report.amount_flags:
        lines += ["", w("amount_flags")]
        lines += [w("warning_text", problem=f.message) for f in report.amount_flags]
    if report.uninvoiced_payments:
        lines += ["", w("warning_text", problem=w("uninvoiced", count=report.uninvoiced_payments))]
    lines += [w("warning_text", problem=problem) for problem in report.inconsistencies()]
    lines += ["", w("payments")]
    for p in report.payments:
        lines.append(f"  {w.at(p.completed_at, 'clock'):<8}{p.invoice_number or w('no_invoice'):<14}"
                     f" {p.workstation_id:<8} {p.staff[:18]:<18} {w.channel(p.channel)[:16]:<16}"
                     f"{w.money(p.amount_cents):>12}  {p.course if not p.lines else ''}")
        lines += [f"{'':<23}{line.course[:40]:<40}{w.money(line.amount_cents):>12}" for line in p.lines]
    return "\n".join(lines) + "\n"


def _drawer_lines(d: DrawerLine, w: _Words) -> list[str]:
    """One desk's drawer: its figures and, once counted, the count and any difference with its reason."""
    status = w("open") if d.status == "open" else w("closed") if d.status == "closed" else d.status
    out = [f"  {w('drawer_text', desk=d.workstation_id, status=status, who=d.opened_by)}",
           w.line("  " + w("float"), d.float_cents),
           w.line("  " + w("cash_payments_text"), d.cash_sales_cents, d.cash_payments),
           w.line("  " + w("cash_in"), d.cash_in_cents), w.line("  " + w("paid_out"), -d.paid_out_cents),
           w.line("  " + w("cash_refunds"), -d.cash_returned_cents), w.line("  " + w("expected"), d.expected_cents)]
    for m in d.moves:
        kind = w(m.kind) if f"eod.word.{m.kind}" in catalogue() else m.kind
        out.append(w.line("    " + w("move_text", time=w.at(m.at, "clock"), kind=kind, staff=m.staff, reason=m.reason),
                          m.amount_cents if m.kind == "cash_in" else -m.amount_cents))
    if d.counted_cents is None:
        out.append("  " + w("not_counted"))
    else:
        out += [w.line(f"    {number} x {w.money(denomination)}", denomination * number)
                for denomination, number in d.counts]
        out.append(w.line("  " + w("counted"), d.counted_cents))
        if d.difference_cents:
            key = "over_text" if d.difference_cents > 0 else "short_text"
            out.append(w.line("  " + w(key, who=d.approved_by or "", reason=d.difference_reason or ""),
                              d.difference_cents))
    return out

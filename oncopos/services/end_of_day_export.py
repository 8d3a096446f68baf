"""The end-of-day report as CSV (for the accountant) and as plain text (for a scheduled email or a terminal).

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
from zoneinfo import ZoneInfo

from oncopos.domain.csv_cells import safe_row
from oncopos.domain.end_of_day import CHANNEL_LABELS, DrawerLine, EndOfDayReport
from oncopos.domain.money import cents_to_decimal, format_cents

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


def _line(label: str, cents: int, count: int | None = None, width: int = 44) -> str:
    counted = f"{count:>5}  " if count is not None else "       "
    return f"  {label:<{width}}{counted}{format_cents(cents):>14}"


def report_text(report: EndOfDayReport) -> str:
    tz = report.timezone_info
    start = report.window_start.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    end = report.window_end.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    lines = [f"End of day {report.scope.day.isoformat()} — {report.scope.label}",
             f"Payments completed from {start} to {end} ({report.timezone})"]
    if report.closed:
        # In the business's zone, like the window above (not the UTC instant it is stored as).
        closed_at = datetime.fromisoformat(report.closed["closed_at"]).astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
        lines.append(f"CLOSED at {closed_at} by {report.closed['closed_by']} "
                     f"(PDF SHA-256 {report.closed['pdf_sha256'][:16]}…)")
        if report.closed.get("late_payments"):
            lines.append(f"  Note: {report.closed['late_payments']} payment(s), "
                         f"{format_cents(report.closed['late_cents'])}, arrived after the close and are not in this "
                         "report; an administrator can reopen the day to include them.")
    lines += ["", "Payments by method"]
    lines += [_line(m.label, m.amount_cents, m.count) for m in report.methods] or ["  (none)"]
    lines.append(_line("Collected", report.collected_cents, report.payment_count))
    lines += ["", "Cash drawers (float + cash payments + cash in - paid out - cash refunds = expected)"]
    lines += [line for d in report.drawers for line in _drawer_lines(d, tz)] or ["  (no drawer opened)"]
    lines += ["", "Refunds by method (tax reversed by credit notes)"]
    lines += [_line(f"{CHANNEL_LABELS[r.channel]} (tax {format_cents(r.tax_cents)})", r.amount_cents, r.count)
              for r in report.refunds] or ["  (none)"]
    lines.append(_line("Refunded", report.refunded_cents, report.refund_count))
    lines.append(_line("NET", report.net_cents))
    lines += ["", "Tax by component (collected - reversed = net)"]
    for t in report.taxes:
        lines.append(f"  {t.label:<20}{format_cents(t.collected_cents):>14} {format_cents(-t.reversed_cents):>14}"
                     f"{format_cents(t.net_cents):>14}")
    lines.append(_line("Net tax", report.net_tax_cents))
    lines += ["", "Sales before tax (invoiced - credited = net)"]
    for s in report.sales:
        lines.append(f"  {s.treatment.replace('_', '-'):<20}{format_cents(s.invoiced_cents):>14} "
                     f"{format_cents(-s.credited_cents):>14}{format_cents(s.net_cents):>14}")
    for title, parties in (("By staff member", report.staff), ("By workstation", report.workstations)):
        lines += ["", title]
        lines += [_line(f"{p.label} (refunds {format_cents(p.refunded_cents)})", p.collected_cents, p.payments)
                  for p in parties] or ["  (none)"]
    lines += ["", "Payments by hour"]
    lines += [_line(h.starts_at.astimezone(tz).strftime("%H:00 %Z"), h.amount_cents, h.count)
              for h in report.hours if h.count]
    lines += ["", "Attempts that did not collect money"]
    lines += [_line(a.status.replace("_", " "), a.amount_cents, a.count) for a in report.attempts]
    if report.overpayments:
        lines += ["", "Overpayments flagged by sync (a manager must settle them)"]
        lines += [_line(f"{o.student} [{o.status}] {', '.join(o.workstations)}", o.over_cents) for o in report.overpayments]
    if report.amount_flags:
        lines += ["", "Amounts Stripe collected differently from the quote (a manager must check them)"]
        lines += [f"WARNING: {f.message}" for f in report.amount_flags]
    if report.uninvoiced_payments:
        lines += ["", f"WARNING: {report.uninvoiced_payments} payment(s) have no invoice; their tax is missing above."]
    for problem in report.inconsistencies():
        lines.append(f"WARNING: {problem}")
    lines += ["", "Payments"]
    for p in report.payments:
        lines.append(f"  {p.completed_at.astimezone(tz).strftime('%H:%M')}  {p.invoice_number or '(no invoice)':<14}"
                     f" {p.workstation_id:<8} {p.staff[:18]:<18} {CHANNEL_LABELS[p.channel][:16]:<16}"
                     f"{format_cents(p.amount_cents):>12}  {p.course if not p.lines else ''}")
        lines += [f"{'':<22}{line.course[:40]:<40}{format_cents(line.amount_cents):>12}" for line in p.lines]
    return "\n".join(lines) + "\n"


def _drawer_lines(d: DrawerLine, tz: ZoneInfo) -> list[str]:
    """One desk's drawer: its figures and, once counted, the count and any difference with its reason."""
    out = [f"  {d.workstation_id} ({d.status}, opened by {d.opened_by})",
           _line("  Float", d.float_cents), _line("  Cash payments (after rounding)", d.cash_sales_cents, d.cash_payments),
           _line("  Cash in", d.cash_in_cents), _line("  Paid out", -d.paid_out_cents),
           _line("  Cash refunds", -d.cash_returned_cents), _line("  Expected", d.expected_cents)]
    labels = {"cash_in": "Cash in", "paid_out": "Paid out", "cash_refund": "Cash refund"}
    for m in d.moves:
        out.append(_line(f"    {m.at.astimezone(tz).strftime('%H:%M')} {labels.get(m.kind, m.kind)}, {m.staff}: "
                         f"{m.reason}", m.amount_cents if m.kind == "cash_in" else -m.amount_cents))
    if d.counted_cents is None:
        out.append("  WARNING: not counted yet; the day cannot close until this drawer is closed.")
    else:
        out += [_line(f"    {number} x {format_cents(denomination)}", denomination * number) for denomination, number
                in d.counts]
        out.append(_line("  Counted", d.counted_cents))
        if d.difference_cents:
            word = "over" if d.difference_cents > 0 else "short"
            out.append(_line(f"  {word.capitalize()} (approved by {d.approved_by}: {d.difference_reason})",
                             d.difference_cents))
    return out

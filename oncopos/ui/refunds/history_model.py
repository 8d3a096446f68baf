"""The payment history's table model and the detail pane's text, both without a window."""

from __future__ import annotations

from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from oncopos.domain.money import format_cents
from oncopos.services.refunds.history_records import PaymentDetail, PaymentRow
from oncopos.ui.table_model import RowTableModel

STATUS_LABELS = {"succeeded": "Paid", "failed": "Failed", "cancelled": "Cancelled", "expired": "Expired",
                 "processing": "In progress", "quoted": "Quoted", "code_sent": "Code sent", "confirmed": "Confirmed"}
REFUND_STATUS = {"succeeded": "refunded", "pending": "pending", "failed": "not refunded"}
_AMOUNT_COLUMNS = (4, 5)


class PaymentHistoryModel(RowTableModel[PaymentRow]):
    HEADERS = ("Time", "Desk", "Student", "Course", "Amount", "Refunded", "Method", "Status", "Invoice")
    RIGHT_ALIGNED = frozenset(_AMOUNT_COLUMNS)

    def __init__(self, tz: ZoneInfo, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz, self._locale = tz, locale

    def tooltip(self, r: PaymentRow, column: int) -> str | None:
        return f"Student number {r.student_number}" if column == 2 else None

    def display(self, r: PaymentRow, column: int) -> Any:
        local = r.at.astimezone(self._tz)
        values = (
            local.strftime("%Y-%m-%d %H:%M"), r.workstation_id, r.student_name, r.course_name,
            format_cents(r.amount_cents, self._locale),
            format_cents(r.refunded_cents, self._locale) if r.refunded_cents else "",
            _method(r), STATUS_LABELS.get(r.status, r.status), r.invoice_number or "",
        )
        return values[column]


def _method(r: PaymentRow) -> str:
    label = {"card": "Card", "interac": "Interac", "hosted": "Hosted page"}.get(r.method or "", "—")
    if r.card_brand and r.method != "interac":
        label = f"{label} · {r.card_brand.title()}"
    return f"{label} ····{r.card_last4}" if r.card_last4 else label


def detail_html(d: PaymentDetail, tz: ZoneInfo, locale: str = "en-CA") -> str:
    """The detail pane: what was paid and refunded, Stripe's references, the documents and the story."""
    money = lambda cents: escape(format_cents(cents, locale))  # noqa: E731
    when = lambda moment: moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
    r = d.row
    day = r.at.astimezone(tz).date()

    def short(moment: object) -> str:
        # The day is in the header: steps of that day show the time only, so the table stays narrow.
        local = moment.astimezone(tz)  # type: ignore[attr-defined]
        return local.strftime("%H:%M:%S" if local.date() == day else "%Y-%m-%d %H:%M")

    parts = [
        f"<h3 style='margin:0'>{escape(r.student_name)} — {money(r.amount_cents)}</h3>",
        f"<p>{escape(r.course_name)}<br>{escape(STATUS_LABELS.get(r.status, r.status))} · {escape(_method(r))} · "
        f"desk {escape(r.workstation_id)} · {when(r.at)}<br>",
        f"Tax included {money(d.tax_cents)} · refunded {money(r.refunded_cents)}"
        f"{' · being refunded ' + money(d.pending_refund_cents) if d.pending_refund_cents else ''}"
        f" · <b>{money(d.remaining_cents)} can be refunded</b></p>",
    ]
    if d.failure_message:
        parts.append(f"<p><b>Why it did not go through:</b> {escape(d.failure_message)}</p>")
    refs = [("PaymentIntent", d.payment_intent_id), ("Charge", d.charge_id), ("Checkout Session", d.checkout_session_id),
            ("Reader", d.reader_id)]
    refs += [(f"Refund {money(x.amount_cents)}", x.stripe_refund_id) for x in d.refunds if x.stripe_refund_id]
    parts.append("<p><b>Stripe</b><br>" + "<br>".join(f"{escape(k)}: <code>{escape(v)}</code>" for k, v in refs if v)
                 + "</p>")
    if d.documents:
        docs = "<br>".join(
            f"{escape(doc.number)} — {'credit note' if doc.kind == 'credit_note' else 'invoice'} "
            f"{money(-doc.total_cents if doc.kind == 'credit_note' else doc.total_cents)} (tax {money(doc.tax_cents)})"
            f"{' — VOID' if doc.status == 'void' else ''}" for doc in d.documents)
        parts.append(f"<p><b>Invoice and credit notes</b><br>{docs}</p>")
    if d.refunds:
        lines = []
        for x in d.refunds:
            source = " (made in the Stripe Dashboard)" if x.source == "dashboard" else ""
            why = f" — {escape(x.reason.replace('_', ' '))}{': ' + escape(x.reason_text) if x.reason_text else ''}"
            failure = f" — {escape(x.failure_message)}" if x.status == "failed" and x.failure_message else ""
            lines.append(f"{when(x.created_at)}: {money(x.amount_cents)} {REFUND_STATUS.get(x.status, x.status)}"
                         f"{source}{why}{failure}")
        parts.append("<p><b>Refunds</b><br>" + "<br>".join(lines) + "</p>")
    steps = "".join(
        f"<tr><td>{short(e.at)}</td><td>{'Journal' if e.source == 'journal' else 'Audit'}</td>"
        f"<td>{escape(e.what.replace('_', ' '))}</td><td>{escape(e.who)}</td></tr>" for e in d.events)
    parts.append("<p><b>Steps</b></p><table cellspacing='0' cellpadding='2'>"
                 "<tr><th align='left'>When</th><th align='left'>Record</th><th align='left'>What</th>"
                 f"<th align='left'>Who</th></tr>{steps}</table>")
    return "".join(parts)

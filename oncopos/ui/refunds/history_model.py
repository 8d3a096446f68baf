"""The payment history's table model and the detail pane's text, both without a window."""

from __future__ import annotations

from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from oncopos.domain.audit import action_name
from oncopos.domain.messages import catalogue, msg, render
from oncopos.domain.money import format_cents
from oncopos.domain.tender import BY_HAND
from oncopos.services.refunds.history_records import PaymentDetail, PaymentRow
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, current_language, label_for
from oncopos.ui.table_model import RowTableModel

STATUS_LABELS = {
    "succeeded": QT_TRANSLATE_NOOP("history_model", "Paid"),
    "failed": QT_TRANSLATE_NOOP("history_model", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("history_model", "Cancelled"),
    "expired": QT_TRANSLATE_NOOP("history_model", "Expired"),
    "processing": QT_TRANSLATE_NOOP("history_model", "In progress"),
    "quoted": QT_TRANSLATE_NOOP("history_model", "Quoted"),
    "code_sent": QT_TRANSLATE_NOOP("history_model", "Code sent"),
    "confirmed": QT_TRANSLATE_NOOP("history_model", "Confirmed"),
}
#: The keys of `services.refunds.history_records.METHODS` (its English texts are the command line's).
METHOD_LABELS = {
    "card": QT_TRANSLATE_NOOP("history_model", "Card on the reader"),
    "interac": QT_TRANSLATE_NOOP("history_model", "Interac on the reader"),
    "hosted": QT_TRANSLATE_NOOP("history_model", "Hosted page (QR / link)"),
}
REFUND_STATUS = {
    "succeeded": QT_TRANSLATE_NOOP("history_model", "refunded"),
    "pending": QT_TRANSLATE_NOOP("history_model", "pending"),
    "failed": QT_TRANSLATE_NOOP("history_model", "not refunded"),
}


def status_label(status: str) -> str:
    """A payment's status as the desk reads it, in the interface's language."""
    return QCoreApplication.translate("history_model", STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _said(topic: str, code: str) -> str:
    """A code the records keep ("requested_by_customer", "code_sent") in the interface's language, from the
    core's catalogue (`refund.reason.*`, `payment.step.*`); a code it does not name as it is, spaced out."""
    key = f"{topic}.{code}"
    return render(msg(key), current_language()) if key in catalogue() else code.replace("_", " ")


def _step_name(source: str, what: str) -> str:
    """A line of the Steps table: a journal step, or an audit action named as the audit trail names it (the
    same words where both record the same event: « Code à usage unique envoyé par courriel »)."""
    return _said("payment.step", what) if source == "journal" else action_name(what, current_language())


def method_label(method: str) -> str:
    """How a payment was taken, as the history's filter names it, in the interface's language."""
    return label_for("history_model", METHOD_LABELS, method)


def _refund_status(status: str) -> str:
    return QCoreApplication.translate("history_model", REFUND_STATUS[status]) if status in REFUND_STATUS else status
#: The amounts come right after the student: on a 1024-pixel screen, beside the detail pane, they are
#: what must show without scrolling; the course (long, and repeated in the detail) comes last.
_AMOUNT_COLUMNS = (3, 4)
COURSE_COLUMN = 8


class PaymentHistoryModel(RowTableModel[PaymentRow]):
    HEADERS = (
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Time"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Desk"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Student"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Amount"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Refunded"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Method"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Status"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Invoice"),
        QT_TRANSLATE_NOOP("PaymentHistoryModel", "Course"),
    )
    RIGHT_ALIGNED = frozenset(_AMOUNT_COLUMNS)

    def __init__(self, tz: ZoneInfo, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz, self._locale = tz, locale

    def tooltip(self, r: PaymentRow, column: int) -> str | None:
        return self.tr("Student number {student_number}").format(student_number=r.student_number) if column == 2 else None

    def display(self, r: PaymentRow, column: int) -> Any:
        local = r.at.astimezone(self._tz)
        values = (
            local.strftime("%Y-%m-%d %H:%M"), r.workstation_id, r.student_name,
            format_cents(r.amount_cents, self._locale),
            format_cents(r.refunded_cents, self._locale) if r.refunded_cents else "",
            _method(r), status_label(r.status), r.invoice_number or "", r.course_name,
        )
        return values[column]


def _method(r: PaymentRow) -> str:
    if r.method in BY_HAND:  # « Argent comptant », as the invoice and the end of day name it
        return render(msg(f"tender.label.{r.method}"), current_language())
    labels = {"card": QCoreApplication.translate("history_model", "Card"), "interac": "Interac",
              "hosted": QCoreApplication.translate("history_model", "Hosted page")}
    label = labels.get(r.method or "", "—")
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
        QCoreApplication.translate("history_model", "<p>{course}<br>{status} · {method} · desk {desk} · {when}<br>").format(
            course=escape(r.course_name), status=escape(status_label(r.status)), method=escape(_method(r)),
            desk=escape(r.workstation_id), when=when(r.at)),
        QCoreApplication.translate(
            "history_model", "Tax included {tax} · refunded {refunded}{pending} · <b>{refundable} can be refunded</b></p>"
        ).format(
            tax=money(d.tax_cents),
            refunded=money(r.refunded_cents),
            pending=QCoreApplication.translate("history_model", " · being refunded {amount}").format(
                amount=money(d.pending_refund_cents)) if d.pending_refund_cents else "",
            refundable=money(d.remaining_cents),
        ),
    ]
    if d.failure_message:
        parts.append(QCoreApplication.translate("history_model", "<p><b>Why it did not go through:</b> {reason}</p>").format(
            reason=escape(d.failure_message)))
    refs = [
        (QCoreApplication.translate("history_model", "PaymentIntent"), d.payment_intent_id),
        (QCoreApplication.translate("history_model", "Charge"), d.charge_id),
        (QCoreApplication.translate("history_model", "Checkout Session"), d.checkout_session_id),
        (QCoreApplication.translate("history_model", "Reader"), d.reader_id),
    ]
    refs += [(QCoreApplication.translate("history_model", "Refund {amount}").format(
        amount=money(x.amount_cents)), x.stripe_refund_id) for x in d.refunds if x.stripe_refund_id]
    parts.append("<p><b>Stripe</b><br>" + "<br>".join(f"{escape(k)}: <code>{escape(v)}</code>" for k, v in refs if v)
                 + "</p>")
    if d.documents:
        docs = "<br>".join(
            _document_line(doc.kind, doc.status, escape(doc.number),
                           money(-doc.total_cents if doc.kind == "credit_note" else doc.total_cents), money(doc.tax_cents))
            for doc in d.documents)
        parts.append(QCoreApplication.translate("history_model", "<p><b>Invoice and credit notes</b><br>{docs}</p>").format(
            docs=docs))
    if d.refunds:
        lines = []
        for x in d.refunds:
            source = (QCoreApplication.translate("history_model", " (made in the Stripe Dashboard)")
                      if x.source == "dashboard" else "")
            why = f" — {escape(_said('refund.reason', x.reason))}{': ' + escape(x.reason_text) if x.reason_text else ''}"
            failure = f" — {escape(x.failure_message)}" if x.status == "failed" and x.failure_message else ""
            lines.append(f"{when(x.created_at)}: {money(x.amount_cents)} {_refund_status(x.status)}"
                         f"{source}{why}{failure}")
        parts.append("<p><b>" + QCoreApplication.translate("history_model", "Refunds") + "</b><br>" + "<br>".join(lines) + "</p>")
    journal = QCoreApplication.translate("history_model", "Journal")
    audit = QCoreApplication.translate("history_model", "Audit")
    steps = "".join(
        f"<tr><td>{short(e.at)}</td><td>{journal if e.source == 'journal' else audit}</td>"
        f"<td>{escape(_step_name(e.source, e.what))}</td><td>{escape(e.who)}</td></tr>" for e in d.events)
    parts.append(
        QCoreApplication.translate(
            "history_model",
            "<p><b>Steps</b></p><table cellspacing='0' cellpadding='2'><tr><th align='left'>When</th>"
            "<th align='left'>Record</th><th align='left'>What</th><th align='left'>Who</th></tr>{steps}</table>",
        ).format(steps=steps)
    )
    return "".join(parts)


def _document_line(kind: str, status: str, number: str, total: str, tax: str) -> str:
    """'INV-1 — invoice $113.00 (tax $13.00)', with ' — VOID' on a voided document."""
    line = (QCoreApplication.translate("history_model", "{number} — credit note {total} (tax {tax})") if kind == "credit_note"
            else QCoreApplication.translate("history_model", "{number} — invoice {total} (tax {tax})"))
    line = line.format(number=number, total=total, tax=tax)
    return line + QCoreApplication.translate("history_model", " — VOID") if status == "void" else line

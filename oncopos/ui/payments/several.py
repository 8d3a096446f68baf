"""The other enrollments a student can pay in the same payment (a program and its kit).

Shown on the amount page under the enrollment the payment was opened for: one row per other
enrollment that still owes, a check box (Tab reaches it, Space ticks it; Alt+1…9 jumps to it) and
the amount for that line, prefilled with its balance. The dialog asks `requests` for the lines and
shows `lines_text` for the total and the tax of each line.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLineEdit, QWidget

from oncopos.domain.allocation import MAX_PARTS, PartRequest
from oncopos.domain.errors import InvalidInput
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.tax import component_label
from oncopos.services.payments.records import PaymentView
from oncopos.services.records import EnrollmentSummary


def payable_others(enrollments: Sequence[EnrollmentSummary], paying: EnrollmentSummary) -> list[EnrollmentSummary]:
    """The student's other enrollments that still owe and may be paid with `paying` (same province)."""
    return [e for e in enrollments
            if e.id != paying.id and e.balance_cents > 0 and e.status != "withdrawn"
            and e.tax_province == paying.tax_province][: MAX_PARTS - 1]


class OtherEnrollmentsBox(QGroupBox):
    """Tick the other enrollments to pay now; each ticked line has its own amount."""

    changed = Signal()

    def __init__(self, others: Sequence[EnrollmentSummary], locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("otherEnrollments")
        self.setTitle(self.tr("Also pay in this payment"))
        self._locale = locale
        self.rows: list[tuple[EnrollmentSummary, QCheckBox, QLineEdit]] = []
        grid = QGridLayout(self)
        for i, e in enumerate(others):
            # Alt+digit reaches each line from anywhere on the page (a mnemonic per row).
            mnemonic = f"&{i + 1} " if i < 9 else ""
            box = QCheckBox(self.tr("{mnemonic}{course_name} ({course_code}), owing {amount}").format(
                mnemonic=mnemonic, course_name=e.course_name, course_code=e.course_code,
                amount=format_cents(e.balance_cents, locale)), self)
            box.setObjectName(f"alsoPay{i}")
            edit = QLineEdit(format_cents(e.balance_cents, locale, currency=False), self)
            edit.setObjectName(f"alsoPayAmount{i}")
            # Room for a balance in the thousands wherever the box sits (the tender window is narrow).
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("000 000,00") + 16)
            edit.setAccessibleName(self.tr("Amount for {course_name}").format(course_name=e.course_name))
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(lambda _on: self.changed.emit())
            edit.textChanged.connect(lambda _t: self.changed.emit())
            grid.addWidget(box, i, 0)
            grid.addWidget(edit, i, 1)
            self.rows.append((e, box, edit))
        grid.setColumnStretch(0, 1)
        self.setVisible(bool(self.rows))

    def chosen(self) -> list[tuple[EnrollmentSummary, QLineEdit]]:
        return [(e, edit) for e, box, edit in self.rows if box.isChecked()]

    def requests(self, paying: uuid.UUID, amount_cents: int) -> list[PartRequest]:
        """The payment's lines: the enrollment it was opened for first, then each ticked one.
        An amount that cannot be read is refused with the line's course named."""
        parts = [PartRequest(paying, amount_cents)]
        for e, edit in self.chosen():
            try:
                parts.append(PartRequest(e.id, parse_amount(edit.text(), self._locale)))
            except InvalidInput as err:
                raise InvalidInput(self.tr("{course_name}: {reason}").format(course_name=e.course_name,
                                                                              reason=err.text()), field="amount") from None
        return parts


def amount_of(parts: Sequence[PartRequest]) -> int:
    return sum(p.amount_cents for p in parts)


def lines_of(view: PaymentView) -> list[tuple[uuid.UUID, int]]:
    """A quoted payment's lines as (enrollment, amount); empty for a payment for one enrollment."""
    return [(p.enrollment_id, p.amount_cents) for p in view.parts]


def lines_text(view: PaymentView, locale: str) -> str:
    """Each line's amount and its tax, then the payment's total:
    'Practitioner kit: before tax $289.00 · GST 5% $14.45 · QST 9.975% $28.83 · $332.28'."""
    lines = []
    for part in view.parts:
        taxes = [f"{component_label(s.name, s.rate, locale)} {format_cents(s.amount_cents, locale)}"
                 for s in part.tax_shares if s.amount_cents]
        words = [QCoreApplication.translate("PaymentSeveral", "before tax {amount}").format(
            amount=format_cents(part.amount_cents - part.tax_cents, locale)), *taxes] if taxes else [
            QCoreApplication.translate("PaymentSeveral", "no tax")]
        lines.append(QCoreApplication.translate("PaymentSeveral", "{course_name}: {details}").format(
            course_name=part.course_name, details=" · ".join([*words, format_cents(part.amount_cents, locale)])))
    lines.append(QCoreApplication.translate("PaymentSeveral", "Total of this payment: {amount} (tax {tax})").format(
        amount=format_cents(view.amount_cents, locale), tax=format_cents(view.tax_cents, locale)))
    return "\n".join(lines)

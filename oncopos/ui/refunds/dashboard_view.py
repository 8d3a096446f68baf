"""DashboardRefundsView: refunds made in the Stripe Dashboard, waiting for a manager's credit note.

The events sweep (start-up, `oncopos reconcile`, or "Check Stripe now" here) records them; the
money has already gone back, so the manager only confirms the credit note (ETA s.232), which is
then emailed to the student like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.money import format_cents
from oncopos.services.refunds.records import DashboardRefund, SettlementReport
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.list_windows import close_on_escape
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.refunds.ports import RefundPort
from oncopos.ui.table_model import RowTableModel


class DashboardRefundsModel(RowTableModel[DashboardRefund]):
    HEADERS = (
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Refunded"),
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Student"),
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Course"),
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Amount"),
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Invoice"),
        QT_TRANSLATE_NOOP("DashboardRefundsModel", "Stripe refund"),
    )
    RIGHT_ALIGNED = frozenset({3})

    def __init__(self, tz: ZoneInfo, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz, self._locale = tz, locale

    def display(self, r: DashboardRefund, column: int) -> Any:
        when = r.refunded_at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M") if r.refunded_at else ""
        return (when, r.student_name, r.course_name, format_cents(r.amount_cents, self._locale),
                r.invoice_number or "—", r.stripe_refund_id or "")[column]


class DashboardRefundsView(QWidget):
    credit_note_issued = Signal(str)

    def __init__(self, refunds: Callable[[], RefundPort], actor: Callable[[], Actor], executor: Executor, *,
                 tz: ZoneInfo, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        close_on_escape(self)
        self._refunds, self._actor, self._executor = refunds, actor, executor
        self.setObjectName("dashboardRefundsView")
        self.setWindowTitle(self.tr("Dashboard refunds to review — OncoPOS"))
        self.resize(900, 420)
        intro = QLabel(self.tr("These refunds were made in the Stripe Dashboard, not in OncoPOS. The money has gone back; "
                       "check each one and issue its credit note, which is emailed to the student."), self)
        intro.setWordWrap(True)
        self.model = DashboardRefundsModel(tz, locale, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status_label = QLabel(self)
        self.issue_button = QPushButton(self.tr("&Issue credit note"), self)
        self.check_button = QPushButton(self.tr("&Check Stripe now"), self)
        close = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.issue_button.clicked.connect(self.on_issue_clicked)
        self.check_button.clicked.connect(self.on_check_clicked)
        close.clicked.connect(self.close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        refunds = self._refunds  # the worker gets the provider, never the window
        (Operation(lambda: refunds().dashboard_refunds()).success(self.on_loaded).failure(self.on_failed)
         .owned_by(self).run_in(self._executor))

    def on_loaded(self, rows: list[DashboardRefund]) -> None:
        self.model.set_rows(rows)
        self.status_label.setText(self.tr("Nothing to review: every refund has its credit note.") if not rows
                                  else self.tr("{count} refund(s) waiting for a credit note.").format(count=len(rows)))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def on_failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))
        self._update_buttons()

    def selected(self) -> DashboardRefund | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        manager = self._actor().can(Permission.REFUND)
        self.issue_button.setEnabled(manager and self.selected() is not None)
        self.check_button.setEnabled(self._actor().can(Permission.RECONCILE))

    def on_issue_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        actor, refunds = self._actor(), self._refunds
        self.issue_button.setEnabled(False)
        (Operation(lambda: refunds().issue_credit_note(actor, chosen.id)).success(self.on_issued)
         .failure(self.on_failed).with_progress(self.tr("Issuing the credit note…"), parent=self).owned_by(self)
         .run_in(self._executor))

    def on_issued(self, number: str) -> None:
        self.credit_note_issued.emit(number)
        self.reload()
        self.status_label.setText(self.tr("Credit note {number} issued and emailed to the student.").format(number=number))

    def on_check_clicked(self) -> None:
        actor, refunds = self._actor(), self._refunds
        self.check_button.setEnabled(False)
        # abandon=False: a refund waiting on this desk's reader right now must not be stopped.
        (Operation(lambda: refunds().settle_refunds(actor, abandon=False)).success(self.on_checked)
         .failure(self.on_failed).with_progress(self.tr("Reading Stripe's refunds…"), parent=self).owned_by(self)
         .run_in(self._executor))

    def on_checked(self, report: SettlementReport) -> None:
        self.reload()
        self._update_buttons()
        found = len(report.dashboard_found)
        self.status_label.setText(self.tr("Stripe checked: {found} new Dashboard refund(s).").format(found=found) if found
                                  else self.tr("Stripe checked: no new Dashboard refunds."))

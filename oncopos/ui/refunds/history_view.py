"""PaymentHistoryView: today's payments at this desk by default; filters; one payment's detail; Refund….

Managers search everything (Manager > Payment history…). Registrars see today's payments at their
desk (Payment > Today's payments…): the date and desk filters are fixed, and Refund… asks for a
manager's approval in the refund dialog.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.errors import UserFacingError
from oncopos.domain.money import format_cents, parse_amount
from oncopos.services.refunds.history_records import METHODS, PaymentDetail, PaymentQuery, PaymentRow
from oncopos.services.refunds.records import RefundablePayment, RefundView
from oncopos.ui.form_fields import fit_placeholder
from oncopos.ui.list_windows import close_on_escape
from oncopos.ui.operations import Executor, LatestOnly, Operation, describe_error
from oncopos.ui.refunds.dialog import RefundDialog
from oncopos.ui.refunds.history_model import (
    COURSE_COLUMN,
    PaymentHistoryModel,
    detail_html,
    method_label,
    status_label,
)
from oncopos.ui.refunds.ports import HistoryPort, RefundPort
from oncopos.ui.session.override import OverridePort

ALL_DESKS = "*"


#: The detail pane before a payment is chosen: its hint in the placeholder colour, wrapped.
HINT_HTML = '<p style="color: %s;">%s</p>'

class PaymentHistoryView(QWidget):
    refund_finished = Signal(object)

    def __init__(self, history: HistoryPort, refunds: Callable[[], RefundPort], actor: Callable[[], Actor],
                 db_executor: Executor, refund_executor: Executor, *, tz: object, staff: OverridePort | None = None,
                 locale: str = "en-CA", today_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._history, self._refunds, self._actor = history, refunds, actor
        self._select_after_search: uuid.UUID | None = None
        close_on_escape(self)  # a list window: Esc closes it, as it closes a dialog
        # Refund work reaches Stripe and writes the refund: the window hands its database executor,
        # so it queues behind (and never races) the other writes.
        self._db, self._network, self._staff = db_executor, refund_executor, staff
        self._tz, self._locale, self.today_only = tz, locale, today_only
        self._latest = LatestOnly()
        self._detail: PaymentDetail | None = None
        self.refund_dialog: RefundDialog | None = None
        self.setObjectName("paymentHistoryView")
        self.setWindowTitle(self.tr("Today's payments — OncoPOS") if today_only else self.tr("Payment history — OncoPOS"))
        self.resize(1180, 720)

        today = _qdate(history.today())
        self.from_edit, self.to_edit = QDateEdit(today, self), QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.desk_box = QComboBox(self)
        self.desk_box.addItem(
            self.tr("This desk ({workstation_id})").format(workstation_id=history.workstation_id), history.workstation_id
        )
        self.desk_box.addItem(self.tr("All desks"), ALL_DESKS)
        self.student_edit = QLineEdit(self)
        self.student_edit.setObjectName("studentFilter")
        self.student_edit.setPlaceholderText(self.tr("Name, student number or email"))
        self.invoice_edit = QLineEdit(self)
        self.invoice_edit.setPlaceholderText(self.tr("Invoice number"))
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText(self.tr("Amount"))
        for filter_edit in (self.student_edit, self.invoice_edit, self.amount_edit):
            fit_placeholder(filter_edit)
        self.amount_edit.setMaximumWidth(max(110, self.amount_edit.minimumWidth()))
        self.method_box = QComboBox(self)
        self.method_box.addItem(self.tr("Any method"), None)
        for key in METHODS:
            self.method_box.addItem(method_label(key), key)
        self.status_box = QComboBox(self)
        self.status_box.addItem(self.tr("Any status"), None)
        for key in ("succeeded", "failed", "cancelled", "expired", "processing"):
            self.status_box.addItem(status_label(key), key)
        self.search_button = QPushButton(self.tr("&Search"), self)
        self.search_button.setDefault(True)
        # Two rows of filters: in one row they made the window wider than a 1024-pixel screen. The lists
        # sit with the dates, so the typed filters keep room for their (French, longer) hints.
        when, what = QHBoxLayout(), QHBoxLayout()
        for row, labelled in (
            (when, ((self.tr("From"), self.from_edit), (self.tr("to"), self.to_edit), (None, self.desk_box),
                    (None, self.method_box), (None, self.status_box))),
            (what, ((None, self.student_edit), (self.tr("Invoice"), self.invoice_edit), (None, self.amount_edit))),
        ):
            for caption, widget in labelled:
                if caption:
                    row.addWidget(QLabel(caption, self))
                row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        when.addStretch(1)
        what.addWidget(self.search_button)
        filters = QVBoxLayout()
        filters.addLayout(when)
        filters.addLayout(what)
        for widget in (self.from_edit, self.to_edit, self.desk_box):
            widget.setEnabled(not today_only)

        self.model = PaymentHistoryModel(tz, locale, self)  # type: ignore[arg-type]
        self.table = QTableView(self)
        self.table.setObjectName("paymentsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The course name is the one long column: it takes the room left, and a tooltip-free elision
        # is fine because the detail pane repeats it in full.
        header.setSectionResizeMode(COURSE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setWordWrap(False)
        self.detail_view = QTextBrowser(self)
        self.detail_view.setObjectName("paymentDetail")
        self._show_detail_hint()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail_view)
        splitter.setSizes([640, 380])
        splitter.setChildrenCollapsible(False)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("historyStatus")
        self.refund_button = QPushButton(self.tr("&Refund…"), self)
        self.refund_button.setObjectName("refundButton")
        self.refund_button.setEnabled(False)
        close = QPushButton(self.tr("Close"), self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.refund_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.search_button.clicked.connect(self.search)
        for line in (self.student_edit, self.invoice_edit, self.amount_edit):
            line.returnPressed.connect(self.search)
        self.refund_button.clicked.connect(self.on_refund_clicked)
        close.clicked.connect(self.close)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self.on_row_selected(current.row()))
        self.search()

    # --- searching ----------------------------------------------------------------------------
    def query(self) -> PaymentQuery:
        amount = None
        if self.amount_edit.text().strip():
            amount = parse_amount(self.amount_edit.text(), self._locale)
        desk = self.desk_box.currentData()
        return PaymentQuery(
            date_from=self.from_edit.date().toPython(), date_to=self.to_edit.date().toPython(),  # type: ignore[arg-type]
            workstation_id=None if desk == ALL_DESKS else desk, student=self.student_edit.text(),
            invoice_number=self.invoice_edit.text(), amount_cents=amount, method=self.method_box.currentData(),
            statuses=(self.status_box.currentData(),) if self.status_box.currentData() else ())

    def _show_detail_hint(self) -> None:
        """What the pane is for, wrapped to its width (a placeholder would be cut to its first line)."""
        # The placeholder colour is the text colour at half opacity, which a colour name in HTML
        # drops (it came out black): blend it over the pane's background instead.
        colour = _over(self.palette().color(QPalette.ColorRole.PlaceholderText),
                       self.detail_view.palette().color(QPalette.ColorRole.Base))
        hint = self.tr("Select a payment to see its steps, Stripe references, documents and refunds.")
        self.detail_view.setHtml(HINT_HTML % (colour, html.escape(hint)))

    def search(self) -> None:
        try:
            query = self.query()
        except UserFacingError as err:
            self.status_label.setText(err.text())
            return
        self.status_label.setText(self.tr("Searching…"))
        (Operation(self._history.search, self._actor(), query).success(self._latest.ticket()(self.on_results))
         .failure(self.on_failed).owned_by(self).run_in(self._db))

    def on_results(self, rows: list[PaymentRow]) -> None:
        keep, self._select_after_search = self._select_after_search, None
        self.model.set_rows(rows)
        total = sum(r.amount_cents - r.refunded_cents for r in rows if r.status == "succeeded")
        self.status_label.setText(
            self.tr("No payments match.")
            if not rows
            else self.tr("%n payment(s); {amount} kept after refunds.", None, len(rows)).format(
                amount=format_cents(total, self._locale)
            )
        )
        self._detail = None
        self._show_detail_hint()
        self.refund_button.setEnabled(False)
        if rows:
            # After a refund the list is searched again: the payment refunded stays the one shown.
            row = next((n for n, r in enumerate(rows) if r.id == keep), 0)
            self.table.selectRow(row)

    def on_failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))

    # --- one payment --------------------------------------------------------------------------
    def selected(self) -> PaymentRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def on_row_selected(self, row: int) -> None:
        if row < 0:
            return
        payment_id = self.model.row(row).id
        (Operation(self._history.detail, self._actor(), payment_id).success(self.on_detail).failure(self.on_failed)
         .owned_by(self).run_in(self._db))

    def on_detail(self, detail: PaymentDetail) -> None:
        chosen = self.selected()
        if chosen is None or chosen.id != detail.row.id:
            return  # the selection moved on while this was loading
        self._detail = detail
        self.detail_view.setHtml(detail_html(detail, self._tz, self._locale))  # type: ignore[arg-type]
        self.refund_button.setEnabled(detail.remaining_cents > 0)
        self.refund_button.setToolTip("" if detail.remaining_cents > 0 else self.tr("Nothing remains to refund on this payment."))

    def show_payment(self, payment_id: uuid.UUID) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row(row).id == payment_id:
                self.table.selectRow(row)
                return

    # --- refunding ----------------------------------------------------------------------------
    def on_refund_clicked(self) -> None:
        if self._detail is None:
            return
        payment_id, refunds = self._detail.row.id, self._refunds
        (Operation(lambda: refunds().refundable(payment_id)).success(self.open_refund_dialog)
         .failure(self.on_failed).with_progress(self.tr("Opening the refund…"), parent=self).owned_by(self)
         .run_in(self._network))

    def open_refund_dialog(self, payment: RefundablePayment) -> None:
        self.refund_dialog = RefundDialog(self._refunds, payment, self._actor(), self._network, staff=self._staff,
                                          locale=self._locale, parent=self)
        self.refund_dialog.refund_finished.connect(self.on_refund_finished)
        self.refund_dialog.open()

    def on_refund_finished(self, view: RefundView) -> None:
        """The Refunded column and the totals change with the refund: search again, same payment selected."""
        self.refund_finished.emit(view)
        self._select_after_search = view.payment_id
        self.search()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _over(colour: QColor, background: QColor) -> str:
    """`colour` drawn over `background`, as an opaque #rrggbb."""
    a = colour.alphaF()
    front = (colour.red(), colour.green(), colour.blue())
    back = (background.red(), background.green(), background.blue())
    return QColor(*(round(a * f + (1 - a) * b) for f, b in zip(front, back, strict=True))).name()

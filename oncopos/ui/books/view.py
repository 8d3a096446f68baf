"""Payouts and books, for managers: each Stripe payout of a period with what it holds, matched to the
desk's payments and refunds, what needs a person, and the journal exported for the accountant.

Stripe is read on the window's network pool (`operations`), never on the UI thread; progress shows
after half a second. The services check the permission; this view only hides what a role lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.messages import reader_locale
from oncopos.domain.money import format_cents
from oncopos.domain.payouts import AMOUNT_DIFFERS, MATCHED, NOT_RECORDED, OTHER, PAYOUT, PayoutReview, PayoutStatement
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.menus import WindowAction
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.save_location import in_documents
from oncopos.ui.table_model import TextRowsModel

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

LINE_STATUS = {
    MATCHED: QT_TRANSLATE_NOOP("BooksView", "Matched"),
    AMOUNT_DIFFERS: QT_TRANSLATE_NOOP("BooksView", "Amount differs"),
    NOT_RECORDED: QT_TRANSLATE_NOOP("BooksView", "Not recorded here"),
    OTHER: QT_TRANSLATE_NOOP("BooksView", "Moved by Stripe"),
}
# Stripe's balance transaction types, named for the reader (other types are shown as Stripe writes them).
LINE_TYPE = {
    "charge": QT_TRANSLATE_NOOP("BooksView", "Payment"), "payment": QT_TRANSLATE_NOOP("BooksView", "Payment"),
    "refund": QT_TRANSLATE_NOOP("BooksView", "Refund"), "payment_refund": QT_TRANSLATE_NOOP("BooksView", "Refund"),
    "adjustment": QT_TRANSLATE_NOOP("BooksView", "Adjustment"), "stripe_fee": QT_TRANSLATE_NOOP("BooksView", "Stripe fee"),
}
PAYOUT_STATUS = {
    "paid": QT_TRANSLATE_NOOP("BooksView", "Paid"), "in_transit": QT_TRANSLATE_NOOP("BooksView", "In transit"),
    "pending": QT_TRANSLATE_NOOP("BooksView", "Pending"), "failed": QT_TRANSLATE_NOOP("BooksView", "Failed"),
    "canceled": QT_TRANSLATE_NOOP("BooksView", "Cancelled"),
}
# The export formats, in the order offered (oncopos.services.books_formats.FORMATS).
FORMAT_LABELS = (("quickbooks", QT_TRANSLATE_NOOP("BooksView", "QuickBooks Online (CSV)")),
                 ("xero", QT_TRANSLATE_NOOP("BooksView", "Xero manual journals (CSV)")),
                 ("sage", QT_TRANSLATE_NOOP("BooksView", "Sage 50 general journal (text)")))
FORMAT_SUFFIX = {"quickbooks": ".csv", "xero": ".csv", "sage": ".txt"}


class PayoutsPort(Protocol):
    """What the view needs from `oncopos.services.payouts.PayoutMatching`."""

    def review(self, actor: Actor, start: date, end: date, *, progress: Any = None) -> PayoutReview: ...


class JournalFileResult(Protocol):
    @property
    def data(self) -> bytes: ...


class ExportPort(Protocol):
    """What the view needs from `oncopos.services.books.AccountingExport`."""

    def export(self, actor: Actor, start: date, end: date, fmt: str, *,
               progress: Any = None) -> JournalFileResult: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("BooksView", text)


def _money(cents: int) -> str:
    return format_cents(cents, reader_locale())


def _table(model: TextRowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    return view


class BooksView(QDialog):
    reviewed = Signal(object)  # PayoutReview
    exported = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, payouts: PayoutsPort, books: ExportPort, network: Executor, *, actor: Actor, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Payouts and books — OncoPOS"))
        self.resize(1000, 680)
        self.payouts, self._books, self._network, self.actor = payouts, books, network, actor
        self.review: PayoutReview | None = None
        first = today.replace(day=1)
        self.from_edit, self.to_edit = self._date(first), self._date(today)
        self.read_button = QPushButton(self.tr("Read &payouts"), self)
        from_label, to_label = QLabel(self.tr("&From:"), self), QLabel(self.tr("&To:"), self)
        from_label.setBuddy(self.from_edit)
        to_label.setBuddy(self.to_edit)
        bar = QHBoxLayout()
        for w in (from_label, self.from_edit, to_label, self.to_edit, self.read_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.status_label = QLabel(self.tr("Choose a period and press Read payouts: Stripe is asked for each payout "
                                           "whose bank date falls in it."), self)
        self.status_label.setObjectName("booksStatus")
        self.status_label.setWordWrap(True)
        self.statements = TextRowsModel((self.tr("Payout"), self.tr("Bank date"), self.tr("Status"), self.tr("Paid out"),
                                         self.tr("Charges"), self.tr("Refunds"), self.tr("Fees"), self.tr("Other"),
                                         self.tr("Check")), (3, 4, 5, 6, 7), self)
        self.lines = TextRowsModel((self.tr("Type"), self.tr("Stripe"), self.tr("Recorded as"), self.tr("Amount"),
                                    self.tr("Fee"), self.tr("Net"), self.tr("Match")), (3, 4, 5), self)
        self.findings = TextRowsModel((self.tr("Needs a person"),), (), self)
        self.statements_view = _table(self.statements, self)
        self.lines_view = _table(self.lines, self)
        self.findings_view = _table(self.findings, self)
        self.findings_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for table in (self.statements_view, self.lines_view, self.findings_view):
            split.addWidget(table)
        self.format_combo = QComboBox(self)
        for name, label in FORMAT_LABELS:
            self.format_combo.addItem(_tr(label), name)
        self.export_button = QPushButton(self.tr("&Export journal…"), self)
        commands = QHBoxLayout()
        commands.addStretch(1)
        commands.addWidget(QLabel(self.tr("Accounting program:"), self))
        commands.addWidget(self.format_combo)
        commands.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)
        layout.addLayout(commands)
        self.read_button.clicked.connect(self.load)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.statements_view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())

    def _date(self, day: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(day.year, day.month, day.day))
        return edit

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    @property
    def period(self) -> tuple[date, date]:
        return self._day(self.from_edit), self._day(self.to_edit)

    def _busy(self, busy: bool) -> None:
        for w in (self.read_button, self.export_button, self.from_edit, self.to_edit):
            w.setEnabled(not busy)

    # --- payouts ------------------------------------------------------------------------------
    def load(self) -> None:
        start, end = self.period
        self._busy(True)
        self.status_label.setText(self.tr("Asking Stripe for the payouts of {start} to {end}…").format(
            start=start.isoformat(), end=end.isoformat()))
        (Operation(self.payouts.review, self.actor, start, end).success(self.on_reviewed).failure(self.on_failed)
         .with_progress(self.tr("Reading the payouts…"), self, reports=True).owned_by(self).run_in(self._network))

    def on_reviewed(self, review: PayoutReview) -> None:
        self._busy(False)
        self.review = review
        self.statements.set_rows([self._statement_row(s) for s in review.statements])
        findings = [p.text() for s in review.statements for p in s.problems] + [u.message.text() for u in review.unpaid]
        self.findings.set_rows([(f,) for f in findings])
        if review.statements:
            self.statements_view.selectRow(0)
        else:
            self.lines.set_rows([])
        summary = self.tr("Payouts in the period: {count}, {amount} paid out.").format(
            count=len(review.statements), amount=_money(review.paid_out_cents))
        waiting = (self.tr(" Payments of ours not yet released by Stripe: {count}.").format(
            count=review.not_yet_available) if review.not_yet_available else "")
        verdict = (self.tr(" Everything matches to the cent.") if review.balanced
                   else self.tr(" Findings that need a person: {count}, each says what to do.").format(count=len(findings)))
        self.status_label.setText(summary + waiting + verdict)
        self.reviewed.emit(review)

    def _statement_row(self, s: PayoutStatement) -> tuple[str, ...]:
        po = s.payout
        check = self.tr("OK") if s.balanced else self.tr("To check: {count}").format(count=len(s.problems))
        return (po.id, po.bank_day.isoformat(), _tr(PAYOUT_STATUS.get(po.status, po.status)), _money(po.amount_cents),
                _money(s.charges_cents), _money(-s.refunds_cents), _money(-s.fees_cents), _money(s.other_cents), check)

    def _show_selected(self) -> None:
        rows = self.statements_view.selectionModel().selectedRows()
        if self.review is None or not rows:
            return
        statement = self.review.statements[rows[0].row()]
        self.lines.set_rows([(_tr(LINE_TYPE.get(line.txn.type, line.txn.type)), line.txn.source_id or line.txn.id,
                              line.local.label if line.local else "—", _money(line.txn.amount_cents),
                              _money(-line.txn.fee_cents), _money(line.txn.net_cents), _tr(LINE_STATUS[line.status]))
                             for line in statement.lines if line.status != PAYOUT])

    def on_failed(self, error: BaseException) -> None:
        self._busy(False)
        message = describe_error(error)
        self.status_label.setText(message)
        self.failed.emit(message)

    # --- export -------------------------------------------------------------------------------
    @property
    def export_format(self) -> str:
        return str(self.format_combo.currentData())

    def on_export_clicked(self) -> None:
        start, end = self.period
        fmt = self.export_format
        name = f"oncopos-journal-{fmt}-{start.isoformat()}-{end.isoformat()}{FORMAT_SUFFIX[fmt]}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the journal"), in_documents(name))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        start, end = self.period
        fmt, actor, books = self.export_format, self.actor, self._books  # taken on the UI thread

        def write() -> Path:
            path.write_bytes(books.export(actor, start, end, fmt).data)
            return path

        self._busy(True)
        (Operation(write).success(self.on_exported).failure(self.on_failed)
         .with_progress(self.tr("Exporting the journal…"), self).owned_by(self).run_in(self._network))

    def on_exported(self, path: Path) -> None:
        self._busy(False)
        self.status_label.setText(self.tr("Journal written to {path}; every entry balances.").format(path=path))
        self.exported.emit(path)


@dataclass(frozen=True)
class BooksFeature:
    """Manager > Payouts and books…. Providers, asked when the view opens: a settings change (the
    Stripe account, the account mapping) builds new services, and the next view uses them."""

    payouts: Callable[[], PayoutsPort]
    books: Callable[[], ExportPort]
    today: Callable[[], date]

    def attach(self, window: MainWindow) -> BooksAction:
        return BooksAction(window, self)


class BooksAction(WindowAction[BooksView]):
    """Manager > Payouts and books…, shown to roles that may match the books with Stripe."""

    def __init__(self, window: MainWindow, feature: BooksFeature) -> None:
        self._feature = feature
        super().__init__(window, QT_TRANSLATE_NOOP("menus", "&Manager"),
                         QCoreApplication.translate("BooksAction", "Payouts and &books…"),
                         Permission.RECONCILE)

    def is_out_of_date(self, view: BooksView) -> bool:
        return view.payouts is not self._feature.payouts()

    def build_view(self) -> BooksView:
        return BooksView(self._feature.payouts(), self._feature.books(), self._window.network_executor,
                         actor=self._window.actor, today=self._feature.today(), parent=self._window)


__all__: Sequence[str] = ("BooksAction", "BooksFeature", "BooksView")

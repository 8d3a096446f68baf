"""Payment > Cash, cheque or e-Transfer…: the tender choice for what is handed over the counter, for one
enrollment or several, or a payment split across two tenders (one of them may be the card)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from oncopos.domain.access import Permission
from oncopos.domain.allocation import PartRequest
from oncopos.domain.money import format_cents
from oncopos.services.tenders.records import SplitReceipt, TenderReceipt
from oncopos.ui.menus import shared_menu
from oncopos.ui.payments.dialog import PaymentDialog
from oncopos.ui.payments.return_dialog import ReturnDialog, ReturnPort
from oncopos.ui.payments.several import payable_others
from oncopos.ui.payments.tender_dialog import CardLeg, CodePort, TenderDialog, TenderPort

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow


@dataclass(frozen=True)
class TenderFeature:
    tenders: Callable[[], TenderPort]  # asked at each use: a settings change reaches the next payment
    returns: Callable[[], ReturnPort] | None = None  # Manager > Returned cheque or e-Transfer…

    def attach(self, window: MainWindow) -> TenderActions:
        return TenderActions(window, self)


class TenderActions(QObject):
    def __init__(self, window: MainWindow, feature: TenderFeature) -> None:
        super().__init__(window)
        self._window = window
        self._feature = feature
        self.dialog: TenderDialog | None = None
        self.tender_action = QAction(self.tr("Cash, c&heque or e-Transfer…"), window)
        self.tender_action.setObjectName("tenderAction")
        self.tender_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.tender_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.tender_action.setStatusTip(self.tr("Take cash, a cheque or an Interac e-Transfer, or split a payment"))
        self.tender_action.triggered.connect(self.on_tender_triggered)
        shared_menu(window, "&Payment").addAction(self.tender_action)
        self.return_dialog: ReturnDialog | None = None
        self.return_action = QAction(self.tr("&Returned cheque or e-Transfer…"), window)
        self.return_action.setObjectName("returnAction")
        self.return_action.setStatusTip(self.tr("Reverse a cheque or e-Transfer the bank sent back, with a credit note"))
        self.return_action.triggered.connect(self.on_return_triggered)
        if feature.returns is not None:
            shared_menu(window, "&Manager").addAction(self.return_action)
        enrollments = window.enrollments_widget
        enrollments.selection_changed.connect(self.update_actions)
        enrollments.enrollments_loaded.connect(lambda *_: self.update_actions())
        window.actor_changed.connect(lambda _actor: self.update_actions())
        self.update_actions()

    def update_actions(self) -> None:
        enrollment = self._window.enrollments_widget.selected_enrollment()
        allowed = self._window.actor.can(Permission.TAKE_PAYMENT)
        self.tender_action.setEnabled(bool(allowed and enrollment and enrollment.balance_cents > 0))
        self.return_action.setEnabled(self._window.actor.can(Permission.REFUND))

    def on_tender_triggered(self) -> None:
        widget = self._window.enrollments_widget
        enrollment, student = widget.selected_enrollment(), widget.student
        if enrollment is None or student is None:
            self._window.statusBar().showMessage(self.tr("Select the enrollment to pay in the list first."))
            return
        payments = self._window.payment_actions  # the split's card leg is taken in its payment window
        card_leg: CardLeg | None = None
        codes: Callable[[], CodePort] | None = None
        if payments is not None:
            def card_leg(cents: int, total: int, over: QWidget, lines: Sequence[PartRequest]) -> PaymentDialog:
                return payments.open_card_leg(student, enrollment, cents, total, over, lines)
            codes = payments.payment_service  # a tender set to need the code sends it through the payment flow
        self.dialog = TenderDialog(self._feature.tenders(), self._window.actor, student, enrollment,
                                   executor=self._window.db_executor, locale=self._window.settings.locale,
                                   parent=self._window, card_leg=card_leg, codes=codes,
                                   others=payable_others(widget.model.rows(), enrollment))
        self.dialog.recorded.connect(self.on_recorded)
        self.dialog.open()

    def on_return_triggered(self) -> None:
        if self._feature.returns is None:
            return
        self.return_dialog = ReturnDialog(self._feature.returns(), self._window.actor, self._window.db_executor,
                                          locale=self._window.settings.locale, parent=self._window)
        self.return_dialog.open()

    def on_recorded(self, receipt: object) -> None:
        student = self._window.enrollments_widget.student
        if student is not None:
            self._window.enrollments_widget.show_student(student)  # the new balance
        total = receipt.total_cents if isinstance(receipt, SplitReceipt) else \
            receipt.amount_cents if isinstance(receipt, TenderReceipt) else 0
        self._window.statusBar().showMessage(self.tr("Payment of {amount} recorded").format(
            amount=format_cents(total, self._window.settings.locale)))

    def shutdown(self) -> None:
        for dialog in (self.dialog, self.return_dialog):
            if dialog is not None:
                dialog.close()

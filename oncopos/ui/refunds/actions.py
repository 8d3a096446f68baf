"""The window's refund commands: Payment > Today's payments…, Manager > Payment history… and
Manager > Dashboard refunds to review…; and, at start-up, refunds left pending are settled.

Kept out of main_window.py: `oncopos.ui.app` makes one `RefundActions` for the window. It reads the
window's `actor` at each action, so "Switch user" takes effect at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from oncopos.domain.access import Actor, Permission, system_actor
from oncopos.services.refunds.records import RefundView, SettlementReport
from oncopos.ui.menus import shared_menu
from oncopos.ui.operations import DatabaseExecutor, Operation, describe_error
from oncopos.ui.refunds.dashboard_view import DashboardRefundsView
from oncopos.ui.refunds.history_view import PaymentHistoryView
from oncopos.ui.refunds.ports import HistoryPort, RefundPort
from oncopos.ui.session.override import OverridePort

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefundServices:
    """The refund feature: what its commands need from `oncopos.bootstrap.AppContext`.

    `refunds` builds the service on first use, on a worker thread: building it may start the
    training simulator or reach Stripe.
    """

    history: HistoryPort
    refunds: Callable[[], RefundPort]
    staff: OverridePort | None
    tz: ZoneInfo
    locale: str = "en-CA"
    settle_at_start: bool = True

    def attach(self, window: MainWindow) -> RefundActions:
        return RefundActions(window, self)


class RefundActions(QObject):
    def __init__(self, window: MainWindow, services: RefundServices) -> None:
        super().__init__(window)
        self._window, self._services = window, services
        # Refunds write the refund's record at every step (and the credit note): they run on the
        # database executor with every other write, one at a time and in order.
        self.db_executor: DatabaseExecutor = window.db_executor
        self.history_view: PaymentHistoryView | None = None
        self.dashboard_view: DashboardRefundsView | None = None

        self.today_action = QAction(self.tr("Today's pa&yments…"), window)  # T is Take payment…
        self.today_action.setStatusTip(self.tr("Payments taken at this desk today, with their invoices and refunds"))
        self.today_action.triggered.connect(lambda: self.open_history(today_only=True))
        shared_menu(window, "&Payment").addAction(self.today_action)
        manager = shared_menu(window, "&Manager")
        self.history_action = QAction(self.tr("Payment &history…"), window)
        self.history_action.setStatusTip(self.tr("Find any payment; refund it with a credit note"))
        self.history_action.triggered.connect(lambda: self.open_history(today_only=False))
        manager.addAction(self.history_action)
        self.dashboard_action = QAction(self.tr("&Dashboard refunds to review…"), window)
        self.dashboard_action.setStatusTip(self.tr("Refunds made in the Stripe Dashboard that still need a credit note"))
        self.dashboard_action.triggered.connect(self.open_dashboard_refunds)
        manager.addAction(self.dashboard_action)
        window.actor_changed.connect(lambda _actor: self.update_actions())
        self.update_actions()
        if services.settle_at_start:
            self.settle_in_flight()

    def actor(self) -> Actor:
        return self._window.actor

    def update_actions(self) -> None:
        manager = self.actor().can(Permission.REFUND)
        self.history_action.setVisible(manager)
        self.dashboard_action.setVisible(manager)

    def open_history(self, *, today_only: bool) -> PaymentHistoryView:
        if self.history_view is not None and self.history_view.today_only != today_only:
            self.history_view.close()
            self.history_view = None
        if self.history_view is None:
            s = self._services
            self.history_view = PaymentHistoryView(
                s.history, s.refunds, self.actor, self.db_executor, self.db_executor, tz=s.tz, staff=s.staff,
                locale=s.locale, today_only=today_only or not self.actor().can(Permission.REFUND))
            self.history_view.refund_finished.connect(self.on_refund_finished)
        self.history_view.show()
        self.history_view.raise_()
        return self.history_view

    def open_dashboard_refunds(self) -> DashboardRefundsView:
        if self.dashboard_view is None:
            s = self._services
            self.dashboard_view = DashboardRefundsView(s.refunds, self.actor, self.db_executor, tz=s.tz, locale=s.locale)
        self.dashboard_view.show()
        self.dashboard_view.raise_()
        self.dashboard_view.reload()
        return self.dashboard_view

    def on_refund_finished(self, view: RefundView) -> None:
        widget = self._window.enrollments_widget
        if view.succeeded and widget.student is not None:
            widget.show_student(widget.student)  # the balance owing changed

    def settle_in_flight(self) -> None:
        """At start-up no refund waits on the reader yet, so unfinished ones are stopped there."""
        workstation = self.actor().workstation_id

        def done(report: SettlementReport) -> None:
            notes = []
            if report.total:
                notes.append(
                    self.tr(
                        "Refunds left unfinished last time: {count} recorded, {count2} closed, {value} to check again."
                    ).format(
                        count=len(report.settled),
                        count2=len(report.failed),
                        value=len(report.still_open) + len(report.unreachable),
                    )
                )
            if report.dashboard_found:
                notes.append(
                    self.tr(
                        "{count} refund(s) made in the Stripe Dashboard need a credit note (Manager > Dashboard refunds to "
                        "review)."
                    ).format(count=len(report.dashboard_found))
                )
            if notes:
                self._window.statusBar().showMessage(" ".join(notes))

        def failed(error: BaseException) -> None:
            self._window.statusBar().showMessage(
                self.tr("Unfinished refunds could not be checked: {describe_error}").format(describe_error=describe_error(error))
            )

        refunds = self._services.refunds
        (Operation(lambda: refunds().settle_refunds(system_actor(workstation)))
         .success(done).failure(failed).owned_by(self).run_in(self.db_executor))

    def shutdown(self) -> None:
        for view in (self.history_view, self.dashboard_view):
            if view is not None:
                view.close()

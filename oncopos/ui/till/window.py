"""The till: this desk's cash drawer of the day, opened with a float, counted by denomination at the close.

What the drawer should hold is the core's figure (services/till.py); the window adds up the count
as it is typed so the registrar sees over or short before closing. A difference needs a reason and
a manager: the manager's own sign-in, or the one-action approval dialog.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission, subject
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.till import DENOMINATIONS
from oncopos.services.tenders.records import DrawerView
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.session.override import ManagerOverrideDialog, OverridePort


class TillPort(Protocol):
    def current(self, actor: Actor) -> DrawerView | None: ...

    def open_drawer(self, actor: Actor, float_cents: int) -> DrawerView: ...

    def cash_in(self, actor: Actor, amount_cents: int, reason: str) -> DrawerView: ...

    def paid_out(self, actor: Actor, amount_cents: int, reason: str) -> DrawerView: ...

    def close_drawer(self, actor: Actor, session_id: uuid.UUID, counts: Mapping[int, int],
                     reason: str = "") -> DrawerView: ...


class TillWindow(QDialog):
    def __init__(self, till: TillPort, actor: Callable[[], Actor], executor: Executor, *,
                 staff: OverridePort | None = None, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._actor = actor
        self._executor = executor
        self._staff = staff
        self._locale = locale
        self.drawer: DrawerView | None = None
        self.override_dialog: ManagerOverrideDialog | None = None
        self.setObjectName("tillWindow")
        self.setWindowTitle(self.tr("Till — OncoPOS"))

        self.status_label = QLabel(self)
        self.status_label.setObjectName("tillStatus")
        self.status_label.setWordWrap(True)

        self.open_box = QGroupBox(self.tr("Open the drawer"), self)
        self.float_edit = QLineEdit(self.open_box)
        self.float_edit.setObjectName("floatEdit")
        self.float_edit.setPlaceholderText(self.tr("e.g. 200.00"))
        self.open_button = QPushButton(self.tr("&Open with this float"), self.open_box)
        self.open_button.setObjectName("openDrawerButton")
        open_form = QFormLayout(self.open_box)
        open_form.addRow(self.tr("Opening &float"), self.float_edit)
        open_form.addRow(self.open_button)

        self.move_box = QGroupBox(self.tr("Cash in and paid out"), self)
        self.move_amount_edit = QLineEdit(self.move_box)
        self.move_amount_edit.setObjectName("moveAmountEdit")
        self.move_reason_edit = QLineEdit(self.move_box)
        self.move_reason_edit.setObjectName("moveReasonEdit")
        self.move_reason_edit.setPlaceholderText(self.tr("e.g. courier for the kits"))
        self.cash_in_button = QPushButton(self.tr("Cash &in"), self.move_box)
        self.cash_in_button.setObjectName("cashInButton")
        self.paid_out_button = QPushButton(self.tr("&Paid out"), self.move_box)
        self.paid_out_button.setObjectName("paidOutButton")
        move_form = QFormLayout(self.move_box)
        move_form.addRow(self.tr("A&mount"), self.move_amount_edit)
        move_form.addRow(self.tr("&Reason"), self.move_reason_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cash_in_button)
        buttons.addWidget(self.paid_out_button)
        move_form.addRow(buttons)

        self.count_box = QGroupBox(self.tr("Count at the close"), self)
        grid = QGridLayout(self.count_box)
        self.count_spins: dict[int, QSpinBox] = {}
        for i, cents in enumerate(DENOMINATIONS):
            spin = QSpinBox(self.count_box)
            spin.setObjectName(f"count{cents}")
            spin.setRange(0, 9_999)
            spin.setAccessibleName(self.tr("Number of {denomination}").format(
                denomination=format_cents(cents, locale)))
            spin.valueChanged.connect(lambda _v: self.update_count())
            self.count_spins[cents] = spin
            grid.addWidget(QLabel(format_cents(cents, locale), self.count_box), i % 6, (i // 6) * 2)
            grid.addWidget(spin, i % 6, (i // 6) * 2 + 1)
        self.count_label = QLabel(self.count_box)
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)
        grid.addWidget(self.count_label, 6, 0, 1, 4)
        self.difference_reason_edit = QLineEdit(self.count_box)
        self.difference_reason_edit.setObjectName("differenceReasonEdit")
        self.difference_reason_edit.setPlaceholderText(self.tr("Why the drawer is over or short"))
        grid.addWidget(self.difference_reason_edit, 7, 0, 1, 4)
        self.close_button = QPushButton(self.tr("&Count and close the drawer"), self.count_box)
        self.close_button.setObjectName("closeDrawerButton")
        grid.addWidget(self.close_button, 8, 0, 1, 4)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #8a1c12;")
        self.error_label.hide()
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        done.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.open_box)
        layout.addWidget(self.move_box)
        layout.addWidget(self.count_box)
        layout.addWidget(self.error_label)
        layout.addWidget(done)

        self.open_button.clicked.connect(self.on_open_clicked)
        self.cash_in_button.clicked.connect(lambda: self.on_move_clicked(paid_out=False))
        self.paid_out_button.clicked.connect(lambda: self.on_move_clicked(paid_out=True))
        self.close_button.clicked.connect(self.on_close_clicked)
        self.setMinimumWidth(440)  # the figures sentence and the count grid read without clipping
        self.show_drawer(None)
        self.refresh()

    # --- state --------------------------------------------------------------------------------
    def money(self, cents: int) -> str:
        return format_cents(cents, self._locale)

    def refresh(self) -> None:
        self._run(Operation(self._till.current, self._actor()), self.show_drawer)

    def counts(self) -> dict[int, int]:
        return {cents: spin.value() for cents, spin in self.count_spins.items() if spin.value()}

    def counted_cents(self) -> int:
        return sum(cents * n for cents, n in self.counts().items())

    def show_drawer(self, drawer: DrawerView | None) -> None:
        self.drawer = drawer
        is_open = drawer is not None and not drawer.record.closed
        self.open_box.setVisible(not is_open)
        self.move_box.setVisible(is_open)
        self.count_box.setVisible(is_open)
        if drawer is None:
            self.status_label.setText(self.tr("No drawer is open on this desk. Count the float into it and open it."))
        elif drawer.record.closed:
            r = drawer.record
            self.status_label.setText(self.tr("Drawer closed by {who}: counted {counted}, expected {expected}. "
                                              "{difference}").format(
                who=r.closed_by_name or "", counted=self.money(r.counted_cents or 0),
                expected=self.money(r.expected_cents or 0),
                difference=self._difference_text(r.difference_cents or 0)))
        else:
            f = drawer.figures
            self.status_label.setText(self.tr(
                "Drawer of {day}, opened by {who}. Float {float}, cash payments {sales} ({count}), cash in "
                "{cash_in}, paid out {paid_out}. It should hold {expected}.").format(
                day=drawer.record.business_date.isoformat(), who=drawer.record.opened_by_name,
                float=self.money(f.float_cents), sales=self.money(f.cash_sales_cents), count=drawer.cash_payments,
                cash_in=self.money(f.cash_in_cents), paid_out=self.money(f.paid_out_cents),
                expected=self.money(drawer.expected_cents)))
        self.update_count()

    def _difference_text(self, difference: int) -> str:
        if difference == 0:
            return self.tr("The drawer balances.")
        if difference > 0:
            return self.tr("The drawer is {amount} over.").format(amount=self.money(difference))
        return self.tr("The drawer is {amount} short.").format(amount=self.money(-difference))

    def update_count(self) -> None:
        if self.drawer is None or self.drawer.record.closed:
            return
        difference = self.counted_cents() - self.drawer.expected_cents
        self.count_label.setText(self.tr("Counted {counted} of {expected}. {difference}").format(
            counted=self.money(self.counted_cents()), expected=self.money(self.drawer.expected_cents),
            difference=self._difference_text(difference)))
        self.difference_reason_edit.setVisible(difference != 0)

    # --- commands -----------------------------------------------------------------------------
    def _run(self, operation: Operation[DrawerView | None], success: Callable[[DrawerView | None], None]) -> None:
        self.error_label.hide()
        operation.success(success).failure(self.show_error).owned_by(self).run_in(self._executor)

    def show_error(self, error: BaseException | str) -> None:
        self.error_label.setText(error if isinstance(error, str) else describe_error(error))
        self.error_label.show()

    def _amount(self, edit: QLineEdit) -> int | None:
        try:
            return parse_amount(edit.text().strip(), self._locale)
        except InvalidAmount as bad:
            self.show_error(bad.text())
            return None

    def on_open_clicked(self) -> None:
        cents = self._amount(self.float_edit)
        if cents is not None:
            self._run(Operation(self._till.open_drawer, self._actor(), cents), self.show_drawer)

    def on_move_clicked(self, *, paid_out: bool) -> None:
        cents = self._amount(self.move_amount_edit)
        if cents is None:
            return
        call = self._till.paid_out if paid_out else self._till.cash_in

        def moved(view: DrawerView | None) -> None:
            self.move_amount_edit.clear()
            self.move_reason_edit.clear()
            self.show_drawer(view)

        self._run(Operation(call, self._actor(), cents, self.move_reason_edit.text()), moved)

    def on_close_clicked(self) -> None:
        if self.drawer is None:
            return
        actor = self._actor()
        difference = self.counted_cents() - self.drawer.expected_cents
        if difference != 0 and not actor.can(Permission.ACCEPT_DRAWER_DIFFERENCE) and self._staff is not None \
                and self.difference_reason_edit.text().strip():
            self.override_dialog = ManagerOverrideDialog(
                self._staff, self._executor, actor=actor, permission=Permission.ACCEPT_DRAWER_DIFFERENCE,
                subject=subject("session_id", self.drawer.record.id),
                action_text=self._difference_text(difference).lower().rstrip("."), parent=self)
            self.override_dialog.approved.connect(self.close_drawer_as)
            self.override_dialog.open()
            return
        self.close_drawer_as(actor)

    def close_drawer_as(self, actor: Actor) -> None:
        if self.drawer is None:
            return
        self._run(Operation(self._till.close_drawer, actor, self.drawer.record.id, self.counts(),
                            self.difference_reason_edit.text()), self.show_drawer)

"""Student > Plan…: the selected enrollment's deposit and instalments.

Without a plan: choose the course's template and the first due date, preview the lines, make the
plan (a manager may also add a template to the course). With one: each line, what was paid and
where it stands; the contract can be recorded as signed (the provincial limit then no longer
applies); a manager changes amounts and due dates, with a reason, and the service checks the whole
plan before anything is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Message, render
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.plans import DEPOSIT, INSTALMENT, PlanLine, PlanTemplate
from oncopos.services.plan_records import EnrollmentForPlan, PlanView, TemplateRecord
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.plans.labels import line_text, state_text


class PlanPort(Protocol):
    """`oncopos.services.plans.PlanService`, as the editor uses it."""

    def enrollment_for_plan(self, actor: Actor, enrollment_id: uuid.UUID) -> EnrollmentForPlan: ...
    def templates_for(self, actor: Actor, enrollment_id: uuid.UUID) -> list[TemplateRecord]: ...
    def plan_of(self, actor: Actor, enrollment_id: uuid.UUID) -> PlanView | None: ...
    def propose(self, actor: Actor, enrollment_id: uuid.UUID, template_id: uuid.UUID,
                first_due: date | None = None) -> tuple[PlanLine, ...]: ...
    def create_plan(self, actor: Actor, enrollment_id: uuid.UUID, *, template_id: uuid.UUID | None = None,
                    first_due: date | None = None, lines: list[PlanLine] | None = None) -> PlanView: ...
    def edit_plan(self, actor: Actor, plan_id: uuid.UUID, lines: list[PlanLine], reason: str) -> PlanView: ...
    def sign_contract(self, actor: Actor, plan_id: uuid.UUID) -> PlanView: ...
    def save_template(self, actor: Actor, course_id: uuid.UUID, template: PlanTemplate, *,
                      template_id: uuid.UUID | None = None, active: bool = True) -> uuid.UUID: ...


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PlanEditorDialog(QDialog):
    plan_saved = Signal(object)  # the PlanView after a change

    COLUMNS = 5  # line, due, amount, paid, state

    def __init__(self, plans: PlanPort, actor: Actor, enrollment_id: uuid.UUID, title: str, executor: Executor,
                 *, locale: str = "en-CA", today: date | None = None, parent: QWidget | None = None,
                 close_link: Callable[[Actor, uuid.UUID], Message] | None = None) -> None:
        """`close_link`: PlanReminders.close_link (closes a line's open reminder link), None to hide it."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan — %1").replace("%1", title))
        self.resize(760, 520)
        self._plans, self._actor, self._enrollment_id, self._executor = plans, actor, enrollment_id, executor
        self._locale = locale
        self._close_link = close_link
        self.view: PlanView | None = None
        self.enrollment: EnrollmentForPlan | None = None
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.rule = QLabel("", self)
        self.rule.setWordWrap(True)
        self.rule.setObjectName("planRule")

        # -- making a plan from a template
        self.new_box = QGroupBox(self.tr("New plan"), self)
        self.template_box = QComboBox(self.new_box)
        self.first_due = QDateEdit(self.new_box)
        self.first_due.setCalendarPopup(True)
        self.first_due.setDisplayFormat("yyyy-MM-dd")
        self.first_due.setDate(_qdate(today or date.today()))
        self.preview_button = QPushButton(self.tr("&Preview"), self.new_box)
        self.create_button = QPushButton(self.tr("&Make the plan"), self.new_box)
        form = QFormLayout(self.new_box)
        form.addRow(self.tr("Template:"), self.template_box)
        form.addRow(self.tr("Deposit due:"), self.first_due)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.create_button)
        row.addStretch(1)
        form.addRow(row)

        # -- a manager's template for the course
        self.template_group = QGroupBox(self.tr("Add a template to this course (manager)"), self)
        self.template_name = QLineEdit(self.template_group)
        self.template_name.setPlaceholderText(self.tr("e.g. 30 % then 3 monthly"))
        self.deposit_percent = QSpinBox(self.template_group)
        self.deposit_percent.setRange(0, 100)
        self.deposit_percent.setValue(30)
        self.deposit_percent.setSuffix(" %")
        self.instalments = QSpinBox(self.template_group)
        self.instalments.setRange(0, 24)
        self.instalments.setValue(3)
        self.months = QSpinBox(self.template_group)
        self.months.setRange(1, 12)
        self.remainder = QComboBox(self.template_group)
        self.remainder.addItem(self.tr("last instalment"), "last")
        self.remainder.addItem(self.tr("first instalment"), "first")
        self.add_template_button = QPushButton(self.tr("Add &template"), self.template_group)
        tform = QFormLayout(self.template_group)
        tform.addRow(self.tr("Name:"), self.template_name)
        tform.addRow(self.tr("Deposit:"), self.deposit_percent)
        tform.addRow(self.tr("Instalments:"), self.instalments)
        tform.addRow(self.tr("Months between:"), self.months)
        tform.addRow(self.tr("Rounding cents on:"), self.remainder)
        tform.addRow(self.add_template_button)
        self.template_group.setVisible(actor.can(Permission.MANAGE_CATALOGUE))

        # -- the lines
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Due"), self.tr("Amount"), self.tr("Paid"),
                                              self.tr("Stands")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_line_button = QPushButton(self.tr("Add instalment"), self)
        self.remove_line_button = QPushButton(self.tr("Remove last"), self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why the plan changes (kept in the audit trail)"))
        self.save_button = QPushButton(self.tr("&Save changes"), self)
        self.contract_button = QPushButton(self.tr("Contract &signed"), self)
        self.close_link_button = QPushButton(self.tr("Close reminder &link"), self)
        self.close_link_button.setToolTip(self.tr("Close the selected line's emailed payment link, to take that "
                                                  "payment at the desk instead"))
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setObjectName("planStatus")
        close = QPushButton(self.tr("Close"), self)
        edits = QHBoxLayout()
        for widget in (self.add_line_button, self.remove_line_button, self.reason, self.save_button):
            edits.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.contract_button)
        bottom.addWidget(self.close_link_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        box = QVBoxLayout(self)
        for part in (self.summary, self.rule, self.new_box, self.template_group, self.table):
            box.addWidget(part)
        box.addLayout(edits)
        box.addWidget(self.status)
        box.addLayout(bottom)

        self.preview_button.clicked.connect(self.on_preview)
        self.create_button.clicked.connect(self.on_create)
        self.add_template_button.clicked.connect(self.on_add_template)
        self.add_line_button.clicked.connect(self.on_add_line)
        self.remove_line_button.clicked.connect(self.on_remove_line)
        self.save_button.clicked.connect(self.on_save)
        self.contract_button.clicked.connect(self.on_contract)
        self.close_link_button.clicked.connect(self.on_close_link)
        close.clicked.connect(self.reject)
        self._set_mode(has_plan=False, editable=False)
        self.reload()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.status.setText(self.tr("Loading…"))

        # Taken on the UI thread: the work below runs on a worker and must not read the dialog.
        plans, actor, enrollment_id = self._plans, self._actor, self._enrollment_id

        def load() -> tuple[EnrollmentForPlan, PlanView | None, list[TemplateRecord]]:
            return (plans.enrollment_for_plan(actor, enrollment_id), plans.plan_of(actor, enrollment_id),
                    plans.templates_for(actor, enrollment_id))

        Operation(load).success(self.on_loaded).failure(self.on_failed).owned_by(self).run_in(self._executor)

    def on_loaded(self, loaded: tuple[EnrollmentForPlan, PlanView | None, list[TemplateRecord]]) -> None:
        enrollment, view, templates = loaded
        self.enrollment, self.view = enrollment, view
        money = lambda cents: format_cents(cents, self._locale)  # noqa: E731
        ends = enrollment.ends_on.isoformat() if enrollment.ends_on else self.tr("no end date")
        self.summary.setText(self.tr("%1 (%2), %3 · total %4 · paid %5 · owing %6 · course ends %7")
                             .replace("%1", enrollment.course_name).replace("%2", enrollment.course_code)
                             .replace("%3", enrollment.student_name).replace("%4", money(enrollment.total_cents))
                             .replace("%5", money(enrollment.net_paid_cents)).replace("%6", money(enrollment.balance_cents))
                             .replace("%7", ends))
        self.template_box.clear()
        for record in templates:
            self.template_box.addItem(record.template.name, record.id)
        if view is None:
            self.rule.setText("")
            self.table.setRowCount(0)
            self.status.setText(self.tr("No plan yet. Choose a template and preview it.") if templates else
                                self.tr("This course has no plan template yet: a manager adds one below."))
            self._set_mode(has_plan=False, editable=False)
            return
        self._show_view(view)

    def _show_view(self, view: PlanView) -> None:
        self.view = view
        if view.precontract_rule:
            self.rule.setText(self.tr("Until the contract is signed, at most %1 may be collected in all. Rule: %2")
                              .replace("%1", format_cents(view.precontract_limit_cents or 0, self._locale))
                              .replace("%2", view.precontract_rule))
        else:
            self.rule.setText(self.tr("Contract signed.") if view.plan.contract_signed_at else "")
        self.table.setRowCount(0)
        for state in view.states:
            self._append(state.line, paid=state.paid_cents, stands=state_text(state.state))
        self.status.setText(self.tr("Still owing on the plan: %1").replace("%1", format_cents(view.owing_cents,
                                                                                               self._locale)))
        self._set_mode(has_plan=True, editable=self._actor.can(Permission.EDIT_PLANS))

    def _set_mode(self, *, has_plan: bool, editable: bool) -> None:
        self.new_box.setVisible(not has_plan)
        for widget in (self.add_line_button, self.remove_line_button, self.reason, self.save_button):
            widget.setVisible(has_plan and editable)
        self.contract_button.setVisible(has_plan and self.view is not None and self.view.plan.contract_signed_at is None)
        self.close_link_button.setVisible(has_plan and self._close_link is not None)
        self.table.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers if has_plan and editable
                                   else QTableWidget.EditTrigger.NoEditTriggers)

    def _append(self, line: PlanLine, *, paid: int = 0, stands: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(line_text(line))
        name.setData(Qt.ItemDataRole.UserRole, (line.sequence, line.kind))  # which line this row is
        name.setData(Qt.ItemDataRole.UserRole + 1, str(line.id) if line.id else "")
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(line.due_on.isoformat()))
        self.table.setItem(row, 2, QTableWidgetItem(format_cents(line.amount_cents, self._locale, currency=False)))
        self.table.setItem(row, 3, QTableWidgetItem(format_cents(paid, self._locale)))
        self.table.setItem(row, 4, QTableWidgetItem(stands))

    # -- commands ------------------------------------------------------------------------------
    def on_failed(self, error: BaseException) -> None:
        self.status.setText(describe_error(error))

    def on_preview(self) -> None:
        template_id = self.template_box.currentData()
        if template_id is None:
            self.status.setText(self.tr("Choose a template first."))
            return
        (Operation(self._plans.propose, self._actor, self._enrollment_id, template_id, _date(self.first_due.date()))
         .success(self.on_previewed).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_previewed(self, lines: tuple[PlanLine, ...]) -> None:
        self.table.setRowCount(0)
        for line in lines:
            self._append(line, stands=self.tr("preview"))
        self.status.setText(self.tr("%n line(s), %2 in all. Make the plan to keep it.", None, len(lines))
                            .replace("%2", format_cents(sum(x.amount_cents for x in lines), self._locale)))

    def on_create(self) -> None:
        template_id = self.template_box.currentData()
        if template_id is None:
            self.status.setText(self.tr("Choose a template first."))
            return
        (Operation(self._plans.create_plan, self._actor, self._enrollment_id, template_id=template_id,
                   first_due=_date(self.first_due.date()))
         .success(self.on_saved).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_saved(self, view: PlanView) -> None:
        self._show_view(view)
        self.reason.clear()
        self.plan_saved.emit(view)

    def on_add_template(self) -> None:
        if self.enrollment is None:
            return
        template = PlanTemplate(self.deposit_percent.value() * 100, self.instalments.value(), self.months.value(),
                                str(self.remainder.currentData()), self.template_name.text().strip())
        (Operation(self._plans.save_template, self._actor, self.enrollment.course_id, template)
         .success(lambda _id: self.reload()).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_add_line(self) -> None:
        rows = self.table.rowCount()
        last = self.lines_typed(check=False)
        sequence = max((x.sequence for x in last), default=0) + 1
        due = last[-1].due_on if last else date.today()
        self._append(PlanLine(sequence, INSTALMENT, due, 0))
        self.table.setCurrentCell(rows, 2)

    def on_remove_line(self) -> None:
        if self.table.rowCount() > 1:
            self.table.removeRow(self.table.rowCount() - 1)

    def lines_typed(self, *, check: bool = True) -> list[PlanLine]:
        """The lines as typed in the table; InvalidInput (one line) for a date or amount it cannot read."""
        lines = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0)
            sequence, kind = name.data(Qt.ItemDataRole.UserRole) if name is not None else (row, INSTALMENT)
            label = name.text() if name is not None else str(row + 1)
            due_text = (self.table.item(row, 1) or QTableWidgetItem("")).text().strip()
            amount_text = (self.table.item(row, 2) or QTableWidgetItem("")).text().strip()
            try:
                due = date.fromisoformat(due_text)
            except ValueError:
                if not check:
                    due = date.today()
                else:
                    raise InvalidInput(self.tr("%1: '%2' is not a date. Type it as 2027-01-15.")
                                       .replace("%1", label).replace("%2", due_text)) from None
            try:
                amount = parse_amount(amount_text, self._locale) if amount_text else 0
            except InvalidInput:
                if check:
                    raise
                amount = 0
            lines.append(PlanLine(int(sequence), str(kind) if kind in (DEPOSIT, INSTALMENT) else INSTALMENT, due, amount))
        return lines

    def on_save(self) -> None:
        if self.view is None:
            return
        try:
            lines = self.lines_typed()
        except InvalidInput as err:
            self.status.setText(err.text())
            return
        (Operation(self._plans.edit_plan, self._actor, self.view.plan.id, lines, self.reason.text())
         .success(self.on_saved).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_close_link(self) -> None:
        row = self.table.currentRow()
        name = self.table.item(row, 0) if row >= 0 else None
        instalment = name.data(Qt.ItemDataRole.UserRole + 1) if name is not None else ""
        if self._close_link is None or not instalment:
            self.status.setText(self.tr("Select the line whose reminder link to close."))
            return
        (Operation(self._close_link, self._actor, uuid.UUID(instalment))
         .success(self.on_link_closed).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_link_closed(self, message: Message) -> None:
        # The lines stand as they did (a link paid meanwhile is said in the message; reopen to see it).
        self.status.setText(render(message, self._locale))

    def on_contract(self) -> None:
        if self.view is None:
            return
        (Operation(self._plans.sign_contract, self._actor, self.view.plan.id)
         .success(self.on_saved).failure(self.on_failed).owned_by(self).run_in(self._executor))

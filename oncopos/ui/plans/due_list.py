"""Payment > Instalments due…: every unpaid plan line due soon and every overdue one, for the desk."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget

from oncopos.domain.access import Actor
from oncopos.domain.money import format_cents
from oncopos.domain.plans import OVERDUE
from oncopos.services.plan_records import DueLine
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.plans.labels import line_text, state_text
from oncopos.ui.table_model import RowTableModel


class DuePort(Protocol):
    def due_list(self, actor: Actor, *, within_days: int = 7) -> list[DueLine]: ...


class DueModel(RowTableModel[DueLine]):
    RIGHT_ALIGNED = frozenset({2})

    def __init__(self, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locale = locale

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Due"), self.tr("Stands"), self.tr("Owing"), self.tr("Student"), self.tr("Course"),
                self.tr("Line"), self.tr("Reminder sent"))

    def display(self, row: DueLine, column: int) -> Any:
        state = row.state
        values = (state.line.due_on.isoformat(), state_text(state.state), format_cents(state.owing_cents, self._locale),
                  f"{row.student_name} ({row.student_number})", row.course_code, line_text(state.line),
                  row.reminder_sent_at.date().isoformat() if row.reminder_sent_at else "")
        return values[column]

    def foreground(self, row: DueLine, column: int) -> QBrush | None:
        return QBrush(QColor("#b42318")) if row.state.state == OVERDUE and column == 1 else None


class DueListDialog(QDialog):
    def __init__(self, plans: DuePort, actor: Actor, executor: Executor, *, locale: str = "en-CA",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Instalments due"))
        self.resize(820, 420)
        self._plans, self._actor, self._executor = plans, actor, executor
        self.model = DueModel(locale, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.days = QSpinBox(self)
        self.days.setRange(0, 60)
        self.days.setValue(7)
        self.days.setSuffix(self.tr(" days"))
        refresh = QPushButton(self.tr("&Refresh"), self)
        close = QPushButton(self.tr("Close"), self)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Due within:"), self))
        top.addWidget(self.days)
        top.addWidget(refresh)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table)
        box.addLayout(bottom)
        refresh.clicked.connect(self.reload)
        close.clicked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        self.status.setText(self.tr("Loading…"))
        (Operation(self._plans.due_list, self._actor, within_days=self.days.value()).success(self.on_loaded)
         .failure(lambda err: self.status.setText(describe_error(err))).owned_by(self).run_in(self._executor))

    def on_loaded(self, rows: list[DueLine]) -> None:
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.state.state == OVERDUE)
        self.status.setText(self.tr("%1 instalment(s) due, %2 overdue.").replace("%1", str(len(rows)))
                            .replace("%2", str(overdue)))

"""Student > Account statement…: every charge, payment, refund, credit and plan line with the
balance after each; save the PDF (English or French) or email it to the student."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.cards import card_description
from oncopos.domain.messages import language, render
from oncopos.domain.money import format_cents
from oncopos.domain.statement import (
    CHARGE,
    CREDIT,
    INSTALMENT,
    PAYMENT,
    REFUND,
    WITHDRAWAL,
    Statement,
    StatementLine,
    credit_note,
    plan_item,
)
from oncopos.domain.tender import Tender, tender_name
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.plans.labels import state_text
from oncopos.ui.save_location import in_documents
from oncopos.ui.table_model import RowTableModel


class StatementPort(Protocol):
    """`oncopos.services.statements.StatementService`."""

    def statement(self, actor: Actor, student_id: uuid.UUID) -> Statement: ...
    def pdf(self, actor: Actor, student_id: uuid.UUID, lang: str | None = None) -> bytes: ...
    def email(self, actor: Actor, student_id: uuid.UUID) -> str: ...


class StatementModel(RowTableModel[StatementLine]):
    RIGHT_ALIGNED = frozenset({2, 3, 4})

    def __init__(self, tz: ZoneInfo, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz, self._locale = tz, locale

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("Line"), self.tr("Charges"), self.tr("Payments"), self.tr("Balance"))

    def _kind(self, kind: str) -> str:
        return {CHARGE: self.tr("Enrolled"), PAYMENT: self.tr("Payment"), REFUND: self.tr("Refund"),
                WITHDRAWAL: self.tr("Withdrawn (charge cancelled)"), CREDIT: self.tr("Credit"),
                INSTALMENT: self.tr("Plan")}.get(kind, kind)

    def _method(self, detail: str) -> str:
        brand, _, last4 = detail.partition(" ")
        if last4:
            return card_description(brand, last4, self._locale)  # "Visa ending in 4242", in the reader's words
        if brand in {t.value for t in Tender}:  # as the statement PDF and the till name them
            return render(tender_name(Tender(brand)), self._locale)
        return brand

    def display(self, row: StatementLine, column: int) -> Any:
        e = row.event
        money = format_cents(e.amount_cents, self._locale)
        if column == 0:
            return e.at.astimezone(self._tz).date().isoformat()
        if column == 1:
            if e.kind == INSTALMENT:
                what = f"{plan_item(e.reference, language(self._locale))} ({state_text(e.detail)}) · {e.description}"
            else:
                reference = f" · {e.reference}" if e.reference else ""
                how = f" · {self._method(e.detail)}" if e.kind == PAYMENT and e.detail else ""
                description = render(credit_note(e.description), self._locale) if e.kind == CREDIT else e.description
                what = f"{description}{how}{reference}"
            # « Paiement : … » in French: the colon's space is the catalogue's, not built here.
            return self.tr("{kind}: {line}").format(kind=self._kind(e.kind), line=what)
        if column == 2:
            return money if e.kind in (CHARGE, REFUND) else f"({money})" if e.kind in (CREDIT, INSTALMENT) else ""
        if column == 3:
            return money if e.kind in (PAYMENT, WITHDRAWAL) else ""
        return format_cents(row.balance_after_cents, self._locale)


class StatementDialog(QDialog):
    def __init__(self, statements: StatementPort, actor: Actor, student_id: uuid.UUID, student_name: str,
                 executor: Executor, *, tz: ZoneInfo, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Account statement — %1").replace("%1", student_name))
        self.resize(860, 440)
        self._statements, self._actor, self._student_id, self._executor = statements, actor, student_id, executor
        self._locale = locale
        self.statement: Statement | None = None
        self.model = StatementModel(tz, locale, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.balance = QLabel("", self)
        self.balance.setObjectName("statementBalance")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("French"), "fr")
        self.save_button = QPushButton(self.tr("&Save PDF…"), self)
        self.email_button = QPushButton(self.tr("&Email to student"), self)
        self.email_button.setEnabled(actor.can(Permission.EMAIL_INVOICE))
        self.save_button.setEnabled(actor.can(Permission.PRINT_INVOICE))
        close = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        for widget in (QLabel(self.tr("PDF in:"), self), self.language, self.save_button, self.email_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.balance)
        box.addWidget(self.table)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.email_button.clicked.connect(self.on_email_clicked)
        close.clicked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        self.status.setText(self.tr("Loading…"))
        (Operation(self._statements.statement, self._actor, self._student_id).success(self.on_loaded)
         .failure(self.on_failed).owned_by(self).run_in(self._executor))

    def on_loaded(self, statement: Statement) -> None:
        self.statement = statement
        self.model.set_rows(statement.lines)
        balance = statement.balance_cents
        if balance > 0:
            text = self.tr("Balance owing: %1").replace("%1", format_cents(balance, self._locale))
        elif balance < 0:
            text = self.tr("Credit on the account: %1").replace("%1", format_cents(-balance, self._locale))
        else:
            text = self.tr("Paid in full.")
        self.balance.setText(text)
        self.status.setText(self.tr("%n line(s). Plan lines and credit movements do not change the balance.", None,
                                    len(statement.lines)))
        if statement.language == "fr":
            self.language.setCurrentIndex(1)

    def on_failed(self, error: BaseException) -> None:
        self.status.setText(describe_error(error))

    def on_save_clicked(self) -> None:
        number = self.statement.student_number if self.statement else "statement"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), in_documents(f"statement-{number}.pdf"),
                                              self.tr("PDF (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        lang = str(self.language.currentData())
        (Operation(self._statements.pdf, self._actor, self._student_id, lang)
         .success(lambda pdf: self._saved(path, pdf)).failure(self.on_failed).owned_by(self).run_in(self._executor))

    def _saved(self, path: Path, pdf: bytes) -> None:
        try:
            path.write_bytes(pdf)
        except OSError as err:
            self.status.setText(self.tr("The PDF could not be saved to %1 (%2). Choose another folder.")
                                .replace("%1", str(path)).replace("%2", err.strerror or type(err).__name__))
            return
        self.status.setText(self.tr("Saved %1.").replace("%1", str(path)))

    def on_email_clicked(self) -> None:
        self.status.setText(self.tr("Queuing the statement…"))
        (Operation(self._statements.email, self._actor, self._student_id)
         .success(lambda to: self.status.setText(self.tr("Statement queued for %1.").replace("%1", to)))
         .failure(self.on_failed).owned_by(self).run_in(self._executor))

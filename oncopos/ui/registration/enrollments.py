"""The selected student's enrollments: what each course costs, what was paid, what is owed."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
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

from oncopos.domain.errors import ConfigurationError
from oncopos.domain.money import format_cents
from oncopos.domain.tax import load_tax_table
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, label_for
from oncopos.ui.operations import Executor, LatestOnly, Operation, describe_error
from oncopos.ui.registration.student_search import format_phone
from oncopos.ui.table_model import RowTableModel

logger = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex

TREATMENT_LABELS = {
    "taxable": QT_TRANSLATE_NOOP("enrollments", "Taxable"),
    "exempt": QT_TRANSLATE_NOOP("enrollments", "Exempt"),
    "zero_rated": QT_TRANSLATE_NOOP("enrollments", "Zero-rated"),
}
STATUS_LABELS = {
    "active": QT_TRANSLATE_NOOP("enrollments", "Active"),
    "completed": QT_TRANSLATE_NOOP("enrollments", "Completed"),
    "withdrawn": QT_TRANSLATE_NOOP("enrollments", "Withdrawn"),
}


class EnrollmentLister(Protocol):
    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


def load_tax_basis(locale: str = "en-CA") -> dict[str, str]:
    """Treatment -> the legal basis sentence, from the tax table the core has already read.

    A missing or damaged table costs only the tooltip, never the window.
    """
    try:
        table = load_tax_table()
    except ConfigurationError:
        logger.warning("tax basis unavailable; tooltips will not name it", exc_info=True)
        return {}
    return {treatment: basis for treatment in table.legal_basis if (basis := table.default_basis(treatment, locale))}


class EnrollmentTableModel(RowTableModel[EnrollmentSummary]):
    """Money in integer cents from the core, formatted here for the desk's locale."""

    HEADERS = (
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Course"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Section"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Status"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Price"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Tax"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Total"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Paid"),
        QT_TRANSLATE_NOOP("EnrollmentTableModel", "Balance"),
    )
    COURSE, SECTION, STATUS, PRICE, TAX, TOTAL, PAID, BALANCE = range(8)
    RIGHT_ALIGNED = frozenset({PRICE, TAX, TOTAL, PAID, BALANCE})

    def __init__(
        self,
        locale: str = "en-CA",
        tax_basis: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._locale = locale
        self._tax_basis = dict(tax_basis or {})

    def display(self, enrollment: EnrollmentSummary, column: int) -> str:
        return self._display(enrollment, column)

    def tooltip(self, enrollment: EnrollmentSummary, column: int) -> str | None:
        return self._tooltip(enrollment, column)

    def font(self, enrollment: EnrollmentSummary, column: int) -> QFont | None:
        if column == self.BALANCE and enrollment.balance_cents > 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _money(self, cents: int) -> str:
        return format_cents(cents, self._locale)

    def _display(self, e: EnrollmentSummary, column: int) -> str:
        if column == self.COURSE:
            return f"{e.course_code} {e.course_name}"
        if column == self.SECTION:
            return e.section_label
        if column == self.STATUS:
            return label_for("enrollments", STATUS_LABELS, e.status, e.status.capitalize())
        if column == self.PRICE:
            return self._money(e.price_cents)
        if column == self.TAX:
            if e.tax_treatment == "taxable":
                return self._money(e.tax_cents)
            return label_for("enrollments", TREATMENT_LABELS, e.tax_treatment)
        if column == self.TOTAL:
            return self._money(e.total_cents)
        if column == self.PAID:
            # Net of refunds, so that Total - Paid = Balance on every row.
            return self._money(e.paid_cents - e.refunded_cents)
        if column == self.BALANCE:
            return self._money(e.balance_cents)
        return ""

    def _tooltip(self, e: EnrollmentSummary, column: int) -> str | None:
        if column == self.TAX:
            if e.tax_treatment == "taxable":
                return self.tr("Taxable in {tax_province}").format(tax_province=e.tax_province)
            return self._tax_basis.get(e.tax_treatment, label_for("enrollments", TREATMENT_LABELS, e.tax_treatment))
        if column == self.PAID and e.refunded_cents:
            return self.tr("Paid {amount}, refunded {amount2}").format(
                amount=self._money(e.paid_cents), amount2=self._money(e.refunded_cents)
            )
        if column in (self.COURSE, self.SECTION):
            return self._display(e, column)
        return None


class EnrollmentsWidget(QWidget):
    """A header naming the student, then their enrollments; loads off the UI thread.

    The enrollment a command acts on is the one *selected* on screen (`selected_enrollment`), never
    Qt's current index alone: a table that gets the focus makes its first row current without
    selecting it, and a payment must not go to a row nobody chose. Reloading the same student (a new
    balance after a payment) keeps the selection; opening a student selects the first enrollment
    with a balance, visibly.
    """

    enrollments_loaded = Signal(object)  # the student's uuid.UUID
    loading_failed = Signal(str)  # the message shown
    selection_changed = Signal()
    activated = Signal(object)  # EnrollmentSummary: Enter or a double-click on an enrollment

    def __init__(
        self,
        directory: EnrollmentLister,
        executor: Executor,
        locale: str = "en-CA",
        parent: QWidget | None = None,
        *,
        tax_basis: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._executor = executor
        self._latest = LatestOnly()
        self.student: StudentSummary | None = None

        self.name_label = QLabel(self.tr("No student selected"), self)
        self.name_label.setObjectName("studentNameLabel")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label, self.email_label, self.phone_label = (self._value_label() for _ in range(3))
        # One line under the name: the table below needs the height more than the details do.
        details = QHBoxLayout()
        details.setSpacing(6)
        captions = ((self.tr("Student number:"), self.number_label), (self.tr("Email:"), self.email_label),
                    (self.tr("Phone:"), self.phone_label))
        for caption, value in captions:
            caption_label = QLabel(caption, self)
            caption_label.setObjectName("fieldCaption")
            caption_label.setBuddy(value)
            details.addWidget(caption_label)
            details.addWidget(value)
            details.addSpacing(18)
        details.addStretch(1)

        self.model = EnrollmentTableModel(locale, tax_basis if tax_basis is not None else load_tax_basis(locale), self)
        self.table_view = QTableView(self)
        self.table_view.setObjectName("enrollmentsView")
        self.table_view.setModel(self.model)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().hide()
        self.table_view.setAccessibleName(self.tr("Enrollments"))
        # Tab moves on to the next control instead of walking the cells (keyboard first).
        self.table_view.setTabKeyNavigation(False)
        self.table_view.installEventFilter(self)
        self.table_view.doubleClicked.connect(lambda _index: self._activate())
        self.table_view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        header = self.table_view.horizontalHeader()
        # Money and status always fit; course and section share what is left (elided, with a
        # tooltip) so the balance never scrolls out of sight.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EnrollmentTableModel.COURSE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EnrollmentTableModel.SECTION, QHeaderView.ResizeMode.Stretch)
        self.table_view.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.message_label = QLabel(self.tr("Select a student to see their enrollments."), self)
        self.message_label.setObjectName("emptyStateLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        # Buttons for what can be done with the selected enrollment (features add theirs: Take payment).
        self.command_row = QHBoxLayout()
        self.command_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label)
        layout.addLayout(details)
        layout.addWidget(self.error_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table_view, 1)
        layout.addLayout(self.command_row)

    def add_command_button(self, action: QAction, name: str) -> QPushButton:
        """A visible button for `action`, enabled and labelled as the action is (it follows it)."""
        button = QPushButton(action.text(), self)  # the action's mnemonic (&) works on the button too
        button.setObjectName(name)
        button.setToolTip(f"{action.toolTip()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if not action.shortcut().isEmpty() else action.toolTip())
        button.setEnabled(action.isEnabled())
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        button.clicked.connect(action.trigger)
        self.command_row.addWidget(button)
        return button

    def _value_label(self) -> QLabel:
        label = QLabel("—", self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        # Staff copy emails and numbers into other systems.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def selected_enrollment(self) -> EnrollmentSummary | None:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_enrollment(self, enrollment_id: uuid.UUID) -> bool:
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found is not None and found.id == enrollment_id:
                self.table_view.selectRow(row)
                self.table_view.scrollTo(self.model.index(row, 0))
                return True
        return False

    def clear(self, message: str) -> None:
        """No student on screen (another person signed in, or a new search is being typed)."""
        self._latest.invalidate()
        self.student = None
        self.name_label.setText(message)
        for label in (self.number_label, self.email_label, self.phone_label):
            label.setText("—")
        self.model.set_rows([])
        self.error_label.hide()
        self.message_label.setText(self.tr("Select a student to see their enrollments."))
        self.message_label.show()
        self.selection_changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table_view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._activate()
            return True
        return super().eventFilter(watched, event)

    def _activate(self) -> None:
        enrollment = self.selected_enrollment()
        if enrollment is not None:
            self.activated.emit(enrollment)

    def show_student(self, student: StudentSummary) -> None:
        """Show `student` at once and load their enrollments in the background.

        The same student again keeps the enrollment selected; another student gets the first
        enrollment with a balance selected."""
        same = self.student is not None and self.student.id == student.id
        chosen = self.selected_enrollment()
        keep = chosen.id if same and chosen is not None else None
        self.student = student
        self.name_label.setText(student.display_name)
        self.number_label.setText(student.student_number)
        self.email_label.setText(student.email)
        self.phone_label.setText(format_phone(student.phone) or "—")
        self.model.set_rows([])
        self.error_label.hide()
        self.message_label.setText(self.tr("Loading enrollments…"))
        self.message_label.show()
        guard = self._latest.ticket()
        (
            Operation(self._directory.enrollments, student.id)
            .success(guard(lambda rows: self._show_enrollments(student, rows, keep)))
            .failure(guard(self._show_error))
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_enrollments(self, student: StudentSummary, enrollments: list[EnrollmentSummary],
                          keep: uuid.UUID | None) -> None:
        self.model.set_rows(enrollments)
        owing = next((e for e in enrollments if e.balance_cents > 0), None)
        if keep is not None and self.select_enrollment(keep):
            pass
        elif keep is None and owing is not None:
            self.select_enrollment(owing.id)
        self.selection_changed.emit()
        if enrollments:
            self.message_label.hide()
        else:
            self.message_label.setText(
                self.tr("{display_name} has no enrollments yet.").format(display_name=student.display_name)
            )
            self.message_label.show()
        self.enrollments_loaded.emit(student.id)

    def _show_error(self, error: BaseException) -> None:
        message = describe_error(error)
        self.message_label.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self.loading_failed.emit(message)

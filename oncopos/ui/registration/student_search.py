"""Find a student while they stand at the desk: type, arrow down, Enter."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from oncopos.services.records import StudentSummary
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.operations import Executor, LatestOnly, Operation, describe_error
from oncopos.ui.table_model import RowTableModel

logger = logging.getLogger(__name__)

SEARCH_PLACEHOLDER = QT_TRANSLATE_NOOP("student_search", "Search by name, email, phone or student number")
#: Long enough to skip the keystrokes of a word typed in one go, short enough to feel instant.
DEBOUNCE_MS = 120

_Index = QModelIndex | QPersistentModelIndex


def format_phone(phone: str | None) -> str:
    """``+14185551904`` (E.164, as stored) -> ``+1 418-555-1904``, as staff read it aloud.

    Numbers outside North America are shown as stored.
    """
    if not phone:
        return ""
    if len(phone) == 12 and phone.startswith("+1") and phone[2:].isdigit():
        return f"+1 {phone[2:5]}-{phone[5:8]}-{phone[8:]}"
    return phone


class StudentSearcher(Protocol):
    def search(self, text: str, limit: int = 50) -> list[StudentSummary]: ...


class StudentTableModel(RowTableModel[StudentSummary]):
    """Search results, one row per student."""

    HEADERS = (
        QT_TRANSLATE_NOOP("StudentTableModel", "Student number"),
        QT_TRANSLATE_NOOP("StudentTableModel", "Name"),
        QT_TRANSLATE_NOOP("StudentTableModel", "Email"),
        QT_TRANSLATE_NOOP("StudentTableModel", "Phone"),
    )
    NUMBER, NAME, EMAIL, PHONE = range(4)

    def display(self, student: StudentSummary, column: int) -> str:
        return (student.student_number, student.display_name, student.email, format_phone(student.phone))[column]

    def tooltip(self, student: StudentSummary, column: int) -> str | None:
        if column == self.NAME and student.preferred_name:
            # The desk calls people by their preferred name; the legal name is on the invoice.
            return self.tr("Legal name: {first_name} {last_name}").format(
                first_name=student.first_name, last_name=student.last_name
            )
        return None


class StudentSearchWidget(QWidget):
    """A search box over a results table; emits `student_selected` on Enter or click."""

    student_selected = Signal(object)  # StudentSummary
    search_completed = Signal(str)  # the text whose results are now shown
    search_failed = Signal(str)  # the message shown

    def __init__(
        self,
        directory: StudentSearcher,
        executor: Executor,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        limit: int = 50,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._executor = executor
        self._limit = limit
        self._latest = LatestOnly()
        self._in_flight: Operation[list[StudentSummary]] | None = None
        self._select_on_arrival = False

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("studentSearchEdit")
        self.search_edit.setPlaceholderText(QCoreApplication.translate("student_search", SEARCH_PLACEHOLDER))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Student search"))
        self.search_edit.installEventFilter(self)

        self.model = StudentTableModel(self)
        self.results_view = QTableView(self)
        self.results_view.setObjectName("studentResultsView")
        self.results_view.setModel(self.model)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setWordWrap(False)
        self.results_view.verticalHeader().hide()
        header = self.results_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results_view.setAccessibleName(self.tr("Matching students"))
        self.results_view.installEventFilter(self)
        self.results_view.clicked.connect(self.on_result_clicked)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyStateLabel")
        self.empty_label.setWordWrap(True)
        # What was typed is shown as typed: "<b>" must not turn into bold text.
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.results_view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.on_debounce_timeout)
        self.search_edit.textChanged.connect(self.on_text_changed)

    # -- searching -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def on_text_changed(self, _text: str) -> None:
        self._select_on_arrival = False
        self._debounce.start()

    def on_debounce_timeout(self) -> None:
        self.start_search(self.search_edit.text())

    def start_search(self, text: str) -> None:
        text = text.strip()
        if self._in_flight is not None:
            # Not started yet: never run it. Already running: its answer is stale anyway.
            self._in_flight.cancel()
            self._in_flight = None
        if not text:
            self._latest.invalidate()
            self._show_results("", [])
            return
        guard = self._latest.ticket()
        self._in_flight = (
            Operation(self._directory.search, text, limit=self._limit)
            .success(guard(lambda students: self._show_results(text, students)))
            .failure(guard(self._show_error))
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_results(self, text: str, students: list[StudentSummary]) -> None:
        self._in_flight = None
        self.error_label.hide()
        self.model.set_rows(students)
        if text and not students:
            self.empty_label.setText(
                self.tr("No student matches '{text}'. Check the spelling or search by email or phone.").format(text=text)
            )
            self.empty_label.show()
        else:
            self.empty_label.hide()
        if students:
            # Ready for Enter without touching the mouse: the first match is the likely one.
            self.results_view.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.search_completed.emit(text)
        if self._select_on_arrival:
            self._select_on_arrival = False
            self.select_current()

    def _show_error(self, error: BaseException) -> None:
        self._in_flight = None
        self._select_on_arrival = False
        message = describe_error(error)
        self.empty_label.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self.search_failed.emit(message)

    # -- choosing ------------------------------------------------------------------------------

    def current_student(self) -> StudentSummary | None:
        index = self.results_view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_current(self) -> None:
        student = self.current_student()
        if student is not None:
            self.student_selected.emit(student)

    def on_result_clicked(self, index: QModelIndex) -> None:
        student = self.model.row_at(index.row())
        if student is not None:
            self.student_selected.emit(student)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.search_edit:
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self._move_into_results()
                return True
            if enter:
                if self._debounce.isActive() or self._in_flight is not None:
                    # The rows on screen belong to older text: search now, choose on arrival.
                    self._select_on_arrival = True
                    if self._debounce.isActive():
                        self._debounce.stop()
                        self.start_search(self.search_edit.text())
                    return True
                self.select_current()
                return True
        elif watched is self.results_view:
            if enter:
                self.select_current()
                return True
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.results_view.currentIndex().row() <= 0):
                self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _move_into_results(self) -> None:
        self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.results_view.currentIndex().isValid():
            self.results_view.selectRow(0)

"""The manager's course catalogue: courses on top, the selected course's sections below.

A window of its own (not modal): a manager setting up next term keeps it open beside the desk.
Enter on a course or a section edits it; Ctrl+N adds a course, Ctrl+Shift+N a section.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.services.registration_records import CourseView, SectionView
from oncopos.ui.catalogue.editors import CatalogueEditPort, CourseEditorDialog, SectionEditorDialog
from oncopos.ui.catalogue.models import CourseTableModel, SectionTableModel
from oncopos.ui.operations import Executor, LatestOnly, Operation, describe_error


class CataloguePort(CatalogueEditPort, Protocol):
    def courses(self, actor: Actor, *, include_inactive: bool = False) -> list[CourseView]: ...
    def sections(self, actor: Actor, course_id: uuid.UUID) -> list[SectionView]: ...


def _table(parent: QWidget, name: str, model: object, stretch: int) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class CatalogueView(QDialog):
    def __init__(
        self, service: CataloguePort, executor: Executor, actor: Actor, *, locale: str = "en-CA", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._executor, self._actor, self._locale = service, executor, actor, locale
        self._latest_sections = LatestOnly()
        self.editor: QDialog | None = None
        self._pending_section: uuid.UUID | None = None  # selected once its course's sections arrive
        self.setObjectName("catalogueView")
        self.setWindowTitle(self.tr("Course catalogue"))
        self.setModal(False)
        self.resize(1100, 680)

        self.course_model = CourseTableModel(locale, self)
        self.courses_view = _table(self, "coursesView", self.course_model, CourseTableModel.NAME)
        self.courses_view.setAccessibleName(self.tr("Courses"))
        self.courses_view.selectionModel().currentRowChanged.connect(lambda *_: self.on_course_changed())
        self.courses_view.activated.connect(lambda _i: self.on_edit_course())
        self.section_model = SectionTableModel(self)
        self.sections_view = _table(self, "catalogueSectionsView", self.section_model, SectionTableModel.LOCATION)
        self.sections_view.setAccessibleName(self.tr("Sections of the selected course"))
        self.sections_view.activated.connect(lambda _i: self.on_edit_section())

        self.new_course_button = QPushButton(self.tr("&New course…"), self)
        self.edit_course_button = QPushButton(self.tr("&Edit course…"), self)
        self.new_section_button = QPushButton(self.tr("New &section…"), self)
        self.edit_section_button = QPushButton(self.tr("Edit sec&tion…"), self)
        self.new_course_button.clicked.connect(self.on_new_course)
        self.edit_course_button.clicked.connect(self.on_edit_course)
        self.new_section_button.clicked.connect(self.on_new_section)
        self.edit_section_button.clicked.connect(self.on_edit_section)
        for shortcut, slot in (("Ctrl+N", self.on_new_course), ("Ctrl+Shift+N", self.on_new_section)):
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self.addAction(action)

        self.sections_title = QLabel(self.tr("Sections"), self)
        self.sections_title.setObjectName("fieldCaption")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()

        course_buttons = QHBoxLayout()
        course_buttons.addWidget(QLabel(self.tr("Courses (a price change applies to new enrollments only)"), self))
        course_buttons.addStretch(1)
        course_buttons.addWidget(self.new_course_button)
        course_buttons.addWidget(self.edit_course_button)
        section_buttons = QHBoxLayout()
        section_buttons.addWidget(self.sections_title)
        section_buttons.addStretch(1)
        section_buttons.addWidget(self.new_section_button)
        section_buttons.addWidget(self.edit_section_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addLayout(course_buttons)
        layout.addWidget(self.courses_view, 3)
        layout.addLayout(section_buttons)
        layout.addWidget(self.sections_view, 2)
        self._update_buttons()
        self.reload()

    # -- loading -------------------------------------------------------------------------------

    def reload(self, select_course: uuid.UUID | None = None, select_section: uuid.UUID | None = None) -> None:
        current = self.current_course()
        keep = select_course or (current.id if current else None)
        (
            Operation(self._service.courses, self._actor, include_inactive=True)
            .success(lambda rows: self._show_courses(rows, keep, select_section))
            .failure(self._show_error)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_courses(self, courses: list[CourseView], keep: uuid.UUID | None, section_id: uuid.UUID | None) -> None:
        self.message_label.hide()
        self.course_model.set_rows(courses)
        row = self.course_model.row_of(keep) if keep else -1
        if courses:
            self._select(self.courses_view, max(row, 0))
        self._pending_section = section_id
        self.on_course_changed()

    def current_course(self) -> CourseView | None:
        index = self.courses_view.currentIndex()
        return self.course_model.row_at(index.row()) if index.isValid() else None

    def current_section(self) -> SectionView | None:
        index = self.sections_view.currentIndex()
        return self.section_model.row_at(index.row()) if index.isValid() else None

    def on_course_changed(self) -> None:
        course = self.current_course()
        self.section_model.set_rows([])
        self._update_buttons()
        if course is None:
            self.sections_title.setText(self.tr("Sections"))
            return
        self.sections_title.setText(self.tr("Sections of {code}").format(code=course.code))
        guard = self._latest_sections.ticket()
        (
            Operation(self._service.sections, self._actor, course.id)
            .success(guard(self._show_sections))
            .failure(guard(self._show_error))
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_sections(self, sections: list[SectionView]) -> None:
        self.section_model.set_rows(sections)
        wanted = self._pending_section
        row = self.section_model.row_of(wanted) if wanted else -1
        if row >= 0:
            self._select(self.sections_view, row)
        self._pending_section = None
        self._update_buttons()

    def _select(self, view: QTableView, row: int) -> None:
        view.selectionModel().setCurrentIndex(
            view.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _update_buttons(self) -> None:
        has_course = self.current_course() is not None
        self.edit_course_button.setEnabled(has_course)
        self.new_section_button.setEnabled(has_course)
        self.edit_section_button.setEnabled(self.section_model.rowCount() > 0)

    def _show_error(self, error: BaseException) -> None:
        self.message_label.setText(describe_error(error))
        self.message_label.show()

    # -- editing -------------------------------------------------------------------------------

    def on_new_course(self) -> None:
        self._open(CourseEditorDialog(self._service, self._executor, self._actor, locale=self._locale, parent=self))

    def on_edit_course(self) -> None:
        course = self.current_course()
        if course is not None:
            self._open(CourseEditorDialog(self._service, self._executor, self._actor, course=course, locale=self._locale,
                                          parent=self))

    def on_new_section(self) -> None:
        course = self.current_course()
        if course is not None:
            self._open(SectionEditorDialog(self._service, self._executor, self._actor, course, parent=self))

    def on_edit_section(self) -> None:
        course, section = self.current_course(), self.current_section()
        if course is not None and section is not None:
            self._open(SectionEditorDialog(self._service, self._executor, self._actor, course, section=section, parent=self))

    def _open(self, dialog: QDialog) -> None:
        self.editor = dialog
        dialog.saved.connect(self.on_saved)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def on_saved(self, view: object) -> None:
        if isinstance(view, CourseView):
            self.reload(select_course=view.id)
        elif isinstance(view, SectionView):
            self.reload(select_course=view.course_id, select_section=view.id)

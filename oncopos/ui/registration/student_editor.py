"""Add a walk-in student or correct a student's details, with the messages beside the fields.

Each field is checked as the registrar leaves it, with the same domain rules the service applies
(so the desk and the database never disagree). Save runs in the background; a likely duplicate
comes back as a panel listing the existing records, with "Open this student" and "Save as a
different person" — never a silent second record.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.contact import display_phone, normalize_phone, normalize_postal_code
from oncopos.domain.errors import InvalidInput
from oncopos.domain.student_record import FieldErrors, StudentDraft, validate_student
from oncopos.services.records import StudentSummary
from oncopos.services.registration import LikelyDuplicate, describe_match
from oncopos.services.registration_records import StudentRecord
from oncopos.ui.form_fields import FieldForm, line_edit, province_combo, select_data
from oncopos.ui.operations import Executor, Operation, describe_error

logger = logging.getLogger(__name__)


class RegistrationPort(Protocol):
    """What the editor needs from `oncopos.services.registration.RegistrationService`."""

    def today(self) -> date: ...
    def get_student(self, actor: Actor, student_id: uuid.UUID) -> StudentRecord: ...
    def add_student(self, actor: Actor, draft: StudentDraft, *,
                    not_duplicate_of: Collection[uuid.UUID] = ()) -> StudentRecord: ...
    def update_student(
        self, actor: Actor, student_id: uuid.UUID, draft: StudentDraft, *, expected_version: int | None = None,
        not_duplicate_of: Collection[uuid.UUID] = (),
    ) -> StudentRecord: ...


TEXT_FIELDS = ("first_name", "last_name", "preferred_name", "email", "phone", "address_line1", "address_line2", "city",
               "postal_code", "date_of_birth")


class StudentEditorDialog(QDialog):
    """New student when `student_id` is None; otherwise loads and edits that student."""

    student_saved = Signal(object)  # StudentRecord
    open_existing_requested = Signal(object)  # StudentSummary: the registrar chose the existing record

    def __init__(
        self,
        service: RegistrationPort,
        executor: Executor,
        actor: Actor,
        *,
        student_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._executor = executor
        self._actor = actor
        self._student_id = student_id
        self._record: StudentRecord | None = None
        self._touched: set[str] = set()
        self._confirmed_different: set[uuid.UUID] = set()
        self._matches: list[StudentSummary] = []
        self.saving = False

        self.setObjectName("studentEditorDialog")
        self.setWindowTitle(self.tr("New student") if student_id is None else self.tr("Edit student"))
        self.setModal(True)
        self.setMinimumWidth(640)

        self.heading = QLabel(self.tr("New student") if student_id is None else self.tr("Loading the student…"), self)
        self.heading.setObjectName("studentNameLabel")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)

        self.form = FieldForm(self)
        f = self.form
        self.first_name = f.add("first_name", self.tr("&First name *"), line_edit(self, max_length=100))
        self.last_name = f.add("last_name", self.tr("&Last name *"), line_edit(self, max_length=100))
        self.preferred_name = f.add("preferred_name", self.tr("P&referred name"),
                                    line_edit(self, placeholder=self.tr("What the student likes to be called"), max_length=100))
        self.email = f.add("email", self.tr("&Email *"), line_edit(self, placeholder=self.tr("name@example.ca"), max_length=254))
        self.phone = f.add("phone", self.tr("&Phone"), line_edit(self, placeholder="416-555-0123", max_length=32))
        self.address_line1 = f.add(
            "address_line1", self.tr("&Address"), line_edit(self, placeholder=self.tr("Street and number"))
        )
        self.address_line2 = f.add("address_line2", "", line_edit(self, placeholder=self.tr("Apartment, suite (optional)")))
        self.city = f.add("city", self.tr("Ci&ty"), line_edit(self, max_length=100))
        self.province = f.add("province", self.tr("Pro&vince"), province_combo(self))
        self.postal_code = f.add("postal_code", self.tr("Postal &code"), line_edit(self, placeholder="M5V 2T6", max_length=7))
        self.date_of_birth = f.add("date_of_birth", self.tr("&Date of birth"),
                                   line_edit(self, placeholder=self.tr("YYYY-MM-DD (optional)"), max_length=10))
        self.language = QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("Français", "fr")
        f.add("preferred_language", self.tr("Lan&guage"), self.language)

        for name in TEXT_FIELDS:
            edit = f.fields[name]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(lambda n=name: self.on_field_left(n))
        self.province.currentIndexChanged.connect(lambda _i: self.on_field_left("province"))

        self.duplicate_panel = self._build_duplicate_panel()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.on_save_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(f.layout)
        layout.addWidget(self.duplicate_panel)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if student_id is not None:
            self._set_enabled(False)
            (
                Operation(service.get_student, actor, student_id)
                .success(self._fill)
                .failure(self._show_failure)
                .owned_by(self)
                .run_in(executor)
            )
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_duplicate_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("duplicatePanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setStyleSheet("#duplicatePanel { background: #fff4e5; border: 1px solid #c77c00; border-radius: 4px; }")
        self.duplicate_label = QLabel(panel)
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate_list = QListWidget(panel)
        self.duplicate_list.setObjectName("duplicateList")
        self.duplicate_list.setAccessibleName(self.tr("Existing students who may be the same person"))
        self.duplicate_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.duplicate_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.open_existing_button = QPushButton(self.tr("&Open this student"), panel)
        self.open_existing_button.clicked.connect(self.on_open_existing_clicked)
        self.save_anyway_button = QPushButton(self.tr("Save as a &different person"), panel)
        self.save_anyway_button.clicked.connect(self.on_save_anyway_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_existing_button)
        row.addWidget(self.save_anyway_button)
        column = QVBoxLayout(panel)
        column.addWidget(self.duplicate_label)
        column.addWidget(self.duplicate_list)
        column.addLayout(row)
        panel.hide()
        return panel

    # -- reading the form ----------------------------------------------------------------------

    def draft(self) -> StudentDraft:
        def text(name: str) -> str:
            widget = self.form.fields[name]
            assert isinstance(widget, QLineEdit)
            return widget.text()

        return StudentDraft(
            **{name: text(name) for name in TEXT_FIELDS},
            province=self.province.currentData() or "",
            preferred_language=self.language.currentData() or "en",
        )

    def _fill(self, record: StudentRecord) -> None:
        self._record = record
        self.heading.setText(f"{record.first_name} {record.last_name} · {record.student_number}")
        values = {
            "first_name": record.first_name, "last_name": record.last_name, "preferred_name": record.preferred_name,
            "email": record.email, "phone": display_phone(record.phone), "address_line1": record.address_line1,
            "address_line2": record.address_line2, "city": record.city, "postal_code": record.postal_code,
            "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else "",
        }
        for name, value in values.items():
            widget = self.form.fields[name]
            assert isinstance(widget, QLineEdit)
            widget.setText(value or "")
        select_data(self.province, record.province or "")
        select_data(self.language, record.preferred_language)
        self._set_enabled(True)
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in self.form.fields.values():
            widget.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    # -- checking as the registrar goes --------------------------------------------------------

    def on_field_left(self, name: str) -> None:
        self._touched.add(name)
        if name == "province" and self.postal_code.text().strip():
            self._touched.add("postal_code")  # the code is judged against the province
        self._tidy(name)
        self.form.show_errors(self._current_errors(), only=self._touched)
        self.adjustSize()

    def _tidy(self, name: str) -> None:
        """Show a value the way it will be stored once it is valid: 4165550123 -> +1 416-555-0123."""
        try:
            if name == "phone":
                phone = normalize_phone(self.phone.text())
                if phone:
                    self.phone.setText(phone.display)
            elif name == "postal_code":
                code = normalize_postal_code(self.postal_code.text(), None)
                if code:
                    self.postal_code.setText(code)
        except InvalidInput:
            pass  # the message is shown by the full check

    def _current_errors(self) -> dict[str, str]:
        try:
            validate_student(self.draft(), today=self._service.today())
        except FieldErrors as exc:
            return exc.texts(None)
        return {}

    # -- saving --------------------------------------------------------------------------------

    def on_save_clicked(self) -> None:
        errors = self._current_errors()
        self._touched.update(self.form.errors)
        self.form.show_errors(errors)
        self.adjustSize()
        if errors:
            widget = self.form.first_error_field()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._save()

    def on_save_anyway_clicked(self) -> None:
        self._confirmed_different.update(m.id for m in self._matches)
        self._save()

    def on_open_existing_clicked(self) -> None:
        row = max(self.duplicate_list.currentRow(), 0)
        if self._matches:
            self.open_existing_requested.emit(self._matches[row])
            self.reject()

    def _save(self) -> None:
        self.saving = True
        self._set_enabled(False)
        self.duplicate_panel.setEnabled(False)
        self.error_label.hide()
        draft = self.draft()
        if self._student_id is None:
            op = Operation(self._service.add_student, self._actor, draft, not_duplicate_of=set(self._confirmed_different))
        else:
            version = self._record.version if self._record else None
            op = Operation(
                self._service.update_student, self._actor, self._student_id, draft, expected_version=version,
                not_duplicate_of=set(self._confirmed_different),
            )
        op.success(self._saved).failure(self._show_failure).owned_by(self).with_progress(
            self.tr("Saving the student…"), self
        ).run_in(self._executor)

    def _saved(self, record: StudentRecord) -> None:
        self.saving = False
        self.student_saved.emit(record)
        self.accept()

    def _show_failure(self, error: BaseException) -> None:
        self.saving = False
        self._set_enabled(True)
        self.duplicate_panel.setEnabled(True)
        if isinstance(error, LikelyDuplicate):
            self._show_duplicates(error)
            return
        if isinstance(error, FieldErrors):
            self.form.show_errors(error.texts(None))
            return
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def _show_duplicates(self, error: LikelyDuplicate) -> None:
        self._matches = list(error.matches)
        self.duplicate_label.setText(
            QCoreApplication.translate(
                "StudentEditorDialog", "Already registered? The student(s) below have {reason}. Open the existing record, or "
                "save as a different person.", None, len(self._matches)).format(reason=error.reason)
        )
        self.duplicate_list.clear()
        for match in self._matches:
            item = QListWidgetItem(describe_match(match), self.duplicate_list)
            item.setData(Qt.ItemDataRole.UserRole, match)
            item.setToolTip(item.text())
        self.duplicate_list.setCurrentRow(0)
        row_height = self.duplicate_list.sizeHintForRow(0)
        self.duplicate_list.setFixedHeight(row_height * min(len(self._matches), 4) + 2 * self.duplicate_list.frameWidth() + 4)
        self.duplicate_panel.show()
        self.adjustSize()  # a top-level dialog does not grow by itself when content appears
        self.open_existing_button.setFocus(Qt.FocusReason.OtherFocusReason)

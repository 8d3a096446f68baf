"""The manager's editors for one course and one section, with messages under the fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.catalogue import CourseDraft, SectionDraft, validate_course, validate_section, weekly_hours_text
from oncopos.domain.money import format_cents
from oncopos.domain.student_record import FieldErrors
from oncopos.domain.tax import default_basis
from oncopos.domain.tuition import TuitionClass
from oncopos.services.registration_records import CourseView, SectionView
from oncopos.ui.catalogue.models import KIND_LABELS, TREATMENT_LABELS
from oncopos.ui.form_fields import FieldForm, line_edit, province_combo, select_data
from oncopos.ui.operations import Executor, Operation, describe_error


class CatalogueEditPort(Protocol):
    def save_course(
        self, actor: Actor, draft: CourseDraft, *, course_id: uuid.UUID | None = None, expected_version: int | None = None
    ) -> CourseView: ...
    def save_section(
        self, actor: Actor, course_id: uuid.UUID, draft: SectionDraft, *, section_id: uuid.UUID | None = None,
        expected_version: int | None = None,
    ) -> SectionView: ...


class _EditorDialog(QDialog):
    """Shared mechanics: check locally, save in the background, show errors where they belong."""

    saved = Signal(object)

    def __init__(self, executor: Executor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._executor = executor
        self.form = FieldForm(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.saving = False

    def _finish_layout(self, heading: str, check: Callable[[], object], operation: Callable[[], Operation[object]]) -> None:
        """`check` raises FieldErrors for what can be seen locally; `operation` builds the save call."""
        self._check = check
        self._operation = operation
        title = QLabel(heading, self)
        title.setObjectName("studentNameLabel")
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def on_save_clicked(self) -> None:
        try:
            self._check()
        except FieldErrors as exc:
            self._show_failure(exc)
            return
        self.form.show_errors({})
        self.error_label.hide()
        self.saving = True
        self.save_button.setEnabled(False)
        self._operation().success(self._saved).failure(self._show_failure).owned_by(self).with_progress(
            self.tr("Saving…"), self
        ).run_in(self._executor)

    def _saved(self, view: object) -> None:
        self.saving = False
        self.saved.emit(view)
        self.accept()

    def _show_failure(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, FieldErrors):
            self.form.show_errors(error.texts(None))
            self.adjustSize()  # a top-level dialog does not grow by itself when messages appear
            widget = self.form.first_error_field()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.error_label.setText(describe_error(error))
        self.error_label.show()


class CourseEditorDialog(_EditorDialog):
    def __init__(
        self, service: CatalogueEditPort, executor: Executor, actor: Actor, *, course: CourseView | None = None,
        locale: str = "en-CA", parent: QWidget | None = None,
    ) -> None:
        super().__init__(executor, parent)
        self._service, self._actor, self._course, self._locale = service, actor, course, locale
        self.setObjectName("courseEditorDialog")
        self.setWindowTitle(self.tr("New course") if course is None else self.tr("Edit course {code}").format(code=course.code))
        self.setMinimumWidth(720)  # the legal basis's French example reads whole
        f = self.form
        self.code = f.add("code", self.tr("&Code *"), line_edit(self, placeholder="OAP-100", max_length=20))
        self.name = f.add("name", self.tr("&Name *"), line_edit(self))
        self.description = f.add("description", self.tr("&Description"), QPlainTextEdit(self))
        self.description.setFixedHeight(48)  # two lines show; it scrolls
        self.description.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.kind = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(QCoreApplication.translate("models", label), kind)
        f.add("kind", self.tr("&Kind"), self.kind, hint=self.tr("A kit is goods: always taxable, PST included where it applies."))
        example = format_cents(650_000, locale, currency=False)  # « 6 500,00 » on a French desk
        self.price = f.add("price", self.tr("&Price before tax *"), line_edit(self, placeholder=example, max_length=20))
        self.treatment = QComboBox(self)
        for treatment, label in TREATMENT_LABELS.items():
            self.treatment.addItem(QCoreApplication.translate("models", label), treatment)
        f.add("tax_treatment", self.tr("&Tax treatment"), self.treatment)
        self.basis = f.add(
            "tax_basis", self.tr("Legal &basis"), QPlainTextEdit(self),
            hint=self.tr("Printed on invoices for exempt and zero-rated courses. Left empty, the standard text is used."),
        )
        self.basis.setFixedHeight(48)
        self.basis.setTabChangesFocus(True)
        self.province = f.add(
            "delivery_province",
            self.tr("Delivery pro&vince"),
            province_combo(self, empty_label=self.tr("The desk's province"), locale=locale),
            hint=self.tr(
                "Where the course is given decides the tax. Leave it to the desk's province for courses given at each desk."
            ),
        )
        self.deposit = f.add(
            "min_first_payment",
            self.tr("&Minimum first payment"),
            line_edit(self, placeholder=self.tr("Empty: no deposit rule"), max_length=20),
        )
        self.tuition_class = QComboBox(self)
        for value, label in ((TuitionClass.POST_SECONDARY.value, self.tr("Post-secondary level")),
                             (TuitionClass.OCCUPATIONAL.value, self.tr("Occupational skills (students 16 or older)")),
                             (TuitionClass.NOT_TUITION.value, self.tr("Not tuition (no T2202)"))):
            self.tuition_class.addItem(label, value)
        select_data(self.tuition_class, TuitionClass.OCCUPATIONAL.value)
        f.add("tuition_class", self.tr("T2202 c&lass"), self.tuition_class,
              hint=self.tr("How the fees count on the students' T2202 tuition slips."))
        self.tuition_basis = f.add("tuition_basis", self.tr("T2202 r&eason"),
                                   line_edit(self, placeholder=self.tr("e.g. certified by ESDC, diploma program")))
        self.active = QCheckBox(self.tr("Offered (students can enroll)"), self)
        self.active.setChecked(True)
        f.add("active", "", self.active)
        self.treatment.currentIndexChanged.connect(lambda _i: self._update_basis())
        self.kind.currentIndexChanged.connect(lambda _i: self._update_tuition_class())
        if course is not None:
            self.code.setText(course.code)
            self.name.setText(course.name)
            self.description.setPlainText(course.description)
            select_data(self.kind, course.kind)
            self.price.setText(format_cents(course.price_cents, locale, currency=False))
            select_data(self.treatment, course.tax_treatment)
            self.basis.setPlainText(course.tax_basis or "")
            select_data(self.province, course.delivery_province or "")
            if course.min_first_payment_cents:
                self.deposit.setText(format_cents(course.min_first_payment_cents, locale, currency=False))
            self.active.setChecked(course.active)
            select_data(self.tuition_class, course.tuition_class)
            self.tuition_basis.setText(course.tuition_basis or "")
        self._update_basis()
        self._update_tuition_class()
        self._finish_layout(
            self.tr("New course") if course is None else f"{course.code} {course.name}", self._validate, self._save_call
        )
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_basis(self) -> None:
        taxable = self.treatment.currentData() == "taxable"
        self.basis.setEnabled(not taxable)
        self.basis.setPlaceholderText("" if taxable else default_basis(self.treatment.currentData(), self._locale) or "")

    def _update_tuition_class(self) -> None:
        # A kit is goods, never tuition: the class follows the kind.
        kit = self.kind.currentData() == "kit"
        if kit:
            select_data(self.tuition_class, TuitionClass.NOT_TUITION.value)
        self.tuition_class.setEnabled(not kit)

    def draft(self) -> CourseDraft:
        return CourseDraft(
            code=self.code.text(), name=self.name.text(), description=self.description.toPlainText(),
            kind=self.kind.currentData(), price=self.price.text(), tax_treatment=self.treatment.currentData(),
            tax_basis=self.basis.toPlainText(), delivery_province=self.province.currentData() or "",
            min_first_payment=self.deposit.text(), active=self.active.isChecked(),
            tuition_class=self.tuition_class.currentData(), tuition_basis=self.tuition_basis.text(),
        )

    def _validate(self) -> object:
        basis = default_basis(self.treatment.currentData(), self._locale)
        return validate_course(self.draft(), locale=self._locale, default_basis=basis)

    def _save_call(self) -> Operation[object]:
        course = self._course
        return Operation(
            self._service.save_course, self._actor, self.draft(),
            course_id=course.id if course else None, expected_version=course.version if course else None,
        )


class SectionEditorDialog(_EditorDialog):
    def __init__(
        self, service: CatalogueEditPort, executor: Executor, actor: Actor, course: CourseView, *,
        section: SectionView | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(executor, parent)
        self._service, self._actor, self._course, self._section = service, actor, course, section
        self.setObjectName("sectionEditorDialog")
        self.setWindowTitle(
            self.tr("New section") if section is None else self.tr("Edit section {code}").format(code=section.code)
        )
        self.setMinimumWidth(600)  # the campus's French address reads whole
        f = self.form
        self.code = f.add("code", self.tr("&Code *"), line_edit(self, placeholder=f"{course.code}-2701", max_length=30))
        self.start = f.add("start_date", self.tr("&Start date"),
                           line_edit(self, placeholder=self.tr("YYYY-MM-DD"), max_length=10))
        self.end = f.add(
            "end_date", self.tr("&End date"), line_edit(self, placeholder=self.tr("YYYY-MM-DD (empty: one day)"), max_length=10)
        )
        self.schedule = f.add("schedule", self.tr("Sc&hedule"), line_edit(self, placeholder=self.tr("Mon and Wed 9:00-16:00")))
        self.location = f.add("location", self.tr("&Location"),
                              line_edit(self, placeholder=self.tr("OncoOne Toronto campus, 100 King Street West")))
        self.capacity = f.add(
            "capacity", self.tr("Ca&pacity"), line_edit(self, placeholder=self.tr("Empty: no limit"), max_length=5)
        )
        self.weekly_hours = f.add(
            "weekly_hours", self.tr("&Weekly hours"),
            line_edit(self, placeholder=self.tr("e.g. 12 or 7:30; empty: not set"), max_length=8),
            hint=self.tr("Hours of instruction a week: they make the full-time and part-time months of T2202 slips."),
        )
        if section is not None:
            self.code.setText(section.code)
            self.start.setText(section.start_date.isoformat() if section.start_date else "")
            self.end.setText(section.end_date.isoformat() if section.end_date else "")
            self.schedule.setText(section.schedule)
            self.location.setText(section.location)
            self.capacity.setText(str(section.capacity) if section.capacity is not None else "")
            self.weekly_hours.setText(weekly_hours_text(section.minutes_per_week))
        heading = (
            self.tr("{code}: new section").format(code=course.code)
            if section is None
            else self.tr("{code}: section {code2}").format(code=course.code, code2=section.code)
        )
        self._finish_layout(heading, lambda: validate_section(self.draft()), self._save_call)
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def draft(self) -> SectionDraft:
        return SectionDraft(
            code=self.code.text(), start_date=self.start.text(), end_date=self.end.text(),
            schedule=self.schedule.text(), location=self.location.text(), capacity=self.capacity.text(),
            weekly_hours=self.weekly_hours.text(),
        )

    def _save_call(self) -> Operation[object]:
        section = self._section
        return Operation(
            self._service.save_section, self._actor, self._course.id, self.draft(),
            section_id=section.id if section else None, expected_version=section.version if section else None,
        )

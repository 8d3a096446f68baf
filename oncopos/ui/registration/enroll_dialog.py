"""Enroll the student at the desk: pick a course and a section, see the seats, the price and the tax.

The quote shown is the one `EnrollmentService.enroll` freezes (same service call), so what the
registrar reads out is what the invoice will say. A section that filled up meanwhile comes back
as a message naming the next section with a seat, which is then selected.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.enrollment_rules import SectionFull
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_name, province_name
from oncopos.services.records import StudentSummary
from oncopos.services.registration_records import CourseView, EnrollmentQuote, EnrollResult, SectionView
from oncopos.ui.catalogue.models import TREATMENT_LABELS, SectionTableModel
from oncopos.ui.i18n import label_for
from oncopos.ui.operations import Executor, LatestOnly, Operation, describe_error

logger = logging.getLogger(__name__)


class CourseListPort(Protocol):
    def courses(self, actor: Actor, *, include_inactive: bool = False) -> list[CourseView]: ...


class EnrollPort(Protocol):
    def open_sections(self, actor: Actor, course_id: uuid.UUID) -> list[SectionView]: ...
    def quote(self, actor: Actor, course_id: uuid.UUID) -> EnrollmentQuote: ...
    def enroll(self, actor: Actor, student_id: uuid.UUID, section_id: uuid.UUID) -> EnrollResult: ...


class EnrollDialog(QDialog):
    enrolled = Signal(object)  # EnrollResult

    def __init__(
        self,
        catalogue: CourseListPort,
        enrollments: EnrollPort,
        executor: Executor,
        actor: Actor,
        student: StudentSummary,
        *,
        locale: str = "en-CA",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._enrollments = enrollments
        self._executor = executor
        self._actor = actor
        self._student = student
        self._locale = locale
        self._latest = LatestOnly()
        self.quote: EnrollmentQuote | None = None
        self.loading = True

        self.setObjectName("enrollDialog")
        self.setWindowTitle(self.tr("Enroll {display_name}").format(display_name=student.display_name))
        self.setModal(True)
        self.resize(880, 540)

        heading = QLabel(
            self.tr("Enroll {display_name} ({student_number})").format(
                display_name=student.display_name, student_number=student.student_number
            ),
            self,
        )
        heading.setObjectName("studentNameLabel")
        heading.setTextFormat(Qt.TextFormat.PlainText)

        self.course_combo = QComboBox(self)
        self.course_combo.setObjectName("courseCombo")
        self.course_combo.setAccessibleName(self.tr("Course"))
        self.course_combo.currentIndexChanged.connect(self.on_course_changed)
        course_form = QFormLayout()
        course_caption = QLabel(self.tr("&Course"), self)
        course_caption.setBuddy(self.course_combo)
        course_form.addRow(course_caption, self.course_combo)

        self.sections_model = SectionTableModel(self)
        self.sections_view = QTableView(self)
        self.sections_view.setObjectName("sectionsView")
        self.sections_view.setAccessibleName(self.tr("Sections"))
        self.sections_view.setModel(self.sections_model)
        self.sections_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sections_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sections_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections_view.verticalHeader().hide()
        self.sections_view.setAlternatingRowColors(True)
        header = self.sections_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SectionTableModel.LOCATION, QHeaderView.ResizeMode.Stretch)
        self.sections_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.sections_view.doubleClicked.connect(lambda _i: self.on_enroll_clicked())

        self.quote_label = QLabel(self)
        self.quote_label.setObjectName("quoteLabel")
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deposit_label = QLabel(self)
        self.deposit_label.setObjectName("depositLabel")
        self.deposit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.deposit_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorLabel")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.enroll_button = self.buttons.addButton(self.tr("&Enroll"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.setDefault(True)
        self.enroll_button.setEnabled(False)
        self.buttons.accepted.connect(self.on_enroll_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(course_form)
        layout.addWidget(self.sections_view, 1)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.deposit_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        (
            Operation(catalogue.courses, actor)
            .success(self._show_courses)
            .failure(self._show_error)
            .owned_by(self)
            .run_in(executor)
        )

    # -- loading -------------------------------------------------------------------------------

    def _show_courses(self, courses: list[CourseView]) -> None:
        self.course_combo.blockSignals(True)
        self.course_combo.clear()
        for course in courses:
            price = format_cents(course.price_cents, self._locale)
            self.course_combo.addItem(f"{course.code} — {course.name} ({price})", course)
        self.course_combo.blockSignals(False)
        if not courses:
            self.loading = False
            self._show_message(self.tr("No course is offered yet. A manager adds courses under Manager > Course catalogue."))
            return
        self.on_course_changed(0)
        self.course_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_course(self) -> CourseView | None:
        course = self.course_combo.currentData()
        return course if isinstance(course, CourseView) else None

    def on_course_changed(self, _index: int) -> None:
        course = self.current_course()
        if course is None:
            return
        self.loading = True
        self.sections_model.set_rows([])
        self.quote = None
        self.quote_label.setText(self.tr("Loading sections and price…"))
        self.deposit_label.clear()
        self.message_label.hide()
        self._update_button()
        guard = self._latest.ticket()
        actor, service = self._actor, self._enrollments
        (
            Operation(lambda: (service.open_sections(actor, course.id), service.quote(actor, course.id)))
            .success(guard(self._show_sections_and_quote))
            .failure(guard(self._show_error))
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_sections_and_quote(self, loaded: tuple[list[SectionView], EnrollmentQuote]) -> None:
        sections, quote = loaded
        self.loading = False
        self.quote = quote
        self.sections_model.set_rows(sections)
        first_open = next((i for i, s in enumerate(sections) if not s.is_full), -1)
        if first_open >= 0:
            self._select_row(first_open)
        elif sections:
            self._show_message(self.tr("Every section of this course is full. Ask a manager to add seats or open a section."))
        else:
            self._show_message(self.tr("This course has no section that has not ended. A manager can add one in the catalogue."))
        self.quote_label.setText(self._describe_quote(quote))
        if quote.min_first_payment_cents:
            self.deposit_label.setText(
                self.tr("Deposit rule: the first payment must be at least {amount}.").format(
                    amount=format_cents(quote.min_first_payment_cents, self._locale)
                )
            )
        else:
            self.deposit_label.setText(self.tr("No minimum first payment for this course."))
        self._update_button()

    def _describe_quote(self, q: EnrollmentQuote) -> str:
        money = lambda cents: format_cents(cents, self._locale)  # noqa: E731
        where = province_name(q.tax_province, self._locale)
        lines = [self.tr("Price {amount}").format(amount=money(q.price_cents))]
        if q.tax_treatment == "taxable":
            lines += [f"{component_name(p.name, self._locale)} {p.rate_label}  {money(p.amount_cents)}"
                      for p in q.components if p.amount_cents]
            lines.append(
                self.tr("Total {amount} (taxed in {where}, rates of {isoformat})").format(
                    amount=money(q.total_cents), where=where, isoformat=q.on.isoformat()
                )
            )
        else:
            lines.append(
                self.tr("No tax ({lower}). Total {amount}").format(
                    lower=label_for("models", TREATMENT_LABELS, q.tax_treatment).lower(), amount=money(q.total_cents)
                )
            )
            if q.tax_basis:
                lines.append(q.tax_basis)
        return "\n".join(lines)

    # -- choosing and enrolling ----------------------------------------------------------------

    def current_section(self) -> SectionView | None:
        index = self.sections_view.currentIndex()
        return self.sections_model.row_at(index.row()) if index.isValid() else None

    def _select_row(self, row: int) -> None:
        self.sections_view.selectionModel().setCurrentIndex(
            self.sections_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _update_button(self) -> None:
        section = self.current_section()
        self.enroll_button.setEnabled(not self.loading and section is not None and not section.is_full)
        if section is not None and section.is_full:
            self.enroll_button.setToolTip(self.tr("This section is full: choose another."))
        else:
            self.enroll_button.setToolTip("")

    def on_enroll_clicked(self) -> None:
        section = self.current_section()
        if section is None or section.is_full or self.loading:
            return
        self.loading = True
        self.enroll_button.setEnabled(False)
        self.message_label.hide()
        (
            Operation(self._enrollments.enroll, self._actor, self._student.id, section.id)
            .success(self._enrolled)
            .failure(self._enroll_failed)
            .owned_by(self)
            .with_progress(self.tr("Enrolling…"), self)
            .run_in(self._executor)
        )

    def _enrolled(self, result: EnrollResult) -> None:
        self.loading = False
        self.enrolled.emit(result)
        self.accept()

    def _enroll_failed(self, error: BaseException) -> None:
        self.loading = False
        self._show_error(error)
        if isinstance(error, SectionFull):
            # Seats changed while the dialog was open: reload, then offer the next section.
            next_id = error.next_section.id if error.next_section else None
            course = self.current_course()
            if course is None:
                return
            guard = self._latest.ticket()
            actor, service = self._actor, self._enrollments

            def reloaded(loaded: tuple[list[SectionView], EnrollmentQuote]) -> None:
                message = self.message_label.text()
                self._show_sections_and_quote(loaded)
                row = self.sections_model.row_of(next_id) if next_id else -1
                if row >= 0:
                    self._select_row(row)
                self._show_message(message)

            (
                Operation(lambda: (service.open_sections(actor, course.id), service.quote(actor, course.id)))
                .success(guard(reloaded))
                .failure(guard(self._show_error))
                .owned_by(self)
                .run_in(self._executor)
            )
        self._update_button()

    def _show_error(self, error: BaseException) -> None:
        self.loading = False
        self._show_message(describe_error(error))
        self._update_button()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

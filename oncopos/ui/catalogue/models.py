"""Table models of courses and sections, shared by the catalogue screen and the enroll dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from oncopos.domain.money import format_cents
from oncopos.services.registration_records import CourseView, SectionView
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, label_for
from oncopos.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex

KIND_LABELS = {
    "program": QT_TRANSLATE_NOOP("models", "Program"),
    "workshop": QT_TRANSLATE_NOOP("models", "Workshop"),
    "kit": QT_TRANSLATE_NOOP("models", "Kit"),
}
TREATMENT_LABELS = {
    "taxable": QT_TRANSLATE_NOOP("models", "Taxable"),
    "exempt": QT_TRANSLATE_NOOP("models", "Exempt"),
    "zero_rated": QT_TRANSLATE_NOOP("models", "Zero-rated"),
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: Grey that still reads at 5.7:1 on white: a full section is information, not a disabled control.
_MUTED = QColor("#5b6570")


class _RowsModel(RowTableModel[Any]):
    """The shared table model, plus lookups the catalogue editors need."""

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: object) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)


class CourseTableModel(_RowsModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("CourseTableModel", "Code"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Name"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Kind"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Price"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Tax"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Province"),
        QT_TRANSLATE_NOOP("CourseTableModel", "First payment"),
        QT_TRANSLATE_NOOP("CourseTableModel", "Status"),
    )
    CODE, NAME, KIND, PRICE, TAX, PROVINCE, DEPOSIT, STATUS = range(8)
    RIGHT_ALIGNED = frozenset({PRICE, DEPOSIT})

    def __init__(self, locale: str = "en-CA", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._locale = locale

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        course: CourseView | None = self.row_at(index.row()) if index.isValid() else None
        if course is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                course.code,
                course.name,
                label_for("models", KIND_LABELS, course.kind),
                format_cents(course.price_cents, self._locale),
                label_for("models", TREATMENT_LABELS, course.tax_treatment),
                course.delivery_province or self.tr("Desk's"),
                format_cents(course.min_first_payment_cents, self._locale) if course.min_first_payment_cents else "—",
                self.tr("Offered") if course.active else self.tr("Withdrawn from sale"),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TAX and course.tax_basis:
                return course.tax_basis
            if column == self.PROVINCE and not course.delivery_province:
                return self.tr("Taxed in the province of the desk that enrolls the student.")
            if column == self.NAME and course.description:
                return course.description
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and not course.active:
            return QBrush(_MUTED)
        if role == Qt.ItemDataRole.UserRole:
            return course
        return None


def dates_text(section: SectionView) -> str:
    if section.start_date and section.end_date and section.end_date != section.start_date:
        return f"{section.start_date.isoformat()} \u2013 {section.end_date.isoformat()}"  # an en dash, in both languages
    return section.start_date.isoformat() if section.start_date else QCoreApplication.translate("models", "Open")


def seats_text(section: SectionView) -> str:
    if section.seats_left is None:
        return QCoreApplication.translate("models", "No limit")
    if section.seats_left == 0:
        return QCoreApplication.translate("models", "Full")
    return QCoreApplication.translate("models", "{left} of {capacity}").format(
        left=section.seats_left, capacity=section.capacity)


class SectionTableModel(_RowsModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("SectionTableModel", "Section"),
        QT_TRANSLATE_NOOP("SectionTableModel", "Dates"),
        QT_TRANSLATE_NOOP("SectionTableModel", "Schedule"),
        QT_TRANSLATE_NOOP("SectionTableModel", "Location"),
        QT_TRANSLATE_NOOP("SectionTableModel", "Seats left"),
    )
    CODE, DATES, SCHEDULE, LOCATION, SEATS = range(5)
    RIGHT_ALIGNED = frozenset({SEATS})

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section: SectionView | None = self.row_at(index.row()) if index.isValid() else None
        if section is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (section.code, dates_text(section), section.schedule, section.location, seats_text(section))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and section.is_full:
            return QBrush(_MUTED)
        if role == Qt.ItemDataRole.FontRole and column == self.SEATS and section.is_full:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SEATS and section.capacity is not None:
                return self.tr("{taken} enrolled, capacity {capacity}").format(taken=section.taken, capacity=section.capacity)
            if column in (self.SCHEDULE, self.LOCATION):
                return (section.schedule, section.location)[column - self.SCHEDULE] or None
        if role == Qt.ItemDataRole.UserRole:
            return section
        return None

"""Table models of courses and sections, shared by the catalogue screen and the enroll dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from oncopos.domain.money import format_cents
from oncopos.services.registration_records import CourseView, SectionView
from oncopos.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex

KIND_LABELS = {"program": "Program", "workshop": "Workshop", "kit": "Kit"}
TREATMENT_LABELS = {"taxable": "Taxable", "exempt": "Exempt", "zero_rated": "Zero-rated"}
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
    HEADERS = ("Code", "Name", "Kind", "Price", "Tax", "Province", "First payment", "Status")
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
                KIND_LABELS.get(course.kind, course.kind),
                format_cents(course.price_cents, self._locale),
                TREATMENT_LABELS.get(course.tax_treatment, course.tax_treatment),
                course.delivery_province or "Desk's",
                format_cents(course.min_first_payment_cents, self._locale) if course.min_first_payment_cents else "—",
                "Offered" if course.active else "Withdrawn from sale",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TAX and course.tax_basis:
                return course.tax_basis
            if column == self.PROVINCE and not course.delivery_province:
                return "Taxed in the province of the desk that enrolls the student."
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
        return f"{section.start_date.isoformat()} to {section.end_date.isoformat()}"
    return section.start_date.isoformat() if section.start_date else "Open"


def seats_text(section: SectionView) -> str:
    if section.seats_left is None:
        return "No limit"
    if section.seats_left == 0:
        return "Full"
    return f"{section.seats_left} of {section.capacity}"


class SectionTableModel(_RowsModel):
    HEADERS = ("Section", "Dates", "Schedule", "Location", "Seats left")
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
                return f"{section.taken} enrolled, capacity {section.capacity}"
            if column in (self.SCHEDULE, self.LOCATION):
                return (section.schedule, section.location)[column - self.SCHEDULE] or None
        if role == Qt.ItemDataRole.UserRole:
            return section
        return None

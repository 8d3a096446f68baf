"""The year's students as the T2202 screen lists them: figures, SIN (masked), consent, last slip, next step, blocks."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from oncopos.domain.money import format_cents
from oncopos.domain.tuition import SlipKind
from oncopos.services.tuition_records import SlipLine
from oncopos.ui.table_model import RowTableModel

WARNING = QColor("#b42318")


class SlipLineModel(RowTableModel[SlipLine]):
    # What the manager acts on first (the next step and what blocks it) comes before the history.
    STUDENT, FEES, PART, FULL, SIN, NEXT, BLOCKS, LAST, EMAIL = range(9)
    RIGHT_ALIGNED = frozenset({FEES, PART, FULL})

    def __init__(self, locale: str, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locale, self._tz = locale, tz

    def headers(self) -> tuple[str, ...]:
        # Two-line headers keep the table within a 1024-pixel screen; the blocks column takes the rest.
        return (self.tr("Student"), self.tr("Tuition\n(A)"), self.tr("Part-time\n(B)"), self.tr("Full-time\n(C)"),
                self.tr("SIN"), self.tr("Next"), self.tr("What blocks it"), self.tr("Last slip"), self.tr("By\nemail"))

    def kind_text(self, kind: SlipKind) -> str:
        return {SlipKind.ORIGINAL: self.tr("Original"), SlipKind.AMENDED: self.tr("Amended"),
                SlipKind.CANCELLED: self.tr("Cancelled")}[kind]

    def next_text(self, line: SlipLine) -> str:
        if line.next_kind is None:
            return self.tr("Up to date") if line.last_slip is not None and line.figures.eligible else self.tr("No slip")
        return {SlipKind.ORIGINAL: self.tr("Issue original"), SlipKind.AMENDED: self.tr("Issue amendment"),
                SlipKind.CANCELLED: self.tr("Issue cancellation")}[line.next_kind]

    def blocks_text(self, line: SlipLine) -> str:
        parts = [r.text(self._locale) for r in line.ineligible]
        if line.sin_unreadable:
            parts.append(self.tr("A SIN is on file, but this desk does not have the school's SIN key."))
        parts += [m.text(self._locale) for m in line.missing]
        return " ".join(parts)

    def display(self, row: SlipLine, column: int) -> Any:
        f = row.figures
        if column == self.STUDENT:
            return f"{row.student.last_name}, {row.student.first_name} ({row.student.student_number})"
        if column == self.FEES:
            return format_cents(f.fees_cents, self._locale)
        if column in (self.PART, self.FULL):
            return str(f.part_time_months if column == self.PART else f.full_time_months)
        if column == self.SIN:
            return row.sin_masked or (self.tr("unreadable") if row.sin_unreadable else self.tr("missing"))
        if column == self.EMAIL:
            return self.tr("Yes") if row.slip_by_email else self.tr("No")
        if column == self.LAST:
            slip = row.last_slip
            if slip is None:
                return ""
            filed = self.tr("filed") if slip.return_id else self.tr("not filed")
            return f"{self.kind_text(slip.kind)}, {filed}"
        if column == self.NEXT:
            return self.next_text(row)
        return self.blocks_text(row)

    def foreground(self, row: SlipLine, column: int) -> QBrush | None:
        if column in (self.NEXT, self.BLOCKS, self.SIN) and row.next_kind is not None and not row.ready:
            return QBrush(WARNING)
        return None

    def tooltip(self, row: SlipLine, column: int) -> str | None:
        if column == self.BLOCKS:
            return self.blocks_text(row) or None
        if column == self.STUDENT and row.studies:
            return "\n".join(row.studies)
        if column == self.LAST and row.last_slip is not None:
            return row.last_slip.issued_at.astimezone(self._tz).date().isoformat()
        return None

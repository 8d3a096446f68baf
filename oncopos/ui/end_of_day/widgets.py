"""The end-of-day view's bar chart, drawn with QPainter.

pyside6-essentials has no QtCharts; a bar chart is a few rectangles. Geometry is integer pixels
computed from integer cents (value * height // largest), so nothing here rounds money.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from oncopos.ui.i18n import money

_Index = QModelIndex | QPersistentModelIndex
BLUE, AMBER, GRID, INK = QColor("#1559b3"), QColor("#ffb300"), QColor("#c9d1db"), QColor("#1b1f24")


class BarChartWidget(QWidget):
    """Bars of cents with a label each: vertical (by hour) or horizontal (by method)."""

    def __init__(self, title: str, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self._bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self._bars = [(label, int(cents)) for label, cents in bars]
        self.setToolTip("\n".join(f"{label}: {money(cents)}" for label, cents in self._bars if cents))
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(INK)
        painter.drawText(QRect(0, 0, self.width(), line + 4), int(Qt.AlignmentFlag.AlignLeft), self.title)
        area = self.rect().adjusted(4, line + 8, -4, -4)
        largest = max((c for _, c in self._bars), default=0)
        if not self._bars or largest <= 0:
            painter.setPen(GRID)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self.tr("No payments"))
            return
        if self.horizontal:
            self._paint_horizontal(painter, metrics, area, largest)
        else:
            self._paint_vertical(painter, metrics, area, largest)

    def _paint_vertical(self, painter: QPainter, metrics: QFontMetrics, area: QRect, largest: int) -> None:
        line = metrics.height()
        axis = metrics.horizontalAdvance(money(largest)) + 6
        plot = area.adjusted(axis, 0, 0, -line - 2)
        painter.setPen(GRID)
        painter.drawLine(plot.left(), plot.bottom(), plot.right(), plot.bottom())
        painter.setPen(INK)
        painter.drawText(QRect(area.left(), plot.top(), axis - 4, line), int(Qt.AlignmentFlag.AlignRight),
                         money(largest))
        slot = max(plot.width() // len(self._bars), 1)
        for i, (label, cents) in enumerate(self._bars):
            height = cents * plot.height() // largest
            x = plot.left() + i * slot
            painter.fillRect(QRect(x + 1, plot.bottom() - height, max(slot - 2, 1), height), BLUE)
            painter.drawText(QRect(x, plot.bottom() + 2, slot, line), int(Qt.AlignmentFlag.AlignHCenter), label)

    def _paint_horizontal(self, painter: QPainter, metrics: QFontMetrics, area: QRect, largest: int) -> None:
        labels = max(metrics.horizontalAdvance(label) for label, _ in self._bars) + 8
        amounts = metrics.horizontalAdvance(money(largest)) + 8
        width = max(area.width() - labels - amounts, 1)
        slot = max(area.height() // len(self._bars), 1)
        painter.setPen(INK)
        for i, (label, cents) in enumerate(self._bars):
            y = area.top() + i * slot
            painter.drawText(QRect(area.left(), y, labels - 6, slot), int(Qt.AlignmentFlag.AlignRight |
                                                                          Qt.AlignmentFlag.AlignVCenter), label)
            length = cents * width // largest
            painter.fillRect(QRect(area.left() + labels, y + slot // 5, length, max(slot * 3 // 5, 1)), AMBER)
            painter.drawText(QRect(area.left() + labels + length + 4, y, amounts, slot),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), money(cents))

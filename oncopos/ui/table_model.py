"""A read-only table of plain rows: the one model base every table in the window shares.

A subclass names its columns (`headers`, read at display time so a language change shows at
once), the columns shown right-aligned (money), and how a row reads in a column (`display`,
optionally `tooltip`, `font`, `foreground`); the Qt bookkeeping lives here once. `UserRole`
gives the row itself, so a view can hand the selected record to an action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowTableModel(QAbstractTableModel, Generic[R]):
    HEADERS: tuple[str, ...] = ()
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, index: int) -> R:
        return self._rows[index]

    def row_at(self, index: int) -> R | None:
        """The row shown at `index`, or None past either end (a stale selection)."""
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def headers(self) -> Sequence[str]:
        """HEADERS in the interface's language (each marked QT_TRANSLATE_NOOP(ClassName, ...))."""
        return tuple(QCoreApplication.translate(self.headers_context(), header) for header in self.HEADERS)

    @classmethod
    def headers_context(cls) -> str:
        """The translation context of HEADERS: the class that names them."""
        return next(k.__name__ for k in cls.__mro__ if "HEADERS" in vars(k))

    def right_aligned(self) -> frozenset[int]:
        return self.RIGHT_ALIGNED

    def display(self, row: R, column: int) -> Any:
        raise NotImplementedError

    def tooltip(self, row: R, column: int) -> str | None:
        return None

    def font(self, row: R, column: int) -> QFont | None:
        return None

    def foreground(self, row: R, column: int) -> QBrush | None:
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.right_aligned():
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned():
            # Right-aligned so the cents line up down the column, as on a statement.
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


def two_lines(header: str, longer_than: int = 12) -> str:
    """A column title of more than `longer_than` characters, broken at the space nearest its middle.

    A report's columns are as wide as their contents, and a title such as « Taxes contrepassées »
    is wider than its amounts: on one line, four such columns pushed the last one out of a table
    half a 1024-pixel screen wide.
    """
    spaces = [i for i, c in enumerate(header) if c == " "]
    if len(header) <= longer_than or not spaces:
        return header
    cut = min(spaces, key=lambda i: abs(2 * i - len(header)))
    return f"{header[:cut]}\n{header[cut + 1:]}"


class TextRowsModel(RowTableModel[tuple[str, ...]]):
    """Rows already formatted as text (report tables): the headers and money columns given here.
    A long title shows on two lines (`two_lines`), so its column is no wider than its figures."""

    def __init__(self, headers: Sequence[str], right: Sequence[int] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._right = frozenset(right)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        super().set_rows([tuple(r) for r in rows])

    def headers(self) -> Sequence[str]:
        return self._headers

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        title = super().headerData(section, orientation, role)
        return two_lines(title) if role == Qt.ItemDataRole.DisplayRole and isinstance(title, str) else title

    def right_aligned(self) -> frozenset[int]:
        return self._right

    def display(self, row: tuple[str, ...], column: int) -> str:
        return row[column]

    def tooltip(self, row: tuple[str, ...], column: int) -> str:
        return row[column]

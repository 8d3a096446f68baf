"""Forms with a message under each field: what is wrong is said where it is, in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from PySide6 import QtCore
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from oncopos.ui.i18n import current_language

#: Dark red on white, 7.9:1 (WCAG AAA); the same colour as the window's error banner.
FIELD_ERROR_STYLE = "color: #8a1c12; padding: 0 0 4px 2px;"
INVALID_EDIT_STYLE = "border: 2px solid #b3261e;"

W = TypeVar("W", bound=QWidget)


class FieldForm:
    """A QFormLayout whose rows carry an error label under the field, hidden while the field is fine."""

    def __init__(self, parent: QWidget) -> None:
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setLabelAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self._parent = parent
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, name: str, label: str, widget: W, *, hint: str | None = None) -> W:
        widget.setObjectName(f"{name}Field")
        widget.setAccessibleName(label.replace("&", "").rstrip(" *") or name.replace("_", " "))
        caption = QLabel(label, self._parent)
        caption.setBuddy(widget)  # Alt+letter jumps to the field
        self.layout.addRow(caption, widget)
        if hint:
            hint_label = QLabel(hint, self._parent)
            hint_label.setObjectName("fieldCaption")
            hint_label.setWordWrap(True)
            self.layout.addRow("", hint_label)
        # The message is a row of its own, not a child of a box around the field: QFormLayout
        # gives a direct word-wrapped row the height its text needs, and the row is hidden
        # (no gap) while the field is fine.
        error = QLabel(self._parent)
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(FIELD_ERROR_STYLE)
        error.setWordWrap(True)
        error.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        # As wide as the field, and as tall as the wrapped text needs at that width.
        error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.layout.addRow("", error)
        self.layout.setRowVisible(error, False)
        self.fields[name] = widget
        self.errors[name] = error
        return widget

    def show_errors(self, errors: Mapping[str, str], *, only: Iterable[str] | None = None) -> None:
        """Show `errors` under their fields; clear the others (within `only` when given)."""
        names = set(self.errors) if only is None else set(only)
        for name in names:
            label = self.errors.get(name)
            if label is None:
                continue
            message = errors.get(name)
            label.setText(message or "")
            self.layout.setRowVisible(label, bool(message))
            widget = self.fields[name]
            widget.setStyleSheet(INVALID_EDIT_STYLE if message and isinstance(widget, QLineEdit) else "")
            widget.setToolTip(message or "")

    def first_error_field(self) -> QWidget | None:
        for name, label in self.errors.items():
            if not label.isHidden():
                return self.fields[name]
        return None

    def visible_errors(self) -> dict[str, str]:
        return {name: label.text() for name, label in self.errors.items() if not label.isHidden()}


#: Around a line edit's placeholder: the style sheet's padding (8 px) and border (1 px; 7 and 2 when focused),
#: and Qt's own margin (2 px), on each side, as measured under Xvfb; and the room of a clear button.
PLACEHOLDER_MARGINS = 24
CLEAR_BUTTON_ROOM = 24


def placeholder_width(edit: QLineEdit) -> int:
    """The width `edit` needs to show its whole placeholder."""
    room = CLEAR_BUTTON_ROOM if edit.isClearButtonEnabled() else 0
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + PLACEHOLDER_MARGINS + room


def fit_placeholder(edit: QLineEdit) -> QLineEdit:
    """`edit` never narrower than its placeholder: a hint cut to "Nom…" tells nothing (French is longer)."""
    edit.setMinimumWidth(max(edit.minimumWidth(), placeholder_width(edit)))
    return edit


def line_edit(parent: QWidget, text: str = "", *, placeholder: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length + 50)  # typed past the limit, the message says by how much
    return edit


def province_combo(parent: QWidget, *, empty_label: str = "—", locale: str | None = None) -> QComboBox:
    """Empty first ("not given"), then "ON — Ontario", ...; itemData is the code. The names are in
    `locale`, by default the interface's language ("NL — Terre-Neuve-et-Labrador" in French)."""
    from oncopos.domain.tax import PROVINCES, province_name  # the tax tables: not for the sign-in screen

    combo = QComboBox(parent)
    combo.addItem(empty_label, "")
    for code in PROVINCES:
        combo.addItem(f"{code} — {province_name(code, locale or current_language())}", code)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def password_edit(parent: QWidget, name: str, *, placeholder: str = "") -> QLineEdit:
    """The one password field: hidden text, and no copy out of it or predictive input remembering it.

    The password echo mode is what gives it the input method's hints for a password (hidden text,
    sensitive data, no predictive text, no automatic capitals); setting hints after it would drop some."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit

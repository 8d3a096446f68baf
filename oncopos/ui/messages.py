"""One look per kind of message: success, warning, error.

A message label is red (the error look) unless it is told it carries good news or a warning:
`show_message(label, text, Tone.SUCCESS)`. Labels that show errors keep calling `setText` as they
always did; a `MessageLabel` goes back to the error look on every `setText`, so a success shown a
moment ago never lends its colour to the next error. The colours are in oncopos.qss
(``QLabel[tone="success"]`` and so on).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QLabel, QWidget


class Tone(StrEnum):
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class MessageLabel(QLabel):
    """A word-wrapped, hidden-until-needed message; `setText` alone shows it as an error."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "errorLabel") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        _set_tone(self, Tone.ERROR)
        self.hide()

    def setText(self, text: str) -> None:
        _set_tone(self, Tone.ERROR)
        super().setText(text)

    def show_message(self, text: str, tone: Tone) -> None:
        super().setText(text)
        _set_tone(self, tone)
        self.show()

    @property
    def tone(self) -> Tone:
        return Tone(str(self.property("tone")))


def show_message(label: QLabel, text: str, tone: Tone) -> None:
    """Show `text` in `label` in the look of `tone` (any QLabel; a MessageLabel keeps it until the next setText)."""
    if isinstance(label, MessageLabel):
        label.show_message(text, tone)
        return
    label.setText(text)
    _set_tone(label, tone)
    label.show()


def _set_tone(label: QLabel, tone: Tone) -> None:
    if label.property("tone") == tone.value:
        return
    label.setProperty("tone", tone.value)
    # A dynamic property changes the style only once the widget is polished again.
    style = label.style()
    style.unpolish(label)
    style.polish(label)

"""Typing helpers for tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key, accents included.

    `qtbot.keyClicks` goes through QTest's ASCII key table and aborts the whole process on "é"
    (an assertion in qasciikey.cpp), so non-ASCII characters are sent as the key events a
    keyboard layout would produce: no key code, just the text.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

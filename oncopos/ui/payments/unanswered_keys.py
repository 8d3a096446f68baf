"""Keys the payment window would drop without a word say why they cannot act.

Qt does nothing when Enter reaches a dialog whose default button is disabled (a step is running),
and gives the mnemonic of a disabled button (Alt+R during the pause between codes) to no one. To a
registrar both look like a desk that did not hear. This filter, installed on the dialog, answers
them in the current page's message line: what is running, or the disabled button's own reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget

from oncopos.ui.messages import Tone, show_message


class UnansweredKeys(QObject):
    def __init__(self, pages: QStackedWidget, is_busy: Callable[[], bool], busy_text: Callable[[], str],
                 parent: QObject) -> None:
        super().__init__(parent)
        self._pages, self._is_busy, self._busy_text = pages, is_busy, busy_text
        parent.installEventFilter(self)

    def _label(self) -> QLabel | None:
        page = self._pages.currentWidget()
        return page.findChild(QLabel, "errorLabel") if page is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent):
            return False
        label = self._label()
        if label is None:
            return False
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self._is_busy():
            show_message(label, self._busy_text(), Tone.WARNING)
            return True
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            page = self._pages.currentWidget()
            for button in page.findChildren(QPushButton) if page is not None else []:
                if button.isVisible() and not button.isEnabled() and QKeySequence.mnemonic(button.text()) == pressed:
                    why = self._busy_text() if self._is_busy() else button.toolTip()
                    if why:
                        show_message(label, why, Tone.WARNING)
                        event.accept()
                        return True
        return False

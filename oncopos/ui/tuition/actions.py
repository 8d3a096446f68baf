"""Manager > Tuition slips (T2202)…: the year-end screen, asking for its service when it opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from shiboken6 import isValid

from oncopos.domain.access import Permission
from oncopos.ui.menus import shared_menu
from oncopos.ui.tuition.slips_dialog import TuitionSlipsDialog, TuitionSlipsPort

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow


@dataclass(frozen=True)
class TuitionFeature:
    slips: Callable[[], TuitionSlipsPort]
    tz: ZoneInfo
    locale: str = "en-CA"

    def attach(self, window: MainWindow) -> TuitionActions:
        return TuitionActions(window, self)


class TuitionActions(QObject):
    def __init__(self, window: MainWindow, feature: TuitionFeature) -> None:
        super().__init__(window)
        self._window, self._feature = window, feature
        self.dialog: TuitionSlipsDialog | None = None
        self.slips_action = QAction(self.tr("&Tuition slips (T2202)…"), window)
        self.slips_action.setStatusTip(self.tr("The year's T2202 slips: issue, amend, send, and the return for CRA"))
        self.slips_action.triggered.connect(self.on_slips)
        manager = shared_menu(window, "&Manager")
        manager.addSeparator()
        manager.addAction(self.slips_action)
        manager.aboutToShow.connect(self.update_actions)
        window.actor_changed.connect(lambda _actor: self.update_actions())
        self.update_actions()

    def update_actions(self) -> None:
        self.slips_action.setEnabled(self._window.actor.can(Permission.TUITION_SLIPS))

    def on_slips(self) -> None:
        today = datetime.now(self._feature.tz).date()
        dialog = TuitionSlipsDialog(self._feature.slips(), self._window.actor, self._window.db_executor, today=today,
                                    tz=self._feature.tz, locale=self._feature.locale, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def shutdown(self) -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

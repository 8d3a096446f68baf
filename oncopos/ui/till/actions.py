"""Payment > Till…: the window's command for this desk's cash drawer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from oncopos.domain.access import Permission
from oncopos.ui.menus import shared_menu
from oncopos.ui.session.override import OverridePort
from oncopos.ui.till.window import TillPort, TillWindow

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow


@dataclass(frozen=True)
class TillFeature:
    till: Callable[[], TillPort]
    staff: OverridePort | None = None

    def attach(self, window: MainWindow) -> TillActions:
        return TillActions(window, self)


class TillActions(QObject):
    def __init__(self, window: MainWindow, feature: TillFeature) -> None:
        super().__init__(window)
        self._window = window
        self._feature = feature
        self.till_window: TillWindow | None = None
        self.till_action = QAction(self.tr("T&ill (cash drawer)…"), window)
        self.till_action.setObjectName("tillAction")
        self.till_action.setStatusTip(self.tr("Open the drawer with its float, record paid-outs, count it at the close"))
        self.till_action.triggered.connect(self.on_till_triggered)
        shared_menu(window, "&Payment").addAction(self.till_action)
        window.actor_changed.connect(lambda _actor: self.update_actions())
        self.update_actions()

    def update_actions(self) -> None:
        self.till_action.setEnabled(self._window.actor.can(Permission.TAKE_PAYMENT))

    def on_till_triggered(self) -> None:
        if self.till_window is not None:
            self.till_window.close()
        self.till_window = TillWindow(self._feature.till(), lambda: self._window.actor, self._window.db_executor,
                                      staff=self._feature.staff, locale=self._window.settings.locale,
                                      parent=self._window)
        self.till_window.open()

    def shutdown(self) -> None:
        if self.till_window is not None:
            self.till_window.close()

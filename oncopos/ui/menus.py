"""Menus that several features share (Student, Payment, Manager, Training): whichever feature comes
first makes the menu, the others add to it, so the bar never shows two menus of one name. The bar's
order is set here, whatever order the features are attached in.

A menu is known by its English source title (its key, kept in the "menuKey" property), not by the
text shown, which is in the interface's language and changes when the language is switched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from oncopos.domain.access import Actor, Permission
from oncopos.ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

#: The menu bar from left to right; a menu not listed goes just before Help.
MENU_ORDER = (
    QT_TRANSLATE_NOOP("menus", "&File"), QT_TRANSLATE_NOOP("menus", "&Edit"), QT_TRANSLATE_NOOP("menus", "&Student"),
    QT_TRANSLATE_NOOP("menus", "&Manager"), QT_TRANSLATE_NOOP("menus", "&Payment"), QT_TRANSLATE_NOOP("menus", "&Training"),
    QT_TRANSLATE_NOOP("menus", "&Help"),
)
KEY = "menuKey"


def menu_title(key: str) -> str:
    """The menu's title in the interface's language."""
    return QCoreApplication.translate("menus", key)


def menu_key(menu: QObject | None) -> str | None:
    key = menu.property(KEY) if isinstance(menu, QMenu) else None
    return key if isinstance(key, str) else None


def shared_menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu whose source title is `title` ("&Payment"), made in its place in
    `MENU_ORDER` if missing."""
    bar = window.menuBar()
    for action in bar.actions():
        existing = action.menu()
        if isinstance(existing, QMenu) and menu_key(existing) == title:
            return existing
    menu = QMenu(menu_title(title), window)
    menu.setProperty(KEY, title)
    rank = MENU_ORDER.index(title) if title in MENU_ORDER else MENU_ORDER.index("&Help")

    def rank_of(action_key: str | None) -> int:
        return MENU_ORDER.index(action_key) if action_key in MENU_ORDER else -1

    later = (a for a in bar.actions() if rank_of(menu_key(a.menu())) >= rank)
    anchor = next(later, None)
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    else:
        bar.addMenu(menu)
    return menu


def retranslate_menus(window: QMainWindow) -> None:
    """Every shared menu's title again, in the interface's language."""
    for action in window.menuBar().actions():
        menu = action.menu()
        key = menu_key(menu) if isinstance(menu, QMenu) else None
        if isinstance(menu, QMenu) and key is not None:
            menu.setTitle(menu_title(key))


class ViewWindow(Protocol):
    """What a menu-opened window shows of itself: who it acts for, and Qt's show/raise/close."""

    actor: Actor

    def show(self) -> None: ...
    def raise_(self) -> None: ...
    def close(self) -> bool: ...


V = TypeVar("V", bound=ViewWindow)


class WindowAction(Generic[V]):
    """A menu entry that opens one window of its own for whoever is signed in (Manager > End of
    day…, Manager > Payouts and books…): shown only to a role with `permission`, its menu hidden
    when none of its entries is shown, and its window closed when another person signs in (the
    window acted for whoever opened it) or rebuilt when it sits over services that a settings
    change replaced. A feature says how its window is built and when it is out of date."""

    def __init__(self, window: MainWindow, menu: str, text: str, permission: Permission) -> None:
        self._window, self._permission = window, permission
        self.view: V | None = None
        self.action = QAction(text, window)
        self.action.triggered.connect(self.open)
        self._menu = shared_menu(window, menu)
        self._menu.addAction(self.action)
        window.actor_changed.connect(lambda _actor: self.refresh())
        self.refresh()

    def build_view(self) -> V:
        raise NotImplementedError

    def is_out_of_date(self, view: V) -> bool:
        """True when `view` was built over services that have since been replaced."""
        return False

    def shutdown(self) -> None:
        if self.view is not None:
            self.view.close()

    def refresh(self) -> None:
        actor = self._window.actor
        self.action.setVisible(actor.can(self._permission))
        self._menu.menuAction().setVisible(any(a.isVisible() for a in self._menu.actions()))
        if self.view is not None and self.view.actor != actor:
            self.view.close()
            self.view = None

    def open(self) -> None:
        if self.view is not None and self.is_out_of_date(self.view):
            self.view.close()
            self.view = None
        if self.view is None:
            self.view = self.build_view()
        self.view.show()
        self.view.raise_()

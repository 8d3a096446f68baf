"""Menus that several features share (Student, Payment, Manager, Training): whichever feature comes
first makes the menu, the others add to it, so the bar never shows two menus of one name. The bar's
order is set here, whatever order the features are attached in.

A menu is known by its English source title (its key, kept in the "menuKey" property), not by the
text shown, which is in the interface's language and changes when the language is switched."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMainWindow, QMenu

from oncopos.ui.i18n import QT_TRANSLATE_NOOP

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

"""Menus that several features share (Student, Payment, Manager, Training): whichever feature comes
first makes the menu, the others add to it, so the bar never shows two menus of one name. The bar's
order is set here, whatever order the features are attached in."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

#: The menu bar from left to right; a menu not listed goes just before Help.
MENU_ORDER = ("&File", "&Edit", "&Student", "&Manager", "&Payment", "&Training", "&Help")


def shared_menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu called `title`, made in its place in `MENU_ORDER` if missing."""
    bar = window.menuBar()
    for action in bar.actions():
        existing = action.menu()
        if isinstance(existing, QMenu) and action.text() == title:
            return existing
    menu = QMenu(title, window)
    rank = MENU_ORDER.index(title) if title in MENU_ORDER else MENU_ORDER.index("&Help")
    later = (a for a in bar.actions() if a.text() in MENU_ORDER and MENU_ORDER.index(a.text()) >= rank)
    anchor = next(later, None)
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    else:
        bar.addMenu(menu)
    return menu

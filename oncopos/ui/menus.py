"""Menus that several features share (Student, Payment, Manager, Training): whichever feature comes
first makes the menu, the others add to it, so the bar never shows two menus of one name."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu


def shared_menu(window: Any, title: str, before: str | None = "&Help") -> QMenu:
    """The window's menu called `title`, made (before the `before` menu, else last) if missing."""
    bar = window.menuBar()
    for action in bar.actions():
        if action.menu() is not None and action.text() == title:
            return action.menu()
    menu = QMenu(title, window)
    anchor = next((a for a in bar.actions() if a.text() == before), None) if before else None
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    else:
        bar.addMenu(menu)
    return menu

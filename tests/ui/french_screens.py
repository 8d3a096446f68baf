"""What a window shows, read back for the French tests: the texts a person sees, English source texts
left among them, and labels or buttons too small for their text."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from oncopos.ui.i18n import FRENCH, LANGUAGE_NAMES, catalogue_file

#: ONCOPOS_SCREENSHOTS=DIR (under xvfb-run) saves every window the French tests open as a PNG.
SHOTS = os.environ.get("ONCOPOS_SCREENSHOTS")


@lru_cache(maxsize=1)
def english_sources() -> list[re.Pattern[str]]:
    """Each English source text whose French differs, as a pattern ({values} and %n match anything)."""
    patterns = []
    root = ET.parse(catalogue_file(FRENCH, ".ts")).getroot()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        french = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
        french = french or [translation.text or "" if translation is not None else ""]
        bare = source.replace("&", "")
        if source in LANGUAGE_NAMES.values():
            continue  # File > Language names each language in itself
        if source in french or len(re.sub(r"\{[^}]*\}|%n|<[^>]*>|\W", "", bare)) < 4:
            continue  # the same in both languages ("Total {amount}", "Interac"), or too short to tell
        pieces = re.split(r"(\{[^}]*\}|%n)", bare)
        pattern = "".join(".*" if p.startswith("{") or p == "%n" else re.escape(p) for p in pieces)
        patterns.append(re.compile(pattern, re.DOTALL))
    return patterns


def _visible(widget: QWidget, root: QWidget) -> bool:
    return widget is root or widget.isVisibleTo(root)


def shown_texts(root: QWidget, *, hidden_too: bool = False) -> list[tuple[str, str]]:
    """(where, text) for every text `root` shows: titles, labels, buttons, placeholders, combo
    items, tabs, table headers and the menus of a main window."""
    texts: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if not hidden_too and not _visible(widget, root):
            continue
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((name, widget.text()))
        if isinstance(widget, QLineEdit):
            texts.append((name, widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        if isinstance(widget, QComboBox):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            texts += [(name, str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                      for c in range(model.columnCount(QModelIndex()))]
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            texts.append(("menu", action.text()))
            menu = action.menu()
            if isinstance(menu, QMenu):
                texts += [("menu item", a.text()) for a in _menu_actions(menu) if a.isVisible()]
    return [(where, re.sub(r"<[^>]*>", "", text)) for where, text in texts if text]


def _menu_actions(menu: QMenu) -> list:  # type: ignore[type-arg]
    found = []
    for action in menu.actions():
        found.append(action)
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += _menu_actions(sub)
    return found


def english_left(root: QWidget, *, hidden_too: bool = False) -> list[str]:
    """The texts of `root` (with `hidden_too`, of the pages not shown yet as well) that are one of the
    catalogue's English source texts."""
    patterns = english_sources()
    return [f"{where}: {text!r}" for where, text in shown_texts(root, hidden_too=hidden_too)
            if any(p.fullmatch(text.replace("&", "")) for p in patterns)]


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons narrower or shorter than their text needs."""
    problems = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not widget.isVisibleTo(root) or not widget.text() or widget.width() <= 0:
            continue
        if _scrolls(widget):
            continue  # inside a scroll area the text is reached by scrolling, not cut
        if isinstance(widget, QLabel) and widget.wordWrap():
            need_w, need_h = 0, widget.heightForWidth(widget.width())
        else:
            hint = widget.sizeHint()
            need_w, need_h = hint.width(), hint.height()
        if need_w > widget.width() + 1 or need_h > widget.height() + 1:
            problems.append(f"{type(widget).__name__}#{widget.objectName()} {widget.text()!r}: needs "
                            f"{need_w}x{need_h}, has {widget.width()}x{widget.height()}")
    return problems


def _scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def save_shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))

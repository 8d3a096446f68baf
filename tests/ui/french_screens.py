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
    QListView,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from oncopos.ui.form_fields import placeholder_width
from oncopos.ui.i18n import FRENCH, LANGUAGE_NAMES, catalogue_file, current_language

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
            texts += [(name, str(model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " "))
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


#: English words no French text uses: what betrays a sentence built in English outside the catalogue
#: (" by Visa ending in 4242", "all desks", "Exempt", "2026-10-18 to 2027-03-20").
ENGLISH_WORDS = re.compile(
    r"\b(the|and|by|with|ending|from|to|of|for|all|desks?|exempt|zero-rated|refunds?|refunded|paid|payments?|"
    r"students?|none|cash|cheque|workstation|staff|member|failed|cancelled|expired|pending|succeeded|online|"
    r"offline|reader|card|hosted|invoice|tax|GST|HST|QST|PST|RST|requested|withdrawal|wrong|duplicate|fraudulent|other)\b",
    re.IGNORECASE)
#: An amount in English format ("$1,234.56"): French reads « 1 234,56 $ ».
ENGLISH_AMOUNT = re.compile(r"\$\s?\d|\d,\d{3}\.\d\d|\d\.\d\d\s?\$")


@lru_cache(maxsize=1)
def _data_texts() -> tuple[str, ...]:
    """What the training data names in English (its courses, campuses, the simulated reader and the
    training password): data a person typed, not the interface's words."""
    from oncopos.adapters.db.seed_data import COURSES, EXEMPT_BASIS, LOCATIONS
    from oncopos.domain.staff import TRAINING_PASSWORD
    names = {text for course in COURSES for text in course[1:3]} | set(LOCATIONS.values())
    names |= {EXEMPT_BASIS, TRAINING_PASSWORD, "Front desk reader (training)", "OncoOne Toronto (training)"}
    return tuple(sorted(names, key=len, reverse=True))


def _without_data(text: str) -> str:
    for name in _data_texts():
        text = text.replace(name, " ")
    # Addresses and paths are names too; an audit action ("staff.signed_in") is an identifier.
    return re.sub(r"\S+@\S+|https?://\S+|(?<!\w)/\S+|(?<![\w.])[a-z_]+(\.[a-z_*]+)+(?![\w.])", " ", text)


def english_left(root: QWidget, *, hidden_too: bool = False) -> list[str]:
    """The texts of `root` (with `hidden_too`, of the pages not shown yet as well) that are one of the
    catalogue's English source texts, an amount in English format, or carry English words (a text built
    outside the catalogue)."""
    patterns = english_sources()
    found = []
    for where, text in shown_texts(root, hidden_too=hidden_too) + cell_texts(root):
        bare = text.replace("&", "")
        data_free = _without_data(bare)
        if not data_free.strip():
            continue  # data alone (a campus, a course): nothing of the interface's
        if any(p.fullmatch(bare) for p in patterns):
            found.append(f"{where}: {text!r}")
        elif ENGLISH_AMOUNT.search(data_free):
            found.append(f"{where}: {text!r} (an amount in English format)")
        elif (word := ENGLISH_WORDS.search(data_free)) is not None:
            found.append(f"{where}: {text!r} (English word {word.group(0)!r})")
    return found


def cell_texts(root: QWidget, rows: int = 30) -> list[tuple[str, str]]:
    """(where, text) of the first `rows` rows of every visible table: the words the models give their cells."""
    texts = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(root):
            continue
        name = f"{type(view).__name__}#{view.objectName()} cell"
        # A list has one column (and a QListWidget's own model does not let Python ask).
        columns = 1 if isinstance(view, QListView) else model.columnCount(QModelIndex())
        for row in range(min(rows, model.rowCount(QModelIndex()))):
            for column in range(columns):
                value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str) and value:
                    texts.append((name, value))
    return texts


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons narrower or shorter than their text needs, and placeholders cut short."""
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
    for edit in root.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if not hint or edit.text() or not edit.isVisibleTo(root) or edit.width() <= 0 or _scrolls(edit):
            continue
        need = placeholder_width(edit)
        if need > edit.width() + 1:  # an example or a hint cut to "Nom…" tells nothing
            problems.append(f"QLineEdit#{edit.objectName()} placeholder {hint!r}: needs {need}, has {edit.width()}")
    return problems


def _scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def save_shot(widget: QWidget, name: str) -> None:
    """DIR/<language>-<screen>/<name>.png (fr-CA-1024x768/main-window.png), the window as it is drawn."""
    if SHOTS:
        folder = Path(SHOTS) / f"{current_language()}-{os.environ.get('ONCOPOS_SCREEN', '1024x768')}"
        folder.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(folder / f"{name.replace('/', '-')}.png"))

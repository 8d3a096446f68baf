"""The interface's language: Qt translators for OncoPOS and for Qt's own dialogs, and switching them
while the app runs.

The texts are Qt's: every user-visible string in oncopos/ui goes through ``self.tr()`` or
``QCoreApplication.translate()``; the French catalogue is oncopos/resources/i18n/oncopos_fr_CA.ts
(``pyside6-lupdate`` over oncopos/ui), compiled to the .qm loaded here. Qt's standard buttons and
dialogs (OK, Cancel, the file dialog) come from Qt's own ``qtbase_fr`` catalogue.

Switching language installs the other translators; Qt then sends every widget a LanguageChange
event. Widgets that build their texts once are retranslated by `retranslate_tree`, which finds each
visible text in the catalogue (in either language) and sets it again in the new one; texts that
carry values (a name, an amount) are set again by their owners' ``retranslate`` methods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QModelIndex, QObject, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from oncopos.domain.messages import use_reader_locale
from oncopos.domain.money import format_cents
from oncopos.resources import resources_dir

logger = logging.getLogger(__name__)

ENGLISH, FRENCH = "en-CA", "fr-CA"
LANGUAGES = (ENGLISH, FRENCH)
#: The language names as a person choosing one reads them: each in its own language.
LANGUAGE_NAMES = {ENGLISH: "English", FRENCH: "Français"}
#: A widget or action with this property set keeps its text whatever the language (a language's own name).
FIXED_TEXT = "i18n_fixed_text"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks `source` for the catalogue where it cannot be translated yet (a module constant);
    its user translates it with ``QCoreApplication.translate(context, source)``."""
    return source


def label_for(context: str, labels: Mapping[str, str], key: str, default: str | None = None) -> str:
    """labels[key], marked ``QT_TRANSLATE_NOOP(context, ...)``, in the interface's language; `default`
    (else the key itself) for a key without a label."""
    if key in labels:
        return QCoreApplication.translate(context, labels[key])
    return key if default is None else default


def money(cents: int) -> str:
    """An amount in the interface's language: "$1,234.56" in English, "1 234,56 $" in French."""
    return format_cents(cents, current_language())


def language_of(locale: str | None) -> str:
    """'fr-CA', 'fr_CA', 'fr' -> 'fr-CA'; anything else -> 'en-CA'."""
    return FRENCH if (locale or "").lower().replace("_", "-").startswith("fr") else ENGLISH


def catalogue_dir() -> Path:
    return resources_dir() / "i18n"


def catalogue_file(language: str, suffix: str = ".qm") -> Path:
    """oncopos/resources/i18n/oncopos_fr_CA.qm (or .ts)."""
    return catalogue_dir() / f"oncopos_{language.replace('-', '_')}{suffix}"


def qt_catalogue_dirs() -> list[Path]:
    """Where Qt's own catalogues (qtbase_fr.qm) are: Qt's translations folder, then the bundle's."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    return [*dirs, catalogue_dir()]


class Translations(QObject):
    """The translators installed in the application, one language at a time."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def use(self, language: str) -> bool:
        """Install `language`'s catalogues (English: none, the source texts); True when the
        interface is now in that language. A missing catalogue leaves English, with a warning.
        The core's messages (errors, statuses) follow: the reader is the person at the window."""
        chosen = self._use(language_of(language))
        use_reader_locale(self.language)
        return chosen

    def _use(self, language: str) -> bool:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.language = ENGLISH
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Canada))
        if language == ENGLISH:
            # The source texts are English; only the plural forms ("%n payment(s)") need a catalogue.
            plurals = QTranslator(self)
            if plurals.load(str(catalogue_file(ENGLISH))):
                self._app.installTranslator(plurals)
                self._installed.append(plurals)
            else:
                logger.warning("no English plural forms at %s", catalogue_file(ENGLISH))
            return True
        ours = QTranslator(self)
        if not ours.load(str(catalogue_file(language))):
            logger.warning("no %s catalogue at %s; the interface stays in English", language, catalogue_file(language))
            return False
        qt_locale = QLocale(QLocale.Language.French, QLocale.Country.Canada)
        qt_own = QTranslator(self)
        found = [qt_own] if any(qt_own.load(qt_locale, "qtbase", "_", str(folder)) for folder in qt_catalogue_dirs()) else []
        if not found:
            logger.warning("Qt's own French catalogue (qtbase_fr.qm) not found; standard buttons stay in English")
        for translator in [*found, ours]:
            self._app.installTranslator(translator)
            self._installed.append(translator)
        QLocale.setDefault(qt_locale)
        self.language = language
        return True


def translations() -> Translations:
    """The application's translators (made on first use, kept as a child of the application)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication yet")
    existing = app.findChild(Translations, "oncoposTranslations")
    if isinstance(existing, Translations):
        return existing
    made = Translations(app)
    made.setObjectName("oncoposTranslations")
    return made


def current_language() -> str:
    app = QCoreApplication.instance()
    found = app.findChild(Translations, "oncoposTranslations") if app is not None else None
    return found.language if isinstance(found, Translations) else ENGLISH


def use_language(language: str) -> bool:
    return translations().use(language)


# --- retranslating widgets that set their texts once ---------------------------------------------


@lru_cache(maxsize=1)
def _catalogue_index() -> dict[str, list[tuple[str, str]]]:
    """Every source text and every French text of the catalogue -> its (context, source) pairs."""
    import xml.etree.ElementTree as ET  # here: read at a change of language, not before the first screen

    index: dict[str, list[tuple[str, str]]] = {}
    path = catalogue_file(FRENCH, ".ts")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        logger.warning("catalogue %s unreadable; texts already shown keep their language", path)
        return index
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if message.get("numerus") == "yes":
                continue  # counted texts are made again by their owners
            key = (name, source)
            index.setdefault(source, []).append(key)
            translation = message.find("translation")
            if translation is not None and translation.text:
                index.setdefault(translation.text, []).append(key)
    return index


def _lineage(obj: QObject) -> list[str]:
    """The class names of `obj` and its parents, nearest first: the likely translation contexts."""
    names: list[str] = []
    current: QObject | None = obj
    while current is not None:
        names.extend(k.__name__ for k in type(current).__mro__)
        current = current.parent()
    return names


def retranslated(text: str, owner: QObject) -> str | None:
    """`text` (a catalogue text in any language) in the current language, or None if unknown."""
    if not text:
        return None
    candidates = _catalogue_index().get(text)
    if not candidates:
        return None
    contexts = _lineage(owner)
    context, source = min(candidates, key=lambda c: contexts.index(c[0]) if c[0] in contexts else len(contexts))
    return QCoreApplication.translate(context, source)


def _retranslate_property(obj: QObject, getter: Callable[[], str], setter: Callable[[str], object]) -> None:
    text = getter()
    new = retranslated(text, obj)
    if new is not None and new != text:
        setter(new)


def _actions_of(widget: QWidget) -> Iterable[QAction]:
    yield from widget.actions()
    if isinstance(widget, QMenu):
        yield widget.menuAction()


def retranslate_tree(root: QWidget) -> None:
    """Set every catalogue text shown under `root` (titles, labels, buttons, menus, actions,
    placeholders, tooltips, combo items, tabs, table headers) again in the current language."""
    widgets = [root, *root.findChildren(QWidget)]
    actions: dict[int, QAction] = {}
    for widget in widgets:
        if widget.property(FIXED_TEXT):
            continue
        _retranslate_property(widget, widget.windowTitle, widget.setWindowTitle)
        _retranslate_property(widget, widget.toolTip, widget.setToolTip)
        _retranslate_property(widget, widget.accessibleName, widget.setAccessibleName)
        if isinstance(widget, QLabel | QAbstractButton):
            _retranslate_property(widget, widget.text, widget.setText)
        if isinstance(widget, QLineEdit):
            _retranslate_property(widget, widget.placeholderText, widget.setPlaceholderText)
        if isinstance(widget, QGroupBox | QMenu):
            _retranslate_property(widget, widget.title, widget.setTitle)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                new = retranslated(widget.itemText(i), widget)
                if new is not None:
                    widget.setItemText(i, new)
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                new = retranslated(widget.tabText(i), widget)
                if new is not None:
                    widget.setTabText(i, new)
        if isinstance(widget, QTableView | QTreeView):  # (a list's model has no columns to ask for)
            model = widget.model()
            if model is not None and model.columnCount(QModelIndex()) > 0:
                model.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, model.columnCount(QModelIndex()) - 1)
                model.layoutChanged.emit()
        for action in _actions_of(widget):
            actions[id(action)] = action
    for action in actions.values():
        if action.property(FIXED_TEXT):
            continue
        _retranslate_property(action, action.text, action.setText)
        _retranslate_property(action, action.toolTip, action.setToolTip)
        _retranslate_property(action, action.statusTip, action.setStatusTip)



# --- texts in a language other than the interface's (the customer display) ----------------------


def _translator_for(language: str) -> QTranslator | None:
    """`language`'s catalogue, loaded once and not installed; a child of the application, so Qt
    frees it with the application (a translator outliving it crashes the interpreter's exit)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    name = "oncopos_catalogue_" + language
    found = app.findChild(QTranslator, name)
    if isinstance(found, QTranslator):
        return found
    translator = QTranslator(app)
    translator.setObjectName(name)
    if not translator.load(str(catalogue_file(language))):
        logger.warning("no %s catalogue at %s", language, catalogue_file(language))
    return translator


def translate_in(language: str, context: str, source: str, n: int = -1) -> str:
    """`source` in `language`, whatever language the interface is in (the customer display
    speaks the student's language). English is the source text itself."""
    translator = _translator_for(language_of(language))
    text = (translator.translate(context, source, None, n) if translator is not None else "") or source
    return text.replace("%n", str(n)) if n >= 0 else text


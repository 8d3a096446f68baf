"""File > Language: the interface in English or French, switched while the window stays open.

The desk's language (ONCOPOS_LOCALE) is where every sign-in starts; a staff member who chose a
language has it kept on their account and gets it back at their next sign-in, on any desk. Switching
keeps everything on screen (the open student, the enrollments, other windows): the translators
change, and every open window shows its texts again in the new language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow

from oncopos.domain.access import Actor
from oncopos.ui.i18n import FIXED_TEXT, LANGUAGE_NAMES, LANGUAGES, current_language, language_of, retranslate_tree, use_language
from oncopos.ui.menus import retranslate_menus, shared_menu
from oncopos.ui.operations import DatabaseExecutor, Operation

logger = logging.getLogger(__name__)

# Windows that keep a language of their own (the customer display follows the student) set this
#: property to True; switching the desk's language leaves them as they are.
OWN_LANGUAGE = "ownLanguage"


@runtime_checkable
class LanguagePreferencePort(Protocol):
    """`oncopos.services.staff.StaffService`: the language kept on a staff member's account."""

    def language_preference(self, actor: Actor) -> str | None: ...
    def set_language_preference(self, actor: Actor, language: str | None) -> None: ...


def retranslate_windows() -> None:
    """Every open window's texts again, in the interface's current language."""
    for widget in QApplication.topLevelWidgets():
        if widget.property(OWN_LANGUAGE):
            continue
        retranslate_tree(widget)
        if isinstance(widget, QMainWindow):
            retranslate_menus(widget)
        if isinstance(widget, Retranslatable):
            widget.retranslate()


@runtime_checkable
class Retranslatable(Protocol):
    """A window whose texts carry values (a name, a count) sets them again itself."""

    def retranslate(self) -> None: ...


class LanguageMenu(QObject):
    """The Language submenu of the window's File menu, and the staff member's preference."""

    def __init__(self, window: QMainWindow, actor: Callable[[], Actor], desk_language: str, executor: DatabaseExecutor,
                 preferences: object | None = None) -> None:
        super().__init__(window)
        self._window, self._actor, self._executor = window, actor, executor
        self.desk_language = language_of(desk_language)
        self._preferences = preferences if isinstance(preferences, LanguagePreferencePort) else None
        self.menu = shared_menu(window, "&File").addMenu(self.tr("Lan&guage"))
        self.menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for language in LANGUAGES:
            # Each language named in itself, so that someone who cannot read the other finds theirs.
            action = QAction(LANGUAGE_NAMES[language], self)
            action.setCheckable(True)
            action.setProperty(FIXED_TEXT, True)
            action.setObjectName(f"language-{language}")
            action.triggered.connect(lambda _checked=False, lang=language: self.choose(lang))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[language] = action
        self._check(current_language())

    def _check(self, language: str) -> None:
        self.actions[language].setChecked(True)

    def switch(self, language: str) -> None:
        """Show the interface in `language` now, without keeping it anywhere."""
        language = language_of(language)
        if language != current_language() and use_language(language):
            retranslate_windows()
        self._check(current_language())

    def choose(self, language: str) -> None:
        """The person at the desk picked `language` from the menu: switch, and keep it on their account."""
        self.switch(language)
        if self._preferences is None:
            return
        actor = self._actor()
        if actor.staff_id is None:
            return
        preferences = self._preferences
        (Operation(preferences.set_language_preference, actor, language)
         .failure(lambda error: logger.warning("language preference not saved: %s", error))
         .owned_by(self).run_in(self._executor))

    def follow(self, actor: Actor, *, else_desk: bool = True) -> None:
        """`actor` signed in at this desk: their own language if they chose one, else (with
        `else_desk`) the desk's. The window's first sign-in passes False: the app already shows
        the desk's language, and a window without translators stays as it is."""
        fallback = self.desk_language if else_desk else None
        if self._preferences is None or actor.staff_id is None:
            if fallback is not None:
                self.switch(fallback)
            return

        def chosen(language: str | None) -> None:
            if language or fallback:
                self.switch(language or fallback or self.desk_language)

        (Operation(self._preferences.language_preference, actor)
         .success(chosen)
         .failure(lambda error: logger.warning("language preference not read: %s", error))
         .owned_by(self).run_in(self._executor))


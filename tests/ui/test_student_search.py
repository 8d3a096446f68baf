"""The search box driven like a registrar would: typing, arrows, Enter."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from oncopos.domain.access import system_actor
from oncopos.domain.errors import DatabaseUnavailable
from oncopos.ui.main_window import SignedInDirectory
from oncopos.ui.operations import DatabaseExecutor, NetworkExecutor
from oncopos.ui.registration.student_search import SEARCH_PLACEHOLDER, StudentSearchWidget

from .fakes import FakeStudentDirectory
from .helpers import type_text

DESK = system_actor("DESK1")


@pytest.fixture
def search(qtbot, directory: FakeStudentDirectory, db_executor: DatabaseExecutor) -> StudentSearchWidget:  # type: ignore[no-untyped-def]
    widget = StudentSearchWidget(SignedInDirectory(directory, lambda: DESK), db_executor)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.search_edit.setFocus()
    return widget


def names(widget: StudentSearchWidget) -> list[str]:
    return [widget.model.row_at(r).display_name for r in range(widget.model.rowCount())]  # type: ignore[union-attr]


def test_placeholder_says_what_can_be_searched(search: StudentSearchWidget) -> None:
    assert search.search_edit.placeholderText() == SEARCH_PLACEHOLDER
    assert names(search) == []


def test_typing_narrows_results(qtbot, search: StudentSearchWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "emi")
    assert names(search) == ["Émilie Bérubé-Lévesque", "Emily Chen"]

    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "li")
    assert names(search) == ["Émilie Bérubé-Lévesque"]
    assert search.empty_label.isHidden()


def test_debounce_sends_one_search_for_a_word_typed_in_one_go(
    qtbot, search: StudentSearchWidget, directory: FakeStudentDirectory  # type: ignore[no-untyped-def]
) -> None:
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "tremblay")
    assert directory.search_calls == ["tremblay"]
    assert names(search) == ["Zoë Tremblay"]


def test_search_runs_off_the_ui_thread_and_the_ui_stays_responsive(
    qtbot, search: StudentSearchWidget, directory: FakeStudentDirectory  # type: ignore[no-untyped-def]
) -> None:
    release = directory.hold("cote")
    qtbot.keyClicks(search.search_edit, "cote")
    qtbot.waitUntil(lambda: directory.search_calls == ["cote"], timeout=2000)
    # While the search waits in its worker, the box still takes keystrokes.
    qtbot.keyClicks(search.search_edit, "!")
    assert search.search_edit.text() == "cote!" and directory.answered == []
    assert threading.get_ident() not in directory.threads
    release.set()
    qtbot.waitUntil(lambda: directory.answered == ["cote"], timeout=2000)


@pytest.fixture
def two_threads() -> Iterator[NetworkExecutor]:
    # Two threads, so a slow old search can really finish after a fast new one.
    executor = NetworkExecutor(max_threads=2)
    yield executor
    executor.shutdown()


@pytest.fixture
def parallel_search(qtbot, directory: FakeStudentDirectory, two_threads: NetworkExecutor) -> StudentSearchWidget:  # type: ignore[no-untyped-def]
    widget = StudentSearchWidget(SignedInDirectory(directory, lambda: DESK), two_threads)
    qtbot.addWidget(widget)
    return widget


def test_stale_results_do_not_overwrite_newer_ones(
    qtbot, parallel_search: StudentSearchWidget, directory: FakeStudentDirectory, two_threads: NetworkExecutor  # type: ignore[no-untyped-def]
) -> None:
    slow = directory.hold("e")
    shown: list[str] = []
    parallel_search.search_completed.connect(shown.append)

    parallel_search.start_search("e")
    qtbot.waitUntil(lambda: "e" in directory.search_calls, timeout=2000)  # the slow one is running
    parallel_search.start_search("cote")
    qtbot.waitUntil(lambda: shown == ["cote"], timeout=2000)
    # Now the stale answer arrives: it must change nothing.
    slow.set()
    qtbot.waitUntil(lambda: "e" in directory.answered, timeout=2000)
    qtbot.waitUntil(lambda: two_threads.pending == 0, timeout=2000)  # delivered (and dropped)
    assert shown == ["cote"]
    assert names(parallel_search) == ["François Côté"]


def test_no_match_shows_an_empty_state(qtbot, search: StudentSearchWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "xyz")
    assert names(search) == []
    assert search.empty_label.isVisible()
    assert search.empty_label.text() == "No student matches 'xyz'. Check the spelling or search by email or phone."


def test_clearing_the_box_clears_the_results(qtbot, search: StudentSearchWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "emi")
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        search.search_edit.clear()
    assert names(search) == []
    assert search.empty_label.isHidden()


def test_search_by_phone_and_email(qtbot, search: StudentSearchWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "514-555")
    assert names(search) == ["Émilie Bérubé-Lévesque"]
    search.search_edit.clear()
    with qtbot.waitSignal(search.search_completed, timeout=2000, check_params_cb=lambda t: t == "maggie.oneill@"):
        qtbot.keyClicks(search.search_edit, "maggie.oneill@")
    assert names(search) == ["Maggie O'Neill"]


def test_down_moves_into_results_and_enter_selects(qtbot, search: StudentSearchWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "emi")
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is search.results_view
    qtbot.keyClick(search.results_view, Qt.Key.Key_Down)  # second match
    with qtbot.waitSignal(search.student_selected, timeout=1000) as blocker:
        qtbot.keyClick(search.results_view, Qt.Key.Key_Return)
    assert blocker.args[0].display_name == "Emily Chen"
    # Escape goes back to the box for the next search.
    qtbot.keyClick(search.results_view, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is search.search_edit


def test_enter_in_the_box_selects_the_first_match_even_before_results_arrive(
    qtbot, search: StudentSearchWidget  # type: ignore[no-untyped-def]
) -> None:
    with qtbot.waitSignal(search.student_selected, timeout=2000) as blocker:
        type_text(search.search_edit, "côté")
        qtbot.keyClick(search.search_edit, Qt.Key.Key_Return)
    assert blocker.args[0].display_name == "François Côté"


def test_a_directory_error_shows_its_message(
    qtbot, search: StudentSearchWidget, directory: FakeStudentDirectory  # type: ignore[no-untyped-def]
) -> None:
    directory.error = DatabaseUnavailable("The student database cannot be reached. Check the network and try again.")
    with qtbot.waitSignal(search.search_failed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "emi")
    assert search.error_label.isVisible()
    assert search.error_label.text() == "The student database cannot be reached. Check the network and try again."

    # The next successful search hides it again.
    directory.error = None
    with qtbot.waitSignal(search.search_completed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "l")
    assert search.error_label.isHidden()


def test_an_unexpected_error_is_logged_and_shown_generically(
    qtbot, search: StudentSearchWidget, directory: FakeStudentDirectory, caplog  # type: ignore[no-untyped-def]
) -> None:
    directory.error = RuntimeError("column students.phone does not exist")
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(search.search_failed, timeout=2000):
        qtbot.keyClicks(search.search_edit, "emi")
    assert search.error_label.text() == (
        "Something went wrong: column students.phone does not exist. The details are in the log."
    )
    record = next(r for r in caplog.records if r.name == "oncopos.ui.operations")
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError

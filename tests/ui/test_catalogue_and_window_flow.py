"""The manager's catalogue screen, and the desk's whole path: new student -> enroll -> balance shown."""

from __future__ import annotations

from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.services.students import StudentDirectory
from oncopos.ui.catalogue.editors import CourseEditorDialog, SectionEditorDialog
from oncopos.ui.catalogue.view import CatalogueView
from oncopos.ui.main_window import MainWindow
from oncopos.ui.registration.actions import RegistrationServices
from oncopos.ui.registration.enroll_dialog import EnrollDialog
from oncopos.ui.registration.student_editor import StudentEditorDialog
from tests.integration.registration_helpers import Desk

from .test_registration_dialogs import fill, show

pytestmark = pytest.mark.usefixtures("settled")


def catalogue_rows(view: CatalogueView) -> list[list[str]]:
    model = view.course_model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_catalogue_lists_courses_and_sections(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = CatalogueView(desk.catalogue, db_executor, desk.manager)
    show(qtbot, view)
    qtbot.waitUntil(lambda: view.course_model.rowCount() == 2 and view.section_model.rowCount() == 1, timeout=5000)
    assert catalogue_rows(view) == [
        ["OAP-100", "Course OAP-100", "Program", "$6,500.00", "Exempt", "Desk's", "$1,000.00", "Offered"],
        ["WS-SCALP", "Course WS-SCALP", "Workshop", "$395.00", "Taxable", "Desk's", "—", "Offered"],
    ]
    view.courses_view.selectRow(1)
    qtbot.waitUntil(lambda: view.section_model.rowCount() == 2, timeout=5000)
    assert view.sections_title.text() == "Sections of WS-SCALP"


def test_a_manager_adds_a_course_with_inline_messages_then_a_section(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = CatalogueView(desk.catalogue, db_executor, desk.manager)
    show(qtbot, view)
    qtbot.waitUntil(lambda: view.course_model.rowCount() == 2, timeout=5000)
    qtbot.keyClick(view.courses_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    assert isinstance(editor, CourseEditorDialog)
    qtbot.waitExposed(editor)
    fill(qtbot, editor.code, "ws-brow")
    fill(qtbot, editor.name, "Brow and Lash Restoration Workshop")
    editor.kind.setCurrentIndex(editor.kind.findData("workshop"))
    fill(qtbot, editor.price, "450.005")
    editor.province.setCurrentIndex(editor.province.findData("QC"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "at most 2 decimals" in editor.form.errors["price"].text()
    fill(qtbot, editor.price, "450")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.course_model.rowCount() == 3 and view.current_course().code == "WS-BROW", timeout=5000)
    assert [row[0] for row in catalogue_rows(view)] == ["OAP-100", "WS-BROW", "WS-SCALP"]
    assert catalogue_rows(view)[1][3:6] == ["$450.00", "Taxable", "QC"]

    qtbot.mouseClick(view.new_section_button, Qt.MouseButton.LeftButton)
    section_editor = view.editor
    assert isinstance(section_editor, SectionEditorDialog)
    fill(qtbot, section_editor.code, "WS-BROW-2702")
    fill(qtbot, section_editor.start, "2027-02-06")
    fill(qtbot, section_editor.end, "2027-02-01")
    fill(qtbot, section_editor.capacity, "16")
    qtbot.mouseClick(section_editor.save_button, Qt.MouseButton.LeftButton)
    assert "ends (2027-02-01) before it starts" in section_editor.form.errors["end_date"].text()
    fill(qtbot, section_editor.end, "")
    with qtbot.waitSignal(section_editor.saved, timeout=5000):
        qtbot.mouseClick(section_editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.section_model.rowCount() == 1, timeout=5000)
    assert [view.section_model.index(0, c).data() for c in range(5)] == ["WS-BROW-2702", "2027-02-06", "", "", "16 of 16"]
    assert desk.audit("section.created")[-1].details["course"] == "WS-BROW"


# --- the window -------------------------------------------------------------------------------


@pytest.fixture
def desk_window(qtbot, desk: Desk, db_executor):  # type: ignore[no-untyped-def]
    def make(actor=None) -> MainWindow:  # type: ignore[no-untyped-def]
        settings = SimpleNamespace(training=False, workstation_id="DESK1", business_name="OncoOne Education", locale="en-CA",
                                   tz=ZoneInfo("America/Toronto"))
        window = MainWindow(
            StudentDirectory(lambda: SqlUnitOfWork(desk.factory)), settings, actor=actor or desk.registrar,
            db_executor=db_executor, features=[RegistrationServices(desk.registration, desk.catalogue, desk.enrollments)],
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Shortcuts only reach the active window; offscreen, activation arrives asynchronously.
        qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None, timeout=2000)
        return window

    return make


def test_the_manager_menu_is_for_managers_only(desk_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    registrar_window = desk_window()
    titles = [a.text() for a in registrar_window.menuBar().actions() if a.isVisible()]
    assert "&Student" in titles and "&Manager" not in titles
    manager_window = desk_window(desk.manager)
    assert "&Manager" in [a.text() for a in manager_window.menuBar().actions() if a.isVisible()]
    manager_window.registration_actions.catalogue_action.trigger()
    assert isinstance(manager_window.registration_actions.dialog, CatalogueView)


def test_walk_in_new_student_then_enroll_shows_the_balance_to_collect(qtbot, desk_window) -> None:  # type: ignore[no-untyped-def]
    window = desk_window()
    actions = window.registration_actions
    assert not actions.enroll_action.isEnabled()  # nobody shown yet
    qtbot.keyClick(window.search_widget.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = actions.dialog
    assert isinstance(editor, StudentEditorDialog)
    qtbot.waitExposed(editor)
    fill(qtbot, editor.first_name, "Zoë")
    fill(qtbot, editor.last_name, "Tremblay")
    fill(qtbot, editor.email, "zoe.tremblay@example.ca")
    fill(qtbot, editor.phone, "819-555-0108")
    with qtbot.waitSignal(window.enrollments_widget.enrollments_loaded, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert window.enrollments_widget.name_label.text() == "Zoë Tremblay"
    assert window.enrollments_widget.number_label.text() == "S0000018-DESK1"
    assert window.statusBar().currentMessage() == "Saved Zoë Tremblay (S0000018-DESK1)."
    assert actions.enroll_action.isEnabled()

    # The editor has closed; a window manager gives the window back its focus (offscreen has none).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.enrollments_widget.table_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    enroll = actions.dialog
    assert isinstance(enroll, EnrollDialog)
    qtbot.waitUntil(lambda: not enroll.loading and enroll.sections_model.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(window.enrollments_widget.enrollments_loaded, timeout=5000):
        qtbot.mouseClick(enroll.enroll_button, Qt.MouseButton.LeftButton)
    model = window.enrollments_widget.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "OAP-100 Course OAP-100" and row[2:] == [
        "Active", "$6,500.00", "Exempt", "$6,500.00", "$0.00", "$6,500.00",
    ]
    # The new enrollment is selected, ready for the payment, and the deposit rule is said.
    assert window.enrollments_widget.table_view.currentIndex().row() == 0
    assert window.enrollments_widget.selected_enrollment() is not None
    # ... and the payment is offered: Enter on the selected enrollment takes it.
    assert window.statusBar().currentMessage() == ("Enrolled in OAP-100-2701: total $6,500.00. First payment: at least "
                                                   "$1,000.00. Press Enter or Take payment… to collect a payment now.")
    assert actions.withdraw_action.isEnabled()

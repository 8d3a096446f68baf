"""The whole desk story in the window, in training mode: a walk-in student is registered,
enrolled in a workshop and pays the full balance on the card reader, with the real services."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from oncopos.ui.app import payment_feature, registration_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.registration.student_editor import StudentEditorDialog

from .test_payment_window import REGISTRAR, latest_code
from .test_registration_dialogs import fill


def test_walk_in_student_registered_enrolled_and_paid(qtbot, qapp, training) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(training.student_directory, training.settings, actor=REGISTRAR,
                        features=[registration_feature(training), payment_feature(training)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.payment_actions.executor.pending == 0, timeout=15_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None, timeout=2000)
    actions = window.registration_actions

    # New student (Ctrl+N).
    qtbot.keyClick(window.search_widget.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = actions.dialog
    assert isinstance(editor, StudentEditorDialog)
    qtbot.waitExposed(editor)
    fill(qtbot, editor.first_name, "Noémie")
    fill(qtbot, editor.last_name, "Lévesque-O'Neil")
    fill(qtbot, editor.email, "noemie.levesque@example.ca")
    fill(qtbot, editor.phone, "(416) 555-0142")
    with qtbot.waitSignal(window.enrollments_widget.enrollments_loaded, timeout=10_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert window.enrollments_widget.name_label.text() == "Noémie Lévesque-O'Neil"

    # Enroll (Ctrl+E) in the brow workshop: taxable, HST 13 % at this Ontario desk.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.enrollments_widget.table_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    enroll = actions.dialog
    qtbot.waitUntil(lambda: enroll.course_combo.count() > 0, timeout=10_000)
    index = next(i for i in range(enroll.course_combo.count()) if enroll.course_combo.itemText(i).startswith("WS-BROW"))
    enroll.course_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not enroll.loading and enroll.enroll_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(window.enrollments_widget.enrollments_loaded, timeout=10_000):
        qtbot.mouseClick(enroll.enroll_button, Qt.MouseButton.LeftButton)
    [enrollment] = [window.enrollments_widget.model.row_at(r) for r in range(window.enrollments_widget.model.rowCount())]
    assert (enrollment.course_code, enrollment.total_cents, enrollment.balance_cents) == ("WS-BROW", 508_50, 508_50)

    # Take the payment (Ctrl+P): the full balance by default, code by email, card on the reader.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.payment_actions.dialog
    qtbot.waitUntil(lambda: "Total $508.50" in dialog.amount_page.tax_label.text(), timeout=10_000)
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    qtbot.keyClicks(dialog.code_page.code_edit, latest_code(training))
    qtbot.keyClick(dialog.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    reader_id = readers.item(0).data(256)
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=10_000)
    training.gateway().present_test_card(reader_id if isinstance(reader_id, str) else reader_id.id, "4242424242424242")
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=15_000)
    assert dialog.result_page.heading.text() == "Paid $508.50"
    assert "New balance: $0.00" in dialog.result_page.details_label.text()
    assert re.search(r"Invoice DESK1-\d{6}", dialog.result_page.details_label.text())
    qtbot.keyClick(dialog.result_page.done_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.enrollments_widget.model.rowCount() == 1
                    and window.enrollments_widget.model.row_at(0).balance_cents == 0, timeout=10_000)
    window.close()

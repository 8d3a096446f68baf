"""Two enrollments paid at once in the window, by keyboard: the registrar opens the payment on one,
ticks the student's other enrollment on the amount page (Tab, Space), sees each line's tax and the
total, confirms one code and pays once on the simulated reader. The real services in training mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from oncopos.domain.access import Actor, Role
from oncopos.services.records import EnrollmentSummary
from oncopos.ui.app import payment_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.several import payable_others
from tests.ui.test_payment_window import latest_code, shot

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(training.student_directory, training.settings, actor=REGISTRAR, features=[payment_feature(training)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    w.close()


def student_owing_twice(training) -> tuple[object, EnrollmentSummary, EnrollmentSummary]:  # type: ignore[no-untyped-def]
    """A demo student owing on a program, enrolled here in the starter kit too (through the real
    enrollment service): two enrollments that owe, in the same province."""
    manager = Actor(None, "maya", Role.MANAGER, "DESK1")
    kit = next(c for c in training.catalogue.courses(manager) if c.code == "KIT-START")
    today = training.registration.today()
    section = next(s for s in training.catalogue.sections(manager, kit.id)
                   if (s.end_date or s.start_date or today) >= today and (s.seats_left is None or s.seats_left > 0))
    for student in training.student_directory.search(REGISTRAR, "a", limit=200):
        enrollments = training.student_directory.enrollments(REGISTRAR, student.id)
        owing = [e for e in enrollments if e.balance_cents > 0 and e.status != "withdrawn" and e.course_code != kit.code]
        if len(owing) == 1:
            training.enrollments.enroll(manager, student.id, section.id)
            enrollments = training.student_directory.enrollments(REGISTRAR, student.id)
            others = payable_others(enrollments, owing[0])
            assert [e.course_code for e in others] == [kit.code]
            return student, owing[0], others[0]
    raise AssertionError("the demo data has no student owing on one enrollment")


def test_two_enrollments_in_one_payment_by_keyboard(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    student, first, second = student_owing_twice(training)
    window.on_student_selected(student)
    model = window.enrollments_widget.model
    qtbot.waitUntil(lambda: model.rowCount() > 1)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).id == first.id)
    window.enrollments_widget.table_view.setCurrentIndex(model.index(row, 0))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.payment_actions.dialog
    assert dialog is not None and dialog.isVisible()
    page = dialog.amount_page
    qtbot.waitUntil(page.amount_edit.hasFocus)

    # Tab from the amount reaches the other enrollment's box; Space ticks it; its amount is its balance.
    box = next(b for b in dialog.others_box.findChildren(QCheckBox) if second.course_name in b.text())
    while QApplication.focusWidget() is not box:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    total = first.balance_cents + second.balance_cents
    qtbot.waitUntil(lambda: "Total of this payment" in page.tax_label.text(), timeout=10_000)
    text = page.tax_label.text()
    assert first.course_name in text and second.course_name in text
    shot(qtbot, dialog, "several-amount")

    # One code for the whole, then one charge on the reader.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: the page's default button, Send code
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page or page.error_label.isVisible(),
                    timeout=15_000)
    assert dialog.pages.currentWidget() is dialog.code_page, page.error_label.text()
    assert dialog.payment is not None and dialog.payment.amount_cents == total
    assert [p.enrollment_id for p in dialog.payment.parts] == [first.id, second.id]
    qtbot.keyClicks(dialog.code_page.code_edit, latest_code(training))
    qtbot.keyClick(dialog.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=15_000)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=15_000)
    reader_id = readers.item(0).data(256)
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=30_000)
    training.gateway().present_test_card(reader_id, "4242424242424242")
    result = dialog.result_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is result, timeout=30_000)
    assert dialog.payment is not None and dialog.payment.succeeded and dialog.payment.amount_cents == total
    shot(qtbot, dialog, "several-paid")

    # Each enrollment's balance is paid; one invoice has a line for each.
    after = {e.id: e for e in training.student_directory.enrollments(REGISTRAR, student.id)}
    assert after[first.id].balance_cents == 0 and after[second.id].balance_cents == 0
    qtbot.keyClick(result.done_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

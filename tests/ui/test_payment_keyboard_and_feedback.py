"""The payment window as a new registrar meets it, keys only where a person would type (training
mode, real services, the simulator): what the screen says when it cannot act, the QR code that keeps
its size, the print dialog with its paper, and a whole payment from the search box to the printed
invoice without the mouse."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from oncopos.domain.access import Actor, Role
from oncopos.ui.app import configure_application, payment_feature
from oncopos.ui.main_window import MainWindow

from .test_desk_keyboard import student_owing_twice

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    configure_application(qapp)
    w = MainWindow(training.student_directory, training.settings, actor=REGISTRAR, features=[payment_feature(training)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    w.close()


def open_payment(qtbot, window, training):  # type: ignore[no-untyped-def]
    student, _owing = student_owing_twice(training)
    window.on_student_selected(student)
    qtbot.waitUntil(lambda: window.enrollments_widget.selected_enrollment() is not None, timeout=5000)
    window.payment_actions.take_payment_action.trigger()
    dialog = window.payment_actions.dialog
    qtbot.waitUntil(lambda: dialog.amount_page.tax_label.text() != "", timeout=5000)
    return dialog


def test_an_amount_too_large_to_read_names_the_configured_maximum(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    page = dialog.amount_page
    page.amount_edit.selectAll()
    qtbot.keyClicks(page.amount_edit, "10000000")
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.error_label.isVisible, timeout=5000)
    maximum = training.settings.max_payment_cents
    assert f"${maximum // 100:,}.00" in page.error_label.text()
    assert "10,000,000" not in page.error_label.text()
    assert dialog.pages.currentWidget() is page  # nothing was sent
    dialog.reject()

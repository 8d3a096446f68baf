"""Training completes every flow from the window: the student's side (the simulated reader and the
phone paying the hosted page) is reachable while the payment window is open, and finishes a payment.

The real services in training mode, the in-process simulator, real widgets under pytest-qt.
ONCOPOS_SCREENSHOTS=DIR under xvfb-run (-screen 0 1366x768x24, QT_QPA_PLATFORM=xcb) saves the
whole screen with both windows, to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui import test_payment_window as flow

# The payment window tests' window, by assignment (pytest finds it by name in this module); the
# training context it stands on is tests/ui/conftest.py's.
window = flow.window
SHOTS = os.environ.get("ONCOPOS_SCREENSHOTS")


def screen_shot(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        qtbot.wait(300)  # let both windows paint
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(Path(SHOTS) / f"{name}.png"))


def test_pay_on_the_phone_completes_a_hosted_payment(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = flow._to_method_page(qtbot, window, training)
    actions = window.payment_actions
    panel = actions.reader_panel
    assert panel is not None and panel.isVisible()  # opened beside the payment window
    qtbot.mouseClick(panel.phone_button, Qt.MouseButton.LeftButton)  # nothing to pay yet
    assert "No hosted page is waiting" in panel.result_label.text()

    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress and bool(progress.link_label.text()),
                    timeout=10_000)
    screen_shot(qtbot, "training-hosted-qr-and-phone")
    qtbot.mouseClick(panel.phone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "paid on the phone" in panel.result_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=15_000)
    assert dialog.result_page.heading.text().startswith("Paid $")
    assert "Visa ending in 4242" in dialog.result_page.details_label.text()
    screen_shot(qtbot, "training-hosted-paid")


def test_the_students_side_opens_and_works_while_the_payment_window_is_open(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = flow._to_method_page(qtbot, window, training)
    actions = window.payment_actions
    assert dialog.isModal()  # the Training menu of the main window cannot be reached now
    actions.reader_panel.close()  # the trainee closed it; the payment window brings it back
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress, timeout=10_000)
    dialog.activateWindow()  # a shortcut reaches the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = actions.reader_panel
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: panel.reader_combo.count() > 0, timeout=5000)
    screen_shot(qtbot, "training-reader-panel-beside-the-payment")
    # A click in the panel reaches it (a window blocked by the modal dialog would drop it).
    qtbot.mouseClick(panel.card_buttons["Visa — approved"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=15_000)
    assert dialog.result_page.heading.text().startswith("Paid $")
    assert "approved" in panel.result_label.text()

"""Save PNGs of the desk's main windows at one screen size, over the real training context.

    xvfb-run -a -s "-screen 0 1024x768x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot_desk.py --out /tmp/desk-1024

Main window (a student open), payment dialog, refund dialog, end of day and payment history,
each as the window fitter placed it (within the screen's available geometry). Prints each
window's frame against the available area, so "off-screen" is a number as well as a picture.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def report(name: str, window: QWidget, out: Path) -> None:
    settle()
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    inside = area.contains(frame)
    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    clipped = [b.text() for b in buttons
               if not window.rect().contains(b.geometry().translated(b.parentWidget().mapTo(window, b.pos()) - b.pos()))]
    window.grab().save(str(out / f"{name}.png"))
    print(f"{name}: frame {frame.width()}x{frame.height()}+{frame.x()}+{frame.y()} in "
          f"{area.width()}x{area.height()}+{area.x()}+{area.y()} -> {'inside' if inside else 'OUTSIDE'}; "
          f"buttons cut off: {clipped or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("OncoOne-screenshots")  # its own remembered sizes, not the desk's

    from oncopos.bootstrap import build_context, training_settings
    from oncopos.config import load_settings
    from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
    from oncopos.ui.app import build_main_window, configure_application
    from oncopos.ui.gc_guard import MainThreadGarbageCollector
    from oncopos.ui.refunds.actions import RefundActions

    configure_application(app)
    from oncopos.ui.i18n import language_of, use_language

    use_language(language_of(load_settings().locale))  # as run_gui does: the desk's language (ONCOPOS_LOCALE)
    MainThreadGarbageCollector(app)  # as run_gui does: Qt objects are freed on the UI thread only
    with tempfile.TemporaryDirectory(prefix="oncopos-desk-shot-") as tmp:
        context = build_context(training_settings(load_settings(data_dir=Path(tmp))))
        manager = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "manager")
        actor = context.staff.sign_in(manager, TRAINING_PASSWORD)
        window = build_main_window(context, actor)
        window.show()
        settle(800)
        search = window.search_widget
        search.search_edit.setText("a")
        wait(lambda: search.model.rowCount() > 0)
        for row in range(search.model.rowCount()):
            student = search.model.row_at(row)
            rows = context.student_directory.enrollments(actor, student.id)
            if any(e.balance_cents > 0 for e in rows) and len(rows) > 1:
                break
        window.on_student_selected(student)
        wait(lambda: window.enrollments_widget.selected_enrollment() is not None)
        report("main-window", window, args.out)

        payments = window.payment_actions
        payments.take_payment_action.trigger()
        dialog = payments.dialog
        wait(lambda: dialog.amount_page.tax_label.text() != "")
        report("payment-dialog", dialog, args.out)
        dialog.reject()
        settle()

        refunds = window.commands(RefundActions)
        history = refunds.open_history(today_only=False)
        history.from_edit.setDate(history.from_edit.date().addDays(-120))  # the demo's payments lie in the past
        history.desk_box.setCurrentIndex(1)  # all desks: the demo's payments were taken "elsewhere"
        history.search_button.click()
        try:
            wait(lambda: history.model.rowCount() > 0, 8)
        except TimeoutError:
            print("payment history: no payment found; the picture shows the empty list")
        report("payment-history", history, args.out)
        if history.model.rowCount() == 0:
            history.close()
            return eod_shot(window, args.out, context)
        history.table.selectRow(0)
        wait(history.refund_button.isEnabled, 30)
        history.refund_button.click()
        wait(lambda: history.refund_dialog is not None and history.refund_dialog.isVisible())
        report("refund-dialog", history.refund_dialog, args.out)
        history.refund_dialog.reason_box.setCurrentIndex(2)
        history.refund_dialog.refund_button.click()
        report("refund-review", history.refund_dialog, args.out)
        history.refund_dialog.reject()
        history.close()
        return eod_shot(window, args.out, context)


def eod_shot(window, out: Path, context) -> int:  # type: ignore[no-untyped-def]
    from oncopos.ui.end_of_day.view import EndOfDayAction

    eod = window.commands(EndOfDayAction)
    eod.action.trigger()
    wait(lambda: eod.view is not None and eod.view.isVisible())
    settle(1500)
    report("end-of-day", eod.view, out)
    eod.view.close()
    window.close()
    context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

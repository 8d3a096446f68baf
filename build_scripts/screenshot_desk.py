"""Save PNGs of the desk's main windows at one screen size, over the real training context.

    xvfb-run -a -s "-screen 0 1024x768x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot_desk.py --out /tmp/desk-1024

Main window (a student open), payment dialog, refund dialog, end of day and payment history,
each as the window fitter placed it (within the screen's available geometry). Prints each
window's frame against the available area, so "off-screen" is a number as well as a picture.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_scripts.screenshot_training import report, settle, training_desk, wait


def main() -> int:
    from oncopos.ui.app import build_main_window
    from oncopos.ui.refunds.actions import RefundActions

    with training_desk(__doc__.splitlines()[0], "oncopos-desk-shot-") as desk:
        context, actor = desk.context, desk.actor
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
        report("main-window", window, desk.out)

        payments = window.payment_actions
        payments.take_payment_action.trigger()
        dialog = payments.dialog
        wait(lambda: dialog.amount_page.tax_label.text() != "")
        report("payment-dialog", dialog, desk.out)
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
        report("payment-history", history, desk.out)
        if history.model.rowCount() == 0:
            history.close()
            return eod_shot(window, desk.out, context)
        history.table.selectRow(0)
        wait(history.refund_button.isEnabled, 30)
        history.refund_button.click()
        wait(lambda: history.refund_dialog is not None and history.refund_dialog.isVisible())
        report("refund-dialog", history.refund_dialog, desk.out)
        history.refund_dialog.reason_box.setCurrentIndex(2)
        history.refund_dialog.refund_button.click()
        report("refund-review", history.refund_dialog, desk.out)
        history.refund_dialog.reject()
        history.close()
        return eod_shot(window, desk.out, context)


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

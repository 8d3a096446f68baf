"""Save PNGs of the audit trail window over the real training context, after a few real events (a refused
sign-in, the drawer opened, cash paid out, a cash payment and its refund): the window, and its action filter
opened.

    xvfb-run -a -s "-screen 0 1024x768x24" env QT_QPA_PLATFORM=xcb ONCOPOS_LOCALE=fr-CA PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot_audit.py --out /tmp/audit-1024-fr

Prints the window's frame against the screen's available area, as screenshot_desk.py does, and the
Action column's width against its widest name.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QDate

from build_scripts.screenshot_training import report, settle, training_desk, wait


def main() -> int:
    from oncopos.domain.errors import UserFacingError
    from oncopos.domain.tender import CashTender
    from oncopos.ui.audit_view import AuditTableModel, AuditView
    from oncopos.ui.operations import DatabaseExecutor

    with training_desk(__doc__.splitlines()[0], "oncopos-audit-shot-") as desk:
        context, actor = desk.context, desk.actor
        with contextlib.suppress(UserFacingError):  # the refused sign-in is what the trail shows
            context.staff.sign_in("nobody", "not a password")
        context.till().open_drawer(actor, 10_000)
        context.till().paid_out(actor, 1_500, "Courier")
        owing = next(e for s in context.student_directory.search(actor, "a", limit=50)
                     for e in context.student_directory.enrollments(actor, s.id) if e.balance_cents >= 5_000)
        paid = context.tenders().take(actor, owing.id, 5_000, CashTender(5_000))
        context.refunds().refund(actor, paid.payment_id, 2_000, "requested_by_customer")

        executor = DatabaseExecutor()
        view = AuditView(context.audit_trail, executor, actor=actor, tz=context.settings.tz)
        view.from_edit.setDate(QDate.currentDate().addDays(-1))
        view.show()
        view.load()
        wait(lambda: view.model.rowCount() > 0 and view.action_combo.count() > 1)
        settle(500)
        table = view.table_view
        widest = max(table.fontMetrics().horizontalAdvance(str(view.model.index(r, AuditTableModel.ACTION).data()))
                     for r in range(view.model.rowCount()))
        print(f"Action column {table.columnWidth(AuditTableModel.ACTION)} px for a widest name of {widest} px; "
              f"Details {table.columnWidth(AuditTableModel.DETAILS)} px")
        report("audit-trail", view, desk.out)
        view.action_combo.showPopup()
        settle(500)
        view.action_combo.view().window().grab().save(str(desk.out / "audit-action-filter.png"))
        view.action_combo.hidePopup()
        view.close()
        executor.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

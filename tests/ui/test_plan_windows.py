"""The plan editor, the due list and the account statement on real widgets, over the real plan
and statement services on SQLite (pytest-qt)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.statement import StatementRenderer
from oncopos.domain.messages import Message, msg
from oncopos.domain.plans import PlanTemplate
from oncopos.domain.plans_rules import load_college_rules
from oncopos.services.emails import Business
from oncopos.services.plans import PlanService
from oncopos.services.statements import StatementService
from oncopos.ui.plans.due_list import DueListDialog
from oncopos.ui.plans.editor import PlanEditorDialog
from oncopos.ui.plans.statement_dialog import StatementDialog
from tests.integration.otp_support import KeepingMailer
from tests.integration.plan_helpers import MANAGER, REGISTRAR
from tests.payment_support import add_enrollment

TZ = ZoneInfo("America/Toronto")
BUSINESS = Business("OncoOne Education", "accounts@oncoone.example", "+1 416-555-0100", "100 King St W, Toronto")


class Plans:
    def __init__(self, tmp_path: Path) -> None:
        self.engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
        upgrade(self.engine)
        self.factory = make_session_factory(self.engine, workstation_id="DESK1")
        uow = lambda: SqlUnitOfWork(self.factory)  # noqa: E731
        self.mailer = KeepingMailer()
        self.outbox = MailOutbox(uow, self.mailer, utc_now)
        self.service = PlanService(uow, clock=utc_now, rules=load_college_rules(), timezone=TZ, workstation_id="DESK1")
        self.statements = StatementService(uow, clock=utc_now, timezone=TZ,
                                           renderer=StatementRenderer(BUSINESS.name, "America/Toronto"),
                                           enqueue=self.outbox.enqueue, business=BUSINESS)
        self.enrollment = add_enrollment(self.factory, price_cents=100_000)  # 1,130.00 in Ontario
        with SqlUnitOfWork(self.factory) as u:
            found = u.plans.enrollment(self.enrollment)
        self.student_id, self.course_id = found.student_id, found.course_id
        self.service.save_template(MANAGER, self.course_id, PlanTemplate(2000, 3, 1, "last", "20 % then 3 monthly"))


@pytest.fixture
def plans(tmp_path: Path) -> Iterator[Plans]:
    made = Plans(tmp_path)
    yield made
    made.engine.dispose()


def _editor(qtbot: Any, plans: Plans, executor: Any, actor: Any, close_link: Any = None) -> PlanEditorDialog:
    dialog = PlanEditorDialog(plans.service, actor, plans.enrollment, "ONC Oncology aesthetics", executor,
                              today=plans.service.today(), close_link=close_link)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.enrollment is not None)
    return dialog


def test_a_registrar_makes_a_plan_from_the_template_and_a_manager_edit_that_does_not_add_up_is_refused(
        qtbot: Any, plans: Plans, db_executor: Any, settled: None, tmp_path: Path) -> None:
    dialog = _editor(qtbot, plans, db_executor, REGISTRAR)
    assert dialog.template_box.count() == 1 and dialog.new_box.isVisible() and not dialog.save_button.isVisible()
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4)
    assert [dialog.table.item(r, 2).text() for r in range(4)] == ["226.00", "301.33", "301.33", "301.34"]
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.view is not None)
    assert not dialog.new_box.isVisible() and dialog.contract_button.isVisible()
    assert "at most $226.00 may be collected in all" in dialog.rule.text() and "O. Reg. 415/06" in dialog.rule.text()
    assert dialog.status.text() == "Still owing on the plan: $1,130.00"
    dialog.grab().save(str(tmp_path / "plan-editor.png"))
    dialog.close()

    closed: list[tuple[Any, uuid.UUID]] = []

    def close_link(actor: Any, instalment: uuid.UUID) -> Message:  # the reminder service (tested with Stripe elsewhere)
        closed.append((actor, instalment))
        return msg("plan.link_closed")  # a catalogue message, said in the desk's language

    manager = _editor(qtbot, plans, db_executor, MANAGER, close_link)
    qtbot.waitUntil(lambda: manager.view is not None)
    manager.table.setCurrentCell(1, 0)
    qtbot.mouseClick(manager.close_link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(closed) and manager.status.text().startswith("The reminder link is closed. Nothing"))
    assert manager.view is not None and closed == [(MANAGER, manager.view.plan.lines[1].id)]
    assert manager.save_button.isVisible()
    manager.table.item(1, 2).setText("350.00")  # 48.67 too much now
    manager.reason.setText("student asked for a larger first instalment")
    qtbot.mouseClick(manager.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "add up to" in manager.status.text())
    assert manager.status.text() == ("The plan's amounts add up to $1,178.67, but the balance is $1,130.00: put $48.67 "
                                     "less on one of the lines.")
    unchanged = plans.service.plan_of(MANAGER, plans.enrollment)
    assert unchanged is not None and [x.amount_cents for x in unchanged.plan.lines] == [22_600, 30_133, 30_133, 30_134]
    manager.table.item(2, 2).setText("252.66")
    qtbot.mouseClick(manager.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager.status.text().startswith("Still owing"))
    changed = plans.service.plan_of(MANAGER, plans.enrollment)
    assert changed is not None and [x.amount_cents for x in changed.plan.lines] == [22_600, 35_000, 25_266, 30_134]
    manager.table.item(3, 1).setText("soon")
    qtbot.mouseClick(manager.save_button, Qt.MouseButton.LeftButton)
    assert manager.status.text() == "Instalment 3: 'soon' is not a date. Type it as 2027-01-15."


def test_the_due_list_and_the_statement(qtbot: Any, plans: Plans, db_executor: Any, settled: None,
                                        tmp_path: Path) -> None:
    template = plans.service.templates_for(REGISTRAR, plans.enrollment)[0].id
    plans.service.create_plan(REGISTRAR, plans.enrollment, template_id=template,
                              first_due=plans.service.today() - timedelta(days=3))
    due = DueListDialog(plans.service, REGISTRAR, db_executor)
    qtbot.addWidget(due)
    qtbot.waitUntil(lambda: due.model.rowCount() == 1)
    assert due.model.display(due.model.row(0), 1) == "overdue" and due.status.text() == "1 instalment(s) due, 1 overdue."

    dialog = StatementDialog(plans.statements, REGISTRAR, plans.student_id, "Ada Student", db_executor, tz=TZ)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.statement is not None)
    assert dialog.balance.text() == "Balance owing: $1,130.00"
    assert dialog.model.rowCount() == 5  # the charge, then the deposit and three instalments
    assert dialog.model.display(dialog.model.row(0), 4) == "$1,130.00"
    dialog.grab().save(str(tmp_path / "statement.png"))
    dialog.language.setCurrentIndex(1)
    target = tmp_path / "releve.pdf"
    dialog.save_to(target)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Statement queued"))
    assert plans.outbox.deliver_pending().sent and plans.mailer.sent[-1].attachments[0].filename.endswith(".pdf")
    assert uuid.UUID(str(plans.student_id))

"""Plans travel between desks through the central PostgreSQL like every synced record: made and
edited on one desk, the same schedule on the other."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from oncopos.adapters.db.models.plans import PaymentPlan, PlanInstalment, PlanTemplate
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.plans import INSTALMENT, PlanLine
from oncopos.domain.plans import PlanTemplate as Template
from oncopos.domain.plans_rules import load_college_rules
from oncopos.services.plans import PlanService
from tests.conftest import FixedClock
from tests.integration.plan_helpers import MANAGER, TZ
from tests.integration.sync_helpers import Desk, course_and_section, enrollment, make_desk, snapshot, student

PLAN_TABLES = ("plan_templates", "payment_plans", "plan_instalments")


def _plans(desk: Desk) -> PlanService:
    return PlanService(lambda: SqlUnitOfWork(desk.factory), clock=utc_now, rules=load_college_rules(), timezone=TZ,
                       workstation_id=desk.name)


def test_a_plan_made_and_edited_on_one_desk_is_the_same_on_the_other(tmp_path: Path, pg_url: str,
                                                                    clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    course, section = course_and_section()
    section.end_date = _plans(a).today() + timedelta(days=200)
    pupil = student("Zoë", "Côté")
    enrolled = enrollment(pupil, section, total_cents=150_000)
    a.add(course, section, pupil, enrolled)
    on_a = _plans(a)
    today = on_a.today()
    template = on_a.save_template(MANAGER, course.id, Template(1000, 2, 1, "last", "10 % then 2"))
    view = on_a.create_plan(MANAGER, enrolled.id, template_id=template, first_due=today)
    lines = list(view.plan.lines)
    on_a.edit_plan(MANAGER, view.plan.id, [lines[0], PlanLine(1, INSTALMENT, lines[1].due_on, 100_000),
                                           PlanLine(2, INSTALMENT, lines[2].due_on, 35_000)], "first one larger")
    assert a.sync.sync_once().pending == 0
    b.sync.sync_once()
    seen = _plans(b).plan_of(MANAGER, enrolled.id)
    assert seen is not None and [(x.sequence, x.amount_cents) for x in seen.plan.lines] == [(0, 15_000), (1, 100_000),
                                                                                              (2, 35_000)]
    assert b.count(PlanTemplate) == 1 and b.count(PaymentPlan) == 1 and b.count(PlanInstalment) == 3
    central = sa.create_engine(pg_url)
    try:
        assert a.snapshot(PLAN_TABLES) == b.snapshot(PLAN_TABLES) == snapshot(central, PLAN_TABLES)
    finally:
        central.dispose()

"""Plans on SQLite and PostgreSQL: made from a course's template, edited by a manager (audited),
refused in one line with nothing recorded, and the provincial pre-contract limit on deposits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.domain.access import PermissionDenied
from oncopos.domain.dates import format_day
from oncopos.domain.errors import InvalidInput
from oncopos.domain.plans import DEPOSIT, INSTALMENT, OVERDUE, PAID, PlanInvalid, PlanLine, PlanTemplate
from oncopos.domain.plans_rules import DepositOverLimit
from tests.integration.plan_helpers import MANAGER, REGISTRAR, PlanDesk, plan_desk
from tests.integration.registration_helpers import pay


@pytest.fixture
def desk(engine: Any, gateway: Any, tmp_path: Any) -> PlanDesk:
    return plan_desk(engine, gateway, tmp_path / "desk")


def test_a_plan_from_the_template_adds_up_with_the_remainder_on_the_stated_instalment(desk: PlanDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)  # ON, HST 13 %: 1,130.00 owing
    template = desk.template(enrollment, deposit_bp=2000, count=3, remainder_on="last", name="20 % then 3 monthly")
    today = desk.today()
    view = desk.plans.create_plan(REGISTRAR, enrollment, template_id=template, first_due=today)
    lines = view.plan.lines
    # 20 % of 1,130.00 = 226.00; 904.00 / 3 = 301.33 r 1: the last instalment carries the cent.
    assert [(x.kind, x.amount_cents) for x in lines] == [(DEPOSIT, 22_600), (INSTALMENT, 30_133), (INSTALMENT, 30_133),
                                                        (INSTALMENT, 30_134)]
    assert sum(x.amount_cents for x in lines) == 113_000 == view.plan.amount_cents
    assert [x.due_on for x in lines][1] > today and view.precontract_limit_cents == 22_600
    assert "O. Reg. 415/06" in (view.precontract_rule or "")
    [(action, details)] = desk.audit("plan.")
    assert action == "plan.created" and details["amount_cents"] == 113_000 and len(details["lines"]) == 4
    # Synced rows: each new row has a version and an outbox entry for the central database.
    with desk.factory() as session:
        tables = sorted(set(session.scalars(sa.select(OutboxEntry.table_name).where(
            OutboxEntry.table_name.in_(["plan_templates", "payment_plans", "plan_instalments"])))))
    assert tables == ["payment_plans", "plan_instalments", "plan_templates"]
    # The remainder can be put on the first instalment instead.
    other = desk.enrollment(price_cents=100_000)
    first = desk.template(other, deposit_bp=2000, count=3, remainder_on="first", name="first carries")
    assert [x.amount_cents for x in desk.plans.propose(REGISTRAR, other, first)][1:] == [30_134, 30_133, 30_133]


def test_a_plan_that_does_not_add_up_or_runs_past_the_course_is_refused_and_nothing_is_recorded(desk: PlanDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000, ends_in_days=60)
    today = desk.today()
    short = [PlanLine(0, DEPOSIT, today, 20_000), PlanLine(1, INSTALMENT, today + timedelta(days=30), 90_000)]
    with pytest.raises(PlanInvalid) as caught:
        desk.plans.create_plan(MANAGER, enrollment, lines=short)
    assert str(caught.value) == ("The plan's amounts add up to $1,100.00, but the balance is $1,130.00: put $30.00 more "
                                 "on one of the lines.")
    late = [PlanLine(0, DEPOSIT, today, 20_000), PlanLine(1, INSTALMENT, today + timedelta(days=90), 93_000)]
    with pytest.raises(PlanInvalid) as caught:
        desk.plans.create_plan(MANAGER, enrollment, lines=late)
    ends = format_day(today + timedelta(days=60), "en-CA")
    assert str(caught.value) == (f"Instalment 1 is due {format_day(today + timedelta(days=90), 'en-CA')}, after the "
                                 f"course ends on {ends}. Move it to the end date or earlier.")
    assert caught.value.text("fr-CA").startswith(f"Versement 1 est dû le {format_day(today + timedelta(days=90), 'fr-CA')}")
    # The template's monthly instalments would also run past a course that ends in 60 days.
    template = desk.template(enrollment, deposit_bp=2000, count=3)
    with pytest.raises(PlanInvalid, match="after the course ends"):
        desk.plans.create_plan(REGISTRAR, enrollment, template_id=template, first_due=today)
    # A registrar cannot set amounts of their own.
    with pytest.raises(PermissionDenied):
        desk.plans.create_plan(REGISTRAR, enrollment, lines=[PlanLine(0, DEPOSIT, today, 113_000)])
    assert desk.count("payment_plans") == 0 and desk.count("plan_instalments") == 0
    assert [a for a, _ in desk.audit("plan.")] == []


def test_the_ontario_pre_contract_limit_is_checked_on_the_deposit_and_on_every_payment(desk: PlanDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)  # 1,130.00: the limit is 20 % = 226.00 (< $500)
    thirty = desk.template(enrollment, deposit_bp=3000, count=3)
    with pytest.raises(DepositOverLimit) as caught:
        desk.plans.create_plan(REGISTRAR, enrollment, template_id=thirty)
    message = str(caught.value)
    assert message.startswith("At most $226.00 more can be collected before the contract is signed ($226.00 in all "
                              "for fees of $1,130.00; $0.00 already paid). Rule: Before the contract is signed, a "
                              "career college may collect at most the lesser of 20 % of the program's fees and $500.")
    assert "O. Reg. 415/06" in message and "https://www.ontario.ca/laws/regulation/060415" in message
    assert desk.count("payment_plans") == 0
    twenty = desk.template(enrollment, deposit_bp=2000, count=3, name="20 %")
    plan = desk.plans.create_plan(REGISTRAR, enrollment, template_id=twenty).plan
    # Taking more than the limit at the desk before the contract is signed is refused before anything is written.
    with pytest.raises(DepositOverLimit, match=r"At most \$226.00 more"):
        desk.payments.start(REGISTRAR, enrollment, 30_000)
    assert desk.count("payments") == 0
    assert desk.payments.start(REGISTRAR, enrollment, 22_600).status == "quoted"
    desk.plans.sign_contract(REGISTRAR, plan.id)
    assert desk.payments.start(REGISTRAR, enrollment, 30_000).status == "quoted"
    assert [a for a, _ in desk.audit("plan.")][-1] == "plan.contract_signed"

    # For dearer programs the $500 cap is the lesser one.
    dear = desk.enrollment(price_cents=1_000_000)  # 11,300.00: 20 % is 2,260.00, so $500.00
    dear_twenty = desk.template(dear, deposit_bp=2000, count=3, name="20 % dear")
    with pytest.raises(DepositOverLimit, match=r"At most \$500.00 more .*\(\$500.00 in all for fees of \$11,300.00"):
        desk.plans.create_plan(REGISTRAR, dear, template_id=dear_twenty)


def test_a_manager_edits_a_plan_audited_a_registrar_cannot_and_a_paid_line_stays(desk: PlanDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    template = desk.template(enrollment, deposit_bp=2000, count=3)
    today = desk.today()
    plan = desk.plans.create_plan(REGISTRAR, enrollment, template_id=template, first_due=today).plan
    pay(desk, enrollment, 22_600)  # the deposit, paid at the desk
    lines = list(plan.lines)
    moved = [lines[0], PlanLine(1, INSTALMENT, lines[1].due_on, 45_200), PlanLine(2, INSTALMENT, lines[2].due_on, 45_200)]
    with pytest.raises(PermissionDenied):
        desk.plans.edit_plan(REGISTRAR, plan.id, moved, "student asked for two payments")
    with pytest.raises(InvalidInput, match="Say why the plan changes"):
        desk.plans.edit_plan(MANAGER, plan.id, moved, "  ")
    changed_deposit = [PlanLine(0, DEPOSIT, today, 10_000), *moved[1:], PlanLine(3, INSTALMENT, lines[3].due_on, 12_600)]
    with pytest.raises(PlanInvalid, match=r"Deposit is paid, so it stays as it is \(\$226.00"):
        desk.plans.edit_plan(MANAGER, plan.id, changed_deposit, "fewer instalments")
    assert desk.plans.plan_of(MANAGER, enrollment).plan.lines == plan.lines  # type: ignore[union-attr]
    view = desk.plans.edit_plan(MANAGER, plan.id, moved, "student asked for two payments")
    assert [(x.sequence, x.amount_cents) for x in view.plan.lines] == [(0, 22_600), (1, 45_200), (2, 45_200)]
    assert view.states[0].state == PAID
    assert desk.count("plan_instalments") == 4  # the third instalment is kept, marked removed
    action, details = desk.audit("plan.")[-1]
    assert action == "plan.edited" and details["reason"] == "student asked for two payments"
    assert len(details["before"]) == 4 and len(details["after"]) == 3


def test_the_desk_lists_due_and_overdue_instalments(desk: PlanDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    template = desk.template(enrollment, deposit_bp=2000, count=3)
    today = desk.today()
    desk.plans.create_plan(REGISTRAR, enrollment, template_id=template, first_due=today - timedelta(days=40))
    due = desk.plans.due_list(REGISTRAR, within_days=7)
    # The deposit (40 days ago) and the first instalment (about 10 days ago) are overdue.
    assert [(d.state.line.sequence, d.state.state) for d in due] == [(0, OVERDUE), (1, OVERDUE)]
    assert due[0].student_name == "Ada Student" and due[0].state.owing_cents == 22_600
    pay(desk, enrollment, 22_600)
    assert [d.state.line.sequence for d in desk.plans.due_list(REGISTRAR, within_days=7)] == [1]


def test_cash_at_the_desk_before_the_contract_is_held_to_the_same_limit(desk: PlanDesk) -> None:
    from oncopos.adapters.db.session import utc_now
    from oncopos.adapters.db.uow import SqlUnitOfWork
    from oncopos.bootstrap import build_invoice_service
    from oncopos.config import load_settings
    from oncopos.domain.enrollment import PaymentLimits
    from oncopos.domain.tender import CashTender, ChequeTender, SplitPart, Tender
    from oncopos.services.payments.recording import Recorder
    from oncopos.services.tenders.service import TenderRules, TenderService
    from tests.integration.plan_helpers import TZ

    uow = lambda: SqlUnitOfWork(desk.factory)  # noqa: E731
    settings = load_settings(workstation_id="DESK1", invoice_series="DESK1")
    tenders = TenderService(uow, TenderRules(PaymentLimits(100, 2_500_000), "DESK1", TZ), clock=utc_now,
                            recorder=Recorder(uow, utc_now, build_invoice_service(settings, uow, utc_now), None,
                                              lambda _s: None),
                            collection_check=desk.plans.check_collection)
    enrollment = desk.enrollment(price_cents=100_000)
    twenty = desk.template(enrollment, deposit_bp=2000, count=3)
    desk.plans.create_plan(REGISTRAR, enrollment, template_id=twenty)
    with pytest.raises(DepositOverLimit, match=r"At most \$226.00 more .* O. Reg. 415/06"):
        tenders.take(REGISTRAR, enrollment, 30_000, CashTender(30_000))
    cheque = ChequeTender("4521", "Banque Nationale", desk.today())
    with pytest.raises(DepositOverLimit):
        tenders.check_split(REGISTRAR, enrollment, 30_000, [SplitPart(15_000, Tender.CHEQUE, cheque),
                                                           SplitPart(15_000, Tender.CASH, CashTender(15_000))])
    assert desk.count("payments") == 0


def test_templates_are_each_courses_own_and_only_a_manager_saves_one_audited(desk: PlanDesk) -> None:
    enrollment, other = desk.enrollment(), desk.enrollment()
    with desk.uow() as uow:
        course, other_course = uow.plans.enrollment(enrollment).course_id, uow.plans.enrollment(other).course_id
    assert course != other_course
    with pytest.raises(PermissionDenied):
        desk.plans.save_template(REGISTRAR, course, PlanTemplate(3000, 3, 1, "last", "30 % then 3 monthly"))
    assert desk.count("plan_templates") == 0 and desk.audit("plan_template") == []
    template = desk.template(enrollment, deposit_bp=3000, count=3, name="30 % then 3 monthly")
    assert [t.id for t in desk.plans.templates_for(REGISTRAR, enrollment)] == [template]
    assert desk.plans.templates_for(REGISTRAR, other) == []  # another course offers its own, none yet
    desk.plans.save_template(MANAGER, course, PlanTemplate(2500, 4, 1, "first", "25 % then 4 monthly"),
                             template_id=template)
    [saved] = desk.plans.templates(REGISTRAR, course)
    assert (saved.template.deposit_basis_points, saved.template.instalment_count, saved.template.name) == (
        2500, 4, "25 % then 4 monthly")
    assert [(a, d["deposit_basis_points"], d["instalment_count"]) for a, d in desk.audit("plan_template")] == [
        ("plan_template.created", 3000, 3), ("plan_template.changed", 2500, 4)]
    with pytest.raises(InvalidInput):  # a template that cannot make a plan is refused, nothing changed
        desk.plans.save_template(MANAGER, course, PlanTemplate(2500, 0, 1, "first", "none"), template_id=template)
    assert len(desk.audit("plan_template")) == 2

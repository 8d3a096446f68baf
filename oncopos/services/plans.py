"""Deposits and instalment plans at the desk: templates per course, a plan per enrollment, a
manager's edits (audited), the due and overdue list, and the provincial pre-contract limit.

Every write checks the whole plan first (oncopos.domain.plans.check_schedule) and writes it in one
transaction with its audit event, so a refused plan leaves nothing behind.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import Day, Money, msg, status_name
from oncopos.domain.plans import DEPOSIT, PAID, PlanInvalid, PlanLine, PlanTemplate, check_schedule, line_states, schedule
from oncopos.domain.plans_rules import CollegeRules
from oncopos.services.guard import authorize, open_to_all, requires
from oncopos.services.plan_records import DueLine, EnrollmentForPlan, PlanRecord, PlanView, TemplateRecord
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


def _line_dict(line: PlanLine) -> dict[str, Any]:
    return {"sequence": line.sequence, "kind": line.kind, "due_on": line.due_on.isoformat(),
            "amount_cents": line.amount_cents}


class PlanService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, rules: CollegeRules, timezone: ZoneInfo,
                 workstation_id: str) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._rules = rules
        self._tz = timezone
        self._workstation = workstation_id

    @open_to_all("what day it is at the business: no data")
    def today(self) -> date:
        return self._clock().astimezone(self._tz).date()

    # --- templates ----------------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def templates(self, actor: Actor, course_id: uuid.UUID) -> list[TemplateRecord]:
        with self._uow() as uow:
            return uow.plans.templates(course_id)

    @requires(Permission.TAKE_PAYMENT)
    def templates_for(self, actor: Actor, enrollment_id: uuid.UUID) -> list[TemplateRecord]:
        """The templates of the enrollment's course."""
        with self._uow() as uow:
            return uow.plans.templates(uow.plans.enrollment(enrollment_id).course_id)

    @requires(Permission.TAKE_PAYMENT)
    def enrollment_for_plan(self, actor: Actor, enrollment_id: uuid.UUID) -> EnrollmentForPlan:
        """The enrollment with what the ledger says was paid and is owed, and when its course ends."""
        with self._uow() as uow:
            return uow.plans.enrollment(enrollment_id)

    @requires(Permission.MANAGE_CATALOGUE)
    def save_template(self, actor: Actor, course_id: uuid.UUID, template: PlanTemplate, *,
                      template_id: uuid.UUID | None = None, active: bool = True) -> uuid.UUID:
        template.check()
        if not template.name.strip():
            raise InvalidInput(msg("plan.template_name"), field="name")
        details = {"course_id": str(course_id), "name": template.name, "deposit_basis_points": template.deposit_basis_points,
                   "instalment_count": template.instalment_count, "months_between": template.months_between,
                   "remainder_on": template.remainder_on, "active": active}
        with self._uow() as uow:
            if template_id is None:
                template_id = uow.plans.add_template(course_id, template)
                action = "plan_template.created"
            else:
                uow.plans.update_template(template_id, template, active=active)
                action = "plan_template.changed"
            uow.audit.record(actor, action, at=self._clock(), subject_type="plan_template", subject_id=template_id,
                             details=details)
            uow.commit()
        return template_id

    # --- plans --------------------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def propose(self, actor: Actor, enrollment_id: uuid.UUID, template_id: uuid.UUID,
                first_due: date | None = None) -> tuple[PlanLine, ...]:
        """The template applied to what the enrollment owes now; nothing is written."""
        with self._uow() as uow:
            enrollment = uow.plans.enrollment(enrollment_id)
            template = uow.plans.template(template_id).template
        return schedule(enrollment.balance_cents, template, first_due or self.today())

    @requires(Permission.TAKE_PAYMENT)
    def create_plan(self, actor: Actor, enrollment_id: uuid.UUID, *, template_id: uuid.UUID | None = None,
                    first_due: date | None = None, lines: list[PlanLine] | None = None) -> PlanView:
        """A plan from the course's template; with `lines`, a schedule of a manager's own (EDIT_PLANS)."""
        if lines is not None:
            authorize(actor, Permission.EDIT_PLANS, on=f"enrollment:{enrollment_id}")
        elif template_id is None:
            raise InvalidInput(msg("plan.choose_template"))
        with self._uow() as uow:
            enrollment = uow.plans.enrollment(enrollment_id, lock=True)
            if enrollment.status != "active":
                raise InvalidInput(msg("plan.enrollment_not_active", status=status_name("enrollment", enrollment.status)))
            if uow.plans.plan_for(enrollment_id) is not None:
                raise InvalidInput(msg("plan.exists"))
            if lines is None:
                assert template_id is not None
                template = uow.plans.template(template_id).template
                lines = list(schedule(enrollment.balance_cents, template, first_due or self.today()))
            check_schedule(lines, enrollment.balance_cents, course_ends_on=enrollment.ends_on)
            self._check_deposit(enrollment, lines, contract_signed=False)
            plan_id = uow.plans.add_plan(enrollment_id=enrollment_id, template_id=template_id,
                                         amount_cents=enrollment.balance_cents,
                                         paid_before_cents=enrollment.net_paid_cents, created_by=actor.staff_id,
                                         workstation_id=self._workstation, lines=lines)
            uow.audit.record(actor, "plan.created", at=self._clock(), subject_type="plan", subject_id=plan_id,
                             details={"enrollment_id": str(enrollment_id),
                                      "template_id": str(template_id) if template_id else None,
                                      "amount_cents": enrollment.balance_cents, "lines": [_line_dict(x) for x in lines]})
            uow.commit()
        return refuse_when_no_plan(self._view(enrollment_id))

    @requires(Permission.EDIT_PLANS)
    def edit_plan(self, actor: Actor, plan_id: uuid.UUID, lines: list[PlanLine], reason: str) -> PlanView:
        """A manager's new schedule: still the plan's amount in all, paid lines as they were, audited."""
        if not reason.strip():
            raise InvalidInput(msg("plan.change_reason"), field="reason")
        with self._uow() as uow:
            plan = uow.plans.plan(plan_id)
            enrollment = uow.plans.enrollment(plan.enrollment_id, lock=True)
            states = self._states(uow, plan, enrollment)
            by_sequence = {line.sequence: line for line in lines}
            for state in states:
                if state.state == PAID:
                    kept = by_sequence.get(state.line.sequence)
                    if kept is None or (kept.amount_cents, kept.due_on) != (state.line.amount_cents, state.line.due_on):
                        raise PlanInvalid(msg("plan.line_paid", line=state.line.name(),
                                              amount_cents=Money(state.line.amount_cents), due_on=Day(state.line.due_on)))
            check_schedule(lines, plan.amount_cents, course_ends_on=enrollment.ends_on)
            if plan.contract_signed_at is None:
                self._check_deposit(enrollment, lines, contract_signed=False, already_counted=plan.paid_before_cents)
            uow.plans.replace_lines(plan_id, lines)
            uow.audit.record(actor, "plan.edited", at=self._clock(), subject_type="plan", subject_id=plan_id,
                             details={"enrollment_id": str(plan.enrollment_id), "reason": reason.strip(),
                                      "before": [_line_dict(x) for x in plan.lines],
                                      "after": [_line_dict(x) for x in sorted(lines, key=lambda x: x.sequence)]})
            uow.commit()
        return refuse_when_no_plan(self._view(plan.enrollment_id))

    @requires(Permission.TAKE_PAYMENT)
    def sign_contract(self, actor: Actor, plan_id: uuid.UUID) -> PlanView:
        """The student signed the contract: the pre-contract limit no longer applies."""
        with self._uow() as uow:
            plan = uow.plans.plan(plan_id)
            if plan.contract_signed_at is not None:
                raise InvalidInput(msg("plan.already_signed"))
            now = self._clock()
            uow.plans.sign_contract(plan_id, now)
            uow.audit.record(actor, "plan.contract_signed", at=now, subject_type="plan", subject_id=plan_id,
                             details={"enrollment_id": str(plan.enrollment_id)})
            uow.commit()
        return refuse_when_no_plan(self._view(plan.enrollment_id))

    @requires(Permission.TAKE_PAYMENT)
    def plan_of(self, actor: Actor, enrollment_id: uuid.UUID) -> PlanView | None:
        return self._view(enrollment_id)

    @requires(Permission.TAKE_PAYMENT)
    def due_list(self, actor: Actor, *, within_days: int = 7) -> list[DueLine]:
        """Every unpaid line due within `within_days` (and every overdue one), the oldest first."""
        today = self.today()
        until = today + timedelta(days=within_days)
        out: list[DueLine] = []
        with self._uow() as uow:
            for plan in uow.plans.active_plans(with_lines_due_by=until):
                enrollment = uow.plans.enrollment(plan.enrollment_id)
                reminded = {t.line.sequence: t.reminder_sent_at for t in uow.plans.reminder_targets(plan.id)}
                for state in self._states(uow, plan, enrollment):
                    if state.state != PAID and state.line.due_on <= until:
                        out.append(DueLine(plan.id, enrollment.id, enrollment.student_id, enrollment.student_name,
                                           enrollment.student_number, enrollment.course_code, state,
                                           reminded.get(state.line.sequence)))
        return sorted(out, key=lambda d: (d.state.line.due_on, d.student_name))

    # --- the pre-contract limit, asked by the payment flow --------------------------------------
    @open_to_all("asked inside PaymentService.start, which is guarded; it only reads and refuses")
    def check_collection(self, enrollment_id: uuid.UUID, amount_cents: int) -> None:
        """Refuse (DepositOverLimit, with the rule and its source) a payment that would take more
        than the province allows before the enrollment's contract is signed."""
        with self._uow() as uow:
            plan = uow.plans.plan_for(enrollment_id)
            if plan is None or plan.contract_signed_at is not None:
                return
            enrollment = uow.plans.enrollment(enrollment_id)
        self._rules.check_before_contract(province=enrollment.tax_province, course_kind=enrollment.course_kind,
                                          fees_cents=enrollment.total_cents, collected_cents=enrollment.net_paid_cents,
                                          amount_cents=amount_cents)

    # --- helpers ------------------------------------------------------------------------------
    def _check_deposit(self, enrollment: EnrollmentForPlan, lines: list[PlanLine], *, contract_signed: bool,
                       already_counted: int | None = None) -> None:
        """A deposit is taken before the contract: the plan may not ask for more than the province allows."""
        if contract_signed:
            return
        deposit = sum(line.amount_cents for line in lines if line.kind == DEPOSIT)
        if deposit:
            collected = enrollment.net_paid_cents if already_counted is None else already_counted
            self._rules.check_before_contract(province=enrollment.tax_province, course_kind=enrollment.course_kind,
                                              fees_cents=enrollment.total_cents, collected_cents=collected,
                                              amount_cents=deposit)

    def _states(self, uow: UnitOfWork, plan: PlanRecord, enrollment: EnrollmentForPlan) -> tuple[Any, ...]:
        explicit = uow.plans.kept_cents([line.paid_payment_id for line in plan.lines if line.paid_payment_id])
        return line_states(plan.lines, enrollment.net_paid_cents - plan.paid_before_cents, self.today(), explicit)

    def _view(self, enrollment_id: uuid.UUID) -> PlanView | None:
        with self._uow() as uow:
            plan = uow.plans.plan_for(enrollment_id)
            if plan is None:
                return None
            enrollment = uow.plans.enrollment(enrollment_id)
            states = self._states(uow, plan, enrollment)
        rule = self._rules.for_enrollment(enrollment.tax_province, enrollment.course_kind)
        if rule is None or plan.contract_signed_at is not None:
            return PlanView(plan, enrollment, states, None, None)
        return PlanView(plan, enrollment, states, rule.says(), rule.limit_cents(enrollment.total_cents))


def refuse_when_no_plan(view: PlanView | None) -> PlanView:
    if view is None:
        raise UserFacingError(msg("plan.none"))
    return view

"""Reminders before each due date, each with a hosted payment link for exactly that instalment.

A reminder's link is a payment like any other (payments row, journal, idempotency key stored
before Stripe is called, a Checkout Session through the one gateway), so the payment flow's
polling and start-up reconciliation record it, issue its invoice and email its receipt. Two things
differ: no one-time code (the student pays on their own card, on Stripe's page, from an email sent
to their address on file), and the link stays open for the longest time Stripe allows (24 hours).
Its move from quoted to confirmed is journalled `plan_reminder` (oncopos.domain.payment), so
that a desk's start-up does not cancel it as abandoned.

Order of work for one line: (1) commit the payment, its journal and the line's link; (2) ask
Stripe for the page; (3) commit the page, the reminder email in the mail outbox and the line's
reminder time together. A crash after (1) leaves a payment the next run cancels (or reconciliation
finds again through its key); nothing is sent twice and no line is left marked without its email.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InfrastructureError, UserFacingError, first_line
from oncopos.domain.gateway import PaymentGateway
from oncopos.domain.messages import Message, msg
from oncopos.domain.money import format_cents
from oncopos.domain.plans import OVERDUE, PAID, PlanLineState, line_states
from oncopos.services.emails import Business
from oncopos.services.guard import requires
from oncopos.services.payments import status
from oncopos.services.payments.quote import tax_shares
from oncopos.services.payments.records import CONFIRMED, PROCESSING, QUOTED, SUCCEEDED, Step
from oncopos.services.plan_emails import instalment_reminder_email
from oncopos.services.plan_records import EnrollmentForPlan, PlanRecord, ReminderTarget, RemindReport
from oncopos.services.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)

#: The journal step that marks a payment as a reminder's link: it waits for the student, for hours.
LINK_MINUTES = 24 * 60  # Stripe's longest Checkout Session


def link_key(payment_id: uuid.UUID) -> str:
    return f"oncopos-pay-{payment_id}"  # the payment flow's own key shape: one rule for every payment


class PlanReminders:
    """`payments` is the payment service (for `poll` and `cancel`): reminder links are settled by
    the same code as the desk's hosted pages."""

    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: Callable[[], PaymentGateway],
                 payments: Callable[[], Any], enqueue: Callable[..., Any], business: Business, *, clock: Clock,
                 timezone: ZoneInfo, workstation_id: str,
                 collection_check: Callable[[uuid.UUID, int], None] | None = None) -> None:
        self._uow = uow_factory
        # The provincial limit before the contract is signed (PlanService.check_collection): a link
        # is a way to collect like any other.
        self._collection_check = collection_check or (lambda _enrollment, _cents: None)
        self._gateway = gateway
        self._payments = payments
        self._enqueue = enqueue
        self._business = business
        self._clock = clock
        self._tz = timezone
        self._workstation = workstation_id

    @requires(Permission.TAKE_PAYMENT)
    def settle_links(self, actor: Actor) -> tuple[list[str], list[str]]:
        """Ask Stripe about every open reminder link; a paid one marks its line paid. (paid, problems)."""
        paid, problems = [], []
        with self._uow() as uow:
            links = uow.plans.open_links()
        for instalment_id, payment_id in links:
            try:
                view = self._payments().poll(actor, payment_id)
            except (InfrastructureError, UserFacingError) as err:
                problems.append(f"payment {payment_id}: its reminder link could not be checked ({first_line(err)}); "
                                "it is asked again at the next run.")
                continue
            if view.status != SUCCEEDED:
                continue
            with self._uow() as uow:
                now = self._clock()
                uow.plans.mark_paid(instalment_id, payment_id, now)
                uow.audit.record(actor, "plan.instalment_paid", at=now, subject_type="plan_instalment",
                                 subject_id=instalment_id, details={"payment_id": str(payment_id),
                                                                    "amount_cents": view.amount_cents})
                uow.commit()
            paid.append(f"payment {payment_id}: instalment paid through its reminder link "
                        f"({view.invoice_number or 'invoice pending'})")
        return paid, problems

    @requires(Permission.TAKE_PAYMENT)
    def send_due(self, actor: Actor, *, days_before: int = 3) -> RemindReport:
        """Settle open links, then remind each unpaid line due within `days_before` days (once before
        its due date, once more when it is overdue)."""
        paid, problems = self.settle_links(actor)
        sent: list[str] = []
        today = self._clock().astimezone(self._tz).date()
        with self._uow() as uow:
            plans = uow.plans.active_plans(with_lines_due_by=today + timedelta(days=days_before))
        for plan in plans:
            try:
                sent.extend(self._remind_plan(actor, plan, today, today + timedelta(days=days_before)))
            except (InfrastructureError, UserFacingError) as err:
                # A refusal says what and why in one sentence (a provincial rule with its source): all of it.
                said = " ".join(str(err).split()) if isinstance(err, UserFacingError) else first_line(err)
                problems.append(f"plan {plan.id}: no reminder sent ({said}); it is tried again at the next run.")
            except Exception as err:  # one plan's fault never stops the others
                log.exception("plan %s: reminder failed", plan.id)
                problems.append(f"plan {plan.id}: no reminder sent after an unexpected error "
                                f"({type(err).__name__}: {first_line(err)}); see app.log.")
        return RemindReport(tuple(sent), tuple(paid), tuple(problems))

    @requires(Permission.TAKE_PAYMENT)
    def close_link(self, actor: Actor, instalment_id: uuid.UUID) -> Message:
        """Close the open reminder link of a line, so the desk can take that money itself (an open
        link counts as a payment in progress). Paid in the meantime: the payment is recorded."""
        with self._uow() as uow:
            link = dict(uow.plans.open_links()).get(instalment_id)
        if link is None:
            raise UserFacingError(msg("plan.no_reminder_link"))
        view = self._payments().cancel(actor, link)
        if view.status == SUCCEEDED:
            self.settle_links(actor)
            return msg("plan.link_paid_meanwhile")
        return msg("plan.link_closed")

    # --- one plan -----------------------------------------------------------------------------
    def _remind_plan(self, actor: Actor, plan: PlanRecord, today: date, until: date) -> list[str]:
        with self._uow() as uow:
            enrollment = uow.plans.enrollment(plan.enrollment_id)
            targets = {t.line.sequence: t for t in uow.plans.reminder_targets(plan.id)}
            explicit = uow.plans.kept_cents([t.line.paid_payment_id for t in targets.values() if t.line.paid_payment_id])
        states = line_states(plan.lines, enrollment.net_paid_cents - plan.paid_before_cents, today, explicit)
        sent = []
        for state in states:
            target = targets.get(state.line.sequence)
            if target is None or state.state == PAID or state.line.due_on > until:
                continue
            if not self._wants_reminder(target, state):
                continue
            if enrollment.status != "active" or enrollment.balance_cents <= 0:
                continue
            sent.append(self._send_one(actor, plan, enrollment, target, state))
        return sent

    def _wants_reminder(self, target: ReminderTarget, state: PlanLineState) -> bool:
        if target.reminder_sent_at is None:
            return True
        # One more when the line is overdue and its only reminder came before the due date.
        sent_on = target.reminder_sent_at.astimezone(self._tz).date()
        return state.state == OVERDUE and sent_on <= state.line.due_on

    def _send_one(self, actor: Actor, plan: PlanRecord, enrollment: EnrollmentForPlan, target: ReminderTarget,
                  state: PlanLineState) -> str:
        amount = min(state.owing_cents, enrollment.balance_cents)
        self._collection_check(plan.enrollment_id, amount)
        if target.link_payment_id is not None:
            self._close_previous(actor, target.link_payment_id)
        payment_id = uuid.uuid4()
        key = link_key(payment_id)
        with self._uow() as uow:  # (1) the payment and its key before Stripe is asked
            for_payment = uow.payments.enrollment(plan.enrollment_id, lock=True)
            available = for_payment.balance_cents - for_payment.in_flight_cents
            if available <= 0:
                raise UserFacingError(msg("plan.link_payment_in_flight"))
            amount = min(amount, available)
            shares = tax_shares(amount, for_payment)
            tax = sum(s.amount_cents for s in shares)
            now = self._clock()
            uow.payments.add(payment_id=payment_id, enrollment_id=plan.enrollment_id, workstation_id=self._workstation,
                             staff_id=actor.staff_id, amount_cents=amount, tax_cents=tax,
                             tax_components=[s.as_dict() for s in shares], status=QUOTED, idempotency_key=key)
            status.record_step(uow, payment_id, Step.QUOTED, at=now,
                               detail={"amount_cents": amount, "tax_cents": tax, "balance_cents": enrollment.balance_cents})
            status.move(uow, payment_id, CONFIRMED, at=now, doing="be sent in a reminder",
                        detail={"plan_id": str(plan.id), "instalment_id": str(target.instalment_id)})
            status.move(uow, payment_id, PROCESSING, at=now, doing="be sent in a reminder", method="hosted",
                        detail={"method": "hosted", "reader": None, "idempotency_key": key})
            uow.plans.mark_link(target.instalment_id, payment_id)
            uow.audit.record(actor, "plan.reminder_link_requested", at=now, subject_type="plan_instalment",
                             subject_id=target.instalment_id, details={"payment_id": str(payment_id),
                                                                       "amount_cents": amount})
            uow.commit()
        description = f"{state.line.label()}: {enrollment.course_name} ({enrollment.course_code}), {self._business.name}"
        metadata = {"enrollment_id": str(plan.enrollment_id), "workstation": self._workstation,
                    "oncopos_payment_id": str(payment_id), "plan_instalment_id": str(target.instalment_id)}
        session = self._gateway().create_checkout(amount, description, enrollment.student_email, metadata, key,
                                                  LINK_MINUTES)  # (2)
        with self._uow() as uow:  # (3) the page, the email and the reminder together
            now = self._clock()
            status.record_step(uow, payment_id, Step.CHARGE_STARTED, at=now,
                               detail={"checkout_session": session.session_id,
                                       "expires_at": session.expires_at.isoformat()},
                               stripe_checkout_session_id=session.session_id, checkout_url=session.url,
                               checkout_expires_at=session.expires_at)
            self._enqueue(uow, instalment_reminder_email(
                business=self._business, to=enrollment.student_email, language=enrollment.student_language,
                student_name=enrollment.student_name, course_name=enrollment.course_name, line=state.line,
                amount_cents=amount, balance_cents=enrollment.balance_cents, url=session.url or "",
                expires_at=session.expires_at, overdue=state.state == OVERDUE), kind="instalment_reminder")
            uow.plans.mark_reminded(target.instalment_id, now)
            uow.audit.record(actor, "plan.reminder_sent", at=now, subject_type="plan_instalment",
                             subject_id=target.instalment_id,
                             details={"payment_id": str(payment_id), "checkout_session": session.session_id,
                                      "sent_to": enrollment.student_email, "overdue": state.state == OVERDUE})
            uow.commit()
        return (f"{enrollment.student_name} ({enrollment.student_number}): {state.line.label()} due "
                f"{state.line.due_on.isoformat()}, reminder with a link for {format_cents(amount)} queued")

    def _close_previous(self, actor: Actor, payment_id: uuid.UUID) -> None:
        """An older link of the same line is closed before a new one is made (never two open)."""
        view = self._payments().view(payment_id)
        if not view.final:
            self._payments().cancel(actor, payment_id)



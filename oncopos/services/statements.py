"""A student's account statement: on screen, as a PDF (English or French) and by email.

Money lines come from the same rows as the one ledger (succeeded payments, succeeded refunds,
enrollment totals, withdrawals); plan lines from the student's plans with where each stands today.
The balance after each line is computed once, in oncopos.domain.statement.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import msg
from oncopos.domain.plans import line_states
from oncopos.domain.statement import INSTALMENT, Statement, StatementEvent, statement_lines
from oncopos.services.email_templates import language_of
from oncopos.services.emails import Business
from oncopos.services.guard import requires
from oncopos.services.plan_emails import statement_email
from oncopos.services.ports import Clock, UnitOfWorkFactory


class StatementRenderer(Protocol):
    """oncopos.adapters.pdf.statement.StatementRenderer over reportlab."""

    def statement(self, statement: Statement, lang: str) -> bytes: ...


class StatementService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, timezone: ZoneInfo, renderer: StatementRenderer,
                 enqueue: Callable[..., Any] | None, business: Business) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._tz = timezone
        self._renderer = renderer
        self._enqueue = enqueue
        self._business = business

    @requires(Permission.SEARCH_STUDENTS)
    def statement(self, actor: Actor, student_id: uuid.UUID) -> Statement:
        now = self._clock()
        today = now.astimezone(self._tz).date()
        with self._uow() as uow:
            name, number, email, language = uow.statements.student(student_id)
            events = uow.statements.events(student_id)
            for plan in uow.plans.plans_of_student(student_id):
                enrollment = uow.plans.enrollment(plan.enrollment_id)
                explicit = uow.plans.kept_cents([x.paid_payment_id for x in plan.lines if x.paid_payment_id])
                for state in line_states(plan.lines, enrollment.net_paid_cents - plan.paid_before_cents, today,
                                         explicit):
                    due = datetime.combine(state.line.due_on, time(12), self._tz)
                    events.append(StatementEvent(due, INSTALMENT, f"{enrollment.course_name} ({enrollment.course_code})",
                                                 state.line.amount_cents, state.line.label(), enrollment.id, state.state))
            uow.audit.record(actor, "statement.viewed", at=now, subject_type="student", subject_id=student_id,
                             details={})
            uow.commit()
        return Statement(student_id, name, number, email, language_of(language), statement_lines(events), now)

    @requires(Permission.PRINT_INVOICE)
    def pdf(self, actor: Actor, student_id: uuid.UUID, lang: str | None = None) -> bytes:
        """The statement as a PDF, in `lang` (default: the student's language)."""
        statement = self.statement(actor, student_id)
        return self._renderer.statement(statement, language_of(lang or statement.language))

    @requires(Permission.EMAIL_INVOICE)
    def email(self, actor: Actor, student_id: uuid.UUID) -> str:
        """Queue the statement (PDF attached, the student's language) in the mail outbox; the address used."""
        if self._enqueue is None:
            raise UserFacingError(msg("statement.no_mail"))
        statement = self.statement(actor, student_id)
        if "@" not in statement.student_email:
            raise InvalidInput(msg("statement.no_address"))
        pdf = self._renderer.statement(statement, statement.language)
        stem = "releve" if statement.language == "fr" else "statement"
        message = statement_email(business=self._business, to=statement.student_email, language=statement.language,
                                  student_name=statement.student_name, balance_cents=statement.balance_cents,
                                  generated_at=statement.generated_at, pdf=pdf,
                                  filename=f"{stem}-{statement.student_number}.pdf")
        with self._uow() as uow:
            self._enqueue(uow, message, kind="account_statement")
            uow.audit.record(actor, "statement.emailed", at=self._clock(), subject_type="student", subject_id=student_id,
                             details={"sent_to": statement.student_email, "balance_cents": statement.balance_cents})
            uow.commit()
        return statement.student_email

"""The payment history: today's payments at this desk by default; search; one payment in full.

Reading payments is part of a registrar's day (a student asks "did my payment go through?"), so
the history needs only the permission to look students up; refunding from it is checked by the
refund service.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import msg
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import Clock, UnitOfWorkFactory
from oncopos.services.refunds.history_records import METHODS, PaymentDetail, PaymentQuery, PaymentRow


class PaymentHistoryService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, tz: ZoneInfo, workstation_id: str) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._tz = tz
        self.workstation_id = workstation_id

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        """Today in the business time zone (a payment at 9 p.m. in Toronto is not tomorrow's)."""
        return self._clock().astimezone(self._tz).date()

    @open_to_all("the empty search form (today, every status): no data")
    def default_query(self) -> PaymentQuery:
        today = self.today()
        return PaymentQuery(date_from=today, date_to=today, workstation_id=self.workstation_id)

    @requires(Permission.SEARCH_STUDENTS)
    def search(self, actor: Actor, query: PaymentQuery | None = None) -> list[PaymentRow]:
        query = query or self.default_query()
        if query.date_from and query.date_to and query.date_from > query.date_to:
            raise InvalidInput(msg("history.dates_swapped"), field="date_from")
        if query.method is not None and query.method not in METHODS:
            raise InvalidInput(msg("history.unknown_method", method=repr(query.method)), field="method")
        start = self._instant(query.date_from) if query.date_from else None
        end = self._instant(query.date_to + timedelta(days=1)) if query.date_to else None
        with self._uow() as uow:
            return uow.payment_history.search(replace(query, student=query.student.strip()), start, end)

    @requires(Permission.SEARCH_STUDENTS)
    def detail(self, actor: Actor, payment_id: uuid.UUID) -> PaymentDetail:
        with self._uow() as uow:
            return uow.payment_history.detail(payment_id)

    @open_to_all("the desks' ids that appear in the payments, for the filter list")
    def workstations(self) -> list[str]:
        with self._uow() as uow:
            found = uow.payment_history.workstations()
        return sorted(set(found) | {self.workstation_id})

    def _instant(self, day: date) -> datetime:
        return datetime.combine(day, time.min, self._tz).astimezone(UTC)

"""The till: a desk's cash drawer for one business day, from the float to the count at the close.

Open with a float; cash payments (services/tenders) land in the open drawer; cash put in and
paid-outs are recorded with a reason; the close counts the drawer by denomination. A count that
differs from what the drawer should hold needs a reason and a manager's approval of that one
close (Permission.ACCEPT_DRAWER_DIFFERENCE: a manager's own role, or a registrar with an
approval given for this drawer, used once). Each step is one transaction with its audit event.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission, subject
from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError
from oncopos.domain.messages import Day, Message, Money, msg
from oncopos.domain.money import format_cents
from oncopos.domain.till import (
    CASH_IN,
    CLOSED,
    MAX_FLOAT_CENTS,
    OPEN,
    PAID_OUT,
    clean_reason,
    counted_total,
    describe_difference,
)
from oncopos.services.guard import authorize, open_to_all, requires
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from oncopos.services.tenders.records import DrawerRecord, DrawerView

log = logging.getLogger(__name__)


class DrawerNotOpen(UserFacingError):
    """No drawer is open on this desk (cash needs one)."""


def _cents(value: int, what: Message, *, allow_zero: bool = False) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or (value == 0 and not allow_zero):
        raise InvalidAmount(msg("till.enter_amount", what=what,
                                than=msg('till.zero_or_more' if allow_zero else 'till.more_than_zero')))
    return value


class TillService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, workstation_id: str, tz: ZoneInfo,
                 locale: str = "en-CA") -> None:
        self._uow = uow_factory
        self._clock = clock
        self._workstation_id = workstation_id
        self._tz = tz
        self._locale = locale

    def _money(self, cents: int) -> str:
        return format_cents(cents, self._locale)

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        return self._clock().astimezone(self._tz).date()

    @requires(Permission.TAKE_PAYMENT)
    def current(self, actor: Actor) -> DrawerView | None:
        """This desk's open drawer with what it should hold now, or None when none is open."""
        with self._uow() as uow:
            record = uow.till.open_session(self._workstation_id)
            return self._view(uow, record) if record is not None else None

    @requires(Permission.TAKE_PAYMENT)
    def drawer(self, actor: Actor, session_id: uuid.UUID) -> DrawerView:
        with self._uow() as uow:
            return self._view(uow, uow.till.get(session_id))

    @requires(Permission.TAKE_PAYMENT)
    def open_drawer(self, actor: Actor, float_cents: int) -> DrawerView:
        """Open today's drawer of this desk with its float (the change counted into it)."""
        _cents(float_cents, msg("till.what_float"), allow_zero=True)
        if float_cents > MAX_FLOAT_CENTS:
            raise InvalidAmount(msg("till.float_too_high", float_cents=Money(float_cents),
                                    max_float_cents=Money(MAX_FLOAT_CENTS)))
        day, now = self.today(), self._clock()
        session_id = uuid.uuid4()
        with self._uow() as uow:
            left = uow.till.open_session(self._workstation_id, lock=True)
            if left is not None:
                raise UserFacingError(msg("till.previous_open", business_date=Day(left.business_date)))
            if uow.till.for_day(self._workstation_id, day) is not None:
                raise UserFacingError(msg("till.already_today", day=Day(day)))
            uow.till.add_session(id=session_id, workstation_id=self._workstation_id, business_date=day, status=OPEN,
                                 opened_at=now, opened_by=actor.staff_id, opened_by_name=actor.username,
                                 float_cents=float_cents)
            uow.audit.record(actor, "till.opened", at=now, subject_type="drawer_session", subject_id=session_id,
                             details={"business_date": day.isoformat(), "float_cents": float_cents})
            view = self._view(uow, uow.till.get(session_id))
            uow.commit()
        log.info("drawer %s opened on %s by %s with %s", session_id, self._workstation_id, actor.username, float_cents)
        return view

    @requires(Permission.TAKE_PAYMENT)
    def cash_in(self, actor: Actor, amount_cents: int, reason: str) -> DrawerView:
        """Cash put into the drawer other than for a payment (more change from the safe)."""
        return self._move(actor, CASH_IN, amount_cents, reason)

    @requires(Permission.TAKE_PAYMENT)
    def paid_out(self, actor: Actor, amount_cents: int, reason: str) -> DrawerView:
        """Cash taken out of the drawer to pay for something (a courier, supplies), with its reason."""
        return self._move(actor, PAID_OUT, amount_cents, reason)

    def _move(self, actor: Actor, kind: str, amount_cents: int, reason: str) -> DrawerView:
        _cents(amount_cents, msg("till.what_cash_in" if kind == CASH_IN else "till.what_paid_out"))
        text = clean_reason(reason, what=msg("till.what_cash_for" if kind == PAID_OUT else "till.what_cash_from"))
        now = self._clock()
        with self._uow() as uow:
            record = uow.till.open_session(self._workstation_id, lock=True)
            if record is None:
                raise DrawerNotOpen(msg("till.not_open"))
            if kind == PAID_OUT:
                held = uow.till.figures(record.id, record.float_cents).expected_cents
                if amount_cents > held:
                    raise InvalidAmount(msg("till.payout_too_high", held=Money(held), amount_cents=Money(amount_cents)))
            uow.till.add_movement(drawer_session_id=record.id, kind=kind, amount_cents=amount_cents, reason=text,
                                  at=now, staff_id=actor.staff_id, staff_name=actor.username)
            uow.audit.record(actor, f"till.{kind}", at=now, subject_type="drawer_session", subject_id=record.id,
                             details={"amount_cents": amount_cents, "reason": text})
            view = self._view(uow, record)
            uow.commit()
        return view

    @requires(Permission.TAKE_PAYMENT)
    def close_drawer(self, actor: Actor, session_id: uuid.UUID, counts: Mapping[int, int],
                     reason: str = "") -> DrawerView:
        """Count the drawer by denomination and close it; over or short needs a reason and a manager."""
        counted = counted_total({int(k): v for k, v in counts.items()})
        now = self._clock()
        with self._uow() as uow:
            record = uow.till.get(session_id, lock=True)
            if record.workstation_id != self._workstation_id:
                raise UserFacingError(msg("till.other_desk", workstation_id=record.workstation_id))
            if record.status == CLOSED:
                raise UserFacingError(msg("till.already_closed", closed_by_name=record.closed_by_name or ""))
            figures = uow.till.figures(session_id, record.float_cents)
            difference = figures.difference(counted)
            text = None
            approver = None
            if difference != 0:
                text = clean_reason(reason, what=describe_difference(difference, clause=True))
                # A manager accepts the difference (their own role, or an approval of this one close).
                authorize(actor, Permission.ACCEPT_DRAWER_DIFFERENCE, on=subject("session_id", session_id))
                approver = actor.approved_by or actor
            closed = uow.till.close_session(
                session_id, status=CLOSED, closed_at=now, closed_by=actor.staff_id, closed_by_name=actor.username,
                counts={str(k): int(v) for k, v in counts.items() if int(v)}, counted_cents=counted,
                expected_cents=figures.expected_cents, difference_cents=difference, difference_reason=text,
                approved_by=approver.staff_id if approver else None,
                approved_by_name=approver.username if approver else None)
            uow.audit.record(actor, "till.closed", at=now, subject_type="drawer_session", subject_id=session_id,
                             details={"business_date": record.business_date.isoformat(), "counted_cents": counted,
                                      "expected_cents": figures.expected_cents, "difference_cents": difference,
                                      "reason": text, "approved_by": approver.username if approver else None,
                                      "counts": {str(k): int(v) for k, v in counts.items() if int(v)}})
            view = self._view(uow, closed)
            uow.commit()
        log.info("drawer %s closed by %s: counted %s, expected %s (%s)", session_id, actor.username, counted,
                 figures.expected_cents, difference)
        return view

    @staticmethod
    def _view(uow: UnitOfWork, record: DrawerRecord) -> DrawerView:
        return DrawerView(record, uow.till.figures(record.id, record.float_cents),
                          uow.till.cash_payment_count(record.id), tuple(uow.till.movements(record.id)))


def check_no_open_drawer(uow: UnitOfWork, day: date) -> None:
    """A day cannot close while a desk's drawer of that day (or before) is still open."""
    left = uow.till.open_on_or_before(day)
    if left:
        desks = ", ".join(sorted({d.workstation_id for d in left}))
        raise InvalidInput(msg("till.drawers_open", desks=desks))

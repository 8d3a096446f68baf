"""Tenders by hand and cash drawers: plain records in, plain records out (never commits)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.models.tenders import DrawerMovement, DrawerSession, TenderDetail
from oncopos.domain.end_of_day import DrawerLine, DrawerMoveLine
from oncopos.domain.errors import InvalidInput, NotFound
from oncopos.domain.messages import msg
from oncopos.domain.till import CASH_IN, CASH_REFUND, OPEN, PAID_OUT, DrawerFigures
from oncopos.services.tenders.records import DrawerMove, DrawerRecord, TenderRecord

_SUCCEEDED = "succeeded"


class TenderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_detail(self, **fields: Any) -> None:
        """Write a tender's details; a reference already used by another payment is refused, on any desk synced."""
        self.session.add(TenderDetail(id=uuid.uuid4(), **fields))
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError:
            raise InvalidInput(msg("tender.etransfer_reference_used"),
                               field="etransfer_reference") from None

    def reference_used(self, reference: str) -> bool:
        return self.session.scalar(
            sa.select(sa.func.count()).select_from(TenderDetail).where(TenderDetail.etransfer_reference == reference)
        ) != 0

    def detail(self, payment_id: uuid.UUID) -> TenderRecord | None:
        row = self.session.scalar(sa.select(TenderDetail).where(TenderDetail.payment_id == payment_id))
        return _tender(row) if row is not None else None

    def split_parts(self, split_id: uuid.UUID) -> list[TenderRecord]:
        rows = self.session.scalars(sa.select(TenderDetail).where(TenderDetail.split_id == split_id)
                                    .order_by(TenderDetail.created_at, TenderDetail.id))
        return [_tender(r) for r in rows]


class TillRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_session(self, workstation_id: str, *, lock: bool = False) -> DrawerRecord | None:
        """This desk's drawer that is open (whatever its day), if any."""
        query = sa.select(DrawerSession).where(DrawerSession.workstation_id == workstation_id,
                                               DrawerSession.status == OPEN)
        if lock:
            query = query.with_for_update()
        row = self.session.scalar(query.order_by(DrawerSession.opened_at.desc()).limit(1))
        return self._record(row) if row is not None else None

    def for_day(self, workstation_id: str, day: date) -> DrawerRecord | None:
        row = self.session.scalar(sa.select(DrawerSession).where(DrawerSession.workstation_id == workstation_id,
                                                                 DrawerSession.business_date == day))
        return self._record(row) if row is not None else None

    def get(self, session_id: uuid.UUID, *, lock: bool = False) -> DrawerRecord:
        query = sa.select(DrawerSession).where(DrawerSession.id == session_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalar(query)
        if row is None:
            raise NotFound(msg("till.session_gone"))
        return self._record(row)

    def open_on_or_before(self, day: date) -> list[DrawerRecord]:
        """Drawers of any desk still open for `day` or an earlier day (they keep a day from closing)."""
        rows = self.session.scalars(sa.select(DrawerSession).where(DrawerSession.status == OPEN,
                                                                   DrawerSession.business_date <= day)
                                    .order_by(DrawerSession.workstation_id))
        return [self._record(r) for r in rows]

    def for_dates(self, start: date, end: date) -> list[DrawerRecord]:
        rows = self.session.scalars(sa.select(DrawerSession).where(DrawerSession.business_date >= start,
                                                                   DrawerSession.business_date <= end)
                                    .order_by(DrawerSession.workstation_id, DrawerSession.business_date))
        return [self._record(r) for r in rows]

    def add_session(self, **fields: Any) -> None:
        self.session.add(DrawerSession(**fields))
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError:
            raise InvalidInput(msg("till.opened_today")) from None

    def close_session(self, session_id: uuid.UUID, **fields: Any) -> DrawerRecord:
        row = self.session.get(DrawerSession, session_id)
        if row is None:
            raise NotFound(msg("till.session_gone"))
        for name, value in fields.items():
            setattr(row, name, value)
        self.session.flush()
        return self._record(row)

    def add_movement(self, **fields: Any) -> None:
        self.session.add(DrawerMovement(id=uuid.uuid4(), **fields))
        self.session.flush()

    def movements(self, session_id: uuid.UUID) -> list[DrawerMove]:
        rows = self.session.scalars(sa.select(DrawerMovement).where(DrawerMovement.drawer_session_id == session_id)
                                    .order_by(DrawerMovement.at, DrawerMovement.id))
        return [DrawerMove(r.id, r.kind, r.amount_cents, r.reason, r.at, r.staff_name, r.refund_id) for r in rows]

    def figures(self, session_id: uuid.UUID, float_cents: int) -> DrawerFigures:
        """What the drawer should hold: its float, the cash kept for succeeded cash payments (after
        rounding and change), the movements, minus the cash handed back out of it for refunds (of
        cash payments taken in this drawer or another: the refunding desk pays from its own)."""
        sales = self.session.execute(
            sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Payment.amount_cents + TenderDetail.rounding_cents), 0))
            .select_from(TenderDetail).join(Payment, Payment.id == TenderDetail.payment_id)
            .where(TenderDetail.drawer_session_id == session_id, TenderDetail.tender == "cash",
                   Payment.status == _SUCCEEDED)).one()
        moves = dict(self.session.execute(
            sa.select(DrawerMovement.kind, sa.func.sum(DrawerMovement.amount_cents))
            .where(DrawerMovement.drawer_session_id == session_id).group_by(DrawerMovement.kind)).all())
        return DrawerFigures(float_cents, int(sales[1]), int(moves.get(CASH_IN) or 0), int(moves.get(PAID_OUT) or 0),
                             int(moves.get(CASH_REFUND) or 0))

    def day_lines(self, day: date, workstation_id: str | None = None) -> list[DrawerLine]:
        """Each desk's drawer of `day` as the end-of-day report shows it."""
        query = sa.select(DrawerSession).where(DrawerSession.business_date == day)
        if workstation_id:
            query = query.where(DrawerSession.workstation_id == workstation_id)
        lines = []
        for row in self.session.scalars(query.order_by(DrawerSession.workstation_id)):
            f = self.figures(row.id, row.float_cents)
            rounding = self.session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(TenderDetail.rounding_cents), 0)).select_from(TenderDetail)
                .join(Payment, Payment.id == TenderDetail.payment_id)
                .where(TenderDetail.drawer_session_id == row.id, Payment.status == _SUCCEEDED))
            lines.append(DrawerLine(
                workstation_id=row.workstation_id, status=row.status, opened_by=row.opened_by_name,
                float_cents=row.float_cents, cash_payments=self.cash_payment_count(row.id),
                cash_sales_cents=f.cash_sales_cents, cash_rounding_cents=int(rounding or 0),
                cash_in_cents=f.cash_in_cents, paid_out_cents=f.paid_out_cents,
                cash_returned_cents=f.cash_returned_cents,
                # a closed drawer shows what was expected when it was counted
                expected_cents=row.expected_cents if row.expected_cents is not None else f.expected_cents,
                counted_cents=row.counted_cents, difference_cents=row.difference_cents,
                difference_reason=row.difference_reason, approved_by=row.approved_by_name,
                moves=tuple(DrawerMoveLine(m.kind, m.at, m.staff_name, m.amount_cents, m.reason)
                            for m in self.movements(row.id)),
                counts=tuple(sorted(((int(k), int(v)) for k, v in (row.counts or {}).items() if int(v)),
                                    reverse=True))))
        return lines

    def cash_payment_count(self, session_id: uuid.UUID) -> int:
        return int(self.session.scalar(
            sa.select(sa.func.count()).select_from(TenderDetail).join(Payment, Payment.id == TenderDetail.payment_id)
            .where(TenderDetail.drawer_session_id == session_id, TenderDetail.tender == "cash",
                   Payment.status == _SUCCEEDED)) or 0)

    def _record(self, row: DrawerSession) -> DrawerRecord:
        return DrawerRecord(
            id=row.id, workstation_id=row.workstation_id, business_date=row.business_date, status=row.status,
            opened_at=row.opened_at, opened_by_name=row.opened_by_name, float_cents=row.float_cents,
            closed_at=row.closed_at, closed_by_name=row.closed_by_name,
            counts={int(k): int(v) for k, v in (row.counts or {}).items()}, counted_cents=row.counted_cents,
            expected_cents=row.expected_cents, difference_cents=row.difference_cents,
            difference_reason=row.difference_reason, approved_by_name=row.approved_by_name,
        )


def _tender(row: TenderDetail) -> TenderRecord:
    return TenderRecord(
        payment_id=row.payment_id, tender=row.tender, split_id=row.split_id, drawer_session_id=row.drawer_session_id,
        tendered_cents=row.tendered_cents, change_cents=row.change_cents, rounding_cents=row.rounding_cents,
        cheque_number=row.cheque_number, cheque_bank=row.cheque_bank, cheque_date=row.cheque_date,
        etransfer_reference=row.etransfer_reference, etransfer_sender=row.etransfer_sender,
    )


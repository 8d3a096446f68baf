"""The end-of-day report's reads: one aggregate query per breakdown, grouped in the database.

Every query selects the day's rows through an index on completed_at (ix_payments_completed_at, or
ix_payments_workstation_completed for one desk; ix_refunds_completed_at) and returns a handful of
grouped rows; Python only names and orders them. Tax components live in each document's JSON
list, unnested in SQL (json_each on SQLite, json_array_elements on PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.end_of_day import DayClosure
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, PaymentStep, Refund, RefundAllocation
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.models.sync import OverpaymentFlag
from oncopos.domain.end_of_day import (
    HAND_CHANNELS,
    IN_FLIGHT_STATUSES,
    UNSUCCESSFUL_STATUSES,
    AmountFlag,
    AttemptLine,
    ClosureRecord,
    DayPayments,
    HourLine,
    MethodLine,
    OverpaymentLine,
    PartyLine,
    PaymentRow,
    PaymentRowLine,
    RefundLine,
    RefundRow,
    Window,
    channel_of,
    refund_channel,
)
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg

_NO_STAFF = "(no staff member)"


class EndOfDayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- filters ------------------------------------------------------------------------------
    @staticmethod
    def _paid(w: Window, *, status: Any = "succeeded") -> list[Any]:
        where = [Payment.completed_at >= w.start, Payment.completed_at < w.end]
        where.append(Payment.status.in_(status) if isinstance(status, tuple) else Payment.status == status)
        if w.workstation_id:
            where.append(Payment.workstation_id == w.workstation_id)
        if w.staff_id:
            where.append(Payment.staff_id == w.staff_id)
        return where

    @staticmethod
    def _refunded(w: Window) -> list[Any]:
        where = [Refund.completed_at >= w.start, Refund.completed_at < w.end, Refund.status == "succeeded"]
        if w.workstation_id:
            where.append(Refund.workstation_id == w.workstation_id)
        if w.staff_id:
            where.append(Refund.staff_id == w.staff_id)
        return where

    # --- payments -----------------------------------------------------------------------------
    def methods(self, w: Window) -> list[MethodLine]:
        brand = sa.func.coalesce(Payment.card_brand, "unknown")
        rows = self.session.execute(
            sa.select(Payment.method, Payment.payment_method_type, brand, sa.func.count(), sa.func.sum(Payment.amount_cents))
            .where(*self._paid(w)).group_by(Payment.method, Payment.payment_method_type, brand)
        ).all()
        merged: dict[tuple[str, str], list[int]] = {}
        for method, kind, card, count, cents in rows:
            channel = channel_of(method, kind)
            key = (channel, channel if channel in ("interac", *HAND_CHANNELS) else str(card).lower())
            acc = merged.setdefault(key, [0, 0])
            acc[0] += count
            acc[1] += int(cents)
        return [MethodLine(c, b, n, cents) for (c, b), (n, cents) in sorted(merged.items())]

    def hours(self, w: Window, starts: list[datetime]) -> list[HourLine]:
        """Payments per hour: a CASE over the hour boundaries, so both databases group alike."""
        bucket = sa.case(*[(Payment.completed_at < s, i - 1) for i, s in enumerate(starts[1:], 1)],
                         else_=len(starts) - 1)
        counts = {int(i): (n, int(c)) for i, n, c in self.session.execute(
            sa.select(bucket, sa.func.count(), sa.func.sum(Payment.amount_cents)).where(*self._paid(w)).group_by(bucket))}
        return [HourLine(s, *counts.get(i, (0, 0))) for i, s in enumerate(starts)]

    def parties(self, w: Window, column: str) -> list[PartyLine]:
        """Per staff member (column "staff_id") or per workstation ("workstation_id")."""
        paid_key, refund_key = getattr(Payment, column), getattr(Refund, column)
        paid = self.session.execute(
            sa.select(paid_key, sa.func.count(), sa.func.sum(Payment.amount_cents)).where(*self._paid(w)).group_by(paid_key)
        ).all()
        back = self.session.execute(
            sa.select(refund_key, sa.func.count(), sa.func.sum(Refund.amount_cents)).where(*self._refunded(w))
            .group_by(refund_key)
        ).all()
        lines: dict[Any, list[int]] = {}
        for key, n, cents in paid:
            lines.setdefault(key, [0, 0, 0, 0])[0:2] = [n, int(cents)]
        for key, n, cents in back:
            lines.setdefault(key, [0, 0, 0, 0])[2:4] = [n, int(cents)]
        names = self._staff_names([k for k in lines if k is not None]) if column == "staff_id" else {}
        out = [PartyLine(str(k) if k is not None else "", names.get(k, _NO_STAFF) if column == "staff_id" else str(k),
                         *v) for k, v in lines.items()]
        return sorted(out, key=lambda p: p.label.lower())

    def _staff_names(self, ids: list[Any]) -> dict[Any, str]:
        if not ids:
            return {}
        return dict(self.session.execute(sa.select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))).all())

    def attempts(self, w: Window) -> list[AttemptLine]:
        closed = self.session.execute(
            sa.select(Payment.status, sa.func.count(), sa.func.sum(Payment.amount_cents))
            .where(*self._paid(w, status=UNSUCCESSFUL_STATUSES)).group_by(Payment.status)
        ).all()
        # An attempt still in flight has no completed_at: it counts on the day it was started.
        flight = [Payment.status.in_(IN_FLIGHT_STATUSES), Payment.created_at >= w.start, Payment.created_at < w.end]
        if w.workstation_id:
            flight.append(Payment.workstation_id == w.workstation_id)
        if w.staff_id:
            flight.append(Payment.staff_id == w.staff_id)
        n, cents = self.session.execute(
            sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Payment.amount_cents), 0)).where(*flight)).one()
        by_status = {s: (c, int(a)) for s, c, a in closed}
        lines = [AttemptLine(s, *by_status.get(s, (0, 0))) for s in UNSUCCESSFUL_STATUSES]
        return [*lines, AttemptLine("in_flight", n, int(cents))]

    def amount_flags(self, w: Window) -> list[AmountFlag]:
        """Payments recorded in the window where Stripe collected another amount than quoted (journal
        step `amount_differs`, written by the payment flow with both figures)."""
        where = [PaymentStep.step == "amount_differs", PaymentStep.at >= w.start, PaymentStep.at < w.end]
        if w.workstation_id:
            where.append(Payment.workstation_id == w.workstation_id)
        if w.staff_id:
            where.append(Payment.staff_id == w.staff_id)
        rows = self.session.execute(
            sa.select(PaymentStep.payment_id, PaymentStep.at, PaymentStep.detail, Payment.workstation_id,
                      Payment.stripe_payment_intent_id)
            .join(Payment, Payment.id == PaymentStep.payment_id).where(*where).order_by(PaymentStep.at)).all()
        return [AmountFlag(str(pid), at, desk, int(detail["quoted_cents"]), int(detail["received_cents"]), pi)
                for pid, at, detail, desk, pi in rows]

    # --- tax and sales --------------------------------------------------------------------------
    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _payment_invoice(self) -> tuple[Any, Any]:
        """(the invoice of each payment, its join condition)."""
        return self._document(Invoice.payment_id, Payment.id, "invoice")

    def _refund_credit_note(self) -> tuple[Any, Any]:
        """(the credit note of each refund, its join condition)."""
        return self._document(Invoice.refund_id, Refund.id, "credit_note")

    def _document(self, link: Any, owner: Any, kind: str) -> tuple[Any, Any]:
        """PostgreSQL would rather hash-join the day's rows against every document ever issued (a
        scan that grows with history); a LATERAL lookup per row keeps it on the link's index. A
        payment has one invoice and a refund one credit note, so LIMIT 1 changes nothing but the
        plan. SQLite already looks each one up through the index.
        """
        cols = (link.label("owner_id"), Invoice.number, Invoice.subtotal_cents, Invoice.tax_cents, Invoice.tax_components)
        if self._postgres:
            lateral = sa.select(*cols).where(link == owner, Invoice.kind == kind).limit(1).lateral("doc")
            return lateral, sa.true()
        doc = sa.select(*cols).where(Invoice.kind == kind).subquery("doc")
        return doc, doc.c.owner_id == owner

    def _components(self, column: Any) -> tuple[Any, Any, Any, Any]:
        """(table-valued unnest of a tax_components column, name, rate, cents) for this database."""
        field: Callable[[str], sa.ColumnElement[Any]]
        if self._postgres:
            elem = sa.func.json_array_elements(column).table_valued("value").alias("component")
            field = elem.c.value.op("->>")
        else:
            elem = sa.func.json_each(column).table_valued("value").alias("component")
            field = lambda key: sa.func.json_extract(elem.c.value, f"$.{key}")  # noqa: E731
        return elem, field("name"), field("rate"), sa.cast(field("amount_cents"), sa.BigInteger)

    def reversed_taxes(self, w: Window) -> dict[tuple[str, str], int]:
        """What the window's credit notes gave back, by tax component and rate. (What invoices
        collected is added up from the day's payment rows: `payments`.)"""
        note, on = self._refund_credit_note()
        elem, name, rate, cents = self._components(note.c.tax_components)
        return {(str(n), str(r)): int(c) for n, r, c in self.session.execute(
            sa.select(name, rate, sa.func.sum(cents)).select_from(Refund).join(note, on)
            .join(elem, sa.true()).where(*self._refunded(w)).group_by(name, rate))}

    def credited(self, w: Window) -> dict[str, int]:
        """What was credited before tax, by tax treatment. A refund of a payment made for several
        enrollments counts each line under its own enrollment's treatment, the others under their
        enrollment's. (What was invoiced comes from the day's payment rows: `sales_lines`.)"""
        note, on = self._refund_credit_note()
        whole = ~sa.exists().where(RefundAllocation.refund_id == Refund.id)
        credited: dict[str, int] = {}
        for treatment, cents in [*self.session.execute(
            sa.select(Enrollment.tax_treatment, sa.func.sum(note.c.subtotal_cents)).select_from(Refund).join(note, on)
            .join(Payment, Payment.id == Refund.payment_id).join(Enrollment, Enrollment.id == Payment.enrollment_id)
            .where(*self._refunded(w), whole).group_by(Enrollment.tax_treatment)).all(), *self.session.execute(
            sa.select(Enrollment.tax_treatment, sa.func.sum(RefundAllocation.amount_cents - RefundAllocation.tax_cents))
            .select_from(Refund).join(note, on).join(RefundAllocation, RefundAllocation.refund_id == Refund.id)
            .join(Enrollment, Enrollment.id == RefundAllocation.enrollment_id)
            .where(*self._refunded(w)).group_by(Enrollment.tax_treatment)).all()]:
            credited[treatment] = credited.get(treatment, 0) + int(cents or 0)
        return credited

    def refunds(self, w: Window) -> list[RefundLine]:
        note, on = self._refund_credit_note()
        rows = self.session.execute(
            sa.select(Refund.method, Payment.method, Payment.payment_method_type, sa.func.count(),
                      sa.func.sum(Refund.amount_cents), sa.func.coalesce(sa.func.sum(note.c.tax_cents), 0))
            .select_from(Refund).join(Payment, Payment.id == Refund.payment_id).outerjoin(note, on)
            .where(*self._refunded(w)).group_by(Refund.method, Payment.method, Payment.payment_method_type)
        ).all()
        merged: dict[str, list[int]] = {}
        for refund_method, method, kind, n, cents, tax in rows:
            acc = merged.setdefault(refund_channel(refund_method, method, kind), [0, 0, 0])
            acc[0] += n
            acc[1] += int(cents)
            acc[2] += int(tax)
        return [RefundLine(c, *v) for c, v in sorted(merged.items())]

    # --- lists ----------------------------------------------------------------------------------
    def payments(self, w: Window) -> DayPayments:
        """The window's payments as the report lists them, and what their invoices collected by
        tax component and rate, added up from the same rows: a second pass over the day's invoices
        for the tax cost a sixth of a busy day's report."""
        inv, on = self._payment_invoice()
        rows = self.session.execute(
            sa.select(Payment.id, Payment.completed_at, inv.c.number, Payment.workstation_id, Staff.display_name,
                      Payment.method, Payment.payment_method_type, Payment.card_brand, Payment.card_last4,
                      Enrollment.tax_treatment, inv.c.subtotal_cents, inv.c.tax_cents, Payment.amount_cents,
                      inv.c.tax_components, Payment.stripe_payment_intent_id, Payment.stripe_charge_id, Payment.tax_cents,
                      Course.name)
            .select_from(Payment).join(Enrollment, Enrollment.id == Payment.enrollment_id).outerjoin(inv, on)
            .join(Section, Section.id == Enrollment.section_id).join(Course, Course.id == Section.course_id)
            .outerjoin(Staff, Staff.id == Payment.staff_id)
            .where(*self._paid(w)).order_by(Payment.completed_at, Payment.id)
        ).all()
        lines = self._payment_lines(w)
        collected: dict[tuple[str, str], int] = {}
        for r in rows:
            for c in r[13] if r[10] is not None else ():  # an invoice's components; none without one
                key = (str(c["name"]), str(c["rate"]))
                collected[key] = collected.get(key, 0) + int(c["amount_cents"])
        return DayPayments([PaymentRow(
            str(r[0]), r[1], r[2], r[3], r[4] or _NO_STAFF, channel_of(r[5], r[6]),
            "interac" if r[6] == "interac_present" else (r[7] or "unknown"), r[8], r[9],
            # Without an invoice (flagged as uninvoiced) the payment's own tax split stands in.
            r[12] - r[16] if r[10] is None else r[10], r[16] if r[11] is None else r[11], r[12], _by_name(r[13]),
            r[14], r[15], r[17], tuple(lines.get(r[0], ())),
        ) for r in rows], collected)

    def _payment_lines(self, w: Window) -> dict[uuid.UUID, list[PaymentRowLine]]:
        """Each line of the window's payments made for several enrollments, in the order the payment
        lists them. One join on the window's filter, where lists of ids cost a new statement to
        parse and plan per 500 payments (a third of the report's time on a busy day)."""
        out: dict[uuid.UUID, list[PaymentRowLine]] = {}
        a = PaymentAllocation
        rows = self.session.execute(
            sa.select(a.payment_id, Course.name, Enrollment.tax_treatment, a.amount_cents, a.tax_cents, a.tax_components)
            .select_from(Payment).join(a, a.payment_id == Payment.id)
            .join(Enrollment, Enrollment.id == a.enrollment_id).join(Section, Section.id == Enrollment.section_id)
            .join(Course, Course.id == Section.course_id)
            .where(*self._paid(w)).order_by(a.payment_id, a.position)).all()
        for payment_id, course, treatment, cents, tax, components in rows:
            out.setdefault(payment_id, []).append(PaymentRowLine(course, treatment, int(cents) - int(tax), int(tax),
                                                                 int(cents), _by_name(components)))
        return out

    def refund_rows(self, w: Window) -> list[RefundRow]:
        note, on = self._refund_credit_note()
        rows = self.session.execute(
            sa.select(Refund.id, Refund.payment_id, Refund.completed_at, note.c.number, Refund.workstation_id,
                      Staff.display_name, Payment.method, Payment.payment_method_type, Enrollment.tax_treatment,
                      note.c.subtotal_cents, note.c.tax_cents, Refund.amount_cents, note.c.tax_components,
                      Refund.stripe_refund_id, Refund.source, Refund.method)
            .select_from(Refund).join(Payment, Payment.id == Refund.payment_id)
            .join(Enrollment, Enrollment.id == Payment.enrollment_id).outerjoin(note, on)
            .outerjoin(Staff, Staff.id == Refund.staff_id)
            .where(*self._refunded(w)).order_by(Refund.completed_at, Refund.id)
        ).all()
        return [RefundRow(
            str(r[0]), str(r[1]), r[2], r[3], r[4], r[5] or _NO_STAFF, refund_channel(r[15], r[6], r[7]), r[8],
            r[9] if r[9] is not None else r[11], r[10] or 0, r[11], _by_name(r[12]), r[13], r[14],
        ) for r in rows]

    def overpayments(self, w: Window) -> list[OverpaymentLine]:
        """Flags still open, and those raised during the window (even if settled since)."""
        flag = OverpaymentFlag
        rows = self.session.execute(
            sa.select(flag.enrollment_id, Student.first_name, Student.last_name, Student.student_number, flag.over_cents,
                      flag.workstations, flag.status)
            .join(Enrollment, Enrollment.id == flag.enrollment_id).join(Student, Student.id == Enrollment.student_id)
            .where(sa.or_(flag.status == "open", sa.and_(flag.detected_at >= w.start, flag.detected_at < w.end)))
            .order_by(flag.detected_at)
        ).all()
        lines = [OverpaymentLine(str(e), f"{first} {last} ({number})", int(over), tuple(desks or ()), status)
                 for e, first, last, number, over, desks, status in rows]
        if w.workstation_id:
            lines = [o for o in lines if w.workstation_id in o.workstations]
        return lines

    # --- closures -------------------------------------------------------------------------------
    def closure(self, business_date: Any) -> ClosureRecord | None:
        """The day's closure in force (the latest one not reopened)."""
        row = self.session.scalars(
            sa.select(DayClosure).where(DayClosure.business_date == business_date, DayClosure.status == "closed")
            .order_by(DayClosure.closed_at.desc()).limit(1)).first()
        if row is None:
            return None
        return ClosureRecord(row.id, row.business_date, row.closed_at, row.closed_by_name, row.window_start,
                             row.window_end, row.payment_count, row.collected_cents, dict(row.data), row.data_sha256,
                             row.pdf_path, row.pdf_sha256)

    def add_closure(self, **values: Any) -> None:
        self.session.add(DayClosure(**values))
        self.session.flush()

    def reopen(self, closure_id: uuid.UUID, *, at: datetime, by: uuid.UUID | None, reason: str) -> None:
        row = self.session.get(DayClosure, closure_id, with_for_update=True)
        if row is None or row.status != "closed":
            raise NotFound(msg("eod.closure_gone"))
        row.status, row.reopened_at, row.reopened_by, row.reopen_reason = "reopened", at, by, reason
        self.session.flush()

    # --- matching lookups ---------------------------------------------------------------------
    def payments_by_stripe_ids(self, charge_ids: list[str], intent_ids: list[str]) -> dict[str, tuple[str, datetime | None]]:
        """Local payments (any day) for Stripe ids: id -> (payment id, completed_at)."""
        found: dict[str, tuple[str, datetime | None]] = {}
        if charge_ids or intent_ids:
            for pid, ch, pi, at in self.session.execute(
                sa.select(Payment.id, Payment.stripe_charge_id, Payment.stripe_payment_intent_id, Payment.completed_at)
                .where(sa.or_(Payment.stripe_charge_id.in_(charge_ids), Payment.stripe_payment_intent_id.in_(intent_ids)))
            ):
                for key in (ch, pi):
                    if key:
                        found[key] = (str(pid), at)
        return found

    def refunds_by_stripe_ids(self, refund_ids: list[str]) -> dict[str, tuple[str, datetime | None]]:
        if not refund_ids:
            return {}
        return {rid: (str(i), at) for i, rid, at in self.session.execute(
            sa.select(Refund.id, Refund.stripe_refund_id, Refund.completed_at).where(Refund.stripe_refund_id.in_(refund_ids)))
            if rid is not None}

    def open_intents(self, w: Window) -> list[tuple[str, str, int, str]]:
        """(payment id, PaymentIntent id, amount, status) of attempts started in the window and not finished."""
        where = [Payment.status.in_(IN_FLIGHT_STATUSES), Payment.stripe_payment_intent_id.is_not(None),
                 Payment.created_at >= w.start, Payment.created_at < w.end]
        if w.workstation_id:
            where.append(Payment.workstation_id == w.workstation_id)
        return [(str(i), str(pi), int(a), s) for i, pi, a, s in self.session.execute(
            sa.select(Payment.id, Payment.stripe_payment_intent_id, Payment.amount_cents, Payment.status).where(*where))]


def _by_name(components: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in components or ():
        out[str(c["name"])] = out.get(str(c["name"]), 0) + int(c["amount_cents"])
    return out


__all__ = ["EndOfDayRepository", "Window"]

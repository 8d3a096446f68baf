"""The end-of-day report's reads: the day's payments and refunds once each, with every breakdown
added up from those rows (`payments`, `day_refunds`), and an aggregate query per breakdown grouped in
the database (`methods`, `parties`, `hours`, `refunds`, `reversed_taxes`, `credited`: a closed day's
late arrivals, and the check that both ways find the same figures).

Every query selects the day's rows through an index on completed_at (ix_payments_completed_at, or
ix_payments_workstation_completed for one desk; ix_refunds_completed_at). Tax components live in each
document's JSON list: decoded once per distinct list in Python for the lists, unnested in SQL for the
aggregates (json_each on SQLite, json_array_elements on PostgreSQL).
"""

from __future__ import annotations

import json
import uuid
from bisect import bisect_right
from collections.abc import Callable, Sequence
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
from oncopos.adapters.db.session import read_columns
from oncopos.domain.end_of_day import (
    HAND_CHANNELS,
    IN_FLIGHT_STATUSES,
    UNSUCCESSFUL_STATUSES,
    AmountFlag,
    AttemptLine,
    ClosureRecord,
    DayPayments,
    DayRefunds,
    HourLine,
    MethodLine,
    OverpaymentLine,
    PartyLine,
    PartyTotals,
    PaymentRow,
    PaymentRowLine,
    RefundLine,
    RefundRow,
    Window,
    channel_of,
    hour_starts,
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
        """The window's payments as the report lists them, and every breakdown of them added up from
        the same rows (DayPayments): on a busy day an aggregate query per breakdown read the day's
        rows once more each time, and the list's columns are read on the session's connection, not
        through the ORM's execution path, and their documents' tax components decoded once per
        distinct list (a day's invoices repeat a handful of them)."""
        inv, on = self._payment_invoice()
        rows: Sequence[Any] = read_columns(self.session, (
            sa.select(Payment.id, Payment.completed_at, inv.c.number, Payment.workstation_id, Staff.display_name,
                      Payment.method, Payment.payment_method_type, Payment.card_brand, Payment.card_last4,
                      Enrollment.tax_treatment, inv.c.subtotal_cents, inv.c.tax_cents, Payment.amount_cents,
                      sa.cast(inv.c.tax_components, sa.Text), Payment.stripe_payment_intent_id, Payment.stripe_charge_id,
                      Payment.tax_cents, Course.name, Payment.staff_id)
            .select_from(Payment).join(Enrollment, Enrollment.id == Payment.enrollment_id).outerjoin(inv, on)
            .join(Section, Section.id == Enrollment.section_id).join(Course, Course.id == Section.course_id)
            .outerjoin(Staff, Staff.id == Payment.staff_id)
            .where(*self._paid(w)).order_by(Payment.completed_at, Payment.id))).all()
        lines = self._payment_lines(w)
        starts = hour_starts(w.start, w.end)
        hours = [[0, 0] for _ in starts]
        collected: dict[tuple[str, str], int] = {}
        methods: dict[tuple[str, str], list[int]] = {}
        staff: dict[Any, list[Any]] = {}  # by staff id, then desk: [label, count, cents]
        desks: dict[Any, list[Any]] = {}
        taxes = _Components()
        invoiced: dict[str | None, int] = {}  # the tax components of the invoices -> how many invoices have them
        # (method, method type, card brand) -> (its method line, its channel, the brand the list shows)
        ways: dict[tuple[Any, Any, Any], tuple[list[int], str, str]] = {}
        out = []
        for (pid, at, number, desk, name, method, kind, brand, last4, treatment, subtotal, tax, cents, components, pi,
             charge, own_tax, course, staff_id) in rows:
            way = ways.get((method, kind, brand))
            if way is None:
                channel = channel_of(method, kind)
                card = brand if brand is not None else "unknown"  # as `methods` groups them (coalesce)
                key = (channel, channel if channel in ("interac", *HAND_CHANNELS) else str(card).lower())
                way = ways[(method, kind, brand)] = (methods.setdefault(key, [0, 0]), channel,
                                                     "interac" if kind == "interac_present" else (brand or "unknown"))
            way[0][0] += 1
            way[0][1] += cents
            hour = hours[bisect_right(starts, at) - 1]
            hour[0] += 1
            hour[1] += cents
            acc = staff.get(staff_id) or staff.setdefault(staff_id, [name if name is not None else _NO_STAFF, 0, 0])
            acc[1] += 1
            acc[2] += cents
            acc = desks.get(desk) or desks.setdefault(desk, [str(desk), 0, 0])
            acc[1] += 1
            acc[2] += cents
            if subtotal is None:  # no invoice: the payment's own tax split stands in, and it collected no tax here
                split = (cents - own_tax, own_tax)
            else:
                split = (subtotal, own_tax if tax is None else tax)
                invoiced[components] = invoiced.get(components, 0) + 1
            out.append(PaymentRow(
                str(pid), at, number, desk, name or _NO_STAFF, way[1], way[2], last4, treatment, *split, cents,
                dict(taxes.of(components)[0]), pi, charge, course, tuple(lines.get(pid, ())) if lines else ()))
        for components, n in invoiced.items():
            for rate_key, amount in taxes.of(components)[1]:
                collected[rate_key] = collected.get(rate_key, 0) + n * amount
        return DayPayments(
            out, collected, [MethodLine(c, b, n, a) for (c, b), (n, a) in sorted(methods.items())],
            [HourLine(s, n, a) for s, (n, a) in zip(starts, hours, strict=True)], _keyed(staff), _keyed(desks))

    def _payment_lines(self, w: Window) -> dict[uuid.UUID, list[PaymentRowLine]]:
        """Each line of the window's payments made for several enrollments, in the order the payment
        lists them. One join on the window's filter, where lists of ids cost a new statement to
        parse and plan per 500 payments (a third of the report's time on a busy day)."""
        out: dict[uuid.UUID, list[PaymentRowLine]] = {}
        a = PaymentAllocation
        rows: Sequence[Any] = read_columns(self.session, (
            sa.select(a.payment_id, Course.name, Enrollment.tax_treatment, a.amount_cents, a.tax_cents, a.tax_components)
            .select_from(Payment).join(a, a.payment_id == Payment.id)
            .join(Enrollment, Enrollment.id == a.enrollment_id).join(Section, Section.id == Enrollment.section_id)
            .join(Course, Course.id == Section.course_id)
            .where(*self._paid(w)).order_by(a.payment_id, a.position))).all()
        for payment_id, course, treatment, cents, tax, components in rows:
            out.setdefault(payment_id, []).append(PaymentRowLine(course, treatment, int(cents) - int(tax), int(tax),
                                                                 int(cents), _by_name(components)))
        return out

    def day_refunds(self, w: Window) -> DayRefunds:
        """The window's refunds as the report lists them, and every breakdown of them added up from the
        same rows (DayRefunds). What was credited before tax counts a refund's credit note under its
        payment's enrollment's treatment, or, for a refund of a payment made for several enrollments,
        each line under its own enrollment's (`credited`)."""
        note, on = self._refund_credit_note()
        rows: Sequence[Any] = read_columns(self.session, (
            sa.select(Refund.id, Refund.payment_id, Refund.completed_at, note.c.number, Refund.workstation_id,
                      Staff.display_name, Payment.method, Payment.payment_method_type, Enrollment.tax_treatment,
                      note.c.subtotal_cents, note.c.tax_cents, Refund.amount_cents, sa.cast(note.c.tax_components, sa.Text),
                      Refund.stripe_refund_id, Refund.source, Refund.method, Refund.staff_id)
            .select_from(Refund).join(Payment, Payment.id == Refund.payment_id)
            .join(Enrollment, Enrollment.id == Payment.enrollment_id).outerjoin(note, on)
            .outerjoin(Staff, Staff.id == Refund.staff_id)
            .where(*self._refunded(w)).order_by(Refund.completed_at, Refund.id))).all()
        parts: dict[uuid.UUID, list[tuple[str, int]]] = {}
        if rows:
            allocated: Sequence[Any] = read_columns(self.session, (
                sa.select(RefundAllocation.refund_id, Enrollment.tax_treatment,
                          RefundAllocation.amount_cents - RefundAllocation.tax_cents)
                .select_from(Refund).join(RefundAllocation, RefundAllocation.refund_id == Refund.id)
                .join(Enrollment, Enrollment.id == RefundAllocation.enrollment_id).where(*self._refunded(w)))).all()
            for refund_id, treatment, cents in allocated:
                parts.setdefault(refund_id, []).append((treatment, int(cents)))
        taxes = _Components()
        out: list[RefundRow] = []
        lines: dict[str, list[int]] = {}
        reversed_: dict[tuple[str, str], int] = {}
        credited: dict[str, int] = {}
        staff: dict[Any, list[Any]] = {}  # by staff id, then desk: [label, count, cents]
        desks: dict[Any, list[Any]] = {}
        for (rid, pid, at, number, desk, name, method, kind, treatment, subtotal, tax, cents, components, stripe_id,
             source, refund_method, staff_id) in rows:
            channel = refund_channel(refund_method, method, kind)
            line = lines.setdefault(channel, [0, 0, 0])
            line[0] += 1
            line[1] += cents
            line[2] += tax or 0
            acc = staff.get(staff_id) or staff.setdefault(staff_id, [name if name is not None else _NO_STAFF, 0, 0])
            acc[1] += 1
            acc[2] += cents
            acc = desks.get(desk) or desks.setdefault(desk, [str(desk), 0, 0])
            acc[1] += 1
            acc[2] += cents
            by_name, by_rate = taxes.of(components)
            if subtotal is not None:  # a credit note: what it gave back
                for rate_key, amount in by_rate:
                    reversed_[rate_key] = reversed_.get(rate_key, 0) + amount
                for part_treatment, part_cents in parts.get(rid) or ((treatment, subtotal),):
                    credited[part_treatment] = credited.get(part_treatment, 0) + part_cents
            out.append(RefundRow(
                str(rid), str(pid), at, number, desk, name or _NO_STAFF, channel, treatment,
                subtotal if subtotal is not None else cents, tax or 0, cents, dict(by_name), stripe_id, source))
        return DayRefunds(out, [RefundLine(c, *v) for c, v in sorted(lines.items())], reversed_, credited, _keyed(staff),
                          _keyed(desks))

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


def _keyed(totals: dict[Any, list[Any]]) -> PartyTotals:
    """Running totals by staff id or desk, keyed as the report's lines are (the id as text, "" for none)."""
    return {str(key) if key is not None else "": acc for key, acc in totals.items()}


class _Components:
    """Documents' tax components (their JSON text) decoded once per distinct list: a day's invoices
    repeat the few a school's prices and provinces give, and decoding each document's list again cost
    more than reading its row."""

    def __init__(self) -> None:
        self._seen: dict[str | None, tuple[dict[str, int], list[tuple[tuple[str, str], int]]]] = {}

    def of(self, text: str | None) -> tuple[dict[str, int], list[tuple[tuple[str, str], int]]]:
        """(cents by component name, [((name, rate), cents)] in the document's order)."""
        got = self._seen.get(text)
        if got is None:
            components = json.loads(text) if text is not None else None
            got = self._seen[text] = (_by_name(components), [((str(c["name"]), str(c["rate"])), int(c["amount_cents"]))
                                                             for c in components or ()])
        return got


def _by_name(components: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in components or ():
        out[str(c["name"])] = out.get(str(c["name"]), 0) + int(c["amount_cents"])
    return out


__all__ = ["EndOfDayRepository", "Window"]

"""The books' reads: payments and refunds as the accountant and the payout statement see them.

Reads only. A payment is found by its Stripe charge, a refund by its Stripe refund; a period's
rows carry their course (revenue by course), their tender and their document's tax components
(GST/HST, QST and PST apart), so the journal and the payout statement trace each figure back to
an invoice or a credit note.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.tenders import TenderDetail
from oncopos.domain.books import BookEntry
from oncopos.domain.end_of_day import STRIPE_CHANNELS, Window, channel_of, refund_channel
from oncopos.domain.payouts import LocalMoney


def _taxes(components: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in components or ():
        out[str(c["name"])] = out.get(str(c["name"]), 0) + int(c["amount_cents"])
    return out


class BooksRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- payout matching --------------------------------------------------------------------
    def money_by_stripe_ids(self, charge_ids: list[str], refund_ids: list[str]) -> dict[str, LocalMoney]:
        """Succeeded payments by charge id and refunds by refund id (any day): Stripe id -> record."""
        found: dict[str, LocalMoney] = {}
        if charge_ids:
            for row in self.session.execute(self._payments().where(Payment.stripe_charge_id.in_(charge_ids))):
                found[row.stripe_charge_id] = self._payment(row)
        if refund_ids:
            for row in self.session.execute(self._refunds().where(Refund.stripe_refund_id.in_(refund_ids))):
                found[row.stripe_refund_id] = self._refund(row)
        return found

    def stripe_money(self, w: Window) -> list[LocalMoney]:
        """Payments and refunds completed in `w` that went through Stripe (cards, Interac, hosted page)."""
        payments = [self._payment(r) for r in self.session.execute(
            self._payments().where(Payment.completed_at >= w.start, Payment.completed_at < w.end)
            .order_by(Payment.completed_at, Payment.id))]
        refunds = [self._refund(r) for r in self.session.execute(
            self._refunds().where(Refund.completed_at >= w.start, Refund.completed_at < w.end)
            .order_by(Refund.completed_at, Refund.id))]
        return [m for m in payments + refunds if m.channel in STRIPE_CHANNELS]

    @staticmethod
    def _payments() -> Any:
        inv = aliased(Invoice)
        return (sa.select(Payment.id, Payment.amount_cents, Payment.completed_at, Payment.stripe_charge_id,
                          Payment.method, Payment.payment_method_type, inv.number)
                .outerjoin(inv, sa.and_(inv.payment_id == Payment.id, inv.kind == "invoice"))
                .where(Payment.status == "succeeded"))

    @staticmethod
    def _refunds() -> Any:
        note = aliased(Invoice)
        return (sa.select(Refund.id, Refund.amount_cents, Refund.completed_at, Refund.stripe_refund_id,
                          Payment.method, Payment.payment_method_type, note.number)
                .join(Payment, Payment.id == Refund.payment_id)
                .outerjoin(note, sa.and_(note.refund_id == Refund.id, note.kind == "credit_note"))
                .where(Refund.status == "succeeded"))

    @staticmethod
    def _payment(row: Any) -> LocalMoney:
        return LocalMoney("payment", str(row.id), row.number, int(row.amount_cents), row.completed_at,
                          row.stripe_charge_id, channel_of(row.method, row.payment_method_type))

    @staticmethod
    def _refund(row: Any) -> LocalMoney:
        return LocalMoney("refund", str(row.id), row.number, int(row.amount_cents), row.completed_at,
                          row.stripe_refund_id, channel_of(row.method, row.payment_method_type))

    # --- the journal --------------------------------------------------------------------------
    def book_entries(self, w: Window) -> list[BookEntry]:
        """Every payment and refund completed in `w`, with its course, tender and tax components."""
        inv = aliased(Invoice)
        payments = self.session.execute(
            sa.select(Payment.id, Payment.completed_at, Payment.amount_cents, Payment.tax_components,
                      Payment.method, Payment.payment_method_type, Payment.stripe_charge_id, inv.number,
                      inv.tax_components.label("doc_taxes"), Course.code, Course.name, Course.kind,
                      sa.func.coalesce(TenderDetail.rounding_cents, 0).label("rounding"))
            .join(Enrollment, Enrollment.id == Payment.enrollment_id).join(Section, Section.id == Enrollment.section_id)
            .join(Course, Course.id == Section.course_id)
            .outerjoin(inv, sa.and_(inv.payment_id == Payment.id, inv.kind == "invoice"))
            .outerjoin(TenderDetail, TenderDetail.payment_id == Payment.id)
            .where(Payment.status == "succeeded", Payment.completed_at >= w.start, Payment.completed_at < w.end)
            .order_by(Payment.completed_at, Payment.id)).all()
        note = aliased(Invoice)
        refunds = self.session.execute(
            sa.select(Refund.id, Refund.completed_at, Refund.amount_cents, Refund.method.label("refund_method"),
                      Payment.method, Payment.payment_method_type, Refund.stripe_refund_id, note.number,
                      note.tax_components, Course.code, Course.name, Course.kind)
            .join(Payment, Payment.id == Refund.payment_id).join(Enrollment, Enrollment.id == Payment.enrollment_id)
            .join(Section, Section.id == Enrollment.section_id).join(Course, Course.id == Section.course_id)
            .outerjoin(note, sa.and_(note.refund_id == Refund.id, note.kind == "credit_note"))
            .where(Refund.status == "succeeded", Refund.completed_at >= w.start, Refund.completed_at < w.end)
            .order_by(Refund.completed_at, Refund.id)).all()
        entries = []
        for r in payments:
            # Without an invoice the payment's own frozen tax split stands in (the end of day flags it).
            taxes = _taxes(r.doc_taxes if r.number is not None else r.tax_components)
            entries.append(BookEntry("payment", str(r.id), r.completed_at, r.number,
                                     channel_of(r.method, r.payment_method_type), r.code, r.name, r.kind, taxes,
                                     int(r.amount_cents), r.stripe_charge_id, int(r.rounding)))
        for r in refunds:
            # The tender the money went out by: a cheque payment sent back by e-Transfer leaves by e-Transfer.
            entries.append(BookEntry("refund", str(r.id), r.completed_at, r.number,
                                     refund_channel(r.refund_method, r.method, r.payment_method_type), r.code, r.name,
                                     r.kind,
                                     _taxes(r.tax_components), int(r.amount_cents), r.stripe_refund_id))
        return sorted(entries, key=lambda e: (e.completed_at, e.kind, e.id))

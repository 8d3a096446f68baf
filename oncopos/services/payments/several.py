"""The parts of a payment made for several enrollments: each checked and taxed as its own payment.

Each part is checked against its own enrollment's balance (and payments in flight on it) and
takes its share of its own enrollment's frozen tax, exactly as a payment for that enrollment
alone would; the payment is then one amount, one tax, one PaymentIntent and one idempotency key,
and `payment_allocations` keeps the lines. Shared by quoting (before anything is written) and by
the check just before the charge; `record_quote` writes the quoted payment with its lines (the
card payment and the tender by hand for several write it the same way).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from oncopos.domain.access import Actor
from oncopos.domain.allocation import PartOwner, PartRequest, check_owners, check_requests
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.messages import msg
from oncopos.domain.payment import PAYMENT_LIFECYCLE
from oncopos.services.payments import quote as quoting
from oncopos.services.payments import status
from oncopos.services.payments.ports import CollectionCheck
from oncopos.services.payments.records import (
    QUOTED,
    EnrollmentForPayment,
    PartView,
    PaymentPart,
    PaymentRecord,
    PaymentView,
    Step,
    TaxShare,
)
from oncopos.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Quoted:
    """The lines of a payment for several enrollments, checked and taxed, not yet written."""

    enrollments: tuple[EnrollmentForPayment, ...]
    parts: tuple[PaymentPart, ...]
    shares: tuple[tuple[TaxShare, ...], ...]  # each line's own tax shares

    @property
    def amount_cents(self) -> int:
        return sum(p.amount_cents for p in self.parts)

    @property
    def tax_cents(self) -> int:
        return sum(p.tax_cents for p in self.parts)

    def merged_shares(self) -> tuple[TaxShare, ...]:
        """The payment's tax by component (GST, QST, HST...), each summed over the lines."""
        merged: dict[tuple[str, str], TaxShare] = {}
        for line in self.shares:
            for s in line:
                key = (s.name, s.rate)
                had = merged.get(key)
                merged[key] = s if had is None else TaxShare(s.name, s.rate, had.base_cents + s.base_cents,
                                                            had.amount_cents + s.amount_cents)
        return tuple(merged.values())

    @property
    def balance_cents(self) -> int:
        """What the enrollments paid still owe, together."""
        return sum(e.balance_cents for e in self.enrollments)

    def views(self) -> tuple[PartView, ...]:
        return tuple(PartView(e.id, e.course_code, e.course_name, p.amount_cents, p.tax_cents, s, e.balance_cents)
                     for e, p, s in zip(self.enrollments, self.parts, self.shares, strict=True))

    def preview(self) -> PaymentView:
        """The payment as the window shows it before anything is written: the total, each line's tax."""
        return PaymentView(uuid.UUID(int=0), self.parts[0].enrollment_id, "preview", self.amount_cents,
                           self.tax_cents, self.merged_shares(), self.balance_cents, parts=self.views())


def quote_parts(uow: UnitOfWork, requests: Sequence[PartRequest], limits: PaymentLimits, *,
                lock: bool = False, exclude: uuid.UUID | None = None) -> Quoted:
    """Each requested line checked against its enrollment and given its tax share; raises on the first refusal."""
    check_requests(requests)
    enrollments = tuple(uow.payments.enrollment(r.enrollment_id, lock=lock, exclude=exclude) for r in requests)
    check_owners([PartOwner(e.id, e.student_id, e.tax_province) for e in enrollments])
    parts, shares = [], []
    for position, (request, enrollment) in enumerate(zip(requests, enrollments, strict=True), start=1):
        try:
            quoting.check_amount(request.amount_cents, enrollment, limits)
        except InvalidAmount as refused:
            course = f"{enrollment.course_name} ({enrollment.course_code})"
            raise InvalidAmount(msg("payment.several.line", course=course, reason=refused.message or str(refused))) from None
        line = quoting.tax_shares(request.amount_cents, enrollment)
        shares.append(line)
        parts.append(PaymentPart(enrollment.id, position, request.amount_cents, sum(s.amount_cents for s in line),
                                 tuple(s.as_dict() for s in line)))
    return Quoted(enrollments, tuple(parts), tuple(shares))


def check_collection(check: CollectionCheck | None, requests: Sequence[PartRequest]) -> None:
    """The limit on what may be taken before a plan's contract is signed applies to each enrollment's own part."""
    if check is not None:
        for request in requests:
            check(request.enrollment_id, request.amount_cents)


def record_quote(uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, quoted: Quoted, *, workstation_id: str,
                 key: str, clock: Clock, lifecycle: status.Table = PAYMENT_LIFECYCLE,
                 extra: Mapping[str, Any] | None = None) -> None:
    """Write the payment quoted with its lines (`payment_allocations`), its journal step and its audit
    event, filed under its first line's enrollment; `extra` goes into both, after the amounts."""
    first = quoted.parts[0].enrollment_id
    uow.payments.add(payment_id=payment_id, enrollment_id=first, workstation_id=workstation_id,
                     staff_id=actor.staff_id, amount_cents=quoted.amount_cents, tax_cents=quoted.tax_cents,
                     tax_components=[s.as_dict() for s in quoted.merged_shares()], status=QUOTED,
                     idempotency_key=key, parts=quoted.parts)
    detail = {"amount_cents": quoted.amount_cents, "tax_cents": quoted.tax_cents,
              "balance_cents": quoted.balance_cents, **(extra or {}),
              "parts": [{"enrollment_id": str(p.enrollment_id), "amount_cents": p.amount_cents,
                         "tax_cents": p.tax_cents} for p in quoted.parts]}
    now = clock()
    status.record_step(uow, payment_id, Step.QUOTED, at=now, detail=detail, lifecycle=lifecycle)
    uow.audit.record(actor, "payment.quoted", at=now, subject_type="payment", subject_id=payment_id,
                     details={"enrollment_id": str(first), **detail})


def check_again(uow: UnitOfWork, record: PaymentRecord, limits: PaymentLimits,
                parts: tuple[PaymentPart, ...] | None = None) -> EnrollmentForPayment:
    """Just before the money moves: the payment still fits every enrollment it pays, locked.

    A payment for one enrollment against its balance; one for several, each line against its
    own (another window may have paid one of them meanwhile). Raises `InvalidAmount`. Returns the
    payment's own enrollment (its first line's) as read under the lock, for the journal.
    `parts`: the payment's lines when the caller read them (they never change once quoted).
    """
    parts = uow.payments.parts(record.id) if parts is None else parts
    if parts:
        quoted = quote_parts(uow, [PartRequest(p.enrollment_id, p.amount_cents) for p in parts], limits, lock=True,
                             exclude=record.id)
        return next(e for e in quoted.enrollments if e.id == record.enrollment_id)
    enrollment = uow.payments.enrollment(record.enrollment_id, lock=True, exclude=record.id)
    quoting.check_amount(record.amount_cents, enrollment, limits)
    return enrollment


def enrollments_paid(uow: UnitOfWork, record: PaymentRecord) -> list[uuid.UUID]:
    """The enrollments the payment pays: each of its lines' for one made for several, else its own."""
    return [p.enrollment_id for p in uow.payments.parts(record.id)] or [record.enrollment_id]


def balance_owing(uow: UnitOfWork, record: PaymentRecord) -> int:
    """What is still owed on the enrollments the payment paid (all of them, for one made for several)."""
    return sum(uow.payments.enrollment(e).balance_cents for e in enrollments_paid(uow, record))

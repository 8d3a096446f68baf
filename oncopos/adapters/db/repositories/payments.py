"""Payments and their journal: plain records in, plain records out.

The payment flow commits after every step, so each method here works inside the caller's unit of
work and never commits itself.
"""

from __future__ import annotations

import functools
import json
import uuid
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledger, ledger_query, parts_of
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, PaymentStep
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.session import fact_written, read_columns
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.services.payments.records import (
    IN_FLIGHT,
    EnrollmentForPayment,
    JournalEntry,
    PaymentPart,
    PaymentRecord,
)

# Columns a service may change through `update` (never the amount, key or enrollment of a payment).
_UPDATABLE = frozenset({
    "status", "method", "otp_challenge_id", "reader_id", "stripe_payment_intent_id", "stripe_checkout_session_id",
    "checkout_url", "checkout_expires_at", "stripe_charge_id", "payment_method_type", "card_brand", "card_last4",
    "failure_code", "failure_message", "completed_at",
})


class PaymentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the enrollment being paid ------------------------------------------------------------
    def enrollment(self, enrollment_id: uuid.UUID, *, lock: bool = False, exclude: uuid.UUID | None = None
                   ) -> EnrollmentForPayment:
        """The enrollment with what was paid on it; `lock` holds its row until the commit.

        Locking the enrollment row serialises two desks (or two windows) charging the same
        enrollment on PostgreSQL; SQLite already serialises every writer.
        """
        row = read_columns(self.session, _enrollment_query(lock), {"enrollment_id": enrollment_id}).first()
        if row is None:
            raise NotFound(msg("payment.enrollment_gone_search"))
        # `exclude` is the payment being charged: it is in flight itself, so it must not count as another.
        ledger = enrollment_ledger(self.session.connection(), enrollment_id, excluding=exclude)  # flushed just above
        first = row.preferred_name or row.first_name
        return EnrollmentForPayment(
            id=enrollment_id, student_id=row.student_id, student_name=f"{first} {row.last_name}",
            student_number=row.student_number, student_email=row.email,
            student_language=row.preferred_language, course_code=row.code, course_name=row.name,
            status=row.status, enrolled_on=row.enrolled_at.date(), price_cents=row.price_cents,
            tax_cents=row.tax_cents, total_cents=row.total_cents, tax_province=row.tax_province,
            tax_components=tuple(dict(c) for c in row.tax_components or ()), paid_cents=ledger.paid_cents,
            refunded_cents=ledger.refunded_cents, in_flight_cents=ledger.in_flight_cents,
        )

    def balance(self, enrollment_id: uuid.UUID) -> int:
        """What is left to pay on the enrollment (EnrollmentForPayment.balance_cents), in one statement.

        The payment window shows it at every step: the whole enrollment (its student and course
        joined, then its ledger in a second statement) cost twice this read for one figure.
        """
        row = read_columns(self.session, _BALANCE, {"enrollment_id": enrollment_id}).first()
        if row is None:
            raise NotFound(msg("payment.enrollment_gone_search"))
        return int(row.total_cents) - int(row.paid or 0) + int(row.refunded or 0)

    # --- payments -----------------------------------------------------------------------------
    def add(self, *, payment_id: uuid.UUID, enrollment_id: uuid.UUID, workstation_id: str,
            staff_id: uuid.UUID | None, amount_cents: int, tax_cents: int, tax_components: list[dict[str, Any]],
            status: str, idempotency_key: str, parts: Sequence[PaymentPart] = ()) -> None:
        """A payment; with `parts`, one made for several enrollments (its first part's is `enrollment_id`)."""
        payment = Payment(
            id=payment_id, enrollment_id=enrollment_id, workstation_id=workstation_id, staff_id=staff_id,
            amount_cents=amount_cents, tax_cents=tax_cents, tax_components=tax_components, status=status,
            idempotency_key=idempotency_key, currency="cad",
        )
        self.session.add(payment)
        self.session.flush()
        # A row this transaction inserted is as good as locked by it: nobody else sees it before the commit.
        self._locked()[payment_id] = payment
        # Nor has it a journal or parts but what this transaction writes: none to read back.
        self._last_steps()[payment_id] = 0
        self._journals()[payment_id] = []
        if not parts:
            self._held()[4].add(payment_id)  # made for one enrollment: parts() has none to read
        for part in parts:
            self.session.add(PaymentAllocation(
                id=uuid.uuid4(), payment_id=payment_id, enrollment_id=part.enrollment_id, position=part.position,
                amount_cents=part.amount_cents, tax_cents=part.tax_cents, tax_components=list(part.tax_components)))
        if parts:
            self.session.flush()

    def parts(self, payment_id: uuid.UUID) -> tuple[PaymentPart, ...]:
        """The enrollments a payment for several paid, in invoice order; () for a payment for one."""
        if payment_id in self._held()[4]:
            return ()  # added in this transaction for one enrollment
        if self.session.autoflush:
            self.session.flush()
        return parts_of(self.session.connection(), payment_id)

    def get(self, payment_id: uuid.UUID, *, lock: bool = False) -> PaymentRecord:
        held = self._locked().get(payment_id)
        if held is not None:
            # Locked earlier in this transaction (a step checks the row its caller locked): the lock
            # holds until the commit and the row is the object in the session, so no second SELECT.
            return _record(held)
        # No flush first: a payment is flushed when added, and one changed in this transaction is the
        # object in the session, whatever the SELECT returns; the changes go out with the commit.
        if not lock:
            present = self.session.identity_map.get(_PAYMENT_MAPPER.identity_key_from_primary_key((payment_id,)))
            if present is not None:
                return _record(present)
            # Columns, not an ORM object: a read that changes nothing needs no object in the session (the
            # window polls a waiting payment four times a second), and loading one cost more than the read.
            row = self.session.connection().execute(_PAYMENT_COLUMNS, {"payment_id": payment_id}).first()
            if row is None:
                raise NotFound(msg("payment.not_on_desk"))
            return _record(row)
        with self.session.no_autoflush:
            payment = self.session.scalar(_payment_query(lock), {"payment_id": payment_id})
        if payment is None:
            raise NotFound(msg("payment.not_on_desk"))
        if lock:
            self._locked()[payment_id] = payment
        return _record(payment)

    def _locked(self) -> dict[uuid.UUID, Payment]:
        """The payments this transaction holds locked (forgotten when the transaction ends).

        Held here, not only in the session: its identity map is weak, so a row whose record was
        made and whose object nobody kept was read again by the next step of the same transaction.
        """
        return self._held()[0]

    def _last_steps(self) -> dict[uuid.UUID, int]:
        """The last journal sequence of each payment this transaction holds locked, once known here.

        Known from the journal read under the lock or from the step this transaction last added:
        nobody else adds a step to a locked payment, so the next step needs no SELECT of its own.
        """
        return self._held()[1]

    def _journals(self) -> dict[uuid.UUID, list[JournalEntry]]:
        """The whole journal of each payment this transaction holds locked, once known here: read under
        the lock, or added by this transaction, with the steps it journalled since (nobody else adds any)."""
        return self._held()[3]

    def _written_steps(self) -> dict[uuid.UUID, int]:
        """The last journal sequence this transaction wrote for each payment, locked or not (as the
        steps it added were counted among the session's new objects when they were ORM objects)."""
        return self._held()[2]

    def _held(self) -> tuple[dict[uuid.UUID, Payment], dict[uuid.UUID, int], dict[uuid.UUID, int],
                             dict[uuid.UUID, list[JournalEntry]], set[uuid.UUID]]:
        transaction = self.session.get_transaction()
        if transaction is None:
            return {}, {}, {}, {}, set()  # outside a transaction nothing is locked, so nothing is held
        held = self.session.info.get(_LOCKED)
        # The transaction is held weakly: it refers to the session, whose info holds this entry, and
        # that cycle kept every finished session and the payments it held alive until a collection.
        # A transaction gone reads None, never the next one's: its payments are read and locked anew.
        if held is None or held[0]() is not transaction:
            held = (weakref.ref(transaction), {}, {}, {}, {}, set())
            self.session.info[_LOCKED] = held
        return held[1], held[2], held[3], held[4], held[5]

    def update(self, payment_id: uuid.UUID, **changes: Any) -> PaymentRecord:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise TypeError(f"payments.{', '.join(sorted(unknown))} may not be changed")
        payment = self._locked().get(payment_id) or self.session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(msg("payment.not_on_desk"))
        for name, value in changes.items():
            setattr(payment, name, value)
        return _record(payment)  # flushed with the journal step that always follows, at the commit

    def in_flight(self, workstation_id: str) -> list[PaymentRecord]:
        """This desk's payments that have not reached a final state, oldest first."""
        query = (sa.select(Payment).where(Payment.workstation_id == workstation_id, Payment.status.in_(IN_FLIGHT))
                 .order_by(Payment.created_at, Payment.id))
        return [_record(p) for p in self.session.scalars(query)]

    def succeeded_without(self, workstation_id: str, step: str) -> list[uuid.UUID]:
        """This desk's succeeded payments whose journal has a success but lacks `step` (emails after a crash)."""
        has = sa.select(PaymentStep.id).where(PaymentStep.payment_id == Payment.id)
        query = sa.select(Payment.id).where(
            Payment.workstation_id == workstation_id, Payment.status == "succeeded",
            sa.exists(has.where(PaymentStep.step == "succeeded")), ~sa.exists(has.where(PaymentStep.step == step)))
        return list(self.session.scalars(query.order_by(Payment.completed_at)))

    def succeeded_without_invoice(self, workstation_id: str) -> list[uuid.UUID]:
        """This desk's succeeded payments that have no invoice yet (its issue step failed or was cut off)."""
        invoiced = sa.select(Invoice.id).where(Invoice.payment_id == Payment.id, Invoice.kind == "invoice")
        query = sa.select(Payment.id).where(Payment.workstation_id == workstation_id, Payment.status == "succeeded",
                                            ~sa.exists(invoiced))
        return list(self.session.scalars(query.order_by(Payment.completed_at, Payment.id)))

    def invoice_number(self, payment_id: uuid.UUID) -> str | None:
        return read_columns(self.session, _INVOICE_NUMBER, {"payment_id": payment_id}).scalar()

    # --- the journal --------------------------------------------------------------------------
    def journal(self, payment_id: uuid.UUID, step: str, *, at: datetime, detail: dict[str, Any] | None = None) -> None:
        # Inserted as plain values on the session's connection, in its transaction: as an ORM object
        # the flush's bookkeeping cost more than the row (a payment journals a step at each of its
        # steps). Its outbox entry goes out with the transaction (session.fact_written).
        connection = self.session.connection()  # begins the transaction the counts below are held for
        new = self.session.new
        if any(isinstance(o, Payment) and o.id == payment_id for o in new):
            self.session.flush()  # the step's row refers to the payment's: on disk first, as the flush orders them
        written = self._written_steps()
        last = self._last_steps().get(payment_id)
        if last is None:
            last = written.get(payment_id)
        pending = [s.sequence for s in new  # a step added to the session as an object (fixtures)
                   if isinstance(s, PaymentStep) and s.payment_id == payment_id and s.sequence is not None]
        if pending:
            last = max([*pending, *([last] if last is not None else [])])
        if last is None:
            # Not flushed first: this transaction's steps are counted above.
            last = connection.execute(_LAST_STEP, {"payment_id": payment_id}).scalar() or 0
        step_id = uuid.uuid4()
        connection.execute(_INSERT_STEP, {"id": step_id, "payment_id": payment_id, "at": at, "step": step,
                                          "detail": detail or {}, "sequence": last + 1})
        fact_written(self.session, PaymentStep.__tablename__, step_id)
        written[payment_id] = last + 1
        if payment_id in self._locked():
            self._last_steps()[payment_id] = last + 1
            journal = self._journals().get(payment_id)
            if journal is not None:  # as steps() would read it back: the JSON column's round trip
                journal.append(JournalEntry(str(step), at.astimezone(UTC), json.loads(json.dumps(detail or {}))))

    def steps(self, payment_id: uuid.UUID) -> list[JournalEntry]:
        known = self._journals().get(payment_id) if payment_id in self._locked() else None
        if known is not None and not any(isinstance(o, PaymentStep) for o in self.session.new):
            # Its whole journal is known in this transaction (read under the lock or added here, with
            # every step journalled since): not read a second time.
            return [JournalEntry(e.step, e.at, dict(e.detail)) for e in known]
        # Columns, not ORM objects: the journal is only read here, never changed.
        rows = read_columns(self.session, _STEPS, {"payment_id": payment_id}).all()
        entries = [JournalEntry(r.step, r.at, dict(r.detail or {})) for r in rows]
        if payment_id in self._locked():
            # Read under the lock: the last one is the last there is until the commit (see _last_steps).
            # Flushed first (the query autoflushed), so the steps this transaction added are among them.
            self._last_steps()[payment_id] = rows[-1].sequence if rows else 0
            self._journals()[payment_id] = [JournalEntry(e.step, e.at, dict(e.detail)) for e in entries]
        return entries


_LOCKED = "payments_locked"


# The statements every step of a payment runs, built once with parameters: building a statement
# costs more than running it on an indexed key.
@functools.cache
def _enrollment_query(lock: bool) -> sa.Select[Any]:
    # Columns, not ORM objects: the payment reads these on every step and changes none of them.
    query = (
        sa.select(Enrollment.student_id, Enrollment.status, Enrollment.enrolled_at, Enrollment.price_cents,
                  Enrollment.tax_cents, Enrollment.total_cents, Enrollment.tax_province, Enrollment.tax_components,
                  Student.preferred_name, Student.first_name, Student.last_name, Student.student_number,
                  Student.email, Student.preferred_language, Course.code, Course.name)
        .select_from(Enrollment)
        .join(Section, Enrollment.section_id == Section.id)
        .join(Course, Section.course_id == Course.id)
        .join(Student, Enrollment.student_id == Student.id)
        .where(Enrollment.id == sa.bindparam("enrollment_id"))
    )
    return query.with_for_update(of=Enrollment.__table__) if lock else query


@functools.cache
def _payment_query(lock: bool) -> sa.Select[Any]:
    query = sa.select(Payment).where(Payment.id == sa.bindparam("payment_id"))
    return query.with_for_update() if lock else query


def _balance_query() -> sa.Select[Any]:
    # One parameter in a list, not an expanding one: the statement is sent as it was compiled.
    ledger = ledger_query([sa.bindparam("enrollment_id")]).subquery("ledger")
    enrollment_id, paid, refunded, _in_flight = ledger.c
    return (sa.select(Enrollment.total_cents, paid.label("paid"), refunded.label("refunded"))
            .select_from(Enrollment).outerjoin(ledger, enrollment_id == Enrollment.id)
            .where(Enrollment.id == sa.bindparam("enrollment_id")))


_BALANCE = _balance_query()
_PAYMENT_MAPPER = sa.inspect(Payment)
_PAYMENT_COLUMNS = sa.select(*Payment.__table__.c).where(Payment.id == sa.bindparam("payment_id"))
_INVOICE_NUMBER = (sa.select(Invoice.number)
                   .where(Invoice.payment_id == sa.bindparam("payment_id"), Invoice.kind == "invoice")
                   .order_by(Invoice.issued_at).limit(1))
_LAST_STEP = sa.select(sa.func.max(PaymentStep.sequence)).where(PaymentStep.payment_id == sa.bindparam("payment_id"))
_INSERT_STEP = sa.insert(PaymentStep.__table__)
_STEPS = (sa.select(PaymentStep.step, PaymentStep.at, PaymentStep.detail, PaymentStep.sequence)
          .where(PaymentStep.payment_id == sa.bindparam("payment_id")).order_by(PaymentStep.sequence))


def _record(p: Any) -> PaymentRecord:
    """A payments row (its ORM object, or its columns read as a row) as the service sees it."""
    return PaymentRecord(
        id=p.id, enrollment_id=p.enrollment_id, workstation_id=p.workstation_id, staff_id=p.staff_id,
        amount_cents=p.amount_cents, tax_cents=p.tax_cents, tax_components=tuple(p.tax_components or ()),
        status=p.status, method=p.method, idempotency_key=p.idempotency_key, created_at=p.created_at,
        otp_challenge_id=p.otp_challenge_id, reader_id=p.reader_id, payment_intent_id=p.stripe_payment_intent_id,
        checkout_session_id=p.stripe_checkout_session_id, checkout_url=p.checkout_url,
        checkout_expires_at=p.checkout_expires_at, charge_id=p.stripe_charge_id,
        payment_method_type=p.payment_method_type, card_brand=p.card_brand, card_last4=p.card_last4,
        failure_code=p.failure_code, failure_message=p.failure_message, completed_at=p.completed_at,
    )

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
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from oncopos.adapters.db.ledger import enrollment_ledger, ledger_query, parts_of
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, PaymentStep
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.session import new_version, read_columns, row_written, synced_columns
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
        # Inserted as plain values on the session's connection, with the columns and the outbox entry
        # the flush hook gives a new synced row: as an ORM object its flush cost more than the row,
        # and every later change of it is written the same way (`update`).
        row = dict.fromkeys(_PAYMENT_TABLE.c.keys())
        row.update(id=payment_id, enrollment_id=enrollment_id, workstation_id=workstation_id, staff_id=staff_id,
                   amount_cents=amount_cents, tax_cents=tax_cents, tax_components=tax_components, status=status,
                   idempotency_key=idempotency_key, currency="cad", **synced_columns(self.session))
        self.session.connection().execute(_INSERT_PAYMENT, row)
        row_written(self.session, Payment.__tablename__, payment_id)
        # A row this transaction inserted is as good as locked by it: nobody else sees it before the commit.
        self._locked()[payment_id] = SimpleNamespace(**row)
        # Nor has it a journal or parts but what this transaction writes: none to read back.
        self._last_steps()[payment_id] = 0
        self._journals()[payment_id] = []
        if not parts:
            self._without_parts().add(payment_id)  # made for one enrollment: parts() has none to read
        for part in parts:
            self.session.add(PaymentAllocation(
                id=uuid.uuid4(), payment_id=payment_id, enrollment_id=part.enrollment_id, position=part.position,
                amount_cents=part.amount_cents, tax_cents=part.tax_cents, tax_components=list(part.tax_components)))
        if parts:
            self.session.flush()

    def parts(self, payment_id: uuid.UUID) -> tuple[PaymentPart, ...]:
        """The enrollments a payment for several paid, in invoice order; () for a payment for one."""
        if payment_id in self._without_parts():
            return ()  # added in this transaction for one enrollment, or its row read in it said it has none
        if self.session.autoflush:
            self.session.flush()
        return parts_of(self.session.connection(), payment_id)

    def get(self, payment_id: uuid.UUID, *, lock: bool = False) -> PaymentRecord:
        held = self._locked().get(payment_id)
        if held is not None:
            # Locked earlier in this transaction (a step checks the row its caller locked): the lock
            # holds until the commit and the row held is kept as this transaction writes it, so no
            # second SELECT.
            return _record(held)
        # No flush first: a payment is on disk once added, and every change this transaction makes to
        # one is written at once (`write`); one changed as an object (fixtures) is the session's.
        if not lock:
            present = self.session.identity_map.get(_PAYMENT_MAPPER.identity_key_from_primary_key((payment_id,)))
            if present is not None:
                return _record(present)
            # Columns, not an ORM object: a read that changes nothing needs no object in the session (the
            # window polls a waiting payment four times a second), and loading one cost more than the read.
            row = self.session.connection().execute(_PAYMENT_COLUMNS, {"payment_id": payment_id}).first()
            if row is None:
                raise NotFound(msg("payment.not_on_desk"))
            if not row.has_parts:
                self._without_parts().add(payment_id)  # asked with the row: parts() has none to read
            return _record(row)
        # Columns under the lock, not an ORM object: the row is held here until the commit and every
        # change to it is written by `update`, so the object's load and its flush were work for nothing.
        present = self.session.identity_map.get(_PAYMENT_MAPPER.identity_key_from_primary_key((payment_id,)))
        if present is not None and sa.inspect(present).modified:
            self.session.flush()  # changed as an object in this transaction (fixtures): on disk first
        row = self.session.connection().execute(_PAYMENT_LOCKED, {"payment_id": payment_id}).first()
        if row is None:
            raise NotFound(msg("payment.not_on_desk"))
        columns = dict(row._mapping)
        if not columns.pop("has_parts"):
            self._without_parts().add(payment_id)
        # The last step of its journal, asked with the row: nobody else adds one before the commit,
        # so the steps this transaction journals need no SELECT of their own (see _last_steps).
        self._last_steps()[payment_id] = columns.pop("last_step") or 0
        held = SimpleNamespace(**columns)
        self._locked()[payment_id] = held
        return _record(held)

    def _locked(self) -> dict[uuid.UUID, Any]:
        """The payments this transaction holds locked (forgotten when the transaction ends).

        Held here as columns, not as objects in the session: the rows are written by `write`, on
        the connection, and kept here as written, so no step of the transaction reads one again.
        """
        return self._held()[0]

    def _last_steps(self) -> dict[uuid.UUID, int]:
        """The last journal sequence of each payment this transaction holds locked, once known here.

        Known from the payment's row read under the lock (which asks for it), from the journal read
        under the lock or from the step this transaction last added:
        nobody else adds a step to a locked payment, so the next step needs no SELECT of its own.
        """
        return self._held()[1]

    def _journals(self) -> dict[uuid.UUID, list[JournalEntry]]:
        """The whole journal of each payment this transaction holds locked, once known here: read under
        the lock, or added by this transaction, with the steps it journalled since (nobody else adds any)."""
        return self._held()[3]

    def _without_parts(self) -> set[uuid.UUID]:
        """The payments of this transaction known to have no parts: added in it for one enrollment,
        or read in it (the row's read asks); nothing but the transaction that adds a payment adds parts."""
        return self._held()[4]

    def _written_steps(self) -> dict[uuid.UUID, int]:
        """The last journal sequence this transaction wrote for each payment, locked or not (as the
        steps it added were counted among the session's new objects when they were ORM objects)."""
        return self._held()[2]

    def _held(self) -> tuple[dict[uuid.UUID, Any], dict[uuid.UUID, int], dict[uuid.UUID, int],
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
        if payment_id not in self._locked():
            self.get(payment_id, lock=True)  # the status moves lock it first; any other change does too
        return _record(self._write(payment_id, **changes))  # the journal step that always follows goes with it

    def _write(self, payment_id: uuid.UUID, **changes: Any) -> Any:
        """Change the columns of a payment this transaction holds locked: one UPDATE on the connection,
        with what the flush hook did for the row as an ORM object (a new version, its updated_at and
        the outbox entry of that version), for the columns whose value changes; the row held, after.

        Also the invoice's tax part (`write_locked`, for InvoiceRepository.set_payment_tax), which
        `update` refuses.
        """
        held = self._locked()[payment_id]
        changed = {name: value for name, value in changes.items() if getattr(held, name) != value}
        if not changed:
            return held  # as the flush, which writes no version for a value set to what it was
        changed.update(new_version(self.session, held.version))
        self.session.connection().execute(_UPDATE_PAYMENT, {"payment_id": payment_id, **changed})
        row_written(self.session, Payment.__tablename__, payment_id, changed["version"])
        for name, value in changed.items():
            setattr(held, name, value)
        present = self.session.identity_map.get(_PAYMENT_MAPPER.identity_key_from_primary_key((payment_id,)))
        if present is not None:  # an object loaded before (another repository's read): as the row is now
            for name, value in changed.items():
                set_committed_value(present, name, value)
        return held

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
        # steps). Its outbox entry goes out with the transaction (session.row_written).
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
        row_written(self.session, PaymentStep.__tablename__, step_id)
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


# For the other repositories of the session (the invoice's), not part of the payments' port.
def locked_row(session: Session, payment_id: uuid.UUID) -> Any | None:
    """The columns of the payment the session's transaction holds locked (as it wrote them), or None."""
    return PaymentRepository(session)._locked().get(payment_id)


def write_locked(session: Session, payment_id: uuid.UUID, **changes: Any) -> None:
    """Change columns of a payment the session's transaction holds locked, as `update` does."""
    PaymentRepository(session)._write(payment_id, **changes)


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


def _balance_query() -> sa.Select[Any]:
    # One parameter in a list, not an expanding one: the statement is sent as it was compiled.
    ledger = ledger_query([sa.bindparam("enrollment_id")]).subquery("ledger")
    enrollment_id, paid, refunded, _in_flight = ledger.c
    return (sa.select(Enrollment.total_cents, paid.label("paid"), refunded.label("refunded"))
            .select_from(Enrollment).outerjoin(ledger, enrollment_id == Enrollment.id)
            .where(Enrollment.id == sa.bindparam("enrollment_id")))


_BALANCE = _balance_query()
_PAYMENT_MAPPER = sa.inspect(Payment)
_PAYMENT_TABLE = Payment.__table__
# Whether the payment has parts (was made for several enrollments) and, under its lock, the last
# sequence of its journal, in the statement that reads its row: each was a SELECT of its own in
# every transaction of a payment, for a figure the row's read can carry.
_HAS_PARTS = sa.exists().where(PaymentAllocation.payment_id == _PAYMENT_TABLE.c.id).label("has_parts")
_LAST_STEP_OF_ROW = (sa.select(sa.func.max(PaymentStep.sequence)).where(PaymentStep.payment_id == _PAYMENT_TABLE.c.id)
                     .scalar_subquery().label("last_step"))
_PAYMENT_COLUMNS = (sa.select(*_PAYMENT_TABLE.c, _HAS_PARTS)
                    .where(_PAYMENT_TABLE.c.id == sa.bindparam("payment_id")))
_PAYMENT_LOCKED = (sa.select(*_PAYMENT_TABLE.c, _HAS_PARTS, _LAST_STEP_OF_ROW)
                   .where(_PAYMENT_TABLE.c.id == sa.bindparam("payment_id")).with_for_update(of=_PAYMENT_TABLE))
_INSERT_PAYMENT = sa.insert(_PAYMENT_TABLE)
# The columns set are the parameters' other keys (one compiled statement per set of columns).
_UPDATE_PAYMENT = sa.update(_PAYMENT_TABLE).where(_PAYMENT_TABLE.c.id == sa.bindparam("payment_id"))
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

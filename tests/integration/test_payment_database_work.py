"""What a reader payment costs the database, counted: transactions (each one takes SQLite's write
lock), commits, statements and outbox inserts, from the quote to "Paid". Counts, not times: they
do not move with the machine's load, so a step that starts reading a row twice, a read that gets a
transaction of its own again or outbox entries written one by one fail here at once.

The outbox still carries every change: each journal step, audit event and version of the payment.
The real payment service on SQLite and PostgreSQL, the simulator over HTTP through the real SDK.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.payments import Payment, PaymentStep
from oncopos.adapters.db.models.sync import OutboxEntry
from tests.payment_support import REGISTRAR

# A reader payment to "Paid": quote; the code made (before its email); the code sent with the
# payment's code_sent; the code used with the payment confirmed; charge requested; the PaymentIntent's
# id with the first attempt sent to the reader; success; invoice. Each is committed before the next
# call to the outside world (the mail server, the central database, Stripe), and nothing between two
# such calls takes two commits.
MAX_COMMITS = 8
# Those, plus the reads that cannot join them: the payment read before the charge (the central
# database is asked between) and before Stripe is polled. The payment read before its code is sent
# or checked is the code's own transaction; what the window shows is read in the step's.
MAX_TRANSACTIONS = 10
# The window's balance is one statement (it was the enrollment's joined row, then its ledger) at each
# of five steps; each journal step and audit event is an INSERT of its own, where the ORM's flush put
# two steps of one commit in one statement. The invoice's number is taken in one statement (the
# counter's INSERT runs only at the first use of a series). A journal known whole in a transaction
# (read under the lock, or the payment's own, added in it) is not read again, nor the parts of a payment
# it added for one enrollment. The invoice's transaction asks once whether the payment has an invoice
# (under its lock): the invoice service is told so rather than looking again, and the window's view is
# given the number just issued. The payment's row is inserted with its outbox entry held for the
# commit's one outbox INSERT (it was flushed with one of its own), and the statement that reads it
# asks whether it has parts and, under its lock, its journal's last step: neither is a SELECT of
# its own in each transaction any more.
MAX_STATEMENTS = 91  # 89 on SQLite (10 of them BEGIN IMMEDIATE), 79 on PostgreSQL
# One outbox INSERT per commit (and per flush before it), whatever the number of entries it carries.
MAX_OUTBOX_INSERTS = 8


class Work:
    def __init__(self) -> None:
        self.events: Counter[str] = Counter()

    def begin(self, _conn: Any) -> None:
        self.events["transactions"] += 1

    def commit(self, _conn: Any) -> None:
        self.events["commits"] += 1

    def statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.events["statements"] += 1
        if statement.lstrip().upper().startswith("INSERT INTO SYNC_OUTBOX"):
            self.events["outbox inserts"] += 1


@contextmanager
def counting(engine: Engine) -> Iterator[Counter[str]]:
    work = Work()
    hooks = (("begin", work.begin), ("commit", work.commit), ("before_cursor_execute", work.statement))
    for name, fn in hooks:
        sa.event.listen(engine, name, fn)
    try:
        yield work.events
    finally:
        for name, fn in hooks:
            sa.event.remove(engine, name, fn)


def paid(desk: Any, enrollment_id: Any) -> Any:
    view = desk.service.start(REGISTRAR, enrollment_id, 11_300)
    desk.code_clock.offset += timedelta(minutes=1)  # past the per-student send throttle
    desk.service.send_code(REGISTRAR, view.id)
    desk.service.confirm_code(REGISTRAR, view.id, desk.mailer.last_code())
    desk.service.charge_on_reader(REGISTRAR, view.id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    done = desk.service.poll(REGISTRAR, view.id, receipt_later=True)
    assert done.succeeded and done.invoice_number
    return view.id


def test_a_reader_payment_commits_each_step_once_and_reads_nothing_twice(desk, engine):
    paid(desk, desk.enrollment(price_cents=10_000))  # the first payment of a desk also fills its caches
    enrollment = desk.enrollment(price_cents=10_000, email="second@example.ca")

    with counting(engine) as work:
        paid(desk, enrollment)

    assert work["commits"] <= MAX_COMMITS, work
    assert work["transactions"] <= MAX_TRANSACTIONS, work
    assert work["statements"] <= MAX_STATEMENTS, work
    assert 0 < work["outbox inserts"] <= MAX_OUTBOX_INSERTS, work


def test_a_poll_while_the_reader_waits_is_one_read_and_writes_nothing(desk, engine):
    payment_id = desk.confirmed(desk.enrollment(price_cents=10_000), 11_300)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)

    with counting(engine) as work:  # the window asks four times a second until the card is presented
        waiting = desk.service.poll(REGISTRAR, payment_id, receipt_later=True, read_reader=False)

    assert waiting.waiting_for_card
    assert work["transactions"] == 1 and work["commits"] == 0, work
    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    assert desk.service.poll(REGISTRAR, payment_id, receipt_later=True, read_reader=False).succeeded


def test_the_outbox_still_carries_every_change_of_the_payment(desk):
    payment_id = paid(desk, desk.enrollment(price_cents=10_000))

    with desk.factory() as session:
        pending = {(e.table_name, e.row_id, e.row_version) for e in session.scalars(sa.select(OutboxEntry))}
        steps = session.scalars(sa.select(PaymentStep.id).where(PaymentStep.payment_id == payment_id)).all()
        events = session.scalars(sa.select(AuditEvent.id).where(AuditEvent.subject_id == str(payment_id))).all()
        version = session.scalar(sa.select(Payment.version).where(Payment.id == payment_id))

    assert len(steps) >= 6 and len(events) >= 5
    assert {("payment_steps", s, 1) for s in steps} <= pending
    assert {("audit_events", e, 1) for e in events} <= pending
    assert version is not None and version > 1
    assert {("payments", payment_id, v) for v in range(1, version + 1)} <= pending  # every version, in order


def test_journal_steps_and_audit_events_written_as_plain_rows_travel_with_their_transaction(desk):
    """Steps and events go to the connection as plain rows, their outbox entries with the commit: a
    transaction rolled back leaves neither, and one whose commit has nothing else to flush keeps both."""
    from oncopos.adapters.db.uow import SqlUnitOfWork
    from oncopos.services.payments.records import Step

    payment_id = desk.confirmed(desk.enrollment(price_cents=10_000), 11_300)
    uow = SqlUnitOfWork(desk.factory)

    def entries() -> set[tuple[str, Any]]:
        with desk.factory() as session:
            return {(e.table_name, e.row_id) for e in session.scalars(sa.select(OutboxEntry))}

    def write_two_of_each(uow: SqlUnitOfWork) -> list[Any]:
        now = desk.code_clock()
        uow.payments.journal(payment_id, Step.RETRIED, at=now, detail={"n": 1})
        uow.payments.journal(payment_id, Step.RETRIED, at=now, detail={"n": 2})
        return [uow.audit.record(REGISTRAR, "payment.retried", at=now, subject_type="payment",
                                 subject_id=payment_id, details={"n": n}) for n in (1, 2)]

    before = entries()
    with uow:
        write_two_of_each(uow)
        uow.rollback()
    assert entries() == before
    with uow:
        events = write_two_of_each(uow)
        uow.commit()  # nothing in the session to flush: the entries are written at the commit

    with desk.factory() as session:
        steps = session.execute(sa.select(PaymentStep.id, PaymentStep.sequence, PaymentStep.detail)
                                .where(PaymentStep.payment_id == payment_id).order_by(PaymentStep.sequence)).all()
        chain = session.execute(sa.select(AuditEvent.id, AuditEvent.sequence, AuditEvent.prev_hash, AuditEvent.hash)
                                .where(AuditEvent.workstation_id == REGISTRAR.workstation_id)
                                .order_by(AuditEvent.sequence)).all()
    assert [s.detail for s in steps[-2:]] == [{"n": 1}, {"n": 2}]
    assert [s.sequence for s in steps] == list(range(1, len(steps) + 1))  # the rolled-back ones left no gap
    assert [e.id for e in chain[-2:]] == events and chain[-1].prev_hash == chain[-2].hash
    assert [e.sequence for e in chain] == list(range(1, len(chain) + 1))
    added = entries() - before
    assert added == {("payment_steps", s.id) for s in steps[-2:]} | {("audit_events", e) for e in events}


def test_a_payment_written_as_plain_values_keeps_what_the_flush_hook_gave_its_row(desk):
    """The payment's row is inserted and changed on the connection under its lock, not flushed as an
    ORM object: each change still takes the next version, the time of the change as updated_at and
    that version's outbox entry in its transaction; a value set to what it was writes no version, a
    transaction rolled back leaves neither, and an object of the row the session loaded before sees it."""
    from oncopos.adapters.db.session import utc_now
    from oncopos.adapters.db.uow import SqlUnitOfWork
    from oncopos.services.payments import status
    from oncopos.services.payments.records import CODE_SENT, CONFIRMED, PROCESSING, Step

    enrollment_id = desk.enrollment(price_cents=10_000)
    before_quote = utc_now()
    payment_id = desk.service.start(REGISTRAR, enrollment_id, 11_300).id
    after_quote = utc_now()
    uow = SqlUnitOfWork(desk.factory)

    def row() -> Any:
        with desk.factory() as session:
            return session.execute(sa.select(Payment.version, Payment.updated_at, Payment.created_at,
                                             Payment.origin_workstation, Payment.status, Payment.reader_id)
                                   .where(Payment.id == payment_id)).one()

    def versions() -> list[int]:
        with desk.factory() as session:
            return sorted(session.scalars(sa.select(OutboxEntry.row_version).where(
                OutboxEntry.table_name == "payments", OutboxEntry.row_id == payment_id)))

    quoted = row()
    assert quoted.version == 1 and quoted.created_at == quoted.updated_at
    assert before_quote <= quoted.created_at <= after_quote
    assert quoted.origin_workstation == REGISTRAR.workstation_id and versions() == [1]

    with uow:
        status.move(uow, payment_id, CODE_SENT, at=utc_now(), doing="send a code")
        uow.rollback()
    assert row() == quoted and versions() == [1]

    with uow:
        loaded = uow.payments.session.get(Payment, payment_id)  # as another repository's read would
        status.move(uow, payment_id, CODE_SENT, at=utc_now(), doing="send a code")
        status.move(uow, payment_id, CONFIRMED, at=utc_now(), doing="check a code")
        status.record_step(uow, payment_id, Step.BALANCE_CHECKED, at=utc_now(), reader_id=None)
        assert loaded is not None and (loaded.status, loaded.version) == (CONFIRMED, 3)
        assert not uow.payments.session.dirty  # nothing left for the flush to write again
        uow.commit()
    before_charge = utc_now()
    with uow:
        status.move(uow, payment_id, PROCESSING, at=utc_now(), method="reader", reader_id="tmr_1")
        uow.commit()

    changed = row()
    assert (changed.version, changed.status, changed.reader_id) == (4, PROCESSING, "tmr_1")
    assert before_charge <= changed.updated_at <= utc_now() and changed.created_at == quoted.created_at
    assert versions() == [1, 2, 3, 4]  # the step that set reader_id to what it was took no version

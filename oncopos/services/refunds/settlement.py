"""Settling refunds left in flight, and finding refunds made in the Stripe Dashboard.

Pending refunds of this desk are read back from Stripe by id: the Stripe refund id when it was
stored, otherwise the refund found through the local id it carries in its metadata. A refund
Stripe never received is closed as failed (nothing went back); nothing is ever refunded here.

The sweep reads Stripe's refund events since a cursor kept in `sync_state` (with a little overlap:
Stripe's `created` is whole seconds) and, for each of this desk's payments they touch, lists the
payment's refunds: one without OncoPOS metadata was made elsewhere and is recorded with source
"dashboard", waiting for a manager's credit note.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any, Protocol

from oncopos.domain.access import Actor
from oncopos.domain.errors import InfrastructureError, first_line
from oncopos.domain.gateway import GatewayEvent, PaymentGateway
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.in_flight import settle_each
from oncopos.services.ports import Clock, UnitOfWorkFactory
from oncopos.services.refunds import status
from oncopos.services.refunds.ports import FoundRefund, RefundLookup
from oncopos.services.refunds.recording import RefundRecorder
from oncopos.services.refunds.records import (
    DASHBOARD,
    READER,
    REASON_BY_CODE,
    SUCCEEDED,
    RefundRecord,
    SettlementReport,
    Step,
)

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

CURSOR_KEY = "stripe_refund_events_cursor"
EVENT_TYPES = ("refund.created", "refund.updated", "charge.refunded")
#: Stripe keeps events 30 days: a desk that never swept starts there.
FIRST_SWEEP = timedelta(days=30)
OVERLAP = timedelta(minutes=5)


class FollowReader(Protocol):
    """`RefundService`'s rule for a refund waiting on the reader: settle it from the reader's action
    and, with `abandon`, stop it first."""

    def __call__(self, actor: Actor, record: RefundRecord, *, abandon: bool, code: str, source: str) -> None: ...


@open_to_all("the settlement behind RefundService.settle_refunds, which is guarded")
class RefundSettlement:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, lookup: RefundLookup, clock: Clock,
                 recorder: RefundRecorder, follow_reader: FollowReader, workstation_id: str) -> None:
        self._recorder = recorder
        self._follow_reader = follow_reader
        self._uow = uow_factory
        self._gateway = gateway
        self._lookup = lookup
        self._clock = clock
        self._workstation = workstation_id

    def run(self, actor: Actor, *, abandon: bool, sweep: bool) -> SettlementReport:
        with self._uow() as uow:
            pending = uow.refunds.pending(self._workstation)
        done = settle_each(pending, lambda record: self._settle(actor, record, abandon=abandon), noun="refund",
                           doing="settlement", left="left pending")
        lines, problems = done.lines, done.problems
        with self._uow() as uow:
            succeeded = uow.refunds.succeeded_app_refunds(self._workstation)
        for refund_id in succeeded:
            try:
                if self._recorder.queue_email(refund_id):
                    lines.append(f"refund {refund_id}: credit note emailed (it was not before the restart)")
            except Exception as err:  # an email never holds back the next refund or the sweep
                problems.append(f"refund {refund_id}: its credit note email could not be queued ({first_line(err)}); "
                                "the refund itself is recorded. Run oncopos reconcile again after fixing the cause.")
                payment_log.exception("refund %s: credit note email could not be queued", refund_id)
        found: list[uuid.UUID] = []
        events_unreachable = False
        if sweep:
            try:
                found = self.sweep(actor)
            except InfrastructureError as err:
                events_unreachable = True
                lines.append(f"Stripe's events could not be read ({err}); Dashboard refunds are looked for next time.")
            except Exception as err:
                problems.append(f"the search for Stripe Dashboard refunds failed ({type(err).__name__}: {first_line(err)}); "
                                "it runs again with the next `oncopos reconcile`.")
                payment_log.exception("the Dashboard refund sweep failed")
            for refund_id in found:
                lines.append(f"refund {refund_id}: made in the Stripe Dashboard; a manager issues its credit note")
        report = SettlementReport(tuple(done.succeeded), tuple(done.ended), tuple(done.still_open),
                                  tuple(done.unreachable), tuple(found), tuple(lines), tuple(problems),
                                  events_unreachable)
        payment_log.info("refund settlement: %d pending, %d settled, %d failed, %d open, %d unreachable, "
                         "%d Dashboard refunds found", len(pending), len(report.settled), len(report.failed),
                         len(report.still_open), len(report.unreachable), len(found))
        return report

    def _settle(self, actor: Actor, record: RefundRecord, *, abandon: bool) -> RefundRecord:
        if record.stripe_refund_id:
            return self._recorder.settle(actor, record.id, self._gateway.get_refund(record.stripe_refund_id),
                                         source="reconcile")
        with self._uow() as uow:
            payment_intent = uow.refunds.payment(record.payment_id).payment_intent_id or ""
        state = self._lookup.find(payment_intent, record.id)
        if state is not None:
            payment_log.info("payment %s: refund %s found again at Stripe as %s", record.payment_id, record.id, state.id)
            self._recorder.journal(actor, record, Step.RECOVERED, {"stripe_refund": state.id}, audit="refund.recovered")
            return self._recorder.settle(actor, record.id, state, source="reconcile")
        if record.method == READER and record.reader_id:
            self._follow_reader(actor, record, abandon=abandon, code="abandoned", source="reconcile")
        elif abandon:
            self._recorder.failed(actor, record.id, code="not_created", source="reconcile",
                                  message="The desk stopped before Stripe received the refund. Nothing was refunded; "
                                          "refund again if the money is still owed.")
        with self._uow() as uow:
            return uow.refunds.get(record.id)

    # --- the Dashboard sweep ------------------------------------------------------------------
    def sweep(self, actor: Actor) -> list[uuid.UUID]:
        """Record refunds made outside the app for this desk's payments; returns the new refund ids."""
        with self._uow() as uow:
            cursor = uow.refunds.cursor(CURSOR_KEY)
        since = cursor - OVERLAP if cursor else self._clock() - FIRST_SWEEP
        events = self._gateway.events_since(since, EVENT_TYPES)
        intents: list[str] = []
        for event in events:
            intent = _payment_intent_of(event)
            if intent and intent not in intents:
                intents.append(intent)
        recorded: list[uuid.UUID] = []
        for intent in intents:
            with self._uow() as uow:
                owner = uow.refunds.payment_of_intent(intent)
            # Each desk records the refunds of its own payments, so two desks never record the same one.
            if owner is None or owner[1] != self._workstation:
                continue
            for found in self._lookup.refunds_of(intent):
                refund_id = self._consider(actor, owner[0], found)
                if refund_id is not None:
                    recorded.append(refund_id)
        latest = max((e.created for e in events), default=None)
        if latest is not None and (cursor is None or latest > cursor):
            with self._uow() as uow:
                uow.refunds.set_cursor(CURSOR_KEY, latest)
                uow.commit()
        return recorded

    def _consider(self, actor: Actor, payment_id: uuid.UUID, found: FoundRefund) -> uuid.UUID | None:
        state = found.state
        with self._uow() as uow:
            known = uow.refunds.by_stripe_id(state.id)
            own = uow.refunds.find(found.local_id) if found.local_id and known is None else None
        if known is not None:
            return None
        if own is not None:
            # The app's own refund whose answer never reached the database: settle it, do not add it.
            self._recorder.settle(actor, own.id, state, source="sweep")
            return None
        if found.local_id is not None or state.status != SUCCEEDED:
            # Another desk's refund (its row arrives by sync) or one still pending at Stripe (its
            # refund.updated event brings it back when it succeeds).
            return None
        return self._record_dashboard(actor, payment_id, state)

    def _record_dashboard(self, actor: Actor, payment_id: uuid.UUID, state: Any) -> uuid.UUID:
        refund_id = uuid.uuid4()
        reason = state.reason if state.reason in REASON_BY_CODE else "other"
        with self._uow() as uow:
            uow.refunds.payment(payment_id, lock=True)
            now = self._clock()
            uow.refunds.add(id=refund_id, payment_id=payment_id, workstation_id=self._workstation, staff_id=None,
                            amount_cents=state.amount_cents, tax_cents=0, reason=reason,
                            reason_text="Refunded in the Stripe Dashboard", status=SUCCEEDED, source=DASHBOARD,
                            # Unique: the same Stripe refund can never be recorded twice.
                            idempotency_key=f"stripe-{state.id}", stripe_refund_id=state.id, completed_at=now)
            detail = {"refund": str(refund_id), "stripe_refund": state.id, "amount_cents": state.amount_cents}
            status.record_step(uow, refund_id, Step.DASHBOARD_FOUND, at=now, detail=detail)
            uow.audit.record(actor, "refund.dashboard_found", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(payment_id), **detail})
            uow.commit()
        payment_log.info("payment %s: refund %s (%s cents) made in the Stripe Dashboard recorded as %s", payment_id,
                         state.id, state.amount_cents, refund_id)
        return refund_id


def _payment_intent_of(event: GatewayEvent) -> str | None:
    obj = event.data.get("object")
    if not isinstance(obj, dict):
        return None
    value = obj.get("payment_intent")
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None

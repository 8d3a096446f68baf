"""Taking cash, a cheque or an Interac e-Transfer at the desk, alone or as parts of a split payment.

A tender by hand is a payment row like a card payment: quoted with its share of the tax (the same
rules as services/payments/quote.py), confirmed by the student's one-time code when the desk's
settings ask it for that tender, then recorded as succeeded in one transaction with its details,
its journal and its audit event. Its invoice is the next, retried step (the card payments'
Recorder), so a tender's success is never rolled back by a numbering problem.

Bad input is refused before anything is written: every check runs first, then one transaction
writes all of it (all the parts of a split, or none).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.allocation import PartRequest, check_requests, legs_of
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError, error_message
from oncopos.domain.messages import Joined, msg
from oncopos.domain.payment import HAND_TENDER_LIFECYCLE
from oncopos.domain.tender import (
    BY_HAND,
    DEFAULT_NEEDING_CODE,
    CashTender,
    ChequeTender,
    EtransferTender,
    HandTender,
    SplitPart,
    Tender,
    check_split,
    tender_name,
    tender_of,
)
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.payments import quote as quoting
from oncopos.services.payments import several, status
from oncopos.services.payments.recording import Recorder
from oncopos.services.payments.records import CONFIRMED, SUCCEEDED, PaymentRecord, Step
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from oncopos.services.tenders.records import SplitReceipt, TenderReceipt

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)


@dataclass(frozen=True)
class TenderRules:
    limits: PaymentLimits
    workstation_id: str
    tz: ZoneInfo
    #: Tenders that need the student's one-time code before they are recorded (a setting per tender).
    needing_code: frozenset[Tender] = DEFAULT_NEEDING_CODE
    locale: str = "en-CA"


def tender_key(payment_id: uuid.UUID) -> str:
    """The payment's unique key (payments.idempotency_key); no Stripe call is ever made with it."""
    return f"oncopos-tender-{payment_id}"


class TenderService:
    def __init__(self, uow_factory: UnitOfWorkFactory, rules: TenderRules, *, clock: Clock, recorder: Recorder,
                 collection_check: Callable[[uuid.UUID, int], None] | None = None) -> None:
        self._uow = uow_factory
        self._rules = rules
        self._clock = clock
        self._recorder = recorder
        # The provincial limit before a plan's contract is signed (PlanService.check_collection).
        self._collection_check = collection_check or (lambda _enrollment, _cents: None)

    @property
    def rules(self) -> TenderRules:
        return self._rules

    @open_to_all("reads a setting: whether a tender asks for the one-time code")
    def needs_code(self, tender: Tender | str) -> bool:
        return Tender(tender) in self._rules.needing_code

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        return self._clock().astimezone(self._rules.tz).date()

    # --- one tender --------------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def take(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int, details: HandTender) -> TenderReceipt:
        """Quote and record a tender that needs no code, in one go (cash at the counter)."""
        tender = tender_of(details)
        if self.needs_code(tender):
            raise UserFacingError(msg("tender.code_send_first", tender=tender_name(tender)))
        details = self._checked(details, amount_cents)
        self._collection_check(enrollment_id, amount_cents)
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            self._quote(uow, actor, payment_id, enrollment_id, amount_cents)
            drawer = self._drawer_for(uow, tender)
            self._succeed(uow, actor, payment_id, details, split_id=None, drawer_id=drawer)
            uow.commit()
        return self._after(actor, payment_id, details)

    @requires(Permission.TAKE_PAYMENT)
    def take_several(self, actor: Actor, parts: Sequence[PartRequest], details: HandTender) -> TenderReceipt:
        """One tender for several enrollments of a student (a program and its kit), in one go.

        One payment row with a line per enrollment (`payment_allocations`), each line checked and
        taxed against its own enrollment as the card path does (services/payments/several.py), so
        its one invoice has a line per enrollment and a refund goes back on the line it names.
        """
        check_requests(parts)
        if len(parts) == 1:
            return self.take(actor, parts[0].enrollment_id, parts[0].amount_cents, details)
        tender = tender_of(details)
        if self.needs_code(tender):
            raise UserFacingError(msg("tender.code_send_first", tender=tender_name(tender)))
        details = self._checked(details, sum(p.amount_cents for p in parts))
        several.check_collection(self._collection_check, parts)
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            quoted = several.quote_parts(uow, parts, self._rules.limits, lock=True)
            several.record_quote(uow, actor, payment_id, quoted, workstation_id=self._rules.workstation_id,
                                 key=tender_key(payment_id), clock=self._clock, lifecycle=HAND_TENDER_LIFECYCLE,
                                 extra={"split_id": None})
            drawer = self._drawer_for(uow, tender)
            self._succeed(uow, actor, payment_id, details, split_id=None, drawer_id=drawer)
            uow.commit()
        payment_log.info("payment %s: one %s tender for %d enrollments", payment_id, tender.value, len(parts))
        return self._after(actor, payment_id, details)

    @requires(Permission.TAKE_PAYMENT)
    def record(self, actor: Actor, payment_id: uuid.UUID, details: HandTender) -> TenderReceipt:
        """Record a tender on a payment quoted by the payment flow (after its code, when the tender needs one)."""
        tender = tender_of(details)
        with self._uow() as uow:
            record = uow.payments.get(payment_id)
        # The hand tenders' table decides (a paid, cancelled or charging payment takes no tender);
        # the write checks it again on the locked row.
        HAND_TENDER_LIFECYCLE.move(record.status, SUCCEEDED, doing="have a tender recorded")
        if self.needs_code(tender) and record.status != CONFIRMED:
            raise UserFacingError(msg("tender.code_confirm_first", tender=tender_name(tender)))
        details = self._checked(details, record.amount_cents)
        with self._uow() as uow:
            uow.payments.get(payment_id, lock=True)
            drawer = self._drawer_for(uow, tender)
            self._succeed(uow, actor, payment_id, details, split_id=None, drawer_id=drawer)
            uow.commit()
        return self._after(actor, payment_id, details)

    # --- a payment split across tenders ------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def check_split(self, actor: Actor, enrollment_id: uuid.UUID, total_cents: int, parts: list[SplitPart]) -> None:
        """Every check of `record_split`, before any card part is charged; nothing is written."""
        check_split(total_cents, parts, self._rules.locale)
        for part in parts:
            if part.details is not None:
                self._checked(part.details, part.amount_cents)
        self._collection_check(enrollment_id, total_cents)
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(enrollment_id)
            quoting.check_amount(total_cents, enrollment, self._rules.limits)
            self._references_free(uow, parts)
            self._split_code_rule(parts)
            if any(p.tender is Tender.CASH for p in parts):
                self._drawer_for(uow, Tender.CASH)

    @requires(Permission.TAKE_PAYMENT)
    def record_split(self, actor: Actor, enrollment_id: uuid.UUID, total_cents: int, parts: list[SplitPart], *,
                     card_payment_id: uuid.UUID | None = None) -> SplitReceipt:
        """Record the parts taken by hand of one payment split across tenders, all or none.

        A card part (reader or hosted page) is charged first through the payment flow; its succeeded
        payment is `card_payment_id`, and the parts by hand follow it. With no card part, every
        part is by hand and `card_payment_id` is None.
        """
        check_split(total_cents, parts, self._rules.locale)
        by_card = [p for p in parts if p.tender not in BY_HAND]
        hand = [(p, self._checked(p.details, p.amount_cents)) for p in parts if p.details is not None]
        self._split_code_rule(parts)
        # A card part already paid counts as collected; the parts by hand come on top of it.
        self._collection_check(enrollment_id, sum(p.amount_cents for p, _ in hand))
        with self._uow() as uow:
            if by_card:
                if card_payment_id is None:
                    raise InvalidInput(msg("tender.card_first"),
                                       field="parts")
                card = uow.payments.get(card_payment_id, lock=True)
                if (card.status != SUCCEEDED or card.enrollment_id != enrollment_id
                        or card.amount_cents != by_card[0].amount_cents):
                    raise InvalidInput(msg("tender.card_not_paid"), field="parts")
                if uow.tenders.split_parts(card_payment_id):
                    # A second Record for the same paid card (a double click, a window reopened):
                    # the cheque or cash it names is already in the books.
                    raise InvalidInput(msg("tender.split_already_recorded"), field="parts")
            elif card_payment_id is not None:
                raise InvalidInput(msg("tender.no_card_part"), field="parts")
            enrollment = uow.payments.enrollment(enrollment_id, lock=True)
            quoting.check_amount(sum(p.amount_cents for p, _ in hand), enrollment, self._rules.limits)
            self._references_free(uow, parts)
            split_id = card_payment_id or uuid.uuid4()
            drawer = self._drawer_for(uow, Tender.CASH) if any(p.tender is Tender.CASH for p, _ in hand) else None
            ids = []
            for part, details in hand:
                payment_id = uuid.uuid4()
                self._quote(uow, actor, payment_id, enrollment_id, part.amount_cents, split_id=split_id)
                self._succeed(uow, actor, payment_id, details, split_id=split_id,
                              drawer_id=drawer if part.tender is Tender.CASH else None)
                ids.append((payment_id, details))
            uow.audit.record(actor, "payment.split_recorded", at=self._clock(), subject_type="enrollment",
                             subject_id=enrollment_id,
                             details={"split_id": str(split_id), "total_cents": total_cents,
                                      "parts": [{"tender": p.tender.value, "amount_cents": p.amount_cents}
                                                for p in parts],
                                      "card_payment_id": str(card_payment_id) if card_payment_id else None})
            uow.commit()
        payment_log.info("split %s: %d parts by hand recorded for enrollment %s (%s cents in all)", split_id,
                         len(ids), enrollment_id, total_cents)
        hand_receipts = [self._after(actor, pid, details) for pid, details in ids]
        card_receipt = self._card_leg(card_payment_id) if card_payment_id is not None else None
        return SplitReceipt(split_id, running_balances([*([card_receipt] if card_receipt else []), *hand_receipts]))

    # --- a payment for several enrollments split across tenders -------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def check_split_several(self, actor: Actor, lines: Sequence[PartRequest],
                            parts: list[SplitPart]) -> tuple[tuple[PartRequest, ...], ...]:
        """Every check of `record_split_several`, before any card part is charged; nothing is written.

        Returns each part's own lines (`domain.allocation.legs_of`, in the order of `parts`): the
        card part is charged as a payment for several enrollments with exactly its lines.
        """
        check_requests(lines)
        total = sum(line.amount_cents for line in lines)
        check_split(total, parts, self._rules.locale)
        for part in parts:
            if part.details is not None:
                self._checked(part.details, part.amount_cents)
        several.check_collection(self._collection_check, lines)
        legs = legs_of(lines, [p.amount_cents for p in parts])
        with self._uow() as uow:
            several.quote_parts(uow, lines, self._rules.limits)  # each line within its own balance
            for leg in legs:  # and each part's share of a line, as it will be quoted
                self._quote_leg_check(uow, leg)
            self._references_free(uow, parts)
            self._split_code_rule(parts)
            if any(p.tender is Tender.CASH for p in parts):
                self._drawer_for(uow, Tender.CASH)
        return legs

    @requires(Permission.TAKE_PAYMENT)
    def record_split_several(self, actor: Actor, lines: Sequence[PartRequest], parts: list[SplitPart], *,
                             card_payment_id: uuid.UUID | None = None) -> SplitReceipt:
        """Record the parts taken by hand of a payment for several enrollments split across tenders.

        Each part is a payment with its own lines (`legs_of`), each line taxed against its own
        enrollment after the parts before it, so each part's invoice has a line per enrollment and
        a refund of a part goes back on the line it names. A card part is charged first through the
        payment flow with its lines (`check_split_several`); its succeeded payment is
        `card_payment_id`. The parts by hand are written all or none.
        """
        check_requests(lines)
        if len(lines) == 1:
            return self.record_split(actor, lines[0].enrollment_id, lines[0].amount_cents, parts,
                                     card_payment_id=card_payment_id)
        total = sum(line.amount_cents for line in lines)
        check_split(total, parts, self._rules.locale)
        legs = legs_of(lines, [p.amount_cents for p in parts])
        hand = [(p, self._checked(p.details, p.amount_cents), leg)
                for p, leg in zip(parts, legs, strict=True) if p.details is not None]
        card_lines = [leg for p, leg in zip(parts, legs, strict=True) if p.tender not in BY_HAND]
        self._split_code_rule(parts)
        # A card part already paid counts as collected; the parts by hand come on top of it.
        several.check_collection(self._collection_check, [line for _p, _d, leg in hand for line in leg])
        with self._uow() as uow:
            if card_lines:
                if card_payment_id is None:
                    raise InvalidInput(msg("tender.card_first"), field="parts")
                card = uow.payments.get(card_payment_id, lock=True)
                paid = {(p.enrollment_id, p.amount_cents) for p in uow.payments.parts(card_payment_id)} or {
                    (card.enrollment_id, card.amount_cents)}
                if card.status != SUCCEEDED or paid != {(x.enrollment_id, x.amount_cents) for x in card_lines[0]}:
                    raise InvalidInput(msg("tender.card_not_paid"), field="parts")
                if uow.tenders.split_parts(card_payment_id):  # a second Record for the same paid card
                    raise InvalidInput(msg("tender.split_already_recorded"), field="parts")
            elif card_payment_id is not None:
                raise InvalidInput(msg("tender.no_card_part"), field="parts")
            self._references_free(uow, parts)
            split_id = card_payment_id or uuid.uuid4()
            drawer = self._drawer_for(uow, Tender.CASH) if any(p.tender is Tender.CASH for p, _d, _l in hand) else None
            ids = []
            for part, details, leg in hand:
                payment_id = uuid.uuid4()
                self._quote_leg(uow, actor, payment_id, leg, split_id)
                self._succeed(uow, actor, payment_id, details, split_id=split_id,
                              drawer_id=drawer if part.tender is Tender.CASH else None)
                ids.append((payment_id, details))
            uow.audit.record(actor, "payment.split_recorded", at=self._clock(), subject_type="enrollment",
                             subject_id=lines[0].enrollment_id,
                             details={"split_id": str(split_id), "total_cents": total,
                                      "parts": [{"tender": p.tender.value, "amount_cents": p.amount_cents,
                                                 "lines": [{"enrollment_id": str(x.enrollment_id),
                                                            "amount_cents": x.amount_cents} for x in leg]}
                                                for p, leg in zip(parts, legs, strict=True)],
                                      "card_payment_id": str(card_payment_id) if card_payment_id else None})
            uow.commit()
        payment_log.info("split %s: %d parts by hand recorded for %d enrollments (%s cents in all)", split_id,
                         len(ids), len(lines), total)
        hand_receipts = [self._after(actor, pid, details) for pid, details in ids]
        card_receipt = self._card_leg(card_payment_id) if card_payment_id is not None else None
        legs_taken = [*([card_receipt] if card_receipt else []), *hand_receipts]
        with self._uow() as uow:  # what the enrollments still owe together (a part may not pay each of them)
            owing = sum(uow.payments.enrollment(line.enrollment_id).balance_cents for line in lines)
        legs_taken[-1] = replace(legs_taken[-1], balance_after_cents=owing)
        return SplitReceipt(split_id, running_balances(legs_taken))

    def _quote_leg_check(self, uow: UnitOfWork, leg: Sequence[PartRequest]) -> None:
        """A part's lines checked as its quote will check them (nothing written)."""
        if len(leg) > 1:
            several.quote_parts(uow, leg, self._rules.limits)
        else:
            quoting.check_amount(leg[0].amount_cents, uow.payments.enrollment(leg[0].enrollment_id), self._rules.limits)

    def _quote_leg(self, uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, leg: Sequence[PartRequest],
                   split_id: uuid.UUID) -> None:
        """A part of a split for several enrollments quoted with its lines (one line: an ordinary payment)."""
        if len(leg) == 1:
            self._quote(uow, actor, payment_id, leg[0].enrollment_id, leg[0].amount_cents, split_id=split_id)
            return
        quoted = several.quote_parts(uow, leg, self._rules.limits, lock=True)
        several.record_quote(uow, actor, payment_id, quoted, workstation_id=self._rules.workstation_id,
                             key=tender_key(payment_id), clock=self._clock, lifecycle=HAND_TENDER_LIFECYCLE,
                             extra={"split_id": str(split_id)})

    def _card_leg(self, payment_id: uuid.UUID) -> TenderReceipt:
        """The split's card leg as the receipt lists it beside the parts by hand: its way, amount, invoice."""
        with self._uow() as uow:
            card: PaymentRecord = uow.payments.get(payment_id)
            invoice = uow.invoices.find_for_payment(payment_id)
            balance = several.balance_owing(uow, card)
        return TenderReceipt(payment_id, card.method or Tender.READER.value, card.amount_cents,
                             invoice.number if invoice else None, balance, card.amount_cents)

    # --- steps -------------------------------------------------------------------------------
    def _checked(self, details: HandTender | None, amount_cents: int) -> HandTender:
        if isinstance(details, CashTender):
            details.check(amount_cents, self._rules.locale)
            return details
        if isinstance(details, ChequeTender):
            cheque = details.normalised()
            cheque.check(self.today())
            return cheque
        if isinstance(details, EtransferTender):
            transfer = details.normalised()
            transfer.check()
            return transfer
        raise InvalidInput(msg("tender.choose"),
                           field="tender")

    def _split_code_rule(self, parts: list[SplitPart]) -> None:
        """In a split the card part's code confirms the student; parts by hand that need their own do not fit."""
        if any(p.tender not in BY_HAND for p in parts):
            return
        needing = sorted({p.tender.value for p in parts if self.needs_code(p.tender)})
        if needing:
            raise UserFacingError(msg("tender.code_split", needing=Joined(tuple(tender_name(Tender(t)) for t in needing), ', ')))

    @staticmethod
    def _references_free(uow: UnitOfWork, parts: list[SplitPart]) -> None:
        seen: set[str] = set()
        for part in parts:
            if isinstance(part.details, EtransferTender):
                reference = part.details.normalised().reference
                if reference in seen or uow.tenders.reference_used(reference):
                    raise InvalidInput(msg("tender.etransfer_used", reference=reference), field="etransfer_reference")
                seen.add(reference)

    def _drawer_for(self, uow: UnitOfWork, tender: Tender) -> uuid.UUID | None:
        if tender is not Tender.CASH:
            return None
        drawer = uow.till.open_session(self._rules.workstation_id)
        if drawer is None:
            raise UserFacingError(msg("tender.drawer_closed_cash"))
        return drawer.id

    def _quote(self, uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, enrollment_id: uuid.UUID, amount_cents: int,
               *, split_id: uuid.UUID | None = None) -> None:
        """The payment row with its share of the tax, as the payment flow quotes one (status quoted)."""
        quoting.record_quote(uow, actor, payment_id, uow.payments.enrollment(enrollment_id, lock=True), amount_cents,
                             self._rules.limits, workstation_id=self._rules.workstation_id, key=tender_key(payment_id),
                             clock=self._clock, lifecycle=HAND_TENDER_LIFECYCLE,
                             extra={"split_id": str(split_id) if split_id else None})

    def _succeed(self, uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, details: HandTender, *,
                 split_id: uuid.UUID | None, drawer_id: uuid.UUID | None) -> None:
        """Re-check the balance with the enrollment locked, then write the tender and the success."""
        record = uow.payments.get(payment_id)
        try:  # each enrollment's own line, for a payment made for several
            several.check_again(uow, record, self._rules.limits)
        except InvalidAmount as refused:
            raise InvalidAmount(msg("tender.nothing_recorded_because", refused=error_message(refused))) from None
        tender = tender_of(details)
        fields: dict[str, Any] = {"payment_id": payment_id, "tender": tender.value, "split_id": split_id,
                                  "drawer_session_id": drawer_id}
        facts: dict[str, Any] = {"tender": tender.value}
        if isinstance(details, CashTender):
            due = details.due_cents(record.amount_cents)
            fields |= {"tendered_cents": details.tendered_cents, "change_cents": details.change_cents(record.amount_cents),
                       "rounding_cents": due - record.amount_cents}
            facts |= {"tendered_cents": details.tendered_cents, "change_cents": fields["change_cents"],
                      "rounding_cents": fields["rounding_cents"], "drawer_session_id": str(drawer_id)}
        elif isinstance(details, ChequeTender):
            fields |= {"cheque_number": details.number, "cheque_bank": details.bank, "cheque_date": details.dated}
            facts |= {"cheque_number": details.number, "cheque_bank": details.bank,
                      "cheque_date": details.dated.isoformat() if details.dated else None}
        else:
            fields |= {"etransfer_reference": details.reference, "etransfer_sender": details.sender}
            facts |= {"etransfer_reference": details.reference, "etransfer_sender": details.sender}
        uow.tenders.add_detail(**fields)
        now = self._clock()
        hand = HAND_TENDER_LIFECYCLE
        status.record_step(uow, payment_id, Step.BALANCE_CHECKED, at=now, lifecycle=hand,
                           detail={"central": False, "balance_cents": several.balance_owing(uow, record)})
        status.record_step(uow, payment_id, Step.TENDER_RECORDED, at=now, detail=facts, lifecycle=hand)
        status.move(uow, payment_id, SUCCEEDED, at=now, detail={"source": "desk", "tender": tender.value},
                    doing="have a tender recorded", lifecycle=hand, method=tender.value,
                    payment_method_type=tender.value, completed_at=now)
        uow.audit.record(actor, "payment.succeeded", at=now, subject_type="payment", subject_id=payment_id,
                         details={"amount_cents": record.amount_cents, "source": "desk",
                                  "split_id": str(split_id) if split_id else None, **facts})

    def _after(self, actor: Actor, payment_id: uuid.UUID, details: HandTender) -> TenderReceipt:
        """The invoice (its own retried step) and the emails, then what the window shows."""
        payment_log.info("payment %s: %s recorded by %s", payment_id, tender_of(details).value, actor.username)
        number = self._recorder.issue_invoice(actor, payment_id, source="desk")
        self._recorder.queue_emails(payment_id, staff_name=actor.username)
        with self._uow() as uow:
            record = uow.payments.get(payment_id)
            balance = several.balance_owing(uow, record)
        if isinstance(details, CashTender):
            due = details.due_cents(record.amount_cents)
            return TenderReceipt(payment_id, Tender.CASH.value, record.amount_cents, number, balance, due,
                                 details.tendered_cents - due)
        return TenderReceipt(payment_id, tender_of(details).value, record.amount_cents, number, balance,
                             record.amount_cents)


def running_balances(legs: Sequence[TenderReceipt]) -> tuple[TenderReceipt, ...]:
    """Each leg of a split with the balance right after it, in the order taken (the card first).

    Every leg was read after the last one was written, so each holds the final balance; the one
    after an earlier leg is that plus what the later legs paid. Cash rounding never touches a
    balance (the payment is the amount owed; the nickel goes to its own account)."""
    if not legs:
        return ()
    final = legs[-1].balance_after_cents
    later = 0
    out: list[TenderReceipt] = []
    for leg in reversed(legs):
        out.append(replace(leg, balance_after_cents=final + later))
        later += leg.amount_cents
    return tuple(reversed(out))

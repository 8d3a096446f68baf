"""Matching a business day's local records with what Stripe holds: pure rules over plain values.

Local payments are matched to their PaymentIntent (by id, with our payment id in its metadata)
and to the charge's balance transaction (fee and net); refunds to the refund's balance
transaction. Whatever does not match becomes a `Mismatch` whose message says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from oncopos.domain.end_of_day import CHANNELS, STRIPE_CHANNELS, PaymentRow, RefundRow
from oncopos.domain.gateway import BalanceTxn, PaymentIntentState
from oncopos.domain.messages import Message, Money, msg, status_name

MISSING_IN_STRIPE = "missing_in_stripe"
MISSING_LOCALLY = "missing_locally"
AMOUNT_DIFFERS = "amount_differs"
UNCAPTURED = "uncaptured"
METADATA_DIFFERS = "metadata_differs"
KIND_LABELS = {
    MISSING_IN_STRIPE: "Recorded here, not in Stripe", MISSING_LOCALLY: "In Stripe, not recorded here",
    AMOUNT_DIFFERS: "Amounts differ", UNCAPTURED: "Not captured", METADATA_DIFFERS: "Belongs to another payment",
}


@dataclass(frozen=True)
class Mismatch:
    kind: str
    message: Message  # what was found and what to do, in the reader's language
    local_id: str | None = None
    stripe_id: str | None = None
    local_cents: int | None = None
    stripe_cents: int | None = None


@dataclass(frozen=True)
class FeeLine:
    channel: str
    count: int
    gross_cents: int
    fee_cents: int
    net_cents: int


@dataclass(frozen=True)
class DayMatch:
    day: date
    checked_at: datetime
    matched_payments: int
    matched_refunds: int
    fees: tuple[FeeLine, ...]  # payments and refunds together, per method
    mismatches: tuple[Mismatch, ...]

    @property
    def balanced(self) -> bool:
        return not self.mismatches

    @property
    def fee_cents(self) -> int:
        return sum(f.fee_cents for f in self.fees)

    @property
    def net_cents(self) -> int:
        return sum(f.net_cents for f in self.fees)


@dataclass(frozen=True)
class StripeSide:
    """What was read from Stripe for the day (and a margin around it)."""

    transactions: Sequence[BalanceTxn]
    intents: Mapping[str, PaymentIntentState | None]  # PaymentIntent id -> state (None: Stripe does not know it)
    refund_intents: Mapping[str, str]  # refund id -> PaymentIntent id, from refund events
    window: tuple[datetime, datetime]  # Stripe-only records are reported when created inside it


def match(day: date, checked_at: datetime, payments: Sequence[PaymentRow], refunds: Sequence[RefundRow],
          open_intents: Sequence[tuple[str, str, int, str]], stripe: StripeSide,
          known_elsewhere: Mapping[str, str]) -> DayMatch:
    """`known_elsewhere`: Stripe ids recorded locally on another day (not a mismatch), -> local id."""
    # Cash, cheques and e-Transfers never reach Stripe: the drawer and the bank account settle them.
    payments = [p for p in payments if p.channel in STRIPE_CHANNELS]
    refunds = [r for r in refunds if r.channel in STRIPE_CHANNELS]
    by_source = {t.source_id: t for t in stripe.transactions if t.source_id}
    used: set[str] = set()
    mismatches: list[Mismatch] = []
    fees: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in CHANNELS}
    matched_payments = matched_refunds = 0

    for p in payments:
        pi = stripe.intents.get(p.payment_intent_id or "") if p.payment_intent_id else None
        charge = p.charge_id or (pi.charge_id if pi else None)
        if pi is not None and pi.metadata.get("oncopos_payment_id") not in (None, p.payment_id):
            mismatches.append(Mismatch(METADATA_DIFFERS, msg(
                "match.other_payment", payment=p.invoice_number or p.payment_id, intent=pi.id,
                other=str(pi.metadata.get("oncopos_payment_id"))), p.payment_id, pi.id, p.amount_cents,
                pi.amount_received_cents))
        txn = by_source.get(charge or "")
        if txn is None:
            state: Message | str = pi.status if pi is not None else msg("match.unknown_to_stripe")
            mismatches.append(Mismatch(MISSING_IN_STRIPE, msg(
                "match.payment_not_in_stripe", payment=p.invoice_number or p.payment_id, amount=Money(p.amount_cents),
                intent=p.payment_intent_id or msg("match.none"), state=state),
                p.payment_id, p.payment_intent_id, p.amount_cents, None))
            continue
        used.add(txn.source_id or "")
        matched_payments += 1
        if txn.amount_cents != p.amount_cents:
            mismatches.append(Mismatch(AMOUNT_DIFFERS, msg(
                "match.payment_amount", payment=p.invoice_number or p.payment_id, recorded=Money(p.amount_cents),
                collected=Money(txn.amount_cents), charge=str(txn.source_id)),
                p.payment_id, txn.source_id, p.amount_cents, txn.amount_cents))
        _add(fees[p.channel], txn, 1)

    for r in refunds:
        txn = by_source.get(r.stripe_refund_id or "")
        if txn is None:
            mismatches.append(Mismatch(MISSING_IN_STRIPE, msg(
                "match.refund_not_in_stripe", refund=r.credit_note_number or r.refund_id, amount=Money(r.amount_cents),
                stripe_refund=r.stripe_refund_id or msg("match.no_stripe_id")),
                r.refund_id, r.stripe_refund_id, r.amount_cents, None))
            continue
        used.add(txn.source_id or "")
        matched_refunds += 1
        if -txn.amount_cents != r.amount_cents:
            mismatches.append(Mismatch(AMOUNT_DIFFERS, msg(
                "match.refund_amount", refund=r.credit_note_number or r.refund_id, recorded=Money(r.amount_cents),
                refunded=Money(-txn.amount_cents)), r.refund_id, txn.source_id, r.amount_cents, -txn.amount_cents))
        _add(fees[r.channel], txn, 0)

    for payment_id, intent_id, amount, status in open_intents:
        pi = stripe.intents.get(intent_id)
        if pi is not None and pi.status == "requires_capture":
            mismatches.append(Mismatch(UNCAPTURED, msg("match.uncaptured", intent=intent_id, amount=Money(pi.amount_cents)),
                                       payment_id, intent_id, amount, pi.amount_cents))
        elif pi is not None and pi.succeeded:
            used.add(pi.charge_id or "")
            mismatches.append(Mismatch(MISSING_LOCALLY, msg(
                "match.collected_not_recorded", amount=Money(pi.amount_received_cents), intent=intent_id,
                status=status_name("payment", status)), payment_id, intent_id, amount, pi.amount_received_cents))

    start, end = stripe.window
    for t in stripe.transactions:
        if t.source_id in used or not (start <= t.created < end) or t.type not in ("charge", "payment", "refund"):
            continue
        if t.source_id in known_elsewhere:
            continue  # recorded on a neighbouring business day: that day's reconciliation matches it
        if t.type == "refund":
            intent = stripe.refund_intents.get(t.source_id or "")
            text = msg("match.dashboard_refund", refund=str(t.source_id), amount=Money(-t.amount_cents),
                       intent=intent or msg("match.unknown_intent"))
        else:
            text = msg("match.charge_not_recorded", amount=Money(t.amount_cents), charge=str(t.source_id))
        mismatches.append(Mismatch(MISSING_LOCALLY, text, None, t.source_id, None, t.amount_cents))

    lines = tuple(FeeLine(c, v[0], v[1], v[2], v[3]) for c, v in fees.items() if any(v))
    return DayMatch(day, checked_at, matched_payments, matched_refunds, lines, tuple(mismatches))


def _add(acc: list[int], txn: BalanceTxn, count: int) -> None:
    acc[0] += count
    acc[1] += txn.amount_cents
    acc[2] += txn.fee_cents
    acc[3] += txn.net_cents

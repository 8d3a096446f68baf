"""Stripe payouts matched to the desk's payments and refunds: pure rules over plain values.

A payout is what Stripe sent to the bank; `balance_transactions.list({payout})` says what it holds
(charges less their fees, refunds, and whatever Stripe moved on its own: adjustments for disputes,
fees billed outside a payment, reserves). Each charge is matched to our payment by its charge id,
each refund to our refund by its refund id, to the cent. What is left over is listed with its
Stripe type, never folded into a total; what does not match says what to do. Separately, a
payment of ours whose funds became available (`available_on`) but that no payout holds is
flagged: money Stripe has and the bank has not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal, Protocol

from oncopos.domain.gateway import BalanceTxn
from oncopos.domain.messages import Day, Message, Money, msg

# What a line of a payout is, once matched.
MATCHED = "matched"  # a charge or refund of ours, to the cent
AMOUNT_DIFFERS = "amount_differs"  # ours, at another amount
NOT_RECORDED = "not_recorded"  # a charge or refund no desk recorded
OTHER = "other"  # money Stripe moved on its own (adjustment, stripe_fee, reserve...): listed with its type
PAYOUT = "payout"  # the payout's own transaction, taking the amount out of the balance
PROBLEMS = (AMOUNT_DIFFERS, NOT_RECORDED)
MONEY_TYPES = ("charge", "payment", "refund", "payment_refund")


@dataclass(frozen=True)
class PayoutInfo:
    id: str
    amount_cents: int
    created: datetime
    arrival_date: datetime  # the day Stripe expects it in the bank
    status: str  # paid, pending, in_transit, canceled, failed
    automatic: bool
    balance_transaction_id: str | None = None

    @property
    def bank_day(self) -> date:
        """Stripe gives `arrival_date` as a day, at 00:00 UTC: read it in UTC, not in the business time zone."""
        return self.arrival_date.astimezone(UTC).date()


@dataclass(frozen=True)
class LocalMoney:
    """A payment or a refund recorded at a desk, with the Stripe id it matches on."""

    kind: Literal["payment", "refund"]
    id: str
    document: str | None  # the invoice or credit note number
    amount_cents: int  # positive for both
    completed_at: datetime | None
    stripe_id: str | None  # the charge (ch_) of a payment, the refund (re_) of a refund
    channel: str

    @property
    def label(self) -> str:
        return self.document or self.id


class PayoutSource(Protocol):
    """What payout matching reads from Stripe (`oncopos.adapters.stripe.payouts.StripePayouts`)."""

    def payouts(self, created_from: datetime) -> list[PayoutInfo]: ...

    def payout_transactions(self, payout_id: str) -> list[BalanceTxn]: ...

    def balance_transactions(self, created_from: datetime, created_to: datetime) -> list[BalanceTxn]: ...


@dataclass(frozen=True)
class PayoutLine:
    txn: BalanceTxn
    status: str
    local: LocalMoney | None = None
    message: Message | None = None


@dataclass(frozen=True)
class PayoutStatement:
    payout: PayoutInfo
    lines: tuple[PayoutLine, ...]

    def _sum(self, attr: str, *types: str) -> int:
        return sum(getattr(line.txn, attr) for line in self.lines if line.txn.type in types)

    @property
    def charges_cents(self) -> int:
        return self._sum("amount_cents", "charge", "payment")

    @property
    def refunds_cents(self) -> int:
        """Positive: what refunds took out."""
        return -self._sum("amount_cents", "refund", "payment_refund")

    @property
    def fees_cents(self) -> int:
        """Stripe's fees on the payments (a `stripe_fee` transaction is an `other` line)."""
        return sum(line.txn.fee_cents for line in self.lines if line.status != PAYOUT)

    @property
    def other_cents(self) -> int:
        return sum(line.txn.net_cents for line in self.lines if line.status == OTHER)

    @property
    def net_cents(self) -> int:
        """What the lines add up to; equals the payout's amount when Stripe's statement is whole."""
        return sum(line.txn.net_cents for line in self.lines if line.status != PAYOUT)

    @property
    def problems(self) -> tuple[Message, ...]:
        found = [line.message for line in self.lines if line.status in PROBLEMS and line.message]
        if self.net_cents != self.payout.amount_cents:
            found.append(msg("payout.total_differs", payout=self.payout.id, total=Money(self.net_cents),
                             amount=Money(self.payout.amount_cents)))
        return tuple(found)

    @property
    def balanced(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Unpaid:
    """A payment or refund of ours that is in no payout although its funds became available."""

    local: LocalMoney
    available_on: datetime | None  # None: Stripe has no balance transaction for it at all
    message: Message


@dataclass(frozen=True)
class PayoutReview:
    start: date
    end: date
    checked_at: datetime
    statements: tuple[PayoutStatement, ...]  # payouts arriving in [start, end], oldest first
    unpaid: tuple[Unpaid, ...]
    not_yet_available: int  # ours whose funds Stripe has not released yet (not a problem)

    @property
    def balanced(self) -> bool:
        return not self.unpaid and all(s.balanced for s in self.statements)

    @property
    def paid_out_cents(self) -> int:
        return sum(s.payout.amount_cents for s in self.statements)


def match_payout(payout: PayoutInfo, txns: Iterable[BalanceTxn], local: Mapping[str, LocalMoney]) -> PayoutStatement:
    """Each transaction of `payout` against our records (`local`: Stripe charge or refund id -> record)."""
    lines = [_line(txn, local.get(txn.source_id or "")) for txn in sorted(txns, key=lambda t: (t.created, t.id))]
    return PayoutStatement(payout, tuple(lines))


def _line(txn: BalanceTxn, ours: LocalMoney | None) -> PayoutLine:
    if txn.type == "payout":
        return PayoutLine(txn, PAYOUT)
    if txn.type not in MONEY_TYPES:
        return PayoutLine(txn, OTHER, None, msg("payout.line.other", type=txn.type, id=txn.id,
                                                amount=Money(txn.net_cents)))
    refund = txn.type in ("refund", "payment_refund")
    stripe_cents = -txn.amount_cents if refund else txn.amount_cents
    if ours is None or ours.kind != ("refund" if refund else "payment"):
        key = "payout.line.refund_not_recorded" if refund else "payout.line.charge_not_recorded"
        return PayoutLine(txn, NOT_RECORDED, None, msg(key, source=txn.source_id or txn.id, amount=Money(stripe_cents)))
    if ours.amount_cents != stripe_cents:
        return PayoutLine(txn, AMOUNT_DIFFERS, ours, msg(
            "payout.line.amount_differs", document=ours.label, recorded=Money(ours.amount_cents),
            stripe=Money(stripe_cents), source=txn.source_id or txn.id))
    return PayoutLine(txn, MATCHED, ours)


def find_unpaid(ours: Sequence[LocalMoney], by_source: Mapping[str, BalanceTxn], paid_out: set[str],
                now: datetime) -> tuple[list[Unpaid], int]:
    """(ours missing from every payout after `available_on`, how many are not available yet).

    `by_source`: Stripe's balance transactions by charge or refund id; `paid_out`: the ids of
    every balance transaction some payout holds.
    """
    unpaid: list[Unpaid] = []
    waiting = 0
    for money in ours:
        txn = by_source.get(money.stripe_id or "")
        if txn is None:
            unpaid.append(Unpaid(money, None, msg("payout.no_transaction", document=money.label,
                                                  amount=Money(money.amount_cents),
                                                  source=money.stripe_id or "—")))
        elif txn.id in paid_out:
            continue
        elif txn.available_on is None or txn.available_on > now:
            waiting += 1
        else:
            unpaid.append(Unpaid(money, txn.available_on, msg(
                "payout.unpaid", document=money.label, amount=Money(money.amount_cents), source=txn.source_id or txn.id,
                day=Day(txn.available_on.date()))))
    return unpaid, waiting

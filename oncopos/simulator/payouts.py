"""Funds becoming available and automatic payouts, driven by the simulator's clock.

Stripe's rules followed (docs/SIMULATOR.md): a balance transaction is `pending` until its
`available_on`, then `available`; on a daily automatic schedule Stripe pays out, each day, what
became available, as one payout whose own balance transaction (type `payout`) takes the amount
out of the balance; a payout is `in_transit` until its `arrival_date` (the next business day),
then `paid`. Everything here is computed from the clock and the transactions alone, never from
when someone happened to read, so `advance_clock` gives the same payouts every run.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from . import objects
from .store import State

log = logging.getLogger(__name__)

# What a payout sweeps from the balance; a payout's own transaction is the sweep, not swept.
SWEPT_TYPES = ("charge", "refund", "adjustment", "stripe_fee")


def next_business_day(moment: int) -> int:
    """00:00 UTC of the first weekday after `moment` (weekends delay a bank transfer)."""
    day = (moment // objects.DAY + 1) * objects.DAY
    while datetime.fromtimestamp(day, UTC).weekday() >= 5:
        day += objects.DAY
    return day


def settle(state: State) -> None:
    """Bring balances and payouts up to the simulator's clock (an `on_read` hook)."""
    now = state.now()
    for txn in state.all("balance_transaction"):
        if txn["status"] == "pending" and txn["available_on"] <= now:
            txn["status"] = "available"
    if state.payout_schedule == "daily":
        _pay_out_available(state, now)
    for po in state.all("payout"):
        if po["status"] == "in_transit" and po["arrival_date"] <= now:
            po["status"] = "paid"
            state.emit("payout.paid", po, {"status": "in_transit"})


def _pay_out_available(state: State, now: int) -> None:
    waiting = [t for t in reversed(state.all("balance_transaction"))
               if t["type"] in SWEPT_TYPES and "_payout" not in t and t["available_on"] <= now]
    carried: list[dict[str, Any]] = []
    for day in sorted({t["available_on"] for t in waiting}):
        carried += [t for t in waiting if t["available_on"] == day]
        total = sum(t["net"] for t in carried)
        if total <= 0:
            continue  # nothing to send: Stripe carries a negative or empty balance to the next day
        _payout(state, day, total, carried)
        carried = []


def _payout(state: State, day: int, amount: int, swept: list[dict[str, Any]]) -> None:
    po_id, txn_id = state.new_id("po"), state.new_id("txn")
    txn = objects.balance_transaction(txn_id, day, -amount, 0, po_id, "payout", "STRIPE PAYOUT", available=day)
    txn["status"] = "available"
    po = objects.payout(po_id, day, amount, next_business_day(day), txn_id)
    for t in swept:
        t["_payout"] = po_id
    txn["_payout"] = po_id
    state.put(txn)
    state.put(po)
    state.emit("payout.created", po)
    state.emit("payout.reconciliation_completed", po)
    log.info("simulated payout %s of %d cents (%d transactions)", po_id, amount, len(swept))


def add_balance_transaction(state: State, txn_type: str, amount: int, description: str) -> dict[str, Any]:
    """Money Stripe moves on its own: an `adjustment` (a dispute, a correction) or a `stripe_fee`
    billed outside a payment (a reader fee), so tests can see what the matching leaves over."""
    if txn_type not in ("adjustment", "stripe_fee"):
        raise ValueError(f"only adjustment and stripe_fee transactions can be added, not {txn_type}")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise ValueError("amount must be a non-zero whole number of cents")
    with state.lock:
        now = state.now()
        txn = objects.balance_transaction(state.new_id("txn"), now, amount, 0, "", txn_type, description)
        state.put(txn)
        return state.render(txn)

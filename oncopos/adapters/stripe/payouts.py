"""`StripePayouts`: the payouts and what each holds, read with the real SDK (`client.v1` only).

Stripe's reconciliation guide (https://docs.stripe.com/payouts/reconciliation): list the payouts,
then `balance_transactions.list({payout: po_...})` for each, which returns what that automatic
payout paid out (its own `payout` transaction included). Reads only; the list client's time-outs.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from stripe.params import BalanceTransactionListParams, PayoutListParams

from oncopos.domain.gateway import BalanceTxn, CallKind
from oncopos.domain.payouts import PayoutInfo

from . import convert
from .errors import translated
from .gateway import StripeGateway

log = logging.getLogger(__name__)


def payout_info(po: Any) -> PayoutInfo:
    return PayoutInfo(id=po.id, amount_cents=int(po.amount), created=convert.utc(po.created),  # type: ignore[arg-type]
                      arrival_date=convert.utc(po.arrival_date), status=str(po.status),  # type: ignore[arg-type]
                      automatic=bool(po.automatic),
                      balance_transaction_id=convert.object_id(convert.attr(po, "balance_transaction")))


class StripePayouts:
    """The `PayoutSource` port (oncopos.domain.payouts) over a `StripeGateway`'s list client."""

    def __init__(self, gateway: StripeGateway) -> None:
        self._gateway = gateway

    def _calling(self, operation: str) -> Any:
        return translated(operation, gave_up_after=self._gateway.wait_bound(CallKind.LIST))

    def payouts(self, created_from: datetime) -> list[PayoutInfo]:
        """Every payout created from `created_from` on, oldest first."""
        params: PayoutListParams = {"created": {"gte": int(created_from.timestamp())}, "limit": 100}
        with self._calling("read the payouts"):
            found = [payout_info(p) for p in
                     self._gateway.client_for(CallKind.LIST).v1.payouts.list(params).auto_paging_iter()]
        return sorted(found, key=lambda p: (p.created, p.id))

    def payout_transactions(self, payout_id: str) -> list[BalanceTxn]:
        params: BalanceTransactionListParams = {"payout": payout_id, "limit": 100}
        with self._calling("read what a payout holds"):
            items = [convert.balance_txn(t) for t in
                     self._gateway.client_for(CallKind.LIST).v1.balance_transactions.list(params).auto_paging_iter()]
        log.info("payout %s holds %d balance transactions", payout_id, len(items))
        return sorted(items, key=lambda t: (t.created, t.id))

    def balance_transactions(self, created_from: datetime, created_to: datetime) -> list[BalanceTxn]:
        return self._gateway.balance_transactions(created_from, created_to)

"""Refunds looked up at Stripe by the local refund id in their metadata, and a reader action stopped.

The refund flow stores its refund row (and the id it sends as `oncopos_refund_id`) before it calls
Stripe. After a crash between Stripe's answer and our commit, the refund is found again here,
never made again: a PaymentIntent's refunds are a short list, read in full (not the search API,
which lags by minutes). Interac refunds made on a reader carry the same metadata; a refund made in
the Dashboard carries none, which is how the events sweep tells it from the app's own.
"""

from __future__ import annotations

import logging
import uuid

from stripe.params import RefundListParams

from oncopos.domain.errors import GatewayRejected, ReaderUnavailable
from oncopos.domain.gateway import RefundState
from oncopos.services.refunds.ports import FoundRefund

from . import convert
from .errors import translated
from .gateway import StripeGateway

log = logging.getLogger(__name__)

METADATA_KEY = "oncopos_refund_id"


class StripeRefundLookup:
    def __init__(self, gateway: StripeGateway) -> None:
        self._client = gateway.client

    def refunds_of(self, payment_intent_id: str) -> list[FoundRefund]:
        params: RefundListParams = {"payment_intent": payment_intent_id, "limit": 100}
        found = []
        with translated("look the refunds up at Stripe"):
            for refund in self._client.v1.refunds.list(params).auto_paging_iter():
                value = convert.metadata_dict(convert.attr(refund, "metadata")).get(METADATA_KEY)
                found.append(FoundRefund(convert.refund_state(refund), _uuid(value)))
        return found

    def find(self, payment_intent_id: str, refund_id: uuid.UUID) -> RefundState | None:
        for found in self.refunds_of(payment_intent_id):
            if found.local_id == refund_id:
                log.info("refund %s found at Stripe as %s", refund_id, found.state.id)
                return found.state
        return None

    def cancel_reader_action(self, reader_id: str) -> None:
        try:
            with translated("stop the refund on the card reader"):
                self._client.v1.terminal.readers.cancel_action(reader_id)
        except (ReaderUnavailable, GatewayRejected) as err:
            # Nothing in progress (the card was tapped, or the action already ended): the caller
            # reads the reader's action next and records whatever happened.
            log.info("reader %s had no refund to stop (%s)", reader_id, type(err).__name__)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None

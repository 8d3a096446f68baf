"""Finding a Stripe object again when its id never reached the database.

The window between Stripe's answer and our commit is short but real (a crash, a killed process,
a lost response). The idempotency key was stored before the call, so:

- a reader PaymentIntent is found by replaying the create with the same key and the same
  parameters: Stripe answers with the object it made the first time (`Idempotent-Replayed`). If
  Stripe did not know the key, the replay has just made a fresh PaymentIntent that no reader ever
  saw: it is cancelled at once and the payment is reported as never created.
- keys live 24 hours at Stripe, and a Checkout Session's `expires_at` makes a replay's parameters
  differ anyway; in those cases the object is looked up by the payment id it carries in its
  metadata / `client_reference_id`, in the list of objects created since the charge was asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from stripe.params import PaymentIntentCreateParams, PaymentIntentListParams
from stripe.params.checkout import SessionListParams

from oncopos.domain.errors import GatewayRejected
from oncopos.domain.gateway import CheckoutState, PaymentIntentState
from oncopos.services.payments.records import PaymentRecord

from . import convert
from .errors import translated
from .gateway import READER_METHODS, StripeGateway

log = logging.getLogger(__name__)

#: Stripe keeps idempotency keys for 24 hours; stay well inside that before trusting a replay.
REPLAY_WINDOW = timedelta(hours=23)
#: Objects are looked up from a little before the charge was asked (clocks differ by seconds).
LOOKBACK = timedelta(minutes=5)


class StripeIntentRecovery:
    def __init__(self, gateway: StripeGateway, clock: Callable[[], datetime]) -> None:
        self._gateway = gateway
        self._client = gateway.client
        self._clock = clock

    def find_reader_intent(self, payment: PaymentRecord, metadata: Mapping[str, str],
                           requested_at: datetime) -> PaymentIntentState | None:
        if self._clock() - requested_at < REPLAY_WINDOW:
            try:
                return self._replay_create(payment, metadata)
            except GatewayRejected as err:
                if err.code != "idempotency_error":
                    raise
                log.warning("payment %s: replay refused (parameters differ); looking the PaymentIntent up", payment.id)
        return self._list_intents(payment, requested_at)

    def _replay_create(self, payment: PaymentRecord, metadata: Mapping[str, str]) -> PaymentIntentState | None:
        # The same parameters, in the same order, as StripeGateway.create_reader_intent sends.
        meta = {str(k): str(v) for k, v in metadata.items()}
        meta["oncopos_payment_id"] = str(payment.id)
        params: PaymentIntentCreateParams = {
            "amount": payment.amount_cents, "currency": "cad", "allowed_payment_method_types": READER_METHODS,
            "capture_method": "automatic", "metadata": meta}
        with translated("look the payment up at Stripe"):
            pi = self._client.v1.payment_intents.create(params, {"idempotency_key": payment.idempotency_key})
        headers = getattr(getattr(pi, "last_response", None), "headers", None) or {}
        replayed = str(headers.get("Idempotent-Replayed", headers.get("idempotent-replayed", ""))).lower() == "true"
        if replayed:
            log.info("payment %s: PaymentIntent %s found again by its idempotency key", payment.id, pi.id)
            return self._gateway.payment_intent(pi.id)
        # Stripe had never seen the key: the crash came before the create. This new PaymentIntent was
        # never on a reader; cancel it so nothing is left open.
        with translated("cancel the payment"):
            self._client.v1.payment_intents.cancel(pi.id, {"cancellation_reason": "abandoned"})
        log.info("payment %s: Stripe had no PaymentIntent for its key; the probe %s was cancelled", payment.id, pi.id)
        return None

    def _list_intents(self, payment: PaymentRecord, since: datetime) -> PaymentIntentState | None:
        params: PaymentIntentListParams = {"created": {"gte": int((since - LOOKBACK).timestamp())}, "limit": 100}
        with translated("look the payment up at Stripe"):
            for pi in self._client.v1.payment_intents.list(params).auto_paging_iter():
                if convert.metadata_dict(convert.attr(pi, "metadata")).get("oncopos_payment_id") == str(payment.id):
                    return self._gateway.payment_intent(pi.id)
        return None

    def find_checkout(self, payment: PaymentRecord, requested_at: datetime) -> CheckoutState | None:
        params: SessionListParams = {"created": {"gte": int((requested_at - LOOKBACK).timestamp())}, "limit": 100}
        with translated("look the payment link up at Stripe"):
            for session in self._client.v1.checkout.sessions.list(params).auto_paging_iter():
                if convert.attr(session, "client_reference_id") == str(payment.id):
                    log.info("payment %s: checkout session %s found again", payment.id, session.id)
                    return self._gateway.checkout(session.id)
        return None

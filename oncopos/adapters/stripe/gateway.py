"""`StripeGateway`: the PaymentGateway port over the real Stripe SDK (`client.v1.*` only).

The same code runs live, in test mode and in training against the bundled simulator; only the key
and the base address change. Every call that creates something carries the caller's idempotency key,
which is derived from a local UUID stored before the call, so a crash can be recovered by replaying.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from stripe.params import (
    BalanceTransactionListParams,
    EventListParams,
    PaymentIntentCancelParams,
    PaymentIntentCreateParams,
    PaymentIntentRetrieveParams,
    RefundCreateParams,
)
from stripe.params.checkout import SessionCreateParams, SessionRetrieveParams
from stripe.params.terminal import (
    LocationCreateParams,
    ReaderCreateParams,
    ReaderListParams,
    ReaderProcessPaymentIntentParams,
    ReaderRefundPaymentParams,
)
from stripe.params.test_helpers.terminal import ReaderPresentPaymentMethodParams

from oncopos.domain import payment
from oncopos.domain.errors import ConfigurationError, GatewayRejected, InvalidInput, ReaderUnavailable
from oncopos.domain.gateway import (
    BalanceTxn,
    CallKind,
    CheckoutState,
    GatewayEvent,
    LocationInfo,
    PaymentIntentState,
    ReaderActionState,
    ReaderInfo,
    RefundState,
    TerminalPayment,
)
from oncopos.domain.messages import msg
from oncopos.domain.payment import reader_attempt_key

from . import convert
from .errors import translated
from .keys import validate_key
from .timeouts import StripeTimeouts

log = logging.getLogger(__name__)

READER_METHODS = list(payment.READER_METHODS)
REFUND_REASONS = (None, "requested_by_customer", "duplicate", "fraudulent")
MAX_EVENT_TYPES = 20  # Stripe's limit for `types[]` per events request
MIN_CHECKOUT_MINUTES, MAX_CHECKOUT_MINUTES = 30, 24 * 60


def _cents(amount_cents: Any, *, field: str = "amount") -> int:
    # bool is an int subclass; a float or Decimal here means someone skipped the parsing step.
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise InvalidInput(msg("stripe.amount_cents"), field=field)
    return amount_cents


class StripeGateway:
    """Stripe (or the simulator) behind the domain's PaymentGateway port."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        mode: str = "test",
        allow_full_secret_key: bool = False,
        max_network_retries: int = 2,
        payment_timeout_minutes: int = 30,
        clock: Callable[[], datetime] | None = None,
        timeouts: StripeTimeouts | None = None,
    ) -> None:
        self.key_info = validate_key(api_key, mode, allow_full_secret_key=allow_full_secret_key)
        if mode == "simulator" and not base_url:
            raise ConfigurationError(msg("stripe.training_needs_simulator"))
        if mode == "live" and base_url:
            raise ConfigurationError(msg("stripe.live_custom_api"))
        self.mode = mode
        self.payment_timeout_minutes = payment_timeout_minutes
        self._clock = clock or (lambda: datetime.now(UTC))
        self.timeouts = timeouts or StripeTimeouts()
        self.max_network_retries = max_network_retries
        options: dict[str, Any] = {"max_network_retries": max_network_retries}
        if base_url:
            options["base_addresses"] = {"api": base_url.rstrip("/")}
        # One SDK client per kind of call: the SDK takes its time-outs from the HTTP client, and a
        # poll should give up long before a sweep of the day's events does.
        self._clients = {kind: stripe.StripeClient(api_key, http_client=stripe.RequestsClient(
            timeout=self.timeouts.of(kind)), **options) for kind in CallKind}
        self._client = self._clients[CallKind.WRITE]
        log.info("Stripe gateway ready (%s mode, %s key %s)", mode, self.key_info.kind, self.key_info.hint)

    @property
    def client(self) -> stripe.StripeClient:
        """The SDK client (write time-outs), for diagnostics such as the key check and for recovery."""
        return self._client

    def client_for(self, kind: CallKind) -> stripe.StripeClient:
        return self._clients[kind]

    def wait_bound(self, kind: CallKind) -> float:
        """The longest one call of `kind` blocks before it gives up, retries included (seconds)."""
        return self.timeouts.bound(kind, self.max_network_retries)

    @contextmanager
    def _calling(self, kind: CallKind, operation: str) -> Iterator[Any]:
        """The `v1` services of the client for `kind`, with errors translated (and the bound said)."""
        with translated(operation, gave_up_after=self.wait_bound(kind)):
            yield self._clients[kind].v1

    # --- locations and readers ----------------------------------------------------------------
    def list_locations(self) -> list[LocationInfo]:
        with self._calling(CallKind.LIST, "list the Terminal locations") as v1:
            return [convert.location_info(x) for x in v1.terminal.locations.list({"limit": 100}).auto_paging_iter()]

    def create_location(self, display_name: str, *, line1: str, city: str, province: str, postal_code: str,
                        country: str = "CA") -> LocationInfo:
        params: LocationCreateParams = {"display_name": display_name, "address": {"line1": line1, "city": city, "state": province,
                                                            "postal_code": postal_code, "country": country}}
        with self._calling(CallKind.WRITE, "create the Terminal location") as v1:
            return convert.location_info(v1.terminal.locations.create(params))

    def list_readers(self, location_id: str | None = None) -> list[ReaderInfo]:
        params: ReaderListParams = {"limit": 100}
        if location_id:
            params["location"] = location_id
        with self._calling(CallKind.LIST, "list the card readers") as v1:
            return [convert.reader_info(r) for r in v1.terminal.readers.list(params).auto_paging_iter()]

    def register_reader(self, registration_code: str, location_id: str, label: str) -> ReaderInfo:
        if self.mode == "live" and registration_code.startswith("simulated-"):
            raise InvalidInput(msg("stripe.simulated_readers_test"),
                               field="registration_code")
        with self._calling(CallKind.WRITE, "register the card reader") as v1:
            created: ReaderCreateParams = {"registration_code": registration_code, "location": location_id,
                                           "label": label}
            reader = v1.terminal.readers.create(created)
        return convert.reader_info(reader)

    def reader(self, reader_id: str) -> ReaderInfo:
        with self._calling(CallKind.READ, "read the card reader's state") as v1:
            return convert.reader_info(v1.terminal.readers.retrieve(reader_id))

    # --- reader payments ----------------------------------------------------------------------
    def create_reader_intent(self, local_payment_id: uuid.UUID, amount_cents: int, metadata: Mapping[str, str],
                             idempotency_key: str) -> PaymentIntentState:
        """Create the PaymentIntent a reader will take (one key per payment: a replay finds the same one).

        The answer's `payment_method_types` is what Stripe kept of `allowed_payment_method_types`
        (types the account cannot take are dropped silently); the caller checks it.
        """
        amount = _cents(amount_cents)
        meta = {str(k): str(v) for k, v in metadata.items()}
        meta["oncopos_payment_id"] = str(local_payment_id)
        params: PaymentIntentCreateParams = {"amount": amount, "currency": "cad", "allowed_payment_method_types": READER_METHODS,
                  "capture_method": "automatic", "metadata": meta}
        with self._calling(CallKind.WRITE, "create the payment") as v1:
            pi = v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        log.info("payment %s: PaymentIntent %s created for %s cents", local_payment_id, pi.id, amount)
        return convert.payment_intent_state(pi)

    def start_reader_payment(self, local_payment_id: uuid.UUID, amount_cents: int, reader_id: str,
                             metadata: Mapping[str, str], idempotency_key: str) -> TerminalPayment:
        """Create the PaymentIntent and send it to the reader as attempt 1 (for callers that journal neither)."""
        pi = self.create_reader_intent(local_payment_id, amount_cents, metadata, idempotency_key)
        return self.send_to_reader(reader_id, pi.id, reader_attempt_key(idempotency_key, 1))

    def send_to_reader(self, reader_id: str, payment_intent_id: str, idempotency_key: str) -> TerminalPayment:
        """Hand the PaymentIntent to the reader: the first time, after a decline, or to another reader.

        Each send needs a key of its own (`reader_attempt_key`): Stripe stores a reader's refusal
        (offline, busy) under the key and would replay it for a day to a send that reuses it.
        """
        params: ReaderProcessPaymentIntentParams = {"payment_intent": payment_intent_id,
                                                    "process_config": {"enable_customer_cancellation": True}}
        try:
            with self._calling(CallKind.READER, "send the payment to the card reader") as v1:
                reader = v1.terminal.readers.process_payment_intent(reader_id, params,
                                                                    {"idempotency_key": idempotency_key})
        except ReaderUnavailable:
            # After a crash or a lost answer the same payment may already be on this reader: not an error.
            current = self.reader(reader_id)
            if current.action and current.action.payment_intent_id == payment_intent_id and not current.action.finished:
                state = self.payment_intent(payment_intent_id)
                return TerminalPayment(payment_intent_id, state.status, reader_id, current.action)
            raise
        except GatewayRejected as err:
            # The PaymentIntent has since been paid or cancelled: the caller settles it from its state.
            if err.code != "payment_intent_unexpected_state":
                raise
            state = self.payment_intent(payment_intent_id)
            return TerminalPayment(payment_intent_id, state.status, reader_id, None)
        log.info("PaymentIntent %s sent to reader %s", payment_intent_id, reader_id)
        action = convert.action_state(reader.action)
        return TerminalPayment(payment_intent_id, "requires_payment_method", reader_id, action)

    def reader_action(self, reader_id: str) -> ReaderActionState | None:
        return self.reader(reader_id).action

    def payment_intent(self, payment_intent_id: str) -> PaymentIntentState:
        with self._calling(CallKind.READ, "read the payment's state") as v1:
            expand: PaymentIntentRetrieveParams = {"expand": ["latest_charge"]}
            pi = v1.payment_intents.retrieve(payment_intent_id, expand)
        return convert.payment_intent_state(pi)

    def cancel_reader_payment(self, reader_id: str, payment_intent_id: str) -> PaymentIntentState:
        """Stop the reader, then cancel the PaymentIntent if it can still be cancelled.

        Interac is captured the moment the card is tapped, so the answer may be `succeeded`: the
        caller must then record the payment (and refund it on the reader if it was not wanted).
        """
        try:
            with self._calling(CallKind.READER, "cancel the action on the card reader") as v1:
                v1.terminal.readers.cancel_action(reader_id)
        except (ReaderUnavailable, GatewayRejected) as err:  # nothing to cancel: the PaymentIntent decides
            log.info("PaymentIntent %s: reader %s had nothing to cancel (%s)", payment_intent_id, reader_id,
                     type(err).__name__)
        state = self.payment_intent(payment_intent_id)
        if not state.cancellable:
            return state
        try:
            with self._calling(CallKind.WRITE, "cancel the payment") as v1:
                cancel: PaymentIntentCancelParams = {"cancellation_reason": "requested_by_customer"}
                v1.payment_intents.cancel(payment_intent_id, cancel)
        except GatewayRejected:  # a card tapped at the last moment wins the race; re-read
            log.info("PaymentIntent %s could not be cancelled; reading its state", payment_intent_id)
        state = self.payment_intent(payment_intent_id)
        log.info("PaymentIntent %s after cancel: %s", payment_intent_id, state.status)
        return state

    def present_test_card(self, reader_id: str, number: str | None = None, *, interac: bool = False) -> ReaderActionState | None:
        if self.mode == "live":
            raise ConfigurationError(msg("stripe.test_cards_mode"))
        if interac:
            params: ReaderPresentPaymentMethodParams = {"type": "interac_present",
                                      "interac_present": {"number": number or "4506445006931933"}}
        else:
            params = {"type": "card_present", "card_present": {"number": number or "4242424242424242"}}
        with self._calling(CallKind.READER, "present the test card") as v1:
            reader = v1.test_helpers.terminal.readers.present_payment_method(reader_id, params)
        return convert.action_state(reader.action)

    # --- hosted payments ----------------------------------------------------------------------
    def create_checkout(self, amount_cents: int, description: str, customer_email: str | None,
                        metadata: Mapping[str, str], idempotency_key: str,
                        expires_in_minutes: int | None = None) -> CheckoutState:
        amount = _cents(amount_cents)
        minutes = expires_in_minutes if expires_in_minutes is not None else self.payment_timeout_minutes
        minutes = min(max(MIN_CHECKOUT_MINUTES, int(minutes)), MAX_CHECKOUT_MINUTES)
        # A minute of slack either side so a workstation clock a little off Stripe's is not refused.
        seconds = min(max(minutes * 60, MIN_CHECKOUT_MINUTES * 60 + 60), MAX_CHECKOUT_MINUTES * 60 - 60)
        expires_at = int((self._clock() + timedelta(seconds=seconds)).timestamp())
        meta = {str(k): str(v) for k, v in metadata.items()}
        params: SessionCreateParams = {
            "mode": "payment",
            "line_items": [{"quantity": 1, "price_data": {"currency": "cad", "unit_amount": amount,
                                                          "product_data": {"name": description}}}],
            "metadata": meta, "payment_intent_data": {"metadata": meta, "description": description},
            "expires_at": expires_at, "allowed_payment_method_types": ["card"],
        }
        if customer_email:
            params["customer_email"] = customer_email
        if "oncopos_payment_id" in meta:
            params["client_reference_id"] = meta["oncopos_payment_id"]
        with self._calling(CallKind.WRITE, "create the payment link") as v1:
            session = v1.checkout.sessions.create(params, {"idempotency_key": idempotency_key})
        log.info("checkout session %s created (%s cents, %s min)", session.id, amount, minutes)
        return convert.checkout_state(session)

    def checkout(self, session_id: str) -> CheckoutState:
        with self._calling(CallKind.READ, "read the payment link's state") as v1:
            expand: SessionRetrieveParams = {"expand": ["payment_intent.latest_charge"]}
            session = v1.checkout.sessions.retrieve(session_id, expand)
        return convert.checkout_state(session)

    def expire_checkout(self, session_id: str) -> CheckoutState:
        """Close the link; a payment that won the race is reported as complete, not as an error."""
        try:
            with self._calling(CallKind.WRITE, "cancel the payment link") as v1:
                v1.checkout.sessions.expire(session_id)
        except GatewayRejected:  # re-reading tells whether it was paid or had already expired
            state = self.checkout(session_id)
            if state.status == "open":
                raise
            return state
        return self.checkout(session_id)

    # --- refunds ------------------------------------------------------------------------------
    def refund(self, payment_intent_id: str, amount_cents: int | None, reason: str | None,
               metadata: Mapping[str, str], idempotency_key: str) -> RefundState:
        if reason not in REFUND_REASONS:
            raise InvalidInput(msg("stripe.refund_reason"),
                               field="reason")
        params: RefundCreateParams = {"payment_intent": payment_intent_id,
                                      "metadata": {str(k): str(v) for k, v in metadata.items()}}
        if amount_cents is not None:
            params["amount"] = _cents(amount_cents)
        if reason:
            params["reason"] = reason
        with self._calling(CallKind.WRITE, "refund the payment") as v1:
            refund = v1.refunds.create(params, {"idempotency_key": idempotency_key})
        log.info("refund %s of PaymentIntent %s: %s cents", refund.id, payment_intent_id, refund.amount)
        return convert.refund_state(refund)

    def refund_on_reader(self, reader_id: str, payment_intent_id: str, amount_cents: int,
                         metadata: Mapping[str, str]) -> ReaderActionState:
        """Start an in-person (Interac) refund; the card is then tapped and `reader_action` gives the refund id."""
        params: ReaderRefundPaymentParams = {"payment_intent": payment_intent_id, "amount": _cents(amount_cents),
                                             "metadata": {str(k): str(v) for k, v in metadata.items()}}
        with self._calling(CallKind.READER, "start the refund on the card reader") as v1:
            reader = v1.terminal.readers.refund_payment(reader_id, params)
        log.info("reader refund of PaymentIntent %s started on %s", payment_intent_id, reader_id)
        return convert.action_state(reader.action)  # type: ignore[return-value]

    def get_refund(self, refund_id: str) -> RefundState:
        with self._calling(CallKind.READ, "read the refund") as v1:
            return convert.refund_state(v1.refunds.retrieve(refund_id))

    # --- recovery and matching ---------------------------------------------------------------------
    def events_since(self, created_after: datetime, types: Sequence[str]) -> list[GatewayEvent]:
        """Events from `created_after`'s second on, oldest first (Stripe lists newest first; we apply in order).

        Stripe's `created` is whole seconds, so the window starts at the same second (`gte`): a repeat
        is harmless (callers de-duplicate by event id), a missed Dashboard refund is not.
        """
        found: dict[str, GatewayEvent] = {}
        chunks = [list(types[i:i + MAX_EVENT_TYPES]) for i in range(0, len(types), MAX_EVENT_TYPES)] or [[]]
        with self._calling(CallKind.LIST, "read Stripe's events") as v1:
            for chunk in chunks:
                params: EventListParams = {"created": {"gte": int(created_after.timestamp())}, "limit": 100}
                if chunk:
                    params["types"] = chunk
                for event in v1.events.list(params).auto_paging_iter():
                    found[event.id] = convert.gateway_event(event)
        return sorted(found.values(), key=lambda e: (e.created, e.id))

    def balance_transactions(self, created_from: datetime, created_to: datetime) -> list[BalanceTxn]:
        params: BalanceTransactionListParams = {"created": {"gte": int(created_from.timestamp()),
                                                            "lt": int(created_to.timestamp())},
                  "limit": 100}
        with self._calling(CallKind.LIST, "read the balance transactions") as v1:
            items = [convert.balance_txn(t) for t in v1.balance_transactions.list(params).auto_paging_iter()]
        return sorted(items, key=lambda t: (t.created, t.id))

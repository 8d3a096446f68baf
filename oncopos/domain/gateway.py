"""The payment gateway port and the plain results every provider reply is normalised into.

Services and the UI only ever see these types, so the Stripe SDK (and its objects, which are not
dicts) stays inside `oncopos.adapters.stripe`. Money is integer cents; times are aware UTC.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Protocol

ReaderStatus = Literal["online", "offline"]
ActionStatus = Literal["in_progress", "succeeded", "failed"]
CheckoutStatus = Literal["open", "complete", "expired"]
PaymentMethodType = Literal["card_present", "interac_present", "card"]

# PaymentIntent statuses after which nothing more will happen to it.
FINAL_PAYMENT_STATUSES = frozenset({"succeeded", "canceled"})
# Statuses Stripe lets us cancel from; Interac is captured at once and never sits in these.
CANCELLABLE_PAYMENT_STATUSES = frozenset(
    {"requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"}
)


class CallKind(StrEnum):
    """Kinds of call to the card processor, each with its own time-outs (the adapter sets them)."""

    READ = "read"          # retrieve one object: the poll of a running payment
    WRITE = "write"        # create or cancel something (PaymentIntent, session, refund, location)
    READER = "reader"      # a command Stripe relays to the card reader and waits for it to accept
    LIST = "list"          # lists and sweeps (events, balance transactions), possibly several pages


@dataclass(frozen=True)
class LocationInfo:
    id: str
    display_name: str
    city: str | None = None
    province: str | None = None
    country: str | None = None
    postal_code: str | None = None


@dataclass(frozen=True)
class ReaderActionState:
    """What the reader is doing; replaced by its next action, so the PaymentIntent stays the truth."""

    status: ActionStatus
    action_type: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    payment_intent_id: str | None = None
    refund_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.status != "in_progress"


@dataclass(frozen=True)
class ReaderInfo:
    id: str
    label: str
    status: ReaderStatus
    device_type: str
    location: str | None = None
    serial_number: str | None = None
    action: ReaderActionState | None = None


@dataclass(frozen=True)
class TerminalPayment:
    """A PaymentIntent handed to a reader: what `send_to_reader` returns.

    `status` is the PaymentIntent's: `requires_payment_method` while the reader waits for a card;
    `succeeded` or `canceled` when it had finished before this send reached it.
    """

    payment_intent_id: str
    status: str
    reader_id: str
    action: ReaderActionState | None = None


@dataclass(frozen=True)
class PaymentIntentState:
    id: str
    status: str
    amount_cents: int
    amount_received_cents: int = 0
    currency: str = "cad"
    charge_id: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    payment_method_type: PaymentMethodType | None = None
    decline_code: str | None = None
    decline_message: str | None = None
    error_code: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    #: Which attempt `last_payment_error` belongs to: its charge, else its payment method. Stripe
    #: keeps the error on the PaymentIntent after the next send, so only a new one is a new decline.
    decline_charge_id: str | None = None
    decline_payment_method_id: str | None = None
    #: What Stripe kept of `allowed_payment_method_types` (types the account cannot take are dropped).
    payment_method_types: tuple[str, ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def decline_ref(self) -> str | None:
        """The id that tells one decline from the next (None when there is no decline)."""
        if self.decline_code is None:
            return None
        return self.decline_charge_id or self.decline_payment_method_id

    @property
    def cancellable(self) -> bool:
        return self.status in CANCELLABLE_PAYMENT_STATUSES


@dataclass(frozen=True)
class CheckoutState:
    session_id: str
    url: str | None
    status: CheckoutStatus
    payment_status: str
    expires_at: datetime
    amount_cents: int | None = None
    payment_intent_id: str | None = None
    charge_id: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    amount_received_cents: int | None = None  # from the expanded PaymentIntent, once paid

    @property
    def paid(self) -> bool:
        return self.status == "complete" and self.payment_status == "paid"


@dataclass(frozen=True)
class RefundState:
    id: str
    status: str
    amount_cents: int
    payment_intent_id: str | None
    charge_id: str | None
    reason: str | None = None
    failure_reason: str | None = None


@dataclass(frozen=True)
class GatewayEvent:
    id: str
    type: str
    created: datetime
    object_id: str | None
    data: Mapping[str, Any]


@dataclass(frozen=True)
class BalanceTxn:
    id: str
    source_id: str | None
    amount_cents: int
    fee_cents: int
    net_cents: int
    type: str
    created: datetime
    currency: str = "cad"
    available_on: datetime | None = None  # when Stripe releases the funds for a payout
    fee_tax_cents: int = 0  # the tax part of `fee_cents` (fee_details of type "tax"), when Stripe charges it


class PaymentGateway(Protocol):
    """What the services need from a card processor; `StripeGateway` and test fakes implement it."""

    mode: str

    def wait_bound(self, kind: CallKind) -> float:
        """The longest one call of `kind` can block before it gives up, retries included (seconds)."""
        ...

    def list_locations(self) -> list[LocationInfo]: ...

    def create_location(
        self, display_name: str, *, line1: str, city: str, province: str, postal_code: str, country: str = "CA"
    ) -> LocationInfo: ...

    def list_readers(self, location_id: str | None = None) -> list[ReaderInfo]: ...

    def register_reader(self, registration_code: str, location_id: str, label: str) -> ReaderInfo: ...

    def create_reader_intent(
        self, local_payment_id: uuid.UUID, amount_cents: int, metadata: Mapping[str, str], idempotency_key: str
    ) -> PaymentIntentState: ...

    def start_reader_payment(
        self,
        local_payment_id: uuid.UUID,
        amount_cents: int,
        reader_id: str,
        metadata: Mapping[str, str],
        idempotency_key: str,
    ) -> TerminalPayment: ...

    def send_to_reader(self, reader_id: str, payment_intent_id: str, idempotency_key: str) -> TerminalPayment: ...

    def reader_action(self, reader_id: str) -> ReaderActionState | None: ...

    def payment_intent(self, payment_intent_id: str) -> PaymentIntentState: ...

    def cancel_reader_payment(self, reader_id: str, payment_intent_id: str) -> PaymentIntentState: ...

    def reader(self, reader_id: str) -> ReaderInfo: ...

    def present_test_card(
        self, reader_id: str, number: str | None = None, *, interac: bool = False
    ) -> ReaderActionState | None: ...

    def create_checkout(
        self,
        amount_cents: int,
        description: str,
        customer_email: str | None,
        metadata: Mapping[str, str],
        idempotency_key: str,
        expires_in_minutes: int | None = None,
    ) -> CheckoutState: ...

    def checkout(self, session_id: str) -> CheckoutState: ...

    def expire_checkout(self, session_id: str) -> CheckoutState: ...

    def refund(
        self,
        payment_intent_id: str,
        amount_cents: int | None,
        reason: str | None,
        metadata: Mapping[str, str],
        idempotency_key: str,
    ) -> RefundState: ...

    def refund_on_reader(
        self, reader_id: str, payment_intent_id: str, amount_cents: int, metadata: Mapping[str, str]
    ) -> ReaderActionState: ...

    def get_refund(self, refund_id: str) -> RefundState: ...

    def events_since(self, created_after: datetime, types: Sequence[str]) -> list[GatewayEvent]: ...

    def balance_transactions(self, created_from: datetime, created_to: datetime) -> list[BalanceTxn]: ...

"""Stripe SDK exceptions -> the domain's error tree, with messages a registrar can act on."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

import stripe

from oncopos.domain.errors import (
    GatewayRejected,
    GatewayUnavailable,
    OncoPOSError,
    PaymentDeclined,
    RateLimited,
    ReaderUnavailable,
)
from oncopos.domain.messages import Message, catalogue, msg
from oncopos.domain.messages_stripe import DECLINES, READER

log = logging.getLogger(__name__)

# The texts live in the catalogue (oncopos.domain.messages_stripe), English and French; these
# English views stay for code that stores or logs a reason.
DECLINE_MESSAGES: dict[str, str] = {code: en for code, (en, _fr) in DECLINES.items()}
READER_MESSAGES: dict[str, str] = {code: en for code, (en, _fr) in READER.items()}


def decline(code: str | None, decline_code: str | None) -> Message:
    """The registrar-facing explanation of a decline: by decline code, then code, then generic."""
    key = next((c for c in (decline_code, code) if c and c in DECLINES), "generic_decline")
    return msg(f"stripe.decline.{key}")


def decline_message(code: str | None, decline_code: str | None) -> str:
    """`decline` as its English text (what the payment record stores beside its code)."""
    return str(decline(code, decline_code))


def operation_message(operation: str) -> Message | str:
    """"create the payment" as a catalogue message, so a French reader reads « créer le paiement »."""
    key = "stripe.op." + re.sub(r"[^a-z0-9]+", "_", operation.lower()).strip("_")
    return msg(key) if key in catalogue() else operation


def _permission_name(message: str) -> str | None:
    match = re.search(r"'(rak_[a-z_]+)'", message or "")
    return match.group(1) if match else None


def translate_error(err: stripe.StripeError, operation: str, gave_up_after: float | None = None) -> OncoPOSError:
    """Map one SDK exception; `operation` is a short phrase ("start the reader payment").

    `gave_up_after` is the call's time-out bound in seconds, said when Stripe did not answer in time.
    """
    code = getattr(err, "code", None)
    op = operation_message(operation)
    if isinstance(err, stripe.CardError):
        error_object = getattr(err, "error", None)
        decline_code = (getattr(error_object, "decline_code", None) if error_object is not None else None) or code
        return PaymentDeclined(decline(code, decline_code), code=code, decline_code=decline_code)
    if isinstance(err, stripe.AuthenticationError):
        return GatewayRejected(msg("stripe.key_refused"), code="api_key_invalid")
    if isinstance(err, stripe.PermissionError):
        name = _permission_name(err.user_message or "")
        return GatewayRejected(msg("stripe.permission_missing", permission=name or msg("stripe.a_permission"),
                                   operation=op), code="permission_missing")
    if isinstance(err, stripe.IdempotencyError):
        return GatewayRejected(msg("stripe.idempotency", operation=op), code="idempotency_error")
    if isinstance(err, stripe.RateLimitError):
        return RateLimited(msg("stripe.rate_limited"), retry_after_seconds=retry_after(err))
    if isinstance(err, stripe.APIConnectionError):
        if gave_up_after and _timed_out(err):
            return GatewayUnavailable(msg("stripe.unreachable_after", operation=op, seconds=math.ceil(gave_up_after)))
        return GatewayUnavailable(msg("stripe.unreachable", operation=op))
    if isinstance(err, stripe.InvalidRequestError):
        if code in READER:
            return ReaderUnavailable(msg(f"stripe.reader.{code}"), code=code)
        if code == "resource_missing":
            return GatewayRejected(msg("stripe.missing_object", what=err.param or msg("stripe.the_object"), operation=op),
                                   code=code)
        # Stripe's own sentence (user_message) is English only; it is quoted as Stripe wrote it.
        if code in ("amount_too_large", "charge_already_refunded"):
            return GatewayRejected(msg("stripe.refused_amount", operation=op, detail=err.user_message or ""), code=code)
        return GatewayRejected(msg("stripe.refused", operation=op, detail=err.user_message or ""), code=code)
    if isinstance(err, stripe.APIError) or (err.http_status or 0) >= 500:
        return GatewayUnavailable(msg("stripe.server_error", operation=op))
    return GatewayUnavailable(msg("stripe.other_error", operation=op, kind=type(err).__name__))


def retry_after(err: stripe.StripeError) -> int | None:
    """The whole seconds a 429's Retry-After header asks for (HTTP delay-seconds), or None.

    An HTTP date or anything else is not what Stripe sends: the caller's own back-off applies."""
    headers = getattr(err, "headers", None) or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def _timed_out(err: stripe.APIConnectionError) -> bool:
    # The SDK names the requests exception in its message: "(Network error: ReadTimeout: ...)".
    text = str(err).lower()
    return "timeout" in text or "timed out" in text


@contextmanager
def translated(operation: str, *, gave_up_after: float | None = None) -> Iterator[None]:
    """Run SDK calls and re-raise their errors as domain errors, keeping the cause for the log."""
    try:
        yield
    except stripe.StripeError as err:
        domain = translate_error(err, operation, gave_up_after)
        # request_id lets support trace a call; never log params (they may hold emails or ids only, but
        # keep the habit) and never the key.
        log.warning("Stripe error while trying to %s: %s (%s, request %s)", operation, type(err).__name__,
                    getattr(err, "code", None), getattr(err, "request_id", None))
        raise domain from err

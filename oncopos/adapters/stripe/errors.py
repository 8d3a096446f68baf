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

log = logging.getLogger(__name__)

_ANOTHER = "Ask for another card or another way to pay."
# Keyed by decline_code first, then by error code. Lost/stolen read as a plain decline on purpose:
# Stripe asks that the real reason not be told to the person holding the card.
DECLINE_MESSAGES: dict[str, str] = {
    "insufficient_funds": "The card was declined for insufficient funds. Ask for another card or a smaller amount.",
    "lost_card": f"The card was declined. Do not try this card again. {_ANOTHER}",
    "stolen_card": f"The card was declined. Do not try this card again. {_ANOTHER}",
    "expired_card": f"The card has expired. {_ANOTHER}",
    "incorrect_cvc": "The card's security code (CVC) was wrong. Ask the student to enter the card details again "
                     "carefully, or use another card.",
    "incorrect_number": "The card number was wrong. Ask the student to enter it again, or use another card.",
    "processing_error": "The card could not be processed because of an error at the card network. Try the same "
                        "card again in a moment.",
    "card_velocity_exceeded": f"The card was declined: it has reached its limit. {_ANOTHER}",
    "do_not_honor": f"The card was declined by the bank. {_ANOTHER}",
    "test_mode_live_card": "A real card was used in test or training mode. Use one of Stripe's test cards.",
    "generic_decline": f"The card was declined. {_ANOTHER}",
    "card_declined": f"The card was declined. {_ANOTHER}",
}

READER_MESSAGES: dict[str, str] = {
    "terminal_reader_offline": "The card reader is offline. Check that it is switched on and connected to the "
                               "network, then try again.",
    "terminal_reader_busy": "The card reader is busy with another action. Wait for it to finish or cancel it, then "
                            "try again.",
    "terminal_reader_timeout": "The card reader did not answer in time. Check that it is on and connected, then try "
                               "again.",
    "terminal_reader_hardware_fault": "The card reader reported a hardware fault. Restart it, then try again.",
}


def decline_message(code: str | None, decline_code: str | None) -> str:
    """The registrar-facing sentence for a decline, by decline code, then code, then generic."""
    return DECLINE_MESSAGES.get(decline_code or "") or DECLINE_MESSAGES.get(code or "") or DECLINE_MESSAGES[
        "generic_decline"]


def _permission_name(message: str) -> str | None:
    match = re.search(r"'(rak_[a-z_]+)'", message or "")
    return match.group(1) if match else None


def translate_error(err: stripe.StripeError, operation: str, gave_up_after: float | None = None) -> OncoPOSError:
    """Map one SDK exception; `operation` is a short phrase ("start the reader payment").

    `gave_up_after` is the call's time-out bound in seconds, said when Stripe did not answer in time.
    """
    code = getattr(err, "code", None)
    if isinstance(err, stripe.CardError):
        error_object = getattr(err, "error", None)
        decline_code = (getattr(error_object, "decline_code", None) if error_object is not None else None) or code
        return PaymentDeclined(decline_message(code, decline_code), code=code, decline_code=decline_code)
    if isinstance(err, stripe.AuthenticationError):
        return GatewayRejected(
            "Stripe refused the key: it is invalid, revoked or expired. Ask a manager to enter a valid "
            "restricted key in Settings, then try again.", code="api_key_invalid")
    if isinstance(err, stripe.PermissionError):
        name = _permission_name(err.user_message or "") or "a permission it needs"
        return GatewayRejected(
            f"The Stripe key lacks the permission {name} needed to {operation}. Ask a manager to add it to the "
            "restricted key in the Stripe Dashboard (Developers > API keys).", code="permission_missing")
    if isinstance(err, stripe.IdempotencyError):
        return GatewayRejected(
            f"Stripe refused to {operation}: the same request id was already used with different details. "
            "Start a new payment instead of repeating this one.", code="idempotency_error")
    if isinstance(err, stripe.RateLimitError):
        return RateLimited("Stripe is receiving too many requests right now. Wait a few seconds and try again.",
                           retry_after_seconds=retry_after(err))
    if isinstance(err, stripe.APIConnectionError):
        waited = f" (no answer within {math.ceil(gave_up_after)} s)" if gave_up_after and _timed_out(err) else ""
        return GatewayUnavailable(
            f"Stripe could not be reached to {operation}{waited}. Check the internet connection and try again; "
            "nothing is lost, the app will check what Stripe recorded.")
    if isinstance(err, stripe.InvalidRequestError):
        if code in READER_MESSAGES:
            return ReaderUnavailable(READER_MESSAGES[code], code=code)
        if code == "resource_missing":
            return GatewayRejected(
                f"Stripe does not know {err.param or 'the object'} needed to {operation} (it may belong to another "
                "account or mode). Check the settings or start again.", code=code)
        if code in ("amount_too_large", "charge_already_refunded"):
            return GatewayRejected(f"Stripe refused to {operation}: {err.user_message} Check the amount left to "
                                   "refund.", code=code)
        return GatewayRejected(f"Stripe refused to {operation}: {err.user_message}", code=code)
    if isinstance(err, stripe.APIError) or (err.http_status or 0) >= 500:
        return GatewayUnavailable(
            f"Stripe had a problem on its side and could not {operation}. Try again in a minute; nothing is lost, "
            "the app will check what Stripe recorded.")
    return GatewayUnavailable(f"Stripe could not {operation} ({type(err).__name__}). Try again in a minute.")


def retry_after(err: stripe.StripeError) -> float | None:
    """The seconds a 429's Retry-After header asks for (Stripe sends whole seconds), or None."""
    headers = getattr(err, "headers", None) or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: not sent by Stripe; the caller's own back-off applies
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None


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

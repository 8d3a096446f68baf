"""The small error tree every layer speaks.

Adapters translate library errors into these; the window shows `str(error)` to a person, so
each message says what happened and what to do next.
"""

from __future__ import annotations

from oncopos.domain.redaction import redact


class OncoPOSError(Exception):
    """Base of every error the application raises on purpose."""


class UserFacingError(OncoPOSError):
    """Something a registrar or manager can read and act on.

    Its text passes through the one redaction function: a message built from a URL, a library's
    error or a typed value never shows a password, key or code to the person (or to a log).
    """

    def __str__(self) -> str:
        return redact(super().__str__())


class InvalidInput(UserFacingError):
    """What a person typed cannot be used (an amount, an email, a code)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidAmount(InvalidInput):
    """An amount that cannot be parsed or is outside what the payment rules allow."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="amount")


class ConfigurationError(UserFacingError):
    """A setting is missing or has a value the app cannot use."""


class NotFound(UserFacingError):
    """A record someone asked for does not exist."""


class UserCancelled(OncoPOSError):
    """The person stopped the operation; nothing to report."""


class InfrastructureError(OncoPOSError):
    """Something outside the app failed; trying again later may work."""

    retryable = True


class DatabaseUnavailable(InfrastructureError, UserFacingError):
    """A database could not be reached."""


class GatewayUnavailable(InfrastructureError, UserFacingError):
    """Stripe (or the simulator) could not be reached or answered with a server error."""


class RateLimited(GatewayUnavailable):
    """Stripe answered 429 (too many requests); `retry_after_seconds` is its Retry-After, when it gave one."""

    def __init__(self, message: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PaymentDeclined(UserFacingError):
    """The card or account refused the payment; the same payment may be retried with another card."""

    def __init__(self, message: str, *, code: str | None = None, decline_code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.decline_code = decline_code


class GatewayRejected(UserFacingError):
    """Stripe refused the request itself (bad key, missing permission, invalid parameters)."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ReaderUnavailable(UserFacingError):
    """The card reader is offline or busy with another action (`code`: Stripe's, e.g. terminal_reader_offline)."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class DatabaseBusy(InfrastructureError, UserFacingError):
    """This desk's database stayed locked by another writer for longer than the busy time-out."""


class InvoiceNumberTaken(InfrastructureError):
    """The number the series counter gave is already on an invoice (the counter was behind, e.g.
    after a reinstall); the issuing step moves the counter past it and tries again."""


def first_line(err: BaseException) -> str:
    """An error as one short line for a report: its first line, spaces folded, at most 300 characters."""
    text = str(err).strip()
    return " ".join(text.splitlines()[0].split())[:300] if text else type(err).__name__

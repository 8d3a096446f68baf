"""The small error tree every layer speaks.

Adapters translate library errors into these. A `UserFacingError` carries a `Message` from the
catalogue (oncopos.domain.messages): the window shows `error.text(locale)` in the reader's
language, the command line and the logs `str(error)`, which is the English text. Each message
says what happened and what to do next.
"""

from __future__ import annotations

from oncopos.domain.messages import Message, msg, render
from oncopos.domain.redaction import redact


class OncoPOSError(Exception):
    """Base of every error the application raises on purpose."""


class UserFacingError(OncoPOSError):
    """Something a registrar or manager can read and act on.

    Its text passes through the one redaction function: a message built from a URL, a library's
    error or a typed value never shows a password, key or code to the person (or to a log).

    Built from a `Message` (the rule) or, for a sentence that has no French twin yet, a plain
    English string, which then reads the same in both languages.
    """

    def __init__(self, message: Message | str = "", *args: object) -> None:
        self.message: Message | None = message if isinstance(message, Message) else None
        super().__init__(render(message, "en-CA"), *args)

    def __str__(self) -> str:
        return redact(super().__str__())

    def text(self, locale: str | None = None) -> str:
        """What a person reads, in `locale` ("fr-CA", "en-CA"; None: the reader's language at this
        desk, see messages.use_reader_locale): the window's and the emails' text."""
        if self.message is None:
            return str(self)
        return redact(render(self.message, locale))


class InvalidInput(UserFacingError):
    """What a person typed cannot be used (an amount, an email, a code)."""

    def __init__(self, message: Message | str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidAmount(InvalidInput):
    """An amount that cannot be parsed or is outside what the payment rules allow."""

    def __init__(self, message: Message | str) -> None:
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

    def __init__(self, message: Message | str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PaymentDeclined(UserFacingError):
    """The card or account refused the payment; the same payment may be retried with another card."""

    def __init__(self, message: Message | str, *, code: str | None = None, decline_code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.decline_code = decline_code


class GatewayRejected(UserFacingError):
    """Stripe refused the request itself (bad key, missing permission, invalid parameters)."""

    def __init__(self, message: Message | str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ReaderUnavailable(UserFacingError):
    """The card reader is offline or busy with another action (`code`: Stripe's, e.g. terminal_reader_offline)."""

    def __init__(self, message: Message | str, *, code: str | None = None) -> None:
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


def error_message(err: BaseException) -> Message | str:
    """An error as a parameter of another message ("Nothing was charged. {reason}"): a
    `UserFacingError`'s own message, rendered in the outer message's language; else its English text."""
    if isinstance(err, UserFacingError) and err.message is not None:
        return err.message
    return str(err)


def error_text(err: BaseException, locale: str | None) -> str:
    """Any error as a person at the desk reads it: a `UserFacingError` in `locale`, anything else
    as the catalogue's one line for an unexpected problem (never a traceback or a library's words)."""
    if isinstance(err, UserFacingError):
        return err.text(locale)
    return render(Message("error.unexpected", {"kind": type(err).__name__}), locale)


class SinUnreadable(UserFacingError):
    """A social insurance number is on file, sealed, but this desk cannot open it."""

    def __init__(self, *, missing_key: bool) -> None:
        super().__init__(msg("tuition.sin_no_key" if missing_key else "tuition.sin_other_key"))
        self.missing_key = missing_key

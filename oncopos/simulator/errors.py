"""The simulator's error: rendered as Stripe's JSON envelope with Stripe's HTTP status.

Error codes are Stripe's own (the `code` values listed in the SDK's error object); an error Stripe
sends without a code is sent here without one, never with a code made up by the simulator.
"""

from __future__ import annotations

from typing import Any

_TYPE_BY_STATUS = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    402: "card_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    409: "idempotency_error",
    429: "invalid_request_error",
}


class SimError(Exception):
    """An error answer.

    `validation` marks a request that failed parameter validation: Stripe saves nothing under its
    idempotency key, so the same key works once the request is fixed. Every other error raised
    while an endpoint runs (a reader offline, an object in the wrong state, a card declined, a 500)
    is saved and replayed, as Stripe does once an endpoint has begun executing.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str | None = None,
        code: str | None = None,
        decline_code: str | None = None,
        param: str | None = None,
        validation: bool = False,
        store: bool | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type or _TYPE_BY_STATUS.get(status, "api_error")
        self.code = code
        self.decline_code = decline_code
        self.param = param
        self.validation = validation
        self.store = (not validation) if store is None else store
        self.extra = extra or {}

    def envelope(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://docs.stripe.com/error-codes/{self.code.replace('_', '-')}"
        if self.decline_code:
            error["decline_code"] = self.decline_code
        if self.param:
            error["param"] = self.param
        error.update(self.extra)
        return {"error": error}


def invalid(message: str, param: str | None = None, code: str | None = None) -> SimError:
    """A 400 for a request that fails validation (nothing is saved under its idempotency key)."""
    return SimError(400, message, param=param, code=code, validation=True)


def not_found(kind: str, object_id: str, param: str = "id") -> SimError:
    return SimError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)

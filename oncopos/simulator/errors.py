"""The simulator's error: rendered as Stripe's JSON envelope with Stripe's HTTP status."""

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
    """An error answer. `store` says whether idempotency keeps it: validation failures are not kept."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str | None = None,
        code: str | None = None,
        decline_code: str | None = None,
        param: str | None = None,
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
        # Stripe saves a result only once the endpoint started executing: card errors and 500s yes,
        # parameter validation no.
        self.store = store if store is not None else (self.type in ("card_error", "api_error"))
        self.extra = extra or {}

    def envelope(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
        if self.decline_code:
            error["decline_code"] = self.decline_code
        if self.param:
            error["param"] = self.param
        error.update(self.extra)
        return {"error": error}


def not_found(kind: str, object_id: str, param: str = "id") -> SimError:
    return SimError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)

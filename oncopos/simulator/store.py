"""The simulator's in-memory state: objects by id, events, balance transactions, keys, idempotency.

One lock serialises every request, which is simpler than Stripe's concurrency and good enough for
a front desk and for tests. The clock can be moved forward so tests can watch a session expire.
"""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import SimError, invalid, not_found

# Resource kind for each id prefix, used by `expand[]` and by lookups.
PREFIX_KIND = {
    "pi": "payment_intent", "ch": "charge", "re": "refund", "cs": "checkout.session",
    "tml": "terminal.location", "tmr": "terminal.reader", "txn": "balance_transaction",
    "evt": "event", "pm": "payment_method", "po": "payout",
}
KIND_NAME = {
    "payment_intent": "payment_intent", "charge": "charge", "refund": "refund",
    "checkout.session": "checkout.session", "terminal.location": "terminal.location",
    "terminal.reader": "terminal.reader", "balance_transaction": "balance transaction", "event": "event",
    "payout": "payout",
}

# Restricted-key permissions; a write permission includes the read one.
ALL_PERMISSIONS = frozenset({
    "payment_intent_write", "checkout_session_write", "terminal_reader_write", "terminal_location_write",
    "refund_write", "charge_read", "event_read", "balance_transaction_read", "payout_read",
})


# Stripe keeps a key's result for at least 24 hours, then may prune it (a reuse is then a new request).
IDEMPOTENCY_LIFETIME = 24 * 3600
# What a fresh Canadian account takes; a test may drop one (Interac not enabled) to see it filtered out.
DEFAULT_PAYMENT_METHODS = frozenset({"card", "card_present", "interac_present"})


@dataclass
class IdempotentResult:
    fingerprint: str
    status: int
    body: bytes
    saved_at: int = 0


@dataclass
class State:
    base_url: str = ""
    api_key: str | None = None
    clock_offset: int = 0
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Insertion order per kind; Stripe lists are newest first, so we walk these backwards.
    order: dict[str, list[str]] = field(default_factory=dict)
    restricted_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    revoked_keys: set[str] = field(default_factory=set)
    idempotency: dict[tuple[str, str], IdempotentResult] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    request_count: int = 0
    read_count: int = 0  # the GETs among them: what a desk's polling costs against Stripe's rate limit
    replay_count: int = 0  # answers replayed from the idempotency store (Idempotent-Replayed: true)
    # Payment method types the account is set up for; `allowed_payment_method_types` is filtered by it.
    account_payment_methods: frozenset[str] = DEFAULT_PAYMENT_METHODS
    # Seconds a presented card spends in authorisation (PaymentIntent `processing`); 0 = at once.
    authorisation_seconds: int = 0
    # Stripe's default for a Canadian account: an automatic payout each day of the funds that became
    # available that day; "manual" leaves the balance in Stripe (the simulator makes no manual payouts).
    payout_schedule: str = "daily"
    _seq: int = 0
    # Hooks the resource modules install so lazy expiry can run on any read.
    on_read: list[Callable[[State], None]] = field(default_factory=list)

    # --- time and ids -------------------------------------------------------------------------
    def now(self) -> int:
        return int(time.time()) + self.clock_offset

    def advance_clock(self, seconds: int) -> None:
        """Move the simulator's clock forward (expiry tests); never backwards."""
        with self.lock:
            self.clock_offset += max(0, int(seconds))

    def new_id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}_{secrets.token_hex(8)}{self._seq:06d}"

    # --- objects ------------------------------------------------------------------------------
    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        if obj["id"] not in self.objects:
            self.order.setdefault(obj["object"], []).append(obj["id"])
        self.objects[obj["id"]] = obj
        return obj

    def get(self, kind: str, object_id: str, param: str = "id") -> dict[str, Any]:
        obj = self.objects.get(object_id or "")
        if obj is None or obj["object"] != kind:
            raise not_found(KIND_NAME.get(kind, kind), object_id, param)
        return obj

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Newest first, as Stripe lists."""
        return [self.objects[i] for i in reversed(self.order.get(kind, []))]

    def render(self, obj: dict[str, Any]) -> dict[str, Any]:
        """A copy for the wire; keys starting with `_` are the simulator's own bookkeeping."""
        return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}

    def saved_result(self, slot: tuple[str, str]) -> IdempotentResult | None:
        saved = self.idempotency.get(slot)
        if saved is not None and self.now() - saved.saved_at >= IDEMPOTENCY_LIFETIME:
            del self.idempotency[slot]
            return None
        return saved

    def save_result(self, slot: tuple[str, str], fingerprint: str, status: int, body: bytes) -> None:
        self.idempotency[slot] = IdempotentResult(fingerprint, status, body, self.now())

    def refresh(self) -> None:
        for hook in self.on_read:
            hook(self)

    # --- events -------------------------------------------------------------------------------
    def emit(self, event_type: str, obj: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        from .objects import event_object

        evt = event_object(self.new_id("evt"), event_type, self.now(), self.render(obj), previous)
        return self.put(evt)

    # --- keys ---------------------------------------------------------------------------------
    def add_restricted_key(self, key: str, permissions: set[str] | frozenset[str]) -> None:
        """Register a restricted test key (rk_test_...) that may only do what `permissions` allow."""
        unknown = set(permissions) - ALL_PERMISSIONS - {p.replace("_write", "_read") for p in ALL_PERMISSIONS}
        if unknown:
            raise ValueError(f"unknown permissions: {sorted(unknown)}")
        with self.lock:
            self.restricted_keys[key] = frozenset(permissions)

    def revoke_key(self, key: str) -> None:
        with self.lock:
            self.revoked_keys.add(key)

    def authorize(self, key: str | None, permission: str | None) -> None:
        if not key:
            raise SimError(
                401, "You did not provide an API key. You need to provide your API key in the Authorization "
                "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            )
        masked = f"{key[:8]}{'*' * 12}{key[-4:]}" if len(key) > 12 else "****"
        valid_shape = key.startswith(("sk_test_", "rk_test_"))
        known = key in self.restricted_keys or (self.api_key is None or key == self.api_key)
        if not valid_shape or not known or key in self.revoked_keys:
            # Stripe answers an unknown or revoked key with no error code (api_key_expired is for expired keys).
            raise SimError(401, f"Invalid API Key provided: {masked}")
        allowed = self.restricted_keys.get(key)
        if allowed is None or permission is None:
            return
        wanted = {permission}
        if permission.endswith("_read"):
            wanted.add(permission[: -len("_read")] + "_write")
        if not wanted & allowed:
            raise SimError(
                403,
                f"The provided key '{masked}' does not have the required permissions for this endpoint on "
                f"account 'acct_simulator'. Having the 'rak_{permission}' permission would allow this request "
                "to continue.",
                type="invalid_request_error",
            )


def page(state: State, items: list[dict[str, Any]], params: dict[str, Any], url: str) -> dict[str, Any]:
    """A Stripe list object over `items` (already newest first) honouring limit / starting_after / ending_before."""
    from .params import as_int

    limit = as_int(params.get("limit", 10), "limit")
    if not 1 <= limit <= 100:
        raise invalid("This value must be greater than or equal to 1 and less than or equal to 100.", "limit")
    ids = [o["id"] for o in items]
    after, before = params.get("starting_after"), params.get("ending_before")
    if after:
        if after not in ids:
            raise not_found("object", after, "starting_after")
        start = ids.index(after) + 1
        chunk = items[start:start + limit]
        has_more = start + limit < len(items)
    elif before:
        if before not in ids:
            raise not_found("object", before, "ending_before")
        end = ids.index(before)
        chunk = items[max(0, end - limit):end]
        has_more = end - limit > 0
    else:
        chunk = items[:limit]
        has_more = len(items) > limit
    return {"object": "list", "data": [state.render(o) for o in chunk], "has_more": has_more, "url": url}


def created_filter(params: dict[str, Any], name: str = "created") -> Callable[[dict[str, Any]], bool]:
    """A filter on the timestamp field `name` (`created`, a payout's `arrival_date`): exact or gt/gte/lt/lte."""
    from .params import as_int

    spec = params.get(name)
    if spec in (None, ""):
        return lambda _o: True
    if not isinstance(spec, dict):
        exact = as_int(spec, name)
        return lambda o: o[name] == exact
    bounds = {op: as_int(v, f"{name}[{op}]") for op, v in spec.items()}
    for op in bounds:
        if op not in ("gt", "gte", "lt", "lte"):
            raise invalid(f"Received unknown parameter: {name}[{op}]", f"{name}[{op}]", "parameter_unknown")

    def keep(o: dict[str, Any]) -> bool:
        c = o[name]
        return (
            ("gt" not in bounds or c > bounds["gt"]) and ("gte" not in bounds or c >= bounds["gte"])
            and ("lt" not in bounds or c < bounds["lt"]) and ("lte" not in bounds or c <= bounds["lte"])
        )

    return keep

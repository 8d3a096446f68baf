"""Events and balance transactions: what a desktop without webhooks sweeps to catch up."""

from __future__ import annotations

from typing import Any

from .errors import invalid
from .params import as_list, check_known
from .router import route
from .store import State, created_filter, page


@route("GET", "/v1/events", "event_read")
def list_events(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "type", "types",
                         "delivery_success"})
    types = as_list(params.get("types"), "types")
    if params.get("type") and types:
        raise invalid("You may only specify one of these parameters: type, types.", "types", "parameters_exclusive")
    if len(types) > 20:
        raise invalid("You may pass at most 20 types.", "types")
    keep = created_filter(params)
    wanted = set(types) or ({params["type"]} if params.get("type") else None)

    def match_type(t: str) -> bool:
        if wanted is None:
            return True
        return any(t == w or (w.endswith(".*") and t.startswith(w[:-1])) for w in wanted)

    items = [e for e in state.all("event") if keep(e) and match_type(e["type"])]
    return page(state, items, params, "/v1/events")


@route("GET", "/v1/events/{id}", "event_read")
def get_event(state: State, params: dict[str, Any], eid: str) -> dict[str, Any]:
    return state.get("event", eid)


@route("GET", "/v1/balance_transactions", "balance_transaction_read")
def list_balance_transactions(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "type", "source", "payout",
                         "currency"})
    keep = created_filter(params)
    payout = params.get("payout")
    if payout:
        # "For automatic Stripe payouts only": what was paid out on that payout, its own transaction included.
        state.get("payout", payout, "payout")
    items = [t for t in state.all("balance_transaction") if keep(t)
             and (not params.get("type") or t["type"] == params["type"])
             and (not params.get("source") or t["source"] == params["source"])
             and (not payout or t.get("_payout") == payout)]
    return page(state, items, params, "/v1/balance_transactions")


@route("GET", "/v1/balance_transactions/{id}", "balance_transaction_read")
def get_balance_transaction(state: State, params: dict[str, Any], tid: str) -> dict[str, Any]:
    return state.get("balance_transaction", tid)

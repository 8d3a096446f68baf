"""Payouts endpoints: list and retrieve (automatic payouts only; see docs/SIMULATOR.md)."""

from __future__ import annotations

from typing import Any

from .errors import invalid
from .params import check_known
from .router import route
from .store import State, created_filter, page

STATUSES = ("paid", "pending", "in_transit", "canceled", "failed")


@route("GET", "/v1/payouts", "payout_read")
def list_payouts(state: State, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "arrival_date", "destination",
                         "status", "expand"})
    status = params.get("status")
    if status not in (None, "") and status not in STATUSES:
        raise invalid(f"Invalid status: must be one of {', '.join(STATUSES)}", "status")
    keep_created, keep_arrival = created_filter(params), created_filter(params, "arrival_date")
    items = [p for p in state.all("payout") if keep_created(p) and keep_arrival(p)
             and (not status or p["status"] == status)
             and (not params.get("destination") or p["destination"] == params["destination"])]
    return page(state, items, params, "/v1/payouts")


@route("GET", "/v1/payouts/{id}", "payout_read")
def get_payout(state: State, params: dict[str, Any], pid: str) -> dict[str, Any]:
    check_known(params, {"expand"})
    return state.get("payout", pid)

"""A tiny route table: (method, path pattern) -> handler, with the restricted-key permission it needs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .store import State

Handler = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    permission: str | None


ROUTES: list[Route] = []


def route(method: str, path: str, permission: str | None) -> Callable[[Handler], Handler]:
    """Register `handler(state, params, *ids)`; `{id}` in `path` captures one path segment."""
    regex = re.compile("^" + re.sub(r"\{\w+\}", r"([^/]+)", path) + "$")

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, regex, handler, permission))
        return handler

    return register


def match(method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
    for r in ROUTES:
        if r.method == method:
            m = r.pattern.match(path)
            if m:
                return r, m.groups()
    return None


def path_exists(path: str) -> bool:
    return any(r.pattern.match(path) for r in ROUTES)


def call(state: State, r: Route, params: dict[str, Any], ids: tuple[str, ...]) -> dict[str, Any]:
    return r.handler(state, params, *ids)

"""Stripe's form encoding (`a[b][c]=1`, `a[0][x]=2`, `a[]=3`) to nested dicts and lists, and back.

The real SDK sends every request this way, so the simulator has to read it exactly as Stripe does
to catch the same mistakes (an unknown parameter, a wrong type) that production would.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from .errors import invalid

_KEY_PART = re.compile(r"\[([^\]]*)\]")


def _split_key(key: str) -> list[str]:
    head, _, rest = key.partition("[")
    parts = [head]
    if rest:
        parts.extend(_KEY_PART.findall("[" + rest))
    return parts


def _insert(root: dict[str, Any], parts: list[str], value: str) -> None:
    node: Any = root
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        nxt = None if last else parts[i + 1]
        child_default: Any = [] if (nxt == "" or (nxt is not None and nxt.isdigit())) else {}
        if isinstance(node, list):
            if part == "":
                if last:
                    node.append(value)
                    return
                node.append(child_default)
                node = node[-1]
                continue
            index = int(part)
            while len(node) <= index:
                node.append(None)
            if last:
                node[index] = value
                return
            if node[index] is None:
                node[index] = child_default
            node = node[index]
        else:
            if last:
                node[part] = value
                return
            if part not in node or node[part] is None:
                node[part] = child_default
            node = node[part]


def parse_form(body: str) -> dict[str, Any]:
    """Parse a form body or query string into nested dicts/lists of strings."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        _insert(result, _split_key(key), value)
    return _lists_from_index_dicts(result)


def _lists_from_index_dicts(value: Any) -> Any:
    # `a[0][x]` arrives as a list already; this only cleans the holes a sparse index may leave.
    if isinstance(value, dict):
        return {k: _lists_from_index_dicts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lists_from_index_dicts(v) for v in value if v is not None]
    return value


def check_known(params: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
    """Reject unknown keys with Stripe's own wording ("Received unknown parameter: x")."""
    for key in params:
        if key not in allowed and key != "expand":
            name = f"{prefix}[{key}]" if prefix else key
            raise invalid(f"Received unknown parameter: {name}", name, "parameter_unknown")


def require(params: dict[str, Any], name: str) -> Any:
    if params.get(name) in (None, ""):
        raise invalid(f"Missing required param: {name}.", name, "parameter_missing")
    return params[name]


def as_int(value: Any, name: str, *, minimum: int | None = None) -> int:
    if isinstance(value, int):
        result = value
    else:
        text = str(value)
        if not re.fullmatch(r"-?\d+", text):
            raise invalid(f"Invalid integer: {text}", name, "parameter_invalid_integer")
        result = int(text)
    if minimum is not None and result < minimum:
        raise invalid(f"This value must be greater than or equal to {minimum}.", name, "parameter_invalid_integer")
    return result


def as_bool(value: Any, name: str) -> bool:
    if value in (True, "true"):
        return True
    if value in (False, "false"):
        return False
    raise invalid(f"Invalid boolean: {value}", name)


def as_metadata(value: Any, name: str = "metadata") -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise invalid("Invalid object", name)
    if len(value) > 50:
        raise invalid("Metadata can have at most 50 keys.", name)
    return {str(k): str(v) for k, v in value.items()}


def as_list(value: Any, name: str) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    raise invalid("Invalid array", name)

"""Repositories hand the services records, never ORM rows, and the unit of work is a typed port.

mypy proves that SqlUnitOfWork satisfies `services.ports.UnitOfWork` (build_scripts/test.sh runs it);
these checks keep the port whole and honest: every repository and every public method has its
protocol, what a repository returns is a frozen record (a service cannot change a row behind the
repository's back), and no service takes an untyped unit of work.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from oncopos.services import money_stores, ports, stores

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
REPOSITORIES = PACKAGE / "adapters" / "db" / "repositories"
PLAIN = {int, str, bool, bytes, float, object, type(None), uuid.UUID, date, datetime, ZoneInfo}
CONTAINERS = {list, tuple, dict, set, frozenset, Callable, Iterable, Iterator, Sequence, Mapping}


def unit_of_work_repositories() -> dict[str, str]:
    """{uow attribute: repository class} as SqlUnitOfWork builds them: each a cached property
    returning `SomeRepository(self._open())`, made when a step first uses it."""
    tree = ast.parse((PACKAGE / "adapters" / "db" / "uow.py").read_text(encoding="utf-8"))
    found = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef)
                and any(isinstance(d, ast.Name) and d.id == "cached_property" for d in node.decorator_list)):
            returned = node.body[-1]
            assert isinstance(returned, ast.Return) and isinstance(returned.value, ast.Call), node.name
            assert isinstance(returned.value.func, ast.Name), node.name
            found[node.name] = returned.value.func.id
    return found


def test_the_unit_of_work_is_read_for_its_repositories() -> None:
    # The checks below are parametrised over what this finds: finding nothing would pass them all.
    assert len(unit_of_work_repositories()) >= 20


def port_of(attribute: str) -> type:
    hints = typing.get_type_hints(getattr(ports.UnitOfWork, attribute).fget, vars(stores) | vars(money_stores))
    return typing.cast(type, hints["return"])


def public_methods(cls_name: str) -> dict[str, ast.FunctionDef]:
    for path in REPOSITORIES.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name == cls_name:
                return {f.name: f for f in node.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")}
    raise LookupError(cls_name)


def test_every_repository_of_the_unit_of_work_has_a_port() -> None:
    built = unit_of_work_repositories()
    declared = {name for name, member in inspect.getmembers(ports.UnitOfWork) if isinstance(member, property)}
    assert set(built) == declared


@pytest.mark.parametrize(("attribute", "repository"), sorted(unit_of_work_repositories().items()))
def test_each_port_names_every_public_method(attribute: str, repository: str) -> None:
    protocol = port_of(attribute)
    methods = public_methods(repository)
    for name, node in methods.items():
        assert hasattr(protocol, name), f"{protocol.__name__} lacks {name} (see {repository})"
        a = node.args
        wanted = [x.arg for x in [*a.args, *([a.vararg] if a.vararg else []), *a.kwonlyargs, *([a.kwarg] if a.kwarg else [])]
                  if x.arg != "self"]
        got = [p for p in inspect.signature(getattr(protocol, name)).parameters if p != "self"]
        assert got == wanted, f"{protocol.__name__}.{name}"


def plain_or_frozen(hint: object, where: str) -> None:
    """What a repository hands out: plain values, containers of them, or frozen dataclasses."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) or origin in CONTAINERS or origin is typing.Literal:
        for arg in typing.get_args(hint):
            if isinstance(arg, list):  # Callable[[args], result]
                for a in arg:
                    plain_or_frozen(a, where)
            elif arg is not Ellipsis and typing.get_origin(hint) is not typing.Literal:
                plain_or_frozen(arg, where)
        return
    if hint in PLAIN or (hint is typing.Any and where.endswith("digest_for")):
        return
    assert isinstance(hint, type), f"{where}: {hint!r}"
    if issubclass(hint, (str, int)):  # enums
        return
    assert dataclasses.is_dataclass(hint), f"{where} hands out {hint.__qualname__}, which is not a record"
    assert hint.__dataclass_params__.frozen, f"{where} hands out {hint.__qualname__}, which is not frozen"  # type: ignore[attr-defined]


@pytest.mark.parametrize("attribute", sorted(unit_of_work_repositories()))
def test_repositories_return_frozen_records(attribute: str) -> None:
    protocol = port_of(attribute)
    namespace = vars(stores) | vars(money_stores) | vars(ports)
    for name, member in inspect.getmembers(protocol, inspect.isfunction):
        if name.startswith("_"):
            continue
        hints = typing.get_type_hints(member, namespace)
        plain_or_frozen(hints.get("return", type(None)), f"uow.{attribute}.{name}")


def test_no_untyped_unit_of_work() -> None:
    untyped = re.compile(r"uow[a-z_]*: Any\b|uow_factory: Callable\[\[\], Any\]")
    offenders = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if untyped.search(line)]
    assert offenders == []

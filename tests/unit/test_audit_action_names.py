"""Every action the audit trail can record has a name in both languages, one name per action.

The actions are found by reading the source: each `audit.record(actor, action, ...)` call (and the
central database's `AuditRepository(...).record`), its action followed back to where it is written:
a literal, either side of a conditional, a local assignment, or a parameter filled in by the
function's callers (`_audit(actor, "invoice.printed", ...)`, `step(..., audit="payment.retried")`).
An f-string action names its possible values in `FORMATTED` below, taken from the domain, so an
action added anywhere in oncopos without a name fails here."""

from __future__ import annotations

import ast
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oncopos.domain.audit import action_name, family_name
from oncopos.domain.invoice import Kind
from oncopos.domain.messages import catalogue
from oncopos.domain.messages_audit import ACTIONS, FAMILIES, SAME_AS_REFUND_STEP
from oncopos.domain.payment import FINAL, PaymentStatus, PaymentStep
from oncopos.domain.refund import RefundStep
from oncopos.domain.till import CASH_IN, PAID_OUT

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"

#: The values each f-string action's placeholder can take (its source text as ast.unparse writes it).
FORMATTED: dict[str, tuple[str, ...]] = {
    "f'till.{kind}'": (CASH_IN, PAID_OUT),  # TillService._move: cash in, paid out
    "f'payment.{target}'": tuple(sorted(FINAL - {PaymentStatus.SUCCEEDED})),  # Recorder.closed
    "f'{doc.kind}.issued'": typing.get_args(Kind),  # an invoice or a credit note
    "f'{record.kind}.voided'": typing.get_args(Kind),
}


class Unresolved(Exception):
    """An action expression the scan cannot follow back to its codes."""


@dataclass(frozen=True)
class Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST]

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


def _modules() -> list[Module]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        modules.append(Module(path, tree, parents))
    return modules


def _is_audit_record(call: ast.Call) -> bool:
    """`uow.audit.record(...)`, `self.audit.record(...)` or `AuditRepository(session).record(...)`."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "record"):
        return False
    receiver = func.value
    if isinstance(receiver, ast.Attribute | ast.Name):
        return (receiver.attr if isinstance(receiver, ast.Attribute) else receiver.id) == "audit"
    return isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "AuditRepository"


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return call.args[position] if position < len(call.args) else None


class Scan:
    def __init__(self) -> None:
        self.modules = _modules()

    def actions(self) -> dict[str, set[str]]:
        """Each action code that can be recorded, with where it is recorded."""
        found: dict[str, set[str]] = {}
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _is_audit_record(node):
                    expression = _argument(node, 1, "action")
                    if expression is None:
                        raise Unresolved(f"{module.where(node)}: an audit record without its action")
                    for code in self.resolve(expression, module):
                        found.setdefault(code, set()).add(module.where(node))
        return found

    def resolve(self, expression: ast.expr, module: Module, depth: int = 0) -> set[str]:
        if depth > 5:
            raise Unresolved(f"{module.where(expression)}: followed too far")
        if isinstance(expression, ast.Constant):
            if expression.value is None:
                return set()  # no audit event (`audit: str | None = None`)
            if isinstance(expression.value, str):
                return {expression.value}
        if isinstance(expression, ast.IfExp):
            return self.resolve(expression.body, module, depth) | self.resolve(expression.orelse, module, depth)
        if isinstance(expression, ast.JoinedStr):
            source = ast.unparse(expression)
            if source not in FORMATTED:
                raise Unresolved(f"{module.where(expression)}: say in FORMATTED which values {source} can take")
            values = FORMATTED[source]
            [placeholder] = [part for part in expression.values if isinstance(part, ast.FormattedValue)]
            template = source[2:-1].replace("{" + ast.unparse(placeholder.value) + "}", "{}")
            return {template.format(value) for value in values}
        if isinstance(expression, ast.Name):
            return self._resolve_name(expression, module, depth)
        raise Unresolved(f"{module.where(expression)}: cannot tell which actions {ast.unparse(expression)} records")

    def _resolve_name(self, name: ast.Name, module: Module, depth: int) -> set[str]:
        function = module.function_of(name)
        if function is None:
            raise Unresolved(f"{module.where(name)}: {name.id} outside a function")
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        keyword_only = [a.arg for a in function.args.kwonlyargs]
        if name.id in parameters or name.id in keyword_only:
            return self._from_callers(function, name.id, parameters, module, depth)
        values: set[str] = set()
        assigned = False
        for node in ast.walk(function):
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                for bound, value in _bindings(target, node.value):
                    if bound == name.id:
                        assigned = True
                        values |= self.resolve(value, module, depth + 1)
        if not assigned:
            raise Unresolved(f"{module.where(name)}: {name.id} is not assigned in {function.name}")
        return values

    def _from_callers(self, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str,
                      parameters: list[str], home: Module, depth: int) -> set[str]:
        """What the callers of `function` pass as `parameter`: found by its name in its own module when
        it is private (`_audit`), anywhere in oncopos otherwise (`step(..., audit=...)`)."""
        bound_self = bool(parameters) and parameters[0] in ("self", "cls")
        position = parameters.index(parameter) - bound_self if parameter in parameters else 10_000
        values: set[str] = set()
        callers = 0
        for module in [home] if function.name.startswith("_") else self.modules:
            for node in ast.walk(module.tree):
                if not isinstance(node, ast.Call):
                    continue
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if called != function.name:
                    continue
                callers += 1
                argument = _argument(node, position, parameter)
                if argument is not None:
                    values |= self.resolve(argument, module, depth + 1)
        if callers == 0:
            raise Unresolved(f"{function.name}({parameter}) is never called")
        return values


def _bindings(target: ast.expr, value: ast.expr) -> Iterator[tuple[str, ast.expr]]:
    """`action = "x"` and `action, audit = "x", {...}`: each name with the expression it receives."""
    if isinstance(target, ast.Name):
        yield target.id, value
    elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
        for element, part in zip(target.elts, value.elts, strict=True):
            yield from _bindings(element, part)


@pytest.fixture(scope="module")
def recorded() -> dict[str, set[str]]:
    return Scan().actions()


def test_the_scan_finds_every_kind_of_action(recorded: dict[str, set[str]]) -> None:
    assert len(recorded) > 100, "the scan found too few actions; is uow.audit.record still how they are written?"
    expected = {
        "staff.sign_in_failed",  # a literal
        "secret.replaced", "secret.set",  # either side of a conditional
        "course.created", "course.updated",  # assigned as part of a tuple
        "invoice.printed",  # a parameter of a helper, from its caller
        "payment.retried", "refund.on_reader",  # a keyword parameter, from callers in other modules
        "till.paid_out", "payment.expired", "credit_note.voided",  # an f-string
        "sync.overpayment_settled", "sync.desk_restored",  # the central database's AuditRepository
    }
    assert expected <= set(recorded)


def test_every_action_recorded_anywhere_has_a_name(recorded: dict[str, set[str]]) -> None:
    missing = [f"{code} ({', '.join(sorted(where))})" for code, where in sorted(recorded.items()) if code not in ACTIONS]
    assert not missing, "name these in oncopos/domain/messages_audit.py ACTIONS:\n" + "\n".join(missing)


def test_the_catalogue_names_no_action_that_is_never_recorded(recorded: dict[str, set[str]]) -> None:
    assert sorted(set(ACTIONS) - set(recorded)) == []


@pytest.mark.parametrize("language", [0, 1], ids=["English", "French"])
def test_each_name_is_given_to_one_action(language: int) -> None:
    names: dict[str, list[str]] = {}
    for code, texts in ACTIONS.items():
        names.setdefault(texts[language].casefold(), []).append(code)
    assert {name: codes for name, codes in names.items() if len(codes) > 1} == {}


def test_every_family_of_actions_has_a_name_of_its_own() -> None:
    assert {code.split(".")[0] for code in ACTIONS} == set(FAMILIES)
    for language in (0, 1):
        names = [texts[language].casefold() for texts in FAMILIES.values()]
        assert len(set(names)) == len(names)
    assert family_name("till", "fr-CA") == "Tiroir-caisse (toutes les actions)"
    assert family_name("desk", "fr-CA") == "desk.*"


def _journal_steps() -> dict[str, tuple[str, str]]:
    return {key.removeprefix("payment.step."): texts for key, texts in catalogue().items()
            if key.startswith("payment.step.")}


def test_every_step_of_a_payments_journal_has_a_name() -> None:
    """The history's Steps: a payment's steps and its refunds' steps share the payment's journal."""
    assert {str(step) for step in (*PaymentStep, *RefundStep)} <= set(_journal_steps())


def test_where_the_payment_journal_names_the_same_step_the_audit_says_it_in_the_same_words() -> None:
    steps = _journal_steps()
    same = {code: code.removeprefix("payment.") for code in ACTIONS
            if code.startswith("payment.") and code.removeprefix("payment.") in steps} | SAME_AS_REFUND_STEP
    assert len(same) >= 25
    assert {code: (ACTIONS[code], steps[step]) for code, step in same.items() if ACTIONS[code] != steps[step]} == {}


def test_an_action_is_named_in_the_readers_language_and_an_unknown_one_shows_as_recorded() -> None:
    assert action_name("staff.sign_in_failed", "fr-CA") == "Connexion refusée"
    assert action_name("staff.sign_in_failed", "en-CA") == "Sign-in refused"
    assert action_name("payment.code_sent", "fr-CA") == "Code à usage unique envoyé par courriel"
    assert action_name("desk.teleported", "fr-CA") == "desk.teleported"  # a later version's, synced in
    assert action_name("", "fr-CA") == ""


def test_the_scan_follows_an_action_through_a_helper_and_refuses_what_it_cannot_follow() -> None:
    scan = Scan()
    source = ("def save(uow, actor, new):\n"
              "    action = 'thing.created' if new else 'thing.changed'\n"
              "    uow.audit.record(actor, action)\n"
              "def odd(uow, actor, code):\n"
              "    uow.audit.record(actor, code.upper())\n")
    tree = ast.parse(source)
    module = Module(PACKAGE / "sample.py", tree, {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)})
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_audit_record(n)]
    assert scan.resolve(calls[0].args[1], module) == {"thing.created", "thing.changed"}
    with pytest.raises(Unresolved):
        scan.resolve(calls[1].args[1], module)

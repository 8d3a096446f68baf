"""Work handed to a worker thread in the payment and refund windows never touches the window.

A closure run by `Operation` (or by a dialog's `_run`) executes on a worker thread; if it reads or
writes `self` it races the UI thread over the dialog's state (the payment it shows, its flags).
The windows take what the call needs (ids, the actor, the service provider) on the UI thread
first, and only the answer comes back to them. This reads the source, so a new closure that
reaches for `self` fails here before it can race at a desk.
"""

from __future__ import annotations

import ast
from pathlib import Path

import oncopos

UI = Path(oncopos.__file__).parent / "ui"
PACKAGES = ("payments", "refunds")
#: Calls whose first argument runs on a worker thread.
RUNNERS = {"Operation", "_run", "run"}


def _runner(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in RUNNERS and bool(call.args)


def _uses_self(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "self" for n in ast.walk(node))


def worker_closures_using_self(source: str, filename: str) -> list[str]:
    tree = ast.parse(source, filename)
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        local = {n.name: n for n in ast.walk(function) if isinstance(n, ast.FunctionDef) and n is not function}
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call) and _runner(n)):
            work = call.args[0]
            if isinstance(work, ast.Name) and work.id in local:
                work = local[work.id]
            if isinstance(work, (ast.Lambda, ast.FunctionDef)) and _uses_self(work):
                found.append(f"{filename}:{call.lineno} in {function.name}()")
    return sorted(set(found))


def test_no_worker_closure_in_the_payment_and_refund_windows_touches_self():
    found = []
    for package in PACKAGES:
        for path in sorted((UI / package).glob("*.py")):
            found += worker_closures_using_self(path.read_text(encoding="utf-8"), f"{package}/{path.name}")
    assert found == []


def test_the_check_finds_a_closure_that_reads_the_dialog():
    bad = (
        "class D:\n"
        "    def go(self):\n"
        "        Operation(lambda: self._service().poll(self._actor, self.payment.id)).run_in(self._executor)\n"
        "    def start(self):\n"
        "        def start_and_send(service):\n"
        "            self.payment = service.start()\n"
        "        self._run(start_and_send, self._on_sent, self.label)\n"
    )
    good = (
        "class D:\n"
        "    def go(self):\n"
        "        payment_id, service = self.payment.id, self._service\n"
        "        Operation(lambda: service().poll(payment_id)).success(self.shown).run_in(self._executor)\n"
    )
    assert len(worker_closures_using_self(bad, "bad.py")) == 2
    assert worker_closures_using_self(good, "good.py") == []

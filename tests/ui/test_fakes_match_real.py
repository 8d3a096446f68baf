"""Every stand-in the window's tests hand to a view answers the calls the real service answers, with
the same parameters (names, kinds, defaults) and the same declared result, so a change to a real
service's calls fails here instead of leaving a test that exercises a call the app no longer makes.

FakeStudentDirectory is also held to the real directory's answers over the same data
(tests/integration/test_student_directory_contract.py); the others stand for services whose
behaviour has tests of its own against the real database and simulator.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from oncopos.adapters.sync.worker import SyncWorker
from oncopos.services.end_of_day_matching import DayMatching
from oncopos.services.invoices import InvoiceService
from oncopos.services.staff import StaffService
from oncopos.services.students import StudentDirectory

from .fakes import FakeStudentDirectory
from .test_eod_view import FakeMatching
from .test_invoice_history import FakeInvoices
from .test_refund_windows import ManagerApproval
from .test_sync_status import Source

PAIRS: list[tuple[type, type, tuple[str, ...]]] = [
    (FakeStudentDirectory, StudentDirectory, ("search", "enrollments")),
    (FakeInvoices, InvoiceService, ("history", "reprint", "email", "print_document")),
    (FakeMatching, DayMatching, ("match",)),
    (ManagerApproval, StaffService, ("approve_override",)),
    (Source, SyncWorker, ("status",)),
]


def _shape(method: Callable[..., Any]) -> tuple[list[tuple[str, Any, Any, str]], str]:
    # inspect.signature follows functools.wraps (the permission decorators) to the real function.
    signature = inspect.signature(method)
    parameters = [(p.name, p.kind, p.default, str(p.annotation)) for p in signature.parameters.values()]
    return parameters, str(signature.return_annotation)


@pytest.mark.parametrize(("fake", "real", "methods"), PAIRS, ids=[fake.__name__ for fake, _, _ in PAIRS])
def test_the_fake_has_the_real_calls(fake: type, real: type, methods: tuple[str, ...]) -> None:
    for name in methods:
        assert hasattr(real, name), f"{real.__name__} no longer has {name}(): update {fake.__name__}"
        assert _shape(getattr(fake, name)) == _shape(getattr(real, name)), f"{fake.__name__}.{name} differs from {real.__name__}"

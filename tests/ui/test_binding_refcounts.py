"""The Qt binding must not steal references from True and None.

PySide6 6.12.0 returns the result of `Signal.emit()` (True), of `QCoreApplication.processEvents()`
(None) and of `QObject.property()` for an unset name (None) without taking a new reference, so
every call drops the shared reference count of True or None by one. The desk emits signals all day;
once True's count reaches zero the interpreter aborts with "Fatal Python error: bool_dealloc", most
often while quitting, when modules let go of their references. The lock files pin a release
without the fault; this test fails on one that has it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal

CALLS = 500  # enough to see the drift, far from the count that would abort this process


class _Emitter(QObject):
    ping = Signal()
    value = Signal(object)


def _drift(call) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    return after[0] - before[0], after[1] - before[1], after[2] - before[2]


def test_emitting_a_signal_keeps_the_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.value.connect(received.append)
    assert all(abs(d) < CALLS // 10 for d in _drift(emitter.ping.emit))
    assert all(abs(d) < CALLS // 10 for d in _drift(lambda: emitter.value.emit(1)))
    received.clear()


def test_processing_events_and_reading_unset_properties_keep_the_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    QCoreApplication.processEvents()
    assert all(abs(d) < CALLS // 10 for d in _drift(QCoreApplication.processEvents))
    emitter = _Emitter()
    assert all(abs(d) < CALLS // 10 for d in _drift(lambda: emitter.property("never set")))

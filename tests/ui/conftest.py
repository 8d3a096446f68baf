"""pytest-qt set-up for the window tests."""

from __future__ import annotations

import os

# Before any Qt import: without a display Qt would abort the whole pytest process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from oncopos.ui.operations import DatabaseExecutor

from .fakes import FakeStudentDirectory, sample_enrollments, sample_students


@pytest.fixture
def directory() -> FakeStudentDirectory:
    students = sample_students()
    return FakeStudentDirectory(students, sample_enrollments(students))


@pytest.fixture
def db_executor(qapp: object) -> Iterator[DatabaseExecutor]:
    executor = DatabaseExecutor()
    yield executor
    # No worker may outlive the test and call back into a widget pytest-qt has closed.
    executor.shutdown()

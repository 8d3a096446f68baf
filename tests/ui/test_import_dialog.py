"""The CSV import dialog: preview with the rows to correct first, then import with progress."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.services.student_import import StudentImportService
from oncopos.ui.registration.import_dialog import ImportDialog
from tests.integration.registration_helpers import Desk

from .test_registration_dialogs import show

pytestmark = pytest.mark.usefixtures("settled")

HEADER = "first_name,last_name,email,section\n"


def dialog_for(qtbot, desk: Desk, db_executor, clock) -> ImportDialog:  # type: ignore[no-untyped-def]
    service = StudentImportService(lambda: SqlUnitOfWork(desk.factory), clock=clock, series="DESK1", enrollments=desk.enrollments)
    dialog = ImportDialog(service, db_executor, desk.manager)
    show(qtbot, dialog)
    return dialog


def rows(dialog: ImportDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_a_file_with_a_bad_row_shows_it_first_and_cannot_be_imported(  # type: ignore[no-untyped-def]
        qtbot, desk: Desk, db_executor, clock, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, desk, db_executor, clock)
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "Ann,Smith,ann@example.ca,WS-SCALP-2701\nBob,Lee,bob@,\n", encoding="utf-8")
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    table = rows(dialog)
    assert table[0][:3] == ["3", "Bob Lee", "bob@"] and "part after @" in table[0][4]
    assert table[1] == ["2", "Ann Smith", "ann@example.ca", "WS-SCALP-2701", "Ready"]
    assert dialog.summary_label.text() == "1 of 2 rows need correcting. Nothing is imported until every row is right."
    assert not dialog.import_button.isEnabled()


def test_a_good_file_imports_with_progress(qtbot, desk: Desk, db_executor, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, desk, db_executor, clock)
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "Émilie,Bérubé,emilie@videotron.ca,WS-SCALP-2701\nAnn,Smith,ann@example.ca,\n", encoding="utf-8")
    dialog.load_file(path)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (done.args[0].students, done.args[0].enrollments) == (2, 1)
    assert dialog.summary_label.text() == "Imported 2 students (S0000018-DESK1 to S0000026-DESK1) and 1 enrollment."
    with desk.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Student)) == 2
        assert session.scalar(sa.select(sa.func.count()).select_from(Enrollment)) == 1


def test_an_unreadable_file_says_why(qtbot, desk: Desk, db_executor, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, desk, db_executor, clock)
    path = tmp_path / "list.csv"
    path.write_text("name,mail\nAnn,ann@example.ca\n", encoding="utf-8")
    dialog.load_file(path)
    qtbot.waitUntil(lambda: "Unknown columns" in dialog.summary_label.text(), timeout=5000)
    assert not dialog.import_button.isEnabled() and dialog.choose_button.isEnabled()


def test_a_french_desk_reads_the_rows_to_correct_in_french(  # type: ignore[no-untyped-def]
        qtbot, desk: Desk, db_executor, clock, tmp_path: Path) -> None:
    from oncopos.ui.i18n import FRENCH, use_language

    assert use_language(FRENCH)
    dialog = dialog_for(qtbot, desk, db_executor, clock)
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "Ann,Smith,ann@example.ca,NO-SUCH\nBob,Lee,ann@example.ca,WS-SCALP-2701\n,,cy@example.ca,\n",
                    encoding="utf-8")
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    problems = {row[0]: row[4] for row in rows(dialog)}
    assert problems["2"] == "il n’y a aucune section NO-SUCH au catalogue"
    assert problems["3"] == "a le même courriel que la ligne 2"
    assert [row[1] for row in rows(dialog) if row[0] == "4"] == ["(sans nom)"]
    assert dialog.summary_label.text() == ("Lignes à corriger\u00a0: 3 sur 3. Rien n’est importé tant que toutes les "
                                           "lignes ne sont pas correctes.")

"""Manager > Tuition slips (T2202)… on real widgets, over the real year-end service on SQLite (pytest-qt):
the year's students and what blocks each, issuing, a SIN given and shown masked, the PDF and the
XML return saved, the slips sent by email with consent."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.ui.catalogue.editors import CourseEditorDialog, SectionEditorDialog
from oncopos.ui.tuition.model import SlipLineModel
from oncopos.ui.tuition.slips_dialog import TuitionSlipsDialog
from tests.integration.registration_helpers import course
from tests.integration.tuition_desk import MANAGER, REGISTRAR, YearEndDesk, year_end_desk
from tests.tuition_support import GOOD_SIN, add_student, add_study, pay


@pytest.fixture
def year_end(tmp_path: Path) -> Iterator[YearEndDesk]:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(engine)
    desk = year_end_desk(engine)
    ada = add_student(desk.factory, first="Ada", last="Tremblay", email="ada@example.ca")
    ben = add_student(desk.factory, first="Ben", last="Okafor")
    for student, price in ((ada, 910_000), (ben, 200_000)):
        course = add_study(desk.factory, student, name="Oncology Aesthetics Diploma", starts=date(2026, 1, 12),
                           ends=date(2026, 6, 26), minutes_per_week=25 * 60, price_cents=price)
        pay(desk.factory, course, price, at=datetime(2026, 1, 5, 15, tzinfo=UTC))
    desk.service.record_sin(REGISTRAR, ada, GOOD_SIN)
    desk.service.record_email_consent(REGISTRAR, ada, True)
    yield desk
    engine.dispose()


def _row(dialog: TuitionSlipsDialog, last_name: str) -> int:
    return next(i for i, line in enumerate(dialog.model.rows()) if line.student.last_name == last_name)


def test_the_manager_runs_the_year_from_the_screen(qtbot, db_executor, settled, year_end: YearEndDesk,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    dialog = TuitionSlipsDialog(year_end.service, MANAGER, db_executor, today=date(2027, 1, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert dialog.year.value() == 2026 and dialog.deadline.text() == "Filing deadline: March 1, 2027"
    model = dialog.model
    ada, ben = model.row(_row(dialog, "Tremblay")), model.row(_row(dialog, "Okafor"))
    assert model.display(ada, SlipLineModel.FEES) == "$9,100.00" and model.display(ada, SlipLineModel.FULL) == "6"
    assert model.display(ada, SlipLineModel.SIN) == "*** *** 544" and model.display(ada, SlipLineModel.EMAIL) == "Yes"
    assert model.display(ben, SlipLineModel.SIN) == "missing"
    assert model.display(ben, SlipLineModel.BLOCKS) == "No social insurance number: ask the student for it."
    assert "1 slip(s) ready to issue, 1 waiting for the student's record" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "tuition-slips.png"))

    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text() == "1 slip(s) issued; 1 waiting for the student's record.")
    qtbot.waitUntil(lambda: model.display(model.row(_row(dialog, "Tremblay")), SlipLineModel.LAST)
                    == "Original, not filed")
    assert model.display(model.row(_row(dialog, "Tremblay")), SlipLineModel.NEXT) == "Up to date"

    dialog.table.selectRow(_row(dialog, "Okafor"))
    assert dialog.sin_button.isEnabled() and not dialog.amend_button.isEnabled()
    dialog.record_sin(model.row(_row(dialog, "Okafor")).student.id, "130 692 545")
    qtbot.waitUntil(lambda: "not a valid social insurance number" in dialog.status.text())
    dialog.record_sin(model.row(_row(dialog, "Okafor")).student.id, GOOD_SIN)
    qtbot.waitUntil(lambda: model.display(model.row(_row(dialog, "Okafor")), SlipLineModel.SIN) == "*** *** 544")
    assert dialog.status.text() == "SIN recorded: *** *** 544"
    dialog.table.selectRow(_row(dialog, "Okafor"))
    assert dialog.amend_button.isEnabled()
    qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("1 slip(s) issued; 0 waiting"))

    pdf = tmp_path / "ada.pdf"
    dialog.save_pdf(model.row(_row(dialog, "Tremblay")).last_slip.id, pdf)  # type: ignore[union-attr]
    qtbot.waitUntil(pdf.exists)
    assert pdf.read_bytes().startswith(b"%PDF")
    xml = tmp_path / "t2202-2026.xml"
    dialog.export_to("original", xml)
    qtbot.waitUntil(lambda: dialog.status.text() == f"Saved {xml}.")
    assert stat.S_IMODE(xml.stat().st_mode) == 0o600 and b"<SlipReportTypeCode>O</SlipReportTypeCode>" in xml.read_bytes()
    qtbot.waitUntil(lambda: "0 original(s) and 0 amendment(s) not filed" in dialog.summary.text())

    dialog.deliver()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("1 slip(s) queued by email; 1 to print"))
    assert "Ben Okafor" in dialog.status.text()
    year_end.outbox.deliver_pending()
    assert [m.to for m in year_end.sent.messages] == ["ada@example.ca"]
    dialog.close()


def test_a_registrar_cannot_open_the_year(qtbot, db_executor, settled, year_end: YearEndDesk) -> None:  # type: ignore[no-untyped-def]
    dialog = TuitionSlipsDialog(year_end.service, REGISTRAR, db_executor, today=date(2027, 1, 20))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "may not tuition slips" in dialog.status.text())
    assert not dialog.issue_button.isEnabled() and not dialog.export_button.isEnabled()
    dialog.close()


def test_the_catalogue_editors_set_weekly_hours_and_the_tuition_class(qtbot, db_executor, settled, desk) -> None:  # type: ignore[no-untyped-def]
    """The figures the slips are made from are set where the course and its sections are: a section's weekly
    hours (7:30 is 450 minutes), a course's T2202 class; a kit is never tuition."""
    workshop = course(desk, code="WS-WIG", kind="workshop")
    assert workshop.tuition_class == "occupational"  # a course's class when none is chosen
    editor = CourseEditorDialog(desk.catalogue, db_executor, desk.manager, course=workshop)
    qtbot.addWidget(editor)
    editor.tuition_class.setCurrentIndex(editor.tuition_class.findData("post_secondary"))
    editor.tuition_basis.setText("Diploma program certified by ESDC")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with desk.factory() as session:
        row = session.get(Course, workshop.id)
        assert row is not None and (row.tuition_class, row.tuition_basis) == ("post_secondary",
                                                                              "Diploma program certified by ESDC")
    editor.kind.setCurrentIndex(editor.kind.findData("kit"))
    assert editor.tuition_class.currentData() == "not_tuition" and not editor.tuition_class.isEnabled()
    editor.close()

    sections = SectionEditorDialog(desk.catalogue, db_executor, desk.manager, workshop)
    qtbot.addWidget(sections)
    sections.code.setText("WS-WIG-2701")
    sections.start.setText("2027-01-11")
    sections.end.setText("2027-03-19")
    sections.weekly_hours.setText("7:75")
    qtbot.mouseClick(sections.save_button, Qt.MouseButton.LeftButton)
    assert "Weekly hours are a number of hours" in sections.form.errors["weekly_hours"].text()
    sections.weekly_hours.setText("7:30")
    with qtbot.waitSignal(sections.saved, timeout=5000):
        qtbot.mouseClick(sections.save_button, Qt.MouseButton.LeftButton)
    with desk.factory() as session:
        assert session.scalars(sa.select(Section.minutes_per_week).where(Section.code == "WS-WIG-2701")).one() == 450
    sections.close()

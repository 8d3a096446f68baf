"""The student editor, enroll and withdraw dialogs, driven by keyboard and mouse over a real SQLite desk."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.domain.access import system_actor
from oncopos.ui.registration.enroll_dialog import EnrollDialog
from oncopos.ui.registration.student_editor import StudentEditorDialog
from oncopos.ui.registration.withdraw_dialog import WithdrawTransferDialog
from tests.integration.registration_helpers import Desk, pay, student

from .helpers import type_text

pytestmark = pytest.mark.usefixtures("settled")


def show(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def fill(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into the field, type, and Tab out of it, as a registrar does."""
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(edit.hasFocus, timeout=1000)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def editor(qtbot, desk: Desk, db_executor, **kwargs) -> StudentEditorDialog:  # type: ignore[no-untyped-def]
    dialog = StudentEditorDialog(desk.registration, db_executor, desk.registrar, **kwargs)
    show(qtbot, dialog)
    return dialog


def count_students(desk: Desk) -> int:
    with desk.factory() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Student)) or 0


def test_messages_appear_beside_fields_as_the_registrar_leaves_them(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = editor(qtbot, desk, db_executor)
    fill(qtbot, dialog.email, "emilie@gmailcom")
    assert dialog.form.errors["email"].isVisible()
    assert "has no dot" in dialog.form.errors["email"].text()
    # Fields not visited yet say nothing, even though they are empty.
    assert not dialog.form.errors["first_name"].isVisible()
    fill(qtbot, dialog.phone, "4185550199")
    assert dialog.phone.text() == "+1 418-555-0199"  # tidied to the form it is read back in
    dialog.province.setCurrentIndex(dialog.province.findData("ON"))
    fill(qtbot, dialog.postal_code, "h2x1y4")
    assert dialog.postal_code.text() == "H2X 1Y4"
    message = dialog.form.errors["postal_code"].text()
    assert "Quebec" in message and "Ontario" in message
    fill(qtbot, dialog.email, "emilie@gmail.com")
    assert not dialog.form.errors["email"].isVisible()
    dialog.province.setCurrentIndex(dialog.province.findData("QC"))
    assert not dialog.form.errors["postal_code"].isVisible()


def test_save_shows_every_missing_field_and_saves_nothing(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = editor(qtbot, desk, db_executor)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert set(dialog.form.visible_errors()) == {"first_name", "last_name", "email"}
    assert QApplication.focusWidget() is dialog.first_name
    assert dialog.isVisible() and count_students(desk) == 0


def test_a_new_student_is_saved_with_accents_and_a_desk_number(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = editor(qtbot, desk, db_executor)
    fill(qtbot, dialog.first_name, "Émilie")
    fill(qtbot, dialog.last_name, "Bérubé-Lévesque")
    fill(qtbot, dialog.email, "emilie.berube@videotron.ca")
    fill(qtbot, dialog.phone, "(514) 555-0142")
    fill(qtbot, dialog.city, "Montréal")
    dialog.province.setCurrentIndex(dialog.province.findData("QC"))
    fill(qtbot, dialog.address_line1, "1200 rue Peel")
    fill(qtbot, dialog.postal_code, "H3B 2T6")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    with qtbot.waitSignal(dialog.student_saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    record = saved.args[0]
    assert record.student_number == "S0000018-DESK1"
    assert not dialog.isVisible()
    with desk.factory() as session:
        stored = session.scalars(sa.select(Student)).one()
        assert (stored.last_name, stored.phone, stored.postal_code, stored.preferred_language) == (
            "Bérubé-Lévesque", "+15145550142", "H3B 2T6", "fr",
        )


def test_a_likely_duplicate_is_shown_with_the_existing_record(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    existing = student(desk)
    dialog = editor(qtbot, desk, db_executor)
    fill(qtbot, dialog.first_name, "Emily")
    fill(qtbot, dialog.last_name, "Berube")
    fill(qtbot, dialog.email, "Emilie@Videotron.ca")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.duplicate_panel.isVisible, timeout=5000)
    assert dialog.duplicate_list.count() == 1
    assert existing.student_number in dialog.duplicate_list.item(0).text()
    assert "same email" in dialog.duplicate_label.text()
    assert count_students(desk) == 1
    with qtbot.waitSignal(dialog.open_existing_requested, timeout=2000) as chosen:
        qtbot.mouseClick(dialog.open_existing_button, Qt.MouseButton.LeftButton)
    assert chosen.args[0].id == existing.id
    assert count_students(desk) == 1


def test_save_as_a_different_person_after_looking(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    student(desk, "François", "Côté", "francois@example.ca", "418-555-0199")
    dialog = editor(qtbot, desk, db_executor)
    fill(qtbot, dialog.first_name, "Francois")
    fill(qtbot, dialog.last_name, "Cote")
    fill(qtbot, dialog.email, "francois.cote@gmail.com")
    fill(qtbot, dialog.phone, "418 555 0199")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.duplicate_panel.isVisible, timeout=5000)
    assert "same name and phone" in dialog.duplicate_label.text()
    with qtbot.waitSignal(dialog.student_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_anyway_button, Qt.MouseButton.LeftButton)
    assert count_students(desk) == 2


def test_editing_loads_the_record_and_saves_the_change(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    existing = student(desk)
    dialog = editor(qtbot, desk, db_executor, student_id=existing.id)
    qtbot.waitUntil(lambda: dialog.first_name.text() == "Émilie", timeout=5000)
    assert dialog.phone.text() == "+1 514-555-0142"
    assert existing.student_number in dialog.heading.text()
    fill(qtbot, dialog.last_name, "Bérubé")
    with qtbot.waitSignal(dialog.student_saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].last_name == "Bérubé"
    change = desk.audit("student.updated")[-1].details["changes"]
    assert change == {"last_name": {"old": "Bérubé-Lévesque", "new": "Bérubé"}}


# --- enroll -----------------------------------------------------------------------------------


def test_enroll_dialog_shows_seats_price_tax_and_enrolls(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    emilie = student(desk)
    dialog = EnrollDialog(desk.catalogue, desk.enrollments, db_executor, desk.registrar, emilie.summary())
    show(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.sections_model.rowCount() == 1 and not dialog.loading, timeout=5000)
    # Courses come by code: OAP-100 first, exempt with its deposit rule.
    assert dialog.current_course().code == "OAP-100"
    assert "No tax (exempt). Total $6,500.00" in dialog.quote_label.text()
    assert "at least $1,000.00" in dialog.deposit_label.text()
    dialog.course_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.current_course().code == "WS-SCALP" and not dialog.loading, timeout=5000)
    rows = [[dialog.sections_model.index(r, c).data() for c in (0, 4)] for r in range(dialog.sections_model.rowCount())]
    assert rows == [["WS-SCALP-2612", "1 of 1"], ["WS-SCALP-2701", "12 of 12"]]
    assert "HST 13%  $51.35" in dialog.quote_label.text() and "Total $446.35" in dialog.quote_label.text()
    assert dialog.deposit_label.text() == "No minimum first payment for this course."
    with qtbot.waitSignal(dialog.enrolled, timeout=5000) as done:
        qtbot.keyClick(dialog.sections_view, Qt.Key.Key_Return)
    result = done.args[0]
    assert result.section.code == "WS-SCALP-2612" and result.section.seats_left == 0
    with desk.factory() as session:
        assert session.scalars(sa.select(Enrollment.total_cents)).all() == [44635]


def test_a_section_filled_meanwhile_offers_the_next_one(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    emilie = student(desk)
    dialog = EnrollDialog(desk.catalogue, desk.enrollments, db_executor, desk.registrar, emilie.summary())
    show(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.course_combo.count() == 2, timeout=5000)
    dialog.course_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.current_course().code == "WS-SCALP" and not dialog.loading, timeout=5000)
    # Another desk takes the last seat of the December section while the dialog is open.
    other = student(desk, "Amrit", "Sandhu", "amrit@example.com", "")
    december = dialog.current_section()
    assert december is not None and december.code == "WS-SCALP-2612"
    desk.enrollments.enroll(desk.registrar, other.id, december.id)
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_section() is not None and dialog.current_section().code == "WS-SCALP-2701",
                    timeout=5000)
    assert "WS-SCALP-2612" in dialog.message_label.text() and "is full" in dialog.message_label.text()
    assert dialog.sections_model.index(0, 4).data() == "Full"
    assert dialog.isVisible() and dialog.enroll_button.isEnabled()


# --- withdraw or transfer ---------------------------------------------------------------------


def test_withdrawal_needs_a_reason_and_keeps_the_payment_as_credit(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    from oncopos.adapters.db.uow import SqlUnitOfWork
    from oncopos.services.students import StudentDirectory

    emilie = student(desk)
    sections = desk.enrollments.open_sections(desk.registrar, desk.catalogue.courses(desk.registrar)[1].id)
    enrolled = desk.enrollments.enroll(desk.registrar, emilie.id, sections[1].id)
    pay(desk, enrolled.enrollment_id, 10000)
    summary_row = StudentDirectory(lambda: SqlUnitOfWork(desk.factory)).enrollments(system_actor("DESK1"), emilie.id)[0]
    dialog = WithdrawTransferDialog(desk.enrollments, db_executor, desk.registrar, summary_row)
    show(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    assert "Paid so far: $100.00. It stays as credit" in dialog.money_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.reason_error.isVisible() and "Enter the reason" in dialog.reason_error.text()
    # Transfer: the same course's other section first, and the money follows the enrollment.
    dialog.transfer_radio.setChecked(True)
    assert dialog.current_target() is not None and dialog.current_target().code == "WS-SCALP-2612"
    assert "Same course" in dialog.money_label.text()
    dialog.withdraw_radio.setChecked(True)
    fill(qtbot, dialog.reason_edit, "Moved to Calgary")
    with qtbot.waitSignal(dialog.changed, timeout=5000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert done.args[0].credit_cents == 10000
    assert desk.enrollments.credit(desk.registrar, emilie.id).balance_cents == 10000

"""A cheque on a desk whose settings ask the student's one-time code for cheques (TENDERS_NEEDING_CODE):
the tender window quotes the payment and emails the code, a wrong code is refused with nothing
recorded, the right one records the cheque with its invoice; on a French desk and an English one
(no English left on the French screens but data, nothing clipped). The real services in training.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from oncopos.adapters.db.models.payments import Payment
from oncopos.bootstrap import build_context, training_settings
from oncopos.config import load_settings
from oncopos.domain.money import format_cents
from oncopos.ui.app import configure_application, payment_feature
from oncopos.ui.i18n import use_language
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.tender_actions import TenderFeature
from tests.ui.test_payment_several import student_owing_twice
from tests.ui.test_payment_walk_in_each_language import code_sent_to, look
from tests.ui.test_payment_window import open_enrollment_with_balance
from tests.ui.test_split_with_card_window import REGISTRAR, open_tenders


@pytest.fixture(params=["fr-CA", "en-CA"])
def desk(request: pytest.FixtureRequest, tmp_path: Path, qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    configure_application(qapp)
    context = build_context(training_settings(load_settings(
        data_dir=tmp_path / "data", locale=request.param, tenders_needing_code="reader,hosted,cheque")))
    assert use_language(context.settings.locale)
    yield context
    context.close()


def test_a_cheque_that_needs_the_code_is_recorded_after_it(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    locale = desk.settings.locale
    window = MainWindow(desk.student_directory, desk.settings, actor=REGISTRAR,
                        features=[payment_feature(desk), TenderFeature(desk.tenders)])
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitUntil(lambda: window.payment_actions.executor.pending == 0, timeout=15_000)
    enrollment = open_enrollment_with_balance(qtbot, window, desk)
    student = window.enrollments_widget.student
    problems: list[str] = []
    dialog = open_tenders(window)
    dialog.amount_edit.setText(format_cents(30_000, locale, currency=False))
    dialog.first.kind_combo.setCurrentIndex(dialog.first.kind_combo.findData("cheque"))
    dialog.first.cheque_number_edit.setText("310")  # the bank forgotten: said once the code is confirmed
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.code_box.isVisibleTo(dialog) or dialog.error_label.isVisibleTo(dialog),
                    timeout=15_000)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    assert not dialog.amount_edit.isEnabled() and not dialog.first.kind_combo.isEnabled()  # what the code is for
    problems += look(dialog, "tender-code-1-sent")

    with desk.session_factory() as session:  # quoted and the code sent: nothing paid yet
        assert session.scalar(sa.select(Payment.status).where(Payment.id == dialog.coded.id)) == "code_sent"
    code = code_sent_to(desk, student.email)
    wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
    dialog.code_edit.setText(wrong)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=15_000)
    assert dialog.record_button.isEnabled() and dialog.result_label.isHidden()
    problems += look(dialog, "tender-code-2-wrong")

    dialog.code_edit.setText(code)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.code_edit.isEnabled() and dialog.record_button.isEnabled(), timeout=15_000)
    assert dialog.error_label.isVisibleTo(dialog) and dialog.result_label.isHidden()  # the bank is asked for
    problems += look(dialog, "tender-code-3-bank-missing")
    dialog.first.cheque_bank_edit.setText("CIBC")  # no new code: the one confirmed stands
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.isVisibleTo(dialog) and dialog.record_button.isHidden(), timeout=15_000)
    assert "DESK1-" in dialog.result_label.text()
    assert format_cents(enrollment.balance_cents - 30_000, locale) in dialog.result_label.text()
    problems += look(dialog, "tender-code-4-recorded")
    with desk.session_factory() as session:
        assert session.scalar(sa.select(Payment.method).where(Payment.id == dialog.coded.id)) == "cheque"
    assert problems == [], "\n".join(problems)
    window.close()


def test_closing_the_window_after_the_code_was_sent_cancels_the_payment(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(desk.student_directory, desk.settings, actor=REGISTRAR,
                        features=[payment_feature(desk), TenderFeature(desk.tenders)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.payment_actions.executor.pending == 0, timeout=15_000)
    open_enrollment_with_balance(qtbot, window, desk)
    dialog = open_tenders(window)
    dialog.amount_edit.setText(format_cents(10_000, desk.settings.locale, currency=False))
    dialog.first.kind_combo.setCurrentIndex(dialog.first.kind_combo.findData("cheque"))
    dialog.first.cheque_number_edit.setText("311")
    dialog.first.cheque_bank_edit.setText("CIBC")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.coded is not None, timeout=15_000)
    payment_id = dialog.coded.id
    dialog.reject()

    def status() -> str | None:
        with desk.session_factory() as session:
            return session.scalar(sa.select(Payment.status).where(Payment.id == payment_id))
    qtbot.waitUntil(lambda: status() == "cancelled", timeout=15_000)
    window.close()


def test_one_code_for_a_cheque_paying_a_program_and_its_kit(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    """The code is sent once for the whole cheque; it records one payment with a line per enrollment."""
    locale = desk.settings.locale
    window = MainWindow(desk.student_directory, desk.settings, actor=REGISTRAR,
                        features=[payment_feature(desk), TenderFeature(desk.tenders)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.payment_actions.executor.pending == 0, timeout=15_000)
    student, first, second = student_owing_twice(desk)
    window.on_student_selected(student)
    model = window.enrollments_widget.model
    qtbot.waitUntil(lambda: model.rowCount() > 1)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).id == first.id)
    window.enrollments_widget.table_view.setCurrentIndex(model.index(row, 0))
    dialog = open_tenders(window)
    dialog.amount_edit.setText(format_cents(10_000, locale, currency=False))
    next(b for e, b, _amount in dialog.others_box.rows if e.id == second.id).setChecked(True)  # its whole balance
    dialog.first.kind_combo.setCurrentIndex(dialog.first.kind_combo.findData("cheque"))
    dialog.first.cheque_number_edit.setText("312")
    dialog.first.cheque_bank_edit.setText("RBC")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.coded is not None or dialog.error_label.isVisibleTo(dialog), timeout=15_000)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    assert dialog.coded is not None and dialog.coded.amount_cents == 10_000 + second.balance_cents
    assert not dialog.others_box.isEnabled()  # the lines the code was sent for
    dialog.code_edit.setText(code_sent_to(desk, student.email))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.record_button.isHidden() or dialog.error_label.isVisibleTo(dialog), timeout=15_000)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    after = {e.id: e for e in desk.student_directory.enrollments(REGISTRAR, student.id)}
    assert after[first.id].balance_cents == first.balance_cents - 10_000 and after[second.id].balance_cents == 0
    window.close()

"""pytest-qt walks a split payment (cheque + cash) and a drawer close, over the real tender and till
services on a migrated SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.payments import Payment
from oncopos.domain.tender import ChequeTender
from oncopos.services.students import StudentDirectory
from oncopos.ui.payments.return_dialog import ReturnDialog
from oncopos.ui.payments.tender_dialog import TenderDialog
from oncopos.ui.till.window import TillWindow
from tests.conftest import FixedClock
from tests.integration.tender_support import MANAGER, REGISTRAR, TenderDesk, tender_desk


@pytest.fixture
def tenders(tmp_path: Path, clock: FixedClock) -> Iterator[TenderDesk]:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(engine)
    yield tender_desk(engine, clock, tmp_path / "data")
    engine.dispose()


def open_dialog(qtbot, tenders: TenderDesk, db_executor) -> TenderDialog:  # type: ignore[no-untyped-def]
    enrollment_id = tenders.enrollment(price_cents=100_000)  # $1,130.00 with HST
    directory = StudentDirectory(tenders.uow)
    with tenders.uow() as uow:
        student_id = uow.payments.enrollment(enrollment_id).student_id
    student = next(s for s in directory.search(REGISTRAR, "Ada") if s.id == student_id)
    enrollment = next(e for e in directory.enrollments(REGISTRAR, student_id) if e.id == enrollment_id)
    dialog = TenderDialog(tenders.tenders, REGISTRAR, student, enrollment, executor=db_executor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_split_payment_cheque_and_cash(qtbot, tenders, db_executor, settled) -> None:  # type: ignore[no-untyped-def]
    tenders.till.open_drawer(REGISTRAR, 10_000)
    dialog = open_dialog(qtbot, tenders, db_executor)
    assert not dialog.second_box.isVisibleTo(dialog)
    dialog.mode_combo.setCurrentIndex(1)  # split across two tenders
    assert dialog.second_box.isVisibleTo(dialog)
    dialog.amount_edit.setText("600.00")
    dialog.first.kind_combo.setCurrentIndex(1)  # cheque
    qtbot.keyClicks(dialog.first.cheque_number_edit, "004521")
    qtbot.keyClicks(dialog.first.cheque_bank_edit, "Desjardins")
    dialog.first.cheque_date_edit.setDate(QDate(2026, 11, 24))
    dialog.first_amount_edit.setText("400.00")
    dialog.second.kind_combo.setCurrentIndex(0)  # cash
    qtbot.keyClicks(dialog.second.tendered_edit, "200.00")
    dialog.second_amount_edit.setText("150.00")  # the parts do not add up yet

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=5000)
    assert "add up to $550.00, not the $600.00" in dialog.error_label.text()
    assert tenders.count(Payment) == 0  # nothing half-recorded

    dialog.second_amount_edit.setText("200.00")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.isVisibleTo(dialog), timeout=10_000)
    text = dialog.result_label.text()
    assert "$400.00 by cheque, invoice DESK1-" in text and "$200.00 by cash" in text
    assert "Balance now $530.00" in text
    assert tenders.count(Payment) == 2 and not dialog.record_button.isVisibleTo(dialog)


def test_a_drawer_is_opened_used_and_counted_closed(qtbot, tenders, db_executor, settled) -> None:  # type: ignore[no-untyped-def]
    window = TillWindow(tenders.till, lambda: REGISTRAR, db_executor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "No drawer is open" in window.status_label.text(), timeout=5000)
    qtbot.keyClicks(window.float_edit, "100.00")
    qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "It should hold $100.00" in window.status_label.text(), timeout=5000)

    qtbot.keyClicks(window.move_amount_edit, "5.00")
    qtbot.mouseClick(window.paid_out_button, Qt.MouseButton.LeftButton)  # no reason: refused
    qtbot.waitUntil(lambda: window.error_label.isVisibleTo(window), timeout=5000)
    assert "Say in a few words why" in window.error_label.text()
    qtbot.keyClicks(window.move_reason_edit, "stamps for certificates")
    qtbot.mouseClick(window.paid_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "It should hold $95.00" in window.status_label.text(), timeout=5000)

    window.count_spins[5_000].setValue(1)
    window.count_spins[2_000].setValue(2)  # $90.00: $5.00 short
    assert "The drawer is $5.00 short." in window.count_label.text()
    assert window.difference_reason_edit.isVisibleTo(window)
    qtbot.keyClicks(window.difference_reason_edit, "a $5 note missing")
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)  # a registrar alone may not accept it
    qtbot.waitUntil(lambda: "may not accept drawer difference" in window.error_label.text(), timeout=5000)
    assert tenders.till.current(REGISTRAR) is not None  # still open

    window.count_spins[500].setValue(1)  # the $5 note was under the tray: $95.00
    assert "The drawer balances." in window.count_label.text()
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Drawer closed by rita" in window.status_label.text(), timeout=5000)
    assert "counted $95.00, expected $95.00" in window.status_label.text()
    assert tenders.till.current(REGISTRAR) is None


def test_a_manager_closes_a_short_drawer_with_a_reason(qtbot, tenders, db_executor, settled) -> None:  # type: ignore[no-untyped-def]
    tenders.till.open_drawer(MANAGER, 2_000)
    window = TillWindow(tenders.till, lambda: MANAGER, db_executor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "It should hold $20.00" in window.status_label.text(), timeout=5000)
    window.count_spins[1_000].setValue(1)
    qtbot.keyClicks(window.difference_reason_edit, "change given twice")
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Drawer closed by marc" in window.status_label.text(), timeout=5000)
    assert "The drawer is $10.00 short." in window.status_label.text()


def test_a_manager_reverses_a_returned_cheque_by_its_invoice(qtbot, tenders, db_executor, settled) -> None:  # type: ignore[no-untyped-def]
    enrollment = tenders.enrollment(price_cents=10_000)
    receipt = tenders.tenders.take(REGISTRAR, enrollment, 11_300,
                                   ChequeTender("8841", "Scotiabank", tenders.tenders.today()))
    assert tenders.balance(enrollment) == 0
    dialog = ReturnDialog(tenders.returns, MANAGER, db_executor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.invoice_edit, "desk1-999999")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No invoice or credit note numbered DESK1-999999" in dialog.error_label.text(), timeout=5000)
    dialog.invoice_edit.setText(receipt.invoice_number or "")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.record_button.isEnabled, timeout=5000)
    assert "Cheque no. 8841 from Ada Student: $113.00 will be taken back" in dialog.found_label.text()
    qtbot.keyClicks(dialog.reason_edit, "NSF: not sufficient funds")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "credit note DESK1-" in dialog.found_label.text(), timeout=10_000)
    assert "Balance now $113.00" in dialog.found_label.text()
    assert tenders.balance(enrollment) == 11_300


def test_a_cheque_is_dated_the_desks_day_in_toronto_not_the_computers(qtbot, tenders, db_executor, clock) -> None:  # type: ignore[no-untyped-def]
    # 02:30 UTC on 27 November is still the 26th in Toronto: a cheque dated the computer's day (UTC
    # here) would be refused as post-dated by the service, which counts the desk's day.
    clock.now = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
    dialog = open_dialog(qtbot, tenders, db_executor)
    for fields in (dialog.first, dialog.second):
        assert fields.cheque_date_edit.date() == QDate(2026, 11, 26)

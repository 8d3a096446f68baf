"""The refund dialog says where the money of each tender really goes: a cash payment's refund comes
out of the drawer (never "through Stripe"), driven on real widgets over the real tender, till and
refund services on a migrated SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.mail import MailOutbox
from oncopos.domain.tender import CashTender, ChequeTender
from oncopos.services.refunds.service import RefundService
from oncopos.ui.refunds.dialog import RefundDialog
from tests.conftest import FixedClock
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import build_refunds
from tests.integration.tender_support import MANAGER, REGISTRAR, TZ, TenderDesk, tender_desk


@pytest.fixture
def tenders(tmp_path: Path, clock: FixedClock) -> Iterator[TenderDesk]:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(engine)
    yield tender_desk(engine, clock, tmp_path / "data")
    engine.dispose()


def refund_service(tenders: TenderDesk, gateway: Any, tmp_path: Path) -> RefundService:
    outbox = MailOutbox(tenders.uow, KeepingMailer(), tenders.clock)
    return build_refunds(tenders.factory, gateway, outbox.enqueue, tmp_path / "data", tenders.clock)


def dialog_for(qtbot, service: RefundService, payment_id: Any, executor: Any) -> RefundDialog:  # type: ignore[no-untyped-def]
    dialog = RefundDialog(lambda: service, service.refundable(payment_id), MANAGER, executor, staff=None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_cash_refund_says_it_comes_out_of_the_drawer(qtbot, tenders, db_executor, settled, gateway,
                                                        tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = refund_service(tenders, gateway, tmp_path)
    tenders.till.open_drawer(REGISTRAR, 10_000)
    paid = tenders.tenders.take(REGISTRAR, tenders.enrollment(price_cents=10_000), 3_000, CashTender(3_000))
    dialog = dialog_for(qtbot, service, paid.payment_id, db_executor)
    assert dialog.progress_label() == "Handing the refund back out of the cash drawer…"
    assert "Stripe" not in dialog.progress_label()

    dialog.amount_edit.setText("10.00")
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("requested_by_customer"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)  # the review
    review = unescape(dialog.review.details.text())
    assert "In cash, handed back out of this desk's drawer now." in review
    assert "$10.00 in cash at the desk" in review and "card" not in review
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].succeeded and finished.args[0].method == "cash"
    drawer = tenders.till.current(REGISTRAR)
    assert drawer is not None and drawer.expected_cents == 10_000 + 3_000 - 1_000


def test_a_cheque_payment_is_refunded_by_etransfer_from_the_dialog(qtbot, tenders, db_executor, settled, gateway,
                                                                    tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = refund_service(tenders, gateway, tmp_path)
    day = tenders.clock().astimezone(TZ).date()
    paid = tenders.tenders.take(REGISTRAR, tenders.enrollment(price_cents=10_000), 5_000,
                                ChequeTender("991", "Desjardins", day - timedelta(days=1)))
    dialog = dialog_for(qtbot, service, paid.payment_id, db_executor)
    assert dialog.sent_box.isVisibleTo(dialog) and dialog.sent_box.currentData() == "cheque"  # as it was paid
    assert dialog.progress_label() == "Recording the refund by cheque…"
    dialog.amount_edit.setText("20.00")
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("requested_by_customer"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert "number of the cheque written to the student" in dialog.error_label.text()  # no reference yet
    assert dialog.pages.currentWidget() is dialog.form_page

    dialog.sent_box.setCurrentIndex(dialog.sent_box.findData("etransfer"))
    assert dialog.progress_label() == "Recording the refund by e-Transfer…" and "Stripe" not in dialog.progress_label()
    qtbot.keyClicks(dialog.reference_edit, "ca 9rt2")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)  # the review
    review = unescape(dialog.review.details.text())
    assert "By Interac e-Transfer, reference CA9RT2, sent to the student." in review
    assert "$20.00 by Interac e-Transfer" in review and "card" not in review
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    view = finished.args[0]
    assert view.succeeded and (view.method, view.tender_reference) == ("etransfer", "CA9RT2")
    assert "Refunded $20.00" in dialog.status_label.text()


def test_a_cash_payment_asks_for_no_cheque(qtbot, tenders, db_executor, settled, gateway,
                                           tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = refund_service(tenders, gateway, tmp_path)
    tenders.till.open_drawer(REGISTRAR, 0)
    paid = tenders.tenders.take(REGISTRAR, tenders.enrollment(price_cents=10_000), 3_000, CashTender(3_000))
    dialog = dialog_for(qtbot, service, paid.payment_id, db_executor)
    assert not dialog.sent_box.isVisibleTo(dialog) and not dialog.reference_edit.isVisibleTo(dialog)
    assert dialog.sent() is None

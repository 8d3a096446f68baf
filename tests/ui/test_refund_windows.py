"""The refund dialog, the payment history and the Dashboard refunds list, driven on real widgets over
the real refund and payment services, a SQLite database and the simulator through the Stripe SDK."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, Permission, system_actor
from oncopos.domain.errors import UserFacingError
from oncopos.domain.gateway import ReaderInfo
from oncopos.services.refunds.history import PaymentHistoryService
from oncopos.services.refunds.history_records import Event, PaymentDetail, PaymentRow
from oncopos.simulator import SimulatorHandle
from oncopos.ui.i18n import ENGLISH, FRENCH, current_language, use_language
from oncopos.ui.operations import DatabaseExecutor, NetworkExecutor
from oncopos.ui.refunds.dashboard_view import DashboardRefundsView
from oncopos.ui.refunds.dialog import RefundDialog
from oncopos.ui.refunds.history_model import PaymentHistoryModel, detail_html
from oncopos.ui.refunds.history_view import PaymentHistoryView
from tests.actors import approved
from tests.integration.payment_fixtures import Desk, payment_desk
from tests.integration.refund_fixtures import MANAGER
from tests.payment_support import REGISTRAR

TZ = ZoneInfo("America/Toronto")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'ui.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def desk(engine: Engine, gateway: object, reader: ReaderInfo, simulator: SimulatorHandle, tmp_path: Path) -> Desk:
    """The payment desk (this folder's conftest `desk` is the registration desk)."""
    return payment_desk(engine, gateway, reader, simulator, tmp_path)


@pytest.fixture
def network() -> Iterator[NetworkExecutor]:
    executor = NetworkExecutor(max_threads=2)
    yield executor
    executor.shutdown()


class ManagerApproval:
    """The override port (the staff service's `approve_override`), with one manager and password."""

    def __init__(self) -> None:
        self.subjects: list[str | None] = []

    def approve_override(self, actor: Actor, permission: Permission, manager_username: str, manager_password: str,
                         reason: str, *, subject: str | None = None) -> Actor:
        if (manager_username, manager_password) != ("maya", "correct horse"):
            raise UserFacingError("That user name and password do not match a manager. Try again.")
        self.subjects.append(subject)
        return approved(actor, MANAGER, reason, permission, subject)


def dialog_for(qtbot, refunds, payment, actor, network, staff=None) -> RefundDialog:
    dialog = RefundDialog(lambda: refunds.service, refunds.service.refundable(payment), actor, network, staff=staff)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_manager_refunds_part_of_a_card_payment(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=100_000), 113_000)
    dialog = dialog_for(qtbot, refunds, payment, MANAGER, network)
    assert dialog.progress_label() == "Refunding through Stripe…"  # a card on the reader: the Refunds API
    assert dialog.amount_edit.text() == "1,130.00"  # prefilled with what remains
    assert "$1,130.00 can be refunded" in dialog.summary_label.text()

    dialog.amount_edit.clear()
    qtbot.keyClicks(dialog.amount_edit, "3000")
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("withdrawal"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "at most $1,130.00" in dialog.error_label.text(), timeout=5000)
    assert dialog.error_label.isVisible() and refunds.stripe_refunds() == []

    dialog.amount_edit.clear()
    qtbot.keyClicks(dialog.amount_edit, "300")
    qtbot.keyClicks(dialog.reason_edit, "left after week 1")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)  # the review
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].succeeded
    assert "Refunded $300.00" in dialog.status_label.text() and "DESK1-000002" in dialog.status_label.text()
    assert dialog.close_button.isVisible() and not dialog.refund_button.isVisible()
    assert [r["amount"] for r in refunds.stripe_refunds()] == [30_000]


def test_a_registrar_is_asked_for_a_manager_approval(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    dialog = dialog_for(qtbot, refunds, payment, REGISTRAR, network, staff=ManagerApproval())
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("duplicate"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    override = dialog.override_dialog
    assert override is not None and override.isVisible() and refunds.stripe_refunds() == []

    qtbot.keyClicks(override.manager_edit, "maya")
    qtbot.keyClicks(override.password_edit, "correct horse")
    qtbot.keyClicks(override.reason_edit, "charged twice")
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(override.approve_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].succeeded and [r["amount"] for r in refunds.stripe_refunds()] == [11_300]


def test_a_refund_is_reviewed_and_confirmed_deliberately_and_its_reason_is_chosen(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=100_000), 113_000)
    dialog = dialog_for(qtbot, refunds, payment, MANAGER, network)
    assert dialog.reason_box.currentData() is None  # no reason chosen for the person
    heights = [w.height() for w in (dialog.amount_edit, dialog.reason_box, dialog.reason_edit)]
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert "Choose the reason" in dialog.error_label.text() and dialog.pages.currentWidget() is dialog.form_page
    # The dialog makes room for the message; the fields keep their height.
    assert [w.height() for w in (dialog.amount_edit, dialog.reason_box, dialog.reason_edit)] == heights
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("other"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert "needs a few words" in dialog.error_label.text()
    qtbot.keyClicks(dialog.reason_edit, "moved to Calgary")
    dialog.amount_edit.clear()
    qtbot.keyClicks(dialog.amount_edit, "250")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # Enter: the review, not the refund
    assert dialog.pages.currentWidget() is dialog.review
    text = dialog.review.details.text()
    assert "$250.00" in text and "Visa ending in 4242" in text and "moved to Calgary" in text
    assert "5 to 10 business days" in text and "cannot be undone" in text
    assert dialog.confirm_button.text() == "Refund $250.00" and dialog.confirm_button.isVisible()
    # The space bar or Enter on what has the focus goes back; it never issues the refund.
    assert dialog.back_button.hasFocus() or dialog.focusWidget() is dialog.back_button
    assert not dialog.confirm_button.isDefault() and not dialog.confirm_button.autoDefault()
    qtbot.keyClick(dialog.back_button, Qt.Key.Key_Space)
    assert dialog.pages.currentWidget() is dialog.form_page
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.review
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter on the review: the default is Back
    assert dialog.pages.currentWidget() is dialog.form_page and refunds.stripe_refunds() == []
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].succeeded and [r["amount"] for r in refunds.stripe_refunds()] == [25_000]


def test_an_interac_refund_waits_for_the_card_and_can_be_cancelled(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300, interac=True)
    dialog = dialog_for(qtbot, refunds, payment, MANAGER, network)
    assert dialog.interac_label.isVisible() and dialog.progress_label() == "Asking the reader…"
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("withdrawal"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert "taps the same Interac card" in dialog.review.details.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tap the same card" in dialog.status_label.text(), timeout=10_000)
    assert "left" in dialog.status_label.text()

    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].status == "failed" and "Not refunded" in dialog.status_label.text()
    assert refunds.stripe_refunds() == []


def test_an_interac_refund_completes_when_the_card_is_tapped(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300, interac=True)
    dialog = dialog_for(qtbot, refunds, payment, MANAGER, network)
    dialog.amount_edit.clear()
    qtbot.keyClicks(dialog.amount_edit, "50")
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("withdrawal"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tap the same card" in dialog.status_label.text(), timeout=10_000)
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000) as finished:
        refunds.desk.service.gateway.present_test_card(refunds.desk.reader.id, interac=True)
    assert finished.args[0].succeeded and "Refunded $50.00" in dialog.status_label.text()


def test_the_history_shows_todays_payments_and_opens_a_refund(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    refunds.service.refund(MANAGER, payment, 1_300, "wrong_amount", "kit charged twice")
    history = PaymentHistoryService(lambda: SqlUnitOfWork(refunds.desk.factory), clock=utc_now, tz=TZ,
                                    workstation_id="DESK1")
    db = DatabaseExecutor()
    view = PaymentHistoryView(history, lambda: refunds.service, lambda: MANAGER, db, network, tz=TZ)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "PaymentIntent" in view.detail_view.toPlainText(), timeout=5000)
    text = view.detail_view.toPlainText()
    assert "DESK1-000002" in text and "kit charged twice" in text and "$100.00 can be refunded" in text
    assert view.refund_button.isEnabled()

    qtbot.keyClicks(view.student_edit, "nobody")
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    assert view.status_label.text() == "No payments match."
    view.student_edit.clear()
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "PaymentIntent" in view.detail_view.toPlainText(), timeout=5000)
    qtbot.mouseClick(view.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.refund_dialog is not None and view.refund_dialog.isVisible(), timeout=5000)
    assert view.refund_dialog.amount_edit.text() == "100.00"
    view.refund_dialog.reject()
    view.close()
    db.shutdown()


def test_dashboard_refunds_get_their_credit_note(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    refunds.simulator.dashboard_refund(refunds.service.refundable(payment).payment_intent_id, 2_000)
    refunds.service.settle_refunds(system_actor("DESK1"))
    view = DashboardRefundsView(lambda: refunds.service, lambda: MANAGER, network, tz=TZ)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.issue_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(view.credit_note_issued, timeout=10_000) as issued:
        qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    assert issued.args == ["DESK1-000002"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)


def test_the_history_model_without_a_window(qtbot):
    model = PaymentHistoryModel(TZ)
    row = PaymentRow(uuid.uuid4(), datetime(2026, 11, 26, 3, 5, tzinfo=UTC), "DESK1", "Ada Student", "S000123",
                     "Module 1", 11_300, 1_300, "succeeded", "interac", "interac", "1933", "DESK1-000001")
    model.set_rows([row])
    values = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert values == ["2026-11-25 22:05", "DESK1", "Ada Student", "$113.00", "$13.00", "Interac ····1933",
                      "Paid", "DESK1-000001", "Module 1"]


def test_the_history_steps_name_journal_steps_and_audit_actions_in_the_readers_words(qtbot):
    at = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    row = PaymentRow(uuid.uuid4(), at, "DESK1", "Ada Student", "S000123", "Module 1", 11_300, 0, "succeeded", "card",
                     "visa", "4242", "DESK1-000001")
    detail = PaymentDetail(row=row, payment_intent_id="pi_1", charge_id=None, checkout_session_id=None, reader_id=None,
                           payment_method_type="card_present", tax_cents=1_300, failure_message=None, documents=(),
                           refunds=(), pending_refund_cents=0, events=(
                               Event(at, "journal", "code_sent"), Event(at, "audit", "payment.code_sent", "rita"),
                               Event(at, "journal", "refund_requested"), Event(at, "audit", "refund.requested"),
                               Event(at, "audit", "staff.sign_in_failed"), Event(at, "audit", "desk.teleported")))

    def steps() -> list[str]:
        html = detail_html(detail, TZ, "fr-CA" if current_language() == FRENCH else "en-CA")
        return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", html)]

    try:
        assert use_language(FRENCH)
        # the journal's step and the audit's action of the same event read the same; a later version's action as it is
        assert steps() == (["Code à usage unique envoyé par courriel"] * 2 + ["Remboursement demandé"] * 2
                           + ["Connexion refusée", "desk.teleported"])
    finally:
        use_language(ENGLISH)
    assert steps() == (["One-time code emailed"] * 2 + ["Refund requested"] * 2
                       + ["Sign-in refused", "desk.teleported"])


def test_the_history_list_and_its_total_follow_a_refund_made_from_it(qtbot, refunds, network):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    history = PaymentHistoryService(lambda: SqlUnitOfWork(refunds.desk.factory), clock=utc_now, tz=TZ,
                                    workstation_id="DESK1")
    db = DatabaseExecutor()
    view = PaymentHistoryView(history, lambda: refunds.service, lambda: MANAGER, db, network, tz=TZ)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.refund_button.isEnabled(), timeout=10_000)
    assert view.status_label.text() == "1 payment; $113.00 kept after refunds."  # one, not "payment(s)"
    qtbot.mouseClick(view.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.refund_dialog is not None and view.refund_dialog.isVisible(), timeout=5000)
    dialog = view.refund_dialog
    dialog.amount_edit.setText("13.00")
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("withdrawal"))
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.refund_finished, timeout=10_000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.index(0, 4).data() == "$13.00", timeout=10_000)  # the Refunded column
    qtbot.waitUntil(lambda: "$100.00 kept after refunds" in view.status_label.text(), timeout=5000)
    assert view.model.row(0).id == payment
    dialog.accept()
    qtbot.waitUntil(lambda: db.pending == 0, timeout=5000)
    view.close()
    db.shutdown()

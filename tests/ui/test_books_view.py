"""The managers' payouts and books view on real widgets, over the real services: a SQLite database,
the real Stripe SDK against the simulator over HTTP, the window's network pool."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe import StripeGateway
from oncopos.adapters.stripe.payouts import StripePayouts
from oncopos.domain.books import parse_account_map
from oncopos.domain.gateway import ReaderInfo
from oncopos.services.books import AccountingExport
from oncopos.services.payouts import PayoutMatching
from oncopos.simulator import SimulatorHandle
from oncopos.ui.books.view import BooksView
from oncopos.ui.operations import NetworkExecutor
from tests.integration.end_of_day_helpers import MANAGER, TORONTO, Day
from tests.integration.stripe_fixtures import pay_key


@pytest.fixture
def network(qapp: object) -> Iterator[NetworkExecutor]:
    executor = NetworkExecutor()
    yield executor
    executor.shutdown()  # no worker may call back into a widget pytest-qt has closed


@pytest.fixture
def desk(tmp_path: Path, gateway: StripeGateway, reader: ReaderInfo, simulator: SimulatorHandle) -> Iterator[Any]:
    engine = make_engine(f"sqlite:///{tmp_path / 'books.sqlite3'}")
    upgrade(engine)
    day = Day(engine, tmp_path / "documents")
    day.clock.now = utc_now()
    enrollment = day.enrollment("ON", 1_000_00)
    local_id = uuid.uuid4()
    started = gateway.start_reader_payment(local_id, 1_130_00, reader.id, {}, pay_key(local_id))
    gateway.present_test_card(reader.id)
    pi = gateway.payment_intent(started.payment_intent_id)
    day.payment(enrollment, 1_130_00, utc_now(), payment_id=local_id, intent=pi.id, charge=pi.charge_id)
    refund = gateway.refund(pi.id, 113_00, "requested_by_customer", {}, "oncopos-refund-view-1")
    day.refund(local_id, 113_00, utc_now(), stripe_id=refund.id)
    other = uuid.uuid4()  # charged at Stripe, recorded at no desk
    gateway.start_reader_payment(other, 50_00, reader.id, {}, pay_key(other))
    gateway.present_test_card(reader.id)
    simulator.advance_clock(4 * 86400)
    stripe_now = lambda: datetime.fromtimestamp(simulator.state.now(), UTC)  # noqa: E731
    matching = PayoutMatching(day.uow, lambda: StripePayouts(gateway), tz=TORONTO, clock=stripe_now)
    books = AccountingExport(day.uow, matching, tz=TORONTO, accounts=parse_account_map(""), locale="en-CA",
                             clock=stripe_now)
    yield matching, books, utc_now().astimezone(TORONTO).date(), pi
    engine.dispose()


def open_view(qtbot: Any, desk: Any, network: NetworkExecutor) -> BooksView:
    matching, books, today, _ = desk
    view = BooksView(matching, books, network, actor=MANAGER, today=today)
    qtbot.addWidget(view)
    view.to_edit.setDate(view.to_edit.date().addDays(7))
    return view


def test_a_payout_its_lines_and_what_needs_a_person(qtbot: Any, desk: Any, network: NetworkExecutor) -> None:
    view = open_view(qtbot, desk, network)
    pi = desk[3]
    with qtbot.waitSignal(view.reviewed, timeout=20_000):
        view.read_button.click()
        assert "Asking Stripe" in view.status_label.text(), "Stripe is read off the UI thread"
    [row] = view.statements.rows()
    # 113000 - 2948 fee, + 5000 - 140 fee (the charge no desk has), - 11300 refunded.
    assert row[3] == "$1,036.12" and row[4] == "$1,180.00" and row[5] == "-$113.00" and row[6] == "-$30.88"
    assert row[8] == "To check: 1"
    lines = view.lines.rows()
    ours = next(line for line in lines if line[1] == pi.charge_id)
    assert ours[0] == "Payment" and ours[2].startswith("DESK1-") and ours[3:7] == ("$1,130.00", "-$29.48",
                                                                                  "$1,100.52", "Matched")
    assert sorted(line[6] for line in lines) == ["Matched", "Matched", "Not recorded here"]
    [finding] = view.findings.rows()
    assert "no desk recorded" in finding[0]
    assert "Payouts in the period: 1, $1,036.12 paid out." in view.status_label.text()
    view.show()
    qtbot.waitExposed(view)
    assert view.width() <= 1024
    view.close()


def test_the_journal_is_exported_from_the_view(qtbot: Any, desk: Any, network: NetworkExecutor, tmp_path: Path) -> None:
    view = open_view(qtbot, desk, network)
    view.format_combo.setCurrentIndex(view.format_combo.findData("quickbooks"))
    target = tmp_path / "journal.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert {r["Journal No."][:2] for r in rows} == {"S-", "P-"}
    debits = sum(int(r["Debits"].replace(".", "")) for r in rows if r["Debits"])
    credits = sum(int(r["Credits"].replace(".", "")) for r in rows if r["Credits"])
    assert debits == credits > 0
    assert "every entry balances" in view.status_label.text()
    view.close()


def test_a_registrar_is_told_no(qtbot: Any, desk: Any, network: NetworkExecutor) -> None:
    from tests.integration.end_of_day_helpers import REGISTRAR

    matching, books, today, _ = desk
    view = BooksView(matching, books, network, actor=REGISTRAR, today=today)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=20_000) as failed:
        view.load()
    assert "may not reconcile" in str(failed.args[0])
    view.close()


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_view_in_french_fits_and_says_it_all_in_french(qtbot: Any, desk: Any, network: NetworkExecutor,
                                                          width: int) -> None:
    from oncopos.domain.messages import use_reader_locale
    from oncopos.ui.app import configure_application
    from oncopos.ui.i18n import ENGLISH, FRENCH, use_language
    from tests.ui.french_screens import clipped, english_left, save_shot

    configure_application(QApplication.instance())  # the real fonts and styles: sizes are measured with them
    assert use_language(FRENCH)
    use_reader_locale("fr-CA")
    try:
        view = open_view(qtbot, desk, network)
        view.resize(width, 700)
        with qtbot.waitSignal(view.reviewed, timeout=20_000):
            view.load()
        assert "Virements de la période\u00a0: 1, 1\u00a0036,12\u00a0$ versés." in view.status_label.text()
        assert view.lines.rows()[0][6] in ("Rapproché", "Non enregistré ici")
        assert "aucun poste" in view.findings.rows()[0][0]
        view.show()
        qtbot.waitExposed(view)
        qtbot.wait(50)
        save_shot(view, f"books-view-fr-{width}")
        assert view.frameGeometry().width() <= width
        assert english_left(view) == [] and clipped(view) == []
        view.close()
    finally:
        use_reader_locale("en-CA")
        use_language(ENGLISH)

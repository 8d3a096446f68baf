"""The managers' end-of-day view on real widgets over a real SQLite database with the known day."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.printing import LpPrinter
from oncopos.domain.access import Actor
from oncopos.domain.end_of_day_matching import MISSING_LOCALLY, DayMatch, FeeLine, Mismatch
from oncopos.domain.messages import Money, msg
from oncopos.services.end_of_day import EndOfDayService, Progress
from oncopos.ui.end_of_day.view import EndOfDayAction, EndOfDayView
from oncopos.ui.main_window import MainWindow
from oncopos.ui.operations import DatabaseExecutor
from tests.integration.end_of_day_helpers import ADMIN, DAY, MANAGER, REGISTRAR, TORONTO, Day, known_day, local

from .fakes import FakeStudentDirectory


@pytest.fixture
def day(tmp_path: Path) -> Iterator[Day]:
    engine = make_engine(f"sqlite:///{tmp_path / 'eod.sqlite3'}")
    upgrade(engine)
    d = Day(engine, tmp_path / "documents")
    known_day(d)
    d.clock.now = local(DAY + timedelta(days=1), 9)
    yield d
    engine.dispose()


DASHBOARD_REFUND = msg("match.dashboard_refund", refund="re_1", amount=Money(-50_00), intent="pi_1")


class FakeMatching:
    def match(self, actor: Actor, day: date, *, progress: Progress | None = None) -> DayMatch:
        return DayMatch(day, datetime(2026, 11, 26, 14, tzinfo=UTC), 4, 2,
                              (FeeLine("reader_card", 2, 3_565_00, 1_09_40, 3_455_60),),
                              (Mismatch(MISSING_LOCALLY, DASHBOARD_REFUND, None, "re_1", None, -50_00),))


def open_view(qtbot: Any, day: Day, executor: DatabaseExecutor, actor: Any = MANAGER) -> EndOfDayView:
    view = EndOfDayView(day.eod, FakeMatching(), executor, network=executor, actor=actor, desks=["DESK1", "DESK2"])
    qtbot.addWidget(view)
    view.date_edit.blockSignals(True)
    view.date_edit.setDate(view.date_edit.date().addDays(-1))  # the clock is on the 26th: show the 25th
    view.date_edit.blockSignals(False)
    with qtbot.waitSignal(view.report_loaded, timeout=10_000):
        view.load()
        # The report is added up on the database thread: the window is already free again.
        assert view.status_label.text().startswith(("Adding up 2026-11-25", "Totalisation du 2026-11-25"))
    return view


def test_the_day_in_tables_and_charts(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    view = open_view(qtbot, day, db_executor)
    assert view.day == DAY
    assert "Collected $6,429.50 (4)" in view.totals_label.text() and "Net $4,864.50" in view.totals_label.text()
    assert view.methods.rows()[-1] == ("Total", "4", "$6,429.50")
    assert ("HST 13%", "$130.00", "-$65.00", "$65.00") in view.taxes.rows()
    assert ("Exempt", "$3,000.00", "-$1,000.00", "$2,000.00") in view.sales.rows()
    assert [r[1] for r in view.payments.rows()] == [p.invoice_number for p in view.report.payments]  # type: ignore[union-attr]
    hours = dict(view.hours_chart.bars())
    assert (hours["09"], hours["23"], sum(hours.values())) == (1_130_00, 1_149_75, 6_429_50)
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())][-1] == "Stripe matching"  # words, not a class name
    assert view.methods_chart.bars() == [("Reader card", 4_130_00), ("Interac (reader)", 1_149_75),
                                         ("Hosted page", 1_149_75)]
    view.show()
    qtbot.waitExposed(view)
    view.tabs.setCurrentIndex(1)
    assert not view.hours_chart.grab().isNull()


def test_one_desk(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    view = open_view(qtbot, day, db_executor)
    with qtbot.waitSignal(view.report_loaded, timeout=10_000):
        view.desk_combo.setCurrentText("DESK2")
    assert "Collected $2,299.50 (2)" in view.totals_label.text()
    assert not view.close_button.isEnabled()  # a day is closed for the whole school, not one desk


def test_close_then_reopen_as_admin(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    view = open_view(qtbot, day, db_executor)
    assert not view.close_button.isHidden() and view.reopen_button.isHidden()  # managers close, admins reopen
    with qtbot.waitSignal(view.report_loaded, timeout=10_000):
        view.close_day_confirmed()
    assert "CLOSED" in view.status_label.text() and not view.close_button.isEnabled()
    admin = open_view(qtbot, day, db_executor, actor=ADMIN)
    assert not admin.reopen_button.isHidden() and admin.reopen_button.isEnabled()
    with qtbot.waitSignal(admin.report_loaded, timeout=10_000):
        admin.reopen_with_reason("A late Interac payment from desk 2")
    assert admin.status_label.text().endswith("Open.")


def test_matching_lists_fees_and_what_to_do(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    view = open_view(qtbot, day, db_executor)
    with qtbot.waitSignal(view.matched, timeout=10_000):
        view.match_button.click()
    assert view.fees.rows() == [("Reader card", "2", "$3,565.00", "$109.40", "$3,455.60")]
    assert view.mismatches.rows() == [("In Stripe, not recorded here", DASHBOARD_REFUND.text("en-CA"))]
    assert "1 difference(s) with Stripe" in view.match_label.text()


def test_export_csv(qtbot: Any, day: Day, db_executor: DatabaseExecutor, tmp_path: Path) -> None:
    view = open_view(qtbot, day, db_executor)
    out = tmp_path / "eod.csv"
    view.export_to(out, "csv")
    qtbot.waitUntil(lambda: "Exported to" in view.status_label.text(), timeout=10_000)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sum(int(r["total"].replace(".", "")) for r in rows) == 4_864_50


def test_registrars_do_not_see_the_manager_entry(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    settings = SimpleNamespace(training=False, workstation_id="DESK1", business_name="OncoOne Education", locale="en-CA",
                               tz=ZoneInfo("America/Toronto"))
    window = MainWindow(FakeStudentDirectory([], {}), settings, actor=REGISTRAR, db_executor=db_executor)
    qtbot.addWidget(window)
    entry = EndOfDayAction(window, lambda: day.eod, FakeMatching, db_executor, ["DESK1"])
    assert not entry.action.isVisible()
    window.set_actor(MANAGER)
    assert entry.action.isVisible()
    entry.action.trigger()
    assert entry.view is not None and entry.view.actor == MANAGER
    qtbot.waitUntil(lambda: entry.view is not None and entry.view.report is not None, timeout=10_000)
    assert entry.view.reopen_button.isHidden()  # reopening is for administrators


def test_the_day_in_french_on_a_french_desk(qtbot: Any, day: Day, db_executor: DatabaseExecutor) -> None:
    """Amounts as « 1 234,56 $ », taxes by their French names, channels, treatments and the scope in
    French: the report keeps codes, the view names them in the interface's language."""
    from oncopos.domain.money import NBSP
    from oncopos.ui.i18n import FRENCH, use_language

    assert use_language(FRENCH)  # the autouse fixture puts English back afterwards
    view = open_view(qtbot, day, db_executor)
    assert view.desk_combo.itemText(0) == "Tous les postes" and view.workstation is None
    assert view.status_label.text().startswith("Tous les postes")
    assert f"Perçu 6{NBSP}429,50{NBSP}$ (4)" in view.totals_label.text()
    assert view.methods.rows()[-1] == ("Total", "4", f"6{NBSP}429,50{NBSP}$")
    assert (f"TVH 13{NBSP}%", f"130,00{NBSP}$", f"-65,00{NBSP}$", f"65,00{NBSP}$") in view.taxes.rows()
    assert [row[0] for row in view.sales.rows()] == ["Taxable", "Exonéré", "Détaxé"]
    assert [name for name, _cents in view.methods_chart.bars()] == ["Carte sur le lecteur", "Interac (lecteur)",
                                                                      "Page de paiement"]
    with qtbot.waitSignal(view.matched, timeout=10_000):
        view.match_button.click()
    assert view.fees.rows()[0][:3] == ("Carte sur le lecteur", "2", f"3{NBSP}565,00{NBSP}$")
    assert view.mismatches.rows()[0][0] == "Dans Stripe, non enregistré ici"

def test_a_closed_day_cannot_be_closed_again_and_says_so_even_after_an_error(
        qtbot: Any, day: Day, db_executor: DatabaseExecutor, tmp_path: Path) -> None:
    view = open_view(qtbot, day, db_executor)
    with qtbot.waitSignal(view.report_loaded, timeout=10_000):
        view.close_day_confirmed()
    assert not view.close_button.isEnabled() and "already closed" in view.close_button.toolTip()
    # A failed export (no such folder) used to enable every button again, Close day included.
    with qtbot.waitSignal(view.failed, timeout=10_000):
        view.export_to(tmp_path / "no-such-folder" / "eod.csv", "csv")
    assert not view.close_button.isEnabled() and "already closed" in view.close_button.toolTip()
    assert view.export_button.isEnabled()


def test_the_report_prints_on_the_chosen_paper(qtbot: Any, day: Day, db_executor: DatabaseExecutor,
                                               tmp_path: Path) -> None:
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/printed.pdf\n'
                  'echo "request id is Office-12 (1 file(s))"\n')
    lp.chmod(0o755)
    day.eod = EndOfDayService(day.uow, tz=TORONTO, clock=day.clock, renderer=EndOfDayRenderer(), store=day.store,
                              printer=LpPrinter(str(lp)))
    view = open_view(qtbot, day, db_executor)
    assert view.print_button.isVisible() or not view.isVisible()
    view.print_button.click()
    choice = view.print_dialog
    assert choice is not None and [choice.paper_combo.itemText(i) for i in range(choice.paper_combo.count())] == [
        "Letter", "A4"]  # a report has no receipt layout
    choice.choose_paper("a4")
    choice.accept()
    qtbot.waitUntil(lambda: "Office-12" in view.status_label.text(), timeout=10_000)
    assert "sent to the default printer" in view.status_label.text()
    assert (tmp_path / "args").read_text().split() == ["-t", "end-of-day-2026-11-25", "-o", "media=A4", "-"]
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_a_french_manager_exports_the_text_in_french(qtbot: Any, day: Day, db_executor: DatabaseExecutor,
                                                      tmp_path: Path) -> None:
    from oncopos.ui.i18n import FRENCH, use_language

    assert use_language(FRENCH)
    view = open_view(qtbot, day, db_executor)
    view.export_combo.setCurrentIndex(2)
    assert view.export_combo.currentText() == "Texte" and view.export_combo.currentData() == "text"
    out = tmp_path / "eod.txt"
    view.export_to(out, str(view.export_combo.currentData()))
    qtbot.waitUntil(lambda: str(out) in view.status_label.text(), timeout=10_000)  # « Exporté dans … »
    text = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert text.startswith("Fin de journée du 25 novembre 2026 — Tous les postes")
    assert "Paiements par mode" in text and "6 429,50 $" in text and "Payments" not in text


def test_the_window_names_statuses_and_channels_as_the_report_does() -> None:
    from oncopos.adapters.pdf.end_of_day_words import ReportWords
    from oncopos.ui.end_of_day.labels import channel_label, status_label
    from oncopos.ui.i18n import FRENCH, use_language

    assert use_language(FRENCH)
    words = ReportWords("fr")
    for status in ("failed", "cancelled", "expired", "in_flight", "open", "resolved"):
        assert status_label(status) == words.attempt(status)
    for channel in ("reader_card", "interac", "hosted", "cash", "cheque", "etransfer"):
        assert channel_label(channel) == words.channel(channel)
    assert channel_label("cash") == "Argent comptant"

"""Every window fits a 1024x768 screen: windows open within the available geometry and remember
their size; the end-of-day and payment-history windows no longer need more than 1024 pixels."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, QStandardPaths
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.services.refunds.history import PaymentHistoryService
from oncopos.ui.app import configure_application, show_first_window, watch_every_window, window_rules
from oncopos.ui.i18n import ENGLISH, FRENCH, use_language
from oncopos.ui.main_window import MainWindow
from oncopos.ui.operations import DatabaseExecutor
from oncopos.ui.refunds.history_view import PaymentHistoryView
from oncopos.ui.save_location import in_documents
from oncopos.ui.window_fit import WindowFitter, place_within

from .fakes import FakeStudentDirectory
from .test_eod_view import day, open_view  # noqa: F401 - the end-of-day fixture
from .test_refund_windows import MANAGER, TZ, desk, engine, network  # noqa: F401 - the refund desk fixtures

SMALL_SCREEN = QRect(0, 0, 1024, 768)


def buttons_inside(window: QWidget) -> list[str]:
    outside = []
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            box = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
            if not window.rect().contains(box):
                outside.append(button.text())
    return outside


def test_a_window_opens_within_the_screen_and_keeps_its_size(qtbot, qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             directory: FakeStudentDirectory, db_executor) -> None:
    settings = QSettings(str(tmp_path / "sizes.ini"), QSettings.Format.IniFormat)
    fitter = WindowFitter(settings)
    qapp.installEventFilter(fitter)
    try:
        desk = SimpleNamespace(training=True, workstation_id="DESK1", business_name="OncoOne", locale="en-CA")
        area = qapp.primaryScreen().availableGeometry()
        window = MainWindow(directory, desk, actor=MANAGER, db_executor=db_executor)
        qtbot.addWidget(window)
        window.resize(area.width() + 400, area.height() + 300)  # larger than the screen, as it opened before
        window.show()
        assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
        assert buttons_inside(window) == []
        window.resize(area.width() - 200, area.height() - 150)
        window.close()
        again = MainWindow(directory, desk, actor=MANAGER, db_executor=db_executor)
        qtbot.addWidget(again)
        again.show()
        assert again.size() == QSize(area.width() - 200, area.height() - 150)  # remembered
        again.resize(area.width() - 300, area.height() - 250)
        again.close()
        # Written a moment after the window hid (not as it hides: the next window may be showing).
        qtbot.waitUntil(lambda: settings.value("windows/mainWindow/size") == QSize(area.width() - 300,
                                                                                   area.height() - 250), timeout=5000)
    finally:
        qapp.removeEventFilter(fitter)


def test_end_of_day_fits_1024_pixels_with_export_on_screen(qtbot, day, db_executor) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    view = open_view(qtbot, day, db_executor)
    assert view.minimumSizeHint().width() <= SMALL_SCREEN.width() - 16
    view.show()
    place_within(view, SMALL_SCREEN)
    assert SMALL_SCREEN.contains(view.frameGeometry())
    assert buttons_inside(view) == []
    assert view.export_button.isVisible()
    # The Stripe matching's amounts are after refunds, and the column says so.
    assert "Collected, net of refunds" in view.fees.headers() and "Gross" not in view.fees.headers()


def test_save_dialogs_open_in_the_documents_folder(qapp) -> None:  # type: ignore[no-untyped-def]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(in_documents("DESK1-000001.pdf")) == Path(documents) / "DESK1-000001.pdf"


def test_payment_history_fits_1024_pixels_with_its_buttons_on_screen(qtbot, refunds, network) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    history = PaymentHistoryService(lambda: SqlUnitOfWork(refunds.desk.factory), clock=utc_now, tz=TZ,
                                    workstation_id="DESK1")
    db = DatabaseExecutor()
    view = PaymentHistoryView(history, lambda: refunds.service, lambda: MANAGER, db, network, tz=TZ)
    qtbot.addWidget(view)
    assert view.minimumSizeHint().width() <= SMALL_SCREEN.width() - 16
    view.show()
    place_within(view, SMALL_SCREEN)
    assert SMALL_SCREEN.contains(view.frameGeometry()) and buttons_inside(view) == []
    qtbot.waitUntil(lambda: db.pending == 0, timeout=5000)
    view.close()
    db.shutdown()


@pytest.mark.parametrize("language", [FRENCH, ENGLISH])
def test_the_end_of_day_summary_shows_every_figure_at_1024_pixels(qtbot, qapp, day, db_executor,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                   language: str) -> None:
    """Four tables side by side at half the width: no figure is scrolled out or cut, in either language
    (« Taxes contrepassées » on one line pushed the refunds' amount out of view)."""
    configure_application(qapp)  # the real fonts and header style: widths are measured with them
    assert use_language(language)
    view = open_view(qtbot, day, db_executor)
    view.resize(SMALL_SCREEN.width() - 16, SMALL_SCREEN.height() - 48)
    view.show()
    qtbot.waitExposed(view)
    for model in (view.methods, view.taxes, view.refunds, view.sales):
        table = view.table_views[model]
        assert model.rowCount() > 0
        assert table.horizontalScrollBar().maximum() == 0, model.headers()
        header = table.horizontalHeader()
        for column in range(1, model.columnCount()):  # the figures: each as wide as its widest cell
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), (model.headers()[column], column)


def test_the_first_screen_is_fitted_before_the_application_is_watched_then_with_it(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    # The desk's first screen is shown before the window rules watch the application (start-up cost):
    # it is fitted within the screen all the same, and once the application is watched its hiding
    # keeps its size like any window's, watched once (not by its own filter as well).
    rules = window_rules(qapp)
    for rule in rules:
        qapp.removeEventFilter(rule)  # as `run_gui` leaves the application until the first paint
    try:
        area = qapp.primaryScreen().availableGeometry()
        first = QDialog()
        first.setObjectName("firstScreenFitProbe")
        qtbot.addWidget(first)
        first.resize(area.width() + 400, area.height() + 300)
        show_first_window(qapp, first)
        assert area.contains(first.frameGeometry()), (first.frameGeometry(), area)
        watch_every_window(qapp, instead_of=first)
        first.resize(area.width() // 2, area.height() // 2)
        first.hide()
        fitter = rules[0]
        fitter.save()
        assert QSettings().value("windows/firstScreenFitProbe/size") == QSize(area.width() // 2, area.height() // 2)
        other = QDialog()
        other.setObjectName("firstScreenFitProbe")
        qtbot.addWidget(other)
        other.show()
        assert other.size() == QSize(area.width() // 2, area.height() // 2)  # the app's filter fits new windows
    finally:
        for rule in rules:
            qapp.installEventFilter(rule)

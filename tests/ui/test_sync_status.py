"""The status bar's sync indicator, on a real widget."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from oncopos.services.sync_status import SyncStatus
from oncopos.ui.sync_status import SyncStatusWidget, describe

TORONTO = ZoneInfo("America/Toronto")
ONLINE = SyncStatus(configured=True, reachable=True, last_sync_at=datetime(2026, 11, 26, 19, 5, tzinfo=UTC), pending=0)


class Source:
    def __init__(self, status: SyncStatus) -> None:
        self.current = status

    def status(self) -> SyncStatus:
        return self.current


def test_online_offline_and_waiting_changes_read_plainly() -> None:
    assert describe(ONLINE, TORONTO)[0] == "Central: online · synced 14:05 · nothing waiting"
    offline = replace(ONLINE, reachable=False, pending=3, last_error="Cannot reach the central database x (refused).")
    text, tooltip = describe(offline, TORONTO)
    assert text == "Central: offline · 3 waiting"
    assert tooltip.startswith("Cannot reach the central database") and "keep working" in tooltip
    assert describe(replace(ONLINE, reachable=None), TORONTO)[0] == "Central: connecting…"


def test_the_widget_follows_the_worker_and_shows_catch_up_progress(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = Source(replace(ONLINE, reachable=None))
    widget = SyncStatusWidget(source, TORONTO)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.label.text() == "Central: connecting…" and not widget.progress.isVisible()

    source.current = replace(ONLINE, running=True, progress=(2_500, 10_000))
    widget.refresh()
    assert widget.progress.isVisible() and (widget.progress.value(), widget.progress.maximum()) == (2_500, 10_000)

    source.current = replace(ONLINE, reachable=False, pending=2)
    qtbot.waitUntil(lambda: widget.label.text() == "Central: offline · 2 waiting", timeout=5000)  # the timer refreshes it
    assert not widget.progress.isVisible()


def test_the_main_window_shows_sync_only_on_desks_that_sync(qtbot, directory, db_executor) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from oncopos.domain.access import Actor, Role
    from oncopos.ui.main_window import MainWindow

    desk = SimpleNamespace(training=False, workstation_id="DESK2", business_name="OncoOne Education", locale="en-CA", tz=TORONTO)
    actor = Actor(None, "rita", Role.REGISTRAR, "DESK2")
    alone = MainWindow(directory, desk, actor=actor, db_executor=db_executor)
    qtbot.addWidget(alone)
    assert alone.sync_status_widget is None

    synced = MainWindow(directory, desk, actor=actor, db_executor=db_executor,
                        sync_status=Source(replace(ONLINE, reachable=False, pending=1)))
    qtbot.addWidget(synced)
    synced.show()
    widget = synced.sync_status_widget
    assert widget is not None and widget.isVisible()
    assert widget.label.text() == "Central: offline · 1 waiting"

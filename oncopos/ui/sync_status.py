"""The status bar's sync indicator: online or offline, last sync, changes waiting, catch-up progress.

It only reads `SyncStatus` snapshots (plain values the sync thread replaces whole), on a QTimer in
the UI thread: no signal crosses threads and no database is touched here.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from oncopos.services.sync_status import SyncStatus

REFRESH_MS = 2000


class SyncStatusSource(Protocol):
    def status(self) -> SyncStatus: ...


def describe(status: SyncStatus, tz: tzinfo) -> tuple[str, str]:
    """(the label's text, its tooltip) for a status; the time shown in the business time zone."""
    pending = f"{status.pending} waiting" if status.pending else QCoreApplication.translate("sync_status", "nothing waiting")
    if status.reachable is None:
        text = QCoreApplication.translate("sync_status", "Central: connecting…")
    elif status.reachable is False:
        text = QCoreApplication.translate("sync_status", "Central: offline · {pending}").format(pending=pending)
    elif status.running:
        text = QCoreApplication.translate("sync_status", "Central: syncing… · {pending}").format(pending=pending)
    else:
        last = _time(status.last_sync_at, tz)
        text = (
            QCoreApplication.translate("sync_status", "Central: online · synced {last} · {pending}").format(
                last=last, pending=pending
            )
            if last
            else QCoreApplication.translate("sync_status", "Central: online · {pending}").format(pending=pending)
        )
    tooltip = status.last_error or (
        QCoreApplication.translate(
            "sync_status", "Changes made at this desk are sent to the central database; changes made elsewhere arrive here."
        )
    )
    if status.restored:
        tooltip += "\n" + status.restored
    if status.reachable is False:
        tooltip += QCoreApplication.translate(
            "sync_status", "\nPayments and edits keep working; they are sent when the central database is back."
        )
    return text, tooltip


def _time(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment else ""


class SyncStatusWidget(QWidget):
    def __init__(self, source: SyncStatusSource, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self._source = source
        self._tz = tz
        self.label = QLabel(self)
        self.label.setObjectName("syncStatusLabel")
        self.label.setAccessibleName(self.tr("Central database sync"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setFormat(self.tr("Receiving %p%"))
        self.progress.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        status = self._source.status()
        text, tooltip = describe(status, self._tz)
        self.label.setText(text)
        self.setToolTip(tooltip)
        offline = status.reachable is False
        self.label.setProperty("offline", offline)
        # A new desk's first sync can bring thousands of records: show how far it has come.
        if status.progress is not None and status.progress[1] > 0:
            done, total = status.progress
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.show()
        else:
            self.progress.hide()

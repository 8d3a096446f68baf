"""The settings screen (administrators only): the assistant's sections plus payments, codes, the
idle lock and the language, one tab each. Save checks every value of every tab first, then writes
them together; the answer says what applies now and what after a restart."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.adapters.connection_checks import ensure_key_fits_mode
from oncopos.domain.access import Actor, Permission
from oncopos.domain.checks import CheckResult
from oncopos.services.settings_store import SETUP_STEPS
from oncopos.ui.operations import Executors
from oncopos.ui.save_location import documents_folder, in_documents
from oncopos.ui.settings.common import CheckLabel, SetupServices, step_title
from oncopos.ui.settings.sections_basic import BusinessSection, DeskSection, LimitsSection, Section
from oncopos.ui.settings.sections_connect import CentralSection, EmailSection, StripeSection

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class SettingsDialog(QDialog):
    def __init__(self, services: SetupServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings — OncoPOS"))
        self.unfinished_label = QLabel(self)
        self.unfinished_label.setObjectName("unfinishedLabel")
        self.unfinished_label.setWordWrap(True)
        self.overridden_label = QLabel(self)
        self.overridden_label.setObjectName("overriddenLabel")
        self.overridden_label.setWordWrap(True)
        current = lambda: self.actor  # noqa: E731
        self.sections: dict[str, Section] = {
            "business": BusinessSection(), "desk": DeskSection(), "email": EmailSection(services, current),
            "stripe": StripeSection(services, current), "central": CentralSection(services, current),
            "limits": LimitsSection(),
        }
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        titles = {**{step: step_title(step) for step in SETUP_STEPS}, "stripe": "Stripe",
                  "limits": self.tr("Payments and codes")}
        for key, section in self.sections.items():
            self.tabs.addTab(_scrolled(section), titles[key])
        self.result_label = CheckLabel("settingsResult", self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveSettings")
        self.export_button = self.buttons.addButton(self.tr("Export…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton(self.tr("Import…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unfinished_label)
        layout.addWidget(self.overridden_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.resize(820, 660)
        self.reload()

    def reload(self) -> None:
        settings = self.services.settings()
        for section in self.sections.values():
            section.load(settings)
        left = [step_title(s) for s in self.services.store.unfinished()]
        self.unfinished_label.setText(self.tr("Not finished yet: ") + ", ".join(left) + self.tr(". Fill in those tabs and save.")
                                      if left else "")
        self.unfinished_label.setVisible(bool(left))
        overridden = sorted(self.services.store.overridden_keys())
        self.overridden_label.setText(self.tr("Set by the environment or .env, which override this screen: ")
                                      + ", ".join(overridden) + "." if overridden else "")
        self.overridden_label.setVisible(bool(overridden))

    def values(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for section in self.sections.values():
            merged.update(section.values())
        return merged

    def on_save_clicked(self) -> None:
        store, actor, values = self.services.store, self.actor, self.values()
        # A tab counts as finished once its settings are saved; email and Stripe need their secret too.
        finished = [step for step in SETUP_STEPS if step in ("business", "desk") or self._has_content(step)]

        secrets, allow_full = self.services.secrets, self.services.settings().allow_full_secret_key

        def save() -> Any:
            ensure_key_fits_mode(values["STRIPE_MODE"], secrets.get("stripe_api_key"), allow_full_secret_key=allow_full)
            result = store.save(actor, values, origin=self.tr("settings screen"))
            for step in finished:
                store.mark_step(step, finished=True)
            return result

        self.save_button.setEnabled(False)
        self.services.run_db(self, save, done=self._on_saved, failed=self._on_failed, progress=self.tr("Saving…"))

    def _has_content(self, step: str) -> bool:
        section = self.sections[step]
        if isinstance(section, EmailSection):
            return bool(section.host_edit.text().strip())
        if isinstance(section, StripeSection):
            return section.key.is_set()
        if isinstance(section, CentralSection):
            return bool(section.url_edit.text().strip())
        return True

    def _on_saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        self.services.on_saved(result.settings)
        if not result.changes:
            self.result_label.show_result(CheckResult.passed(self.tr("Nothing changed.")))
        else:
            lines = [
                self.tr("{count} setting(s) saved: ").format(count=len(result.changes))
                + ", ".join(c.key for c in result.changes)
                + "."
            ]
            if result.restart_needed:
                lines.append(self.tr("These take effect when OncoPOS restarts: ") + ", ".join(result.restart_needed) + ".")
            if result.overridden:
                lines.append(self.tr("Still overridden by the environment or .env: ") + ", ".join(result.overridden) + ".")
            self.result_label.show_result(CheckResult.passed(" ".join(lines)))
        self.reload()

    def _on_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.result_label.show_error(error)

    def on_export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export settings"), in_documents("oncopos-settings.toml"),
                                                    self.tr("Settings (*.toml)"))
        if path:
            from pathlib import Path

            count = self.services.store.export_file(self.actor, Path(path))
            self.result_label.show_result(
                CheckResult.passed(
                    self.tr(
                        "{count} settings exported to {path}. Secrets are not included; on the next desk, change the "
                        "workstation id and invoice series."
                    ).format(count=count, path=path)
                )
            )

    def on_import_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import settings"), documents_folder(),
                                                      self.tr("Settings (*.toml)"))
        if path:
            from pathlib import Path

            self.services.run_db(self, self.services.store.import_file, self.actor, Path(path),
                                 done=self._on_saved, failed=self._on_failed, progress=self.tr("Importing…"))


@dataclass(frozen=True)
class SettingsFeature:
    """File > Settings… for the window, over the same services as the first-run assistant, run on
    the window's executors."""

    services: Callable[[Executors], SetupServices]

    def attach(self, window: MainWindow) -> SettingsAction:
        return SettingsAction(window, self.services(Executors(window.db_executor, window.network_executor)))


class SettingsAction:
    """File > Settings…, shown to those who may change settings; follows Switch user."""

    def __init__(self, window: MainWindow, services: SetupServices) -> None:
        self._window = window
        self._services = services
        self.dialog: SettingsDialog | None = None
        self.action = QAction(QCoreApplication.translate("SettingsAction", "&Settings…"), window)
        self.action.setObjectName("settingsAction")
        self.action.triggered.connect(self.on_triggered)
        window.file_menu.insertAction(window.quit_action, self.action)
        window.actor_changed.connect(self.on_actor_changed)
        self.on_actor_changed(window.actor)

    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    def on_actor_changed(self, actor: Actor) -> None:
        self.action.setVisible(actor.can(Permission.MANAGE_SETTINGS))

    def on_triggered(self) -> None:
        actor = self._window.actor
        if self._services.settings().training:
            QMessageBox.information(
                self._window,
                QCoreApplication.translate("SettingsAction", "Settings"),
                QCoreApplication.translate(
                    "SettingsAction",
                    "Training mode runs on its own demo settings; start "
                    "OncoPOS without --training to change this desk's settings.",
                ),
            )
            return
        self.dialog = SettingsDialog(self._services, actor, self._window)
        self.dialog.open()

"""The first-run assistant and the settings screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncopos.config import Settings
from oncopos.ui.operations import Executors
from oncopos.ui.settings.common import SetupServices
from oncopos.ui.settings.settings_dialog import SettingsAction, SettingsDialog, SettingsFeature
from oncopos.ui.settings.wizard import SetupWizard

if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext

__all__ = ["SettingsAction", "SettingsDialog", "SettingsFeature", "SetupServices", "SetupWizard", "setup_services_from"]


def setup_services_from(app_context: AppContext, executors: Executors) -> SetupServices:
    """The assistant's and the settings screen's services. Saving applies the settings at once: the
    context builds a new generation of services (oncopos.bootstrap.apply_settings)."""
    from oncopos.bootstrap import apply_settings

    def saved(settings: Settings) -> None:
        apply_settings(app_context, settings)

    def secret_saved(_name: str) -> None:
        apply_settings(app_context, app_context.settings)  # the gateway reads the new key when next used

    return SetupServices(store=app_context.settings_store, secrets=app_context.secrets, staff=app_context.staff,
                         settings=lambda: app_context.settings, db=executors.database, net=executors.network,
                         on_saved=saved, on_secret_saved=secret_saved, terminal=app_context.terminal)

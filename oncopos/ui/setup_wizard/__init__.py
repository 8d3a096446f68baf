"""The first-run assistant and the settings screen."""

from __future__ import annotations

from typing import Any

from oncopos.ui.operations import DatabaseExecutor, NetworkExecutor
from oncopos.ui.setup_wizard.common import SetupServices
from oncopos.ui.setup_wizard.settings_dialog import SettingsAction, SettingsDialog
from oncopos.ui.setup_wizard.wizard import SetupWizard

__all__ = ["SettingsAction", "SettingsDialog", "SetupServices", "SetupWizard", "setup_services_from"]


def setup_services_from(app_context: Any, db: DatabaseExecutor, net: NetworkExecutor | None = None) -> SetupServices | None:
    """The services from an AppContext (oncopos.bootstrap); None for a context without a settings store."""
    store = getattr(app_context, "settings_store", None)
    if store is None:
        return None

    def saved(settings: Any) -> None:
        from oncopos.bootstrap import apply_settings

        apply_settings(app_context, settings)

    def secret_saved(_name: str) -> None:
        from oncopos.bootstrap import apply_settings

        apply_settings(app_context, app_context.settings)  # the gateway reads the new key when next used

    terminal = getattr(app_context, "terminal", None)
    return SetupServices(store=store, secrets=app_context.secrets, staff=app_context.staff,
                         settings=lambda: app_context.settings, db=db, net=net or NetworkExecutor(2), on_saved=saved,
                         on_secret_saved=secret_saved, terminal=terminal if callable(terminal) else None)

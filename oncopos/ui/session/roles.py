"""The name of a staff role as a person reads it, in the desk's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from oncopos.domain.access import Role


def role_label(role: Role) -> str:
    labels = {
        Role.REGISTRAR: QCoreApplication.translate("Roles", "Registrar"),
        Role.MANAGER: QCoreApplication.translate("Roles", "Manager"),
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
    }
    return labels.get(role, role.value)

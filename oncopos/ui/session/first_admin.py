"""The first-administrator form, shared by the sign-in screen of an empty desk and the set-up assistant."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from oncopos.domain.staff import PASSWORD_MIN
from oncopos.ui.form_fields import password_edit


class FirstAdminForm:
    """Full name, user name and the password typed twice, as rows of the caller's QFormLayout."""

    def __init__(self, parent: QWidget, layout: QFormLayout) -> None:
        self.name_edit = QLineEdit(parent)
        self.name_edit.setObjectName("fullNameEdit")
        self.name_edit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", "e.g. Ada Tremblay"))
        self.username_edit = QLineEdit(parent)
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", "e.g. ada.tremblay"))
        self.password_edit = password_edit(
            parent,
            "passwordEdit",
            placeholder=QCoreApplication.translate("FirstAdminForm", "at least {count} characters").format(
                count=PASSWORD_MIN
            ),
        )
        # The advice is a caption under the field, not part of the placeholder: a placeholder disappears
        # with the first key and is clipped when the window is narrow.
        self.password_hint = QLabel(
            QCoreApplication.translate(
                "FirstAdminForm", "A few unrelated words make a long password that is easy to remember."
            ),
            parent,
        )
        self.password_hint.setObjectName("fieldCaption")
        self.password_hint.setWordWrap(True)
        self.confirm_edit = password_edit(parent, "confirmEdit")
        layout.addRow(QCoreApplication.translate("FirstAdminForm", "&Full name"), self.name_edit)
        layout.addRow(QCoreApplication.translate("FirstAdminForm", "&User name"), self.username_edit)
        layout.addRow(QCoreApplication.translate("FirstAdminForm", "&Password"), self.password_edit)
        layout.addRow("", self.password_hint)
        layout.addRow(QCoreApplication.translate("FirstAdminForm", "&Again"), self.confirm_edit)

    def values(self) -> tuple[str, str, str]:
        """(user name, password, full name), the order `create_first_admin` takes them."""
        return self.username_edit.text(), self.password_edit.text(), self.name_edit.text()

    def passwords_differ(self) -> str | None:
        """The message to show when the two passwords differ (the second is cleared), else None."""
        if self.password_edit.text() == self.confirm_edit.text():
            return None
        self.confirm_edit.clear()
        self.confirm_edit.setFocus()
        return QCoreApplication.translate("FirstAdminForm", "The two passwords differ. Type the same password twice.")

    def clear_passwords(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()

"""The first-run assistant: on a desk with no staff yet, before anything else.

Pages: the administrator account (required: every later change is made and audited under it),
then business details, this desk, email, Stripe and the central database. Each of those can be
skipped ("Skip for now"); skipped steps are remembered in the settings file and listed in the
settings screen until they are done. Nothing is saved until a page's values pass the same checks
as start-up.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from oncopos.adapters.connection_checks import ensure_key_fits_mode
from oncopos.domain.access import Actor
from oncopos.domain.checks import CheckResult
from oncopos.services.settings_store import SETUP_STEPS
from oncopos.ui.session.first_admin import FirstAdminForm
from oncopos.ui.settings.common import CheckLabel, SecretField, SetupServices, step_title
from oncopos.ui.settings.sections_basic import BusinessSection, DeskSection, Section
from oncopos.ui.settings.sections_connect import CentralSection, EmailSection, StripeSection

logger = logging.getLogger(__name__)

SKIP_BUTTON = QWizard.WizardButton.CustomButton1


class AdminPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("adminPage")
        self.setTitle(self.tr("Create the administrator account"))
        self.setSubTitle(self.tr("Welcome to OncoPOS. First, the account that sets this desk up."))
        # Committed once created: there is no going back to make a second administrator.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create and continue"))
        intro = QLabel(self.tr("The administrator sets the desk up, then creates an account for each registrar and manager, "
                       "so every action is done under a person's own name."), self)
        intro.setWordWrap(True)
        self.error = CheckLabel("adminError", self)
        form = QFormLayout(self)
        form.addRow(intro)
        self.form = FirstAdminForm(self, form)
        self.name_edit, self.username_edit = self.form.name_edit, self.form.username_edit
        self.password_edit, self.confirm_edit = self.form.password_edit, self.form.confirm_edit
        form.addRow("", self.error)

    def validatePage(self) -> bool:
        if self._wizard.actor is not None:
            return True
        if (differ := self.form.passwords_differ()) is not None:
            self.error.show_result(CheckResult.failed(differ))
            return False
        services = self._wizard.services
        self._wizard.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        args = self.form.values()

        def create() -> Actor:
            actor = services.staff.create_first_admin(*args)
            for step in SETUP_STEPS:  # until each step is done, the settings screen lists it
                services.store.mark_step(step, finished=False)
            return actor

        services.run_db(self, create, done=self._on_created, failed=self._on_failed, progress=self.tr("Creating the account…"))
        return False  # the page moves on when the account exists

    def _on_created(self, actor: Actor) -> None:
        self._wizard.actor = actor
        self.form.clear_passwords()
        self._wizard.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self._wizard.next()

    def _on_failed(self, error: BaseException) -> None:
        self._wizard.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.error.show_error(error)


class SectionPage(QWizardPage):
    """One skippable step: Next saves its settings (and any secret typed), Skip remembers it as unfinished."""

    def __init__(self, wizard: SetupWizard, step: str, subtitle: str, section: Section) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.step = step
        self.section = section
        self.setObjectName(f"{step}Page")
        self.setTitle(step_title(step))
        self.setSubTitle(subtitle)
        self.error = CheckLabel(f"{step}PageError", self)
        layout = QVBoxLayout(self)
        layout.addWidget(section)
        layout.addWidget(self.error)
        self._done = False
        self.skipping = False

    def initializePage(self) -> None:
        self._done = False
        self.skipping = False
        self.section.load(self._wizard.services.settings())

    def validatePage(self) -> bool:
        if self._done:
            return True
        services, actor, step = self._wizard.services, self._wizard.actor, self.step
        if self.skipping:
            services.run_db(self, lambda: services.store.mark_step(step, finished=False), done=lambda _r: self._advance(),
                            failed=self._on_failed)
            return False
        values = self.section.values()
        secrets = {field.name: field.pending() for field in self.section.findChildren(SecretField) if field.pending()}

        allow_full = services.settings().allow_full_secret_key

        def save() -> Any:
            if step == "stripe":
                key = secrets.get("stripe_api_key") or services.secrets.get("stripe_api_key")
                ensure_key_fits_mode(values["STRIPE_MODE"], key, allow_full_secret_key=allow_full)
            result = services.store.save(actor, values, origin=self.tr("first-run assistant"))
            for name, value in secrets.items():
                services.store.replace_secret(actor, services.secrets, name, value, origin=self.tr("first-run assistant"))
            services.store.mark_step(step, finished=True)
            return result

        services.run_db(self, save, done=self._on_saved, failed=self._on_failed, progress=self.tr("Saving…"))
        return False

    def _on_saved(self, result: Any) -> None:
        for field in self.section.findChildren(SecretField):
            field.edit.clear()
            field.refresh()
        self._wizard.services.on_saved(result.settings)
        self._advance()

    def _advance(self) -> None:
        self.error.hide()
        self._done = True
        self._wizard.next()

    def _on_failed(self, error: BaseException) -> None:
        self.skipping = False
        self.error.show_error(error)


class FinishPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("finishPage")
        self.setTitle(self.tr("Ready"))
        self.summary = QLabel(self)
        self.summary.setObjectName("finishSummary")
        self.summary.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.summary)

    def initializePage(self) -> None:
        left = [step_title(s) for s in self._wizard.services.store.unfinished()]
        lines = []
        if left:
            lines.append(
                self.tr("Still to do: ")
                + ", ".join(left)
                + self.tr(
                    ". An administrator finishes these from File > Settings…; "
                    "they are listed there until they are done. Payments need email and Stripe."
                )
            )
        else:
            lines.append(self.tr("This desk is set up. Take a first small payment to try the whole path."))
        desk = self._wizard.desk_identity_changed()
        if desk:
            lines.append(
                self.tr(
                    "OncoPOS closes when you press Finish: start it again to work as {value} with invoice series {value2} (a "
                    "running desk keeps its identity until it restarts)."
                ).format(value=desk[0], value2=desk[1])
            )
        else:
            lines.append(self.tr("Press Finish to open OncoPOS."))
        self.summary.setText("\n\n".join(lines))


class SetupWizard(QWizard):
    """Emits `signed_in(actor)` when finished, as the sign-in dialog does; `rejected` quits the app."""

    signed_in = Signal(object)  # Actor
    # The desk's id or invoice series changed: they are built into the running app, so it closes
    # and the next start uses them (oncopos.ui.app quits on this signal).
    restart_required = Signal()

    def __init__(self, services: SetupServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up OncoPOS"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(SKIP_BUTTON, self.tr("Skip for now"))
        self.button(SKIP_BUTTON).setObjectName("skipButton")
        self.customButtonClicked.connect(self.on_custom_button_clicked)
        self.currentIdChanged.connect(self.on_page_changed)
        current = lambda: self.actor  # noqa: E731
        self.admin_page = AdminPage(self)
        self.addPage(self.admin_page)
        self.pages: dict[str, SectionPage] = {}
        for step, subtitle, section in (
            ("business", self.tr("Printed on every invoice and receipt. The GST/HST number is checked by its check digit."),
             BusinessSection()),
            ("desk", self.tr("Each desk has its own invoice series, so two desks never issue the same number."), DeskSection()),
            ("email", self.tr("Codes, receipts and invoices go out by email. Send a test to be sure it works."),
             EmailSection(services, current)),
            ("stripe", self.tr("A restricted key for this desk, kept in the keyring; then the card reader."),
             StripeSection(services, current)),
            ("central", self.tr("The school's shared PostgreSQL: every desk's payments in one place. Skip on a single desk."),
             CentralSection(services, current)),
        ):
            self.pages[step] = SectionPage(self, step, subtitle, section)
            self.addPage(self.pages[step])
        self.finish_page = FinishPage(self)
        self.addPage(self.finish_page)
        self.resize(760, 640)

    def on_page_changed(self, _page_id: int) -> None:
        page = self.currentPage()
        self.button(SKIP_BUTTON).setVisible(isinstance(page, SectionPage))

    def on_custom_button_clicked(self, which: int) -> None:
        page = self.currentPage()
        if which == SKIP_BUTTON.value and isinstance(page, SectionPage):
            page.skipping = True
            self.next()

    def desk_identity_changed(self) -> tuple[str, str] | None:
        """(workstation id, invoice series) saved for the next start, when they differ from the running ones."""
        running = self.services.settings()
        saved = self.services.store.values()
        wanted = (saved.get("WORKSTATION_ID", running.workstation_id), saved.get("INVOICE_SERIES", running.invoice_series))
        return wanted if wanted != (running.workstation_id, running.invoice_series) else None

    def accept(self) -> None:
        if self.actor is None:
            return
        logger.info("first-run assistant finished by %s", self.actor.username)
        super().accept()
        if self.desk_identity_changed():
            self.restart_required.emit()
        else:
            self.signed_in.emit(self.actor)

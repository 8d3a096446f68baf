"""The screens the menus do not open, in French and in English: sign-in, the first-run forms, a
manager's approval, a refund and its review, every page of the first-run assistant, every tab of the
settings and the customer display in each of its states (see test_french_windows)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from PySide6.QtWidgets import QWidget

from oncopos.domain.access import Permission
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.services.refunds.records import RefundablePayment
from oncopos.ui.app import sign_in_dialog
from oncopos.ui.i18n import FRENCH, current_language
from oncopos.ui.operations import Executors, NetworkExecutor
from oncopos.ui.payments.customer_display import CustomerDisplayWindow
from oncopos.ui.refunds.dialog import RefundDialog
from oncopos.ui.session.login import FirstAdminDialog
from oncopos.ui.session.override import ManagerOverrideDialog
from oncopos.ui.settings import SettingsDialog, SetupWizard, setup_services_from

from .french_screens import english_left
from .test_french_windows import fit_and_check


def test_the_screens_around_the_window_are_in_the_desks_language(qtbot, desk_in_each_language, db_executor) -> None:  # type: ignore[no-untyped-def]
    """What the menus do not open, each at its own size on a 1024x768 screen."""
    problems: list[str] = []
    french_desk = desk_in_each_language
    admin = french_desk.staff.sign_in("admin", TRAINING_PASSWORD)

    def check(widget: QWidget, name: str, *, close: bool = True, language: str | None = None) -> None:
        widget.show()
        qtbot.waitExposed(widget)
        problems.extend(fit_and_check(qtbot, widget, name, language=language))
        if close:
            widget.close()
            widget.deleteLater()  # gone before the window is: nothing of theirs outlives the test

    def english(widget: QWidget) -> list[str]:  # the pages and tabs not shown yet as well
        return english_left(widget, hidden_too=True) if current_language() == FRENCH else []

    settings = french_desk.settings
    check(sign_in_dialog(french_desk.staff, settings, db_executor), "sign-in")
    check(FirstAdminDialog(french_desk.staff, db_executor, workstation_id=settings.workstation_id), "first-administrator")
    check(ManagerOverrideDialog(french_desk.staff, db_executor, actor=admin, permission=Permission.REFUND,
                                action_text="rembourser 50,00 $ à Émilie Bérubé"), "manager-approval")
    payment = RefundablePayment(
        id=uuid.uuid4(), enrollment_id=uuid.uuid4(), workstation_id="DESK1", status="succeeded", amount_cents=50_850,
        payment_intent_id="pi_1", payment_method_type="card_present", card_brand="visa", card_last4="4242",
        reader_id=None, completed_at=None, student_name="Émilie Bérubé-Lévesque", student_email="emilie@example.ca",
        student_language="fr", course_name="Soins du cuir chevelu", invoice_number="DESK1-000042",
        refunded_cents=10_000, pending_cents=0)
    refund = RefundDialog(lambda: french_desk.refunds, payment, admin, db_executor, staff=french_desk.staff,
                          locale=current_language())
    check(refund, "refund", close=False)
    refund.reason_box.setCurrentIndex(2)
    refund.refund_button.click()  # the review: what goes back, before anything is refunded
    assert refund.pages.currentWidget() is refund.review
    check(refund, "refund-review")

    services = setup_services_from(french_desk, Executors(db_executor, NetworkExecutor(2)))
    wizard = SetupWizard(services)
    problems.extend(f"first-run assistant: {p}" for p in english(wizard))
    check(wizard, "first-run-assistant", close=False)
    for page in range(1, len(wizard.pageIds())):  # every step, as the person goes through them
        wizard.setCurrentId(wizard.pageIds()[page])
        problems.extend(fit_and_check(qtbot, wizard, f"first-run-assistant-step-{page + 1}"))
    wizard.close()
    wizard.deleteLater()
    settings_dialog = SettingsDialog(services, admin)
    problems.extend(f"settings: {p}" for p in english(settings_dialog))
    check(settings_dialog, "settings", close=False)
    for tab in range(1, settings_dialog.tabs.count()):
        settings_dialog.tabs.setCurrentIndex(tab)
        problems.extend(fit_and_check(qtbot, settings_dialog, f"settings-tab-{tab + 1}"))
    settings_dialog.close()
    settings_dialog.deleteLater()

    display = CustomerDisplayWindow(settings.business_name, current_language())
    check(display, "customer-display-idle", close=False)
    shares = [SimpleNamespace(name="GST", amount_cents=500), SimpleNamespace(name="QST", amount_cents=998)]
    display.show_amount(SimpleNamespace(amount_cents=50_850, tax_shares=shares), "Soins du cuir chevelu", "fr")  # type: ignore[arg-type]
    assert display.tax_label.text() == "Dont TPS 5,00\u00a0$, TVQ 9,98\u00a0$"  # the taxes by their French names
    display.ask_for_code("emilie@example.ca")
    check(display, "customer-display", close=False, language=display.language)
    display.language_button.click()  # the student's one touch: the other language, nothing clipped either
    assert display.language != FRENCH
    check(display, "customer-display-other-language", language=display.language)
    assert problems == [], "\n".join(problems)


def test_the_payment_dialog_names_each_tax_in_french() -> None:
    """« TVH 13 % », not "HST 13%": the quote keeps each component by its code, the dialog names it."""
    from oncopos.domain.money import NBSP
    from oncopos.services.payments.records import TaxShare
    from oncopos.ui.i18n import FRENCH, use_language
    from oncopos.ui.payments.pages import tax_text

    view = SimpleNamespace(amount_cents=113_000, pre_tax_cents=100_000, tax_cents=13_000,
                           tax_shares=(TaxShare("HST", "0.13", 100_000, 13_000),))
    assert tax_text(view, "en-CA") == "Before tax $1,000.00 · HST 13% $130.00 · Total $1,130.00"  # type: ignore[arg-type]
    assert use_language(FRENCH)
    assert tax_text(view, "fr-CA") == (f"Avant taxes 1{NBSP}000,00{NBSP}$ · TVH 13{NBSP}% 130,00{NBSP}$ · "  # type: ignore[arg-type]
                                       f"Total 1{NBSP}130,00{NBSP}$")


def test_qt_s_own_buttons_and_file_dialog_are_in_french(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's catalogue (qtbase_fr) is installed with ours: the standard buttons every message box shows
    and the file dialog (Export…, Save PDF…) speak French too."""
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

    from oncopos.ui.i18n import FRENCH, use_language

    assert use_language(FRENCH)
    box = QMessageBox(QMessageBox.Icon.Question, "OncoPOS", "?",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Cancel)}
    assert texts == {"OK", "Annuler"}
    files = QFileDialog(None, "Exporter")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, as under Xvfb and on a bare desk
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(files)
    words = {label.text().replace("&", "") for label in files.findChildren(QLabel)}
    buttons = {b.text().replace("&", "") for box in files.findChildren(QDialogButtonBox) for b in box.buttons()}
    assert "Annuler" in buttons and "Enregistrer" in buttons, buttons
    assert any(w.startswith("Nom de fichier") for w in words), words

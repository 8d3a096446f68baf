"""The first-run assistant and the settings screen, driven like a person would, against a real SMTP
server (aiosmtpd), the Stripe simulator over HTTP, and the real settings file, keyring API and
audit trail (SQLite). PostgreSQL steps run when ONCOPOS_TEST_PG_URL is set."""

from __future__ import annotations

import logging
import os
import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from oncopos.bootstrap import build_context
from oncopos.config import load_settings
from oncopos.domain.access import Role
from oncopos.simulator import start_simulator
from oncopos.simulator.store import ALL_PERMISSIONS
from oncopos.ui.operations import Executors, NetworkExecutor
from oncopos.ui.settings import SettingsDialog, SetupWizard, setup_services_from
from tests.integration.smtp_server import PASSWORD, USER, smtp_server
from tests.unit.test_secrets import DictKeyring

ADMIN_PASSWORD = "lantern orbit velvet cactus"
FULL_KEY = "rk_test_frontdesk_full_0001"
LIMITED_KEY = "rk_test_frontdesk_norefund_0002"
WRONG_SMTP_PASSWORD = "not the right one at all"


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    simulator = start_simulator(0)
    simulator.add_restricted_key(FULL_KEY, set(ALL_PERMISSIONS))
    simulator.add_restricted_key(LIMITED_KEY, set(ALL_PERMISSIONS) - {"refund_write"})
    monkeypatch.setenv("ONCOPOS_CONFIG_FILE", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.setenv("ONCOPOS_STRIPE_API_BASE", simulator.url)  # test mode talks to the simulator
    context = build_context(load_settings())
    try:
        with smtp_server(tmp_path) as server:
            yield {"context": context, "keyring": backend, "simulator": simulator, "smtp": server,
                   "config": tmp_path / "config" / "settings.toml"}
    finally:
        context.close()
        simulator.stop()
        keyring.set_keyring(previous)


def _services(desk: dict[str, Any], db_executor: Any) -> Any:
    services = setup_services_from(desk["context"], Executors(db_executor, NetworkExecutor(2)))
    assert services is not None
    services.smtp_ssl_context = ssl.create_default_context(cafile=str(desk["smtp"].cert))
    return services


def _click_next(qtbot: Any, wizard: SetupWizard) -> None:
    which = QWizard.WizardButton.CommitButton if wizard.currentPage().isCommitPage() else QWizard.WizardButton.NextButton
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _wait_page(qtbot: Any, wizard: SetupWizard, name: str) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == name, timeout=10000)


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _wait_result(qtbot: Any, label: Any) -> str:
    qtbot.waitUntil(lambda: label.ok is not None, timeout=20000)
    return label.text()


def test_the_assistant_sets_up_a_new_desk_end_to_end(qtbot, desk, db_executor, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    context = desk["context"]
    wizard = SetupWizard(_services(desk, db_executor))
    qtbot.addWidget(wizard)
    wizard.show()

    admin = wizard.admin_page
    _type(qtbot, admin.name_edit, "Ada Tremblay")
    _type(qtbot, admin.username_edit, "ada")
    _type(qtbot, admin.password_edit, ADMIN_PASSWORD)
    _type(qtbot, admin.confirm_edit, ADMIN_PASSWORD)
    _click_next(qtbot, wizard)
    _wait_page(qtbot, wizard, "businessPage")
    assert wizard.actor is not None and wizard.actor.role is Role.ADMIN
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # no second administrator

    business = wizard.pages["business"].section
    _type(qtbot, business.name_edit, "OncoOne Education Montreal")
    _type(qtbot, business.gst_edit, "123456789RT0001")  # a typo: the check digit is 2
    _click_next(qtbot, wizard)
    error = wizard.pages["business"].error
    qtbot.waitUntil(lambda: error.ok is False, timeout=10000)
    assert "fails its check digit" in error.text() and wizard.currentPage().objectName() == "businessPage"
    assert not desk["config"].read_text().count("OncoOne Education Montreal")  # nothing saved
    _type(qtbot, business.gst_edit, "123456782RT0001")
    _click_next(qtbot, wizard)
    _wait_page(qtbot, wizard, "deskPage")

    desk_section = wizard.pages["desk"].section
    _type(qtbot, desk_section.workstation_edit, "DESK7")
    _type(qtbot, desk_section.series_edit, "MTL7")
    desk_section.province_combo.setCurrentIndex(desk_section.province_combo.findData("QC"))
    _click_next(qtbot, wizard)
    _wait_page(qtbot, wizard, "emailPage")

    email = wizard.pages["email"].section
    _type(qtbot, email.host_edit, "127.0.0.1")
    email.security_combo.setCurrentIndex(email.security_combo.findData("starttls"))
    email.port_spin.setValue(desk["smtp"].port)
    _type(qtbot, email.user_edit, USER)
    _type(qtbot, email.password.edit, WRONG_SMTP_PASSWORD)
    _type(qtbot, email.test_to_edit, "ada@oncoone.example")
    qtbot.mouseClick(email.test_button, Qt.MouseButton.LeftButton)
    text = _wait_result(qtbot, email.result)
    assert email.result.ok is False and "refused the login" in text and USER in text
    assert desk["smtp"].mailbox.received == []
    _type(qtbot, email.password.edit, PASSWORD)
    qtbot.mouseClick(email.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: email.result.ok is True, timeout=20000)
    assert "Test message sent to ada@oncoone.example" in email.result.text()
    assert len(desk["smtp"].mailbox.received) == 1 and desk["smtp"].mailbox.received[0].tls
    _click_next(qtbot, wizard)  # saves the settings and the typed password in the keyring
    _wait_page(qtbot, wizard, "stripePage")
    assert desk["keyring"].values[("OncoPOS", "smtp_password")] == PASSWORD

    stripe_section = wizard.pages["stripe"].section
    assert stripe_section.key.state_label.text() == "not set"
    _type(qtbot, stripe_section.key.edit, LIMITED_KEY)
    qtbot.mouseClick(stripe_section.check_button, Qt.MouseButton.LeftButton)
    text = _wait_result(qtbot, stripe_section.key_result)
    assert stripe_section.key_result.ok is False and "lacks: Refunds (read), Refunds (write)" in text
    assert re.search(r"PaymentIntents \(write\) +ok", text) and re.search(r"Refunds \(write\) +MISSING", text)
    _type(qtbot, stripe_section.key.edit, FULL_KEY)
    qtbot.mouseClick(stripe_section.key.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stripe_section.key.state_label.text() == "set", timeout=10000)
    assert not stripe_section.key.edit.isVisible() and stripe_section.key.edit.text() == ""
    stripe_section.key_result.ok = None
    qtbot.mouseClick(stripe_section.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stripe_section.key_result.ok is True, timeout=20000)
    _type(qtbot, stripe_section.location_name_edit, "OncoOne Montréal".replace("é", "e"))
    _type(qtbot, stripe_section.line1_edit, "1000 rue Sherbrooke Ouest")
    _type(qtbot, stripe_section.city_edit, "Montreal")
    _type(qtbot, stripe_section.postal_edit, "H3A 3G4")
    result = stripe_section.terminal_result
    qtbot.waitUntil(lambda: result.ok is not None, timeout=20000)  # the refresh after the key check
    result.ok = None
    qtbot.mouseClick(stripe_section.create_location_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.ok is True and "created" in result.text(), timeout=20000)
    _type(qtbot, stripe_section.code_edit, "simulated-wpe")
    result.ok = None
    qtbot.mouseClick(stripe_section.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.ok is True and "registered" in result.text(), timeout=20000)
    result.ok = None
    qtbot.mouseClick(stripe_section.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.ok is not None, timeout=20000)
    assert result.ok is True and "took a $1.00 test payment" in result.text()
    intents = desk["simulator"].state.all("payment_intent")
    assert len(intents) == 1 and intents[0]["amount"] == 100 and intents[0]["status"] == "succeeded"
    refunds = desk["simulator"].state.all("refund")
    assert len(refunds) == 1 and refunds[0]["amount"] == 100  # the test payment went back at once
    _click_next(qtbot, wizard)
    _wait_page(qtbot, wizard, "centralPage")

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    _wait_page(qtbot, wizard, "finishPage")
    summary = wizard.finish_page.summary.text()
    assert "Still to do: Central database." in summary
    assert "start it again to work as DESK7 with invoice series MTL7" in summary
    # The running desk is still DESK1 (its numbers and audit chain): the app closes to start as DESK7.
    with qtbot.assertNotEmitted(wizard.signed_in), qtbot.waitSignal(wizard.restart_required, timeout=5000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    # Settings survive a restart: a fresh load reads the file.
    restarted = load_settings()
    assert (restarted.business_name, restarted.workstation_id, restarted.invoice_series) == (
        "OncoOne Education Montreal", "DESK7", "MTL7")
    assert restarted.gst_hst_number == "123456782RT0001" and restarted.business_province == "QC"
    assert (restarted.smtp_host, restarted.smtp_port, restarted.smtp_user) == ("127.0.0.1", desk["smtp"].port, USER)
    assert context.settings_store.unfinished() == ["central"]
    _assert_no_secret_anywhere(desk, caplog.text)


def _assert_no_secret_anywhere(desk: dict[str, Any], log_text: str) -> None:
    secrets = (PASSWORD, WRONG_SMTP_PASSWORD, FULL_KEY, LIMITED_KEY, ADMIN_PASSWORD)
    file_text = desk["config"].read_text(encoding="utf-8")
    with desk["context"].engine.connect() as conn:
        audit = "\n".join(str(tuple(r)) for r in conn.execute(sa.text("select action, details from audit_events")))
    assert "settings.changed" in audit and "secret.set" in audit
    for secret in secrets:
        assert secret not in file_text, "a secret in the settings file"
        assert secret not in audit, "a secret in the audit trail"
        assert secret not in log_text, "a secret in the log"
    logs_dir = desk["context"].settings.logs_dir
    for path in logs_dir.rglob("*") if logs_dir.exists() else ():
        if path.is_file():
            assert not any(s in path.read_text(errors="replace") for s in secrets), path


def test_the_settings_screen_shows_what_is_unfinished_and_validates_before_saving(qtbot, desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    context = desk["context"]
    actor = context.staff.create_first_admin("ada", ADMIN_PASSWORD, "Ada Tremblay")
    for step in ("email", "central"):
        context.settings_store.mark_step(step, finished=False)
    desk["keyring"].values[("OncoPOS", "stripe_api_key")] = FULL_KEY
    dialog = SettingsDialog(_services(desk, db_executor), actor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Email" in dialog.unfinished_label.text() and "Central database" in dialog.unfinished_label.text()
    stripe_key = dialog.sections["stripe"].key
    assert stripe_key.state_label.text() == "set" and stripe_key.edit.text() == ""  # never shown
    assert not stripe_key.edit.isVisible() and stripe_key.replace_button.text() == "Replace…"
    assert dialog.sections["email"].password.state_label.text() == "not set"

    limits = dialog.sections["limits"]
    _type(qtbot, limits.min_edit, "500.00")
    _type(qtbot, limits.max_edit, "100.00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.ok is False, timeout=10000)
    assert "MAX_PAYMENT_AMOUNT must be above MIN_PAYMENT_AMOUNT" in dialog.result_label.text()
    assert "MIN_PAYMENT_AMOUNT" not in (desk["config"].read_text() if desk["config"].exists() else "")

    _type(qtbot, limits.min_edit, "5.00")
    _type(qtbot, limits.max_edit, "9000.00")
    limits.otp_length_spin.setValue(8)
    assert limits.otp_length_spin.minimum() == 6 and limits.otp_expiry_spin.maximum() == 10
    _type(qtbot, dialog.sections["email"].host_edit, "smtp.oncoone.example")
    dialog.result_label.ok = None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.ok is True, timeout=10000)
    assert "OTP_LENGTH" in dialog.result_label.text() and "after" not in dialog.result_label.text().split("restarts")[0][-5:]
    assert "take effect when OncoPOS restarts: OTP_LENGTH" in dialog.result_label.text()
    # Applied without a restart: the running context now has the new limits and mail server.
    assert context.settings.min_payment_cents == 500 and context.settings.max_payment_cents == 900_000
    assert context.settings.smtp_host == "smtp.oncoone.example"
    assert load_settings().otp_length == 8
    assert dialog.unfinished_label.text() == "Not finished yet: Central database. Fill in those tabs and save."
    with context.engine.connect() as conn:
        details = conn.execute(sa.text("select details from audit_events where action = 'settings.changed'")).scalar()
    assert "MIN_PAYMENT_AMOUNT" in str(details) and "5.00" in str(details) and FULL_KEY not in str(details)

    # Live mode with this desk's test key would stop every payment: refused before anything is saved.
    stripe = dialog.sections["stripe"]
    stripe.mode_combo.setCurrentIndex(stripe.mode_combo.findData("live"))
    dialog.result_label.ok = None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.ok is False, timeout=10000)
    assert "A test key is set but the app is in live mode" in dialog.result_label.text()
    assert load_settings().stripe_mode == "test"


@pytest.mark.skipif(not os.environ.get("ONCOPOS_TEST_PG_URL"), reason="needs ONCOPOS_TEST_PG_URL")
def test_the_central_step_migrates_and_refuses_a_series_another_desk_holds(qtbot, desk, db_executor, pg_url) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    from oncopos.adapters.connection_checks import register_workstation

    url = make_url(pg_url)
    password = url.password
    bare = url.set(password=None).render_as_string(hide_password=False)
    # Another desk registered first with the series this desk would use.
    assert register_workstation(bare, password, "DESK1", "DESK1").ok
    actor = desk["context"].staff.create_first_admin("ada", ADMIN_PASSWORD, "Ada Tremblay")
    services = _services(desk, db_executor)
    dialog = SettingsDialog(services, actor)
    qtbot.addWidget(dialog)
    central = dialog.sections["central"]
    _type(qtbot, central.url_edit, bare)
    if password:
        _type(qtbot, central.password.edit, password)
    qtbot.mouseClick(central.test_button, Qt.MouseButton.LeftButton)
    assert central.result.ok is not False and "Connected to" in _wait_result(qtbot, central.result)
    central.result.ok = None
    running = desk["context"].settings.model_copy(update={"workstation_id": "DESK2"})
    services.settings = lambda: running  # this desk runs as DESK2 (the context's settings cannot be patched)
    qtbot.mouseClick(central.register_button, Qt.MouseButton.LeftButton)
    text = _wait_result(qtbot, central.result)
    assert central.result.ok is False and "Invoice series DESK1 already belongs to workstation DESK1" in text


def test_a_fresh_installation_opens_the_assistant_and_an_existing_one_the_sign_in(qtbot, desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    from oncopos.ui.app import sign_in_dialog
    from oncopos.ui.session.login import LoginDialog

    context = desk["context"]
    first = sign_in_dialog(context.staff, context.settings, db_executor, _services(desk, db_executor))
    qtbot.addWidget(first)
    assert isinstance(first, SetupWizard)
    desk["context"].staff.create_first_admin("ada", ADMIN_PASSWORD, "Ada Tremblay")
    later = sign_in_dialog(context.staff, context.settings, db_executor, _services(desk, db_executor))
    qtbot.addWidget(later)
    assert isinstance(later, LoginDialog)

"""A settings change reaches every service without a restart, as the settings screen says.

One desk starts on Stripe account A (simulator A, key A) and mail server A, and builds its payment
and refund services and starts the outbox thread. Then the settings move it to account B (another
simulator, another key, read again from the keyring), mail server B and a new business name. The
payment, the refund, the invoice email and the outbox thread must all use B: nothing reaches A.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from oncopos.bootstrap import AppContext, apply_settings, build_context
from oncopos.config import Settings, load_settings
from oncopos.services.payments.records import SUCCEEDED, PaymentView
from oncopos.services.refunds.records import SUCCEEDED as REFUND_SUCCEEDED
from oncopos.simulator import SimulatorHandle, start_simulator
from tests.integration.refund_fixtures import MANAGER
from tests.integration.smtp_server import SmtpServer, smtp_server
from tests.payment_support import REGISTRAR, add_enrollment
from tests.unit.test_secrets import DictKeyring

KEY_A = "sk_" + "test_" + "account_a_0001"  # built, so no key-shaped literal sits in the repository
KEY_B = "sk_" + "test_" + "account_b_0002"
OLD_NAME, NEW_NAME = "Old Name School of Aesthetics", "New Name Academy"


@dataclass
class Account:
    simulator: SimulatorHandle
    smtp: SmtpServer

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(r.content, policy=email.policy.default)  # type: ignore[misc]
                for r in self.smtp.mailbox.received]


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def delivered(context: AppContext) -> bool:
    """Nothing waits in the outbox. The test lets the outbox thread finish writing before it writes
    itself: on SQLite two writers at once are another matter (transactions that begin IMMEDIATE)."""
    return context.mail_outbox.status().pending == 0


def text_of(message: email.message.EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())  # type: ignore[attr-defined]


def settings_for(base: Settings, account: Account, business_name: str) -> Settings:
    return base.model_copy(update={
        "stripe_api_base": account.simulator.url, "smtp_port": account.smtp.port, "business_name": business_name})


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[tuple[Account, Account]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(DictKeyring())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with start_simulator(api_key=KEY_A) as sim_a, start_simulator(api_key=KEY_B) as sim_b, \
            smtp_server(tmp_path / "a", mode="plain") as smtp_a, smtp_server(tmp_path / "b", mode="plain") as smtp_b:
        try:
            yield Account(sim_a, smtp_a), Account(sim_b, smtp_b)
        finally:
            keyring.set_keyring(previous)


@pytest.fixture
def desk(accounts: tuple[Account, Account], db_url: str, tmp_path: Path) -> Iterator[AppContext]:
    a, _b = accounts
    base = load_settings(data_dir=tmp_path / "desk", db_url=db_url, stripe_mode="test", allow_full_secret_key=True,
                         mail_backend="smtp", smtp_host="127.0.0.1", smtp_security="none")
    context = build_context(settings_for(base, a, OLD_NAME))
    context.secrets.set("stripe_api_key", KEY_A)
    try:
        yield context
    finally:
        context.close()


def take_payment(context: AppContext, account: Account, enrollment_id: Any, amount_cents: int) -> PaymentView:
    """Quote, code by email, card on the reader: the whole path a registrar drives."""
    gateway = context.gateway()
    location = gateway.create_location("Front desk", line1="100 King St W", city="Toronto", province="ON",
                                       postal_code="M5X 1A9")
    reader = gateway.register_reader("simulated-wpe", location.id, "Desk 1")
    payments = context.payments()
    view = payments.start(REGISTRAR, enrollment_id, amount_cents)
    payments.send_code(REGISTRAR, view.id)
    message = wait_for(lambda: [m for m in account.messages() if "code" in str(m["Subject"]).lower()], "the code")[-1]
    match = re.search(r"Your code ?: (\d+)", text_of(message))
    assert match, text_of(message)
    payments.confirm_code(REGISTRAR, view.id, match.group(1))
    payments.charge_on_reader(REGISTRAR, view.id, reader.id)
    gateway.present_test_card(reader.id, "4242424242424242")
    return wait_for(lambda: (v := payments.poll(REGISTRAR, view.id)).final and v, "the payment to finish")


def test_after_a_settings_change_payments_refunds_invoices_and_the_outbox_use_the_new_settings(
        desk: AppContext, accounts: tuple[Account, Account]) -> None:
    a, b = accounts
    # Everything is built and running on A first: the services a stale holder would keep.
    desk.payments()
    desk.refunds()
    desk.start_mail_delivery(0.1)
    built_with_a = desk.services

    desk.secrets.set("stripe_api_key", KEY_B)  # simulator B refuses key A, A refuses key B
    apply_settings(desk, settings_for(desk.settings, b, NEW_NAME))
    assert desk.services is not built_with_a and desk.settings.business_name == NEW_NAME

    enrollment = add_enrollment(desk.session_factory, price_cents=100_000)  # ON: HST 13% -> 1,130.00
    paid = take_payment(desk, b, enrollment, 113_000)
    assert paid.status == SUCCEEDED and paid.invoice_number
    assert [pi["id"] for pi in b.simulator.state.all("payment_intent")] == [paid.payment_intent_id]
    invoice = desk.invoices.record(paid.invoice_number)
    assert invoice.document is not None and invoice.document["business"]["name"] == NEW_NAME

    # The outbox thread, started before the change, delivers the receipt through mail server B.
    receipt = wait_for(lambda: [m for m in b.messages() if m["To"] == "ada.student@example.ca"
                                and any(p.get_filename() == f"{paid.invoice_number}.pdf" for p in m.iter_attachments())],
                       "the receipt on mail server B")[0]
    assert NEW_NAME in str(receipt["From"])
    wait_for(lambda: delivered(desk), "the outbox to empty")

    refund = desk.refunds().refund(MANAGER, paid.id, 30_000, "withdrawal", "left after week 1")
    assert refund.status == REFUND_SUCCEEDED and refund.credit_note_number
    assert [r["amount"] for r in b.simulator.state.all("refund")] == [30_000]
    credit_note = desk.invoices.record(refund.credit_note_number)
    assert credit_note.document is not None and credit_note.document["business"]["name"] == NEW_NAME
    wait_for(lambda: [m for m in b.messages() if any(p.get_filename() == f"{refund.credit_note_number}.pdf"
                                                     for p in m.iter_attachments())], "the credit note on mail server B")
    wait_for(lambda: delivered(desk), "the outbox to empty")

    to = desk.invoices.email(MANAGER, paid.invoice_number, "accounts.payable@example.ca")
    assert to == "accounts.payable@example.ca"
    wait_for(lambda: [m for m in b.messages() if m["To"] == to], "the invoice email on mail server B")

    # Account A and mail server A saw nothing after the change.
    assert a.simulator.state.all("payment_intent") == [] and a.simulator.state.all("refund") == []
    assert a.smtp.mailbox.received == []


def test_what_the_screen_says_needs_a_restart_keeps_its_start_up_value(desk: AppContext,
                                                                      accounts: tuple[Account, Account]) -> None:
    _a, b = accounts
    staff, enrollments = desk.staff, desk.enrollments
    moved = settings_for(desk.settings, b, NEW_NAME).model_copy(update={
        "workstation_id": "DESK9", "business_province": "QC", "otp_length": 8, "locale": "fr-CA",
        "min_payment_cents": 500})
    apply_settings(desk, moved)
    assert desk.settings.min_payment_cents == 500 and desk.settings.business_name == NEW_NAME
    assert (desk.settings.workstation_id, desk.settings.business_province, desk.settings.otp_length,
            desk.settings.locale) == ("DESK1", "ON", 6, "en-CA")
    # Services that read only start-up settings are the same objects: their memory (sign-in lockouts) stays.
    assert desk.staff is staff and desk.enrollments is enrollments

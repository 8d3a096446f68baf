"""The training inbox (.eml files any mail program opens), the console backend, and the desk's wiring."""

from __future__ import annotations

import email
import email.policy
import io
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.mail import ConsoleMailer, FileMailer, MailOutbox, build_mailer
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.bootstrap import build_context, training_settings
from oncopos.config import load_settings
from oncopos.domain.access import Role
from oncopos.domain.mail import MailNotSent
from oncopos.services.emails import Business, one_time_code_email, payment_confirmation_email
from oncopos.services.otp import OtpService
from oncopos.services.ports import OutgoingEmail
from tests.actors import fixture_actor
from tests.conftest import FixedClock

BUSINESS = Business(name="OncoOne Éducation", email="accounts@oncoone.example", phone="+1 416-555-0100",
                    address="100 King Street West, Toronto ON")


def read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def test_the_training_inbox_holds_readable_eml_files_in_the_order_sent(tmp_path: Path, clock: FixedClock) -> None:
    inbox = tmp_path / "inbox"
    mailer = FileMailer(inbox, sender_name="OncoOne Éducation", sender_address="accounts@oncoone.example", clock=clock)
    confirmation = payment_confirmation_email(
        business=BUSINESS, to="zoe@example.ca", language="fr", student_name="Zoé", course_name="Soins esthétiques",
        amount_cents=56_500, tax_cents=6_500, paid_at=clock.now, card_brand="visa", card_last4="4242", balance_cents=0,
        invoice_number="DESK1-000123", invoice_pdf=b"%PDF-1.4 invoice",
    )
    code = one_time_code_email(
        business=BUSINESS, to="zoe@example.ca", language="en", student_name="Zoé", code="123456", amount_cents=56_500,
        course_name="Soins esthétiques", desk="DESK1", expires_at=clock.now + timedelta(minutes=10), expiry_minutes=10,
    )
    mailer.send(code)
    mailer.send(confirmation)  # the same clock tick: the counter keeps the order
    clock.now += timedelta(seconds=5)
    mailer.send(OutgoingEmail(to="a@example.ca", subject="Third", text="3"))

    files = mailer.messages()
    assert [p.name for p in files] == sorted(p.name for p in inbox.iterdir())
    assert all(re.fullmatch(r"20261126T1500(00|05)\.000000Z-\d{6}-[0-9a-f]{6}\.eml", p.name) for p in files), files
    first, second, third = (read(p) for p in files)
    assert first["Subject"] == "Your code to confirm a payment of $565.00"
    assert "Your code: 123456" in first.get_body(("plain",)).get_content()
    assert second["Subject"].startswith("Paiement reçu") and second["From"].addresses[0].display_name == "OncoOne Éducation"
    assert "Soins esthétiques" in second.get_body(("html",)).get_content()
    [pdf] = list(second.iter_attachments())
    assert (pdf.get_filename(), pdf.get_content()) == ("DESK1-000123.pdf", b"%PDF-1.4 invoice")
    assert third["Subject"] == "Third"
    assert not list(inbox.glob("*.part")), "no half-written files left behind"


def test_an_inbox_that_cannot_be_written_says_where(tmp_path: Path, clock: FixedClock) -> None:
    blocker = tmp_path / "inbox"
    blocker.write_text("a file where the folder should be")
    mailer = FileMailer(blocker, sender_name="OncoOne", sender_address="accounts@oncoone.example", clock=clock)
    with pytest.raises(MailNotSent, match=f"The training inbox {re.escape(str(blocker))} cannot be written"):
        mailer.send(OutgoingEmail(to="a@example.ca", subject="x", text="x"))


def test_the_console_prints_the_text_version() -> None:
    stream = io.StringIO()
    ConsoleMailer(stream).send(OutgoingEmail(to="zoe@example.ca", subject="Paiement reçu", text="Merci, Zoé.\n"))
    out = stream.getvalue()
    assert "To: zoe@example.ca" in out and "Subject: Paiement reçu" in out and "Merci, Zoé." in out


def test_mail_backend_picks_the_mailer() -> None:
    secrets = MemorySecretStore()
    assert isinstance(build_mailer(load_settings(mail_backend="console"), secrets), ConsoleMailer)
    file_mailer = build_mailer(load_settings(mail_backend="file"), secrets)
    assert isinstance(file_mailer, FileMailer) and file_mailer.directory.name == "training-inbox"


def test_a_training_desk_sends_codes_to_its_inbox_and_confirms_them(tmp_path: Path) -> None:
    context = build_context(training_settings(load_settings(data_dir=tmp_path / "data")))
    try:
        assert isinstance(context.mailer, FileMailer) and isinstance(context.mail_outbox, MailOutbox)
        assert isinstance(context.otp, OtpService)
        with context.session_factory() as session:
            enrollment = session.scalars(sa.select(Enrollment).where(Enrollment.status == "active")).first()
            assert enrollment is not None
            enrollment_id = enrollment.id
        registrar = fixture_actor(uuid.uuid4(), "reg", Role.REGISTRAR, context.settings.workstation_id)
        sent = context.otp.send_code(registrar, enrollment_id=enrollment_id, amount_cents=10_000)
        [eml] = context.mailer.messages()
        assert eml.parent == context.settings.training_inbox_dir
        text = read(eml).get_body(("plain",)).get_content()
        code = re.search(r"(?:Your code|Votre code) ?: (\d{6})", text).group(1)  # type: ignore[union-attr]
        confirmation = context.otp.verify_code(registrar, challenge_id=sent.challenge_id, code=code,
                                               enrollment_id=enrollment_id, amount_cents=10_000)
        assert confirmation.challenge_id == sent.challenge_id
        assert context.secrets.get("otp_hmac_key"), "training keeps its code key in the in-memory store"
    finally:
        context.close()

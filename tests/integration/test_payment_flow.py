"""The payment flow end to end: the real service, a real database (SQLite and PostgreSQL) and the
simulator over HTTP through the real Stripe SDK."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from oncopos.domain.errors import InvalidAmount
from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.otp import CodeExpired, CodeIncorrect
from oncopos.services.payments.records import CANCELLED, EXPIRED, PROCESSING, SUCCEEDED
from tests.payment_support import REGISTRAR


def charges(simulator, status="succeeded"):
    return [c for c in simulator.state.all("charge") if c["status"] == status]


def wait_final(desk, payment_id, tries=20):
    for _ in range(tries):
        view = desk.service.poll(REGISTRAR, payment_id)
        if view.final:
            return view
    raise AssertionError(f"payment {payment_id} never finished: {view}")


def test_full_payment_on_the_reader(desk):
    enrollment = desk.enrollment(price_cents=100_000)  # ON: HST 13% -> 1,130.00
    payment_id = desk.confirmed(enrollment, 113_000)
    started = desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    assert started.status == PROCESSING and started.waiting_for_card and started.payment_intent_id
    assert started.balance_note and "central database is not configured" in started.balance_note

    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    done = wait_final(desk, payment_id)

    assert done.status == SUCCEEDED and (done.card_brand, done.card_last4) == ("visa", "4242")
    assert done.tax_cents == 13_000 and [s.name for s in done.tax_shares] == ["HST"]
    assert done.balance_before_cents == 113_000 and done.balance_after_cents == 0
    assert done.invoice_number == "DESK1-000001"
    assert len(charges(desk.simulator)) == 1
    assert [(kind, to) for kind, to, _m in desk.queued()] == [
        ("payment_confirmation", "ada.student@example.ca"), ("payment_notice", "accounts@oncoone.example")]
    desk.outbox.deliver_pending()
    confirmation = desk.mailer.sent[-2]
    assert confirmation.to == "ada.student@example.ca" and confirmation.attachments[0].filename == "DESK1-000001.pdf"
    assert confirmation.attachments[0].data.startswith(b"%PDF")
    assert "$1,130.00" in confirmation.text and "4242424242424242" not in confirmation.text
    assert desk.steps(payment_id) == ["quoted", "code_sent", "code_confirmed", "balance_checked", "charge_requested",
                                      "charge_started", "sent_to_reader", "succeeded", "invoice_issued", "emails_queued"]
    assert "payment.succeeded" in desk.audit_actions()
    # Polling again records nothing more.
    assert desk.service.poll(REGISTRAR, payment_id).invoice_number == "DESK1-000001"
    assert desk.steps(payment_id).count("succeeded") == 1


def test_partial_payment_then_the_rest(desk):
    enrollment = desk.enrollment(price_cents=100_000, province="QC")  # GST 5% + QST 9.975% -> 1,149.75
    first = desk.confirmed(enrollment, 50_000)
    desk.service.charge_on_reader(REGISTRAR, first, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    part = wait_final(desk, first)
    assert part.status == SUCCEEDED and part.balance_after_cents == 64_975
    assert {s.name for s in part.tax_shares} == {"GST", "QST"}

    with pytest.raises(InvalidAmount, match=r"more than the balance owing of \$649.75"):
        desk.service.start(REGISTRAR, enrollment, 65_000)
    rest = desk.confirmed(enrollment, 64_975)
    desk.service.charge_on_reader(REGISTRAR, rest, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "5555555555554444")
    done = wait_final(desk, rest)
    assert done.balance_after_cents == 0 and done.invoice_number == "DESK1-000002"
    # Both payments' tax adds up to exactly what the enrollment charged.
    assert part.tax_cents + done.tax_cents == 5_000 + 9_975


def test_decline_then_success_on_the_same_payment_intent(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    started = desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4000000000009995")
    declined = desk.service.poll(REGISTRAR, payment_id)
    assert declined.declined and declined.failure_code == "insufficient_funds"
    assert "insufficient funds" in declined.failure_message

    again = desk.service.retry(REGISTRAR, payment_id)
    assert again.waiting_for_card and again.payment_intent_id == started.payment_intent_id
    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    done = wait_final(desk, payment_id)
    assert done.status == SUCCEEDED and done.failure_code is None
    assert len(charges(desk.simulator)) == 1 and len(charges(desk.simulator, "failed")) == 1
    assert "declined" in desk.steps(payment_id) and "retried" in desk.steps(payment_id)


def test_cancel_on_the_reader_charges_nothing(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    cancelled = desk.service.cancel(REGISTRAR, payment_id)
    assert cancelled.status == CANCELLED and "Nothing was charged" in cancelled.failure_message
    assert charges(desk.simulator) == [] and desk.queued() == []
    # The reader is free for the next payment, and the enrollment still owes everything.
    again = desk.confirmed(enrollment, 10_000)
    assert desk.service.charge_on_reader(REGISTRAR, again, desk.reader.id).waiting_for_card


def test_cancel_after_an_interac_tap_records_the_payment(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, interac=True)
    view = desk.service.cancel(REGISTRAR, payment_id)
    assert view.status == SUCCEEDED and view.card_brand == "interac" and view.invoice_number


def test_hosted_payment_paid_from_a_phone(desk):
    enrollment = desk.enrollment(price_cents=30_000)
    payment_id = desk.confirmed(enrollment, 33_900)
    started = desk.service.charge_hosted(REGISTRAR, payment_id)
    assert started.checkout_url and started.checkout_expires_at and not started.final
    assert desk.service.email_link(REGISTRAR, payment_id) == "ada.student@example.ca"
    assert desk.mailer.sent[-1].to == "ada.student@example.ca" and started.checkout_url in desk.mailer.sent[-1].text

    assert desk.service.poll(REGISTRAR, payment_id).status == PROCESSING
    page = requests.post(started.checkout_url, data={"number": "4242424242424242", "expiry": "12/40", "cvc": "123",
                                                     "name": "Ada Student", "postal_code": "M5V 2T6"}, timeout=5)
    assert page.status_code == 200
    done = wait_final(desk, payment_id)
    assert done.status == SUCCEEDED and done.card_last4 == "4242" and done.payment_method_type == "card"
    assert len(charges(desk.simulator)) == 1


def test_hosted_session_that_expires(desk):
    enrollment = desk.enrollment(price_cents=30_000)
    payment_id = desk.confirmed(enrollment, 10_000)
    desk.service.charge_hosted(REGISTRAR, payment_id)
    desk.simulator.state.advance_clock(31 * 60)
    done = wait_final(desk, payment_id)
    assert done.status == EXPIRED and "expired" in done.failure_message and charges(desk.simulator) == []


def test_the_balance_is_checked_again_just_before_charging(desk):
    enrollment = desk.enrollment(price_cents=10_000)  # 113.00 owing
    first = desk.confirmed(enrollment, 11_300)
    second = desk.confirmed(enrollment, 11_300)  # quoted while the first was not charged yet
    desk.service.charge_on_reader(REGISTRAR, first, desk.reader.id)
    with pytest.raises(InvalidAmount, match=r"Nothing was charged. Another payment of \$113.00"):
        desk.service.charge_on_reader(REGISTRAR, second, desk.reader.id)
    assert desk.service.view(second).status == CANCELLED


# --- the one-time code, through the payment flow ---------------------------------------------------
def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**len(code):0{len(code)}d}"


def test_three_wrong_codes_then_a_new_code_is_needed(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    view = desk.service.start(REGISTRAR, enrollment, 10_000)
    sent = desk.service.send_code(REGISTRAR, view.id)
    assert sent.code_sent_to and "@example.ca" in sent.code_sent_to and sent.code_attempts_left == 3
    code = desk.mailer.last_code()
    for left in (2, 1, 0):
        with pytest.raises(CodeIncorrect) as caught:
            desk.service.confirm_code(REGISTRAR, view.id, _wrong(code))
        assert caught.value.attempts_left == left
    with pytest.raises(CodeIncorrect, match="Send a new code"):
        desk.service.confirm_code(REGISTRAR, view.id, code)
    with pytest.raises(IllegalTransition, match="cannot be charged"):
        desk.service.charge_on_reader(REGISTRAR, view.id, desk.reader.id)  # never charged without a code
    assert desk.service.view(view.id).status == "code_sent" and charges(desk.simulator) == []


def test_an_expired_code_is_refused(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    view = desk.service.start(REGISTRAR, enrollment, 10_000)
    desk.service.send_code(REGISTRAR, view.id)
    code = desk.mailer.last_code()
    desk.code_clock.offset += timedelta(minutes=10, seconds=1)
    with pytest.raises(CodeExpired, match="Send a new code"):
        desk.service.confirm_code(REGISTRAR, view.id, code)
    desk.code_clock.offset += timedelta(minutes=1)
    desk.service.send_code(REGISTRAR, view.id)  # a new code works
    assert desk.service.confirm_code(REGISTRAR, view.id, desk.mailer.last_code()).status == "confirmed"


def test_a_resend_does_not_reset_the_failure_count(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    view = desk.service.start(REGISTRAR, enrollment, 10_000)
    desk.service.send_code(REGISTRAR, view.id)
    for _ in range(3):
        with pytest.raises(CodeIncorrect):
            desk.service.confirm_code(REGISTRAR, view.id, _wrong(desk.mailer.last_code()))
    desk.code_clock.offset += timedelta(seconds=31)
    resent = desk.service.send_code(REGISTRAR, view.id)
    # At most 5 wrong codes per student (OTP rules): the 3 spent on the first code still count.
    assert resent.code_attempts_left == 2
    with pytest.raises(CodeIncorrect) as caught:
        desk.service.confirm_code(REGISTRAR, view.id, _wrong(desk.mailer.last_code()))
    assert caught.value.attempts_left == 1
    assert desk.service.confirm_code(REGISTRAR, view.id, desk.mailer.last_code()).status == "confirmed"

"""Refunds end to end: the real refund and payment services, a real database (SQLite and
PostgreSQL), the simulator over HTTP through the real Stripe SDK."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.domain.access import Permission, PermissionDenied, subject, system_actor
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.services.refunds.records import FAILED, SUCCEEDED
from tests.actors import approved
from tests.integration.refund_fixtures import MANAGER, READER_TIMEOUT
from tests.payment_support import REGISTRAR


def test_partial_then_full_refund_of_a_card_payment(refunds):
    enrollment = refunds.desk.enrollment(price_cents=100_000)  # ON: HST 13% -> 1,130.00
    payment = refunds.paid(enrollment, 113_000)
    assert refunds.balance(enrollment) == 0
    assert refunds.service.refundable(payment).remaining_cents == 113_000

    first = refunds.service.refund(MANAGER, payment, 30_000, "withdrawal", "left after week 1")
    assert first.status == SUCCEEDED and first.method == "api" and first.stripe_refund_id
    assert first.credit_note_number == "DESK1-000002" and first.remaining_cents == 83_000
    assert refunds.balance(enrollment) == 30_000  # the refund is owed again on the enrollment
    [at_stripe] = refunds.stripe_refunds()
    assert at_stripe["amount"] == 30_000 and at_stripe["reason"] == "requested_by_customer"
    assert at_stripe["metadata"]["oncopos_refund_id"] == str(first.id)

    rest = refunds.service.refund(MANAGER, payment, 83_000, "course_cancelled")
    assert rest.status == SUCCEEDED and rest.credit_note_number == "DESK1-000003" and rest.remaining_cents == 0
    assert sorted(r["amount"] for r in refunds.stripe_refunds()) == [30_000, 83_000]
    charge = refunds.simulator.state.all("charge")[0]
    assert charge["refunded"] is True and charge["amount_refunded"] == 113_000
    assert refunds.balance(enrollment) == 113_000

    # The credit notes reverse the invoice's tax exactly, in proportion, and in total.
    notes = refunds.credit_notes()
    assert [(n.total_cents, n.tax_cents, n.subtotal_cents) for n in notes] == [(30_000, 3_451, 26_549),
                                                                               (83_000, 9_549, 73_451)]
    assert sum(n.tax_cents for n in notes) == 13_000
    assert [r.tax_cents for r in refunds.refund_rows()] == [3_451, 9_549]

    # The student gets each credit note as a PDF, through the mail outbox.
    assert [kind for kind, _to, _m in refunds.desk.queued()].count("credit_note") == 2
    refunds.desk.outbox.deliver_pending()
    sent = [m for m in refunds.desk.mailer.sent if m.attachments and m.attachments[0].filename == "DESK1-000002.pdf"]
    assert len(sent) == 1 and sent[0].to == "ada.student@example.ca"
    assert "$300.00" in sent[0].text and sent[0].attachments[0].data.startswith(b"%PDF")
    assert "refund.succeeded" in refunds.desk.audit_actions() and "credit_note.issued" in refunds.desk.audit_actions()
    assert refunds.desk.steps(payment)[-6:] == ["refund_requested", "refund_succeeded", "refund_emails_queued"] * 2


def test_over_refund_is_refused_with_the_amount_that_remains(refunds):
    enrollment = refunds.desk.enrollment(price_cents=100_000)
    payment = refunds.paid(enrollment, 113_000)
    refunds.service.refund(MANAGER, payment, 30_000, "requested_by_customer")

    with pytest.raises(InvalidAmount, match=r"at most \$830\.00 of this payment: \$1,130\.00 was paid and \$300\.00 "
                                            r"has already been refunded"):
        refunds.service.refund(MANAGER, payment, 83_001, "requested_by_customer")
    refunds.service.refund(MANAGER, payment, 83_000, "requested_by_customer")
    with pytest.raises(InvalidAmount, match="Nothing remains to refund"):
        refunds.service.refund(MANAGER, payment, 1, "requested_by_customer")
    assert len(refunds.stripe_refunds()) == 2 and len(refunds.refund_rows()) == 2


def test_a_reason_and_a_real_amount_are_required(refunds):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    with pytest.raises(InvalidInput, match="Say in a few words why"):
        refunds.service.refund(MANAGER, payment, 1_000, "other", "  ")
    with pytest.raises(InvalidInput, match="Choose a reason"):
        refunds.service.refund(MANAGER, payment, 1_000, "because")
    with pytest.raises(InvalidAmount):
        refunds.service.refund(MANAGER, payment, 0, "duplicate")
    assert refunds.stripe_refunds() == [] and refunds.refund_rows() == []


def test_a_registrar_needs_a_manager_override(refunds):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    with pytest.raises(PermissionDenied, match=r"may not refund. Ask a manager"):
        refunds.service.refund(REGISTRAR, payment, 1_000, "duplicate")
    assert refunds.refund_rows() == []

    registrar = approved(REGISTRAR, MANAGER, "charged twice", Permission.REFUND, subject("payment_id", payment))
    done = refunds.service.refund(registrar, payment, 1_000, "duplicate")
    assert done.status == SUCCEEDED and refunds.stripe_refunds()[0]["reason"] == "duplicate"
    # The audit trail names both people.
    with refunds.desk.factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "refund.requested")).one()
    assert event.details["approved_by"] == "maya" and event.details["override_reason"] == "charged twice"


def test_interac_refund_in_person_on_the_reader(refunds):
    enrollment = refunds.desk.enrollment(price_cents=10_000)
    payment = refunds.paid(enrollment, 11_300, interac=True)
    started = refunds.service.refund(MANAGER, payment, 5_000, "requested_by_customer")
    assert started.status == "pending" and started.method == "reader" and started.waiting_for_card
    assert READER_TIMEOUT - 2 <= (started.seconds_left or 0) <= READER_TIMEOUT and refunds.stripe_refunds() == []
    assert refunds.service.poll(MANAGER, started.id).waiting_for_card  # nothing tapped yet

    refunds.desk.service.gateway.present_test_card(refunds.desk.reader.id, interac=True)  # the same card
    done = refunds.service.poll(MANAGER, started.id)
    assert done.status == SUCCEEDED and not done.waiting_for_card and done.credit_note_number == "DESK1-000002"
    [at_stripe] = refunds.stripe_refunds()
    assert at_stripe["id"] == done.stripe_refund_id and at_stripe["amount"] == 5_000
    assert refunds.balance(enrollment) == 5_000


def test_interac_refund_stopped_when_the_student_does_not_present_the_card(refunds):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300, interac=True)
    started = refunds.service.refund(MANAGER, payment, 11_300, "withdrawal")
    refunds.clock.offset += timedelta(seconds=READER_TIMEOUT - 1)
    assert refunds.service.poll(MANAGER, started.id).waiting_for_card
    refunds.clock.offset += timedelta(seconds=2)

    stopped = refunds.service.poll(MANAGER, started.id)
    assert stopped.status == FAILED and stopped.failure_code == "timed_out"
    assert "did not present the card within 60 seconds" in (stopped.failure_message or "")
    assert refunds.stripe_refunds() == [] and refunds.credit_notes() == []
    reader = refunds.desk.service.gateway.reader(refunds.desk.reader.id)
    assert reader.action and reader.action.status == "failed"  # the reader no longer waits
    assert stopped.remaining_cents == 11_300  # the whole payment can be refunded again


def test_interac_refund_cancelled_by_staff_and_a_wrong_card(refunds):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300, interac=True)
    started = refunds.service.refund(MANAGER, payment, 2_000, "requested_by_customer")
    cancelled = refunds.service.cancel(MANAGER, started.id)
    assert cancelled.status == FAILED and cancelled.failure_code == "cancelled_by_staff"
    assert refunds.stripe_refunds() == []

    again = refunds.service.refund(MANAGER, payment, 2_000, "requested_by_customer")
    refunds.desk.service.gateway.present_test_card(refunds.desk.reader.id, "4242424242424242")  # not the card charged
    wrong = refunds.service.poll(MANAGER, again.id)
    assert wrong.status == FAILED and wrong.failure_code == "card_mismatch"
    assert "not the card that was charged" in (wrong.failure_message or "")
    assert refunds.stripe_refunds() == []


def test_a_dashboard_refund_is_found_by_the_sweep_and_gets_a_credit_note(refunds):
    enrollment = refunds.desk.enrollment(price_cents=100_000)
    payment = refunds.paid(enrollment, 113_000)
    own = refunds.service.refund(MANAGER, payment, 10_000, "requested_by_customer")
    payment_intent = refunds.service.refundable(payment).payment_intent_id
    made_elsewhere = refunds.simulator.dashboard_refund(payment_intent, 20_000)

    report = refunds.service.settle_refunds(system_actor("DESK1"))
    assert len(report.dashboard_found) == 1 and report.total == 0
    [found] = refunds.service.dashboard_refunds()
    assert found.stripe_refund_id == made_elsewhere["id"] and found.amount_cents == 20_000
    assert found.credit_note_number is None and found.invoice_number == "DESK1-000001"
    assert refunds.balance(enrollment) == 30_000  # both refunds count, the app's and the Dashboard's
    assert {r.source for r in refunds.refund_rows()} == {"app", "dashboard"}
    assert refunds.service.refundable(payment).remaining_cents == 83_000

    # A second sweep (overlapping window) records nothing twice; the app's own refund is never "found".
    assert refunds.service.settle_refunds(system_actor("DESK1")).dashboard_found == ()
    assert len(refunds.refund_rows()) == 2 and own.stripe_refund_id != made_elsewhere["id"]

    with pytest.raises(PermissionDenied):
        refunds.service.issue_credit_note(REGISTRAR, found.id)
    number = refunds.service.issue_credit_note(MANAGER, found.id)
    assert number == "DESK1-000003" and refunds.service.dashboard_refunds() == []
    assert refunds.service.dashboard_refunds(to_review=False)[0].credit_note_number == number
    assert [kind for kind, _to, _m in refunds.desk.queued()].count("credit_note") == 2


def test_credit_notes_reverse_quebec_gst_and_qst_exactly(refunds):
    enrollment = refunds.desk.enrollment(price_cents=100_000, province="QC")  # GST 5% + QST 9.975% -> 1,149.75
    payment = refunds.paid(enrollment, 114_975)
    for amount in (33_333, 33_333, 48_309):
        assert refunds.service.refund(MANAGER, payment, amount, "withdrawal").status == SUCCEEDED
    notes = refunds.credit_notes()
    by_tax: dict[str, int] = {}
    for note in notes:
        for component in note.tax_components or ():
            by_tax[component["name"]] = by_tax.get(component["name"], 0) + component["amount_cents"]
    assert by_tax == {"GST": 5_000, "QST": 9_975}
    assert sum(n.total_cents for n in notes) == 114_975

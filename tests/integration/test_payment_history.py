"""The payment history over a real database: today's payments at this desk, the filters, one payment in full."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.errors import InvalidInput
from oncopos.services.refunds.history import PaymentHistoryService
from oncopos.services.refunds.history_records import PaymentQuery
from tests.integration.refund_fixtures import MANAGER

DESK = system_actor("DESK1")


@pytest.fixture
def history(refunds):
    return PaymentHistoryService(lambda: SqlUnitOfWork(refunds.desk.factory), clock=utc_now,
                                 tz=ZoneInfo("America/Toronto"), workstation_id="DESK1")


def test_today_at_this_desk_then_each_filter(refunds, history):
    card = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    interac = refunds.paid(refunds.desk.enrollment(price_cents=20_000, email="zoe@example.ca"), 22_600, interac=True)
    refunds.service.refund(MANAGER, card, 1_300, "wrong_amount", "charged the kit twice")

    today = history.search(DESK)
    assert [row.id for row in today] == [interac, card]  # newest first
    assert today[1].refunded_cents == 1_300 and today[1].refundable_cents == 10_000
    assert today[1].invoice_number == "DESK1-000001" and today[1].method == "card"
    assert today[0].method == "interac" and today[0].card_brand == "interac"

    base = history.default_query()
    assert [r.id for r in history.search(DESK, replace(base, amount_cents=22_600))] == [interac]
    assert [r.id for r in history.search(DESK, replace(base, method="interac"))] == [interac]
    assert [r.id for r in history.search(DESK, replace(base, invoice_number="desk1-000001"))] == [card]
    assert [r.id for r in history.search(DESK, replace(base, invoice_number="DESK1-000003"))] == [card]  # its credit note
    assert [r.id for r in history.search(DESK, replace(base, student=today[1].student_number.lower()))] == [card]
    assert history.search(DESK, replace(base, statuses=("failed",))) == []
    assert history.search(DESK, replace(base, workstation_id="DESK9")) == []
    yesterday = history.today() - timedelta(days=1)
    assert history.search(DESK, replace(base, date_from=yesterday, date_to=yesterday)) == []
    with pytest.raises(InvalidInput, match="start date is after the end date"):
        history.search(DESK, PaymentQuery(date_from=history.today(), date_to=yesterday))


def test_a_payments_detail_tells_its_whole_story(refunds, history):
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    refunds.service.refund(MANAGER, payment, 3_000, "withdrawal")
    detail = history.detail(DESK, payment)

    assert detail.payment_intent_id and detail.payment_intent_id.startswith("pi_") and detail.charge_id
    assert [(d.number, d.kind) for d in detail.documents] == [("DESK1-000001", "invoice"), ("DESK1-000002", "credit_note")]
    assert [(r.amount_cents, r.status) for r in detail.refunds] == [(3_000, "succeeded")]
    assert detail.row.refunded_cents == 3_000 and detail.remaining_cents == 8_300
    journal = [e.what for e in detail.events if e.source == "journal"]
    assert journal[:1] == ["quoted"] and "succeeded" in journal and journal[-1] == "refund_emails_queued"
    audit = {e.what for e in detail.events if e.source == "audit"}
    assert {"payment.succeeded", "invoice.issued", "refund.requested", "refund.succeeded", "credit_note.issued"} <= audit
    assert all(a.at <= b.at for a, b in itertools.pairwise(detail.events))

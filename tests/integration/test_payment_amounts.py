"""The amount Stripe collected is the amount quoted, or the payment is flagged for a manager.

A gateway with a one-cent defect (it creates the PaymentIntent for one cent more than it was asked)
runs against the simulator over HTTP; the flow must notice from `amount_received`, record the money
as taken, issue no invoice and no receipt, and put both figures in the audit trail, the payment's
history and the end-of-day report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.adapters.stripe import StripeGateway
from oncopos.domain.access import Actor, Role
from oncopos.domain.gateway import PaymentIntentState
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_export import report_text
from oncopos.services.payments.records import SUCCEEDED
from oncopos.services.refunds.history import PaymentHistoryService
from tests.integration.payment_fixtures import Desk, build_desk
from tests.integration.stripe_fixtures import TEST_KEY
from tests.payment_support import REGISTRAR

TZ = ZoneInfo("America/Toronto")
MANAGER = Actor(None, "mona", Role.MANAGER, "DESK1")


class OneCentMoreGateway(StripeGateway):
    """The defect under test: the PaymentIntent is created for one cent more than the quote."""

    def create_reader_intent(self, local_payment_id: Any, amount_cents: int, metadata: Any,
                             idempotency_key: str) -> PaymentIntentState:
        return super().create_reader_intent(local_payment_id, amount_cents + 1, metadata, idempotency_key)


@pytest.fixture
def faulty_desk(engine, simulator, tmp_path) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    faulty = OneCentMoreGateway(TEST_KEY, base_url=simulator.url, mode="simulator", max_network_retries=2)
    location = faulty.create_location("Front desk", line1="100 King St W", city="Toronto", province="ON",
                                      postal_code="M5X 1A9")
    card_reader = faulty.register_reader("simulated-wpe", location.id, "Desk 1")
    service, factory, codes, mailer, outbox, code_clock = build_desk(engine, faulty, tmp_path / "desk")
    yield Desk(service, factory, codes, mailer, outbox, code_clock, card_reader, simulator)


def test_a_wrong_amount_from_the_gateway_is_flagged_not_invoiced(faulty_desk, tmp_path):
    desk = faulty_desk
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    done = desk.service.poll(REGISTRAR, payment_id)

    assert done.status == SUCCEEDED  # the money was taken: the record must say so
    assert done.invoice_number is None
    assert done.amount_flag and "$226.01" in str(done.amount_flag) and "$226.00" in str(done.amount_flag)
    assert "226,01\u00a0$" in done.amount_flag.text("fr-CA") and "gestionnaire" in done.amount_flag.text("fr-CA")
    assert desk.queued() == []  # no receipt for an amount nobody quoted
    assert "amount_differs" in desk.steps(payment_id) and "payment.amount_differs" in desk.audit_actions()
    # DayMatch does not issue the receipt later either.
    desk.service.recover_in_flight(MANAGER)
    assert desk.queued() == []

    uow = lambda: SqlUnitOfWork(desk.factory)  # noqa: E731
    history = PaymentHistoryService(uow, clock=utc_now, tz=TZ, workstation_id="DESK1").detail(MANAGER, payment_id)
    flagged = [e for e in history.events if e.what in ("amount_differs", "payment.amount_differs")]
    assert flagged and all(e.detail["quoted_cents"] == 22_600 and e.detail["received_cents"] == 22_601
                           for e in flagged)

    eod = EndOfDayService(uow, tz=TZ, clock=utc_now, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "docs"))
    report = eod.report(MANAGER, eod.today(), live=True)
    assert [(f.quoted_cents, f.received_cents) for f in report.amount_flags] == [(22_600, 22_601)]
    assert "$226.01" in str(report.amount_flags[0].message) and "No invoice" in str(report.amount_flags[0].message)
    assert "Aucune facture" in report.amount_flags[0].message.text("fr-CA")
    assert "Stripe collected $226.01" in report_text(report)
    assert type(report).from_dict(report.to_dict()).amount_flags == report.amount_flags


def test_the_amount_quoted_is_invoiced_as_normal(desk):
    enrollment = desk.enrollment(price_cents=20_000)
    payment_id = desk.confirmed(enrollment, 22_600)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    done = desk.service.poll(REGISTRAR, payment_id)
    assert done.invoice_number and done.amount_flag is None
    assert "amount_differs" not in desk.steps(payment_id)

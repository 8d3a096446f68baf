"""Part card, part cheque: the card part charged on the simulated reader through the real Stripe SDK
and payment flow, then the cheque part recorded after it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.tender import DEFAULT_NEEDING_CODE, ChequeTender, SplitPart, Tender
from oncopos.services.payments.recording import Recorder
from oncopos.services.tenders.service import TenderRules, TenderService
from tests.integration.payment_fixtures import Desk
from tests.integration.tender_support import TZ
from tests.payment_support import REGISTRAR
from tests.waiting import wait_for


def tenders_beside(desk: Desk, needing_code: frozenset[Tender] = DEFAULT_NEEDING_CODE) -> TenderService:
    """The tender service on the payment desk's database, with the same invoices (no Stripe of its own)."""
    from oncopos.adapters.db.session import utc_now
    from oncopos.bootstrap import build_invoice_service
    from oncopos.config import load_settings
    from oncopos.domain.enrollment import PaymentLimits

    uow = lambda: SqlUnitOfWork(desk.factory)  # noqa: E731
    settings = load_settings(workstation_id="DESK1", invoice_series="DESK1")
    recorder = Recorder(uow, utc_now, build_invoice_service(settings, uow, utc_now), None, lambda _s: None)
    return TenderService(uow, TenderRules(PaymentLimits(100, 2_500_000), "DESK1", TZ, needing_code), clock=utc_now,
                         recorder=recorder)


def test_part_card_on_the_reader_part_cheque(desk: Desk) -> None:
    tenders = tenders_beside(desk)
    enrollment = desk.enrollment(price_cents=100_000)  # $1,130.00 with HST
    cheque = ChequeTender("4521", "Banque Nationale", tenders.today() - timedelta(days=1))
    parts = [SplitPart(50_000, Tender.READER), SplitPart(30_000, Tender.CHEQUE, cheque)]
    tenders.check_split(REGISTRAR, enrollment, 80_000, parts)  # before anything is charged

    card = desk.confirmed(enrollment, 50_000)  # the one code, for the card part
    desk.service.charge_on_reader(REGISTRAR, card, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    wait_for(lambda: desk.service.poll(REGISTRAR, card).succeeded, what="the card part succeeding")

    wrong = [SplitPart(40_000, Tender.READER), SplitPart(40_000, Tender.CHEQUE, cheque)]
    with pytest.raises(InvalidInput, match="not paid for this amount"):
        tenders.record_split(REGISTRAR, enrollment, 80_000, wrong, card_payment_id=card)

    split = tenders.record_split(REGISTRAR, enrollment, 80_000, parts, card_payment_id=card)
    # Every leg on the receipt, the card first, each with the balance right after it.
    assert split.split_id == card and [p.tender for p in split.parts] == ["reader", "cheque"]
    assert [p.amount_cents for p in split.parts] == [50_000, 30_000] and split.total_cents == 80_000
    assert [p.balance_after_cents for p in split.parts] == [113_000 - 50_000, 113_000 - 80_000]
    assert all(p.invoice_number for p in split.parts)
    with pytest.raises(InvalidInput, match="already recorded with its card part"):  # a second Record
        tenders.record_split(REGISTRAR, enrollment, 80_000, parts, card_payment_id=card)
    with SqlUnitOfWork(desk.factory) as uow:
        assert uow.payments.enrollment(enrollment).balance_cents == 113_000 - 80_000
        assert [t.tender for t in uow.tenders.split_parts(card)] == ["cheque"]
    with desk.factory() as s:  # each part has its own invoice
        invoices = s.scalars(sa.select(Invoice.total_cents).where(Invoice.kind == "invoice")).all()
    assert sorted(invoices) == [30_000, 50_000]



def test_a_cheque_set_to_need_the_code_is_recorded_after_it(desk: Desk) -> None:
    tenders = tenders_beside(desk, frozenset({Tender.READER, Tender.HOSTED, Tender.CHEQUE}))
    enrollment = desk.enrollment(price_cents=100_000)
    cheque = ChequeTender("310", "CIBC", tenders.today())
    quoted = desk.service.start(REGISTRAR, enrollment, 30_000)
    with pytest.raises(UserFacingError, match="one-time code for cheque"):
        tenders.record(REGISTRAR, quoted.id, cheque)
    confirmed = desk.confirmed(enrollment, 30_000)
    receipt = tenders.record(REGISTRAR, confirmed, cheque)
    assert receipt.invoice_number and receipt.balance_after_cents == 113_000 - 30_000
    steps = desk.steps(confirmed)
    assert steps[:6] == ["quoted", "code_sent", "code_confirmed", "balance_checked", "tender_recorded", "succeeded"]


def test_a_declined_card_leg_records_nothing_by_hand(desk: Desk) -> None:
    """The card leg declined, then given up: the cheque is not recorded, the balance is as it was,
    and nothing at Stripe was collected; the registrar may take the whole split again."""
    tenders = tenders_beside(desk)
    enrollment = desk.enrollment(price_cents=100_000)
    cheque = ChequeTender("4522", "Desjardins", tenders.today())
    parts = [SplitPart(30_000, Tender.CHEQUE, cheque), SplitPart(50_000, Tender.READER)]  # the card second
    tenders.check_split(REGISTRAR, enrollment, 80_000, parts)

    card = desk.confirmed(enrollment, 50_000)
    desk.service.charge_on_reader(REGISTRAR, card, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4000000000000002")
    declined = wait_for(lambda: (v := desk.service.poll(REGISTRAR, card)).failure_code and v, what="the decline")
    assert declined.status == "processing" and declined.failure_code == "generic_decline"
    with pytest.raises(InvalidInput, match="card part was not paid"):  # declined is not paid
        tenders.record_split(REGISTRAR, enrollment, 80_000, parts, card_payment_id=card)
    stopped = desk.service.cancel(REGISTRAR, card)
    assert stopped.final and not stopped.succeeded
    with pytest.raises(InvalidInput, match="card part was not paid"):
        tenders.record_split(REGISTRAR, enrollment, 80_000, parts, card_payment_id=card)
    with SqlUnitOfWork(desk.factory) as uow:
        assert uow.payments.enrollment(enrollment).balance_cents == 113_000
        assert uow.tenders.split_parts(card) == []
    with desk.factory() as s:
        assert s.scalars(sa.select(Invoice.number)).all() == []

    # Another card on a new payment for the same leg: then the cheque follows it.
    again = desk.confirmed(enrollment, 50_000)
    desk.service.charge_on_reader(REGISTRAR, again, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    wait_for(lambda: desk.service.poll(REGISTRAR, again).succeeded, what="the second card succeeding")
    split = tenders.record_split(REGISTRAR, enrollment, 80_000, parts, card_payment_id=again)
    assert [p.tender for p in split.parts] == ["reader", "cheque"]
    assert split.parts[-1].balance_after_cents == 113_000 - 80_000


def test_the_code_of_a_split_names_the_whole_and_the_card_part(desk: Desk) -> None:
    tenders = tenders_beside(desk)
    enrollment = desk.enrollment(price_cents=100_000)
    cheque = ChequeTender("4522", "Banque Nationale", tenders.today())
    parts = [SplitPart(50_000, Tender.READER), SplitPart(30_000, Tender.CHEQUE, cheque)]
    tenders.check_split(REGISTRAR, enrollment, 80_000, parts)
    card = desk.service.start(REGISTRAR, enrollment, 50_000)
    with pytest.raises(UserFacingError, match="more than its card part"):  # never a whole below its part
        desk.service.send_code(REGISTRAR, card.id, split_total_cents=50_000)
    desk.service.send_code(REGISTRAR, card.id, split_total_cents=80_000)
    email = desk.mailer.sent[-1]
    assert email.subject == "Your code to confirm a payment of $800.00"
    for body in (email.text, email.html):
        assert "$800.00" in body and "$500.00" in body and "charged to your card" in body
    assert "confirm a payment of $800.00 for Oncology aesthetics: module 1, of which $500.00 is charged to your card" \
        in email.text
    # The code stays bound to what the card is charged: it confirms the card leg of $500.00.
    confirmed = desk.service.confirm_code(REGISTRAR, card.id, desk.mailer.last_code())
    assert confirmed.status == "confirmed" and confirmed.amount_cents == 50_000
    from oncopos.adapters.db.models.audit import AuditEvent

    with desk.factory() as session:  # the audit trail says which whole the code was sent for
        sent = session.scalars(sa.select(AuditEvent.details).where(AuditEvent.action == "otp.sent")
                               .order_by(AuditEvent.sequence)).all()[-1]
    assert sent["split_total_cents"] == 80_000 and sent["amount_cents"] == 50_000


def test_the_french_code_of_a_split_names_the_whole_and_the_card_part() -> None:
    from datetime import UTC, datetime

    from oncopos.config import load_settings
    from oncopos.services.emails import Business, one_time_code_email

    business = Business.from_settings(load_settings(workstation_id="DESK1", invoice_series="DESK1"))
    email = one_time_code_email(business=business, to="ada@example.ca", language="fr", student_name="Ada",
                                code="123456", amount_cents=50_000, course_name="Module 1", desk="DESK1",
                                expires_at=datetime(2026, 11, 26, 15, tzinfo=UTC), expiry_minutes=10,
                                split_total_cents=123_450)
    assert email.subject == "Votre code pour confirmer un paiement de 1\u00a0234,50\u00a0$"
    assert ("un paiement de 1\u00a0234,50\u00a0$ pour Module 1, dont 500,00\u00a0$ portés à votre carte"
            in email.text)
    assert "dont <strong>500,00\u00a0$</strong> portés à votre carte" in email.html
    alone = one_time_code_email(business=business, to="ada@example.ca", language="fr", student_name="Ada",
                                code="123456", amount_cents=50_000, course_name="Module 1", desk="DESK1",
                                expires_at=datetime(2026, 11, 26, 15, tzinfo=UTC), expiry_minutes=10)
    assert "un paiement de 500,00\u00a0$ pour Module 1." in alone.text and "carte" not in alone.text

"""One payment for a program and its kit split across tenders, on SQLite and PostgreSQL: each part is
a payment with a line per enrollment, its own invoice whose lines' taxes add up to what each
enrollment's tax allows, a refund per line of a part, the end of day by tender, and the card part
charged on the simulated reader through the real Stripe SDK before the parts by hand follow it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.allocation import PartRequest
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender, SplitPart, Tender
from oncopos.services.end_of_day import EndOfDayService
from tests.conftest import FixedClock
from tests.integration.otp_support import KeepingMailer
from tests.integration.payment_fixtures import Desk
from tests.integration.refund_fixtures import build_refunds
from tests.integration.tender_support import MANAGER, REGISTRAR, TZ, TenderDesk, tender_desk
from tests.integration.test_several_enrollments import add_enrollment_for
from tests.integration.test_split_with_card import tenders_beside
from tests.payment_support import REGISTRAR as AT_DESK  # the payment desk's registrar (no staff row)
from tests.waiting import wait_for


@pytest.fixture
def hand(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "data")


def program_and_kit(desk: Any) -> tuple[uuid.UUID, uuid.UUID]:
    program = desk.enrollment(price_cents=100_000)  # $1,130.00 with HST 13%
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")  # $226.00
    return program, kit


def invoice_lines(factory: Any, payment_id: uuid.UUID) -> list[tuple[int, int]]:
    """(what the line paid, its tax) of each line of the payment's invoice, in order."""
    with factory() as s:
        document = s.scalar(sa.select(Invoice.document).where(Invoice.payment_id == payment_id,
                                                              Invoice.kind == "invoice"))
    assert document is not None
    return [(line["part_cents"] + sum(t["amount_cents"] for t in line["taxes"]),
             sum(t["amount_cents"] for t in line["taxes"])) for line in document["lines"]]


def test_a_split_by_hand_for_a_program_and_its_kit(hand: TenderDesk) -> None:
    program, kit = program_and_kit(hand)
    lines = [PartRequest(program, 50_000), PartRequest(kit, 22_600)]  # $726.00: part of the program, all the kit
    hand.till.open_drawer(REGISTRAR, 10_000)
    day = hand.tenders.today()
    parts = [SplitPart(30_000, Tender.CASH, CashTender(30_000)),
             SplitPart(42_600, Tender.CHEQUE, ChequeTender("5120", "RBC Royal Bank", day))]
    before = hand.counts()
    short = [parts[0], SplitPart(40_000, Tender.CHEQUE, ChequeTender("5120", "RBC Royal Bank", day))]
    with pytest.raises(InvalidAmount, match=r"^The parts add up to \$700\.00, not the \$726\.00 being paid "
                                            r"\(\$26\.00 missing\)\. Nothing was recorded; correct the parts\.$"):
        hand.tenders.record_split_several(REGISTRAR, lines, short)
    with pytest.raises(InvalidAmount, match=r"^The parts add up to \$700\.00"):
        hand.tenders.check_split_several(REGISTRAR, lines, short)
    with pytest.raises(InvalidAmount, match="Practitioner kit"):  # a line above its own balance
        hand.tenders.check_split_several(REGISTRAR, [lines[0], PartRequest(kit, 30_000)],
                                         [parts[0], SplitPart(50_000, Tender.CHEQUE, parts[1].details)])
    assert hand.counts() == before  # every refusal before anything was written

    legs = hand.tenders.check_split_several(REGISTRAR, lines, parts)
    # Each part a slice of the whole: $300.00 over $500.00 and $226.00 by largest remainder, the rest to the cheque.
    assert legs == ((PartRequest(program, 20_661), PartRequest(kit, 9_339)),
                    (PartRequest(program, 29_339), PartRequest(kit, 13_261)))
    assert hand.counts() == before

    split = hand.tenders.record_split_several(REGISTRAR, lines, parts)
    assert [p.tender for p in split.parts] == ["cash", "cheque"] and split.total_cents == 72_600
    assert [p.balance_after_cents for p in split.parts] == [135_600 - 30_000, 135_600 - 72_600]
    assert hand.balance(program) == 113_000 - 50_000 and hand.balance(kit) == 0
    with hand.factory() as s:
        allocations = s.execute(sa.select(PaymentAllocation.payment_id, PaymentAllocation.enrollment_id,
                                          PaymentAllocation.amount_cents)).all()
    assert sorted((e, a) for _p, e, a in allocations) == sorted(
        [(program, 20_661), (kit, 9_339), (program, 29_339), (kit, 13_261)])
    # Each part's own invoice, a line per enrollment; the kit's HST over both is all its tax, to the cent.
    cash, cheque = (invoice_lines(hand.factory, p.payment_id) for p in split.parts)
    assert [paid for paid, _tax in cash] == [20_661, 9_339] and [paid for paid, _tax in cheque] == [29_339, 13_261]
    assert cash[1][1] + cheque[1][1] == 2_600
    # The program's tax over both parts is what one payment of $500.00 on it would have charged.
    twin = hand.enrollment(price_cents=100_000)
    alone = hand.tenders.take(REGISTRAR, twin, 50_000, ChequeTender("5121", "RBC Royal Bank", day))
    assert cash[0][1] + cheque[0][1] == hand.invoice_of(alone.payment_id).tax_cents == 5_752
    with hand.uow() as uow:
        assert sorted(t.tender for t in uow.tenders.split_parts(split.split_id)) == ["cash", "cheque"]
    assert "payment.split_recorded" in hand.actions()
    assert hand.till.current(REGISTRAR).cash_payments == 1


def test_a_part_refused_inside_the_write_leaves_no_part_recorded(hand: TenderDesk) -> None:
    """The kit paid in part by another window between the check and the record: the first part's
    share of it still fits, the second's does not, so neither part is written."""
    program, kit = program_and_kit(hand)
    day = hand.tenders.today()
    lines = [PartRequest(program, 50_000), PartRequest(kit, 22_600)]
    parts = [SplitPart(30_000, Tender.CHEQUE, ChequeTender("61", "CIBC", day)),
             SplitPart(42_600, Tender.ETRANSFER, EtransferTender("CAk81", "Ada Student"))]
    hand.tenders.check_split_several(REGISTRAR, lines, parts)
    hand.tenders.take(REGISTRAR, kit, 10_000, ChequeTender("62", "CIBC", day))  # the other window
    before = hand.counts()
    with pytest.raises(InvalidAmount, match="Practitioner kit"):
        hand.tenders.record_split_several(REGISTRAR, lines, parts)
    assert hand.counts() == before
    assert hand.balance(program) == 113_000 and hand.balance(kit) == 12_600


def test_a_line_of_one_part_is_refunded_on_its_own(hand: TenderDesk, gateway: Any, tmp_path: Path) -> None:
    outbox = MailOutbox(hand.uow, KeepingMailer(), hand.clock)
    refunds = build_refunds(hand.factory, gateway, outbox.enqueue, tmp_path / "refunds", hand.clock)
    program, kit = program_and_kit(hand)
    hand.till.open_drawer(REGISTRAR, 10_000)
    lines = [PartRequest(program, 11_300), PartRequest(kit, 22_600)]
    parts = [SplitPart(13_560, Tender.CASH, CashTender(13_560)),
             SplitPart(20_340, Tender.ETRANSFER, EtransferTender("CA9xK2", "Ada Student"))]
    split = hand.tenders.record_split_several(REGISTRAR, lines, parts)
    cash = split.parts[0].payment_id
    assert [(line.enrollment_id, line.remaining_cents) for line in refunds.refundable(cash).lines] == [
        (program, 4_520), (kit, 9_040)]
    refund = refunds.refund(MANAGER, cash, 9_040, "requested_by_customer", enrollment_id=kit)
    assert refund.succeeded and refund.method == "cash" and refund.remaining_cents == 4_520
    assert hand.balance(kit) == 9_040 and hand.balance(program) == 113_000 - 11_300
    with hand.factory() as s:
        note = s.scalar(sa.select(Invoice).where(Invoice.number == refund.credit_note_number))
    assert note is not None and note.kind == "credit_note"
    # The credit note reverses exactly the tax that part's kit line charged.
    assert note.tax_cents == invoice_lines(hand.factory, cash)[1][1] == 1_040
    with pytest.raises(InvalidAmount):  # never past what the line has left
        refunds.refund(MANAGER, cash, 4_521, "requested_by_customer", enrollment_id=program)


def test_the_end_of_day_counts_each_part_by_its_tender(hand: TenderDesk, tmp_path: Path) -> None:
    eod = EndOfDayService(hand.uow, tz=TZ, clock=hand.clock, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "eod"))
    program, kit = program_and_kit(hand)
    drawer = hand.till.open_drawer(REGISTRAR, 10_000).record.id
    parts = [SplitPart(20_000, Tender.CASH, CashTender(20_000)),
             SplitPart(30_000, Tender.CHEQUE, ChequeTender("88", "Desjardins", hand.tenders.today())),
             SplitPart(22_600, Tender.ETRANSFER, EtransferTender("CAq7", "Ada Student"))]
    hand.tenders.record_split_several(REGISTRAR, [PartRequest(program, 50_000), PartRequest(kit, 22_600)], parts)
    hand.till.close_drawer(REGISTRAR, drawer, {10_000: 3})  # the float and the $200.00
    report = eod.report(MANAGER, hand.clock().astimezone(TZ).date(), live=True)
    assert report.tender_totals() == {"reader_card": 0, "interac": 0, "hosted": 0, "cash": 20_000,
                                      "cheque": 30_000, "etransfer": 22_600}
    assert report.collected_cents == 72_600 and report.inconsistencies() == []


def confirmed_lines(desk: Desk, lines: tuple[PartRequest, ...], split_total: int) -> uuid.UUID:
    """The card part quoted with its lines and confirmed by the one code, whose email names the whole."""
    view = desk.service.start_several(AT_DESK, lines)
    desk.code_clock.offset += timedelta(minutes=1)
    desk.service.send_code(AT_DESK, view.id, split_total_cents=split_total)
    desk.service.confirm_code(AT_DESK, view.id, desk.mailer.last_code())
    return view.id


def test_part_card_on_the_reader_part_etransfer_for_a_program_and_its_kit(desk: Desk) -> None:
    tenders = tenders_beside(desk)
    program = desk.enrollment(price_cents=100_000)
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")
    lines = [PartRequest(program, 50_000), PartRequest(kit, 22_600)]
    used = EtransferTender("CAused1", "Ada Student")
    tenders.take(AT_DESK, desk.enrollment(price_cents=10_000), 5_000, used)  # its reference is taken already
    parts = [SplitPart(40_000, Tender.READER), SplitPart(32_600, Tender.ETRANSFER, used)]
    with pytest.raises(InvalidInput, match="CAUSED1"):  # refused before the card is charged
        tenders.check_split_several(AT_DESK, lines, parts)
    parts[1] = SplitPart(32_600, Tender.ETRANSFER, EtransferTender("CAnew22", "Ada Student"))
    card_lines, _hand_lines = tenders.check_split_several(AT_DESK, lines, parts)
    assert card_lines == (PartRequest(program, 27_548), PartRequest(kit, 12_452))

    with pytest.raises(InvalidInput, match="Charge the card part first"):
        tenders.record_split_several(AT_DESK, lines, parts)
    card = confirmed_lines(desk, card_lines, 72_600)
    assert "$726.00" in desk.mailer.sent[-1].text and "$400.00 is charged to your card" in desk.mailer.sent[-1].text
    desk.service.charge_on_reader(AT_DESK, card, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id)
    wait_for(lambda: desk.service.poll(AT_DESK, card).succeeded, what="the card part succeeding")

    # The card paid, the part by hand refused (the reference typed again is taken): the card stays
    # paid, nothing by hand is written, and Record again takes the part by hand alone.
    wrong = [parts[0], SplitPart(32_600, Tender.ETRANSFER, used)]
    with pytest.raises(InvalidInput, match="CAUSED1"):
        tenders.record_split_several(AT_DESK, lines, wrong, card_payment_id=card)
    with SqlUnitOfWork(desk.factory) as uow:
        assert uow.tenders.split_parts(card) == []
        assert uow.payments.enrollment(program).balance_cents == 113_000 - 27_548
    with pytest.raises(InvalidInput, match="not paid for this amount"):  # other lines than the card paid
        tenders.record_split_several(AT_DESK, [PartRequest(program, 60_000), PartRequest(kit, 12_600)], parts,
                                     card_payment_id=card)

    split = tenders.record_split_several(AT_DESK, lines, parts, card_payment_id=card)
    assert split.split_id == card and [p.tender for p in split.parts] == ["reader", "etransfer"]
    assert [p.balance_after_cents for p in split.parts] == [135_600 - 40_000, 135_600 - 72_600]
    assert all(p.invoice_number for p in split.parts)
    with pytest.raises(InvalidInput, match="already recorded with its card part"):  # a second Record
        tenders.record_split_several(AT_DESK, lines, parts, card_payment_id=card)
    with SqlUnitOfWork(desk.factory) as uow:
        assert uow.payments.enrollment(program).balance_cents == 113_000 - 50_000
        assert uow.payments.enrollment(kit).balance_cents == 0
    card_invoice = invoice_lines(desk.factory, card)
    hand_invoice = invoice_lines(desk.factory, split.parts[1].payment_id)
    assert [paid for paid, _ in card_invoice] == [27_548, 12_452]
    assert [paid for paid, _ in hand_invoice] == [22_452, 10_148]
    assert card_invoice[1][1] + hand_invoice[1][1] == 2_600  # the kit's whole HST, to the cent
    with desk.factory() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Payment).where(Payment.status == "succeeded")) == 3

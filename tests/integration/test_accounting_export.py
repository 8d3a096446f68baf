"""The accounting export, re-imported: each file read back as its program reads it, every entry
balanced, each tax account's total equal to the period's tax, the payout deposit split into what it
cleared and Stripe's fees. The real SDK against the simulator; SQLite and PostgreSQL.

The period (hand-worked, reader fees 2.6% + 0.10, Interac 0.15):
- Ontario program, $1,000.00 + HST 13% = $1,130.00 on a card; $565.00 of it refunded with a credit
  note (HST reversed: $65.00); fee (113000 * 260 + 5000) // 10000 + 10 = $29.48.
- Quebec program, $1,000.00 + GST 5% ($50.00) + QST 9.975% ($99.75) = $1,149.75, in cash.
- A kit (Ontario, $100.00 + HST $13.00 = $113.00) by Interac: fee $0.15.
The payout: 113000 - 2948 + 11300 - 15 - 56500 = $648.37 to the bank.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe import StripeGateway
from oncopos.adapters.stripe.payouts import StripePayouts
from oncopos.domain.books import parse_account_map
from oncopos.domain.errors import InvalidInput
from oncopos.domain.gateway import ReaderInfo
from oncopos.services.books import AccountingExport
from oncopos.services.books_formats import QBO_HEADER, XERO_HEADER
from oncopos.services.payouts import PayoutMatching
from oncopos.simulator import SimulatorHandle
from tests.integration.end_of_day_helpers import MANAGER, TORONTO, Day
from tests.integration.stripe_fixtures import pay_key

DAYS = 86400


class Books:
    def __init__(self, engine: Engine, tmp: Path, gateway: StripeGateway, reader: ReaderInfo,
                 simulator: SimulatorHandle, *, mapping: str = "") -> None:
        self.day = Day(engine, tmp / "documents")
        self.day.clock.now = utc_now()
        self.gateway, self.reader, self.simulator = gateway, reader, simulator
        stripe_now = lambda: datetime.fromtimestamp(simulator.state.now(), UTC)  # noqa: E731
        matching = PayoutMatching(self.day.uow, lambda: StripePayouts(gateway), tz=TORONTO, clock=stripe_now)
        self.export = AccountingExport(self.day.uow, matching, tz=TORONTO, accounts=parse_account_map(mapping),
                                       locale="en-CA", clock=stripe_now)
        self.today = utc_now().astimezone(TORONTO).date()

    def card(self, enrollment: uuid.UUID, amount: int, *, interac: bool = False) -> tuple[uuid.UUID, Any]:
        local_id = uuid.uuid4()
        started = self.gateway.start_reader_payment(local_id, amount, self.reader.id, {}, pay_key(local_id))
        self.gateway.present_test_card(self.reader.id, interac=interac)
        pi = self.gateway.payment_intent(started.payment_intent_id)
        self.day.payment(enrollment, amount, utc_now(), payment_id=local_id, intent=pi.id, charge=pi.charge_id,
                         kind=pi.payment_method_type, brand=pi.card_brand or "visa")
        return local_id, pi

    def period(self) -> None:
        ontario = self.day.enrollment("ON", 1_000_00)
        card_id, card = self.card(ontario, 1_130_00)
        refund = self.gateway.refund(card.id, 565_00, "requested_by_customer", {}, "oncopos-refund-books-1")
        self.day.refund(card_id, 565_00, utc_now(), stripe_id=refund.id)
        self.day.payment(self.day.enrollment("QC", 1_000_00), 1_149_75, utc_now(), method="cash")
        kit = self.day.enrollment("ON", 100_00)
        with self.day.factory() as s, s.begin():
            enrollment = s.get(Enrollment, kit)
            assert enrollment is not None
            # A code that a spreadsheet would run as a formula: the export must write it as text.
            enrollment.section.course.kind, enrollment.section.course.code = "kit", "=1+2"
        self.card(kit, 113_00, interac=True)
        self.simulator.advance_clock(4 * DAYS)

    def file(self, fmt: str) -> tuple[bytes, Any]:
        result = self.export.export(MANAGER, self.today, self.today + timedelta(days=7), fmt)
        return result.data, result


@pytest.fixture
def books(engine: Engine, tmp_path: Path, gateway: StripeGateway, reader: ReaderInfo, simulator: SimulatorHandle) -> Books:
    b = Books(engine, tmp_path, gateway, reader, simulator)
    b.period()
    return b


def cents(text: str) -> int:
    return int(Decimal(text) * 100) if text else 0


def test_quickbooks_file_balances_per_journal_and_splits_tax_fees_and_deposit(books: Books) -> None:
    data, result = books.file("quickbooks")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == QBO_HEADER
    lines = [dict(zip(QBO_HEADER, r, strict=True)) for r in rows[1:]]
    numbers = {line["Journal No."] for line in lines}
    assert len(numbers) == 2, "the day's takings and the payout"
    for number in numbers:
        mine = [line for line in lines if line["Journal No."] == number]
        assert sum(cents(x["Debits"]) for x in mine) == sum(cents(x["Credits"]) for x in mine) > 0
        assert len({x["Journal Date"] for x in mine}) == 1
        datetime.strptime(mine[0]["Journal Date"], "%m/%d/%Y")
        assert all(bool(x["Debits"]) != bool(x["Credits"]) for x in mine), "one side per line"

    def total(account: str, side: str) -> int:
        return sum(cents(x[side]) for x in lines if x["Account Name"] == account)

    assert total("GST/HST payable", "Credits") - total("GST/HST payable", "Debits") == 130_00 + 13_00 - 65_00 + 50_00
    assert total("QST payable", "Credits") == 99_75
    assert total("Tuition revenue", "Credits") - total("Tuition revenue", "Debits") == 1_000_00 - 500_00 + 1_000_00
    assert total("Kits and materials revenue", "Credits") == 100_00
    assert total("Undeposited cash", "Debits") == 1_149_75
    assert total("Bank", "Debits") == 648_37 == result.journal.payouts.paid_out_cents
    assert total("Stripe fees", "Debits") == 29_48 + 15
    # Stripe clearing: in with the day's card and Interac takings, out with the payout: nothing left.
    assert total("Stripe clearing", "Debits") - total("Stripe clearing", "Credits") == 0
    kit_line = next(x for x in lines if x["Account Name"] == "Kits and materials revenue")
    assert kit_line["Description"] == "'=1+2 Oncology aesthetics", "a course code that looks like a formula stays text"


def test_xero_file_amounts_net_to_zero_per_narration(books: Books) -> None:
    data, _ = books.file("xero")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == XERO_HEADER
    lines = [dict(zip(XERO_HEADER, r, strict=True)) for r in rows[1:]]
    by_journal: dict[tuple[str, str], int] = {}
    for line in lines:
        datetime.strptime(line["*Date"], "%d/%m/%Y")
        assert line["*AccountCode"].isdigit() and line["*TaxRate"] == "Tax Exempt"
        key = (line["*Narration"], line["*Date"])
        by_journal[key] = by_journal.get(key, 0) + cents(line["*Amount"])
    assert len(by_journal) == 2 and set(by_journal.values()) == {0}
    assert sum(cents(x["*Amount"]) for x in lines if x["*AccountCode"] == "2220") == -99_75
    assert sum(cents(x["*Amount"]) for x in lines if x["*AccountCode"] == "1010") == 648_37


def test_sage_file_is_the_general_journal_import_format(books: Books) -> None:
    data, _ = books.file("sage")
    text = data.decode("cp1252")
    transactions: list[tuple[str, list[tuple[str, int]]]] = []
    for raw in text.split("\r\n"):
        if not raw:
            continue
        first = raw.split(",")[0]
        if "-" in first and first.count("-") == 2 and len(first) == 8:  # mm-dd-yy,"source","comment"
            datetime.strptime(first, "%m-%d-%y")
            source = raw.split(",")[1]
            assert source.startswith('"') and source.endswith('"') and len(source) - 2 <= 13
            transactions.append((raw, []))
        else:
            account, amount = raw.split(",")
            assert len(account) == 4 and account.isdigit() and "." in amount and len(amount.split(".")[1]) == 2
            transactions[-1][1].append((account, cents(amount)))
    assert len(transactions) == 2
    for _, lines in transactions:
        assert sum(amount for _, amount in lines) == 0
    assert sum(a for _, lines in transactions for acct, a in lines if acct == "2200") == -(130_00 + 13_00 - 65_00 + 50_00)


def test_an_account_sage_cannot_take_is_refused_before_any_file(engine: Engine, tmp_path: Path, gateway: StripeGateway,
                                                                reader: ReaderInfo, simulator: SimulatorHandle) -> None:
    books = Books(engine, tmp_path, gateway, reader, simulator, mapping="tuition_revenue=TUIT Tuition revenue")
    books.period()
    with pytest.raises(InvalidInput) as err:
        books.file("sage")
    assert "four-digit account number for tuition_revenue" in str(err.value)
    data, _ = books.file("quickbooks")  # names, not numbers: QuickBooks takes it
    assert b"Tuition revenue" in data
    with pytest.raises(InvalidInput, match="Unknown accounting format"):
        books.file("lotus")

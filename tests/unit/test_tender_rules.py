"""The rules of tenders and the drawer, without a database: cash rounding, splits, counts."""

from __future__ import annotations

from datetime import date

import pytest

from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.tender import (
    CashTender,
    ChequeTender,
    EtransferTender,
    SplitPart,
    Tender,
    cash_rounded,
    check_split,
    parse_tenders,
)
from oncopos.domain.till import DENOMINATIONS, DrawerFigures, counted_total, describe_difference


@pytest.mark.parametrize(("owed", "paid"), [
    (100, 100), (101, 100), (102, 100), (103, 105), (104, 105), (105, 105),
    (106, 105), (107, 105), (108, 110), (109, 110), (492, 490), (77272, 77270),
])
def test_cash_rounds_to_five_cents_as_finance_canada_says(owed: int, paid: int) -> None:
    # Budget 2012, "Rounding": 1-2 down, 3-4 up to 5, 6-7 down to 5, 8-9 up to 10; $4.92 -> $4.90.
    assert cash_rounded(owed) == paid


def test_change_is_what_was_handed_over_less_the_rounded_amount() -> None:
    cash = CashTender(2_000)
    assert (cash.due_cents(1_998), cash.change_cents(1_998)) == (2_000, 0)
    assert CashTender(5_000).change_cents(2_998) == 2_000
    with pytest.raises(InvalidAmount, match="less than"):
        CashTender(1_995).check(1_998)
    CashTender(2_000).check(1_998)  # $19.98 rounds to $20.00 in cash: enough


def test_no_cheque_and_no_transfer_without_their_facts() -> None:
    with pytest.raises(InvalidInput, match="number"):
        ChequeTender("", "RBC", date(2026, 1, 1)).check(date(2026, 1, 2))
    with pytest.raises(InvalidInput, match="post-dated"):
        ChequeTender("12", "RBC", date(2026, 1, 3)).check(date(2026, 1, 2))
    assert EtransferTender(" ab 12 ", "Ada ").normalised() == EtransferTender("AB12", "Ada")
    with pytest.raises(InvalidInput, match="letters and digits"):
        EtransferTender("AB-12!", "Ada").check()


def test_a_split_adds_up_and_has_at_most_one_card_part() -> None:
    cheque = ChequeTender("1", "RBC", date(2026, 1, 1))
    ok = [SplitPart(600, Tender.READER), SplitPart(400, Tender.CHEQUE, cheque)]
    check_split(1_000, ok)
    with pytest.raises(InvalidAmount, match=r"\$990\.00.*\$10\.00 missing|add up to"):
        check_split(1_000, [SplitPart(590, Tender.READER), SplitPart(400, Tender.CHEQUE, cheque)])
    with pytest.raises(InvalidAmount, match="more than"):
        check_split(1_000, [SplitPart(1_000, Tender.READER), SplitPart(0, Tender.CHEQUE, cheque)])
    with pytest.raises(InvalidInput, match="Only one part"):
        check_split(1_000, [SplitPart(500, Tender.READER), SplitPart(500, Tender.HOSTED)])
    with pytest.raises(InvalidInput, match="no cash details"):
        check_split(1_000, [SplitPart(500, Tender.READER), SplitPart(500, Tender.CASH, cheque)])
    with pytest.raises(InvalidInput, match="at least two parts"):
        check_split(1_000, [SplitPart(1_000, Tender.READER)])


def test_the_code_setting_reads_tender_names() -> None:
    assert parse_tenders("reader, hosted") == {Tender.READER, Tender.HOSTED}
    assert parse_tenders("") == frozenset()
    with pytest.raises(InvalidInput, match="Unknown tender bitcoin"):
        parse_tenders("cash,bitcoin")


def test_the_count_is_canadian_money_and_never_negative() -> None:
    assert 1 not in DENOMINATIONS and 100_000 not in DENOMINATIONS  # no penny, no $1000 note
    assert counted_total({10_000: 1, 200: 3, 5: 1}) == 10_605
    with pytest.raises(InvalidInput, match="negative"):
        counted_total({500: -2})
    with pytest.raises(InvalidInput, match="not a Canadian note or coin"):
        counted_total({1: 4})
    with pytest.raises(InvalidInput, match="whole number"):
        counted_total({25: True})


def test_what_the_drawer_should_hold() -> None:
    figures = DrawerFigures(float_cents=10_000, cash_sales_cents=3_000, cash_in_cents=2_000, paid_out_cents=500,
                            cash_returned_cents=1_000)
    assert figures.expected_cents == 13_500
    assert figures.difference(13_000) == -500
    assert describe_difference(-500).text("en-CA") == "The drawer is $5.00 short."
    assert describe_difference(-500).text("fr-CA") == "Il manque 5,00\u00a0$ dans le tiroir."
    assert describe_difference(0).text("en-CA") == "The drawer balances."

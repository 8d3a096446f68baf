"""The journal's rules on hand-worked figures (no database, no Stripe)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from oncopos.domain.books import (
    BookEntry,
    JournalEntry,
    JournalLine,
    build_journal,
    cents_text,
    check_balanced,
    parse_account_map,
)
from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.gateway import BalanceTxn
from oncopos.domain.messages import msg
from oncopos.domain.payouts import PayoutInfo, match_payout
from oncopos.services.books_formats import XERO_MAX_LINES, quickbooks, sage, xero

TZ = ZoneInfo("America/Toronto")
ACCOUNTS = parse_account_map("")
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10:00 in Toronto


def entry(kind: str, amount: int, taxes: dict[str, int], *, channel: str = "cash", course_kind: str = "program",
          at: datetime = AT, stripe_id: str | None = None) -> BookEntry:
    return BookEntry(kind, f"{kind}-{amount}", at, "DESK1-000001", channel, "ESTH-101", "Esthetics",  # type: ignore[arg-type]
                     course_kind, taxes, amount, stripe_id)


def summary(journal_entry: JournalEntry) -> list[tuple[str, int, int]]:
    return [(line.role, line.debit_cents, line.credit_cents) for line in journal_entry.lines]


def test_a_quebec_cash_payment_books_gst_and_qst_apart() -> None:
    # $100.00 + GST 5% $5.00 + QST 9.975% $9.98 (9.975 rounded half up) = $114.98.
    [day] = build_journal([entry("payment", 114_98, {"GST": 5_00, "QST": 9_98})], [], ACCOUNTS, TZ)
    assert day.number == "S-20261125" and day.day == date(2026, 11, 25)
    assert summary(day) == [("cash_clearing", 114_98, 0), ("tuition_revenue", 0, 100_00),
                            ("gst_hst_payable", 0, 5_00), ("qst_payable", 0, 9_98)]


def test_cash_rounded_to_the_nickel_books_the_difference() -> None:
    # $114.98 due; the drawer took $114.95 (rounded down 3 cents): the 3 cents are a rounding loss.
    rounded = BookEntry("payment", "p1", AT, "DESK1-000002", "cash", "ESTH-101", "Esthetics", "program",
                        {"GST": 5_00, "QST": 9_98}, 114_98, None, -3)
    [day] = build_journal([rounded], [], ACCOUNTS, TZ)
    assert summary(day) == [("cash_clearing", 114_95, 0), ("cash_rounding", 3, 0), ("tuition_revenue", 0, 100_00),
                            ("gst_hst_payable", 0, 5_00), ("qst_payable", 0, 9_98)]


def test_a_refund_reverses_each_line_and_a_kit_is_not_tuition() -> None:
    rows = [entry("payment", 113_00, {"HST": 13_00}, channel="reader_card", course_kind="kit"),
            entry("refund", 56_50, {"HST": 6_50}, channel="reader_card", course_kind="kit")]
    [day] = build_journal(rows, [], ACCOUNTS, TZ)
    assert summary(day) == [("stripe_clearing", 113_00, 0), ("materials_revenue", 0, 100_00),
                            ("gst_hst_payable", 0, 13_00), ("stripe_clearing", 0, 56_50),
                            ("materials_revenue", 50_00, 0), ("gst_hst_payable", 6_50, 0)]


def test_a_late_evening_payment_belongs_to_its_business_day() -> None:
    late = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)  # 23:30 on the 25th in Toronto
    [day] = build_journal([entry("payment", 10_00, {}, at=late)], [], ACCOUNTS, TZ)
    assert day.day == date(2026, 11, 25)


def _txn(tid: str, kind: str, amount: int, fee: int = 0, source: str | None = None, fee_tax: int = 0) -> BalanceTxn:
    return BalanceTxn(tid, source, amount, fee, amount - fee, kind, AT, fee_tax_cents=fee_tax)


def test_a_payout_splits_into_clearing_fees_their_tax_and_stripe_own_fees() -> None:
    # Charge $113.00 with a $3.04 fee of which $0.35 is tax; refund $20.00; a $59.00 reader fee.
    txns = [_txn("txn_1", "charge", 113_00, 3_04, "ch_1", fee_tax=35), _txn("txn_2", "refund", -20_00, 0, "re_1"),
            _txn("txn_3", "stripe_fee", -59_00), _txn("txn_4", "payout", -30_96, 0, "po_1")]
    po = PayoutInfo("po_1", 30_96, AT, datetime(2026, 11, 27, tzinfo=UTC), "paid", True, "txn_4")
    statement = match_payout(po, txns, {})
    [journal] = build_journal([], [statement], ACCOUNTS, TZ)
    assert journal.number == "P-20261127-1" and journal.day == date(2026, 11, 27), "the bank day is read in UTC"
    assert summary(journal) == [("bank", 30_96, 0), ("stripe_fees", 2_69, 0), ("fee_tax_recoverable", 35, 0),
                                ("stripe_clearing", 0, 113_00), ("stripe_clearing", 20_00, 0), ("stripe_fees", 59_00, 0)]


def test_a_payout_that_does_not_add_up_is_refused() -> None:
    po = PayoutInfo("po_2", 100_00, AT, AT, "paid", True)
    statement = match_payout(po, [_txn("txn_1", "charge", 90_00, 0, "ch_1")], {})
    with pytest.raises(InvalidInput, match="add up to"):
        build_journal([], [statement], ACCOUNTS, TZ)


def test_an_unbalanced_entry_is_never_written() -> None:
    account = ACCOUNTS["bank"]
    lopsided = JournalEntry("S-1", date(2026, 1, 1), msg("books.entry.day", day=msg("payouts.progress.done")), (
        JournalLine("bank", account, 10_00, 0, msg("payouts.progress.done")),))
    with pytest.raises(InvalidInput, match="does not balance"):
        check_balanced([lopsided])


def test_the_account_mapping_setting() -> None:
    mapped = parse_account_map(" tuition_revenue=4010 Tuition — programs ; qst_payable=2221 TVQ à payer")
    assert (mapped["tuition_revenue"].code, mapped["tuition_revenue"].name) == ("4010", "Tuition — programs")
    assert mapped["qst_payable"].name == "TVQ à payer" and mapped["bank"].code == "1010"
    with pytest.raises(ConfigurationError, match="does not name an account role"):
        parse_account_map("revenue=4000 Revenue")
    with pytest.raises(ConfigurationError, match="needs an account code and a name"):
        parse_account_map("bank=1010")


def test_amounts_are_written_from_cents_without_float() -> None:
    assert [cents_text(c) for c in (0, 5, -97_50, 1_234_56, -1)] == ["0.00", "0.05", "-97.50", "1234.56", "-0.01"]


def test_each_format_refuses_what_its_program_cannot_import() -> None:
    many = [entry("payment", 10_00 + n, {"HST": 1_00}) for n in range(XERO_MAX_LINES)]
    journal = build_journal(many, [], ACCOUNTS, TZ)
    assert len(quickbooks(journal, "en-CA").splitlines()) == 1 + 3  # one day: cash, revenue, tax
    days = build_journal([entry("payment", 10_00, {}, at=datetime(2026, 1, 1 + n % 28, 15, tzinfo=UTC))
                          for n in range(28)] * 6, [], parse_account_map("tuition_revenue=REV Revenue"), TZ)
    with pytest.raises(InvalidInput, match="four-digit"):
        sage(days, "en-CA")
    wide = build_journal([entry("payment", 10_00, {}, at=datetime(2026, 1 + n % 12, 1 + n // 12, 15, tzinfo=UTC))
                          for n in range(12 * 28)], [], ACCOUNTS, TZ)
    with pytest.raises(InvalidInput, match="at most 300 lines"):
        xero(wide, "en-CA")


def test_french_descriptions_for_a_french_desk() -> None:
    journal = build_journal([entry("payment", 114_98, {"GST": 5_00, "QST": 9_98})], [], ACCOUNTS, TZ)
    text = quickbooks(journal, "fr-CA").decode("utf-8-sig")
    assert "TPS perçue" in text and "TVQ perçue" in text and "Argent comptant" in text and "GST perçue" not in text
    assert sage(journal, "fr-CA").decode("cp1252").startswith('11-25-26,"S-20261125","Encaissements OncoPOS du 25')


def test_the_account_mapping_is_a_setting_checked_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from oncopos.config import load_settings
    from oncopos.config_file import FILE_KEYS

    assert "ACCOUNT_MAPPING" in FILE_KEYS, "kept in the settings file with the desk's other settings"
    monkeypatch.setenv("ACCOUNT_MAPPING", "bank=1020 Caisse populaire")
    assert load_settings().accounts["bank"].name == "Caisse populaire"
    monkeypatch.setenv("ACCOUNT_MAPPING", "bank 1020")
    with pytest.raises(ConfigurationError, match="ACCOUNT_MAPPING"):
        load_settings()

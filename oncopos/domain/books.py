"""The accounting journal: a period's payments, refunds and Stripe payouts as balanced entries.

Pure Python over integer cents. One entry per business day holds the day's takings: each tender
into its clearing account (Stripe's, the cash drawer's, cheques', e-Transfers'), revenue by course
(tuition apart from kits and materials), and GST/HST, QST and PST payable on their own accounts;
refunds reverse the same lines. One entry per payout, on its bank date, moves the payout from the
Stripe clearing account to the bank with the fees (and any tax Stripe charged on them) as an
expense and whatever Stripe moved on its own as an adjustment, so the deposit is never one lump
sum that hides tax and fees. Every entry balances by construction, and `check_balanced` proves it
before any file is written.

The account of each role comes from the ACCOUNT_MAPPING setting (`parse_account_map`): a code
(Xero's account code, Sage 50's four-digit number) and a name (QuickBooks Online's account name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.messages import Day, Message, Money, msg, render
from oncopos.domain.payouts import OTHER, PAYOUT, PayoutStatement

# Each role of the journal and its default account (code, name): a small Canadian chart.
DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "bank": ("1010", "Bank"),
    "stripe_clearing": ("1060", "Stripe clearing"),
    "cash_clearing": ("1065", "Undeposited cash"),
    "cheque_clearing": ("1066", "Undeposited cheques"),
    "etransfer_clearing": ("1067", "Interac e-Transfer clearing"),
    "fee_tax_recoverable": ("2210", "GST/HST recoverable"),
    "gst_hst_payable": ("2200", "GST/HST payable"),
    "qst_payable": ("2220", "QST payable"),
    "pst_payable": ("2230", "PST payable"),
    "tuition_revenue": ("4000", "Tuition revenue"),
    "materials_revenue": ("4100", "Kits and materials revenue"),
    "stripe_fees": ("5400", "Stripe fees"),
    "stripe_adjustments": ("5410", "Stripe adjustments"),
    "cash_rounding": ("4900", "Cash rounding"),
}
ROLES = tuple(DEFAULT_ACCOUNTS)
CLEARING_OF_CHANNEL = {"reader_card": "stripe_clearing", "interac": "stripe_clearing", "hosted": "stripe_clearing",
                       "cash": "cash_clearing", "cheque": "cheque_clearing", "etransfer": "etransfer_clearing"}
# GST and HST are one account with the CRA; QST goes to Revenu Québec; PST/RST to the province.
TAX_ROLE = {"GST": "gst_hst_payable", "HST": "gst_hst_payable", "QST": "qst_payable", "PST": "pst_payable",
            "RST": "pst_payable"}
GOODS_KINDS = ("kit",)


@dataclass(frozen=True)
class Account:
    code: str
    name: str


@dataclass(frozen=True)
class AccountMap:
    accounts: Mapping[str, Account]

    def __getitem__(self, role: str) -> Account:
        return self.accounts[role]


def parse_account_map(text: str | None) -> AccountMap:
    """ACCOUNT_MAPPING: "role=CODE Name; role=CODE Name"; roles left out keep their default account."""
    accounts = {role: Account(code, name) for role, (code, name) in DEFAULT_ACCOUNTS.items()}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        role, sep, value = part.partition("=")
        role, value = role.strip(), value.strip()
        if not sep or role not in DEFAULT_ACCOUNTS:
            raise ConfigurationError(msg("books.mapping_role", part=part.strip(), roles=", ".join(ROLES)))
        code, _, name = value.partition(" ")
        if not code or not name.strip():
            raise ConfigurationError(msg("books.mapping_value", role=role))
        accounts[role] = Account(code, name.strip())
    return AccountMap(accounts)


@dataclass(frozen=True)
class BookEntry:
    """A payment or refund of the period, as the repository reads it."""

    kind: Literal["payment", "refund"]
    id: str
    completed_at: datetime
    document: str | None  # invoice or credit note number
    channel: str
    course_code: str
    course_name: str
    course_kind: str  # program, workshop, kit
    taxes: Mapping[str, int]  # component name -> cents, from the invoice or credit note
    amount_cents: int  # positive for both
    stripe_id: str | None = None
    # Cash is rounded to the nickel at the desk: the drawer took amount + rounding (tender details).
    rounding_cents: int = 0

    @property
    def revenue_cents(self) -> int:
        """What is not tax: the journal's revenue line, so each payment balances to the cent."""
        return self.amount_cents - sum(self.taxes.values())


@dataclass(frozen=True)
class JournalLine:
    role: str
    account: Account
    debit_cents: int
    credit_cents: int
    description: Message


@dataclass(frozen=True)
class JournalEntry:
    number: str  # S-YYYYMMDD for a day's takings, P-YYYYMMDD-n for a payout
    day: date
    narration: Message
    lines: tuple[JournalLine, ...] = field(default_factory=tuple)

    @property
    def debits_cents(self) -> int:
        return sum(line.debit_cents for line in self.lines)

    @property
    def credits_cents(self) -> int:
        return sum(line.credit_cents for line in self.lines)


@dataclass
class _Sum:
    cents: int
    description: Message


class _Lines:
    """Lines of one entry, added up per (role, side, description) in the order first seen."""

    def __init__(self, accounts: AccountMap) -> None:
        self._accounts = accounts
        self._sums: dict[tuple[str, str, str], _Sum] = {}

    def add(self, role: str, cents: int, description: Message) -> None:
        """Positive `cents` is a debit, negative a credit."""
        if cents:
            side = "dr" if cents > 0 else "cr"
            key = (role, side, render(description, "en-CA"))  # a Message's parameters are not hashable
            self._sums.setdefault(key, _Sum(0, description)).cents += abs(cents)

    def lines(self) -> tuple[JournalLine, ...]:
        return tuple(JournalLine(role, self._accounts[role], held.cents if side == "dr" else 0,
                                 held.cents if side == "cr" else 0, held.description)
                     for (role, side, _text), held in self._sums.items())


def build_journal(entries: Iterable[BookEntry], payouts: Sequence[PayoutStatement], accounts: AccountMap,
                  tz: ZoneInfo) -> list[JournalEntry]:
    by_day: dict[date, list[BookEntry]] = {}
    for e in entries:
        by_day.setdefault(e.completed_at.astimezone(tz).date(), []).append(e)
    journal = [_day_entry(day, rows, accounts) for day, rows in sorted(by_day.items())]
    per_day: dict[date, int] = {}
    for statement in sorted(payouts, key=lambda s: (s.payout.arrival_date, s.payout.id)):
        day = statement.payout.bank_day
        per_day[day] = per_day.get(day, 0) + 1
        journal.append(_payout_entry(statement, day, per_day[day], accounts))
    journal.sort(key=lambda j: (j.day, j.number))
    check_balanced(journal)
    return journal


def _day_entry(day: date, rows: list[BookEntry], accounts: AccountMap) -> JournalEntry:
    lines = _Lines(accounts)
    for e in rows:
        sign = 1 if e.kind == "payment" else -1  # a refund reverses each line of a payment
        lines.add(CLEARING_OF_CHANNEL[e.channel], sign * (e.amount_cents + e.rounding_cents),
                  msg(f"books.line.tender.{e.channel}"))
        lines.add("cash_rounding", -sign * e.rounding_cents, msg("books.line.cash_rounding"))
        revenue = "materials_revenue" if e.course_kind in GOODS_KINDS else "tuition_revenue"
        key = "books.line.revenue" if e.kind == "payment" else "books.line.revenue_refunded"
        lines.add(revenue, -sign * e.revenue_cents, msg(key, code=e.course_code, course=e.course_name))
        for name, cents in sorted(e.taxes.items()):
            role = TAX_ROLE.get(name)
            if role is None:
                raise InvalidInput(msg("books.unknown_tax", name=name, document=e.document or e.id))
            key = "books.line.tax" if e.kind == "payment" else "books.line.tax_reversed"
            lines.add(role, -sign * cents, msg(key, name=msg(f"books.tax.{name}")))
    return JournalEntry(f"S-{day:%Y%m%d}", day, msg("books.entry.day", day=Day(day)), lines.lines())


def _payout_entry(statement: PayoutStatement, day: date, n: int, accounts: AccountMap) -> JournalEntry:
    po = statement.payout
    if statement.net_cents != po.amount_cents:
        raise InvalidInput(msg("payout.total_differs", payout=po.id, total=Money(statement.net_cents),
                               amount=Money(po.amount_cents)))
    lines = _Lines(accounts)
    lines.add("bank", po.amount_cents, msg("books.line.deposit", payout=po.id))
    fee_tax = sum(line.txn.fee_tax_cents for line in statement.lines if line.status != PAYOUT)
    lines.add("stripe_fees", statement.fees_cents - fee_tax, msg("books.line.fees", payout=po.id))
    lines.add("fee_tax_recoverable", fee_tax, msg("books.line.fee_tax", payout=po.id))
    for line in statement.lines:
        if line.status == PAYOUT:
            continue
        if line.status == OTHER:
            # A fee Stripe billed on its own (a reader, Radar) is a fee; anything else an adjustment.
            role = "stripe_fees" if line.txn.type == "stripe_fee" else "stripe_adjustments"
            lines.add(role, -line.txn.amount_cents, msg("books.line.adjustment", type=line.txn.type, id=line.txn.id))
        else:  # a charge credits the clearing account, a refund debits it: what the tender line put there
            lines.add("stripe_clearing", -line.txn.amount_cents, msg("books.line.cleared", payout=po.id))
    return JournalEntry(f"P-{day:%Y%m%d}-{n}", day, msg("books.entry.payout", payout=po.id), lines.lines())


def check_balanced(journal: Iterable[JournalEntry]) -> None:
    for entry in journal:
        if entry.debits_cents != entry.credits_cents:
            raise InvalidInput(msg("books.unbalanced", number=entry.number, debits=Money(entry.debits_cents),
                                   credits=Money(entry.credits_cents)))


def cents_text(cents: int) -> str:
    """Cents as the files write amounts: "1234.50", "-97.50" (integers only, never float)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"

"""How a student pays: the tenders a desk takes, what each must say, and the rules they follow.

Pure Python. Cards on the reader and the hosted page go through Stripe (services/payments); cash,
cheques and Interac e-Transfers are taken by hand at the desk (services/tenders) and land in the
same payments table, so the one ledger (domain/ledger.py) counts every tender the same way.

Cash and the missing penny: the Royal Canadian Mint stopped distributing the cent in 2013, and the
Department of Finance's rule (Budget 2012, "Rounding") rounds the *total of a cash payment*, after
tax, to the nearest 5 cents: amounts ending in 1 or 2 cents round down to 0, 3 or 4 up to 5, 6 or
7 down to 5, 8 or 9 up to 10. Cheques, cards and transfers are paid to the cent, never rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.money import format_cents


class Tender(StrEnum):
    """How money is taken (payments.method)."""

    READER = "reader"  # a card or Interac debit on the Stripe Terminal reader
    HOSTED = "hosted"  # Stripe Checkout: a QR code or an emailed link
    CASH = "cash"
    CHEQUE = "cheque"
    ETRANSFER = "etransfer"  # Interac e-Transfer received in the school's account


#: Tenders the desk records by hand (no Stripe object): a payment row and its tender details.
BY_HAND = frozenset({Tender.CASH, Tender.CHEQUE, Tender.ETRANSFER})
#: Tenders the bank may send back after the desk recorded them (an NSF cheque, a reversed transfer).
RETURNABLE = frozenset({Tender.CHEQUE, Tender.ETRANSFER})
#: Which tenders need the student's one-time code unless the desk's settings say otherwise.
DEFAULT_NEEDING_CODE = frozenset({Tender.READER, Tender.HOSTED})

MAX_REFERENCE = 40
MAX_NAME = 120


def parse_tenders(text: str) -> frozenset[Tender]:
    """A setting's value ("reader,hosted") as tenders; an unknown name raises with the known ones."""
    names = [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]
    known = {t.value for t in Tender}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InvalidInput(f"Unknown tender {', '.join(unknown)}: use any of {', '.join(t.value for t in Tender)}.",
                           field="tenders")
    return frozenset(Tender(n) for n in names)


def cash_rounded(cents: int) -> int:
    """The amount to hand over in cash for `cents` owed (nearest 5 cents, the Finance Canada rule)."""
    remainder = cents % 5
    return cents - remainder if remainder < 3 else cents + (5 - remainder)


@dataclass(frozen=True, slots=True)
class CashTender:
    """Bank notes and coins handed over: what the student gave; the change follows from the amount."""

    tendered_cents: int

    def due_cents(self, amount_cents: int) -> int:
        return cash_rounded(amount_cents)

    def change_cents(self, amount_cents: int) -> int:
        return self.tendered_cents - self.due_cents(amount_cents)

    def check(self, amount_cents: int, locale: str = "en-CA") -> None:
        due = self.due_cents(amount_cents)
        if not isinstance(self.tendered_cents, int) or isinstance(self.tendered_cents, bool) or self.tendered_cents < 0:
            raise InvalidAmount("Enter the cash the student handed over (an amount of $0.00 or more).")
        if self.tendered_cents < due:
            raise InvalidAmount(
                f"The student handed over {format_cents(self.tendered_cents, locale)}, less than the "
                f"{format_cents(due, locale)} due in cash. Nothing was recorded; take at least {format_cents(due, locale)} "
                "or lower the amount paid.")


@dataclass(frozen=True, slots=True)
class ChequeTender:
    number: str
    bank: str
    dated: date | None

    def normalised(self) -> ChequeTender:
        return ChequeTender("".join(self.number.split()), " ".join(self.bank.split()), self.dated)

    def check(self, today: date) -> None:
        if not self.number:
            raise InvalidInput("Enter the cheque's number (printed at the top right). Nothing was recorded.",
                               field="cheque_number")
        if len(self.number) > MAX_REFERENCE or not all(c.isalnum() or c in "-/" for c in self.number):
            raise InvalidInput(f"A cheque number is up to {MAX_REFERENCE} letters and digits; check what was typed. "
                               "Nothing was recorded.", field="cheque_number")
        if not self.bank or len(self.bank) > MAX_NAME:
            raise InvalidInput("Enter the bank the cheque is drawn on (e.g. RBC, Desjardins). Nothing was recorded.",
                               field="cheque_bank")
        if self.dated is None:
            raise InvalidInput("Enter the date written on the cheque. Nothing was recorded.", field="cheque_date")
        if self.dated > today:
            raise InvalidInput(f"The cheque is post-dated ({self.dated.isoformat()}); a post-dated cheque cannot be "
                               "recorded as paid today. Nothing was recorded.", field="cheque_date")


@dataclass(frozen=True, slots=True)
class EtransferTender:
    reference: str  # the Interac reference number the bank shows (e.g. CA1xY2...)
    sender: str  # the name or email the transfer came from

    def normalised(self) -> EtransferTender:
        return EtransferTender("".join(self.reference.split()).upper(), " ".join(self.sender.split()))

    def check(self) -> None:
        if not self.reference:
            raise InvalidInput("Enter the e-Transfer's reference number, as the bank shows it. Nothing was recorded.",
                               field="etransfer_reference")
        if len(self.reference) > MAX_REFERENCE or not self.reference.isalnum():
            raise InvalidInput(f"An e-Transfer reference is up to {MAX_REFERENCE} letters and digits; check what was "
                               "typed. Nothing was recorded.", field="etransfer_reference")
        if not self.sender or len(self.sender) > MAX_NAME:
            raise InvalidInput("Enter who sent the e-Transfer (the name or email the bank shows). Nothing was recorded.",
                               field="etransfer_sender")


HandTender = CashTender | ChequeTender | EtransferTender


def tender_of(details: HandTender) -> Tender:
    if isinstance(details, CashTender):
        return Tender.CASH
    if isinstance(details, ChequeTender):
        return Tender.CHEQUE
    return Tender.ETRANSFER


@dataclass(frozen=True, slots=True)
class SplitPart:
    """One part of a payment split across tenders: a card part (reader, hosted) or a tender by hand."""

    amount_cents: int
    tender: Tender
    details: HandTender | None = None  # None for a card part


def check_split(total_cents: int, parts: list[SplitPart], locale: str = "en-CA") -> None:
    """The parts of a split add up to its total, each is positive and at most one goes through Stripe."""
    if len(parts) < 2:
        raise InvalidInput("A split payment has at least two parts; take a single payment instead.", field="parts")
    if any(not isinstance(p.amount_cents, int) or isinstance(p.amount_cents, bool) or p.amount_cents <= 0
           for p in parts):
        raise InvalidAmount("Every part of a split payment must be more than $0.00. Nothing was recorded.")
    added = sum(p.amount_cents for p in parts)
    if added != total_cents:
        raise InvalidAmount(
            f"The parts add up to {format_cents(added, locale)}, not the {format_cents(total_cents, locale)} being "
            f"paid ({format_cents(abs(total_cents - added), locale)} {'too much' if added > total_cents else 'missing'}). "
            "Nothing was recorded; correct the parts.")
    by_stripe = [p for p in parts if p.tender not in BY_HAND]
    if len(by_stripe) > 1:
        raise InvalidInput("Only one part of a split can go through the card reader or the hosted page. "
                           "Nothing was recorded.", field="parts")
    for p in parts:
        if p.tender in BY_HAND and (p.details is None or tender_of(p.details) is not p.tender):
            raise InvalidInput(f"The {p.tender.value} part has no {p.tender.value} details. Nothing was recorded.",
                               field="parts")

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
from oncopos.domain.messages import Day, Message, Money, msg


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


def tender_name(tender: Tender) -> Message:
    """How a person names the tender inside a sentence: "cash" / "comptant", "e-Transfer" / "virement Interac"."""
    return msg(f"tender.name.{tender.value}")


def parse_tenders(text: str) -> frozenset[Tender]:
    """A setting's value ("reader,hosted") as tenders; an unknown name raises with the known ones."""
    names = [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]
    known = {t.value for t in Tender}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InvalidInput(msg("tender.unknown", unknown=', '.join(unknown), tender_list=', '.join(t.value for t in Tender)),
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
            raise InvalidAmount(msg("tender.cash_given"))
        if self.tendered_cents < due:
            raise InvalidAmount(
                msg("tender.cash_short", tendered_cents=Money(self.tendered_cents), due=Money(due)))


@dataclass(frozen=True, slots=True)
class ChequeTender:
    number: str
    bank: str
    dated: date | None

    def normalised(self) -> ChequeTender:
        return ChequeTender("".join(self.number.split()), " ".join(self.bank.split()), self.dated)

    def check(self, today: date) -> None:
        if not self.number:
            raise InvalidInput(msg("tender.cheque_number"),
                               field="cheque_number")
        if len(self.number) > MAX_REFERENCE or not all(c.isalnum() or c in "-/" for c in self.number):
            raise InvalidInput(msg("tender.cheque_number_long", max_reference=MAX_REFERENCE), field="cheque_number")
        if not self.bank or len(self.bank) > MAX_NAME:
            raise InvalidInput(msg("tender.cheque_bank"),
                               field="cheque_bank")
        if self.dated is None:
            raise InvalidInput(msg("tender.cheque_date"), field="cheque_date")
        if self.dated > today:
            raise InvalidInput(msg("tender.cheque_postdated", dated=Day(self.dated)), field="cheque_date")


@dataclass(frozen=True, slots=True)
class EtransferTender:
    reference: str  # the Interac reference number the bank shows (e.g. CA1xY2...)
    sender: str  # the name or email the transfer came from

    def normalised(self) -> EtransferTender:
        return EtransferTender("".join(self.reference.split()).upper(), " ".join(self.sender.split()))

    def check(self) -> None:
        if not self.reference:
            raise InvalidInput(msg("tender.etransfer_reference"),
                               field="etransfer_reference")
        if len(self.reference) > MAX_REFERENCE or not self.reference.isalnum():
            raise InvalidInput(msg("tender.etransfer_reference_long", max_reference=MAX_REFERENCE), field="etransfer_reference")
        if not self.sender or len(self.sender) > MAX_NAME:
            raise InvalidInput(msg("tender.etransfer_sender"),
                               field="etransfer_sender")


HandTender = CashTender | ChequeTender | EtransferTender

#: How a payment by cheque or e-Transfer goes back: a cheque written to the student or an e-Transfer sent.
BANK_REFUNDS = frozenset({Tender.CHEQUE, Tender.ETRANSFER})


@dataclass(frozen=True, slots=True)
class BankRefund:
    """A refund sent to the student by cheque or e-Transfer, named by its cheque number or reference."""

    tender: Tender
    reference: str

    def normalised(self) -> BankRefund:
        reference = "".join(self.reference.split())
        return BankRefund(self.tender, reference.upper() if self.tender is Tender.ETRANSFER else reference)

    def check(self) -> None:
        if self.tender not in BANK_REFUNDS:
            raise InvalidInput(msg("refund.bank_choose"), field="refund_tender")
        cheque = self.tender is Tender.CHEQUE
        if not self.reference:
            raise InvalidInput(msg("refund.bank_cheque_number" if cheque else "refund.bank_etransfer_reference"),
                               field="refund_reference")
        allowed = "-/" if cheque else ""
        if len(self.reference) > MAX_REFERENCE or not all(c.isalnum() or c in allowed for c in self.reference):
            raise InvalidInput(msg("refund.bank_reference_long", max_reference=MAX_REFERENCE), field="refund_reference")


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
        raise InvalidInput(msg("tender.split_two"), field="parts")
    if any(not isinstance(p.amount_cents, int) or isinstance(p.amount_cents, bool) or p.amount_cents <= 0
           for p in parts):
        raise InvalidAmount(msg("tender.part_positive"))
    added = sum(p.amount_cents for p in parts)
    if added != total_cents:
        gap = msg("tender.parts_too_much" if added > total_cents else "tender.parts_missing",
                  difference=Money(abs(total_cents - added)))
        raise InvalidAmount(msg("tender.parts_sum", added=Money(added), total_cents=Money(total_cents), gap=gap))
    by_stripe = [p for p in parts if p.tender not in BY_HAND]
    if len(by_stripe) > 1:
        raise InvalidInput(msg("tender.one_stripe_part"), field="parts")
    for p in parts:
        if p.tender in BY_HAND and (p.details is None or tender_of(p.details) is not p.tender):
            raise InvalidInput(msg("tender.part_no_details", tender=tender_name(p.tender)),
                               field="parts")

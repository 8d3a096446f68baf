"""An invoice, receipt or credit note as plain data: what the document says, not how it looks.

The document is built once, when the number is issued, and stored with the invoice row as JSON
(`to_dict` / `from_dict`). Every later rendering (the PDF, the 80 mm receipt, a reprint years
later) reads that snapshot, never the live student or settings rows: if a student moves or the
school changes its phone number, the invoice still says what it said on the day it was issued.

The tax of a payment is its share of the enrollment's frozen tax (`payment_tax`); the tax of a
refund is the same share of the original payment's tax (`refund_tax`). Both go through
`tax.allocate`, cumulatively, so partial payments add up to the enrollment's tax and partial
refunds add up to the payment's tax, to the cent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from oncopos.domain.document_language import DocumentLanguage, stored_language
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.messages import msg
from oncopos.domain.tax import TaxComponent, TaxLine, TaxQuote, allocate

__all__ = [
    "Business", "Buyer", "DocumentLine", "InvoiceDocument", "PaymentNote", "TaxAmount", "TaxSplit",
    "merge_taxes", "missing_required", "payment_tax", "refund_tax",
]

Kind = Literal["invoice", "credit_note"]

#: Input Tax Credit Information Regulations thresholds (since 2021-04-21), in cents.
BAND_REGISTRATION_CENTS = 100_00
BAND_FULL_CENTS = 500_00


@dataclass(frozen=True)
class Business:
    name: str
    address: str
    phone: str
    email: str
    gst_hst_number: str | None = None
    qst_number: str | None = None
    # BUSINESS_LOGO as base64 text inside the snapshot, so a reprint years later shows the logo the
    # document was issued with, whatever happened to the file since. None: the drawn OncoOne mark.
    logo_base64: str | None = None


@dataclass(frozen=True)
class Buyer:
    name: str
    email: str
    address_lines: tuple[str, ...] = ()
    student_number: str | None = None


@dataclass(frozen=True)
class TaxAmount:
    """A tax component with its rate kept as text ("0.09975") so it survives JSON exactly."""

    name: str
    rate: str
    amount_cents: int

    @property
    def rate_decimal(self) -> Decimal:
        return Decimal(self.rate)


@dataclass(frozen=True)
class DocumentLine:
    """One supply: a course section or a kit, at its price before tax.

    On a document for several enrollments paid at once each line also says its own part of this
    document (`part_cents`, before tax) and the tax on that part (`taxes`); the document's totals
    are their sums. A document for one enrollment leaves them empty, and its totals say it all.
    """

    description: str
    detail: str  # section dates and place, or the credit note's reference
    amount_cents: int
    treatment: str  # taxable, exempt, zero_rated
    basis: str | None = None  # the legal basis printed for exempt and zero-rated lines
    part_cents: int | None = None
    taxes: tuple[TaxAmount, ...] = ()

    @property
    def part_total_cents(self) -> int:
        return (self.part_cents or 0) + sum(t.amount_cents for t in self.taxes)


@dataclass(frozen=True)
class PaymentNote:
    """How this invoice was paid, and where the enrollment stands afterwards."""

    method: str  # card, interac, or a tender taken at the desk: cash, cheque, etransfer
    card_brand: str | None
    card_last4: str | None
    reference: str | None  # the Stripe PaymentIntent id; a cheque's number, bank, date; an e-Transfer's reference, sender
    paid_before_cents: int
    balance_after_cents: int
    #: Cash: what the student handed over and the change given back, as every till receipt shows them.
    #: None on other tenders, and absent from documents stored before they were printed (which keep
    #: their bytes: `to_dict` leaves them out when None).
    tendered_cents: int | None = None
    change_cents: int | None = None
    #: Cash rounded to 5 cents: what the drawer took minus the amount paid, -2 to +2 (-2: $186.47 owed,
    #: $186.45 taken; +2: $186.48 owed, $186.50 taken). The amount paid stays the amount owed, to the cent,
    #: as the ledger applies it; the difference is the drawer's (books: cash rounding). None when zero.
    rounding_cents: int | None = None


#: PaymentNote's fields added after documents were first stored: left out of the stored data when
#: None, so a card payment's stored document is the data it always was.
_LATER_PAYMENT_FIELDS = ("tendered_cents", "change_cents", "rounding_cents")

DOCUMENT_SCHEMA = 2


@dataclass(frozen=True)
class InvoiceDocument:
    kind: Kind
    number: str
    issued_at: datetime  # aware UTC
    issue_date: date  # the business day (business time zone) the document is dated
    language: DocumentLanguage  # stored with it: a reprint reads as the original did
    province: str  # place of supply, which decided the taxes
    business: Business
    buyer: Buyer
    lines: tuple[DocumentLine, ...]
    #: The whole supply (the enrollment): its taxes on the full price, and its total.
    supply_taxes: tuple[TaxAmount, ...]
    supply_subtotal_cents: int
    supply_total_cents: int
    #: This document: the part of the supply paid now (invoice) or given back (credit note).
    subtotal_cents: int
    taxes: tuple[TaxAmount, ...]
    total_cents: int
    terms: str = ""
    payment: PaymentNote | None = None
    original_number: str | None = None  # credit note: the invoice it adjusts
    original_date: date | None = None
    reason: str | None = None  # credit note: why the money went back
    #: How the document is printed: 1, ISO dates and the words of the first release; 2, dates
    #: written out in the document's language and French typography. Kept with the document, so a
    #: lost PDF renders the same bytes again (`InvoiceService.pdf_for`).
    schema: int = DOCUMENT_SCHEMA

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be an aware UTC datetime")
        if self.total_cents != self.subtotal_cents + self.tax_cents:
            raise InvalidAmount(
                msg("invoice.totals_mismatch", number=self.number, total_cents=self.total_cents,
                    subtotal_cents=self.subtotal_cents, tax_cents=self.tax_cents)
            )

    @property
    def tax_cents(self) -> int:
        return sum(t.amount_cents for t in self.taxes)

    @property
    def quebec(self) -> bool:
        return any(t.name == "QST" for t in self.supply_taxes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_at"] = self.issued_at.isoformat()
        data["issue_date"] = self.issue_date.isoformat()
        data["original_date"] = self.original_date.isoformat() if self.original_date else None
        if data["payment"] is not None:
            for key in _LATER_PAYMENT_FIELDS:
                if data["payment"][key] is None:
                    del data["payment"][key]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InvoiceDocument:
        d = dict(data)
        d["schema"] = int(d.get("schema") or 1)
        d["issued_at"] = datetime.fromisoformat(d["issued_at"])
        d["issue_date"] = date.fromisoformat(d["issue_date"])
        d["original_date"] = date.fromisoformat(d["original_date"]) if d.get("original_date") else None
        d["business"] = Business(**d["business"])
        buyer = dict(d["buyer"])
        buyer["address_lines"] = tuple(buyer.get("address_lines") or ())
        d["buyer"] = Buyer(**buyer)
        d["lines"] = tuple(
            DocumentLine(**{**line, "taxes": tuple(TaxAmount(**t) for t in line.get("taxes") or ())})
            for line in d["lines"]
        )
        d["supply_taxes"] = tuple(TaxAmount(**t) for t in d["supply_taxes"])
        d["taxes"] = tuple(TaxAmount(**t) for t in d["taxes"])
        d["payment"] = PaymentNote(**d["payment"]) if d.get("payment") else None
        d["language"] = stored_language(d.get("language"))
        return cls(**d)


@dataclass(frozen=True)
class TaxSplit:
    """A payment or refund divided into its part before tax and each tax component."""

    subtotal_cents: int
    taxes: tuple[TaxAmount, ...]
    total_cents: int
    clamped: bool = field(default=False)  # the earlier amounts did not fit (see payment_tax)

    @property
    def tax_cents(self) -> int:
        return sum(t.amount_cents for t in self.taxes)


def _quote(subtotal: int, components: list[TaxAmount], on: date, province: str) -> TaxQuote:
    """A TaxQuote rebuilt from frozen amounts: the rates in force then, not now."""
    comps = tuple(TaxComponent(c.name, c.rate_decimal, 0, c.amount_cents) for c in components)
    tax = sum(c.amount_cents for c in comps)
    return TaxQuote(
        province=province, on=on, lines=(TaxLine(subtotal, "service", "taxable"),), components=comps,
        subtotal_cents=subtotal, taxable_cents=subtotal, exempt_cents=0, zero_rated_cents=0,
        tax_cents=tax, total_cents=subtotal + tax,
    )


def _split(amount: int, quote: TaxQuote, before: int) -> TaxSplit:
    clamped = False
    if amount > quote.total_cents:
        raise InvalidAmount(
            msg("invoice.payment_over_total", amount=amount, total_cents=quote.total_cents)
        )
    if before < 0 or before + amount > quote.total_cents:
        # More was collected than the enrollment costs (two desks at once, or a price lowered
        # afterwards). The payment is real and must be invoiced; it is taxed as the last part
        # of the enrollment, and the caller logs that a manager should refund the excess.
        before = min(max(before, 0), quote.total_cents - amount)
        clamped = True
    parts = allocate(amount, quote, paid_before_cents=before)
    taxes = tuple(TaxAmount(c.name, _rate_text(c.rate), c.amount_cents) for c in parts)
    tax = sum(t.amount_cents for t in taxes)
    return TaxSplit(amount - tax, taxes, amount, clamped)


def payment_tax(
    amount_cents: int, *, price_cents: int, components: list[TaxAmount], on: date, province: str, paid_before_cents: int
) -> TaxSplit:
    """The tax included in a payment of an enrollment, given what was paid (net) before it."""
    return _split(amount_cents, _quote(price_cents, components, on, province), paid_before_cents)


def refund_tax(amount_cents: int, *, original: TaxSplit, on: date, province: str, credited_before_cents: int) -> TaxSplit:
    """The tax a refund reverses: its share of the original payment's tax, cumulatively, so that
    credit notes for every part of a payment reverse exactly the tax its invoice showed."""
    quote = _quote(original.subtotal_cents, list(original.taxes), on, province)
    if credited_before_cents + amount_cents > original.total_cents:
        left = original.total_cents - credited_before_cents
        raise InvalidAmount(
            msg("invoice.refund_over_left", amount_cents=amount_cents, left=max(left, 0))
        )
    return _split(amount_cents, quote, credited_before_cents)


def merge_taxes(groups: list[tuple[TaxAmount, ...]]) -> tuple[TaxAmount, ...]:
    """Taxes of several lines added up by component (name and rate), in the order first met."""
    merged: dict[tuple[str, str], int] = {}
    for taxes in groups:
        for t in taxes:
            merged[(t.name, t.rate)] = merged.get((t.name, t.rate), 0) + t.amount_cents
    return tuple(TaxAmount(name, rate, cents) for (name, rate), cents in merged.items())


def _rate_text(rate: Decimal) -> str:
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def missing_required(doc: InvoiceDocument) -> list[str]:
    """What the Input Tax Credit Information Regulations ask for at this amount that the
    document lacks (CANADA.md). Empty means a registrant can claim from it.

    Payments are invoiced even when something is missing (the money has moved); the caller
    logs and audits the gap so a manager fixes the settings.
    """
    missing = []
    amount = abs(doc.total_cents)
    if not doc.business.name.strip():
        missing.append("BUSINESS_NAME")
    if (amount >= BAND_REGISTRATION_CENTS or doc.kind == "credit_note") and (doc.tax_cents or doc.supply_taxes):
        if not doc.business.gst_hst_number:
            missing.append("GST_HST_NUMBER")
        if doc.quebec and not doc.business.qst_number:
            missing.append("QST_NUMBER")
    if amount >= BAND_FULL_CENTS or doc.kind == "credit_note":
        if not doc.buyer.name.strip():
            missing.append("buyer name")
        if doc.kind == "invoice" and not doc.terms.strip():
            missing.append("terms of payment")
        if any(not line.description.strip() for line in doc.lines):
            missing.append("description of each item")
    if doc.kind == "credit_note" and not doc.original_number and not doc.reason:
        missing.append("reference to the original invoice")
    return missing

"""Building invoice and credit-note documents from the facts of a payment or refund.

Pure functions over plain data: the service reads the facts in the payment's transaction and
calls these; the preview command calls `sample_document` with no database at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from oncopos.domain.dates import format_day
from oncopos.domain.document_language import DocumentLanguage, document_language, in_each, locale_of
from oncopos.domain.invoice import (
    Business,
    Buyer,
    DocumentLine,
    InvoiceDocument,
    PaymentNote,
    TaxAmount,
    TaxSplit,
    merge_taxes,
    payment_tax,
    refund_tax,
)
from oncopos.domain.messages import Lang, catalogue, french_typography, msg, render
from oncopos.domain.tax import TaxLine, default_basis, province_name, quote
from oncopos.services.invoice_records import EnrollmentFacts, PaymentFacts, RefundFacts

_TERMS = {
    "en": "Payment is due on enrollment; any balance is due before the first day of the course{start}. "
    "Amounts in Canadian dollars. Refunds follow the school's refund policy and are made to the original "
    "payment method.",
    "fr": "Paiement exigible à l’inscription ; tout solde est exigible avant le premier jour du cours{start}. "
    "Montants en dollars canadiens. Les remboursements suivent la politique de l’école et sont faits sur le "
    "moyen de paiement d’origine.",
}

@dataclass(frozen=True)
class Issue:
    """Where and when a document is issued, and the desk's rule for its language (DOCUMENT_LANGUAGE,
    BUSINESS_PROVINCE: a Quebec desk puts French first)."""

    number: str
    issued_at: datetime
    tz: ZoneInfo
    business: Business
    desk_province: str = ""
    document_choice: str = "reader"

    @property
    def issue_date(self) -> date:
        return self.issued_at.astimezone(self.tz).date()

    def language_for(self, reader_language: str | None) -> DocumentLanguage:
        """The language of a new document for a student who prefers `reader_language`."""
        return document_language(reader_language, desk_province=self.desk_province, choice=self.document_choice)


def _text(texts: dict[str, str], lang: Lang) -> str:
    return french_typography(texts[lang]) if lang == "fr" else texts[lang]


def terms(language: str, start: date | None) -> str:
    """The terms in each of the document's languages, a paragraph each, the course's start written out."""
    def one(lang: Lang) -> str:
        when = f" ({format_day(start, locale_of(lang))})" if start is not None else ""
        return _text(_TERMS, lang).format(start=when)

    return in_each(language, one, "\n")


def _section_detail(e: EnrollmentFacts, lang: Lang) -> str:
    locale = locale_of(lang)
    if e.start_date and e.end_date and e.end_date != e.start_date:
        start, end = format_day(e.start_date, locale), format_day(e.end_date, locale)
        dates = f"du {start} au {end}" if lang == "fr" else f"{start} to {end}"
    else:
        dates = format_day(e.start_date, locale) if e.start_date else ""
    label = "Groupe" if lang == "fr" else "Section"
    return ", ".join(p for p in (f"{label} {e.section_code}", dates, e.location) if p)


def _basis(e: EnrollmentFacts, lang: Lang) -> str:
    # The stored basis is written in the school's working language; a French document prints the
    # French text of the standard basis when the course uses the standard one.
    standard_en = default_basis(e.treatment, "en-CA")
    basis = e.basis or standard_en or ""
    if lang == "fr" and basis == standard_en:
        basis = default_basis(e.treatment, "fr-CA") or basis
    return basis


def _line(e: EnrollmentFacts, language: str) -> DocumentLine:
    basis = in_each(language, lambda lang: _basis(e, lang), "\n") if e.treatment != "taxable" else None
    detail = in_each(language, lambda lang: _section_detail(e, lang), "\n")
    return DocumentLine(f"{e.course_name} ({e.course_code})", detail, e.price_cents, e.treatment, basis or None)


def _components(e: EnrollmentFacts) -> list[TaxAmount]:
    return [TaxAmount(str(c["name"]), str(c["rate"]), int(c["amount_cents"])) for c in e.components]


def split_payment(p: PaymentFacts) -> TaxSplit:
    if p.parts:
        return _merged(split_parts(p))
    e = p.enrollment
    return payment_tax(
        p.amount_cents, price_cents=e.price_cents, components=_components(e), on=e.enrolled_on,
        province=e.province, paid_before_cents=p.paid_before_cents,
    )


def split_parts(p: PaymentFacts) -> tuple[TaxSplit, ...]:
    """Each line of a payment for several enrollments taxed as a payment of its own enrollment."""
    return tuple(
        payment_tax(part.amount_cents, price_cents=part.enrollment.price_cents, components=_components(part.enrollment),
                    on=part.enrollment.enrolled_on, province=part.enrollment.province,
                    paid_before_cents=part.paid_before_cents)
        for part in p.parts
    )


def _merged(splits: tuple[TaxSplit, ...]) -> TaxSplit:
    return TaxSplit(sum(s.subtotal_cents for s in splits), merge_taxes([s.taxes for s in splits]),
                    sum(s.total_cents for s in splits), any(s.clamped for s in splits))


def _buyer(p: PaymentFacts) -> Buyer:
    s = p.student
    return Buyer(s.name, s.email, s.address_lines, s.student_number)


def _note(p: PaymentFacts, paid_before: int, balance_after: int) -> PaymentNote:
    interac = p.payment_method_type == "interac_present" or (p.card_brand or "").lower() == "interac"
    by_hand = p.payment_method_type in ("cash", "cheque", "etransfer")  # tenders taken at the desk
    return PaymentNote(
        method=str(p.payment_method_type) if by_hand else "interac" if interac else "card",
        card_brand=p.card_brand, card_last4=p.card_last4,
        reference=p.reference, paid_before_cents=paid_before, balance_after_cents=balance_after,
        tendered_cents=p.tendered_cents, change_cents=p.change_cents, rounding_cents=p.rounding_cents,
    )


def _refund_note(p: PaymentFacts, sent_by: str | None) -> PaymentNote:
    """How the money went back: the payment's own way (or the cheque or transfer sent), without the
    cash handed over for the payment, which is the invoice's fact, not the refund's."""
    note = replace(_note(p, 0, 0), tendered_cents=None, change_cents=None, rounding_cents=None)
    return replace(note, method=sent_by) if sent_by else note


def invoice_document(issue: Issue, p: PaymentFacts, split: TaxSplit) -> InvoiceDocument:
    if p.parts:
        return _invoice_for_parts(issue, p, split)
    e, lang = p.enrollment, issue.language_for(p.student.language)
    return InvoiceDocument(
        kind="invoice", number=issue.number, issued_at=issue.issued_at, issue_date=issue.issue_date,
        language=lang, province=e.province, business=issue.business, buyer=_buyer(p), lines=(_line(e, lang),),
        supply_taxes=tuple(_components(e)), supply_subtotal_cents=e.price_cents, supply_total_cents=e.total_cents,
        subtotal_cents=split.subtotal_cents, taxes=split.taxes, total_cents=split.total_cents,
        terms=terms(lang, e.start_date),
        payment=_note(p, p.paid_before_cents, e.total_cents - p.paid_before_cents - p.amount_cents),
    )


def _invoice_for_parts(issue: Issue, p: PaymentFacts, split: TaxSplit) -> InvoiceDocument:
    """One invoice, a line per enrollment with its own part and its own tax; the totals add them up."""
    lang = issue.language_for(p.student.language)
    lines = tuple(replace(_line(part.enrollment, lang), part_cents=s.subtotal_cents, taxes=s.taxes)
                  for part, s in zip(p.parts, split_parts(p), strict=True))
    enrollments = [part.enrollment for part in p.parts]
    paid_before = sum(part.paid_before_cents for part in p.parts)
    supply_total = sum(e.total_cents for e in enrollments)
    starts = [e.start_date for e in enrollments if e.start_date is not None]
    return InvoiceDocument(
        kind="invoice", number=issue.number, issued_at=issue.issued_at, issue_date=issue.issue_date,
        language=lang, province=p.enrollment.province, business=issue.business, buyer=_buyer(p), lines=lines,
        supply_taxes=merge_taxes([tuple(_components(e)) for e in enrollments]),
        supply_subtotal_cents=sum(e.price_cents for e in enrollments), supply_total_cents=supply_total,
        subtotal_cents=split.subtotal_cents, taxes=split.taxes, total_cents=split.total_cents,
        terms=terms(lang, min(starts) if starts else None),
        payment=_note(p, paid_before, supply_total - paid_before - p.amount_cents),
    )


def refund_line_splits(r: RefundFacts) -> tuple[tuple[EnrollmentFacts, TaxSplit], ...]:
    """A refund of a payment for several enrollments, line by line: each reverses its part of
    that line's tax, cumulatively over the credit notes already issued on the line."""
    originals = {part.enrollment.id: (part.enrollment, s) for part, s in zip(r.payment.parts, split_parts(r.payment),
                                                                               strict=True)}
    lines = []
    for back in r.parts:
        enrollment, original = originals[back.enrollment_id]
        lines.append((enrollment, refund_tax(back.amount_cents, original=original, on=enrollment.enrolled_on,
                                             province=enrollment.province,
                                             credited_before_cents=back.credited_before_cents)))
    return tuple(lines)


def original_split(r: RefundFacts) -> TaxSplit:
    """The tax the original payment's invoice showed (recomputed the same way if none was issued)."""
    if r.original is not None:
        taxes = tuple(TaxAmount(str(c["name"]), str(c["rate"]), int(c["amount_cents"])) for c in r.original.taxes)
        return TaxSplit(r.original.subtotal_cents, taxes, r.original.total_cents)
    return split_payment(r.payment)


def split_refund(r: RefundFacts) -> TaxSplit:
    if r.parts:
        return _merged(tuple(s for _e, s in refund_line_splits(r)))
    e = r.payment.enrollment
    return refund_tax(
        r.amount_cents, original=original_split(r), on=e.enrolled_on, province=e.province,
        credited_before_cents=r.credited_before_cents,
    )


def credit_note_document(issue: Issue, r: RefundFacts, split: TaxSplit) -> InvoiceDocument:
    p, e, lang = r.payment, r.payment.enrollment, issue.language_for(r.payment.student.language)
    words = in_each(lang, lambda one: "Remboursement" if one == "fr" else "Refund")
    original = r.original.number if r.original else (p.reference or str(p.id))
    reference = in_each(lang, lambda one: "Paiement" if one == "fr" else "Payment") + f" {p.reference}" if p.reference else ""
    lines: tuple[DocumentLine, ...] = (DocumentLine(
        f"{words} \u2014 {e.course_name} ({e.course_code})", reference, split.subtotal_cents, e.treatment,
        _line(e, lang).basis,
    ),)
    supply = [e]
    if r.parts:  # a line for each enrollment the refund went back on, with the tax it reverses there
        lines = tuple(
            DocumentLine(f"{words} \u2014 {line_e.course_name} ({line_e.course_code})", reference, s.subtotal_cents,
                         line_e.treatment, _line(line_e, lang).basis, part_cents=s.subtotal_cents, taxes=s.taxes)
            for line_e, s in refund_line_splits(r))
        supply = [part.enrollment for part in p.parts]
    reason = _reason(r.reason, r.reason_text, lang)
    return InvoiceDocument(
        kind="credit_note", number=issue.number, issued_at=issue.issued_at, issue_date=issue.issue_date,
        language=lang, province=e.province, business=issue.business, buyer=_buyer(p), lines=lines,
        supply_taxes=merge_taxes([tuple(_components(x)) for x in supply]),
        supply_subtotal_cents=sum(x.price_cents for x in supply), supply_total_cents=sum(x.total_cents for x in supply),
        subtotal_cents=split.subtotal_cents, taxes=split.taxes, total_cents=split.total_cents,
        payment=_refund_note(p, r.sent_by),
        original_number=original if r.original else None,
        original_date=r.original.issue_date if r.original else None, reason=reason,
    )


def _reason(code: str, typed: str, lang: DocumentLanguage) -> str:
    """Why the money went back, in the words the refund dialog offered (the catalogue's refund.reason.*), then what
    the manager typed, once, in the words typed; "Other" gives way to the typed reason it stands for."""
    typed = typed.strip()
    if code == "other" and typed:
        return typed
    key = f"refund.reason.{code}"
    reason = in_each(lang, lambda one: render(msg(key), locale_of(one)) if key in catalogue() else code.replace("_", " "))
    if typed:
        colon = "\u00a0:" if lang.startswith("fr") else ":"
        reason = f"{reason}{colon} {typed}"
    return reason


def sample_document(
    business: Business, province: str, *, language: DocumentLanguage = "en", issued_at: datetime, tz: ZoneInfo,
    series: str = "DESK1",
) -> InvoiceDocument:
    """A realistic invoice (a course and a kit, a deposit already paid) with real rates, in `language`
    ("en", "fr" or both, "fr-en")."""
    lang = language
    on = issued_at.astimezone(tz).date()
    course = TaxLine(3_450_00, "service", "taxable", "Oncology Aesthetics Certificate (OAC-101)")
    kit = TaxLine(289_00, "goods", "taxable", "Practitioner kit (KIT-01)")
    q = quote([course, kit], province, on)
    comps = [TaxAmount(c.name, _rate(c.rate), c.amount_cents) for c in q.components]
    deposit = 500_00
    now_paid = 1_000_00
    split = payment_tax(now_paid, price_cents=q.subtotal_cents, components=comps, on=on, province=province,
                        paid_before_cents=deposit)
    start = on + timedelta(days=30)
    end = start + timedelta(weeks=12)
    buyer = Buyer(
        "Émilie Bérubé-Lévesque", "emilie.berube@example.ca",
        ("4521 rue Saint-Denis, app. 3", "Montréal QC  H2J 2L4") if province == "QC"
        else ("88 Queen Street East, Apt 1204", "Toronto ON  M5C 1S6"),
        "S1000421-DEMO",
    )
    def detail(one: Lang) -> str:
        locale = locale_of(one)
        dates = (f"du {format_day(start, locale)} au {format_day(end, locale)}" if one == "fr"
                 else f"{format_day(start, locale)} to {format_day(end, locale)}")
        return f"{'Groupe' if one == 'fr' else 'Section'} OAC-101-1, {dates}, {province_name(province, locale)}"

    lines = (
        DocumentLine(course.description, in_each(lang, detail, "\n"), course.amount_cents, "taxable"),
        DocumentLine(kit.description, "", kit.amount_cents, "taxable"),
    )
    return InvoiceDocument(
        kind="invoice", number=f"{series}-SAMPLE", issued_at=issued_at, issue_date=on, language=lang,
        province=province, business=business, buyer=buyer, lines=lines, supply_taxes=tuple(comps),
        supply_subtotal_cents=q.subtotal_cents, supply_total_cents=q.total_cents,
        subtotal_cents=split.subtotal_cents, taxes=split.taxes, total_cents=split.total_cents,
        terms=terms(lang, start),
        payment=PaymentNote("card", "visa", "4242", "pi_SAMPLE0000000000000000", deposit,
                            q.total_cents - deposit - now_paid),
    )


def _rate(rate: object) -> str:
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


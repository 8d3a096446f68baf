"""The PDFs say what the Input Tax Credit Information Regulations ask for, read back with pypdf.

Bands (CANADA.md): any amount: business name, date, total; $100 to $499.99: plus the GST/HST
number, the tax (or the rate) and which lines are taxable or exempt; $500 or more: plus the
buyer's name, the terms and a description of each item. Quebec: the QST number and the QST
amount. Credit notes (ETA s.232): "credit note", supplier and number, buyer, date, tax adjusted,
total reduction.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.domain.invoice import (
    Business,
    Buyer,
    DocumentLine,
    InvoiceDocument,
    PaymentNote,
    TaxAmount,
    missing_required,
    payment_tax,
)
from oncopos.domain.tax import TaxLine, default_basis, quote

BUSINESS = Business(
    "OncoOne Education", "100 King Street West, Suite 500, Toronto ON  M5X 1A9", "+1 416-555-0100",
    "accounts@oncoone.example", "123456789RT0001", "1234567890TQ0001",
)
BUYER = Buyer("Émilie Bérubé-Lévesque", "emilie@example.ca", ("4521 rue Saint-Denis", "Montréal QC  H2J 2L4"), "S100042")
AT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
ON = date(2026, 11, 26)
RENDER = ReportLabRenderer()


def document(lines: list[TaxLine], province: str, *, language: str = "en", paid: int | None = None) -> InvoiceDocument:
    q = quote(lines, province, ON)
    comps = [TaxAmount(c.name, format(c.rate.normalize(), "f"), c.amount_cents) for c in q.components]
    amount = q.total_cents if paid is None else paid
    split = payment_tax(amount, price_cents=q.subtotal_cents, components=comps, on=ON, province=province, paid_before_cents=0)
    doc_lines = tuple(
        DocumentLine(line.description, "Section OAC-1, 2027-01-12 to 2027-03-20, Montréal", line.amount_cents,
                     line.treatment, default_basis(line.treatment, "fr-CA" if language == "fr" else "en-CA"))
        for line in lines
    )
    return InvoiceDocument(
        kind="invoice", number="DESK1-000123", issued_at=AT, issue_date=ON, language=language, province=province,
        business=BUSINESS, buyer=BUYER, lines=doc_lines, supply_taxes=tuple(comps), supply_subtotal_cents=q.subtotal_cents,
        supply_total_cents=q.total_cents, subtotal_cents=split.subtotal_cents, taxes=split.taxes,
        total_cents=split.total_cents, terms="Payment is due on enrollment.",
        payment=PaymentNote("card", "visa", "4242", "pi_3Example", 0, q.total_cents - amount),
    )


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def course(cents: int, treatment: str = "taxable") -> TaxLine:
    return TaxLine(cents, "service", treatment, "Oncology Aesthetics Certificate (OAC-101)")


@pytest.mark.parametrize("price", [40_00, 250_00, 2_500_00], ids=["under-100", "100-to-500", "over-500"])
@pytest.mark.parametrize("province", ["ON", "QC"])
def test_every_required_field_for_the_amount_band(price: int, province: str) -> None:
    doc = document([course(price)], province)
    assert missing_required(doc) == []
    t = text(RENDER.invoice(doc))
    money = lambda cents: f"${cents // 100:,}.{cents % 100:02d}"  # noqa: E731
    # Any amount.
    assert "OncoOne Education" in t and "November 26, 2026" in t and money(doc.total_cents) in t
    # From $100: registration number, tax charged with its rate, which lines are taxable.
    assert "GST/HST registration no." in t and "123456789RT0001" in t
    assert "Taxable" in t
    for tax in doc.taxes:
        assert money(tax.amount_cents) in t
    # From $500: buyer, terms, a description of each item.
    assert "Émilie Bérubé-Lévesque" in t and "Terms: Payment is due on enrollment." in t
    assert "Oncology Aesthetics Certificate (OAC-101)" in t
    if province == "QC":
        assert "QST registration no." in t and "1234567890TQ0001" in t
    else:
        assert "1234567890TQ0001" not in t  # the QST number only where Quebec tax applies


def test_ontario_shows_hst_as_one_line() -> None:
    t = text(RENDER.invoice(document([course(1_000_00)], "ON")))
    assert "HST 13%" in t and "$130.00" in t
    assert not re.search(r"\bGST \d", t) and "PST" not in t


def test_quebec_shows_gst_and_qst_separately_never_combined() -> None:
    t = text(RENDER.invoice(document([course(1_000_00)], "QC")))
    assert "GST 5%" in t and "$50.00" in t
    assert "QST 9.975%" in t and "$99.75" in t
    assert "14.975" not in t


def test_french_quebec_invoice() -> None:
    t = text(RENDER.invoice(document([course(1_000_00)], "QC", language="fr")))
    assert "FACTURE" in t and "TPS 5" in t and "TVQ 9,975" in t and "99,75" in t
    assert "N° d’inscription TVQ" in t and "Lieu de fourniture".upper() in t
    assert "26 novembre 2026" in t and "2026-11-26" not in t  # the date written out, in French


def test_exempt_vocational_course_prints_its_basis_and_still_shows_qst() -> None:
    doc = document([course(3_450_00, "exempt")], "QC")
    t = " ".join(text(RENDER.invoice(doc)).split())
    assert "Exempt" in t and "Schedule V, Part III, section 8" in t
    assert "QST 9.975%" in t  # Quebec: the QST amount is shown at any amount, here $0.00
    assert doc.tax_cents == 0 and "$3,450.00" in t


def test_mixed_exempt_course_and_taxable_kit() -> None:
    kit = TaxLine(289_00, "goods", "taxable", "Practitioner kit (KIT-01)")
    doc = document([course(3_450_00, "exempt"), kit], "ON")
    t = " ".join(text(RENDER.invoice(doc)).split())
    assert "Exempt" in t and "Taxable" in t and "Practitioner kit (KIT-01)" in t
    assert doc.tax_cents == 37_57  # 13% of the kit only
    assert "$37.57" in t and "$3,776.57" in t


def test_credit_note_says_what_section_232_asks() -> None:
    base = document([course(1_000_00)], "QC")
    note = InvoiceDocument(
        **{**base.__dict__, "kind": "credit_note", "number": "DESK1-000124", "subtotal_cents": 200_00,
           "taxes": (TaxAmount("GST", "0.05", 10_00), TaxAmount("QST", "0.09975", 19_95)), "total_cents": 229_95,
           "original_number": "DESK1-000123", "original_date": date(2026, 11, 20), "reason": "Withdrawal from the course"}
    )
    assert missing_required(note) == []
    t = " ".join(text(RENDER.invoice(note)).split())
    assert "CREDIT NOTE" in t and "DESK1-000124" in t
    assert "DESK1-000123 dated November 20, 2026" in t and "Withdrawal from the course" in t
    assert "OncoOne Education" in t and "123456789RT0001" in t and "Émilie Bérubé-Lévesque" in t
    assert "GST 5% reversed $10.00" in t and "QST 9.975% reversed $19.95" in t
    assert "Total reduction $229.95" in t


def test_accents_and_other_scripts_come_back_out() -> None:
    doc = document([course(500_00)], "QC")
    doc = InvoiceDocument(**{**doc.__dict__, "buyer": Buyer("Nguyễn Thị Ánh — Ольга", "o@example.ca", ("Montréal",))})
    t = text(RENDER.invoice(doc))
    assert "Nguyễn Thị Ánh — Ольга" in t and "Montréal" in t
    assert "Émilie Bérubé-Lévesque" in text(RENDER.invoice(document([course(500_00)], "QC")))


def test_same_record_same_bytes_dated_from_the_record() -> None:
    doc = document([course(1_000_00)], "QC")
    first = RENDER.invoice(doc)
    assert RENDER.invoice(InvoiceDocument.from_dict(doc.to_dict())) == first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info["/CreationDate"].startswith("D:20261126150000")
    assert info["/Title"] == "Invoice DESK1-000123"


def test_receipt_is_80_mm_wide_with_the_same_facts() -> None:
    doc = document([course(1_000_00)], "QC", paid=400_00)
    pdf = RENDER.receipt(doc)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(page.mediabox.width * 25.4 / 72) == 80
    t = " ".join(text(pdf).split())
    for needed in ("OncoOne Education", "DESK1-000123", "123456789RT0001", "1234567890TQ0001", "Émilie Bérubé-Lévesque",
                   "$400.00", "Visa ending in 4242", "Balance remaining"):
        assert needed in t
    assert RENDER.receipt(doc) == pdf


def test_another_process_renders_the_same_bytes() -> None:
    # Font subsets, dictionaries and ids must not depend on hash seeds, time or the process.
    import hashlib
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    doc = document([course(1_000_00)], "QC", language="fr")
    script = (
        "import hashlib, json, sys\n"
        "from oncopos.adapters.pdf import ReportLabRenderer\n"
        "from oncopos.domain.invoice import InvoiceDocument\n"
        "doc = InvoiceDocument.from_dict(json.loads(sys.stdin.read()))\n"
        "print(hashlib.sha256(ReportLabRenderer().invoice(doc)).hexdigest())\n"
    )
    repo = str(Path(__file__).resolve().parents[2])
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], input=json.dumps(doc.to_dict()), capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": repo, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(RENDER.invoice(doc)).hexdigest()}


def _credit_note(language: str) -> InvoiceDocument:
    base = document([course(1_000_00)], "QC", language=language)
    return InvoiceDocument(
        **{**base.__dict__, "kind": "credit_note", "number": "DESK1-000124", "subtotal_cents": 200_00,
           "taxes": (TaxAmount("GST", "0.05", 10_00), TaxAmount("QST", "0.09975", 19_95)), "total_cents": 229_95,
           "original_number": "DESK1-000123", "original_date": date(2026, 11, 20), "reason": "Abandon du cours"}
    )


def test_a_bilingual_credit_note_and_its_receipt_say_everything_french_first() -> None:
    note = _credit_note("fr-en")
    t = " ".join(text(RENDER.invoice(note)).split())
    assert "NOTE DE CRÉDIT / CREDIT NOTE" in t
    assert "TVQ 9,975 % annulée / QST 9.975% reversed" in t and "Réduction totale / Total reduction 229,95 $" in t
    assert "du 20 novembre 2026 / dated November 20, 2026" in t
    assert "Remboursé sur : Visa se terminant par 4242 / Refunded to: Visa ending in 4242" in t
    receipt = " ".join(text(RENDER.receipt(note)).split())
    assert "NOTE DE CRÉDIT / CREDIT" in receipt and "Réduction totale / Total" in receipt  # wrapped at 72 mm
    assert "Date : 26 novembre 2026" in receipt.replace("\u00a0", " ")
    english_first = " ".join(text(RENDER.invoice(_credit_note("en-fr"))).split())
    assert "CREDIT NOTE / NOTE DE CRÉDIT" in english_first and "$229.95" in english_first


def test_a_bilingual_invoice_prints_each_label_in_both_languages() -> None:
    t = " ".join(text(RENDER.invoice(document([course(1_000_00)], "QC", language="fr-en"))).split())
    assert "FACTURE / INVOICE" in t and "Solde restant / Balance remaining" in t
    assert "Payé maintenant (Visa se terminant par 4242) / Paid now (Visa ending in 4242)" in t
    assert "26 novembre 2026" in t  # a date standing alone: once, in the first language


# SHA-256 of what the first release printed for these records (issued before dates were written
# out): a stored document keeps rendering those bytes, so a lost PDF is rebuilt and proven by the
# hash recorded when it was issued.
FIRST_SCHEMA = {
    "invoice": ("f41eaa0523e4460b6e380cdb928c41a88a3ce49573d2bd7b381901bd3aff7fb5",
                "acda7067cb8451f94a2ca2f02038355a24c66d5c268ad7aaa7e46f27c41be190"),
    "credit_note": ("f7dbdf0cb8bb0a1096b422b69ed4329c3a117ef141ed5bc04e3600fee67aafc2",
                    "fa5144c0410d11fbb8490d3b1d17ec9fd25eb9612f8e9e49501d1d6017c95739"),
}


@pytest.mark.parametrize("kind", sorted(FIRST_SCHEMA))
def test_a_document_stored_by_the_first_release_renders_its_first_bytes(kind: str) -> None:
    import hashlib

    stored = (_credit_note("fr") if kind == "credit_note" else document([course(1_000_00)], "QC", language="fr")).to_dict()
    stored.pop("schema")  # the first release wrote no schema of its own
    doc = InvoiceDocument.from_dict(stored)
    assert doc.schema == 1
    assert (hashlib.sha256(RENDER.invoice(doc)).hexdigest(), hashlib.sha256(RENDER.receipt(doc)).hexdigest()) == \
        FIRST_SCHEMA[kind]


def _cash(language: str, **given: int) -> InvoiceDocument:
    base = document([course(1_000_00)], "QC", language=language, paid=186_45)
    assert base.payment is not None
    return InvoiceDocument(**{**base.__dict__, "payment": PaymentNote("cash", None, None, None, 0,
                                                                      base.payment.balance_after_cents, **given)})


# SHA-256 of the invoice and the receipt main printed for a cash payment before its documents said what was
# tendered: a document stored then (without the two figures) keeps rendering those bytes.
CASH_BEFORE_TENDERED = {
    "en": ("a0de96dbd8cda211147bc491fb1c31c8a90d82bbc8d32da9d81e96978129433b",
           "6d96eb2d7de85bd1f20d99f30048ce550210c131ee12e17e39d81ef39dd0f9e0"),
    "fr": ("dbe5087afedcb5c374421def0f01afba2e361a874adba34f3b82729f5e03e126",
           "a666394801308739e804743860c941cc34200c67ee67883a5365f794b939036b"),
    "fr-en": ("c1771e03316fc6cb0e9534f0bd7ec9f5f757fc603491d69283a4f74e3dbd40db",
              "92d2db50ca33f108f0f0a2e703b3f3a5e9cce07735db0f14de7d80797d07a971"),
}


@pytest.mark.parametrize("language", sorted(CASH_BEFORE_TENDERED))
def test_a_cash_document_stored_before_tendered_was_printed_renders_its_bytes(language: str) -> None:
    import hashlib

    stored = _cash(language).to_dict()
    assert "tendered_cents" not in stored["payment"] and "change_cents" not in stored["payment"]
    doc = InvoiceDocument.from_dict(stored)
    assert (hashlib.sha256(RENDER.invoice(doc)).hexdigest(), hashlib.sha256(RENDER.receipt(doc)).hexdigest()) == \
        CASH_BEFORE_TENDERED[language]


def test_a_bilingual_cash_document_says_tendered_and_change_in_both_languages() -> None:
    doc = InvoiceDocument.from_dict(_cash("fr-en", tendered_cents=200_00, change_cents=13_55).to_dict())
    for pdf in (RENDER.invoice(doc), RENDER.receipt(doc)):
        t = " ".join(text(pdf).replace("\u00a0", " ").split())
        assert "Montant remis / Cash tendered 200,00 $" in t and "Monnaie rendue / Change 13,55 $" in t
    english_first = " ".join(text(RENDER.invoice(_cash("en-fr", tendered_cents=200_00, change_cents=13_55))).split())
    assert "Cash tendered / Montant remis $200.00" in english_first and "Change / Monnaie rendue $13.55" in english_first


def test_a_bilingual_rounded_cash_document_says_the_rounding_in_both_languages() -> None:
    doc = InvoiceDocument.from_dict(_cash("fr-en", tendered_cents=200_00, change_cents=13_55, rounding_cents=-2).to_dict())
    invoice = " ".join(text(RENDER.invoice(doc)).replace("\u00a0", " ").split())
    assert "Arrondi au comptant / Cash rounding \u22120,02 $ Montant remis / Cash tendered 200,00 $" in invoice
    # The 80 mm receipt wraps the long label, its amount on the first line, as it does Paid before.
    receipt = " ".join(text(RENDER.receipt(doc)).replace("\u00a0", " ").split())
    assert "Arrondi au comptant / Cash \u22120,02 $ rounding Montant remis / Cash tendered 200,00 $" in receipt


def test_a_cash_document_stored_before_the_rounding_was_printed_keeps_its_data() -> None:
    stored = _cash("fr", tendered_cents=200_00, change_cents=13_55).to_dict()
    assert "rounding_cents" not in stored["payment"]  # what the release that printed the tendered stored
    assert InvoiceDocument.from_dict(stored).to_dict() == stored

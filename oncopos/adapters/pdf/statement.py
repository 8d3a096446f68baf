"""The student account statement on Letter paper, in English or French.

Same fonts, colours and mark as the invoices; deterministic (invariant mode, the creation date
taken from the statement), so the same statement renders the same bytes.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from oncopos.adapters.pdf.fonts import BOLD, REGULAR, register_fonts
from oncopos.adapters.pdf.letter import GREY, MARGIN, RULE, SHADE, WIDTH
from oncopos.adapters.pdf.logo import INK
from oncopos.adapters.pdf.page_frame import titled_page
from oncopos.adapters.pdf.paragraphs import paragraph
from oncopos.domain.dates import format_moment
from oncopos.domain.messages import french_typography, render
from oncopos.domain.money import format_cents
from oncopos.domain.statement import (
    CHARGE,
    CREDIT,
    INSTALMENT,
    PAYMENT,
    REFUND,
    WITHDRAWAL,
    Statement,
    StatementLine,
    credit_note,
    plan_item,
)
from oncopos.domain.tender import Tender, tender_name

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Account statement", "student": "Student", "number": "Student no.", "date": "Date",
        "line": "Description", "reference": "Reference", "col_charge": "Charges", "col_payment": "Payments",
        "balance": "Balance", "owing": "Balance owing", "credit_held": "Credit on the account",
        "settled": "Paid in full", "page": "Page", "generated": "Statement of",
        CHARGE: "Enrolled", PAYMENT: "Payment", REFUND: "Refund", WITHDRAWAL: "Withdrawn (charge cancelled)",
        CREDIT: "Credit", INSTALMENT: "Plan",
        "paid": "paid", "part_paid": "part paid", "overdue": "overdue", "due": "due today", "upcoming": "upcoming",
        "credit_withdrawal": "paid amount kept as credit", "credit_applied": "credit used",
        "credit_refunded": "credit refunded", "ending": "ending in",
        "note": "Plan lines and credit movements are shown for information; they do not change the balance.",
    },
    "fr": {
        "title": "Relevé de compte", "student": "Étudiant·e", "number": "N° d’étudiant·e", "date": "Date",
        "line": "Description", "reference": "Référence", "col_charge": "Frais", "col_payment": "Paiements",
        "balance": "Solde", "owing": "Solde à payer", "credit_held": "Crédit au compte",
        "settled": "Payé en entier", "page": "Page", "generated": "Relevé du",
        CHARGE: "Inscription", PAYMENT: "Paiement", REFUND: "Remboursement",
        WITHDRAWAL: "Abandon (frais annulés)", CREDIT: "Crédit", INSTALMENT: "Plan",
        "paid": "payé", "part_paid": "payé en partie", "overdue": "en retard", "due": "dû aujourd’hui",
        "upcoming": "à venir",
        "credit_withdrawal": "montant payé gardé en crédit", "credit_applied": "crédit utilisé",
        "credit_refunded": "crédit remboursé", "ending": "se terminant par",
        "note": "Les lignes du plan et les mouvements de crédit sont indiqués pour information; ils ne changent pas "
                "le solde.",
    },
}

BASE = ParagraphStyle("statement", fontName=REGULAR, fontSize=8.5, leading=11, textColor=INK)
SMALL = ParagraphStyle("statement-small", parent=BASE, fontSize=7.5, leading=9.5, textColor=GREY)
BIG = ParagraphStyle("statement-big", parent=BASE, fontName=BOLD, fontSize=11, leading=14)


def _p(text: str, style: ParagraphStyle = BASE) -> Paragraph:
    return paragraph(escape(text), style)


def _colon(lang: str) -> str:
    """French puts a (no-break) space before a colon."""
    return "\u00a0: " if lang == "fr" else ": "


def _locale(lang: str) -> str:
    return "fr-CA" if lang == "fr" else "en-CA"


def _money(cents: int, lang: str) -> str:
    return format_cents(cents, _locale(lang))


def _describe(line: StatementLine, t: dict[str, str], lang: str) -> str:
    e = line.event
    if e.kind == INSTALMENT:
        item = plan_item(e.reference, lang)
        return f"{t[INSTALMENT]}{_colon(lang)}{item} ({t.get(e.detail, e.detail)}) · {e.description}"
    text = f"{t[e.kind]}{_colon(lang)}{e.description}" if e.description else t[e.kind]
    if e.kind == CREDIT:
        note = f"{_colon(lang)}{render(credit_note(e.description), _locale(lang))}" if e.description else ""
        return f"{t[CREDIT]} ({t.get('credit_' + e.detail, e.detail)}){note}"
    if e.detail and e.kind == PAYMENT:
        brand, _, last4 = e.detail.partition(" ")
        text += f" · {brand.title()} {t['ending']} {last4}" if last4 else f" · {_method(brand, lang)}"
    return text


def _method(tender: str, lang: str) -> str:
    """A tender as the till, the window's statement and the receipts name it (the catalogue's tender.name.*)."""
    if tender in {t.value for t in Tender}:
        return render(tender_name(Tender(tender)), _locale(lang))
    return tender


def _rows(statement: Statement, t: dict[str, str], lang: str, tz: ZoneInfo) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for line in statement.lines:
        e = line.event
        charge = _money(e.amount_cents, lang) if e.kind in (CHARGE, REFUND) else ""
        payment = _money(e.amount_cents, lang) if e.kind in (PAYMENT, WITHDRAWAL) else ""
        if e.kind in (CREDIT, INSTALMENT):
            charge = f"({_money(e.amount_cents, lang)})"
        reference = "" if e.kind == INSTALMENT else e.reference
        rows.append([e.at.astimezone(tz).strftime("%Y-%m-%d"), _p(_describe(line, t, lang)), reference, charge, payment,
                     _money(line.balance_after_cents, lang)])
    return rows


def render_statement(statement: Statement, lang: str, *, business_name: str, timezone: str) -> bytes:
    register_fonts()
    # French labels get their no-break spaces (« pour information ; ils ») as the catalogue's texts do.
    t = {k: french_typography(v) for k, v in LABELS["fr"].items()} if lang == "fr" else LABELS["en"]
    tz = ZoneInfo(timezone)
    out = io.BytesIO()
    title = f"{t['title']} — {statement.student_name}"
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=32 * mm,
                            bottomMargin=18 * mm, invariant=1, title=title, author=business_name, subject=t["title"],
                            creator="OncoPOS", lang="fr-CA" if lang == "fr" else "en-CA")
    generated = format_moment(statement.generated_at, tz, lang, style="date")  # in words; the table keeps ISO
    balance = statement.balance_cents
    if balance > 0:
        summary = f"{t['owing']}{_colon(lang)}{_money(balance, lang)}"
    elif balance < 0:
        summary = f"{t['credit_held']}{_colon(lang)}{_money(-balance, lang)}"
    else:
        summary = t["settled"]
    story: list[Any] = [
        _p(f"{t['student']}{_colon(lang)}{statement.student_name} · {t['number']} {statement.student_number} · "
           f"{statement.student_email}"),
        _p(f"{t['generated']} {generated}", SMALL), Spacer(1, 3 * mm), _p(summary, BIG), Spacer(1, 3 * mm),
    ]
    header = [t["date"], t["line"], t["reference"], t["col_charge"], t["col_payment"], t["balance"]]
    table = Table([header, *_rows(statement, t, lang, tz)], colWidths=[52, WIDTH - 322, 78, 64, 64, 64], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 7.5), ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
        ("FONT", (0, 1), (-1, -1), REGULAR, 8), ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE), ("FONT", (5, 1), (5, -1), BOLD, 8),
        ("BACKGROUND", (5, 1), (5, -1), SHADE),
    ]))
    story += [table, Spacer(1, 3 * mm), _p(t["note"], SMALL)]
    page = titled_page(t["title"], business_name, t["page"], statement.generated_at)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


class StatementRenderer:
    """The StatementRenderer port (oncopos.services.statements) over reportlab."""

    def __init__(self, business_name: str, timezone: str) -> None:
        self.business_name = business_name
        self.timezone = timezone

    def statement(self, statement: Statement, lang: str) -> bytes:
        return render_statement(statement, lang, business_name=self.business_name, timezone=self.timezone)

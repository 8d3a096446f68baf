"""The student's copy of a T2202 (Tuition and Enrolment Certificate) on Letter paper, in English or French.

The boxes are CRA's: the study periods (from / to as YY/MM, eligible tuition fees, part-time and
full-time months), then box A (total eligible tuition fees), B (part-time months) and C
(full-time months). The SIN is shown masked: the student knows it, CRA receives it in the return,
and a PDF that travels by email or sits in a download folder must not carry it. Deterministic
(invariant mode, the date taken from the slip), like the invoices.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.enums import TA_RIGHT
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
from oncopos.domain.money import format_cents
from oncopos.domain.tuition import SlipKind
from oncopos.services.tuition_records import SlipRecord

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "T2202 Tuition and Enrolment Certificate", "year": "Year",
        SlipKind.ORIGINAL: "Original", SlipKind.AMENDED: "Amended", SlipKind.CANCELLED: "Cancelled",
        "school": "Name and address of the educational institution", "account": "Filer account number",
        "type": "School type", "type_4": "4 — certified by Employment and Social Development Canada",
        "student": "Student's name and address", "number": "Student number", "sin": "Social insurance number",
        "program": "Name of program or course", "periods": "Study periods",
        "from": "From YY/MM", "to": "To YY/MM", "fees": "Eligible tuition fees",
        "part": "Number of months part-time", "full": "Number of months full-time",
        "box_a": "A  Total eligible tuition fees", "box_b": "B  Total part-time months", "box_c": "C  Total full-time months",
        "issued": "Issued on", "replaces": "This slip replaces the slip issued on",
        "cancelled_note": "This slip is cancelled: do not claim the amounts of the slip it replaces.",
        "keep": "Keep this certificate with your tax records. The institution has filed this information with the "
                "Canada Revenue Agency. The SIN is masked on this copy.",
        "page": "Page",
    },
    "fr": {
        "title": "T2202 Certificat pour frais de scolarité et d’inscription", "year": "Année",
        SlipKind.ORIGINAL: "Original", SlipKind.AMENDED: "Modifié", SlipKind.CANCELLED: "Annulé",
        "school": "Nom et adresse de l’établissement d’enseignement", "account": "Numéro de compte du déclarant",
        "type": "Type d’école", "type_4": "4 — reconnue par Emploi et Développement social Canada",
        "student": "Nom et adresse de l’étudiant·e", "number": "Numéro d’étudiant·e",
        "sin": "Numéro d’assurance sociale", "program": "Nom du programme ou du cours", "periods": "Périodes d’études",
        "from": "Du AA/MM", "to": "Au AA/MM", "fees": "Frais de scolarité admissibles",
        "part": "Nombre de mois à temps partiel", "full": "Nombre de mois à temps plein",
        "box_a": "A  Total des frais de scolarité admissibles", "box_b": "B  Total des mois à temps partiel",
        "box_c": "C  Total des mois à temps plein",
        "issued": "Produit le", "replaces": "Ce feuillet remplace le feuillet produit le",
        "cancelled_note": "Ce feuillet est annulé\u00a0: ne demandez pas les montants du feuillet qu’il remplace.",
        "keep": "Conservez ce certificat avec vos documents fiscaux. L’établissement a transmis ces renseignements à "
                "l’Agence du revenu du Canada. Le NAS est masqué sur cette copie.",
        "page": "Page",
    },
}

BASE = ParagraphStyle("slip", fontName=REGULAR, fontSize=9, leading=12, textColor=INK)
SMALL = ParagraphStyle("slip-small", parent=BASE, fontSize=7.5, leading=9.5, textColor=GREY)
LABEL = ParagraphStyle("slip-label", parent=BASE, fontSize=7, leading=9, textColor=GREY)
LABEL_RIGHT = ParagraphStyle("slip-label-right", parent=LABEL, alignment=TA_RIGHT)
BIG = ParagraphStyle("slip-big", parent=BASE, fontName=BOLD, fontSize=11, leading=14)


def _p(text: str, style: ParagraphStyle = BASE) -> Paragraph:
    return paragraph(escape(text).replace("\n", "<br/>"), style)


def _yymm(year_month: tuple[int, int]) -> str:
    return f"{year_month[0] % 100:02d}/{year_month[1]:02d}"


def _box(label: str, value: str) -> list[Paragraph]:
    return [_p(label, LABEL), _p(value or "—")]


def render_tuition_slip(slip: SlipRecord, *, sin_masked: str, lang: str, school_name: str, school_address: str,
                        account: str, timezone: str, replaced_on: str = "") -> bytes:
    register_fonts()
    t = LABELS["fr" if lang == "fr" else "en"]
    money = "fr-CA" if lang == "fr" else "en-CA"
    tz = ZoneInfo(timezone)
    r, figures = slip.recipient, slip.figures
    out = io.BytesIO()
    title = f"{t['title']} — {slip.year} — {r.name}"
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=32 * mm,
                            bottomMargin=18 * mm, invariant=1, title=title, author=school_name, subject=t["title"],
                            creator="OncoPOS", lang=money)
    half = WIDTH / 2 - 4
    address = "\n".join(x for x in (r.address_line1, r.address_line2,
                                     " ".join(x for x in (r.city, r.province, r.postal_code) if x)) if x)
    parties = Table([
        [_box(t["school"], f"{school_name}\n{school_address}"), _box(t["student"], f"{r.name}\n{address}")],
        [_box(t["account"], account), _box(t["sin"], sin_masked)],
        [_box(t["type"], t["type_4"]), _box(t["number"], r.student_number)],
    ], colWidths=[half, half])
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                                 ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE)]))
    periods: list[list[Any]] = [[_p(t["from"], LABEL), _p(t["to"], LABEL), _p(t["fees"], LABEL_RIGHT),
                                 _p(t["part"], LABEL_RIGHT), _p(t["full"], LABEL_RIGHT)]]
    for s in figures.sessions:
        periods.append([_yymm(s.start), _yymm(s.end), format_cents(s.fees_cents, money), str(s.part_time_months),
                        str(s.full_time_months)])
    table = Table(periods, colWidths=[70, 70, WIDTH - 320, 90, 90])
    table.setStyle(TableStyle([
        ("FONT", (0, 1), (-1, -1), REGULAR, 9), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]))
    totals = Table([[_p(t["box_a"], LABEL), _p(t["box_b"], LABEL), _p(t["box_c"], LABEL)],
                    [_p(format_cents(figures.fees_cents, money), BIG), _p(str(figures.part_time_months), BIG),
                     _p(str(figures.full_time_months), BIG)]], colWidths=[WIDTH / 3] * 3)
    totals.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
                                ("BACKGROUND", (0, 1), (-1, 1), SHADE)]))
    issued = format_moment(slip.issued_at, tz, money, style="date")  # « 15 février 2027 », in the school's zone
    story: list[Any] = [
        _p(f"{t['year']} {slip.year} · {t[slip.kind]}", BIG), Spacer(1, 3 * mm), parties, Spacer(1, 4 * mm),
        _p(t["program"], LABEL), _p(figures.program_name), Spacer(1, 3 * mm), _p(t["periods"], LABEL), table,
        Spacer(1, 4 * mm), totals, Spacer(1, 4 * mm),
        _p(f"{t['issued']} {issued}" + (f" · {t['replaces']} {replaced_on}" if replaced_on else ""), SMALL),
    ]
    if slip.kind == SlipKind.CANCELLED:
        story += [Spacer(1, 2 * mm), _p(t["cancelled_note"], BIG)]
    story += [Spacer(1, 2 * mm), _p(t["keep"], SMALL)]
    page = titled_page(t["title"], school_name, t["page"], slip.issued_at)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


class TuitionSlipRenderer:
    """The SlipRenderer port (oncopos.services.tuition_slips) over reportlab."""

    def __init__(self, *, school_name: str, school_address: str, account: str | None, timezone: str) -> None:
        self.school_name = school_name
        self.school_address = school_address
        self.account = account or ""
        self.timezone = timezone

    def slip(self, slip: SlipRecord, *, sin_masked: str, lang: str) -> bytes:
        return render_tuition_slip(slip, sin_masked=sin_masked, lang=lang, school_name=self.school_name,
                                   school_address=self.school_address, account=self.account, timezone=self.timezone)

"""The student's T2202 PDF reads as CRA's boxes in the student's language, with the SIN masked."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

from pypdf import PdfReader

from oncopos.adapters.pdf.tuition_slip import TuitionSlipRenderer
from oncopos.domain.tuition import SlipKind, Study, TuitionClass, year_of_study
from oncopos.services.tuition_records import SlipRecord, SlipStudent

STUDIES = [Study("e1", "Oncology Aesthetics Diploma", TuitionClass.OCCUPATIONAL, date(2026, 1, 12), date(2026, 6, 26),
                 1500, 910_000),
           Study("e2", "Wig Fitting (evenings)", TuitionClass.OCCUPATIONAL, date(2026, 9, 1), date(2026, 10, 30), 240,
                 45_050)]
STUDENT = SlipStudent(uuid.uuid4(), "S000123", "Cléo", "Côté-Villeneuve", "c@example.ca", "fr", "12 Rue Saint-Denis",
                      "", "Montréal", "QC", "H2X 1K4", date(1994, 4, 2))
RENDERER = TuitionSlipRenderer(school_name="OncoOne Education", school_address="100 King Street West, Toronto ON  M5X 1A9",
                               account="123456789RZ0001", timezone="America/Toronto")


def _text(kind: SlipKind, lang: str) -> str:
    slip = SlipRecord(uuid.uuid4(), STUDENT.id, 2026, kind, None, datetime(2027, 1, 20, 15, tzinfo=UTC), None, "DESK1",
                      year_of_study(2026, STUDIES, date_of_birth=STUDENT.date_of_birth), STUDENT, None, None, None)
    data = RENDERER.slip(slip, sin_masked="*** *** 544", lang=lang)
    assert data == RENDERER.slip(slip, sin_masked="*** *** 544", lang=lang)  # deterministic, like the invoices
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_english_slip_has_the_boxes_and_periods() -> None:
    text = _text(SlipKind.ORIGINAL, "en")
    for expected in ("T2202 Tuition and Enrolment Certificate", "Year 2026 · Original", "123456789RZ0001",
                     "Cléo Côté-Villeneuve", "*** *** 544", "26/01", "26/06", "$9,100.00", "26/09", "26/10", "$450.50",
                     "A Total eligible tuition fees", "$9,550.50", "Issued on January 20, 2027"):
        assert expected in text, expected


def test_the_french_amended_slip_reads_in_french() -> None:
    text = _text(SlipKind.AMENDED, "fr")
    for expected in ("Certificat pour frais de scolarité et d’inscription", "Année 2026 · Modifié",
                     "Numéro d’assurance sociale", "9 100,00 $", "9 550,50 $", "Total des mois à temps plein",
                     "20 janvier 2027"):
        assert expected.replace("\u00a0", " ") in text.replace("\u00a0", " "), expected


def test_a_cancelled_slip_says_so() -> None:
    assert "do not claim the amounts" in _text(SlipKind.CANCELLED, "en")

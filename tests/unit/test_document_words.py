"""One name per idea on the documents: a tender, a refund's reason and a statement's line read the same on the
invoice, the receipt, the end-of-day report, the statement and the window, in the document's language."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

from pypdf import PdfReader

from oncopos.adapters.pdf.end_of_day_words import ReportWords
from oncopos.adapters.pdf.labels import Labels
from oncopos.adapters.pdf.statement import render_statement
from oncopos.domain.invoice import PaymentNote
from oncopos.domain.messages import msg, render
from oncopos.domain.statement import CREDIT, PAYMENT, WITHDRAWAL, Statement, StatementEvent, credit_note, statement_lines
from oncopos.services.invoice_documents import _reason

NBSP = "\u00a0"


def _note(method: str) -> PaymentNote:
    return PaymentNote(method=method, card_brand=None, card_last4=None, reference=None, paid_before_cents=0,
                       balance_after_cents=0)


def test_a_tender_taken_by_hand_has_one_name_on_the_invoice_and_the_end_of_day_report() -> None:
    for tender, french in (("cash", "Argent comptant"), ("cheque", "Chèque"), ("etransfer", "Virement Interac")):
        assert render(msg(f"tender.label.{tender}"), "fr-CA") == french
        assert Labels("fr").method(_note(tender)) == french == ReportWords("fr").channel(tender)
        english = render(msg(f"tender.label.{tender}"), "en-CA")
        assert Labels("en").method(_note(tender)) == english == ReportWords("en").channel(tender)
    assert ReportWords("fr-en").channel("cash") == "Argent comptant / Cash"


def test_a_credit_note_gives_the_reason_the_refund_dialog_offered() -> None:
    assert _reason("course_cancelled", "", "fr") == render(msg("refund.reason.course_cancelled"), "fr-CA")
    assert _reason("withdrawal", "moved away", "fr-en") == f"Abandon du cours / Withdrawal from the course{NBSP}: moved away"
    assert _reason("other", "Paid twice by the parents", "en") == "Paid twice by the parents"  # not "Other (say why)"
    assert _reason("some_new_reason", "", "en") == "some new reason"


def _statement_text(lang: str) -> str:
    at = datetime(2026, 10, 5, 15, tzinfo=UTC)
    note = str(msg("credit.note.withdrawn", code="KIT-2701", reason="not needed"))
    events = [StatementEvent(at, PAYMENT, "Kit (KIT-100)", 22_600, "DESK1-000007", detail="cash"),
              StatementEvent(at, WITHDRAWAL, "Kit (KIT-100)", 22_600),
              StatementEvent(at, CREDIT, note, 22_600, detail="withdrawal")]
    statement = Statement(uuid.uuid4(), "Ada Student", "S0000018-DESK1", "ada@example.ca", lang,
                          statement_lines(events), at)
    pdf = render_statement(statement, lang, business_name="OncoOne Education", timezone="America/Toronto")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_every_statement_line_is_in_the_statements_language() -> None:
    french = _statement_text("fr")  # the extracted text has plain spaces for the no-break ones
    assert "Paiement : Kit (KIT-100) · argent comptant" in french
    assert "Abandon (frais annulés) : Kit (KIT-100)" in french  # one colon, as the window writes it
    assert "Crédit (montant payé gardé en crédit) : Abandon de KIT-2701 : not needed" in french
    assert "information ; ils" in french
    assert "Withdrawn" not in french and "cash" not in french
    english = _statement_text("en")
    assert "Withdrawn (charge cancelled): Kit (KIT-100)" in english and "Payment: Kit (KIT-100) · cash" in english
    assert "Credit (paid amount kept as credit): Withdrawn from KIT-2701: not needed" in english


def test_a_stored_credit_note_is_read_back_as_its_message() -> None:
    note = str(msg("credit.note.transferred", source="A-1", target="B-2", reason="schedule: evenings"))
    assert note == "Transferred from A-1 to B-2: schedule: evenings"
    assert render(credit_note(note), "fr-CA") == f"Transfert de A-1 à B-2{NBSP}: schedule: evenings"
    assert credit_note("typed by hand") == "typed by hand"


def test_a_report_frozen_with_the_first_words_is_rebuilt_with_them() -> None:
    """A lost end-of-day PDF is rebuilt from its frozen data and checked against the hash taken at the close: a day
    frozen before the words were the catalogue's keeps « Comptant » and « Sortie »."""
    assert ReportWords("fr", words=1).channel("cash") == "Comptant"
    assert ReportWords("fr", words=1)("paid_out") == "Sortie"
    assert ReportWords("fr", words=1).channel("reader_card") == "Carte au lecteur"
    assert ReportWords("fr").channel("reader_card") == "Carte sur le lecteur"
    assert ReportWords("fr")("paid_out") == "Décaissement"  # as the till's window says it


def test_the_words_edition_is_frozen_with_the_report() -> None:
    from datetime import date

    from oncopos.domain.end_of_day import EndOfDayReport, ReportScope

    at = datetime(2026, 11, 25, 5, tzinfo=UTC)
    report = EndOfDayReport(ReportScope(date(2026, 11, 25)), "America/Toronto", at, at, at, *([()] * 9))
    data = report.to_dict()
    assert data["words"] == 2 and EndOfDayReport.from_dict(data).words == 2
    del data["words"]  # frozen before the edition was kept
    assert EndOfDayReport.from_dict(data).words == 1


def test_an_attempts_and_an_overpayments_status_read_the_same_on_the_report_and_the_window() -> None:
    assert ReportWords("fr").attempt("failed") == "Refusé" and ReportWords("fr").attempt("resolved") == "Réglé"
    assert ReportWords("fr").attempt("open") == "À régler" and ReportWords("en").attempt("in_flight") == "Still in progress"
    assert ReportWords("fr", words=1).attempt("failed") == "Échoué"  # a day frozen with the first words keeps them
    assert ReportWords("fr", words=1).attempt("resolved") == "Resolved"

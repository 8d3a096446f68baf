"""The end-of-day report in the manager's language, or both: its words, its dates in the school's
time zone, and a closed day's reprint in the language it was closed in whatever the desk reads now."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer, render_end_of_day
from oncopos.domain.messages import use_reader_locale
from oncopos.services.end_of_day import EndOfDayService
from tests.integration.end_of_day_helpers import DAY, MANAGER, TORONTO, Day, known_day, local
from tests.pdf_text import overlaps, text_runs


@pytest.fixture
def day(engine: Engine, tmp_path: Path) -> Iterator[Day]:
    d = Day(engine, tmp_path / "documents")
    known_day(d)
    d.clock.now = local(DAY + timedelta(days=1), 9)
    yield d
    use_reader_locale("en-CA")


def _text(pdf: bytes) -> str:
    runs = text_runs(io.BytesIO(pdf))
    assert overlaps(runs) == []
    return " ".join(r.text for r in runs)


def test_the_report_reads_in_french_english_or_both(day: Day) -> None:
    report = day.eod.report(MANAGER, DAY)
    assert report.language == "en"
    english = _text(render_end_of_day(report))
    french = _text(render_end_of_day(dataclasses.replace(report, language="fr")))
    both = _text(render_end_of_day(dataclasses.replace(report, language="fr-en")))
    assert "Payments by method" in english and "Paiements par mode" not in english
    assert "Fin de journée" in french and "Paiements par mode" in french and "Payments by method" not in french
    assert "Payments completed" not in french and "Total" in french
    assert "TVQ 9,975" in french and "130,00" in french and "$1,130.00" in english
    # Both, French first, every heading in the two languages.
    assert both.index("Paiements par mode") < both.index("Payments by method")
    assert "Fin de journée / End of day" in both
    # The window in Toronto time in each language's words, never a UTC clock.
    assert "25 novembre 2026 à 0 h 00" in french and "November 25, 2026 at 12:00 a.m." in english
    assert "UTC" not in english + french


def test_a_quebec_desk_writes_french_first_and_a_french_manager_reads_french(day: Day) -> None:
    quebec = EndOfDayService(day.uow, tz=TORONTO, clock=day.clock, renderer=EndOfDayRenderer(), store=day.store,
                             desk_province="QC")
    assert quebec.report(MANAGER, DAY).language == "fr-en"
    use_reader_locale("fr-CA")
    assert quebec.report(MANAGER, DAY).language == "fr"
    assert day.eod.report(MANAGER, DAY).language == "fr"
    bilingual = EndOfDayService(day.uow, tz=TORONTO, clock=day.clock, renderer=EndOfDayRenderer(), store=day.store,
                                document_choice="bilingual")
    assert bilingual.report(MANAGER, DAY).language == "fr-en"


def test_a_closed_day_is_reprinted_in_the_language_it_was_closed_in(day: Day) -> None:
    use_reader_locale("fr-CA")
    closed = day.eod.close_day(MANAGER, DAY)
    assert closed.language == "fr"
    use_reader_locale("en-CA")  # an English-speaking manager reprints it later
    assert day.eod.report(MANAGER, DAY).language == "fr"
    reprint = _text(day.eod.frozen_pdf(MANAGER, DAY))
    assert "Paiements par mode" in reprint and "Payments by method" not in reprint
    # The text report (the command line's, in English) says when it closed in the school's zone, as
    # its window is: not "13:30 EST" beside "18:30 UTC".
    text = day.eod.export(MANAGER, DAY, "text").decode()
    assert "Closed on November 26, 2026 at 9:00 a.m. by" in text and "+00:00" not in text and "EST" not in text
    # The window's export gives the text in the manager's language: words, times and amounts.
    french = day.eod.export(MANAGER, DAY, "text", locale="fr-CA").decode().replace("\u00a0", " ")
    assert "Fin de journée du 25 novembre 2026 — Tous les postes" in french
    assert "Clôturée le 26 novembre 2026 à 9 h 00 par" in french and "Paiements par mode" in french
    assert "6 429,50 $" in french and "TVQ 9,975 %" in french
    assert not any(word in french for word in ("EST", "Payments", "Collected", "Refunded", "(none)", "$6,"))
    # The PDF rebuilt from the frozen data (file gone) is the same document, in French.
    next((day.store.root / "EOD").iterdir()).unlink()
    assert "Paiements par mode" in _text(day.eod.frozen_pdf(MANAGER, DAY))


def test_a_cross_check_that_fails_is_a_warning_in_the_reports_languages(day: Day) -> None:
    report = dataclasses.replace(day.eod.report(MANAGER, DAY), hours=())  # the hours no longer add up
    [problem] = report.inconsistencies()
    assert str(problem) == "payments by hour add up to $0.00, not $6,429.50"
    assert problem.text("fr-CA") == "les paiements par heure totalisent 0,00\u00a0$, et non 6\u00a0429,50\u00a0$"
    french = _text(render_end_of_day(dataclasses.replace(report, language="fr"))).replace("\u00a0", " ")
    assert "Attention : les paiements par heure totalisent 0,00 $" in french and "payments by hour" not in french
    both = _text(render_end_of_day(dataclasses.replace(report, language="fr-en"))).replace("\u00a0", " ")
    assert both.index("Attention : les paiements par heure") < both.index("Warning: payments by hour add up to $0.00")

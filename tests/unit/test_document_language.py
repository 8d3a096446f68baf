"""Which language a new document is written in, and how a stored one is read back."""

from __future__ import annotations

import pytest

from oncopos.domain.document_language import document_language, languages_of, stored_language


@pytest.mark.parametrize(("reader", "province", "choice", "expected"), [
    ("fr", "ON", "reader", "fr"),
    ("en", "ON", "reader", "en"),
    (None, "ON", "reader", "en"),
    ("en", "ON", "bilingual", "en-fr"),
    ("fr-CA", "ON", "bilingual", "fr-en"),
    # A Quebec desk: French alone for a French reader, French first for anyone else.
    ("fr", "QC", "reader", "fr"),
    ("en", "QC", "reader", "fr-en"),
    ("en", "qc", "bilingual", "fr-en"),
    ("fr", "QC", "bilingual", "fr-en"),
])
def test_the_readers_language_with_french_first_in_quebec(reader: str | None, province: str, choice: str,
                                                          expected: str) -> None:
    assert document_language(reader, desk_province=province, choice=choice) == expected


def test_a_stored_language_is_read_as_written() -> None:
    assert stored_language("fr-en") == "fr-en" and stored_language("fr") == "fr"
    assert stored_language(None) == "en" and stored_language("fr-CA") == "fr"
    assert languages_of("fr-en") == ("fr", "en") and languages_of("en") == ("en",)

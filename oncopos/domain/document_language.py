"""Which language a document (invoice, receipt, credit note, end-of-day report) is written in.

A document is in its reader's language: the student's for what the student keeps, the manager's
for the end of day. A desk may print every document in both languages, the reader's first. A
Quebec desk (the campus is in Quebec) puts French first: the Charter of the French language asks
that invoices and receipts be in French, alone or first, so an English-speaking student there gets
French and English. The choice is stored with the document, so a reprint years later reads as
the original did, whatever the student's preference has become.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal, cast

#: "en", "fr", or both with the first one first ("fr-en": French, then English).
DocumentLanguage = Literal["en", "fr", "fr-en", "en-fr"]
Choice = Literal["reader", "bilingual"]
DOCUMENT_LANGUAGES: tuple[DocumentLanguage, ...] = ("en", "fr", "fr-en", "en-fr")


def _lang(value: str | None) -> Literal["en", "fr"]:
    return "fr" if (value or "").replace("_", "-").split("-", 1)[0].strip().lower() == "fr" else "en"


def document_language(reader_language: str | None, *, desk_province: str | None, choice: str = "reader") -> DocumentLanguage:
    """The language of a new document for a reader who prefers `reader_language`."""
    reader = _lang(reader_language)
    other = "en" if reader == "fr" else "fr"
    if (desk_province or "").strip().upper() == "QC":
        return "fr" if reader == "fr" and choice != "bilingual" else "fr-en"
    if choice == "bilingual":
        return cast(DocumentLanguage, f"{reader}-{other}")
    return reader


@lru_cache(maxsize=64)  # a handful of document languages, asked for each label of each document
def languages_of(language: str) -> tuple[Literal["en", "fr"], ...]:
    """The languages a document is written in, first one first: "fr-en" -> ("fr", "en")."""
    parts = tuple(_lang(part) for part in language.split("-") if part)
    return parts or ("en",)


def first_language(language: str) -> Literal["en", "fr"]:
    return languages_of(language)[0]


def locale_of(lang: str) -> str:
    """"fr" -> "fr-CA", anything else -> "en-CA": the locale a document's language is written in."""
    return "fr-CA" if _lang(lang) == "fr" else "en-CA"


def in_each(language: str, text: Callable[[Literal["en", "fr"]], str], separator: str = " / ") -> str:
    """`text(lang)` in each of a document's languages, first one first, once when both read the
    same: the one way every document (invoice, receipt, credit note, end of day) is bilingual."""
    return separator.join(dict.fromkeys(text(lang) for lang in languages_of(language)))


def stored_language(value: object) -> DocumentLanguage:
    """A stored document's language, as written then (older documents say "en" or "fr")."""
    text = str(value or "en")
    return text if text in DOCUMENT_LANGUAGES else first_language(text)

"""The words printed on the end-of-day report, in English and French, and the report's language.

The words are the catalogue's (eod.word.*, eod.channel.*, eod.state.*, and tender.label.* for the
tenders taken by hand), shared with the text export. A frozen report must read the same when it is
printed again years later, so its language and the edition of its words are part of its frozen data
(`EndOfDayReport.language`, `EndOfDayReport.words`). A bilingual report
("fr-en") prints each heading in both languages, the first one first; figures are written once,
in the first language's format.
"""

from __future__ import annotations

from oncopos.domain.dates import format_day
from oncopos.domain.document_language import in_each, languages_of, locale_of
from oncopos.domain.end_of_day import EndOfDayReport, channel_name
from oncopos.domain.messages import Message, Texts, catalogue, french_typography, render
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_name, percent_label

#: What reports frozen with the first edition of the words printed where the catalogue now says
#: otherwise (« Comptant », « Sortie »): a lost PDF of such a day is rebuilt byte for byte.
FIRST_WORDS: dict[str, Texts] = {
    "in_out": ("In - out", "Entrées - sorties"),
    "paid_out": ("Paid out", "Sortie"),
    "cash_refund": ("Cash refund", "Remboursement en espèces"),
}
FIRST_CHANNELS: dict[str, Texts] = {
    "reader_card": ("Reader card", "Carte au lecteur"),
    "cash": ("Cash", "Comptant"),
    "cheque": ("Cheque", "Chèque"),
    "etransfer": ("Interac e-Transfer", "Virement Interac"),
}

#: The statuses as the first edition printed them; it knew no "resolved" (printed "Resolved" then).
FIRST_STATES: dict[str, Texts] = {
    "failed": ("Failed", "Échoué"),
    "cancelled": ("Cancelled", "Annulé"),
    "expired": ("Expired", "Expiré"),
    "in_flight": ("In progress", "En cours"),
    "open": ("open", "ouvert"),
    "settled": ("settled", "réglé"),
}


class ReportWords:
    """The report's words in its language: one language, or both with the first one first."""

    def __init__(self, language: str, *, words: int = 2) -> None:
        self.language = language
        self.edition = words
        self.languages = languages_of(language)
        self.first = self.languages[0]
        self.locale = locale_of(self.first)

    def _pick(self, texts: tuple[str, str], lang: str, values: dict[str, str]) -> str:
        text = texts[1] if lang == "fr" else texts[0]
        text = text.format(**values) if values else text
        return french_typography(text) if lang == "fr" else text

    def _each(self, texts: tuple[str, str], values: dict[str, str], separator: str) -> str:
        return in_each(self.language, lambda lang: self._pick(texts, lang, values), separator)

    def _word(self, key: str) -> Texts:
        if self.edition < 2 and key in FIRST_WORDS:
            return FIRST_WORDS[key]
        return catalogue()[f"eod.word.{key}"]

    def __call__(self, key: str, **values: str) -> str:
        """A heading or sentence: "Paiements par mode / Payments by method" when bilingual."""
        return self._each(self._word(key), values, " / ")

    def head(self, key: str) -> str:
        """A column heading: the two languages on two lines when bilingual."""
        return self._each(self._word(key), {}, "\n")

    def channel(self, channel: str) -> str:
        if self.edition < 2 and channel in FIRST_CHANNELS:
            return self._each(FIRST_CHANNELS[channel], {}, " / ")
        return self.message(channel_name(channel))

    def attempt(self, status: str) -> str:
        states = FIRST_STATES if self.edition < 2 else {k[len("eod.state."):]: v for k, v in catalogue().items()
                                                         if k.startswith("eod.state.")}
        texts = states.get(status, (status.replace("_", " ").capitalize(),) * 2)
        return self._each(texts, {}, " / ")

    def treatment(self, treatment: str) -> str:
        texts = catalogue().get(f"eod.word.{treatment}", (treatment, treatment))
        return self._each(texts, {}, " / ")

    def message(self, message: Message | str) -> str:
        return in_each(self.language, lambda lang: render(message, locale_of(lang)))

    def paragraphs(self, message: Message) -> list[str]:
        """A long message once per language, a paragraph each."""
        return [render(message, locale_of(lang)) for lang in self.languages]

    def warning(self, problem: Message, lang: str) -> str:
        """"Attention : les paiements par heure totalisent …" in one of the report's languages."""
        return self._pick(self._word("warning"), lang, {"problem": render(problem, locale_of(lang))})

    def sentence(self, key: str, lang: str, **values: str) -> str:
        """A sentence in one of the report's languages (its values already written in that language)."""
        return self._pick(self._word(key), lang, values)

    def tax_label(self, name: str, rate: str) -> str:
        """"QST 9.975%" / « TVQ 9,975 % »; "TVQ 9,975 % / QST 9.975%" when bilingual."""
        parts = [f"{component_name(name, locale_of(lang))} {percent_label(rate, locale_of(lang))}" for lang in self.languages]
        return " / ".join(dict.fromkeys(parts))

    def sentences(self, key: str, **values: str) -> list[str]:
        """A long sentence once per language (a paragraph each), rather than joined on one line."""
        return [self._pick(self._word(key), lang, values) for lang in self.languages]

    def money(self, cents: int) -> str:
        return format_cents(cents, self.locale)

    def title(self, report: EndOfDayReport) -> str:
        """"Fin de journée / End of day — 25 novembre 2026": the day once, in the first language."""
        return f"{self('title')} — {format_day(report.scope.day, self.locale)}"

    def subtitle(self, report: EndOfDayReport, business_name: str) -> str:
        return f"{business_name} — {self.message(report.scope.message())}"

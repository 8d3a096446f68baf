"""The words printed on the end-of-day report, in English and French, and the report's language.

Kept beside the renderer, like the invoices' labels (oncopos.adapters.pdf.labels): a report is
rendered without Qt and a frozen one must read the same when it is printed again years later, so
its language is part of its frozen data (`EndOfDayReport.language`). A bilingual report
("fr-en") prints each heading in both languages, the first one first; figures are written once,
in the first language's format.
"""

from __future__ import annotations

from oncopos.domain.dates import format_day
from oncopos.domain.document_language import in_each, languages_of, locale_of
from oncopos.domain.end_of_day import EndOfDayReport
from oncopos.domain.messages import Message, french_typography, msg, render
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_name, percent_label

WORDS: dict[str, tuple[str, str]] = {
    "title": ("End of day", "Fin de journée"),
    "page": ("Page", "Page"),
    "count": ("Count", "Nombre"),
    "amount": ("Amount", "Montant"),
    "collected_line": ("Payments collected", "Paiements perçus"),
    "refunds": ("Refunds", "Remboursements"),
    "net": ("Net", "Net"),
    "total": ("Total", "Total"),
    "by_method": ("Payments by method", "Paiements par mode"),
    "method": ("Method", "Mode"),
    "drawers": ("Cash drawers", "Tiroirs-caisses"),
    "desk": ("Desk", "Poste"),
    "float": ("Float", "Fonds de caisse"),
    "cash_taken": ("Cash taken", "Comptant reçu"),
    "in_out": ("In - out", "Entrées - sorties"),
    "expected": ("Expected", "Attendu"),
    "counted": ("Counted", "Compté"),
    "over_short": ("Over/short", "Écart"),
    "open": ("open", "ouvert"),
    "approved_by": ("approved by", "approuvé par"),
    "drawer_moves": ("Cash put in and taken out of the drawers", "Argent entré dans les tiroirs et sorti"),
    "cash_in": ("Cash in", "Entrée"),
    "paid_out": ("Paid out", "Sortie"),
    "cash_refund": ("Cash refund", "Remboursement en espèces"),
    "reason": ("Reason", "Motif"),
    "drawer_counts": ("The drawers counted by denomination", "Les tiroirs comptés par coupure"),
    "denomination": ("Denomination", "Coupure"),
    "refunds_by_method": ("Refunds by method (tax reversed by credit notes)",
                          "Remboursements par mode (taxes annulées par notes de crédit)"),
    "tax_reversed": ("Tax reversed", "Taxes annulées"),
    "tax_by_component": ("Tax by component", "Taxes par composante"),
    "tax": ("Tax", "Taxe"),
    "collected": ("Collected", "Perçu"),
    "reversed": ("Reversed", "Annulé"),
    "sales": ("Sales before tax", "Ventes avant taxes"),
    "treatment": ("Treatment", "Traitement"),
    "invoiced": ("Invoiced", "Facturé"),
    "credit_notes": ("Credit notes", "Notes de crédit"),
    "taxable": ("Taxable", "Taxable"),
    "exempt": ("Exempt", "Exonéré"),
    "zero_rated": ("Zero-rated", "Détaxé"),
    "uninvoiced": ("{count} payment(s) have no invoice: their tax is not in these figures. Issue the missing "
                   "invoices, then run the report again.",
                   "{count} paiement(s) sans facture : leurs taxes ne sont pas dans ces chiffres. Émettez les "
                   "factures manquantes, puis relancez le rapport."),
    "by_staff": ("By staff member", "Par membre du personnel"),
    "by_workstation": ("By workstation", "Par poste"),
    "payments": ("Payments", "Paiements"),
    "refunded": ("Refunded", "Remboursé"),
    "refund_count": ("Refunds", "Rembours."),  # a narrow column of counts
    "attempts": ("Attempts that did not collect money", "Tentatives sans encaissement"),
    "status": ("Status", "Statut"),
    "in_flight": ("In progress", "En cours"),
    "amount_flags": ("Amounts Stripe collected differently from the quote (for a manager)",
                     "Montants perçus par Stripe différents du montant établi (pour un gestionnaire)"),
    "overpayments": ("Overpayments flagged by sync", "Trop-perçus signalés par la synchronisation"),
    "student": ("Student", "Étudiant"),
    "desks": ("Desks", "Postes"),
    "over_by": ("Over by", "Excédent"),
    "list_payments": ("Payments ({count})", "Paiements ({count})"),
    "list_refunds": ("Refunds ({count})", "Remboursements ({count})"),
    "time": ("Time", "Heure"),
    "invoice": ("Invoice", "Facture"),
    "credit_note": ("Credit note", "Note de crédit"),
    "staff": ("Staff", "Personnel"),
    "by_hour": ("Payments by hour", "Paiements par heure"),
    "window": ("Payments completed from {start} to {end} ({zone}).",
               "Paiements conclus du {start} au {end} ({zone})."),
    "audit_heads": ("Audit trail chain heads (compare with `oncopos audit verify`):",
                    "Têtes de chaîne du journal d’audit (à comparer avec `oncopos audit verify`) :"),
    "warning": ("Warning: {problem}.", "Attention : {problem}."),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "reader_card": ("Reader card", "Carte au lecteur"),
    "interac": ("Interac (reader)", "Interac (lecteur)"),
    "hosted": ("Hosted page", "Page de paiement"),
}
#: Tenders taken by hand, named by the catalogue (tender.label.*) as the invoice and the window name them.
HAND_TENDERS = ("cash", "cheque", "etransfer")

ATTEMPTS: dict[str, tuple[str, str]] = {
    "failed": ("Failed", "Échoué"),
    "cancelled": ("Cancelled", "Annulé"),
    "expired": ("Expired", "Expiré"),
    "in_flight": ("In progress", "En cours"),
    # An overpayment's state (OverpaymentLine.status).
    "open": ("open", "ouvert"),
    "settled": ("settled", "réglé"),
}


class ReportWords:
    """The report's words in its language: one language, or both with the first one first."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.languages = languages_of(language)
        self.first = self.languages[0]
        self.locale = locale_of(self.first)

    def _pick(self, texts: tuple[str, str], lang: str, values: dict[str, str]) -> str:
        text = texts[1] if lang == "fr" else texts[0]
        text = text.format(**values) if values else text
        return french_typography(text) if lang == "fr" else text

    def _each(self, texts: tuple[str, str], values: dict[str, str], separator: str) -> str:
        return in_each(self.language, lambda lang: self._pick(texts, lang, values), separator)

    def __call__(self, key: str, **values: str) -> str:
        """A heading or sentence: "Paiements par mode / Payments by method" when bilingual."""
        return self._each(WORDS[key], values, " / ")

    def head(self, key: str) -> str:
        """A column heading: the two languages on two lines when bilingual."""
        return self._each(WORDS[key], {}, "\n")

    def channel(self, channel: str) -> str:
        if channel in HAND_TENDERS:
            return self.message(msg(f"tender.label.{channel}"))
        return self._each(CHANNELS[channel], {}, " / ")

    def attempt(self, status: str) -> str:
        texts = ATTEMPTS.get(status, (status.replace("_", " ").capitalize(),) * 2)
        return self._each(texts, {}, " / ")

    def treatment(self, treatment: str) -> str:
        return self._each(WORDS.get(treatment, (treatment, treatment)), {}, " / ")

    def message(self, message: Message | str) -> str:
        return in_each(self.language, lambda lang: render(message, locale_of(lang)))

    def paragraphs(self, message: Message) -> list[str]:
        """A long message once per language, a paragraph each."""
        return [render(message, locale_of(lang)) for lang in self.languages]

    def warning(self, problem: Message, lang: str) -> str:
        """"Attention : les paiements par heure totalisent …" in one of the report's languages."""
        return self._pick(WORDS["warning"], lang, {"problem": render(problem, locale_of(lang))})

    def sentence(self, key: str, lang: str, **values: str) -> str:
        """A sentence in one of the report's languages (its values already written in that language)."""
        return self._pick(WORDS[key], lang, values)

    def tax_label(self, name: str, rate: str) -> str:
        """"QST 9.975%" / « TVQ 9,975 % »; "TVQ 9,975 % / QST 9.975%" when bilingual."""
        parts = [f"{component_name(name, locale_of(lang))} {percent_label(rate, locale_of(lang))}" for lang in self.languages]
        return " / ".join(dict.fromkeys(parts))

    def sentences(self, key: str, **values: str) -> list[str]:
        """A long sentence once per language (a paragraph each), rather than joined on one line."""
        return [self._pick(WORDS[key], lang, values) for lang in self.languages]

    def money(self, cents: int) -> str:
        return format_cents(cents, self.locale)

    def title(self, report: EndOfDayReport) -> str:
        """"Fin de journée / End of day — 25 novembre 2026": the day once, in the first language."""
        return f"{self('title')} — {format_day(report.scope.day, self.locale)}"

    def subtitle(self, report: EndOfDayReport, business_name: str) -> str:
        return f"{business_name} — {self.message(report.scope.message())}"

"""Messages about the books: Stripe payouts matched to the desk's records, and the accounting export."""

from __future__ import annotations

from oncopos.domain.messages import Texts

TEXTS: dict[str, Texts] = {
    # --- payouts ----------------------------------------------------------------------------------
    "payout.line.charge_not_recorded": (
        "Stripe paid out {amount} for charge {source}, which no desk recorded. Run `oncopos reconcile` on every "
        "desk; if it stays unrecorded, find the payment in the Stripe Dashboard and record or refund it.",
        "Stripe a versé {amount} pour la charge {source}, qu’aucun poste n’a enregistrée. Lancez `oncopos "
        "reconcile` sur chaque poste; si elle reste absente, retrouvez le paiement dans le tableau de bord Stripe, "
        "puis enregistrez-le ou remboursez-le."),
    "payout.line.refund_not_recorded": (
        "Stripe took back {amount} for refund {source}, which no desk recorded (made in the Stripe Dashboard?). "
        "Record it so its credit note is issued, then match the payouts again.",
        "Stripe a repris {amount} pour le remboursement {source}, qu’aucun poste n’a enregistré (fait dans le "
        "tableau de bord Stripe ?). Enregistrez-le pour émettre sa note de crédit, puis rapprochez de nouveau les "
        "virements."),
    "payout.line.amount_differs": (
        "{document} is recorded as {recorded}, but Stripe's transaction for {source} is {stripe}. Correct the "
        "record or refund the difference.",
        "{document} est enregistré à {recorded}, mais la transaction Stripe de {source} est de {stripe}. Corrigez "
        "l’enregistrement ou remboursez la différence."),
    "payout.line.other": (
        "Stripe moved {amount} on its own ({type}, {id}): not a payment or a refund of the desk. Check it in the "
        "Stripe Dashboard and book it by hand.",
        "Stripe a déplacé {amount} de lui-même ({type}, {id}) : ni un paiement ni un remboursement du poste. "
        "Vérifiez-le dans le tableau de bord Stripe et comptabilisez-le à la main."),
    "payout.total_differs": (
        "The transactions of payout {payout} add up to {total}, but Stripe sent {amount} to the bank. Open the "
        "payout in the Stripe Dashboard before booking it.",
        "Les transactions du virement {payout} totalisent {total}, mais Stripe a versé {amount} à la banque. "
        "Ouvrez le virement dans le tableau de bord Stripe avant de le comptabiliser."),
    "payout.unpaid": (
        "{document} ({amount}, {source}) became available on {day} but is in no payout yet. Check the balance in "
        "the Stripe Dashboard: the payout may be late or the funds held.",
        "{document} ({amount}, {source}) est disponible depuis le {day}, mais ne figure dans aucun virement. "
        "Vérifiez le solde dans le tableau de bord Stripe : le virement est peut-être en retard ou les fonds "
        "retenus."),
    "payout.no_transaction": (
        "{document} ({amount}) is recorded as paid through Stripe, but Stripe has no balance transaction for "
        "{source}. Run `oncopos reconcile`, then check the payment in the Stripe Dashboard.",
        "{document} ({amount}) est enregistré comme payé par Stripe, mais Stripe n’a aucune transaction de solde "
        "pour {source}. Lancez `oncopos reconcile`, puis vérifiez le paiement dans le tableau de bord Stripe."),
    "books.period_backwards": (
        "The period ends ({end}) before it starts ({start}). Swap the two dates.",
        "La période se termine ({end}) avant de commencer ({start}). Inversez les deux dates."),
    "books.period_too_long": (
        "A period of {days} days is too long; choose at most {maximum} days (a year) at a time.",
        "Une période de {days} jours est trop longue; choisissez au plus {maximum} jours (un an) à la fois."),
    # --- the accounting export ------------------------------------------------------------------
    "books.entry.day": ("OncoPOS takings of {day}", "Encaissements OncoPOS du {day}"),
    "books.entry.payout": ("Stripe payout {payout} to the bank", "Virement Stripe {payout} vers la banque"),
    "books.line.tender.reader_card": ("Card payments on the reader", "Paiements par carte au terminal"),
    "books.line.tender.interac": ("Interac payments on the reader", "Paiements Interac au terminal"),
    "books.line.tender.hosted": ("Hosted page payments", "Paiements par page hébergée"),
    "books.line.tender.cash": ("Cash", "Argent comptant"),
    "books.line.tender.cheque": ("Cheques", "Chèques"),
    "books.line.tender.etransfer": ("Interac e-Transfers", "Virements Interac"),
    "books.line.cash_rounding": ("Cash rounded to the nearest 5 cents", "Arrondi de l’argent comptant aux 5 cents"),
    "books.line.revenue": ("{code} {course}", "{code} {course}"),
    "books.line.revenue_refunded": ("Refunds: {code} {course}", "Remboursements : {code} {course}"),
    "books.line.tax": ("{name} collected", "{name} perçue"),
    "books.line.tax_reversed": ("{name} reversed by credit notes", "{name} annulée par notes de crédit"),
    "books.line.deposit": ("Deposit of payout {payout}", "Dépôt du virement {payout}"),
    "books.line.fees": ("Stripe fees in payout {payout}", "Frais Stripe du virement {payout}"),
    "books.line.fee_tax": ("Tax on the Stripe fees in payout {payout}", "Taxes sur les frais Stripe du virement {payout}"),
    "books.line.cleared": ("Payments and refunds paid out in {payout}", "Paiements et remboursements versés par {payout}"),
    "books.line.adjustment": ("Stripe {type} {id}", "Stripe {type} {id}"),
    "books.mapping_role": (
        "ACCOUNT_MAPPING: '{part}' does not name an account role. Write role=CODE Account name, with one of: "
        "{roles}.",
        "ACCOUNT_MAPPING : « {part} » ne désigne aucun rôle de compte. Écrivez rôle=CODE Nom du compte, avec l’un "
        "de : {roles}."),
    "books.mapping_value": (
        "ACCOUNT_MAPPING: {role} needs an account code and a name, e.g. {role}=4000 Tuition revenue.",
        "ACCOUNT_MAPPING : {role} demande un code et un nom de compte, p. ex. {role}=4000 Revenus de scolarité."),
    "books.unknown_tax": (
        "{document} carries a tax named {name}, which has no account in the journal. Ask for the tax table to be "
        "checked.",
        "{document} porte une taxe nommée {name}, qui n’a aucun compte dans le journal. Faites vérifier la table "
        "des taxes."),
    "books.unbalanced": (
        "Journal entry {number} does not balance (debits {debits}, credits {credits}); nothing was written.",
        "L’écriture {number} n’est pas équilibrée (débits {debits}, crédits {credits}); rien n’a été écrit."),
    "books.sage_code": (
        "Sage 50 needs a four-digit account number for {role}, not '{code}'. Set it in ACCOUNT_MAPPING "
        "(e.g. {role}=4000 Tuition revenue).",
        "Sage 50 exige un numéro de compte à quatre chiffres pour {role}, pas « {code} ». Réglez-le dans "
        "ACCOUNT_MAPPING (p. ex. {role}=4000 Revenus de scolarité)."),
    "books.xero_too_long": (
        "The Xero file would have {lines} lines; Xero imports at most {maximum} lines per file. Export a shorter "
        "period (half the month, for instance).",
        "Le fichier Xero aurait {lines} lignes; Xero en importe au plus {maximum} par fichier. Exportez une "
        "période plus courte (la moitié du mois, par exemple)."),
    "books.unknown_format": (
        "Unknown accounting format '{name}'. Choose one of: {formats}.",
        "Format comptable inconnu : « {name} ». Choisissez parmi : {formats}."),
    "payouts.progress.list": ("Reading the payouts…", "Lecture des virements…"),
    "payouts.progress.payout": ("Reading payout {n} of {total}…", "Lecture du virement {n} sur {total}…"),
    "payouts.progress.transactions": ("Reading the period's balance transactions…",
                                      "Lecture des transactions de solde de la période…"),
    "payouts.progress.done": ("Done", "Terminé"),
    # Each tax by its name in the reader's language (OQLF: TPS, TVH, TVQ, TVP, TVD).
    "books.tax.GST": ("GST", "TPS"),
    "books.tax.HST": ("HST", "TVH"),
    "books.tax.QST": ("QST", "TVQ"),
    "books.tax.PST": ("PST", "TVP"),
    "books.tax.RST": ("RST", "TVD"),
}

"""Messages of the day's report: its words (on the PDF and in the text export), its cross-checks, the amounts
Stripe collected differently from the quote, and what end-of-day matching found between the desks' records and Stripe."""

from __future__ import annotations

from oncopos.domain.messages import Texts

#: The end-of-day report's words (eod.word.*): its headings, columns and sentences, on the PDF and in the text
#: export alike.
REPORT_WORDS: dict[str, Texts] = {
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
    "in_out": ("In - out", "Entrées - décaissements"),
    "expected": ("Expected", "Attendu"),
    "counted": ("Counted", "Compté"),
    "over_short": ("Over/short", "Écart"),
    "open": ("open", "ouvert"),
    "approved_by": ("approved by", "approuvé par"),
    "drawer_moves": ("Cash put in and taken out of the drawers", "Argent entré dans les tiroirs et sorti"),
    "cash_in": ("Cash in", "Entrée"),
    "paid_out": ("Paid out", "Décaissement"),
    "cash_refund": ("Cash refund", "Remboursement en argent comptant"),
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
    # The text export (a terminal, a scheduled email): its sections and lines.
    "title_line": ("End of day {day} — {scope}", "Fin de journée du {day} — {scope}"),
    "closed_text": ("Closed on {at} by {by} (PDF SHA-256 {sha}…).", "Clôturée le {at} par {by} (PDF SHA-256 {sha}…)."),
    "none": ("(none)", "(aucun)"),
    "drawers_text": ("Cash drawers (float + cash payments + cash in - paid out - cash refunds = expected)",
                     "Tiroirs-caisses (fonds de caisse + paiements en argent comptant + entrées - décaissements - "
                     "remboursements en argent comptant = attendu)"),
    "no_drawer": ("(no drawer opened)", "(aucun tiroir ouvert)"),
    "drawer_text": ("{desk} ({status}, opened by {who})", "{desk} ({status}, ouvert par {who})"),
    "closed": ("closed", "fermé"),
    "cash_payments_text": ("Cash payments (after rounding)", "Paiements en argent comptant (après arrondi)"),
    "cash_refunds": ("Cash refunds", "Remboursements en argent comptant"),
    "move_text": ("{time} {kind}, {staff}: {reason}", "{time} {kind}, {staff} : {reason}"),
    "not_counted": ("WARNING: not counted yet; the day cannot close until this drawer is closed.",
                    "ATTENTION : pas encore compté ; la journée ne peut pas être clôturée avant la fermeture de ce "
                    "tiroir."),
    "over_text": ("Over (approved by {who}: {reason})", "Excédent (approuvé par {who} : {reason})"),
    "short_text": ("Short (approved by {who}: {reason})", "Manque (approuvé par {who} : {reason})"),
    "with_tax": ("{method} (tax {tax})", "{method} (taxes {tax})"),
    "with_refunds": ("{party} (refunds {refunded})", "{party} (remboursements {refunded})"),
    "tax_text": ("Tax by component (collected - reversed = net)", "Taxes par composante (perçu - annulé = net)"),
    "net_tax": ("Net tax", "Taxes nettes"),
    "sales_text": ("Sales before tax (invoiced - credited = net)", "Ventes avant taxes (facturé - crédité = net)"),
    "warning_text": ("WARNING: {problem}", "ATTENTION : {problem}"),
    "no_invoice": ("(no invoice)", "(sans facture)"),
}

#: The channels that are not tenders taken by hand (those are tender.label.*).
REPORT_CHANNELS: dict[str, Texts] = {
    "reader_card": ("Reader card", "Carte sur le lecteur"),
    "interac": ("Interac (reader)", "Interac (lecteur)"),
    "hosted": ("Hosted page", "Page de paiement"),
}

#: An attempt's status, and an overpayment's, as the report and the window name them.
REPORT_STATUSES: dict[str, Texts] = {
    "failed": ("Failed", "Refusé"),
    "cancelled": ("Cancelled", "Annulé"),
    "expired": ("Expired", "Expiré"),
    "in_flight": ("Still in progress", "Encore en cours"),
    # An overpayment's state (OverpaymentLine.status, the flag's: open until settled, then resolved).
    "open": ("To settle", "À régler"),
    "resolved": ("Settled", "Réglé"),
}

TEXTS: dict[str, Texts] = {
    **{f"eod.word.{key}": texts for key, texts in REPORT_WORDS.items()},
    **{f"eod.channel.{key}": texts for key, texts in REPORT_CHANNELS.items()},
    **{f"eod.state.{key}": texts for key, texts in REPORT_STATUSES.items()},
    # What the progress dialog says while the report is added up and the day matched with Stripe.
    "eod.part.attempts": ("unfinished attempts", "tentatives inachevées"),
    "eod.part.overpayments": ("overpayments", "trop-perçus"),
    "eod.part.payments": ("list of payments", "liste des paiements"),
    "eod.part.refund_rows": ("list of refunds", "liste des remboursements"),
    "eod.part.amount_flags": ("amounts Stripe collected differently", "montants perçus autrement par Stripe"),
    "eod.progress.done": ("Done", "Terminé"),
    "match.progress.intent": ("Reading PaymentIntent {n} of {total}…", "Lecture du PaymentIntent {n} sur {total}…"),
    "match.progress.fees": ("Reading balance transactions (fees)…", "Lecture des opérations du solde (frais)…"),
    "match.progress.refunds": ("Reading refunds made in Stripe…", "Lecture des remboursements faits dans Stripe…"),
    "eod.check.by_part": ("payments by {part} add up to {sum}, not {collected}",
                          "les paiements par {part} totalisent {sum}, et non {collected}"),
    "eod.check.part.hour": ("hour", "heure"),
    "eod.check.part.workstation": ("workstation", "poste"),
    "eod.check.part.staff": ("staff member", "membre du personnel"),
    "eod.check.list": ("the list of payments does not add up to the total collected",
                       "la liste des paiements ne totalise pas le montant perçu"),
    "eod.check.cash": ("cash payments add up to {cash} but the drawers took {taken} for payments",
                       "les paiements au comptant totalisent {cash}, mais les tiroirs-caisses ont reçu {taken} pour "
                       "des paiements"),
    "eod.check.drawer": ("the drawer of {desk} was counted at {counted} of takings, not the {recorded} recorded",
                         "le tiroir-caisse du poste {desk} a été compté à {counted} de recettes, et non aux {recorded} "
                         "enregistrés"),
    "eod.amount_flag": ("Payment {payment} on desk {desk}: quoted {quoted}, Stripe collected {received} (PaymentIntent "
                        "{intent}). No invoice was issued: a manager must check it with the Stripe Dashboard, then "
                        "refund the difference or correct the record.",
                        "Paiement {payment} au poste {desk} : montant établi {quoted}, perçu par Stripe {received} "
                        "(PaymentIntent {intent}). Aucune facture n’a été émise : un gestionnaire doit le vérifier "
                        "dans le tableau de bord Stripe, puis rembourser la différence ou corriger le dossier."),
    "payment.amount_flag": ("Stripe collected {received}, but {quoted} was quoted. No invoice was issued and no receipt "
                            "sent: ask a manager to check this payment.",
                            "Stripe a perçu {received}, mais le montant établi était de {quoted}. Aucune facture n’a "
                            "été émise et aucun reçu envoyé : demandez à un gestionnaire de vérifier ce paiement."),
    "match.other_payment": ("Payment {payment} points to PaymentIntent {intent}, which Stripe says belongs to payment "
                            "{other}. Check both payments with the Stripe Dashboard before refunding either.",
                            "Le paiement {payment} renvoie au PaymentIntent {intent}, qui appartient selon Stripe au "
                            "paiement {other}. Vérifiez les deux paiements dans le tableau de bord Stripe avant de "
                            "rembourser l’un ou l’autre."),
    "match.unknown_to_stripe": ("unknown to Stripe", "inconnu de Stripe"),
    "match.none": ("none", "aucun"),
    "match.payment_not_in_stripe": (
        "Payment {payment} ({amount}) is recorded as paid, but Stripe has no settled charge for it (PaymentIntent "
        "{intent}: {state}). Run `oncopos reconcile`, then check the payment in the Stripe Dashboard before giving a "
        "receipt.",
        "Le paiement {payment} ({amount}) est enregistré comme payé, mais Stripe n’a aucun débit réglé pour lui "
        "(PaymentIntent {intent} : {state}). Lancez `oncopos reconcile`, puis vérifiez le paiement dans le tableau de "
        "bord Stripe avant de remettre un reçu."),
    "match.payment_amount": (
        "Payment {payment} is recorded as {recorded} but Stripe collected {collected} (charge {charge}). Correct the "
        "record or refund the difference.",
        "Le paiement {payment} est enregistré à {recorded}, mais Stripe a perçu {collected} (débit {charge}). Corrigez "
        "le dossier ou remboursez la différence."),
    "match.refund_not_in_stripe": (
        "Refund {refund} ({amount}) is recorded, but Stripe has no refund {stripe_refund}. The student may not have "
        "their money back: check the refund in the Stripe Dashboard.",
        "Le remboursement {refund} ({amount}) est enregistré, mais Stripe n’a aucun remboursement {stripe_refund}. "
        "L’étudiant n’a peut-être pas été remboursé : vérifiez le remboursement dans le tableau de bord Stripe."),
    "match.no_stripe_id": ("(no Stripe id)", "(sans identifiant Stripe)"),
    "match.refund_amount": (
        "Refund {refund} is recorded as {recorded} but Stripe refunded {refunded}. Issue a credit note for the "
        "difference or correct the record.",
        "Le remboursement {refund} est enregistré à {recorded}, mais Stripe a remboursé {refunded}. Émettez une note "
        "de crédit pour la différence ou corrigez le dossier."),
    "match.uncaptured": (
        "PaymentIntent {intent} ({amount}) is authorised but not captured, so no money was collected. Cancel it (the "
        "authorisation expires in 2 days) or finish the payment at the desk.",
        "Le PaymentIntent {intent} ({amount}) est autorisé mais non saisi : aucun argent n’a été perçu. Annulez-le "
        "(l’autorisation expire dans 2 jours) ou terminez le paiement au poste."),
    "match.collected_not_recorded": (
        "Stripe collected {amount} on PaymentIntent {intent}, but the desk still shows the payment as {status}. Run "
        "`oncopos reconcile` on that desk to record it and issue its invoice.",
        "Stripe a perçu {amount} sur le PaymentIntent {intent}, mais le poste affiche toujours le paiement comme "
        "{status}. Lancez `oncopos reconcile` sur ce poste pour l’enregistrer et émettre sa facture."),
    "match.unknown_intent": ("an unknown PaymentIntent", "un PaymentIntent inconnu"),
    "match.dashboard_refund": (
        "Refund {refund} of {amount} (PaymentIntent {intent}) was made in Stripe, e.g. in the Dashboard, and is not "
        "recorded at any desk. Record it so its credit note is issued (the refund sweep lists Dashboard refunds), then "
        "reconcile again.",
        "Le remboursement {refund} de {amount} (PaymentIntent {intent}) a été fait dans Stripe, p. ex. dans le tableau "
        "de bord, et n’est enregistré à aucun poste. Enregistrez-le pour que sa note de crédit soit émise (le relevé "
        "des remboursements liste ceux du tableau de bord), puis relancez le rapprochement."),
    "match.charge_not_recorded": (
        "Stripe collected {amount} (charge {charge}) that no desk recorded. Run `oncopos reconcile` on every desk; if "
        "it stays unrecorded, find the payment in the Stripe Dashboard and record or refund it.",
        "Stripe a perçu {amount} (débit {charge}) qu’aucun poste n’a enregistré. Lancez `oncopos reconcile` sur chaque "
        "poste ; s’il reste non enregistré, trouvez le paiement dans le tableau de bord Stripe et enregistrez-le ou "
        "remboursez-le."),
}

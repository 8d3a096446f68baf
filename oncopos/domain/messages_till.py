"""Messages about money taken by hand and the cash drawer: tenders (cash, cheque, Interac e-Transfer),
split payments, returned payments, the till's float, counts and pay-outs."""

from __future__ import annotations

from oncopos.domain.messages import Texts

TEXTS: dict[str, Texts] = {
    "tender.card_first": ("Charge the card part first; the other parts are recorded once it is paid.",
                          "Débitez d’abord la partie par carte ; les autres parties sont enregistrées une fois "
                          "celle-ci payée."),
    "tender.card_not_paid": ("The card part was not paid for this amount and enrollment, so the other parts were not"
                             " recorded. Check the payment history before taking them.",
                             "La partie par carte n’a pas été payée pour ce montant et cette inscription : les "
                             "autres parties n’ont pas été enregistrées. Consultez l’historique des paiements avant "
                             "de les prendre."),
    "tender.cash_given": ("Enter the cash the student handed over (an amount of $0.00 or more).",
                          "Entrez l’argent comptant remis par l’étudiant (un montant de 0,00 $ ou plus)."),
    "tender.cash_short": ("The student handed over {tendered_cents}, less than the {due} due in cash. Nothing was "
                          "recorded; take at least {due} or lower the amount paid.",
                          "L’étudiant a remis {tendered_cents}, moins que les {due} dus au comptant. Rien n’a été "
                          "enregistré ; prenez au moins {due} ou réduisez le montant payé."),
    "tender.cheque_bank": ("Enter the bank the cheque is drawn on (e.g. RBC, Desjardins). Nothing was recorded.",
                           "Entrez la banque sur laquelle le chèque est tiré (p. ex. RBC, Desjardins). Rien n’a été "
                           "enregistré."),
    "tender.cheque_date": ("Enter the date written on the cheque. Nothing was recorded.",
                           "Entrez la date inscrite sur le chèque. Rien n’a été enregistré."),
    "tender.cheque_number": ("Enter the cheque's number (printed at the top right). Nothing was recorded.",
                             "Entrez le numéro du chèque (imprimé en haut à droite). Rien n’a été enregistré."),
    "tender.cheque_number_long": ("A cheque number is up to {max_reference} letters and digits; check what was "
                                  "typed. Nothing was recorded.",
                                  "Un numéro de chèque compte au plus {max_reference} lettres et chiffres ; vérifiez"
                                  " la saisie. Rien n’a été enregistré."),
    "tender.cheque_postdated": ("The cheque is post-dated ({dated}); a post-dated cheque cannot be recorded as paid "
                                "today. Nothing was recorded.",
                                "Le chèque est postdaté ({dated}) ; un chèque postdaté ne peut pas être enregistré "
                                "comme payé aujourd’hui. Rien n’a été enregistré."),
    "tender.choose": ("Choose how the student pays (cash, cheque or e-Transfer). Nothing was recorded.",
                      "Choisissez comment l’étudiant paie (comptant, chèque ou virement Interac). Rien n’a été "
                      "enregistré."),
    "tender.code_confirm_first": ("This desk asks for the student's one-time code for {tender} payments. Confirm the"
                                  " code the student reads back, then record the payment.",
                                  "Ce poste exige le code à usage unique de l’étudiant pour les paiements "
                                  "({tender}). Confirmez le code que l’étudiant vous lit, puis enregistrez le "
                                  "paiement."),
    "tender.code_send_first": ("This desk asks for the student's one-time code for {tender} payments: send the code "
                               "first, then record the payment.",
                               "Ce poste exige le code à usage unique de l’étudiant pour les paiements ({tender}) : "
                               "envoyez d’abord le code, puis enregistrez le paiement."),
    "tender.code_split": ("This desk asks for the student's one-time code for {needing}; take those parts one at a "
                          "time through the payment window. Nothing was recorded.",
                          "Ce poste exige le code à usage unique de l’étudiant pour : {needing} ; prenez ces parties"
                          " une à une dans la fenêtre de paiement. Rien n’a été enregistré."),
    "tender.drawer_closed_cash": ("This desk's cash drawer is not open, so cash cannot be taken. Open the drawer "
                                  "with its float (Till window), then take the payment. Nothing was recorded.",
                                  "Le tiroir-caisse de ce poste n’est pas ouvert : l’argent comptant ne peut pas "
                                  "être accepté. Ouvrez le tiroir avec son fonds de caisse (fenêtre Caisse), puis "
                                  "prenez le paiement. Rien n’a été enregistré."),
    "tender.etransfer_reference": ("Enter the e-Transfer's reference number, as the bank shows it. Nothing was "
                                   "recorded.",
                                   "Entrez le numéro de référence du virement Interac, tel que la banque l’affiche. "
                                   "Rien n’a été enregistré."),
    "tender.etransfer_reference_long": ("An e-Transfer reference is up to {max_reference} letters and digits; check "
                                        "what was typed. Nothing was recorded.",
                                        "Une référence de virement Interac compte au plus {max_reference} lettres et"
                                        " chiffres ; vérifiez la saisie. Rien n’a été enregistré."),
    "tender.etransfer_reference_used": ("This e-Transfer reference is already recorded for another payment; one "
                                        "transfer pays once. Nothing was recorded; check the reference in the bank's"
                                        " notice.",
                                        "Cette référence de virement Interac est déjà enregistrée pour un autre "
                                        "paiement ; un virement ne paie qu’une fois. Rien n’a été enregistré ; "
                                        "vérifiez la référence dans l’avis de la banque."),
    "tender.etransfer_sender": ("Enter who sent the e-Transfer (the name or email the bank shows). Nothing was "
                                "recorded.",
                                "Entrez qui a envoyé le virement Interac (le nom ou le courriel que la banque "
                                "affiche). Rien n’a été enregistré."),
    "tender.etransfer_used": ("The e-Transfer reference {reference} is already recorded for another payment; one "
                              "transfer pays once. Nothing was recorded; check the reference in the bank's notice.",
                              "La référence de virement Interac {reference} est déjà enregistrée pour un autre "
                              "paiement ; un virement ne paie qu’une fois. Rien n’a été enregistré ; vérifiez la "
                              "référence dans l’avis de la banque."),
    "tender.name.cash": ("cash",
                         "argent comptant"),
    "tender.name.cheque": ("cheque",
                           "chèque"),
    "tender.name.etransfer": ("e-Transfer",
                              "virement Interac"),
    "tender.name.hosted": ("hosted page",
                           "page de paiement"),
    "tender.name.reader": ("card reader",
                           "lecteur de cartes"),
    # A tender taken by hand as a heading or a line names it, on the invoice, the receipt, the end-of-day
    # report and the window alike (inside a sentence: tender.name.*).
    "tender.label.cash": ("Cash", "Argent comptant"),
    "tender.label.cheque": ("Cheque", "Chèque"),
    "tender.label.etransfer": ("Interac e-Transfer", "Virement Interac"),
    "tender.no_card_part": ("This split has no card part; nothing was recorded.",
                            "Ce partage n’a pas de partie par carte ; rien n’a été enregistré."),
    "tender.nothing_recorded_because": ("Nothing was recorded. {refused}",
                                        "Rien n’a été enregistré. {refused}"),
    "tender.one_stripe_part": ("Only one part of a split can go through the card reader or the hosted page. Nothing "
                               "was recorded.",
                               "Une seule partie d’un partage peut passer par le lecteur de cartes ou la page de "
                               "paiement. Rien n’a été enregistré."),
    "tender.part_no_details": ("The {tender} part has no {tender} details. Nothing was recorded.",
                               "La partie {tender} n’a pas ses détails. Rien n’a été enregistré."),
    "tender.part_positive": ("Every part of a split payment must be more than $0.00. Nothing was recorded.",
                             "Chaque partie d’un paiement partagé doit dépasser 0,00 $. Rien n’a été enregistré."),
    "tender.parts_missing": ("{difference} missing",
                             "{difference} manquant"),
    "tender.parts_sum": ("The parts add up to {added}, not the {total_cents} being paid ({gap}). Nothing was "
                         "recorded; correct the parts.",
                         "Les parties totalisent {added}, et non les {total_cents} à payer ({gap}). Rien n’a été "
                         "enregistré ; corrigez les parties."),
    "tender.parts_too_much": ("{difference} too much",
                              "{difference} de trop"),
    "tender.return_already": ("This payment ({method}) was already reversed or refunded in full; nothing remains to "
                              "take back.",
                              "Ce paiement ({method}) a déjà été contrepassé ou remboursé en entier ; il ne reste "
                              "rien à reprendre."),
    "tender.return_credit_note": ("{number} is a credit note; enter the number of the payment's invoice.",
                                  "{number} est une note de crédit ; entrez le numéro de la facture du paiement."),
    "tender.return_not_bank": ("Invoice {number} was not paid by cheque or Interac e-Transfer, so the bank cannot "
                               "return it; refund it instead.",
                               "La facture {number} n’a pas été payée par chèque ni par virement Interac : la banque"
                               " ne peut pas la retourner. Remboursez-la plutôt."),
    "tender.return_not_received": ("This payment is {status}: nothing was received, so nothing can be returned.",
                                   "Ce paiement est {status} : rien n’a été reçu, donc rien ne peut être retourné."),
    "tender.return_number": ("Enter the invoice number of the returned payment (for example DESK1-000123).",
                             "Entrez le numéro de facture du paiement retourné (par exemple DESK1-000123)."),
    "tender.return_only_bank": ("Only a cheque or an Interac e-Transfer can be returned by the bank; refund a card "
                                "or cash payment instead.",
                                "Seul un chèque ou un virement Interac peut être retourné par la banque ; remboursez"
                                " plutôt un paiement par carte ou au comptant."),
    "tender.split_already_recorded": ("The other parts of this split were already recorded with its card part; "
                                      "nothing was recorded twice. Check the payment history.",
                                      "Les autres parties de ce partage ont déjà été enregistrées avec sa partie "
                                      "par carte ; rien n’a été enregistré deux fois. Consultez l’historique des "
                                      "paiements."),
    "tender.split_two": ("A split payment has at least two parts; take a single payment instead.",
                         "Un paiement partagé a au moins deux parties ; prenez plutôt un paiement unique."),
    "tender.what_bank_reason": ("the bank's reason, e.g. NSF", "le motif de la banque, p. ex. provision insuffisante"),
    "tender.unknown": ("Unknown tender {unknown}: use any of {tender_list}.",
                       "Mode de paiement inconnu {unknown} : utilisez {tender_list}."),
    "till.balances": ("The drawer balances.", "Le tiroir est juste."),
    "till.over": ("The drawer is {amount} over.", "Le tiroir a un surplus de {amount}."),
    "till.short": ("The drawer is {amount} short.", "Il manque {amount} dans le tiroir."),
    "till.what_over": ("the drawer is {amount} over", "le tiroir a un surplus de {amount}"),
    "till.what_short": ("the drawer is {amount} short", "il manque {amount} dans le tiroir"),
    "till.what_float": ("the opening float", "le fonds de caisse d’ouverture"),
    "till.what_cash_in": ("the cash put in", "l’argent ajouté"),
    "till.what_paid_out": ("the amount paid out", "le montant sorti"),
    "till.what_cash_for": ("what the cash is for", "à quoi sert cet argent"),
    "till.what_cash_from": ("where the cash came from", "d’où vient cet argent"),
    "till.already_closed": ("This drawer was already closed by {closed_by_name}. Open the end-of-day report to read "
                            "its count.",
                            "Ce tiroir a déjà été fermé par {closed_by_name}. Ouvrez le rapport de fin de journée "
                            "pour lire son compte."),
    "till.already_today": ("This desk's drawer was already opened and closed on {day}; a desk has one drawer session"
                           " a day. Nothing was recorded.",
                           "Le tiroir de ce poste a déjà été ouvert et fermé le {day} ; un poste a une session de "
                           "tiroir par jour. Rien n’a été enregistré."),
    "till.drawers_open": ("The cash drawer of {desks} is still open. Count and close it in the Till window, then "
                          "close the day.",
                          "Le tiroir-caisse de {desks} est encore ouvert. Comptez-le et fermez-le dans la fenêtre "
                          "Caisse, puis clôturez la journée."),
    "till.enter_amount": ("Enter {what} ({than}). Nothing was recorded.",
                          "Entrez {what} ({than}). Rien n’a été enregistré."),
    "till.float_too_high": ("A float of {float_cents} is more than the {max_float_cents} a drawer starts with; check"
                            " the amount. Nothing was recorded.",
                            "Un fonds de caisse de {float_cents} dépasse les {max_float_cents} avec lesquels un "
                            "tiroir commence ; vérifiez le montant. Rien n’a été enregistré."),
    "till.more_than_zero": ("more than $0.00",
                            "plus de 0,00 $"),
    "till.negative_count": ("The count of {denomination} is negative ({number}); a drawer cannot hold fewer than "
                            "none. Nothing was recorded; count again.",
                            "Le compte de {denomination} est négatif ({number}) ; un tiroir ne peut pas en contenir "
                            "moins que zéro. Rien n’a été enregistré ; comptez de nouveau."),
    "till.not_denomination": ("{denomination} is not a Canadian note or coin in circulation; count only $100, $50, "
                              "$20, $10 and $5 notes and $2, $1, 50¢, 25¢, 10¢ and 5¢ coins. Nothing was recorded.",
                              "{denomination} n’est pas un billet ni une pièce canadienne en circulation ; comptez "
                              "seulement les billets de 100 $, 50 $, 20 $, 10 $ et 5 $ et les pièces de 2 $, 1 $, 50"
                              " ¢, 25 ¢, 10 ¢ et 5 ¢. Rien n’a été enregistré."),
    "till.not_open": ("This desk's cash drawer is not open. Open it with its float first; nothing was recorded.",
                      "Le tiroir-caisse de ce poste n’est pas ouvert. Ouvrez-le d’abord avec son fonds de caisse ; "
                      "rien n’a été enregistré."),
    "till.opened_today": ("This desk's drawer was already opened today; a desk has one drawer session a day. Open "
                          "the till window to continue with it.",
                          "Le tiroir de ce poste a déjà été ouvert aujourd’hui ; un poste a une session de tiroir "
                          "par jour. Ouvrez la fenêtre Caisse pour la poursuivre."),
    "till.other_desk": ("This drawer belongs to desk {workstation_id}; it is counted and closed there.",
                        "Ce tiroir appartient au poste {workstation_id} ; il est compté et fermé là-bas."),
    "till.payout_too_high": ("The drawer should hold only {held}, so {amount_cents} cannot be paid out of it. "
                             "Nothing was recorded.",
                             "Le tiroir ne devrait contenir que {held} : {amount_cents} ne peuvent pas en être "
                             "sortis. Rien n’a été enregistré."),
    "till.previous_open": ("This desk's drawer of {business_date} is still open. Count and close it first; nothing "
                           "was recorded.",
                           "Le tiroir de ce poste du {business_date} est encore ouvert. Comptez-le et fermez-le "
                           "d’abord ; rien n’a été enregistré."),
    "till.reason_long": ("Keep the reason under {max_reason} characters. Nothing was recorded.",
                         "Gardez le motif sous {max_reason} caractères. Rien n’a été enregistré."),
    "till.say_why": ("Say in a few words why ({what}); it goes in the audit trail. Nothing was recorded.",
                     "Précisez en quelques mots pourquoi ({what}) ; le motif est inscrit au journal d’audit. Rien "
                     "n’a été enregistré."),
    "till.session_gone": ("This cash drawer session is not on this desk's records. Open the till window again.",
                          "Cette session de tiroir-caisse ne figure pas dans les dossiers de ce poste. Rouvrez la "
                          "fenêtre Caisse."),
    "till.whole_count": ("Count the {denomination} as a whole number. Nothing was recorded.",
                         "Comptez les {denomination} en nombre entier. Rien n’a été enregistré."),
    "till.zero_or_more": ("$0.00 or more",
                          "0,00 $ ou plus"),
}

"""Messages about money moving: a payment's steps and outcomes, refunds, invoices, the end of day."""

from __future__ import annotations

from oncopos.domain.messages import Texts

#: A payment's status as the window and the history name it.
PAYMENT_STATUSES: dict[str, Texts] = {
    "quoted": ("Quoted", "Montant établi"),
    "code_sent": ("Code sent", "Code envoyé"),
    "confirmed": ("Code confirmed", "Code confirmé"),
    "processing": ("In progress", "En cours"),
    "succeeded": ("Paid", "Payé"),
    "failed": ("Not paid", "Non payé"),
    "cancelled": ("Cancelled", "Annulé"),
    "expired": ("Expired", "Expiré"),
}

#: The steps of a payment's journal, as its history reads them.
PAYMENT_STEPS: dict[str, Texts] = {
    "quoted": ("Amount and tax set", "Montant et taxes établis"),
    "code_sent": ("One-time code emailed", "Code à usage unique envoyé par courriel"),
    "code_confirmed": ("One-time code confirmed", "Code à usage unique confirmé"),
    "balance_checked": ("Balance checked", "Solde vérifié"),
    "charge_requested": ("Charge requested", "Débit demandé"),
    "charge_started": ("Stripe has the payment", "Stripe a reçu le paiement"),
    "sent_to_reader": ("Sent to the card reader", "Envoyé au lecteur de cartes"),
    "not_sent": ("Not sent to the reader", "Non envoyé au lecteur"),
    "declined": ("Card declined", "Carte refusée"),
    "retried": ("Tried again", "Nouvel essai"),
    "cancel_requested": ("Cancellation asked", "Annulation demandée"),
    "recovered": ("Found again at Stripe", "Retrouvé chez Stripe"),
    "succeeded": ("Paid", "Payé"),
    "closed": ("Closed", "Fermé"),
    "invoice_issued": ("Invoice issued", "Facture émise"),
    "invoice_pending": ("Invoice still to issue", "Facture à émettre"),
    "emails_queued": ("Emails queued", "Courriels mis en file"),
    "methods_dropped": ("Payment methods dropped by Stripe", "Modes de paiement retirés par Stripe"),
    "amount_differs": ("Amount collected differs", "Montant perçu différent"),
    "link_emailed": ("Payment link emailed", "Lien de paiement envoyé par courriel"),
    "tender_recorded": ("Tender recorded at the desk", "Mode de paiement enregistré au comptoir"),
    "plan_reminder": ("Sent in an instalment reminder", "Envoyé dans un rappel de versement"),
}

REFUND_STATUSES: dict[str, Texts] = {
    "pending": ("Pending", "En attente"),
    "processing": ("In progress", "En cours"),
    "succeeded": ("Refunded", "Remboursé"),
    "failed": ("Not refunded", "Non remboursé"),
    "cancelled": ("Cancelled", "Annulé"),
    "requires_action": ("Waiting for the card", "En attente de la carte"),
}

#: The refund steps a payment's journal holds (domain/refund.py RefundStep), as its history reads them.
REFUND_STEPS: dict[str, Texts] = {
    "refund_requested": ("Refund requested", "Remboursement demandé"),
    "refund_on_reader": ("Refund waiting for the card", "Remboursement en attente de la carte"),
    "refund_cancel_requested": ("Refund cancellation asked", "Annulation du remboursement demandée"),
    "refund_recovered": ("Refund found again at Stripe", "Remboursement retrouvé chez Stripe"),
    "refund_pending_at_stripe": ("Refund pending at Stripe", "Remboursement en attente chez Stripe"),
    "refund_unanswered": ("Stripe did not answer the refund", "Stripe n’a pas répondu au remboursement"),
    "refund_succeeded": REFUND_STATUSES["succeeded"],
    "refund_failed": REFUND_STATUSES["failed"],
    "refund_emails_queued": ("Refund emails queued", "Courriels du remboursement mis en file"),
    "dashboard_refund_found": ("Refund made in the Stripe Dashboard", "Remboursement fait dans le tableau de bord Stripe"),
    "refund_credit_note": ("Credit note issued for a refund", "Note de crédit émise pour un remboursement"),
    "tender_returned": ("Cheque or e-Transfer returned by the bank", "Chèque ou virement Interac retourné par la banque"),
    "refund_cash_paid_out": ("Refund paid out of the drawer", "Remboursement sorti du tiroir-caisse"),
    "refund_bank_sent": ("Refund sent by cheque or e-Transfer", "Remboursement envoyé par chèque ou virement Interac"),
}

#: Why a refund is made, as the refund dialog lists them and the credit note prints them.
REFUND_REASONS: dict[str, Texts] = {
    "requested_by_customer": ("Requested by the student", "À la demande de l’étudiant"),
    "withdrawal": ("Withdrawal from the course", "Abandon du cours"),
    "wrong_amount": ("Wrong amount charged", "Mauvais montant débité"),
    "course_cancelled": ("Course cancelled by the school", "Cours annulé par l’école"),
    "duplicate": ("Duplicate payment", "Paiement en double"),
    "fraudulent": ("Fraudulent payment", "Paiement frauduleux"),
    "other": ("Other (say why)", "Autre (précisez)"),
}

TEXTS: dict[str, Texts] = {
    **{f"refund.reason.{key}": texts for key, texts in REFUND_REASONS.items()},
    **{f"payment.status.{key}": texts for key, texts in PAYMENT_STATUSES.items()},
    # The same, inside a sentence ("This payment is code sent ...").
    **{f"payment.state.{key}": (key.replace("_", " "), fr.lower()) for key, (_en, fr) in PAYMENT_STATUSES.items()},
    **{f"refund.state.{key}": (key.replace("_", " "), fr.lower()) for key, (_en, fr) in REFUND_STATUSES.items()},
    **{f"payment.step.{key}": texts for key, texts in PAYMENT_STEPS.items()},
    **{f"payment.step.{key}": texts for key, texts in REFUND_STEPS.items()},
    **{f"refund.status.{key}": texts for key, texts in REFUND_STATUSES.items()},
    # --- a payment's outcome, as stored with it and shown on the result page ------------------
    "payment.not_paid": ("Not paid: {reason}", "Non payé : {reason}"),
    "payment.cancelled": ("The payment was cancelled. Nothing was charged.",
                          "Le paiement a été annulé. Aucun montant n’a été prélevé."),
    "payment.declined_retry": ("The card was declined. Ask for another card, then Retry.",
                               "La carte a été refusée. Demandez une autre carte, puis réessayez."),
    "payment.declined_short": ("The card was declined.", "La carte a été refusée."),
    "payment.reader_stopped": ("The reader stopped the payment. Retry or cancel.",
                               "Le lecteur a arrêté le paiement. Réessayez ou annulez."),
    "payment.cancelled_on_reader": ("The payment was cancelled on the reader.", "Le paiement a été annulé sur le lecteur."),
    "payment.link_expired": ("The payment link expired before it was used. Nothing was charged; start a new payment.",
                             "Le lien de paiement a expiré avant d’être utilisé. Aucun montant n’a été prélevé; "
                             "commencez un nouveau paiement."),
    "payment.cancelled_before_charge": ("Cancelled before any charge. Nothing was charged.",
                                        "Annulé avant tout débit. Aucun montant n’a été prélevé."),
    "payment.cancelled_before_link": ("Cancelled before the link was made. Nothing was charged.",
                                      "Annulé avant la création du lien. Aucun montant n’a été prélevé."),
    "payment.link_cancelled": ("The payment link was cancelled. Nothing was charged.",
                               "Le lien de paiement a été annulé. Aucun montant n’a été prélevé."),
    "payment.cancelled_before_reader": ("Cancelled before the reader got the payment. Nothing was charged.",
                                        "Annulé avant que le lecteur reçoive le paiement. Aucun montant n’a été prélevé."),
    "payment.desk_stopped": ("The desk stopped before the charge. Nothing was charged.",
                             "Le poste s’est arrêté avant le débit. Aucun montant n’a été prélevé."),
    "payment.desk_stopped_before_stripe": ("The desk stopped before Stripe received the payment. Nothing was charged.",
                                           "Le poste s’est arrêté avant que Stripe reçoive le paiement. Aucun montant "
                                           "n’a été prélevé."),
    # --- refusals while paying ------------------------------------------------------------------
    "payment.retry_refused": ("Only a card-reader payment that is still open can be retried. Start a new payment.",
                              "Seul un paiement par lecteur encore ouvert peut être repris. Commencez un nouveau "
                              "paiement."),
    "payment.not_cancelled_yet": ("The payment could not be cancelled yet (Stripe says it is {status}). Wait a moment "
                                  "and press Cancel again.",
                                  "Le paiement n’a pas encore pu être annulé (Stripe indique : {status}). Attendez un "
                                  "moment et appuyez de nouveau sur Annuler."),
    "payment.no_link": ("There is no open payment link to email. Choose the hosted page first.",
                        "Aucun lien de paiement ouvert à envoyer. Choisissez d’abord la page de paiement en ligne."),
    "payment.no_mail": ("Email is not set up on this desk. Show the QR code instead.",
                        "Le courriel n’est pas configuré à ce poste. Montrez plutôt le code QR."),
    "payment.bad_address": ("'{address}' is not an email address. Check it and try again.",
                            "« {address} » n’est pas une adresse courriel. Vérifiez-la et réessayez."),
    "payment.doing.send_code": ("send a code", "envoyer un code"),
    "payment.doing.check_code": ("check a code", "vérifier un code"),
    "payment.doing.be_charged": ("be charged", "être débité"),
    "payment.wrong_state": ("This payment is {status}, so it cannot {doing} now. Close this window and start the "
                            "payment again if money is still owing.",
                            "Ce paiement est à l’état « {status} » : il ne peut pas {doing} maintenant. Fermez cette "
                            "fenêtre et recommencez le paiement s’il reste un montant dû."),
    "lifecycle.what.payment": ("payment", "Ce paiement"),
    "lifecycle.what.refund": ("refund", "Ce remboursement"),
    "lifecycle.doing.be_retried": ("be retried", "être repris"),
    "lifecycle.refused": ("This {what} is {status}, so it cannot {doing} now. Close this window and start again if money "
                          "is still owing.",
                          "{what} est à l’état « {status} » : il ne peut pas {doing} maintenant. Fermez cette fenêtre "
                          "et recommencez s’il reste un montant dû."),
    "payment.nothing_charged": ("Nothing was charged. {reason}", "Aucun montant n’a été prélevé. {reason}"),
    "payment.withdrawn": ("The student withdrew from this enrollment. A manager must settle it; no payment can be taken.",
                          "L’étudiant s’est retiré de cette inscription. Un gestionnaire doit la régler; aucun paiement "
                          "ne peut être pris."),
    "payment.other_in_flight": ("Another payment of {amount} for this enrollment is in progress, so at most {available} "
                                "can be collected now. Finish or cancel that payment first.",
                                "Un autre paiement de {amount} pour cette inscription est en cours : au plus "
                                "{available} peut être perçu maintenant. Terminez ou annulez d’abord ce paiement."),
    "payment.amount_for_code": ("Enter the amount to collect before sending a code.",
                                "Saisissez le montant à percevoir avant d’envoyer un code."),
    "payment.split_total_for_code": ("The whole of a split payment is more than its card part; check the parts of "
                                     "the split, then send the code again.",
                                     "Le total d’un paiement fractionné dépasse sa partie par carte ; vérifiez les "
                                     "parties du paiement, puis envoyez le code de nouveau."),
    "payment.enrollment_gone": ("This enrollment was not found. Search for the student again.",
                                "Cette inscription est introuvable. Cherchez l’étudiant de nouveau."),
    "payment.code_not_sent": ("The code was not sent. {reason}", "Le code n’a pas été envoyé. {reason}"),
    "payment.central_unchecked": ("The central database could not be reached; only this desk's payments were checked.",
                                  "La base de données centrale est injoignable; seuls les paiements de ce poste ont été "
                                  "vérifiés."),
    "payment.central_none": ("The central database is not configured, so only this desk's payments were checked.",
                             "Aucune base de données centrale n’est configurée : seuls les paiements de ce poste ont été "
                             "vérifiés."),
    # --- refunds --------------------------------------------------------------------------------
    "refund.card_mismatch": ("The card presented is not the card that was charged. Nothing was refunded; start the "
                             "refund again and ask the student to tap the same card.",
                             "La carte présentée n’est pas celle qui a été débitée. Rien n’a été remboursé; recommencez "
                             "le remboursement et demandez à l’étudiant de présenter la même carte."),
    "refund.cancelled_on_reader": ("The refund was cancelled on the reader. Nothing was refunded.",
                                   "Le remboursement a été annulé sur le lecteur. Rien n’a été remboursé."),
    "refund.cancelled_by_student": ("The student cancelled the refund on the reader. Nothing was refunded.",
                                    "L’étudiant a annulé le remboursement sur le lecteur. Rien n’a été remboursé."),
    "refund.reader_offline": ("The reader went offline before the card was presented. Nothing was refunded; check the "
                              "reader's power and network, then start the refund again.",
                              "Le lecteur s’est déconnecté avant que la carte soit présentée. Rien n’a été remboursé; "
                              "vérifiez l’alimentation et le réseau du lecteur, puis recommencez le remboursement."),
    "refund.reader_stopped": ("{reason} Nothing was refunded.", "{reason} Rien n’a été remboursé."),
    "refund.reader_stopped_default": ("The reader stopped the refund.", "Le lecteur a arrêté le remboursement."),
    "refund.timed_out": ("The student did not present the card within {seconds} seconds, so the refund was stopped on "
                         "the reader. Nothing was refunded; start it again when the student has the card.",
                         "L’étudiant n’a pas présenté la carte dans les {seconds} secondes : le remboursement a été "
                         "arrêté sur le lecteur. Rien n’a été remboursé; recommencez quand l’étudiant aura la carte."),
    "refund.cancelled_by_staff": ("The refund was cancelled before the card was presented. Nothing was refunded.",
                                  "Le remboursement a été annulé avant que la carte soit présentée. Rien n’a été "
                                  "remboursé."),
    "refund.desk_stopped": ("The desk stopped before the card was presented on the reader. Nothing was refunded.",
                            "Le poste s’est arrêté avant que la carte soit présentée au lecteur. Rien n’a été "
                            "remboursé."),
    "refund.being_refunded": ("{amount} has already been refunded and {pending} is being refunded now",
                              "{amount} a déjà été remboursé et {pending} est en cours de remboursement"),
    "refund.not_through": ("The refund did not go through.", "Le remboursement n’a pas abouti."),
    "refund.choose_reason": ("Choose a reason for the refund from the list.",
                             "Choisissez un motif de remboursement dans la liste."),
    "refund.say_why": ("Say in a few words why ({reason}); it is printed on the credit note.",
                       "Dites en quelques mots pourquoi ({reason}); c’est imprimé sur la note de crédit."),
    "refund.reason_long": ("Keep the reason under {maximum} characters.", "Gardez le motif sous {maximum} caractères."),
    "refund.amount_empty": ("Enter the amount to refund (more than {zero}).",
                            "Saisissez le montant à rembourser (plus de {zero})."),
    "refund.interac_reader": ("Interac payments are refunded in person on a card reader. Choose the reader the student "
                              "will tap their card on.",
                              "Les paiements Interac sont remboursés en personne sur un lecteur de cartes. Choisissez le "
                              "lecteur sur lequel l’étudiant présentera sa carte."),
    "refund.nothing_taken": ("This payment is {status}: no money was taken, so there is nothing to refund.",
                             "Ce paiement est à l’état « {status} » : aucun montant n’a été perçu, il n’y a donc rien à "
                             "rembourser."),
    "refund.no_reference": ("This payment has no Stripe reference, so it cannot be refunded from OncoPOS. Refund it in "
                            "the Stripe Dashboard; the app will list it for a credit note.",
                            "Ce paiement n’a pas de référence Stripe : il ne peut pas être remboursé depuis OncoPOS. "
                            "Remboursez-le dans le tableau de bord Stripe; l’application le listera pour une note de "
                            "crédit."),
    "refund.already_refunded": ("{amount} has already been refunded", "{amount} a déjà été remboursé"),
    "refund.nothing_left": ("Nothing remains to refund on this payment of {paid}: {owed}.",
                            "Il ne reste rien à rembourser sur ce paiement de {paid} : {owed}."),
    "refund.at_most": ("You can refund at most {left} of this payment: {paid} was paid and {owed}. Enter {left} or less.",
                       "Vous pouvez rembourser au plus {left} sur ce paiement : {paid} a été payé et {owed}. Saisissez "
                       "{left} ou moins."),
    "refund.not_confirmed": ("Stripe did not answer, so this refund is not confirmed yet. It is saved and is checked "
                             "with Stripe automatically (at the next start, or with `oncopos reconcile`). Do not refund "
                             "this payment again; look at the payment history in a few minutes.",
                             "Stripe n’a pas répondu : ce remboursement n’est pas encore confirmé. Il est enregistré et "
                             "sera vérifié auprès de Stripe automatiquement (au prochain démarrage, ou avec "
                             "`oncopos reconcile`). Ne remboursez pas ce paiement de nouveau; consultez l’historique des "
                             "paiements dans quelques minutes."),
    "refund.cash_no_drawer": ("A cash refund is handed back out of this desk's cash drawer, and it is not open. Open "
                              "the drawer with its float in the Till window, then refund again; nothing was refunded.",
                              "Un remboursement en espèces est remis à même le tiroir-caisse de ce poste, et il n’est "
                              "pas ouvert. Ouvrez le tiroir avec son fonds de caisse dans la fenêtre Caisse, puis "
                              "remboursez de nouveau ; rien n’a été remboursé."),
    "refund.cash_drawer_short": ("The drawer should hold only {held}, so {amount} cannot be handed back out of it. "
                                 "Add cash to the drawer (Cash in) or refund less; nothing was refunded.",
                                 "Le tiroir ne devrait contenir que {held} : {amount} ne peuvent pas en être remis. "
                                 "Ajoutez de l’argent au tiroir (Entrée) ou remboursez moins ; rien n’a été "
                                 "remboursé."),
    "refund.bank_choose": ("A payment by cheque or e-Transfer is refunded by a cheque written to the student or an "
                           "e-Transfer sent to them: choose which, and enter its cheque number or reference. Nothing "
                           "was refunded.",
                           "Un paiement par chèque ou par virement Interac est remboursé par un chèque fait à "
                           "l’étudiant ou par un virement Interac qui lui est envoyé : choisissez lequel et entrez son "
                           "numéro de chèque ou sa référence. Rien n’a été remboursé."),
    "refund.bank_not_for": ("Only a payment taken by cheque or e-Transfer is refunded by cheque or e-Transfer; this "
                            "one goes back the way it was paid. Nothing was refunded.",
                            "Seul un paiement reçu par chèque ou par virement Interac est remboursé par chèque ou par "
                            "virement Interac ; celui-ci est remboursé comme il a été payé. Rien n’a été remboursé."),
    "refund.bank_cheque_number": ("Enter the number of the cheque written to the student. Nothing was refunded.",
                                  "Entrez le numéro du chèque fait à l’étudiant. Rien n’a été remboursé."),
    "refund.bank_etransfer_reference": ("Enter the reference of the e-Transfer sent to the student, as the bank shows "
                                        "it. Nothing was refunded.",
                                        "Entrez la référence du virement Interac envoyé à l’étudiant, telle que la "
                                        "banque l’affiche. Rien n’a été remboursé."),
    "refund.bank_reference_long": ("A cheque number or an e-Transfer reference is up to {max_reference} letters and "
                                   "digits; check what was typed. Nothing was refunded.",
                                   "Un numéro de chèque ou une référence de virement Interac compte au plus "
                                   "{max_reference} lettres et chiffres ; vérifiez la saisie. Rien n’a été remboursé."),
    "refund.no_invoices": ("Invoices are not set up on this desk, so no credit note can be issued.",
                           "Les factures ne sont pas configurées à ce poste : aucune note de crédit ne peut être émise."),
    "refund.credit_only_succeeded": ("Only a refund that went through gets a credit note; this one is {status}.",
                                     "Seul un remboursement qui a abouti reçoit une note de crédit; celui-ci est à l’état "
                                     "« {status} »."),
    # --- history --------------------------------------------------------------------------------
    "history.dates_swapped": ("The start date is after the end date. Swap them and search again.",
                              "La date de début est après la date de fin. Inversez-les et cherchez de nouveau."),
    "history.unknown_method": ("Unknown payment method {method}.", "Mode de paiement inconnu : {method}."),
    # --- invoices -------------------------------------------------------------------------------
    "invoice.not_succeeded": ("Payment {payment} is {status}; only a succeeded payment is invoiced.",
                              "Le paiement {payment} est à l’état « {status} »; seul un paiement réussi est facturé."),
    "invoice.refund_failed": ("Refund {refund} failed; no money went back, so no credit note is issued.",
                              "Le remboursement {refund} a échoué; aucun montant n’a été rendu, aucune note de crédit "
                              "n’est donc émise."),
    "invoice.no_document": ("{number} was issued before OncoPOS kept documents with invoices; there is no stored document "
                            "to print. Use the accounting copy.",
                            "{number} a été émise avant qu’OncoPOS conserve les documents avec les factures; aucun "
                            "document n’est enregistré pour l’impression. Utilisez la copie comptable."),
    "invoice.tampered": ("The PDF of {number} does not match the one issued (SHA-256 differs): it was changed or damaged "
                         "after it was saved. Do not hand it out; ask a manager to restore the documents folder from "
                         "backup.",
                         "Le PDF de {number} ne correspond pas à celui qui a été émis (SHA-256 différent) : il a été "
                         "modifié ou endommagé après l’enregistrement. Ne le remettez pas; demandez à un gestionnaire "
                         "de restaurer le dossier des documents depuis la sauvegarde."),
    "invoice.void_reason": ("Say why this invoice is voided (at least a few words); the reason is kept with the number.",
                            "Dites pourquoi cette facture est annulée (quelques mots au moins); le motif est conservé "
                            "avec le numéro."),
    "invoice.already_void": ("{number} is already void ({reason}).", "{number} est déjà annulée ({reason})."),
    "invoice.void_not_sent": ("{number} was voided ({reason}); it cannot be sent.",
                              "{number} a été annulée ({reason}); elle ne peut pas être envoyée."),
    "invoice.void_not_printed": ("{number} was voided ({reason}); it cannot be printed.",
                                 "{number} a été annulée ({reason}); elle ne peut pas être imprimée."),
    "invoice.no_mail": ("Email is not set up on this desk (MAIL_BACKEND). Print the invoice instead.",
                        "Le courriel n’est pas configuré à ce poste (MAIL_BACKEND). Imprimez plutôt la facture."),
    "invoice.no_printer": ("No printing is set up on this desk. Save the PDF and print it from another computer.",
                           "Aucune impression n’est configurée à ce poste. Enregistrez le PDF et imprimez-le depuis un "
                           "autre ordinateur."),
    "invoice.unknown_layout": ("Unknown print layout {layout}: use letter, a4 or receipt.",
                               "Mise en page inconnue : {layout}. Utilisez letter, a4 ou receipt."),
    # --- end of day -----------------------------------------------------------------------------
    "eod.adding_up": ("Adding up {what}…", "Calcul : {what}…"),
    "eod.report_tampered": ("The stored report of {day} no longer matches the hash recorded when it was closed. Do not "
                            "use it; an administrator should check the database and the audit trail.",
                            "Le rapport enregistré du {day} ne correspond plus à l’empreinte notée à la clôture. Ne "
                            "l’utilisez pas; un administrateur doit vérifier la base de données et le journal d’audit."),
    "eod.not_started": ("{day} has not started yet; a day can be closed from its first minute on.",
                        "Le {day} n’a pas encore commencé; une journée peut être clôturée dès sa première minute."),
    "eod.already_closed": ("{day} is already closed. Open its report to read or export it; an administrator can reopen "
                           "it if it must change.",
                           "Le {day} est déjà clôturé. Ouvrez son rapport pour le lire ou l’exporter; un administrateur "
                           "peut le rouvrir s’il doit changer."),
    "eod.closed_meanwhile": ("{day} was closed by someone else a moment ago. Open its report.",
                             "Le {day} vient d’être clôturé par quelqu’un d’autre. Ouvrez son rapport."),
    "eod.reopen_reason": ("Say why the day is reopened (at least a few words); it goes in the audit trail.",
                          "Dites pourquoi la journée est rouverte (quelques mots au moins); c’est noté dans le journal "
                          "d’audit."),
    "eod.not_closed": ("{day} is not closed, so there is nothing to reopen.",
                       "Le {day} n’est pas clôturé : il n’y a rien à rouvrir."),
    "eod.not_closed_export": ("{day} is not closed; export its live report instead.",
                              "Le {day} n’est pas clôturé; exportez plutôt son rapport en cours."),
    "eod.pdf_tampered": ("The stored PDF of {day} does not match the hash recorded at the close. Do not hand it out; an "
                         "administrator should check the documents folder.",
                         "Le PDF enregistré du {day} ne correspond pas à l’empreinte notée à la clôture. Ne le remettez "
                         "pas; un administrateur doit vérifier le dossier des documents."),
    "eod.unknown_paper": ("Unknown paper {paper} for the end-of-day report: use letter or a4.",
                          "Format de papier inconnu {paper} pour le rapport de fin de journée : utilisez letter ou a4."),
    "eod.unknown_format": ("Unknown format {format}: use pdf, csv or text.",
                           "Format inconnu : {format}. Utilisez pdf, csv ou text."),
    "eod.closed_line": ("Closed on {at} by {by}.", "Clôturée le {at} par {by}."),
    "eod.scope.all": ("All desks", "Tous les postes"),
    "eod.scope.workstation": ("Workstation {id}", "Poste {id}"),
    "eod.scope.staff": ("Staff member {id}", "Membre du personnel {id}"),
    "eod.status.window": ("{scope}: payments completed from {start} to {end}.",
                          "{scope} : paiements conclus du {start} au {end}."),
    "eod.status.late": ("{count} payment(s) ({amount}) arrived after the close and are not in this frozen report; an "
                        "administrator can reopen it.",
                        "{count} paiement(s) ({amount}) sont arrivés après la clôture et ne sont pas dans ce rapport "
                        "figé; un administrateur peut le rouvrir."),
    "eod.status.open": ("Open.", "Ouverte."),
    "eod.status.warning": ("Warning: {problem}.", "Attention : {problem}."),
    "eod.status.uninvoiced": ("{count} payment(s) have no invoice, so their tax is missing",
                              "{count} paiement(s) sans facture : leurs taxes manquent"),
    # One payment for several enrollments (domain/allocation.py)
    "payment.several.none": ("Choose at least one enrollment to pay.",
                             "Choisissez au moins une inscription à payer."),
    "payment.several.too_many": ("At most {most} enrollments can be paid in one payment. Pay the others in a second one.",
                                 "Au plus {most} inscriptions peuvent être payées en un seul paiement. Payez les autres "
                                 "dans un deuxième paiement."),
    "payment.several.twice": ("An enrollment is listed twice. Choose each enrollment once.",
                              "Une inscription figure deux fois. Choisissez chaque inscription une seule fois."),
    "payment.several.part_amount": ("Enter an amount of more than $0.00 for each chosen enrollment, or untick it.",
                                    "Saisissez un montant supérieur à 0,00 $ pour chaque inscription choisie, ou "
                                    "décochez-la."),
    "payment.several.other_student": ("These enrollments belong to different students. One payment pays one student's "
                                      "enrollments.",
                                      "Ces inscriptions appartiennent à des étudiants différents. Un paiement règle les "
                                      "inscriptions d’un seul étudiant."),
    "payment.several.other_province": ("These enrollments are taxed in different provinces, so they need separate "
                                       "invoices. Take one payment for each province.",
                                       "Ces inscriptions sont taxées dans des provinces différentes et exigent des "
                                       "factures distinctes. Prenez un paiement par province."),
    "payment.several.line": ("{course}: {reason}", "{course} : {reason}"),
    "payment.several.refund_too_much": ("A refund of {amount} is more than the {left} of this payment not yet refunded.",
                                        "Un remboursement de {amount} dépasse les {left} de ce paiement qui ne sont pas "
                                        "encore remboursés."),
    "payment.several.refund_line": ("At most {left} of this payment can still be refunded on {course}. Enter {left} or "
                                    "less, or choose another line.",
                                    "Au plus {left} de ce paiement peut encore être remboursé sur {course}. Saisissez "
                                    "{left} ou moins, ou choisissez une autre ligne."),
    "payment.several.not_a_line": ("This enrollment was not paid by this payment. Choose one of the invoice's lines.",
                                   "Cette inscription n’a pas été payée par ce paiement. Choisissez une des lignes de "
                                   "la facture."),
    "amount.limits_invalid": ("MIN_PAYMENT_AMOUNT must be at least 0.01 and not more than MAX_PAYMENT_AMOUNT (now "
                              "{min_cents} and {max_cents}).",
                              "MIN_PAYMENT_AMOUNT doit valoir au moins 0,01 et au plus MAX_PAYMENT_AMOUNT "
                              "(actuellement {min_cents} et {max_cents})."),
    "amount.negative_kind": ("A {what} amount cannot be negative ({value} cents).",
                             "Un montant ({what}) ne peut pas être négatif ({value} cents)."),
    "amount.paid_refunded_negative": ("Paid and refunded amounts cannot be negative.",
                                      "Les montants payés et remboursés ne peuvent pas être négatifs."),
    "eod.closure_gone": ("That closure is no longer in force (reopened meanwhile); refresh the report.",
                         "Cette clôture n’est plus en vigueur (rouverte entre-temps) ; actualisez le rapport."),
    "invoice.number_missing": ("No invoice or credit note numbered {number}. Check the number (for example "
                               "DESK1-000123).",
                               "Aucune facture ni note de crédit ne porte le numéro {number}. Vérifiez le numéro "
                               "(par exemple DESK1-000123)."),
    "invoice.payment_missing": ("Payment {payment_id} does not exist on this desk; it cannot be invoiced.",
                                "Le paiement {payment_id} n’existe pas sur ce poste ; il ne peut pas être facturé."),
    "invoice.payment_over_total": ("A payment of {amount} cents is more than the whole enrollment ({total_cents} "
                                   "cents); it cannot be invoiced against it.",
                                   "Un paiement de {amount} cents dépasse l’inscription entière ({total_cents} "
                                   "cents) ; il ne peut pas être facturé sur celle-ci."),
    "invoice.refund_missing": ("Refund {refund_id} does not exist on this desk; no credit note can be issued for it.",
                               "Le remboursement {refund_id} n’existe pas sur ce poste ; aucune note de crédit ne "
                               "peut être émise."),
    "invoice.refund_over_left": ("A refund of {amount_cents} cents is more than the {left} cents of this payment not"
                                 " yet credited; check the refunds already made on it.",
                                 "Un remboursement de {amount_cents} cents dépasse les {left} cents de ce paiement "
                                 "pas encore crédités ; vérifiez les remboursements déjà faits."),
    "invoice.totals_mismatch": ("Document {number}: total {total_cents} is not subtotal {subtotal_cents} plus tax "
                                "{tax_cents}.",
                                "Document {number} : le total {total_cents} n’est pas le sous-total {subtotal_cents}"
                                " plus les taxes {tax_cents}."),
    "otp.type_digits": ("Type the {length} digits of the code from the student's email.",
                        "Tapez les {length} chiffres du code reçu par courriel par l’étudiant."),
    "payment.enrollment_gone_search": ("This enrollment no longer exists. Search the student again and pick the "
                                       "enrollment.",
                                       "Cette inscription n’existe plus. Cherchez de nouveau l’étudiant et "
                                       "choisissez l’inscription."),
    "payment.not_in_history": ("This payment is not in this desk's records. Search again.",
                               "Ce paiement ne figure pas dans les dossiers de ce poste. Cherchez de nouveau."),
    "payment.not_on_desk": ("This payment is not on this desk's records. Start the payment again.",
                            "Ce paiement ne figure pas dans les dossiers de ce poste. Recommencez le paiement."),
    "refund.enter_amount": ("Enter the amount to refund (more than $0.00).",
                            "Entrez le montant à rembourser (plus de 0,00 $)."),
    "refund.gone": ("This refund is not in this desk's records. Open the payment again from the history.",
                    "Ce remboursement ne figure pas dans les dossiers de ce poste. Rouvrez le paiement depuis "
                    "l’historique."),
    "refund.payment_gone": ("This payment is not in this desk's records. Search the payment history again.",
                            "Ce paiement ne figure pas dans les dossiers de ce poste. Cherchez de nouveau dans "
                            "l’historique des paiements."),
    "statement.no_address": ("This student has no email address on file. Add one, or print the statement.",
                             "Cet étudiant n’a pas d’adresse courriel au dossier. Ajoutez-en une, ou imprimez le "
                             "relevé."),
    "statement.no_mail": ("Email is not set up on this desk. Print the statement instead.",
                          "Le courriel n’est pas configuré sur ce poste. Imprimez plutôt le relevé."),
    "tax.line_kind": ("Line kind must be 'service' or 'goods', not {kind}.",
                      "Le type de ligne doit être « service » ou « goods », et non {kind}."),
    "tax.line_negative": ("A line amount cannot be negative ({line}).",
                          "Le montant d’une ligne ne peut pas être négatif ({line})."),
    "tax.split_negative": ("A payment to split cannot be negative.",
                           "Un paiement à répartir ne peut pas être négatif."),
    "tax.table_malformed": ("The tax rate table is malformed ({exc}). Reinstall OncoPOS.",
                            "La table des taux de taxe est mal formée ({exc}). Réinstallez OncoPOS."),
    "tax.table_no_rates": ("The tax rate table has no rates for {code}.",
                           "La table des taux de taxe n’a aucun taux pour {code}."),
    "tax.table_overlap": ("The tax rate table has overlapping {name} rates for {province}.",
                          "La table des taux de taxe a des taux {name} qui se chevauchent pour {province}."),
    "tax.table_unknown_province": ("The tax rate table lists an unknown province {code}.",
                                   "La table des taux de taxe contient une province inconnue : {code}."),
    "tax.table_unreadable": ("Cannot read the tax rate table {file}: {exc}. Reinstall OncoPOS.",
                             "Impossible de lire la table des taux de taxe {file} : {exc}. Réinstallez OncoPOS."),
    "tax.treatment": ("Tax treatment must be taxable, exempt or zero_rated, not {treatment}.",
                      "Le traitement fiscal doit être taxable, exempt ou zero_rated, et non {treatment}."),
}

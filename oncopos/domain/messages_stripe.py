"""What Stripe's answers mean for the person at the desk: declines explained by Stripe's decline
codes (docs.stripe.com/declines/codes), the card reader's states, and refusals of the key.

Said to the registrar, who tells the student. Codes that reveal a suspicion of fraud
(fraudulent, lost_card, stolen_card, pickup_card, merchant_blacklist, ...) read as a plain decline
on purpose: Stripe asks that the real reason never be told to the person holding the card.
"""

from __future__ import annotations

from oncopos.domain.messages import Texts

_ANOTHER = ("Ask for another card or another way to pay.", "Demandez une autre carte ou un autre mode de paiement.")
_BANK = ("The student can call the bank to know why.", "L’étudiant peut appeler sa banque pour en connaître la raison.")
_AGAIN = ("Try the same card again in a moment.", "Réessayez la même carte dans un moment.")


def _d(en: str, fr: str, then: Texts = _ANOTHER) -> Texts:
    return (f"{en} {then[0]}", f"{fr} {then[1]}")


_PLAIN = _d("The card was declined.", "La carte a été refusée.")
_DO_NOT_RETRY = _d("The card was declined. Do not try this card again.",
                   "La carte a été refusée. N’essayez plus cette carte.")

#: Stripe decline codes (and the error codes that stand for a decline), each explained.
DECLINES: dict[str, Texts] = {
    "generic_decline": _PLAIN,
    "card_declined": _PLAIN,
    "do_not_honor": _d("The card was declined by the bank, which gave no reason.",
                       "La carte a été refusée par la banque, sans motif.", (f"{_BANK[0]} {_ANOTHER[0]}",
                                                                           f"{_BANK[1]} {_ANOTHER[1]}")),
    "call_issuer": _d("The card was declined by the bank, which gave no reason.",
                      "La carte a été refusée par la banque, sans motif.", (f"{_BANK[0]} {_ANOTHER[0]}",
                                                                          f"{_BANK[1]} {_ANOTHER[1]}")),
    "do_not_try_again": _DO_NOT_RETRY,
    "no_action_taken": _PLAIN,
    "not_permitted": _d("The bank does not allow this payment on this card.",
                        "La banque ne permet pas ce paiement avec cette carte."),
    "service_not_allowed": _d("The bank does not allow this kind of payment on this card.",
                              "La banque ne permet pas ce type de paiement avec cette carte."),
    "transaction_not_allowed": _d("The bank does not allow this kind of payment on this card.",
                                  "La banque ne permet pas ce type de paiement avec cette carte."),
    "restricted_card": _d("The card cannot be used for this payment (the bank restricts it).",
                          "La carte ne peut pas servir à ce paiement (la banque la restreint)."),
    "card_not_supported": _d("This card does not support this kind of purchase.",
                             "Cette carte ne permet pas ce type d’achat."),
    "currency_not_supported": _d("This card cannot pay in Canadian dollars.",
                                 "Cette carte ne peut pas payer en dollars canadiens."),
    "insufficient_funds": _d("The card was declined for insufficient funds.",
                             "La carte a été refusée pour fonds insuffisants.",
                             ("Ask for another card or a smaller amount.",
                              "Demandez une autre carte ou un montant moins élevé.")),
    "card_velocity_exceeded": _d("The card was declined: it has reached its balance or credit limit.",
                                 "La carte a été refusée : elle a atteint son solde ou sa limite de crédit."),
    "withdrawal_count_limit_exceeded": _d("The card was declined: it has reached its limit.",
                                          "La carte a été refusée : elle a atteint sa limite."),
    "expired_card": _d("The card has expired.", "La carte est expirée."),
    "invalid_expiry_month": _d("The card's expiry month is not valid.", "Le mois d’expiration de la carte n’est pas valide."),
    "invalid_expiry_year": _d("The card's expiry year is not valid.", "L’année d’expiration de la carte n’est pas valide."),
    "incorrect_number": _d("The card number was wrong.", "Le numéro de la carte était erroné.",
                           ("Ask the student to enter it again, or use another card.",
                            "Demandez à l’étudiant de le saisir de nouveau, ou utilisez une autre carte.")),
    "invalid_number": _d("The card number is not valid.", "Le numéro de la carte n’est pas valide.",
                         ("Ask the student to enter it again, or use another card.",
                          "Demandez à l’étudiant de le saisir de nouveau, ou utilisez une autre carte.")),
    "incorrect_cvc": _d("The card's security code (CVC) was wrong.", "Le code de sécurité de la carte (CVC) était erroné.",
                        ("Ask the student to enter the card details again carefully, or use another card.",
                         "Demandez à l’étudiant de saisir de nouveau les données de la carte, ou utilisez une autre carte.")),
    "invalid_cvc": _d("The card's security code (CVC) is not valid.", "Le code de sécurité de la carte (CVC) n’est pas valide.",
                      ("Ask the student to enter the card details again carefully, or use another card.",
                       "Demandez à l’étudiant de saisir de nouveau les données de la carte, ou utilisez une autre carte.")),
    "incorrect_zip": _d("The postal code does not match the card's.", "Le code postal ne correspond pas à celui de la carte.",
                        ("Ask the student to enter it again, or use another card.",
                         "Demandez à l’étudiant de le saisir de nouveau, ou utilisez une autre carte.")),
    "incorrect_pin": _d("The PIN was wrong.", "Le NIP était erroné.",
                        ("Ask the student to try again, or use another card.",
                         "Demandez à l’étudiant de réessayer, ou utilisez une autre carte.")),
    "invalid_pin": _d("The PIN was wrong.", "Le NIP était erroné.",
                      ("Ask the student to try again, or use another card.",
                       "Demandez à l’étudiant de réessayer, ou utilisez une autre carte.")),
    "pin_try_exceeded": _d("Too many wrong PINs were entered for this card.",
                           "Trop de NIP erronés ont été saisis pour cette carte."),
    "offline_pin_required": ("The card needs its PIN: insert the card in the reader and ask the student to enter the PIN.",
                             "La carte exige son NIP : insérez la carte dans le lecteur et demandez à l’étudiant de "
                             "saisir son NIP."),
    "online_or_offline_pin_required": (
        "The card needs its PIN: insert the card in the reader and ask the student to enter the PIN.",
        "La carte exige son NIP : insérez la carte dans le lecteur et demandez à l’étudiant de saisir son NIP."),
    "authentication_required": _d("The bank asks the student to confirm this payment, which the reader cannot do.",
                                  "La banque demande à l’étudiant de confirmer ce paiement, ce que le lecteur ne peut pas "
                                  "faire.", ("Send a payment link instead, or use another card.",
                                             "Envoyez plutôt un lien de paiement, ou utilisez une autre carte.")),
    "approve_with_id": _d("The bank could not approve the payment now.", "La banque n’a pas pu approuver le paiement "
                          "pour l’instant.", _AGAIN),
    "issuer_not_available": _d("The bank could not be reached.", "La banque n’a pas pu être jointe.", _AGAIN),
    "try_again_later": _d("The bank asked to try again later.", "La banque a demandé de réessayer plus tard.", _AGAIN),
    "reenter_transaction": _d("The bank could not process the payment.", "La banque n’a pas pu traiter le paiement.", _AGAIN),
    "processing_error": _d("The card could not be processed because of an error at the card network.",
                           "La carte n’a pas pu être traitée à cause d’une erreur du réseau de cartes.", _AGAIN),
    "duplicate_transaction": ("The bank declined it as a duplicate: the same amount was just paid with this card. "
                              "Check the payment history before trying again.",
                              "La banque l’a refusé comme doublon : le même montant vient d’être payé avec cette carte. "
                              "Vérifiez l’historique des paiements avant de réessayer."),
    "invalid_amount": _d("The bank refused the amount.", "La banque a refusé le montant."),
    "invalid_account": _d("The card or its account is not valid.", "La carte ou son compte n’est pas valide."),
    "new_account_information_available": _d("The card or its account is no longer valid.",
                                            "La carte ou son compte n’est plus valide."),
    "stop_payment_order": _DO_NOT_RETRY,
    "revocation_of_authorization": _DO_NOT_RETRY,
    "revocation_of_all_authorizations": _DO_NOT_RETRY,
    # Suspicion of fraud: never said to the card holder.
    "fraudulent": _DO_NOT_RETRY,
    "lost_card": _DO_NOT_RETRY,
    "stolen_card": _DO_NOT_RETRY,
    "pickup_card": _DO_NOT_RETRY,
    "merchant_blacklist": _DO_NOT_RETRY,
    "security_violation": _DO_NOT_RETRY,
    "testmode_decline": ("A Stripe test card was used in live mode. Use a real card.",
                         "Une carte de test Stripe a été utilisée en mode réel. Utilisez une vraie carte."),
    "test_mode_live_card": ("A real card was used in test or training mode. Use one of Stripe's test cards.",
                            "Une vraie carte a été utilisée en mode test ou formation. Utilisez une carte de test Stripe."),
}

READER: dict[str, Texts] = {
    "terminal_reader_offline": ("The card reader is offline. Check that it is switched on and connected to the network, "
                                "then try again.",
                                "Le lecteur de cartes est hors ligne. Vérifiez qu’il est allumé et branché au réseau, "
                                "puis réessayez."),
    "terminal_reader_busy": ("The card reader is busy with another action. Wait for it to finish or cancel it, then try "
                             "again.",
                             "Le lecteur de cartes est occupé par une autre opération. Attendez qu’elle finisse ou "
                             "annulez-la, puis réessayez."),
    "terminal_reader_timeout": ("The card reader did not answer in time. Check that it is on and connected, then try again.",
                                "Le lecteur de cartes n’a pas répondu à temps. Vérifiez qu’il est allumé et branché, "
                                "puis réessayez."),
    "terminal_reader_hardware_fault": ("The card reader reported a hardware fault. Restart it, then try again.",
                                       "Le lecteur de cartes a signalé une panne matérielle. Redémarrez-le, puis réessayez."),
}

#: What the app was doing when Stripe answered: the {operation} of the messages below.
OPERATIONS: dict[str, Texts] = {
    "cancel_the_action_on_the_card_reader": ("cancel the action on the card reader", "annuler l’opération sur le lecteur"),
    "cancel_the_payment_link": ("cancel the payment link", "annuler le lien de paiement"),
    "cancel_the_payment": ("cancel the payment", "annuler le paiement"),
    "create_the_terminal_location": ("create the Terminal location", "créer l’emplacement Terminal"),
    "create_the_payment_link": ("create the payment link", "créer le lien de paiement"),
    "create_the_payment": ("create the payment", "créer le paiement"),
    "list_the_terminal_locations": ("list the Terminal locations", "lister les emplacements Terminal"),
    "list_the_card_readers": ("list the card readers", "lister les lecteurs de cartes"),
    "present_the_test_card": ("present the test card", "présenter la carte de test"),
    "read_stripe_s_events": ("read Stripe's events", "lire les événements de Stripe"),
    "read_the_balance_transactions": ("read the balance transactions", "lire les opérations du solde"),
    "read_the_card_reader_s_state": ("read the card reader's state", "lire l’état du lecteur de cartes"),
    "read_the_payment_link_s_state": ("read the payment link's state", "lire l’état du lien de paiement"),
    "read_the_payment_s_state": ("read the payment's state", "lire l’état du paiement"),
    "read_the_refund": ("read the refund", "lire le remboursement"),
    "refund_the_payment": ("refund the payment", "rembourser le paiement"),
    "register_the_card_reader": ("register the card reader", "enregistrer le lecteur de cartes"),
    "send_the_payment_to_the_card_reader": ("send the payment to the card reader", "envoyer le paiement au lecteur"),
    "start_the_refund_on_the_card_reader": ("start the refund on the card reader", "lancer le remboursement sur le lecteur"),
    "stop_the_refund_on_the_card_reader": ("stop the refund on the card reader", "arrêter le remboursement sur le lecteur"),
    "look_the_payment_up_at_stripe": ("look the payment up at Stripe", "retrouver le paiement chez Stripe"),
    "look_the_payment_link_up_at_stripe": ("look the payment link up at Stripe", "retrouver le lien de paiement chez Stripe"),
    "look_the_refunds_up_at_stripe": ("look the refunds up at Stripe", "retrouver les remboursements chez Stripe"),
}

TEXTS: dict[str, Texts] = {
    **{f"stripe.decline.{code}": texts for code, texts in DECLINES.items()},
    **{f"stripe.reader.{code}": texts for code, texts in READER.items()},
    **{f"stripe.op.{key}": texts for key, texts in OPERATIONS.items()},
    "stripe.key_refused": ("Stripe refused the key: it is invalid, revoked or expired. Ask a manager to enter a valid "
                           "restricted key in Settings, then try again.",
                           "Stripe a refusé la clé : elle est invalide, révoquée ou expirée. Demandez à un gestionnaire "
                           "de saisir une clé restreinte valide dans les Paramètres, puis réessayez."),
    "stripe.permission_missing": ("The Stripe key lacks the permission {permission} needed to {operation}. Ask a manager "
                                  "to add it to the restricted key in the Stripe Dashboard (Developers > API keys).",
                                  "Il manque à la clé Stripe la permission {permission} pour {operation}. Demandez à un "
                                  "gestionnaire de l’ajouter à la clé restreinte dans le tableau de bord Stripe "
                                  "(Développeurs > Clés API)."),
    "stripe.a_permission": ("a permission it needs", "requise"),
    "stripe.idempotency": ("Stripe refused to {operation}: the same request id was already used with different details. "
                           "Start a new payment instead of repeating this one.",
                           "Stripe a refusé de {operation} : le même identifiant de requête a déjà servi avec d’autres "
                           "détails. Commencez un nouveau paiement au lieu de répéter celui-ci."),
    "stripe.rate_limited": ("Stripe is receiving too many requests right now. Wait a few seconds and try again.",
                            "Stripe reçoit trop de requêtes en ce moment. Attendez quelques secondes et réessayez."),
    "stripe.unreachable": ("Stripe could not be reached to {operation}. Check the internet connection and try again; "
                           "nothing is lost, the app will check what Stripe recorded.",
                           "Stripe n’a pas pu être joint pour {operation}. Vérifiez la connexion Internet et réessayez; "
                           "rien n’est perdu, l’application vérifiera ce que Stripe a enregistré."),
    "stripe.unreachable_after": ("Stripe could not be reached to {operation} (no answer within {seconds} s). Check the "
                                 "internet connection and try again; nothing is lost, the app will check what Stripe "
                                 "recorded.",
                                 "Stripe n’a pas pu être joint pour {operation} (aucune réponse en {seconds} s). Vérifiez "
                                 "la connexion Internet et réessayez; rien n’est perdu, l’application vérifiera ce que "
                                 "Stripe a enregistré."),
    "stripe.missing_object": ("Stripe does not know {what} needed to {operation} (it may belong to another account or "
                              "mode). Check the settings or start again.",
                              "Stripe ne connaît pas {what}, nécessaire pour {operation} (il appartient peut-être à un "
                              "autre compte ou mode). Vérifiez les paramètres ou recommencez."),
    "stripe.the_object": ("the object", "l’objet"),
    "stripe.refused_amount": ("Stripe refused to {operation}: {detail} Check the amount left to refund.",
                              "Stripe a refusé de {operation} : {detail} Vérifiez le montant qui reste à rembourser."),
    "stripe.refused": ("Stripe refused to {operation}: {detail}", "Stripe a refusé de {operation} : {detail}"),
    "stripe.server_error": ("Stripe had a problem on its side and could not {operation}. Try again in a minute; nothing "
                            "is lost, the app will check what Stripe recorded.",
                            "Stripe a eu un problème de son côté et n’a pas pu {operation}. Réessayez dans une minute; "
                            "rien n’est perdu, l’application vérifiera ce que Stripe a enregistré."),
    "stripe.other_error": ("Stripe could not {operation} ({kind}). Try again in a minute.",
                           "Stripe n’a pas pu {operation} ({kind}). Réessayez dans une minute."),
    "stripe.amount_cents": ("The amount must be a positive whole number of cents.",
                            "Le montant doit être un nombre entier positif de cents."),
    "stripe.full_secret_key": ("A full secret key (sk_live_...) is refused. Stripe advises that secret keys stay on "
                               "servers; a workstation should hold a restricted key (rk_live_...) with only the "
                               "permissions it needs ({permissions}). Create one in the Stripe Dashboard (Developers "
                               "> API keys) and enter it instead, or have an administrator set the explicit override.",
                               "Une clé secrète complète (sk_live_...) est refusée. Stripe recommande que les clés "
                               "secrètes restent sur les serveurs ; un poste doit détenir une clé restreinte "
                               "(rk_live_...) n’ayant que les autorisations nécessaires ({permissions}). Créez-en une "
                               "dans le tableau de bord Stripe (Développeurs > Clés API) et entrez-la à la place, ou "
                               "demandez à un administrateur de régler la dérogation explicite."),
    "stripe.key_not_secret": ("The Stripe key {key} is not a Stripe secret or restricted key. Copy the key again "
                              "from the Stripe Dashboard.",
                              "La clé Stripe {key} n’est ni une clé secrète ni une clé restreinte. Copiez de nouveau"
                              " la clé depuis le tableau de bord Stripe."),
    "stripe.live_custom_api": ("Live mode always talks to Stripe itself; remove the custom API address.",
                               "Le mode réel communique toujours avec Stripe directement ; retirez l’adresse d’API "
                               "personnalisée."),
    "stripe.live_key_test": ("A live key is set but the app is in {mode} mode, where no real money may move. Enter a"
                             " test key (sk_test_ or rk_test_).",
                             "Une clé réelle est définie, mais l’application est en mode {mode}, où aucun argent "
                             "réel ne doit circuler. Entrez une clé de test (sk_test_ ou rk_test_)."),
    "stripe.mode_unknown": ("Unknown Stripe mode {mode}; use test, live or simulator.",
                            "Mode Stripe inconnu {mode} ; utilisez test, live ou simulator."),
    "stripe.no_key": ("No Stripe key is set. Ask a manager to enter the workstation's restricted key in Settings.",
                      "Aucune clé Stripe n’est définie. Demandez à un gestionnaire d’entrer la clé restreinte du "
                      "poste dans les Paramètres."),
    "stripe.publishable_key": ("This is a publishable key (pk_...), which cannot take payments. Enter the "
                               "workstation's restricted key (rk_...).",
                               "Il s’agit d’une clé publiable (pk_...), qui ne peut pas prendre de paiements. Entrez"
                               " la clé restreinte du poste (rk_...)."),
    "stripe.refund_reason": ("The refund reason must be requested_by_customer, duplicate or fraudulent.",
                             "Le motif du remboursement doit être requested_by_customer, duplicate ou fraudulent."),
    "stripe.simulated_readers_test": ("Simulated readers exist only in test mode; enter the code shown on the "
                                      "reader.",
                                      "Les lecteurs simulés n’existent qu’en mode test ; entrez le code affiché sur "
                                      "le lecteur."),
    "stripe.test_cards_mode": ("Test cards can only be presented in test or training mode.",
                               "Les cartes de test ne peuvent être présentées qu’en mode test ou formation."),
    "stripe.test_key_live": ("A test key is set but the app is in live mode. Enter a live restricted key "
                             "(rk_live_...) or switch to test mode.",
                             "Une clé de test est définie, mais l’application est en mode réel. Entrez une clé "
                             "restreinte réelle (rk_live_...) ou passez en mode test."),
    "stripe.training_needs_simulator": ("Training mode needs the simulator's address; start it before the gateway.",
                                        "Le mode formation exige l’adresse du simulateur ; démarrez-le avant la "
                                        "passerelle."),
    "terminal.choose_location": ("Choose or create a location, then enter the registration code shown on the reader.",
                                 "Choisissez ou créez un emplacement, puis entrez le code d’enregistrement affiché "
                                 "sur le lecteur."),
    "terminal.hosted_training": ("Paying the hosted page from the desk is for training only: the student pays on "
                                 "their own phone.",
                                 "Payer la page de paiement depuis le poste est réservé à la formation : l’étudiant "
                                 "paie sur son propre téléphone."),
    "terminal.key_first": ("Enter this desk's restricted key (rk_test_... or rk_live_...) first.",
                           "Entrez d’abord la clé restreinte de ce poste (rk_test_... ou rk_live_...)."),
    "terminal.location_fields": ("Enter the location's name, street address, city and postal code to create it.",
                                 "Entrez le nom, l’adresse, la ville et le code postal de l’emplacement pour le "
                                 "créer."),
    "terminal.other_key": ("This desk cannot check another Stripe key here; use the settings screen.",
                           "Ce poste ne peut pas vérifier une autre clé Stripe ici ; utilisez l’écran des "
                           "paramètres."),
}

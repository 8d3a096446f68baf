"""Messages about people: signing in, permissions and approvals, staff accounts, one-time codes."""

from __future__ import annotations

from oncopos.domain.messages import Texts

ROLES: dict[str, Texts] = {
    "registrar": ("registrar", "registraire"),
    "manager": ("manager", "gestionnaire"),
    "admin": ("administrator", "administrateur"),
}

#: What each permission lets a person do, as the end of "may not ..." (English: the permission's own name).
PERMISSIONS: dict[str, Texts] = {
    "search_students": ("search students", "chercher des étudiants"),
    "edit_students": ("edit students", "modifier des étudiants"),
    "enroll": ("enroll", "inscrire des étudiants"),
    "take_payment": ("take payment", "encaisser des paiements"),
    "print_invoice": ("print invoice", "imprimer des factures"),
    "email_invoice": ("email invoice", "envoyer des factures par courriel"),
    "refund": ("refund", "rembourser des paiements"),
    "void": ("void", "annuler des factures"),
    "reprint": ("reprint", "réimprimer des documents"),
    "manage_catalogue": ("manage catalogue", "gérer le catalogue"),
    "edit_plans": ("edit plans", "modifier les plans de versements"),
    "accept_drawer_difference": ("accept drawer difference", "accepter un écart de caisse"),
    "end_of_day": ("end of day", "consulter la fin de journée"),
    "tuition_slips": ("tuition slips", "produire les feuillets T2202"),
    "close_day": ("close day", "clôturer la journée"),
    "reopen_day": ("reopen day", "rouvrir une journée clôturée"),
    "reconcile": ("reconcile", "rapprocher les paiements"),
    "view_audit": ("view audit", "consulter le journal d’audit"),
    "manage_staff": ("manage staff", "gérer les comptes du personnel"),
    "manage_settings": ("manage settings", "modifier les paramètres"),
    "manage_keys": ("manage keys", "gérer les clés Stripe"),
}

TEXTS: dict[str, Texts] = {
    **{f"role.{key}": texts for key, texts in ROLES.items()},
    **{f"permission.{key}": texts for key, texts in PERMISSIONS.items()},
    "access.who.manager": ("a manager", "un gestionnaire"),
    "access.who.admin": ("an administrator", "un administrateur"),
    "access.who.registrar": ("a registrar", "un registraire"),
    "access.denied": ("{user} ({role}) may not {action}. Ask {who} to do it, or to approve it with a manager override.",
                      "{user} ({role}) ne peut pas {action}. Demandez à {who} de le faire, ou de l’approuver par une "
                      "autorisation de gestionnaire."),
    "access.approval_refused": ("The manager's approval cannot be used: {why}. Ask a manager to approve it again.",
                                "L’autorisation du gestionnaire ne peut pas servir : {why}. Demandez de nouveau "
                                "l’autorisation à un gestionnaire."),
    "access.approval_other": ("it was given for {what}, not for this action", "elle a été donnée pour {what}, pas pour "
                              "cette action"),
    "access.approval_used": ("it was used already or has expired (an approval is for one action, within {minutes} "
                             "minutes)", "elle a déjà servi ou a expiré (une autorisation vaut pour une seule action, "
                             "dans les {minutes} minutes)"),
    "session.not_signed_in": ("{user} is not signed in on this desk; sign in again.",
                              "{user} n’a pas ouvert de session à ce poste; ouvrez une session de nouveau."),
    "session.deactivated": ("{user}'s account is no longer active, so this session has ended. Sign in with an active "
                            "account.",
                            "Le compte de {user} n’est plus actif : cette session a pris fin. Ouvrez une session avec un "
                            "compte actif."),
    "session.locked": ("{user}'s account is locked after too many wrong passwords, so this session has ended. Sign in "
                       "again once the wait is over, or ask an administrator.",
                       "Le compte de {user} est bloqué après trop de mots de passe erronés : cette session a pris fin. "
                       "Ouvrez une session de nouveau après l’attente, ou adressez-vous à un administrateur."),
    "staff.central_unreachable": ("This desk shares its accounts with the central database, which cannot be reached now. "
                                  "Connect the desk to the network and try again: the school may already have its "
                                  "administrator there.",
                                  "Ce poste partage ses comptes avec la base de données centrale, injoignable pour le "
                                  "moment. Branchez le poste au réseau et réessayez : l’école y a peut-être déjà son "
                                  "administrateur."),
    "staff.admin_exists": ("An administrator account already exists. Sign in with it instead.",
                           "Un compte administrateur existe déjà. Ouvrez plutôt une session avec ce compte."),
    "staff.username_taken": ("The user name {name} is already taken; choose another one.",
                             "Le nom d’utilisateur {name} est déjà pris; choisissez-en un autre."),
    "staff.no_account": ("There is no staff account {name}.", "Il n’y a pas de compte du personnel {name}."),
    "staff.not_yourself": ("You cannot deactivate your own account; ask another administrator.",
                           "Vous ne pouvez pas désactiver votre propre compte; demandez à un autre administrateur."),
    "staff.last_admin": ("{name} is the last active administrator; create another one first.",
                         "{name} est le dernier administrateur actif; créez-en d’abord un autre."),
    "staff.training_only": ("Ready-made accounts exist only in training mode.",
                            "Les comptes tout prêts n’existent qu’en mode formation."),
    "staff.system_password": ("The system account has no password to change.",
                              "Le compte du système n’a pas de mot de passe à changer."),
    "staff.same_password": ("The new password is the same as the current one; choose a different one.",
                            "Le nouveau mot de passe est identique à l’actuel; choisissez-en un autre."),
    "staff.cannot_approve": ("{user} ({role}) cannot approve this: {action} needs a manager other than the person at the "
                             "desk.",
                             "{user} ({role}) ne peut pas approuver ceci : l’action « {action} » exige un gestionnaire "
                             "autre que la personne au poste."),
    "staff.confirm_central": ("This desk shares its staff accounts with the central database: confirm the change with "
                              "your own password, which the central database checks.",
                              "Ce poste partage ses comptes du personnel avec la base de données centrale : confirmez "
                              "la modification avec votre propre mot de passe, que la base centrale vérifie."),
    "signin.failed": ("The user name or password is not right. Check both and try again.",
                      "Le nom d’utilisateur ou le mot de passe n’est pas bon. Vérifiez les deux et réessayez."),
    "signin.locked": ("Too many wrong passwords for this user name. Wait {wait} and try again, or ask an administrator "
                      "to reset your password if you have forgotten it.",
                      "Trop de mots de passe erronés pour ce nom d’utilisateur. Attendez {wait} et réessayez, ou "
                      "demandez à un administrateur de réinitialiser votre mot de passe si vous l’avez oublié."),
    "staff.username_invalid": ("'{text}' cannot be a user name: use 2 to 32 letters, digits, '.', '_' or '-', starting "
                               "with a letter (for example rita.cote).",
                               "« {text} » ne peut pas être un nom d’utilisateur : utilisez de 2 à 32 lettres, chiffres, "
                               "« . », « _ » ou « - », en commençant par une lettre (par exemple rita.cote)."),
    "staff.name_control": ("The full name contains an invisible or control character; type it again.",
                           "Le nom complet contient un caractère invisible ou de contrôle; saisissez-le de nouveau."),
    "staff.name_empty": ("Enter the person's full name, as colleagues know them.",
                         "Saisissez le nom complet de la personne, tel que ses collègues le connaissent."),
    "staff.name_short": ("The full name is too short: use at least {minimum} characters.",
                         "Le nom complet est trop court : utilisez au moins {minimum} caractères."),
    "staff.name_long": ("The full name is too long: use at most {maximum} characters.",
                        "Le nom complet est trop long : utilisez au plus {maximum} caractères."),
    "staff.name_formula": ("A full name cannot start with '{char}'; start it with a letter.",
                           "Un nom complet ne peut pas commencer par « {char} »; commencez-le par une lettre."),
    "staff.password_short": ("The password has {length} characters; use at least {minimum}. A few unrelated words make "
                             "a long password that is easy to remember.",
                             "Le mot de passe a {length} caractères; utilisez-en au moins {minimum}. Quelques mots sans "
                             "lien entre eux font un long mot de passe facile à retenir."),
    "staff.password_long": ("The password is too long: use at most {maximum} characters.",
                            "Le mot de passe est trop long : utilisez au plus {maximum} caractères."),
    "staff.password_spaces": ("The password starts or ends with a space; remove it.",
                              "Le mot de passe commence ou finit par une espace; retirez-la."),
    "staff.password_easy": ("This password is too easy to guess; choose another one.",
                            "Ce mot de passe est trop facile à deviner; choisissez-en un autre."),
    "staff.password_username": ("The password must not contain the user name; choose another one.",
                                "Le mot de passe ne doit pas contenir le nom d’utilisateur; choisissez-en un autre."),
    "staff.reason_empty": ("Write why the override is needed (at least a few words); it is kept in the audit trail.",
                           "Écrivez pourquoi l’autorisation est nécessaire (quelques mots au moins); c’est conservé "
                           "dans le journal d’audit."),
    "staff.reason_long": ("The reason is too long: use at most {maximum} characters.",
                          "Le motif est trop long : utilisez au plus {maximum} caractères."),
    "staff.role_unknown": ("'{text}' is not a role; use one of: {allowed}.",
                           "« {text} » n’est pas un rôle; utilisez l’un de ceux-ci : {allowed}."),
    "otp.tries_left": ("The code is not right. {left} left. Ask the student to read it again.",
                       "Le code n’est pas bon. Il reste {left}. Demandez à l’étudiant de le relire."),
    "otp.no_tries_left": ("The code is not right, and this code cannot be tried again. Send a new code.",
                          "Le code n’est pas bon, et ce code ne peut plus être essayé. Envoyez un nouveau code."),
    "otp.expired": ("This code has expired. Send a new code.", "Ce code a expiré. Envoyez un nouveau code."),
    "otp.already_used": ("This code was already used, or a newer code replaced it. Type the latest code the student "
                         "received, or send a new code.",
                         "Ce code a déjà servi, ou un code plus récent l’a remplacé. Saisissez le dernier code reçu par "
                         "l’étudiant, ou envoyez un nouveau code."),
    "otp.not_found": ("No code was sent for this payment, or it never reached the student. Send a new code.",
                      "Aucun code n’a été envoyé pour ce paiement, ou il n’est jamais parvenu à l’étudiant. Envoyez un "
                      "nouveau code."),
    "otp.what.enrollment": ("enrollment", "l’inscription"),
    "otp.what.amount": ("amount", "le montant"),
    "otp.what.email": ("email address", "l’adresse courriel"),
    "otp.mismatch": ("The {what} changed after the code was sent. Send a new code for this payment.",
                     "Changement après l’envoi du code : {what}. Envoyez un nouveau code pour ce paiement."),
    "otp.locked": ("Too many wrong codes for this student, so code confirmation is paused. Try again in {wait}, with a "
                   "new code.",
                   "Trop de codes erronés pour cet étudiant : la confirmation par code est suspendue. Réessayez dans "
                   "{wait}, avec un nouveau code."),
    "otp.throttled_student": ("Too many codes were sent to this student just now. Wait {wait}, then send a new code.",
                              "Trop de codes viennent d’être envoyés à cet étudiant. Attendez {wait}, puis envoyez un "
                              "nouveau code."),
    "otp.throttled_desk": ("Too many codes were sent from this desk just now. Wait {wait}, then send a new code.",
                           "Trop de codes viennent d’être envoyés depuis ce poste. Attendez {wait}, puis envoyez un "
                           "nouveau code."),
    "otp.expires_at": ("The code expires at {at}.", "Le code expire à {at}."),
    "staff.central_refused_password": ("The central database refused the staff change: the password is wrong, or this "
                                       "account may not make the change.",
                                       "La base centrale a refusé la modification du personnel : le mot de passe est "
                                       "erroné, ou ce compte ne peut pas faire cette modification."),
    "staff.central_first_admin": ("The first account of the central database must be an administrator.",
                                  "Le premier compte de la base centrale doit être un administrateur."),
    "staff.central_only_admin": ("Staff accounts change on the central database only through an administrator's "
                                 "authenticated action.",
                                 "Les comptes du personnel ne changent dans la base centrale que par une action "
                                 "authentifiée d’un administrateur."),
    "staff.central_refused": ("The central database refused the staff change ({reason}).",
                              "La base centrale a refusé la modification du personnel ({reason})."),
    "staff.deactivated": ("The account {username} is deactivated. Ask an administrator.",
                          "Le compte {username} est désactivé. Adressez-vous à un administrateur."),
    "staff.language_unknown": ("Unknown language {language}: choose one of {interface_languages}.",
                               "Langue inconnue {language} : choisissez parmi {interface_languages}."),
    "staff.system_language": ("The system account has no language to keep.",
                              "Le compte système n’a pas de langue à conserver."),
}

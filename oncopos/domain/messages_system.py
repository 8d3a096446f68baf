"""Messages about the desk's machinery as a person meets it: the database, the central database and
its sync, mail, printing, stored documents, and the one line for an unexpected error."""

from __future__ import annotations

from oncopos.domain.messages import Texts

TEXTS: dict[str, Texts] = {
    "error.unexpected": ("Something unexpected went wrong ({kind}). Nothing more was done; try again, and if it happens "
                         "again tell an administrator (the details are in the log).",
                         "Une erreur inattendue s’est produite ({kind}). Rien d’autre n’a été fait; réessayez, et si "
                         "cela se reproduit, prévenez un administrateur (les détails sont dans le journal)."),
    # --- this desk's database -------------------------------------------------------------------
    "db.busy": ("This desk's database is busy with another task (a sync or a report) and did not free up in time. "
                "Nothing was saved by this step; wait a moment and try again.",
                "La base de données de ce poste est occupée par une autre tâche (une synchronisation ou un rapport) et "
                "ne s’est pas libérée à temps. Rien n’a été enregistré à cette étape; attendez un moment et réessayez."),
    # --- the central database and sync ----------------------------------------------------------
    "central.busy": ("The central database {url} is busy with another desk's sync; this desk tries again shortly. "
                     "Payments and edits keep working here.",
                     "La base de données centrale {url} est occupée par la synchronisation d’un autre poste; ce poste "
                     "réessaiera sous peu. Les paiements et les modifications continuent de fonctionner ici."),
    "central.unreachable": ("Cannot reach the central database {url} ({reason}). Payments and edits keep working here "
                            "and are sent when it is reachable again.",
                            "La base de données centrale {url} est injoignable ({reason}). Les paiements et les "
                            "modifications continuent ici et seront envoyés quand elle sera de nouveau joignable."),
    "central.unreachable_password": ("Cannot reach the central database {url} ({reason}). Set the password with: "
                                     "oncopos secrets set central_db_password. Payments and edits keep working here and "
                                     "are sent when it is reachable again.",
                                     "La base de données centrale {url} est injoignable ({reason}). Définissez le mot "
                                     "de passe avec : oncopos secrets set central_db_password. Les paiements et les "
                                     "modifications continuent ici et seront envoyés quand elle sera de nouveau "
                                     "joignable."),
    "sync.unexpected": ("Sync failed unexpectedly ({kind}); it will be retried. See the log for details.",
                        "La synchronisation a échoué de façon inattendue ({kind}); elle sera reprise. Voyez le journal "
                        "pour les détails."),
    "sync.desk_not_reached": ("This desk has not reached the central database yet, so it cannot know which invoice "
                              "numbers its earlier installation already used; no payment can be taken until it has. "
                              "Check the network connection to the central database, then run `oncopos sync --once` or "
                              "wait for the status bar to say online. ({reason})",
                              "Ce poste n’a pas encore joint la base de données centrale : il ne peut pas savoir quels "
                              "numéros de facture son installation précédente a déjà utilisés; aucun paiement ne peut "
                              "être pris d’ici là. Vérifiez la connexion réseau à la base centrale, puis lancez "
                              "`oncopos sync --once` ou attendez que la barre d’état indique « en ligne ». ({reason})"),
    "sync.desk_not_synced": ("This desk cannot take payments until it has synced with the central database: {reason}",
                             "Ce poste ne peut pas prendre de paiement avant de s’être synchronisé avec la base de "
                             "données centrale : {reason}"),
    "sync.rows_missing": ("The central database refers to {count} {table} row(s) it does not hold (e.g. {example}). Ask "
                          "the administrator of the central database to check it.",
                          "La base de données centrale renvoie à {count} ligne(s) {table} qu’elle ne contient pas (par "
                          "exemple {example}). Demandez à l’administrateur de la base centrale de la vérifier."),
    "sync.too_deep": ("Rows from the central database refer to each other too deeply to apply; sync stopped.",
                      "Des lignes de la base de données centrale se renvoient les unes aux autres trop profondément pour "
                      "être appliquées; la synchronisation est arrêtée."),
    "sync.claimed": ("{desk} ({staff}) is charging this enrollment right now ({amount}). Nothing was charged here. Wait "
                     "until that payment ends, then check the balance before charging again (if that desk stopped, the "
                     "enrollment is free in {seconds} s).",
                     "{desk} ({staff}) débite cette inscription en ce moment ({amount}). Rien n’a été prélevé ici. "
                     "Attendez la fin de ce paiement, puis vérifiez le solde avant de débiter de nouveau (si ce poste "
                     "s’est arrêté, l’inscription sera libre dans {seconds} s)."),
    # --- the status bar's sync indicator --------------------------------------------------------
    "sync.status.connecting": ("Central: connecting…", "Central : connexion…"),
    "sync.status.offline": ("Central: offline · {pending}", "Central : hors ligne · {pending}"),
    "sync.status.syncing": ("Central: syncing… · {pending}", "Central : synchronisation… · {pending}"),
    "sync.status.online_synced": ("Central: online · synced {at} · {pending}",
                                  "Central : en ligne · synchronisé à {at} · {pending}"),
    "sync.status.online": ("Central: online · {pending}", "Central : en ligne · {pending}"),
    "sync.status.waiting": ("{count} waiting", "{count} en attente"),
    "sync.status.nothing_waiting": ("nothing waiting", "rien en attente"),
    "sync.status.about": ("Changes made at this desk are sent to the central database; changes made elsewhere arrive "
                          "here.",
                          "Les modifications faites à ce poste sont envoyées à la base de données centrale; celles "
                          "faites ailleurs arrivent ici."),
    "sync.status.offline_note": ("Payments and edits keep working; they are sent when the central database is back.",
                                 "Les paiements et les modifications continuent; ils seront envoyés au retour de la base "
                                 "de données centrale."),
    "sync.status.receiving": ("Receiving {percent} %", "Réception {percent} %"),
    # --- mail -----------------------------------------------------------------------------------
    "mail.not_sent": ("The email was not sent. {reason}", "Le courriel n’a pas été envoyé. {reason}"),
    "mail.unencrypted": ("OncoPOS will not send the password of {user} to {server} without encryption. Set "
                         "SMTP_SECURITY to starttls (usually port 587) or ssl (usually port 465).",
                         "OncoPOS n’enverra pas le mot de passe de {user} à {server} sans chiffrement. Réglez "
                         "SMTP_SECURITY à starttls (habituellement le port 587) ou ssl (habituellement le port 465)."),
    "mail.no_password": ("No password is saved for the mail account {user}. An administrator sets it with: {command}",
                         "Aucun mot de passe n’est enregistré pour le compte de courriel {user}. Un administrateur le "
                         "définit avec : {command}"),
    "mail.refused_connection": ("The mail server {server} refused the connection ({reply}). Try again later; if it keeps "
                                "happening, check SMTP_HOST and SMTP_PORT with your email provider.",
                                "Le serveur de courriel {server} a refusé la connexion ({reply}). Réessayez plus tard; "
                                "si cela continue, vérifiez SMTP_HOST et SMTP_PORT avec votre fournisseur de courriel."),
    "mail.cannot_connect": ("Cannot connect to the mail server {server} ({reason}). Check that this computer is online, "
                            "and that SMTP_HOST and SMTP_PORT are right.",
                            "Impossible de se connecter au serveur de courriel {server} ({reason}). Vérifiez que cet "
                            "ordinateur est en ligne, et que SMTP_HOST et SMTP_PORT sont justes."),
    "mail.no_starttls": ("The mail server {server} does not offer STARTTLS. If it expects TLS from the start, set "
                         "SMTP_SECURITY=ssl (usually port 465).",
                         "Le serveur de courriel {server} n’offre pas STARTTLS. S’il attend TLS dès le départ, réglez "
                         "SMTP_SECURITY=ssl (habituellement le port 465)."),
    "mail.cert_untrusted": ("TLS with the mail server {server} failed: its certificate cannot be trusted ({reason}). Check "
                            "that SMTP_HOST is the name on the server's certificate.",
                            "TLS avec le serveur de courriel {server} a échoué : son certificat n’est pas digne de "
                            "confiance ({reason}). Vérifiez que SMTP_HOST est le nom inscrit sur le certificat du "
                            "serveur."),
    "mail.tls_setup": ("TLS with the mail server {server} failed ({reason}). Check SMTP_SECURITY: starttls for port 587, "
                       "ssl for port 465.",
                       "TLS avec le serveur de courriel {server} a échoué ({reason}). Vérifiez SMTP_SECURITY : starttls "
                       "pour le port 587, ssl pour le port 465."),
    "mail.tls_failed": ("TLS with the mail server {server} failed ({reason}). Try again later.",
                        "TLS avec le serveur de courriel {server} a échoué ({reason}). Réessayez plus tard."),
    "mail.login_refused": ("The mail server {server} refused the login of {user} ({reply}). Check SMTP_USER, then save "
                           "the right password with: {command}",
                           "Le serveur de courriel {server} a refusé la connexion de {user} ({reply}). Vérifiez "
                           "SMTP_USER, puis enregistrez le bon mot de passe avec : {command}"),
    "mail.no_login": ("The mail server {server} does not accept a login on this connection. Check SMTP_SECURITY, or "
                      "clear SMTP_USER if the server needs no login.",
                      "Le serveur de courriel {server} n’accepte pas d’authentification sur cette connexion. Vérifiez "
                      "SMTP_SECURITY, ou videz SMTP_USER si le serveur n’en demande pas."),
    "mail.login_failed": ("The login to the mail server {server} failed ({reason}). Try again later.",
                          "L’authentification au serveur de courriel {server} a échoué ({reason}). Réessayez plus tard."),
    "mail.address_refused": ("The mail server refused the address {to} ({reply}). Check the student's email address and "
                             "correct it in their record.",
                             "Le serveur de courriel a refusé l’adresse {to} ({reply}). Vérifiez l’adresse courriel de "
                             "l’étudiant et corrigez-la dans son dossier."),
    "mail.sender_refused": ("The mail server refused to send from {sender} ({reply}). BUSINESS_EMAIL must be an address "
                            "the SMTP account may send from.",
                            "Le serveur de courriel a refusé d’envoyer depuis {sender} ({reply}). BUSINESS_EMAIL doit "
                            "être une adresse que le compte SMTP peut utiliser comme expéditeur."),
    "mail.message_refused": ("The mail server refused the message ({reply}).",
                             "Le serveur de courriel a refusé le message ({reply})."),
    "mail.broke": ("The connection to the mail server {server} broke while sending ({reason}). Try again.",
                   "La connexion au serveur de courriel {server} a été coupée pendant l’envoi ({reason}). Réessayez."),
    # --- printing and stored documents ----------------------------------------------------------
    "print.no_cups": ("Printing is not available: the CUPS printing system is not installed on this computer (no 'lp' "
                      "command). Save the PDF or email it instead, and ask IT to install CUPS.",
                      "L’impression n’est pas disponible : le système d’impression CUPS n’est pas installé sur cet "
                      "ordinateur (pas de commande « lp »). Enregistrez le PDF ou envoyez-le par courriel, et demandez "
                      "au soutien informatique d’installer CUPS."),
    "print.timeout": ("The printing system did not answer within 30 seconds. Check the printer and try again.",
                      "Le système d’impression n’a pas répondu dans les 30 secondes. Vérifiez l’imprimante et réessayez."),
    "print.no_default": ("No printer is set up on this computer (no default printer). Add a printer in the system's "
                         "printer settings, or choose one by name, then print again.",
                         "Aucune imprimante n’est configurée sur cet ordinateur (pas d’imprimante par défaut). Ajoutez "
                         "une imprimante dans les réglages du système, ou choisissez-en une par son nom, puis imprimez "
                         "de nouveau."),
    "print.no_such_printer": ("The printer {printer} does not exist on this computer. Choose another printer.",
                              "L’imprimante {printer} n’existe pas sur cet ordinateur. Choisissez une autre imprimante."),
    "print.no_cups_service": ("The printing service (CUPS) is not running. Restart the computer or ask IT to start CUPS.",
                              "Le service d’impression (CUPS) n’est pas lancé. Redémarrez l’ordinateur ou demandez au "
                              "soutien informatique de lancer CUPS."),
    "print.refused": ("The printer refused the document: {reason}. Check the printer and try again.",
                      "L’imprimante a refusé le document : {reason}. Vérifiez l’imprimante et réessayez."),
    "print.no_reason": ("no reason given", "aucun motif donné"),
    "print.cannot_start": ("Could not start the printing command: {reason}.",
                           "Impossible de lancer la commande d’impression : {reason}."),
    "store.cannot_read": ("Cannot read {path}: {reason}. Check that the data folder is reachable.",
                          "Impossible de lire {path} : {reason}. Vérifiez que le dossier des données est accessible."),
    "store.exists": ("{path} already exists with different content; it was not replaced. Ask a manager to check the "
                     "document before reprinting.",
                     "{path} existe déjà avec un autre contenu; il n’a pas été remplacé. Demandez à un gestionnaire de "
                     "vérifier le document avant de le réimprimer."),
    "store.cannot_save": ("Cannot save {path}: {reason}. Check free disk space and the data folder's permissions.",
                          "Impossible d’enregistrer {path} : {reason}. Vérifiez l’espace disque libre et les "
                          "autorisations du dossier des données."),
    "central.desk_mismatch": ("This desk signs in to the central database as workstation {desk} but is set to "
                              "{workstation_id}. Set WORKSTATION_ID back to {desk}, or have the administrator "
                              "register this desk: oncopos central add-desk {workstation_id}.",
                              "Ce poste se connecte à la base centrale comme poste {desk}, mais il est réglé sur "
                              "{workstation_id}. Remettez WORKSTATION_ID à {desk}, ou demandez à l’administrateur "
                              "d’enregistrer ce poste : oncopos central add-desk {workstation_id}."),
    "central.not_postgres": ("The central database is PostgreSQL; this URL is not.",
                             "La base centrale est PostgreSQL ; cette URL ne l’est pas."),
    "central.series_mismatch": ("Workstation {workstation_id} is registered on the central database with invoice "
                                "series {invoice_series}, but this desk is set to {invoice_series2}. Set "
                                "INVOICE_SERIES back to {invoice_series}, or give this desk a new WORKSTATION_ID "
                                "with its own series.",
                                "Le poste {workstation_id} est enregistré dans la base centrale avec la série de "
                                "factures {invoice_series}, mais ce poste est réglé sur {invoice_series2}. Remettez "
                                "INVOICE_SERIES à {invoice_series}, ou donnez à ce poste un nouveau WORKSTATION_ID "
                                "avec sa propre série."),
    "central.series_taken": ("Invoice series {invoice_series} already belongs to workstation {id} on the central "
                             "database. Two desks with one series would issue the same invoice numbers: give this "
                             "desk its own series (INVOICE_SERIES, e.g. DESK2) and sync again.",
                             "La série de factures {invoice_series} appartient déjà au poste {id} dans la base "
                             "centrale. Deux postes avec une même série émettraient les mêmes numéros de facture : "
                             "donnez à ce poste sa propre série (INVOICE_SERIES, p. ex. DESK2) et synchronisez de "
                             "nouveau."),
    "central.workstation_id_invalid": ("{workstation_id} is not a workstation id a desk can have; use letters, "
                                       "digits, - or _ (e.g. DESK2).",
                                       "{workstation_id} n’est pas un identifiant de poste valide ; utilisez des "
                                       "lettres, des chiffres, - ou _ (p. ex. DESK2)."),
    "central.workstation_registered": ("Workstation {workstation_id} is already registered with the login {holder}.",
                                       "Le poste {workstation_id} est déjà enregistré avec l’identifiant de "
                                       "connexion {holder}."),
    "db.backup_failed": ("could not back up the database before upgrading it ({exc}). Free some space in "
                         "{backups_dir} or make it writable, then start OncoPOS again; the database was not changed.",
                         "impossible de sauvegarder la base de données avant sa mise à niveau ({exc}). Libérez de "
                         "l’espace dans {backups_dir} ou rendez ce dossier accessible en écriture, puis redémarrez "
                         "OncoPOS ; la base de données n’a pas été modifiée."),
    "mail.training_inbox_unwritable": ("The training inbox {directory} cannot be written ({exc}). Check that the "
                                       "folder exists and that this user may write in it.",
                                       "La boîte de réception de formation {directory} n’est pas accessible en "
                                       "écriture ({exc}). Vérifiez que le dossier existe et que cet utilisateur peut"
                                       " y écrire."),
    "secrets.empty": ("The value for '{name}' is empty; nothing was saved.",
                      "La valeur de « {name} » est vide ; rien n’a été enregistré."),
    "secrets.read_refused": ("The keyring refused to read '{name}': {exc}. Unlock it and try again.",
                             "Le trousseau a refusé de lire « {name} » : {exc}. Déverrouillez-le et réessayez."),
    "secrets.save_refused": ("The keyring refused to save '{name}': {exc}. Unlock it and try again.",
                             "Le trousseau a refusé d’enregistrer « {name} » : {exc}. Déverrouillez-le et réessayez."),
    "secrets.unknown": ("'{name}' is not a secret OncoPOS uses; use one of: {secret_names}.",
                        "« {name} » n’est pas un secret utilisé par OncoPOS ; utilisez l’un de ceux-ci : "
                        "{secret_names}."),
    "settings.no_file": ("There is no settings file at {source}. Check the path.",
                         "Il n’y a pas de fichier de paramètres à {source}. Vérifiez le chemin."),
    "settings.value_empty": ("The new value is empty; nothing was saved. Paste or type it, then save again.",
                             "La nouvelle valeur est vide ; rien n’a été enregistré. Collez-la ou tapez-la, puis "
                             "enregistrez de nouveau."),
    "sync.unknown_central_table": ("The central database has changes to table {table_name}, which this version of "
                                   "OncoPOS does not know. Update OncoPOS on this desk, then sync again.",
                                   "La base centrale a des modifications à la table {table_name}, que cette version "
                                   "d’OncoPOS ne connaît pas. Mettez OncoPOS à jour sur ce poste, puis synchronisez "
                                   "de nouveau."),
    "sync.unknown_local_table": ("This desk sent changes to table {table}, which sync does not know.",
                                 "Ce poste a envoyé des modifications à la table {table}, que la synchronisation ne "
                                 "connaît pas."),
}

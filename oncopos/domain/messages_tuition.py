"""Messages about tuition slips (T2202): the student's SIN and consent, the course's tuition class
and weekly hours, issuing, delivering and filing the slips."""

from __future__ import annotations

from oncopos.domain.messages import Texts

TEXTS: dict[str, Texts] = {
    # --- why a student gets no slip (oncopos.domain.tuition.Ineligible) --------------------------
    "tuition.ineligible.fees_too_low": ("The year's eligible tuition is not more than $100: no slip is issued.",
                                        "Les frais de scolarité admissibles de l’année ne dépassent pas 100 $ : aucun "
                                        "feuillet."),
    "tuition.ineligible.under_sixteen": ("The student was under 16 at the end of the year: occupational-skills courses "
                                         "do not qualify.",
                                         "L’étudiant avait moins de 16 ans à la fin de l’année : les cours de "
                                         "compétences professionnelles ne donnent pas droit au feuillet."),
    # --- what a slip needs before it is filed (oncopos.domain.tuition.Missing) -------------------
    "tuition.missing.sin": ("No social insurance number: ask the student for it.",
                            "Numéro d’assurance sociale manquant : à demander à l’étudiant."),
    "tuition.missing.sin_invalid": ("The social insurance number on file is not valid: check it with the student.",
                                    "Le numéro d’assurance sociale enregistré n’est pas valide : à vérifier avec "
                                    "l’étudiant."),
    "tuition.missing.address": ("No mailing address: complete the student's record.",
                                "Adresse postale manquante : à compléter dans la fiche de l’étudiant."),
    "tuition.missing.date_of_birth": ("No date of birth: needed for the age-16 rule.",
                                      "Date de naissance manquante : nécessaire pour la règle des 16 ans."),
    # --- the student's SIN and consent ----------------------------------------------------------
    "tuition.sin_invalid": ("That is not a valid social insurance number: it has 9 digits, does not start with 0 or 8, "
                            "and passes the check digit. Check it with the student; nothing was saved.",
                            "Ce numéro d’assurance sociale n’est pas valide : il a 9 chiffres, ne commence ni par 0 ni "
                            "par 8 et respecte le chiffre de contrôle. Vérifiez-le avec l’étudiant; rien n’a été "
                            "enregistré."),
    "tuition.sin_no_key": ("A social insurance number is on file, but this desk does not have the school's SIN key and "
                           "cannot read it. An administrator copies the key from the desk that made it: oncopos secrets "
                           "set sin_encryption_key.",
                           "Un numéro d’assurance sociale est au dossier, mais ce poste n’a pas la clé NAS de l’école et "
                           "ne peut pas le lire. Un administrateur copie la clé du poste qui l’a créée : oncopos secrets "
                           "set sin_encryption_key."),
    "tuition.sin_other_key": ("A social insurance number on file was sealed with another key than this desk's. An "
                              "administrator sets the school's key on this desk: oncopos secrets set sin_encryption_key.",
                              "Un numéro d’assurance sociale au dossier a été chiffré avec une autre clé que celle de "
                              "ce poste. Un administrateur installe la clé de l’école sur ce poste : oncopos secrets set "
                              "sin_encryption_key."),
    # --- the catalogue --------------------------------------------------------------------------
    "tuition.class": ("Choose how the course counts on a T2202: post-secondary level, occupational skills, or not "
                      "tuition.",
                      "Choisissez comment le cours compte sur le T2202 : niveau postsecondaire, compétences "
                      "professionnelles, ou pas des frais de scolarité."),
    "tuition.kit_not_tuition": ("A kit is goods, not a course: its price is never tuition on a T2202.",
                                "Une trousse est un bien, pas un cours : son prix n’est jamais compté comme frais de "
                                "scolarité sur le T2202."),
    "tuition.weekly_hours": ("Weekly hours are a number of hours from 0 to 168, such as 12, 7.5 or 7:30; leave it empty "
                             "when not known.",
                             "Les heures par semaine sont un nombre d’heures de 0 à 168, par exemple 12, 7,5 ou 7:30; "
                             "laissez vide si vous ne le savez pas."),
    # --- the year -------------------------------------------------------------------------------
    "tuition.year": ("Give a calendar year from {first} to {last}.",
                     "Indiquez une année civile de {first} à {last}."),
    "tuition.no_account": ("The school's T2202 account number is not set. An administrator enters it in the settings "
                           "(T2202_ACCOUNT: 9 digits, RZ, 4 digits, e.g. 123456789RZ0001).",
                           "Le numéro de compte T2202 de l’école n’est pas configuré. Un administrateur l’inscrit dans "
                           "les paramètres (T2202_ACCOUNT : 9 chiffres, RZ, 4 chiffres, p. ex. 123456789RZ0001)."),
    "tuition.not_ready": ("The slip of {student} cannot be issued yet: {reasons}",
                          "Le feuillet de {student} ne peut pas encore être produit : {reasons}"),
    "tuition.year_not_over": ("Slips of {year} are issued once the year is over.",
                              "Les feuillets {year} sont produits une fois l’année terminée."),
    "tuition.nothing_to_issue": ("{student}'s slip of {year} is up to date: nothing to issue.",
                                 "Le feuillet {year} de {student} est à jour : rien à produire."),
    "tuition.nothing_to_cancel": ("{student} has no slip of {year} in force to cancel.",
                                  "{student} n’a aucun feuillet {year} en vigueur à annuler."),
    "tuition.slip_not_found": ("This tuition slip is not on this desk's records. Refresh the list.",
                               "Ce feuillet T2202 n’est pas dans les dossiers de ce poste. Actualisez la liste."),
    "tuition.no_originals": ("No original slip of {year} is waiting to be filed. Issue the slips first.",
                             "Aucun feuillet original {year} n’attend d’être transmis. Produisez d’abord les feuillets."),
    "tuition.no_amendments": ("No amended or cancelled slip of {year} is waiting to be filed.",
                              "Aucun feuillet modifié ou annulé {year} n’attend d’être transmis."),
    "tuition.originals_first": ("File the original return of {year} before its amendments: {count} original slip(s) "
                                "are not filed yet.",
                                "Transmettez la déclaration originale {year} avant ses modifications : {count} "
                                "feuillet(s) original(aux) ne sont pas encore transmis."),
    "tuition.cannot_file": ("The return of {year} cannot be made: {problem}",
                            "La déclaration {year} ne peut pas être produite : {problem}"),
    # --- delivery -------------------------------------------------------------------------------
    "tuition.no_consent": ("{student} has not agreed to receive the slip by email. Print it for the student, or record "
                           "the student's consent first.",
                           "{student} n’a pas accepté de recevoir le feuillet par courriel. Imprimez-le pour "
                           "l’étudiant, ou enregistrez d’abord son consentement."),
    "tuition.no_email": ("{student} has no email address on file. Print the slip instead.",
                         "{student} n’a pas d’adresse courriel au dossier. Imprimez plutôt le feuillet."),
    "tuition.mail_off": ("Email is not set up on this desk. Print the slip instead.",
                         "Le courriel n’est pas configuré sur ce poste. Imprimez plutôt le feuillet."),
    "tuition.cancelled_not_sent": ("A cancelled slip is not sent to the student: CRA is told with the amended return.",
                                   "Un feuillet annulé n’est pas envoyé à l’étudiant : l’ARC en est informée par la "
                                   "déclaration modificative."),
    "tuition.no_student_number": ("No student has the number {number}. Check it and try again.",
                                  "Aucun étudiant ne porte le numéro {number}. Vérifiez-le et réessayez."),
    "tuition.return_kind": ("A T2202 return is '{original}' or '{amended}', not '{kind}'.",
                            "Une déclaration T2202 est « {original} » ou « {amended} », et non « {kind} »."),
    "tuition.sin_key_invalid": ("The sin_encryption_key in this desk's keyring is not a valid key. Set it again from "
                                "the desk that made it: oncopos secrets set sin_encryption_key",
                                "La clé sin_encryption_key du trousseau de ce poste n’est pas une clé valide. "
                                "Définissez-la de nouveau depuis le poste qui l’a créée : oncopos secrets set "
                                "sin_encryption_key"),
    "tuition.slip_gone": ("This tuition slip is not on this desk's records.",
                          "Ce feuillet de frais de scolarité ne figure pas dans les dossiers de ce poste."),
    "tuition.return_gone": ("This T2202 return is not on this desk's records.",
                            "Cette déclaration T2202 ne figure pas dans les dossiers de ce poste."),
}

"""Messages about what a person types and the records it makes: amounts, names and contact details,
students, courses and sections, enrollments."""

from __future__ import annotations

from oncopos.domain.messages import Texts

#: The name of each form field, as a validation message says it ("{field} ...").
FIELDS: dict[str, Texts] = {
    "first_name": ("First name", "Prénom"),
    "last_name": ("Last name", "Nom de famille"),
    "preferred_name": ("Preferred name", "Nom d’usage"),
    "address_line1": ("Address", "Adresse"),
    "address_line2": ("Address line 2", "Adresse (ligne 2)"),
    "city": ("City", "Ville"),
    "date_of_birth": ("Date of birth", "Date de naissance"),
    "name": ("Course name", "Nom du cours"),
    "description": ("Description", "Description"),
    "tax_basis": ("Legal basis", "Fondement juridique"),
    "tuition_basis": ("Tuition basis", "Fondement (frais de scolarité)"),
    "start_date": ("Start date", "Date de début"),
    "end_date": ("End date", "Date de fin"),
    "schedule": ("Schedule", "Horaire"),
    "location": ("Location", "Lieu"),
}

TEXTS: dict[str, Texts] = {
    **{f"field.{key}": texts for key, texts in FIELDS.items()},
    **{f"field_lower.{key}": (en.lower(), fr.lower()) for key, (en, fr) in FIELDS.items()},
    # --- text fields ----------------------------------------------------------------------------
    "text.control_char": ("{field} contains a control character. Retype it.",
                          "{field} : le texte contient un caractère de contrôle. Saisissez-le de nouveau."),
    "text.too_long": ("{field} is {length} characters long; the limit is {maximum}.",
                      "{field} : {length} caractères, alors que la limite est de {maximum}."),
    # {field} is the field's name in lower case here (field_lower.*).
    "text.required": ("Enter the {field}.", "Champ obligatoire : {field}."),
    "name.bad_chars": ("{field} may contain letters, spaces, apostrophes, hyphens and periods only (not '{char}').",
                       "{field} : seuls les lettres, espaces, apostrophes, traits d’union et points sont permis (pas "
                       "« {char} »)."),
    "name.no_letter": ("{field} must contain at least one letter.", "{field} : il faut au moins une lettre."),
    # --- email, phone, address ------------------------------------------------------------------
    "email.example": ("for example name@example.ca", "par exemple nom@exemple.ca"),
    "email.empty": ("Enter an email address, {example}.", "Saisissez une adresse courriel, {example}."),
    "email.space": ("'{value}' has a space in it. An email address has none; {example}.",
                    "« {value} » contient une espace. Une adresse courriel n’en a pas; {example}."),
    "email.no_at": ("'{value}' has no @. Type one address, {example}.",
                    "« {value} » n’a pas de @. Saisissez une seule adresse, {example}."),
    "email.many_at": ("'{value}' has more than one @. Type one address, {example}.",
                      "« {value} » a plus d’un @. Saisissez une seule adresse, {example}."),
    "email.too_long": ("That email address is longer than {maximum} characters. Check it.",
                       "Cette adresse courriel dépasse {maximum} caractères. Vérifiez-la."),
    "email.bad_local": ("The part before @ in '{value}' is not valid: use letters, digits and . _ - + with no dot at the "
                        "start, the end or twice in a row.",
                        "La partie avant le @ dans « {value} » n’est pas valide : utilisez des lettres, des chiffres et "
                        ". _ - +, sans point au début, à la fin ni deux fois de suite."),
    "email.no_dot": ("The part after @ in '{value}' has no dot. Check the domain, for example gmail.com or videotron.ca.",
                     "La partie après le @ dans « {value} » n’a pas de point. Vérifiez le domaine, par exemple gmail.com "
                     "ou videotron.ca."),
    "email.bad_domain": ("'{domain}' is not a valid email domain. Check the part after @.",
                         "« {domain} » n’est pas un domaine de courriel valide. Vérifiez la partie après le @."),
    "email.short_domain": ("'{domain}' ends in a one-letter domain. Check the part after @.",
                           "« {domain} » se termine par un domaine d’une seule lettre. Vérifiez la partie après le @."),
    "email.bad_domain_in": ("'{domain}' is not a valid email domain. Check the part after @ in '{value}'.",
                            "« {domain} » n’est pas un domaine de courriel valide. Vérifiez la partie après le @ dans "
                            "« {value} »."),
    "phone.extension": ("Extensions cannot be stored. Enter the number without the extension, or the student's own "
                        "number.",
                        "Les postes téléphoniques ne peuvent pas être enregistrés. Saisissez le numéro sans le poste, ou "
                        "le numéro personnel de l’étudiant."),
    "phone.not_number": ("'{value}' is not a phone number. Use digits, for example 416-555-0123.",
                         "« {value} » n’est pas un numéro de téléphone. Utilisez des chiffres, par exemple 514-555-0123."),
    "phone.international": ("'{value}' has {digits} digits; an international number has 8 to 15 with its country code.",
                            "« {value} » a {digits} chiffres; un numéro international en a de 8 à 15 avec l’indicatif "
                            "du pays."),
    "phone.canadian": ("'{value}' has {digits} digits; a Canadian number has 10 with the area code, for example "
                       "416-555-0123. For another country, start with + and the country code.",
                       "« {value} » a {digits} chiffres; un numéro canadien en a 10 avec l’indicatif régional, par "
                       "exemple 514-555-0123. Pour un autre pays, commencez par + et l’indicatif du pays."),
    "phone.area": ("{area} is not an area code. Check the first three digits.",
                   "{area} n’est pas un indicatif régional. Vérifiez les trois premiers chiffres."),
    "phone.exchange": ("{exchange} is not a valid exchange. Check the number.",
                       "{exchange} n’est pas un central valide. Vérifiez le numéro."),
    "province.choose": ("Choose the province or territory.", "Choisissez la province ou le territoire."),
    "province.unknown": ("'{text}' is not a province or territory. Use one of {codes}.",
                         "« {text} » n’est pas une province ni un territoire. Utilisez l’un de ces codes : {codes}."),
    "province.unknown_code": ("Unknown province or territory '{code}'. Use a two-letter code: {codes}.",
                              "Province ou territoire inconnu : « {code} ». Utilisez un code de deux lettres : {codes}."),
    "tax.no_rate": ("OncoPOS has no {province} tax rates before {since}, so it cannot compute tax for {on}. Check the "
                    "date of the sale.",
                    "OncoPOS n’a pas de taux de taxe pour {province} avant le {since} : il ne peut pas calculer la taxe "
                    "du {on}. Vérifiez la date de la vente."),
    "province.for_address": ("Choose the province or territory of this address.",
                             "Choisissez la province ou le territoire de cette adresse."),
    "postal.invalid": ("'{text}' is not a Canadian postal code. Use letter-digit-letter digit-letter-digit, for example "
                       "M5V 2T6 (the letters D, F, I, O, Q and U are never used).",
                       "« {text} » n’est pas un code postal canadien. Utilisez lettre-chiffre-lettre chiffre-lettre-"
                       "chiffre, par exemple H2X 1Y4 (les lettres D, F, I, O, Q et U ne servent jamais)."),
    "postal.province": ("{code} is a postal code in {where} (it starts with {first}), but the province is {province}. "
                        "Correct the province or the postal code.",
                        "{code} est un code postal de la province ou du territoire suivant : {where} (il commence par "
                        "{first}), mais la province choisie est : {province}. Corrigez la province ou le code postal."),
    "postal.or": ("{one} or {other}", "{one} ou {other}"),
    "address.line1_first": ("Enter the street address on the first line; the second line is for an apartment or suite.",
                            "Saisissez l’adresse sur la première ligne; la deuxième sert à l’appartement ou au bureau."),
    "birth.future": ("The date of birth {day} is in the future. Check the year.",
                     "La date de naissance {day} est dans le futur. Vérifiez l’année."),
    "birth.too_young": ("A date of birth of {day} makes the student {age}. Students are at least 14; check the year.",
                        "Une date de naissance le {day} donne {age} ans à l’étudiant. Les étudiants ont au moins 14 ans; "
                        "vérifiez l’année."),
    "birth.too_old": ("A date of birth of {day} makes the student {age}. Check the year.",
                      "Une date de naissance le {day} donne {age} ans à l’étudiant. Vérifiez l’année."),
    "date.invalid": ("{field} '{value}' is not a date. Use year-month-day, for example 1990-04-27.",
                     "{field} : « {value} » n’est pas une date. Utilisez année-mois-jour, par exemple 1990-04-27."),
    "language.choose": ("Choose English or French as the preferred language.",
                        "Choisissez le français ou l’anglais comme langue préférée."),
    "fields.to_correct": ("{count} to correct: {lines}", "{count} à corriger : {lines}"),
    # --- amounts --------------------------------------------------------------------------------
    "amount.empty": ("Enter an amount, for example {example}.", "Saisissez un montant, par exemple {example}."),
    "amount.negative": ("An amount cannot be negative. Enter the amount to collect; refunds are done from the payment "
                        "history.",
                        "Un montant ne peut pas être négatif. Saisissez le montant à percevoir; les remboursements se "
                        "font depuis l’historique des paiements."),
    "amount.decimals": ("Use at most 2 decimals (cents), for example {example}.",
                        "Utilisez au plus 2 décimales (les cents), par exemple {example}."),
    "amount.ambiguous": ("'{text}' is ambiguous: in English, use a period for cents (for example {example}) and a comma "
                         "only between thousands (1,250.00).",
                         "« {text} » est ambigu : en anglais, utilisez un point pour les cents (par exemple {example}) "
                         "et une virgule seulement entre les milliers (1,250.00)."),
    "amount.mixed": ("'{text}' mixes a comma and a period. Use one of them for the cents and spaces between thousands, "
                     "for example 1 250,00.",
                     "« {text} » mêle une virgule et un point. Utilisez l’un des deux pour les cents et des espaces entre "
                     "les milliers, par exemple 1 250,00."),
    "amount.grouping": ("'{text}' has misplaced thousands separators. Group digits by three, for example {example}, or "
                        "type the digits without separators.",
                        "« {text} » a des séparateurs de milliers mal placés. Groupez les chiffres par trois, par exemple "
                        "{example}, ou saisissez les chiffres sans séparateur."),
    "amount.not_amount": ("'{text}' is not an amount. Use digits, for example {example}.",
                          "« {text} » n’est pas un montant. Utilisez des chiffres, par exemple {example}."),
    "amount.too_large": ("That amount is too large (the limit is under {limit}). Check the number of digits and enter the "
                         "amount again.",
                         "Ce montant est trop élevé (la limite est inférieure à {limit}). Vérifiez le nombre de chiffres "
                         "et saisissez le montant de nouveau."),
    "amount.over_configured_maximum": ("That amount is more than the maximum of {maximum} per payment. Check the number "
                                       "of digits, and split a larger sum into several payments.",
                                       "Ce montant dépasse le maximum de {maximum} par paiement. Vérifiez le nombre de "
                                       "chiffres et répartissez une somme plus élevée en plusieurs paiements."),
    "amount.not_money": ("{value} is not an amount of money.", "{value} n’est pas une somme d’argent."),
    "amount.fraction_cent": ("{value} has fractions of a cent; round it to the cent first.",
                             "{value} a des fractions de cent; arrondissez-le d’abord au cent."),
    "language.unsupported": ("Unsupported language '{locale}'. Use en-CA or fr-CA.",
                             "Langue non prise en charge : « {locale} ». Utilisez en-CA ou fr-CA."),
    "amount.nothing_owing": ("Nothing is owing on this enrollment, so there is nothing to collect.",
                             "Rien n’est dû sur cette inscription : il n’y a rien à percevoir."),
    "amount.above_zero": ("Enter an amount greater than zero, up to the balance owing of {balance}.",
                          "Saisissez un montant supérieur à zéro, jusqu’au solde dû de {balance}."),
    "amount.over_balance": ("{amount} is more than the balance owing of {balance}. Enter {balance} or less.",
                            "{amount} dépasse le solde dû de {balance}. Saisissez {balance} ou moins."),
    "amount.over_maximum": ("{amount} is more than the maximum of {maximum} per payment. Collect {maximum} or less now "
                            "and split the rest into several payments.",
                            "{amount} dépasse le maximum de {maximum} par paiement. Percevez {maximum} ou moins "
                            "maintenant et répartissez le reste en plusieurs paiements."),
    "amount.under_minimum": ("{amount} is less than the minimum payment of {minimum}. {hint}",
                             "{amount} est inférieur au paiement minimum de {minimum}. {hint}"),
    "amount.whole_balance": ("Collect the whole balance of {balance}.", "Percevez la totalité du solde de {balance}."),
    "amount.minimum_or_balance": ("Enter at least {minimum}, or the whole balance of {balance}.",
                                  "Saisissez au moins {minimum}, ou la totalité du solde de {balance}."),
    "amount.first_payment": ("This course asks for a first payment of at least {minimum}. Collect {collect} or more now.",
                             "Ce cours exige un premier paiement d’au moins {minimum}. Percevez {collect} ou plus "
                             "maintenant."),
    "amount.more_than_left": ("{amount} is more than the {left} left on this invoice.",
                              "{amount} dépasse les {left} qui restent sur cette facture."),
    # --- students, courses, sections, enrollments -----------------------------------------------
    "student.gone": ("This student no longer exists on this desk. Search again.",
                     "Cet étudiant n’existe plus à ce poste. Cherchez de nouveau."),
    "student.duplicate_email": ("{name} ({number}, {email}) has the same email{more}. Open the existing record, or "
                                "confirm that this is a different person and save again.",
                                "{name} ({number}, {email}) a la même adresse courriel{more}. Ouvrez le dossier "
                                "existant, ou confirmez qu’il s’agit d’une autre personne et enregistrez de nouveau."),
    "student.duplicate_name": ("{name} ({number}, {email}) has the same name and phone{more}. Open the existing record, "
                               "or confirm that this is a different person and save again.",
                               "{name} ({number}, {email}) a les mêmes nom et téléphone{more}. Ouvrez le dossier "
                               "existant, ou confirmez qu’il s’agit d’une autre personne et enregistrez de nouveau."),
    "student.and_more": (" and {count} more", " et {count} autre(s)"),
    "student.edit_conflict": ("{name}'s record was changed elsewhere while you were editing it. Close the editor, open "
                              "the student again to see the change, then make yours.",
                              "Le dossier de {name} a été modifié ailleurs pendant que vous le modifiiez. Fermez "
                              "l’éditeur, rouvrez l’étudiant pour voir la modification, puis faites la vôtre."),
    "course.gone": ("This course no longer exists. Choose another.", "Ce cours n’existe plus. Choisissez-en un autre."),
    "course.gone_catalogue": ("This course no longer exists. Reopen the catalogue.",
                              "Ce cours n’existe plus. Rouvrez le catalogue."),
    "course.code_taken": ("Course code {code} is already used by {name}. Choose another code.",
                          "Le code de cours {code} est déjà pris par {name}. Choisissez un autre code."),
    "course.not_offered": ("{code} {name} is no longer offered. Choose another course.",
                           "{code} {name} n’est plus offert. Choisissez un autre cours."),
    "section.gone": ("This section no longer exists. Choose another.", "Ce groupe n’existe plus. Choisissez-en un autre."),
    "section.gone_catalogue": ("This section no longer exists. Reopen the catalogue.",
                               "Ce groupe n’existe plus. Rouvrez le catalogue."),
    "section.target_gone": ("The section to move to no longer exists. Choose another.",
                            "Le groupe de destination n’existe plus. Choisissez-en un autre."),
    "section.code_taken": ("Section code {code} is already used. Choose another code.",
                           "Le code de groupe {code} est déjà pris. Choisissez un autre code."),
    "section.capacity_below": ("{taken} students hold a seat in this section; the capacity cannot be below {taken}.",
                               "{taken} étudiants occupent une place dans ce groupe; la capacité ne peut pas être "
                               "inférieure à {taken}."),
    "section.ended": ("Section {code} ended on {day}. Choose a later section.",
                      "Le groupe {code} a pris fin le {day}. Choisissez un groupe plus tard."),
    "section.full": ("Section {section} is full. {hint}", "Le groupe {section} est complet. {hint}"),
    "section.none_later": ("No later section of this course has a seat: ask a manager to open one or add a seat.",
                           "Aucun groupe plus tard de ce cours n’a de place : demandez à un gestionnaire d’en ouvrir un "
                           "ou d’ajouter une place."),
    "section.next": ("The next section with a seat is {section}.", "Le prochain groupe avec une place est {section}."),
    "section.next_seats": ("The next section with a seat is {section}, with {seats} left.",
                           "Le prochain groupe avec une place est {section}, qui a encore {seats}."),
    "record.changed_elsewhere": ("{what} was changed elsewhere while you were editing it. Close the editor and open it "
                                 "again.",
                                 "{what} : modifié ailleurs pendant que vous le modifiiez. Fermez l’éditeur et rouvrez-le."),
    "enrollment.gone": ("This enrollment no longer exists. Reload the student.",
                        "Cette inscription n’existe plus. Rechargez l’étudiant."),
    "enrollment.same_section": ("The student is already in this section. Choose another section.",
                                "L’étudiant est déjà dans ce groupe. Choisissez un autre groupe."),
    "enrollment.not_active": ("This enrollment is {status}; only an active enrollment can be withdrawn or moved.",
                              "Cette inscription est à l’état « {status} »; seule une inscription active peut être "
                              "retirée ou déplacée."),
    "enrollment.payment_in_flight": ("A payment on this enrollment is still in progress. Finish or cancel it, then "
                                     "withdraw or move the student.",
                                     "Un paiement sur cette inscription est encore en cours. Terminez-le ou annulez-le, "
                                     "puis retirez ou déplacez l’étudiant."),
    "enrollment.already_in_course": ("The student is already enrolled in {course} ({where}). To change sections, use "
                                     "Withdraw or transfer on that enrollment.",
                                     "L’étudiant est déjà inscrit à {course} ({where}). Pour changer de groupe, utilisez "
                                     "Retirer ou transférer sur cette inscription."),
    "enrollment.this_section": ("this section", "ce groupe"),
    "enrollment.section_named": ("section {code}", "groupe {code}"),
    "enrollment.status.active": ("active", "active"),
    "enrollment.status.withdrawn": ("withdrawn", "retirée"),
    "enrollment.status.transferred": ("transferred", "transférée"),
    "enrollment.status.cancelled": ("cancelled", "annulée"),
    "enrollment.status.completed": ("completed", "terminée"),
    "enrollment.withdrawn": ("Withdrawn from {code}. {money}", "Retiré de {code}. {money}"),
    "enrollment.moved_same": ("Moved from {source} to {target}. The price, tax and payments stay as they were.",
                              "Déplacé de {source} à {target}. Le prix, les taxes et les paiements restent les mêmes."),
    "enrollment.moved_new": ("Moved from {source} to {target} at today's price of {total} with tax. {money}",
                             "Déplacé de {source} à {target} au prix d’aujourd’hui de {total} taxes comprises. {money}"),
    "enrollment.no_credit": ("Nothing had been paid, so there is no credit.",
                             "Rien n’avait été payé : il n’y a donc pas de crédit."),
    "enrollment.credit": ("{amount} paid stays as credit on the student's account: apply it to a payment, or give it "
                          "back through Refunds.",
                          "{amount} payé reste en crédit au compte de l’étudiant : appliquez-le à un paiement, ou "
                          "rendez-le par les Remboursements."),
    "enrollment.reason_empty": ("Enter the reason (a few words): it goes in the student's record and the audit trail.",
                                "Saisissez le motif (quelques mots) : il est noté au dossier de l’étudiant et au journal "
                                "d’audit."),
    "enrollment.reason_long": ("The reason is {length} characters long; keep it under {maximum}.",
                               "Le motif a {length} caractères; gardez-le sous {maximum}."),
    "course.code_format": ("Enter a course code of 2 to 20 capital letters, digits or hyphens, for example OAP-100.",
                           "Saisissez un code de cours de 2 à 20 majuscules, chiffres ou traits d’union, par exemple "
                           "OAP-100."),
    "course.kind": ("Choose program, workshop or kit.", "Choisissez programme, atelier ou trousse."),
    "course.treatment": ("Choose taxable, exempt or zero-rated.", "Choisissez taxable, exonéré ou détaxé."),
    "course.kit_taxable": ("A kit is goods and stays taxable. Only a course of instruction can be exempt or zero-rated.",
                           "Une trousse est un bien et reste taxable. Seul un cours de formation peut être exonéré ou "
                           "détaxé."),
    "course.basis": ("Enter the legal basis of the exemption (for example: ETA Schedule V, Part III, s. 8).",
                     "Saisissez le fondement juridique de l’exonération (par exemple : LTA, annexe V, partie III, "
                     "art. 8)."),
    "course.deposit_over_price": ("The minimum first payment ({deposit}) is more than the price ({price}). Lower it or "
                                  "leave it empty.",
                                  "Le premier paiement minimum ({deposit}) dépasse le prix ({price}). Baissez-le ou "
                                  "laissez-le vide."),
    "course.price_empty": ("Enter the price before tax, for example 6,500.00.",
                           "Saisissez le prix avant taxes, par exemple 6 500,00."),
    "course.deposit_empty": ("Enter the minimum first payment before tax, for example 6,500.00.",
                             "Saisissez le premier paiement minimum avant taxes, par exemple 6 500,00."),
    "course.price_wrong": ("The price: {reason}", "Le prix : {reason}"),
    "course.deposit_wrong": ("The minimum first payment: {reason}", "Le premier paiement minimum : {reason}"),
    "section.code_format": ("Enter a section code of 2 to 30 capital letters, digits or hyphens, for example "
                            "OAP-100-2701.",
                            "Saisissez un code de groupe de 2 à 30 majuscules, chiffres ou traits d’union, par exemple "
                            "OAP-100-2701."),
    "section.ends_before": ("The section ends ({end}) before it starts ({start}). Check the dates.",
                            "Le groupe finit ({end}) avant de commencer ({start}). Vérifiez les dates."),
    "section.start_too": ("Enter the start date too, or neither date.",
                          "Saisissez aussi la date de début, ou aucune des deux dates."),
    "section.capacity": ("Capacity is a number of seats from 1 to {maximum}, or empty for no limit.",
                         "La capacité est un nombre de places de 1 à {maximum}, ou vide pour aucune limite."),
    "overpayment.note": ("Say how the overpayment was settled (e.g. the refund made), so the next manager knows.",
                         "Dites comment le trop-perçu a été réglé (par exemple le remboursement fait), pour que le "
                         "prochain gestionnaire le sache."),
    "overpayment.gone": ("This overpayment is not on this desk yet; sync, then try again.",
                         "Ce trop-perçu n’est pas encore à ce poste; synchronisez, puis réessayez."),
    "audit.cannot_write": ("Cannot write {path}: {strerror}. Choose another folder.",
                           "Impossible d’écrire {path} : {strerror}. Choisissez un autre dossier."),
    "enrollment.total_negative": ("An enrollment total cannot be negative.",
                                  "Le total d’une inscription ne peut pas être négatif."),
    "history.end_before_start": ("The end date {end} is before the start date {start}.",
                                 "La date de fin {end} précède la date de début {start}."),
    # The note on a credit movement: why the school holds money for the student (the account statement shows it).
    "credit.note.withdrawn": ("Withdrawn from {code}: {reason}", "Abandon de {code} : {reason}"),
    "credit.note.transferred": ("Transferred from {source} to {target}: {reason}",
                                "Transfert de {source} à {target} : {reason}"),
    "import.progress": ("Imported {done} of {total}: {name}", "{done} sur {total} importés : {name}"),
    "import.empty": ("The file is empty. Export the list with a header row: first_name, last_name, email, …",
                     "Le fichier est vide. Exportez la liste avec une ligne d’en-tête : first_name, last_name, "
                     "email, …"),
    "import.encoding": ("The file is not text in UTF-8 or Windows-1252. Save it as CSV UTF-8 and try again.",
                        "Le fichier n’est pas du texte en UTF-8 ni en Windows-1252. Enregistrez-le en CSV UTF-8 et "
                        "réessayez."),
    "import.missing_columns": ("The file has no {missing} column. Those are required.",
                               "Il manque au fichier ces colonnes obligatoires : {missing}."),
    "import.no_rows": ("The file has a header but no students.",
                       "Le fichier a un en-tête, mais aucun étudiant."),
    "import.too_large": ("The file is larger than {max_bytes} MB. Is it the right file?",
                         "Le fichier dépasse {max_bytes} Mo. Est-ce le bon fichier ?"),
    "import.too_many": ("The file has more than {max_rows} students. Split it into smaller files.",
                        "Le fichier compte plus de {max_rows} étudiants. Divisez-le en fichiers plus petits."),
    # A row of the file that needs correcting, in the preview's "What to correct" column.
    "import.row.extra_values": ("has {values} values for {columns} columns (a comma inside a name needs quotes)",
                                "a {values} valeurs pour {columns} colonnes (une virgule dans un nom doit être entre "
                                "guillemets)"),
    "import.row.same_email": ("has the same email as row {row}", "a le même courriel que la ligne {row}"),
    "import.row.maybe_registered": ("may already be registered: {match}", "est peut-être déjà inscrit : {match}"),
    "import.row.no_section": ("there is no section {code} in the catalogue", "il n’y a aucune section {code} au catalogue"),
    "import.row.not_offered": ("{course} is no longer offered", "le cours {course} n’est plus offert"),
    "import.row.section_ended": ("section {code} ended on {day}", "la section {code} a pris fin le {day}"),
    "import.row.no_seats": ("section {code} has {left} left for the {count} students of this file",
                            "il reste {left} à la section {code} pour les {count} étudiants de ce fichier"),
    "import.ready": ("{students} ready to import.", "{students} à importer : toutes les lignes sont correctes."),
    "import.to_correct": ("{bad} of {total} rows need correcting. Nothing is imported until every row is right.",
                          "Lignes à corriger : {bad} sur {total}. Rien n’est importé tant que toutes les lignes ne "
                          "sont pas correctes."),
    "import.rejected": ("Nothing was imported. {summary} First: row {line}: {problem}",
                        "Rien n’a été importé. {summary} Première à corriger, la ligne {line} : {problem}"),
    "import.unknown_column": ("Unknown column {unknown}. The columns are: {columns}.",
                              "Colonne inconnue {unknown}. Les colonnes sont : {columns}."),
    "import.unknown_columns": ("Unknown columns {unknown}. The columns are: {columns}.",
                               "Colonnes inconnues {unknown}. Les colonnes sont : {columns}."),
    "student.changed_elsewhere": ("{first_name} {last_name}'s record was changed elsewhere while you were editing "
                                  "it. Close the editor, open the student again to see the change, then make yours.",
                                  "Le dossier de {first_name} {last_name} a été modifié ailleurs pendant que vous le"
                                  " modifiiez. Fermez l’éditeur, rouvrez l’étudiant pour voir la modification, puis "
                                  "faites la vôtre."),
    "student.not_on_desk": ("This student is not on this desk's records. Search again.",
                            "Cet étudiant ne figure pas dans les dossiers de ce poste. Cherchez de nouveau."),
    "student.series_invalid": ("'{series}' cannot end student numbers: use 1 to 10 capital letters or digits.",
                               "« {series} » ne peut pas terminer les numéros d’étudiant : utilisez de 1 à 10 "
                               "lettres majuscules ou chiffres."),
}

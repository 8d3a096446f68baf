"""Messages about payment plans: templates, instalments, contracts and reminder links."""

from __future__ import annotations

from oncopos.domain.messages import Texts

TEXTS: dict[str, Texts] = {
    "plan.already_signed": ("The contract is already recorded as signed.",
                            "Le contrat est déjà enregistré comme signé."),
    "plan.cannot_split": ("{balance_cents} cannot be split into {count} instalments of at least one cent. Use fewer "
                          "instalments.",
                          "{balance_cents} ne peut pas être réparti en {count} versements d’au moins un cent. "
                          "Utilisez moins de versements."),
    "plan.change_reason": ("Say why the plan changes (the reason goes in the audit trail).",
                           "Indiquez pourquoi le plan change (le motif est inscrit au journal d’audit)."),
    "plan.choose_template": ("Choose a plan template for this course, or have a manager set the amounts.",
                             "Choisissez un modèle de plan pour ce cours, ou demandez à un gestionnaire de fixer les"
                             " montants."),
    "plan.deposit_range": ("The deposit must be between 0 % and 100 % of the balance. Change the template's deposit.",
                           "L’acompte doit être entre 0 % et 100 % du solde. Modifiez l’acompte du modèle."),
    "plan.deposit_whole": ("A template without instalments must take the whole balance as the deposit.",
                           "Un modèle sans versements doit prendre tout le solde en acompte."),
    "plan.enrollment_not_active": ("This enrollment is {status}: a plan is only for an active enrollment.",
                                   "Cette inscription est {status} : un plan ne s’applique qu’à une inscription "
                                   "active."),
    "plan.exists": ("This enrollment already has a plan. Open it to see or change it.",
                    "Cette inscription a déjà un plan. Ouvrez-le pour le consulter ou le modifier."),
    "plan.gone": ("This plan no longer exists. Open the enrollment again.",
                  "Ce plan n’existe plus. Rouvrez l’inscription."),
    "plan.line.deposit": ("Deposit", "Acompte"),
    "plan.line.instalment": ("Instalment {n}", "Versement {n}"),
    "plan.line_after_course": ("{line} is due {due_on}, after the course ends on {course_ends_on}. Move it to the "
                               "end date or earlier.",
                               "{line} est dû le {due_on}, après la fin du cours le {course_ends_on}. Avancez-le à "
                               "la date de fin ou avant."),
    "plan.line_gone": ("This instalment is no longer in the plan. Open the plan again.",
                       "Ce versement ne figure plus dans le plan. Rouvrez le plan."),
    "plan.line_not_positive": ("{line} is {amount_cents}: every amount must be more than $0.00. Change it or remove "
                               "the line.",
                               "{line} est de {amount_cents} : chaque montant doit dépasser 0,00 $. Modifiez-le ou "
                               "retirez la ligne."),
    "plan.line_paid": ("{line} is paid, so it stays as it is ({amount_cents}, due {due_on}).",
                       "{line} est payé : il reste tel quel ({amount_cents}, échéance le {due_on})."),
    "plan.link_closed": ("The reminder link is closed. Nothing was charged through it; take the payment at the desk.",
                         "Le lien de rappel est fermé. Rien n’a été débité par ce lien ; prenez le paiement au "
                         "comptoir."),
    "plan.link_paid_meanwhile": ("The student had already paid through the link: the payment is recorded and the "
                                 "instalment paid.",
                                 "L’étudiant avait déjà payé par le lien : le paiement est enregistré et le versement "
                                 "est payé."),
    "plan.link_payment_in_flight": ("another payment of this enrollment is in progress, so no link was made",
                                    "un autre paiement de cette inscription est en cours : aucun lien n’a été créé"),
    "plan.months_apart": ("Instalments are 1 to 12 months apart. Change the months between instalments.",
                          "Les versements sont espacés de 1 à 12 mois. Modifiez le nombre de mois entre les "
                          "versements."),
    "plan.no_amount": ("A plan needs at least one amount. Add the deposit or an instalment.",
                       "Un plan exige au moins un montant. Ajoutez l’acompte ou un versement."),
    "plan.no_reminder_link": ("No reminder link is open for this instalment, so there is nothing to close.",
                              "Aucun lien de rappel n’est ouvert pour ce versement : il n’y a rien à fermer."),
    "plan.none": ("This enrollment has no plan. Make one from the course's template first.",
                  "Cette inscription n’a pas de plan de versements. Créez-en un à partir du modèle du cours."),
    "plan.nothing_owing": ("Nothing is owing on this enrollment, so there is nothing to plan.",
                           "Rien n’est dû sur cette inscription : il n’y a rien à planifier."),
    "plan.order": ("{after} is due before {before}. Put the due dates in order.",
                   "{after} est dû avant {before}. Mettez les échéances dans l’ordre."),
    "plan.put_less": ("put {difference} less on one of the lines.",
                      "retirez {difference} de l’une des lignes."),
    "plan.put_more": ("put {difference} more on one of the lines.",
                      "ajoutez {difference} sur l’une des lignes."),
    "plan.remainder": ("The rounding remainder goes on the first or the last instalment.",
                       "Le reste de l’arrondi va sur le premier ou le dernier versement."),
    "plan.same_number": ("Two lines of the plan have the same number. Number each line once.",
                         "Deux lignes du plan ont le même numéro. Numérotez chaque ligne une seule fois."),
    "plan.sum_differs": ("The plan's amounts add up to {total}, but the balance is {balance_cents}: {adjust}",
                         "Les montants du plan totalisent {total}, mais le solde est de {balance_cents} : {adjust}"),
    "plan.template_gone": ("This plan template no longer exists. Choose another template.",
                           "Ce modèle de plan n’existe plus. Choisissez un autre modèle."),
    "plan.template_name": ('Give the template a name (e.g. "30 % then 3 monthly").',
                           "Donnez un nom au modèle (p. ex. « 30 % puis 3 mensualités »)."),
    "plan.too_many": ("A plan has at most {max_instalments} instalments. Change the number of instalments.",
                      "Un plan compte au plus {max_instalments} versements. Modifiez le nombre de versements."),
    "plan.unsigned_limit": ("At most {room} more can be collected before the contract is signed ({limit} in all for "
                            "fees of {fees_cents}; {collected_cents} already paid). Rule: {says}. Have the contract "
                            "signed first, or take a smaller deposit.",
                            "Au plus {room} peuvent encore être perçus avant la signature du contrat ({limit} en "
                            "tout pour des frais de {fees_cents} ; {collected_cents} déjà payés). Règle : {says}. "
                            "Faites d’abord signer le contrat, ou prenez un acompte moindre."),
}

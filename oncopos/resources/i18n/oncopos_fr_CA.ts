<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
    <context>
        <name>AdminPage</name>
        <message>
            <source>Create the administrator account</source>
            <translation>Créer le compte administrateur</translation>
        </message>
        <message>
            <source>Welcome to OncoPOS. First, the account that sets this desk up.</source>
            <translation>Bienvenue dans OncoPOS. D’abord, le compte qui configure ce poste.</translation>
        </message>
        <message>
            <source>Create and continue</source>
            <translation>Créer et continuer</translation>
        </message>
        <message>
            <source>The administrator sets the desk up, then creates an account for each registrar and manager, so every action is done under a person's own name.</source>
            <translation>L’administrateur configure le poste, puis crée un compte pour chaque registraire et chaque gestionnaire, afin que chaque action soit faite au nom d’une personne.</translation>
        </message>
        <message>
            <source>Creating the account…</source>
            <translation>Création du compte…</translation>
        </message>
    </context>
    <context>
        <name>AmountPage</name>
        <message>
            <source>Amount to collect</source>
            <translation>Montant à percevoir</translation>
        </message>
        <message>
            <source>&amp;Send code</source>
            <translation>&amp;Envoyer le code</translation>
        </message>
        <message>
            <source>&amp;Amount to collect:</source>
            <translation>&amp;Montant à percevoir :</translation>
        </message>
    </context>
    <context>
        <name>AuditTableModel</name>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Desk</source>
            <translation>Poste</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Personnel</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Objet</translation>
        </message>
        <message>
            <source>Approved by</source>
            <translation>Approuvé par</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Détails</translation>
        </message>
    </context>
    <context>
        <name>AuditView</name>
        <message>
            <source>Audit trail — OncoPOS</source>
            <translation>Piste d’audit — OncoPOS</translation>
        </message>
        <message>
            <source>Anyone</source>
            <translation>N’importe qui</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Système</translation>
        </message>
        <message>
            <source>Events by the app itself, or with no one signed in (failed sign-ins)</source>
            <translation>Événements de l’application elle-même, ou sans personne connectée (connexions échouées)</translation>
        </message>
        <message>
            <source>Any action</source>
            <translation>Toute action</translation>
        </message>
        <message>
            <source>Student number, user name or id</source>
            <translation>Numéro d’étudiant, nom d’utilisateur ou identifiant</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Rechercher</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Personnel</translation>
        </message>
        <message>
            <source> (the newest {ROW_LIMIT}; narrow the filters to see older ones)</source>
            <translation> (les {ROW_LIMIT} plus récents ; resserrez les filtres pour voir les plus anciens)</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>to</source>
            <translation>au</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Objet</translation>
        </message>
        <message>
            <source>&amp;Verify chain</source>
            <translation>&amp;Vérifier la chaîne</translation>
        </message>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>&amp;Exporter en CSV…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Reading the audit trail…</source>
            <translation>Lecture de la piste d’audit…</translation>
        </message>
        <message>
            <source>Checking every event of the chain…</source>
            <translation>Vérification de chaque événement de la chaîne…</translation>
        </message>
        <message>
            <source>… and {value} more: run `oncopos audit verify` for the full list.</source>
            <translation>… et {value} de plus : lancez `oncopos audit verify` pour la liste complète.</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>Exporter la piste d’audit</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>Fichiers CSV (*.csv)</translation>
        </message>
        <message>
            <source>Writing the CSV file…</source>
            <translation>Écriture du fichier CSV…</translation>
        </message>
        <message>
            <source>Exported {rows} events to {path}.</source>
            <translation>{rows} événements exportés vers {path}.</translation>
        </message>
        <message>
            <source>Events shown: {count}</source>
            <translation>Événements affichés : {count}</translation>
        </message>
    </context>
    <context>
        <name>BarChartWidget</name>
        <message>
            <source>No payments</source>
            <translation>Aucun paiement</translation>
        </message>
    </context>
    <context>
        <name>BooksAction</name>
        <message>
            <source>Payouts and &amp;books…</source>
            <translation>&amp;Virements et comptabilité…</translation>
        </message>
    </context>
    <context>
        <name>BooksView</name>
        <message>
            <source>Matched</source>
            <translation>Rapproché</translation>
        </message>
        <message>
            <source>Amount differs</source>
            <translation>Montant différent</translation>
        </message>
        <message>
            <source>Not recorded here</source>
            <translation>Non enregistré ici</translation>
        </message>
        <message>
            <source>Moved by Stripe</source>
            <translation>Déplacé par Stripe</translation>
        </message>
        <message>
            <source>Payment</source>
            <translation>Paiement</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Remboursement</translation>
        </message>
        <message>
            <source>Adjustment</source>
            <translation>Ajustement</translation>
        </message>
        <message>
            <source>Stripe fee</source>
            <translation>Frais Stripe</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>Versé</translation>
        </message>
        <message>
            <source>In transit</source>
            <translation>En transit</translation>
        </message>
        <message>
            <source>Pending</source>
            <translation>En attente</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échoué</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>QuickBooks Online (CSV)</source>
            <translation>QuickBooks en ligne (CSV)</translation>
        </message>
        <message>
            <source>Xero manual journals (CSV)</source>
            <translation>Xero, écritures manuelles (CSV)</translation>
        </message>
        <message>
            <source>Sage 50 general journal (text)</source>
            <translation>Sage 50, journal général (texte)</translation>
        </message>
        <message>
            <source>Payouts and books — OncoPOS</source>
            <translation>Virements et comptabilité — OncoPOS</translation>
        </message>
        <message>
            <source>Read &amp;payouts</source>
            <translation>Lire les &amp;virements</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;Du :</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;Au :</translation>
        </message>
        <message>
            <source>Choose a period and press Read payouts: Stripe is asked for each payout whose bank date falls in it.</source>
            <translation>Choisissez une période et appuyez sur Lire les virements : Stripe est interrogé sur chaque virement dont la date bancaire y tombe.</translation>
        </message>
        <message>
            <source>Payout</source>
            <translation>Virement</translation>
        </message>
        <message>
            <source>Bank date</source>
            <translation>Date bancaire</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Paid out</source>
            <translation>Versé</translation>
        </message>
        <message>
            <source>Charges</source>
            <translation>Paiements</translation>
        </message>
        <message>
            <source>Refunds</source>
            <translation>Remboursements</translation>
        </message>
        <message>
            <source>Fees</source>
            <translation>Frais</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Autres</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Vérification</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Stripe</source>
            <translation>Stripe</translation>
        </message>
        <message>
            <source>Recorded as</source>
            <translation>Enregistré comme</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Frais</translation>
        </message>
        <message>
            <source>Net</source>
            <translation>Net</translation>
        </message>
        <message>
            <source>Match</source>
            <translation>Rapprochement</translation>
        </message>
        <message>
            <source>Needs a person</source>
            <translation>À vérifier par une personne</translation>
        </message>
        <message>
            <source>&amp;Export journal…</source>
            <translation>&amp;Exporter le journal…</translation>
        </message>
        <message>
            <source>Accounting program:</source>
            <translation>Logiciel comptable :</translation>
        </message>
        <message>
            <source>Asking Stripe for the payouts of {start} to {end}…</source>
            <translation>Interrogation de Stripe sur les virements du {start} au {end}…</translation>
        </message>
        <message>
            <source>Reading the payouts…</source>
            <translation>Lecture des virements…</translation>
        </message>
        <message>
            <source>Payouts in the period: {count}, {amount} paid out.</source>
            <translation>Virements de la période : {count}, {amount} versés.</translation>
        </message>
        <message>
            <source> Payments of ours not yet released by Stripe: {count}.</source>
            <translation> Paiements pas encore libérés par Stripe : {count}.</translation>
        </message>
        <message>
            <source> Everything matches to the cent.</source>
            <translation> Tout concorde au cent près.</translation>
        </message>
        <message>
            <source> Findings that need a person: {count}, each says what to do.</source>
            <translation> Constats à vérifier par une personne : {count}; chacun dit quoi faire.</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>To check: {count}</source>
            <translation>À vérifier : {count}</translation>
        </message>
        <message>
            <source>Export the journal</source>
            <translation>Exporter le journal</translation>
        </message>
        <message>
            <source>Exporting the journal…</source>
            <translation>Exportation du journal…</translation>
        </message>
        <message>
            <source>Journal written to {path}; every entry balances.</source>
            <translation>Journal écrit dans {path}; chaque écriture est équilibrée.</translation>
        </message>
    </context>
    <context>
        <name>BusinessSection</name>
        <message>
            <source>e.g. OncoOne Education</source>
            <translation>p. ex. OncoOne Éducation</translation>
        </message>
        <message>
            <source>street, suite, city, province, postal code</source>
            <translation>rue, bureau, ville, province, code postal</translation>
        </message>
        <message>
            <source>e.g. accounts@oncoone.ca (the sender of receipts)</source>
            <translation>p. ex. comptes@oncoone.ca (l’expéditeur des reçus)</translation>
        </message>
        <message>
            <source>a PNG or JPEG file (optional)</source>
            <translation>un fichier PNG ou JPEG (facultatif)</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Parcourir…</translation>
        </message>
        <message>
            <source>e.g. 123456782RT0001</source>
            <translation>p. ex. 123456782RT0001</translation>
        </message>
        <message>
            <source>e.g. 1234567890TQ0001 (Quebec only)</source>
            <translation>p. ex. 1234567890TQ0001 (Québec seulement)</translation>
        </message>
        <message>
            <source>Business &amp;name</source>
            <translation>&amp;Nom de l’entreprise</translation>
        </message>
        <message>
            <source>&amp;Address</source>
            <translation>&amp;Adresse</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>&amp;Téléphone</translation>
        </message>
        <message>
            <source>&amp;Email</source>
            <translation>&amp;Courriel</translation>
        </message>
        <message>
            <source>&amp;Logo</source>
            <translation>&amp;Logo</translation>
        </message>
        <message>
            <source>&amp;GST/HST number</source>
            <translation>Numéro de &amp;TPS/TVH</translation>
        </message>
        <message>
            <source>&amp;QST number</source>
            <translation>Numéro de T&amp;VQ</translation>
        </message>
        <message>
            <source>Choose the logo</source>
            <translation>Choisir le logo</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg)</source>
            <translation>Images (*.png *.jpg *.jpeg)</translation>
        </message>
    </context>
    <context>
        <name>CatalogueView</name>
        <message>
            <source>Course catalogue</source>
            <translation>Catalogue des cours</translation>
        </message>
        <message>
            <source>Courses</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Sections of the selected course</source>
            <translation>Groupes du cours sélectionné</translation>
        </message>
        <message>
            <source>&amp;New course…</source>
            <translation>&amp;Nouveau cours…</translation>
        </message>
        <message>
            <source>&amp;Edit course…</source>
            <translation>&amp;Modifier le cours…</translation>
        </message>
        <message>
            <source>New &amp;section…</source>
            <translation>Nouveau &amp;groupe…</translation>
        </message>
        <message>
            <source>Edit sec&amp;tion…</source>
            <translation>Modifier le g&amp;roupe…</translation>
        </message>
        <message>
            <source>Sections</source>
            <translation>Groupes</translation>
        </message>
        <message>
            <source>Courses (a price change applies to new enrollments only)</source>
            <translation>Cours (un changement de prix ne s’applique qu’aux nouvelles inscriptions)</translation>
        </message>
        <message>
            <source>Sections of {code}</source>
            <translation>Groupes de {code}</translation>
        </message>
    </context>
    <context>
        <name>CentralSection</name>
        <message>
            <source>postgresql+psycopg://oncopos@db.example.ca/oncopos (no password here)</source>
            <translation>postgresql+psycopg://oncopos@db.example.ca/oncopos (pas de mot de passe ici)</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Tester la connexion</translation>
        </message>
        <message>
            <source>Migrate</source>
            <translation>Migrer</translation>
        </message>
        <message>
            <source>Register this desk</source>
            <translation>Inscrire ce poste</translation>
        </message>
        <message>
            <source>&amp;Address</source>
            <translation>&amp;Adresse</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Enter the central database's address, e.g. postgresql+psycopg://oncopos@db.example.ca/oncopos.</source>
            <translation>Entrez l’adresse de la base de données centrale, p. ex. postgresql+psycopg://oncopos@db.example.ca/oncopos.</translation>
        </message>
        <message>
            <source>Connecting to the central database…</source>
            <translation>Connexion à la base de données centrale…</translation>
        </message>
        <message>
            <source>Migrating the central database…</source>
            <translation>Migration de la base de données centrale…</translation>
        </message>
        <message>
            <source>Registering this desk…</source>
            <translation>Inscription de ce poste…</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change the password of {username} — OncoPOS</source>
            <translation>Changer le mot de passe de {username} — OncoPOS</translation>
        </message>
        <message>
            <source>at least {PASSWORD_MIN} characters</source>
            <translation>au moins {PASSWORD_MIN} caractères</translation>
        </message>
        <message>
            <source>&amp;Current password</source>
            <translation>Mot de passe &amp;actuel</translation>
        </message>
        <message>
            <source>&amp;New password</source>
            <translation>&amp;Nouveau mot de passe</translation>
        </message>
        <message>
            <source>&amp;Again</source>
            <translation>&amp;Confirmation</translation>
        </message>
        <message>
            <source>Change password</source>
            <translation>Changer le mot de passe</translation>
        </message>
        <message>
            <source>The two new passwords differ. Type the same new password twice.</source>
            <translation>Les deux nouveaux mots de passe diffèrent. Tapez deux fois le même nouveau mot de passe.</translation>
        </message>
    </context>
    <context>
        <name>ChargeProgress</name>
        <message>
            <source>Not paid: {failure_message}</source>
            <translation>Non payé : {failure_message}</translation>
        </message>
        <message>
            <source>Waiting for the student to pay {amount} on the hosted page…</source>
            <translation>En attente du paiement de {amount} par l’étudiant sur la page de paiement…</translation>
        </message>
        <message>
            <source>Waiting for the card on the reader ({amount})… Ask the student to tap, insert or swipe.</source>
            <translation>En attente de la carte sur le lecteur ({amount})… Demandez à l’étudiant de toucher, d’insérer ou de glisser sa carte.</translation>
        </message>
        <message>
            <source>The link expires in {minutes}:{seconds:02d} (at {time}).</source>
            <translation>Le lien expire dans {minutes}:{seconds:02d} (à {time}).</translation>
        </message>
        <message>
            <source> Still checking…</source>
            <translation> Vérification en cours…</translation>
        </message>
        <message>
            <source>Sending the payment to the card reader again… (the desk waits at most {seconds} s, then says what happened)</source>
            <translation>Nouvel envoi du paiement au lecteur de carte… (le poste attend au plus {seconds} s, puis indique ce qui s’est passé)</translation>
        </message>
        <message>
            <source>The link was emailed to {address}.</source>
            <translation>Le lien a été envoyé par courriel à {address}.</translation>
        </message>
        <message>
            <source>Paid {amount}</source>
            <translation>Payé {amount}</translation>
        </message>
        <message>
            <source>Paid with {card}.</source>
            <translation>Payé avec {card}.</translation>
        </message>
        <message>
            <source>New balance: {amount}.</source>
            <translation>Nouveau solde : {amount}.</translation>
        </message>
        <message>
            <source>Invoice {invoice_number}. A receipt is on its way to the student's email.</source>
            <translation>Facture {invoice_number}. Un reçu est envoyé au courriel de l’étudiant.</translation>
        </message>
        <message>
            <source>The payment is recorded; its invoice could not be issued yet and will be issued when OncoPOS next starts (or by oncopos reconcile).</source>
            <translation>Le paiement est enregistré ; sa facture n’a pas encore pu être émise et le sera au prochain démarrage d’OncoPOS (ou par oncopos reconcile).</translation>
        </message>
        <message>
            <source>Start a new payment when the student is ready.</source>
            <translation>Lancez un nouveau paiement quand l’étudiant est prêt.</translation>
        </message>
        <message>
            <source>Take the payment again, on the reader or with a new link.</source>
            <translation>Reprenez le paiement, sur le lecteur ou avec un nouveau lien.</translation>
        </message>
        <message>
            <source>Ask for another card and take the payment again.</source>
            <translation>Demandez une autre carte et reprenez le paiement.</translation>
        </message>
        <message>
            <source>{reason} Nothing was charged.</source>
            <translation>{reason} Rien n’a été facturé.</translation>
        </message>
        <message>
            <source>Payment not completed</source>
            <translation>Paiement non effectué</translation>
        </message>
        <message>
            <source>Print the invoice</source>
            <translation>Imprimer la facture</translation>
        </message>
        <message>
            <source>Invoice {number} sent to the printer (job {job}).</source>
            <translation>Facture {number} envoyée à l’imprimante (tâche {job}).</translation>
        </message>
        <message>
            <source>Invoice {number} emailed to {email}.</source>
            <translation>Facture {number} envoyée par courriel à {email}.</translation>
        </message>
    </context>
    <context>
        <name>CodePage</name>
        <message>
            <source>One-time code</source>
            <translation>Code à usage unique</translation>
        </message>
        <message>
            <source>&amp;Resend code</source>
            <translation>&amp;Renvoyer le code</translation>
        </message>
        <message>
            <source>&amp;Confirm code</source>
            <translation>&amp;Confirmer le code</translation>
        </message>
        <message>
            <source>&amp;Code the student reads out:</source>
            <translation>&amp;Code lu par l’étudiant :</translation>
        </message>
    </context>
    <context>
        <name>CourseEditorDialog</name>
        <message>
            <source>New course</source>
            <translation>Nouveau cours</translation>
        </message>
        <message>
            <source>Edit course {code}</source>
            <translation>Modifier le cours {code}</translation>
        </message>
        <message>
            <source>&amp;Code *</source>
            <translation>&amp;Code *</translation>
        </message>
        <message>
            <source>&amp;Name *</source>
            <translation>&amp;Nom *</translation>
        </message>
        <message>
            <source>&amp;Description</source>
            <translation>&amp;Description</translation>
        </message>
        <message>
            <source>&amp;Kind</source>
            <translation>&amp;Type</translation>
        </message>
        <message>
            <source>A kit is goods: always taxable, PST included where it applies.</source>
            <translation>Une trousse est un bien : toujours taxable, TVP incluse là où elle s’applique.</translation>
        </message>
        <message>
            <source>&amp;Price before tax *</source>
            <translation>&amp;Prix avant taxes *</translation>
        </message>
        <message>
            <source>&amp;Tax treatment</source>
            <translation>&amp;Traitement fiscal</translation>
        </message>
        <message>
            <source>Legal &amp;basis</source>
            <translation>&amp;Fondement légal</translation>
        </message>
        <message>
            <source>Printed on invoices for exempt and zero-rated courses. Left empty, the standard text is used.</source>
            <translation>Imprimé sur les factures des cours exonérés et détaxés. Laissé vide, le texte standard est utilisé.</translation>
        </message>
        <message>
            <source>Delivery pro&amp;vince</source>
            <translation>Pro&amp;vince de prestation</translation>
        </message>
        <message>
            <source>The desk's province</source>
            <translation>La province du poste</translation>
        </message>
        <message>
            <source>Where the course is given decides the tax. Leave it to the desk's province for courses given at each desk.</source>
            <translation>Le lieu où le cours est donné détermine la taxe. Laissez la province du poste pour les cours donnés à chaque poste.</translation>
        </message>
        <message>
            <source>&amp;Minimum first payment</source>
            <translation>Premier paiement &amp;minimum</translation>
        </message>
        <message>
            <source>Empty: no deposit rule</source>
            <translation>Vide : pas de règle d’acompte</translation>
        </message>
        <message>
            <source>Post-secondary level</source>
            <translation>Niveau postsecondaire</translation>
        </message>
        <message>
            <source>Occupational skills (students 16 or older)</source>
            <translation>Compétences professionnelles (16 ans ou plus)</translation>
        </message>
        <message>
            <source>Not tuition (no T2202)</source>
            <translation>Pas de frais de scolarité (aucun T2202)</translation>
        </message>
        <message>
            <source>T2202 c&amp;lass</source>
            <translation>Cl&amp;asse T2202</translation>
        </message>
        <message>
            <source>How the fees count on the students' T2202 tuition slips.</source>
            <translation>Comment les frais comptent sur les feuillets T2202 des étudiants.</translation>
        </message>
        <message>
            <source>T2202 r&amp;eason</source>
            <translation>&amp;Raison T2202</translation>
        </message>
        <message>
            <source>e.g. certified by ESDC, diploma program</source>
            <translation>p. ex. reconnu par EDSC, programme menant à un diplôme</translation>
        </message>
        <message>
            <source>Offered (students can enroll)</source>
            <translation>Offert (les étudiants peuvent s’inscrire)</translation>
        </message>
    </context>
    <context>
        <name>CourseTableModel</name>
        <message>
            <source>Code</source>
            <extracomment>Grey that still reads at 5.7:1 on white: a full section is information, not a disabled control.</extracomment>
            <translation>Code</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Price</source>
            <translation>Prix</translation>
        </message>
        <message>
            <source>Tax</source>
            <translation>Taxes</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Province</translation>
        </message>
        <message>
            <source>First payment</source>
            <translation>Premier paiement</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Desk's</source>
            <translation>Du poste</translation>
        </message>
        <message>
            <source>Offered</source>
            <translation>Offert</translation>
        </message>
        <message>
            <source>Withdrawn from sale</source>
            <translation>Retiré de la vente</translation>
        </message>
        <message>
            <source>Taxed in the province of the desk that enrolls the student.</source>
            <translation>Taxé dans la province du poste qui inscrit l’étudiant.</translation>
        </message>
    </context>
    <context>
        <name>CustomerDisplayWindow</name>
        <message>
            <source>Welcome to {business}</source>
            <extracomment>The translation context of every text on the display.</extracomment>
            <translation>Bienvenue chez {business}</translation>
        </message>
        <message>
            <source>{business} — customer display</source>
            <translation>{business} — affichage client</translation>
        </message>
        <message>
            <source>QR code of the payment page</source>
            <translation>Code QR de la page de paiement</translation>
        </message>
        <message>
            <source>One-time code</source>
            <translation>Code à usage unique</translation>
        </message>
        <message>
            <source>Type the code from your email</source>
            <translation>Entrez le code reçu par courriel</translation>
        </message>
        <message>
            <source>No tax</source>
            <translation>Aucune taxe</translation>
        </message>
        <message>
            <source>We emailed a code to {email}.</source>
            <translation>Nous avons envoyé un code par courriel à {email}.</translation>
        </message>
        <message>
            <source>We emailed you a code.</source>
            <translation>Nous vous avons envoyé un code par courriel.</translation>
        </message>
        <message>
            <source>The code has {digits} digits.</source>
            <translation>Le code compte {digits} chiffres.</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Vérification…</translation>
        </message>
        <message>
            <source>Including {taxes}</source>
            <translation>Dont {taxes}</translation>
        </message>
        <message>
            <source>Scan the code with your phone to pay.</source>
            <translation>Balayez le code avec votre téléphone pour payer.</translation>
        </message>
        <message>
            <source>Tap, insert or swipe your card on the reader.</source>
            <translation>Touchez, insérez ou glissez votre carte sur le lecteur.</translation>
        </message>
        <message>
            <source>The card was declined.</source>
            <translation>La carte a été refusée.</translation>
        </message>
        <message>
            <source>Please try your card again on the reader.</source>
            <translation>Veuillez présenter votre carte de nouveau sur le lecteur.</translation>
        </message>
        <message>
            <source>Payment received. Thank you!</source>
            <translation>Paiement reçu. Merci !</translation>
        </message>
        <message>
            <source>The payment was not completed. Nothing was charged.</source>
            <translation>Le paiement n’a pas été effectué. Rien n’a été facturé.</translation>
        </message>
        <message>
            <source>Thank you. Your payment is being prepared.</source>
            <translation>Merci. Votre paiement est en préparation.</translation>
        </message>
    </context>
    <context>
        <name>DashboardRefundsModel</name>
        <message>
            <source>Refunded</source>
            <translation>Remboursé</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Étudiant</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Stripe refund</source>
            <translation>Remboursement Stripe</translation>
        </message>
    </context>
    <context>
        <name>DashboardRefundsView</name>
        <message>
            <source>Dashboard refunds to review — OncoPOS</source>
            <translation>Remboursements du tableau de bord à vérifier — OncoPOS</translation>
        </message>
        <message>
            <source>These refunds were made in the Stripe Dashboard, not in OncoPOS. The money has gone back; check each one and issue its credit note, which is emailed to the student.</source>
            <translation>Ces remboursements ont été faits dans le tableau de bord Stripe, pas dans OncoPOS. L’argent a été rendu ; vérifiez chacun et émettez sa note de crédit, qui est envoyée par courriel à l’étudiant.</translation>
        </message>
        <message>
            <source>&amp;Issue credit note</source>
            <translation>&amp;Émettre la note de crédit</translation>
        </message>
        <message>
            <source>&amp;Check Stripe now</source>
            <translation>&amp;Vérifier Stripe maintenant</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Nothing to review: every refund has its credit note.</source>
            <translation>Rien à vérifier : chaque remboursement a sa note de crédit.</translation>
        </message>
        <message>
            <source>{count} refund(s) waiting for a credit note.</source>
            <translation>{count} remboursement(s) en attente de note de crédit.</translation>
        </message>
        <message>
            <source>Stripe checked: {found} new Dashboard refund(s).</source>
            <translation>Stripe vérifié : {found} nouveau(x) remboursement(s) du tableau de bord.</translation>
        </message>
        <message>
            <source>Issuing the credit note…</source>
            <translation>Émission de la note de crédit…</translation>
        </message>
        <message>
            <source>Credit note {number} issued and emailed to the student.</source>
            <translation>Note de crédit {number} émise et envoyée par courriel à l’étudiant.</translation>
        </message>
        <message>
            <source>Reading Stripe's refunds…</source>
            <translation>Lecture des remboursements Stripe…</translation>
        </message>
        <message>
            <source>Stripe checked: no new Dashboard refunds.</source>
            <translation>Stripe vérifié : aucun nouveau remboursement du tableau de bord.</translation>
        </message>
    </context>
    <context>
        <name>DeskSection</name>
        <message>
            <source>e.g. DESK2 (letters, digits, - or _)</source>
            <translation>p. ex. POSTE2 (lettres, chiffres, - ou _)</translation>
        </message>
        <message>
            <source>e.g. DESK2: invoice numbers become DESK2-000001, DESK2-000002, …</source>
            <translation>p. ex. POSTE2 : les numéros de facture deviennent POSTE2-000001, POSTE2-000002, …</translation>
        </message>
        <message>
            <source>&amp;Workstation id</source>
            <translation>Identifiant du &amp;poste</translation>
        </message>
        <message>
            <source>&amp;Invoice series</source>
            <translation>Série de &amp;factures</translation>
        </message>
        <message>
            <source>&amp;Province</source>
            <translation>&amp;Province</translation>
        </message>
        <message>
            <source>&amp;Time zone</source>
            <translation>&amp;Fuseau horaire</translation>
        </message>
        <message>
            <source>&amp;Receipt printer</source>
            <translation>Imprimante de &amp;reçus</translation>
        </message>
    </context>
    <context>
        <name>DeskSession</name>
        <message>
            <source>&amp;Lock</source>
            <extracomment>How often an idle window asks whether its account can still act (a refused call says so at once).</extracomment>
            <translation>&amp;Verrouiller</translation>
        </message>
        <message>
            <source>S&amp;witch User…</source>
            <translation>&amp;Changer d’utilisateur…</translation>
        </message>
        <message>
            <source>Change &amp;Password…</source>
            <translation>Changer le &amp;mot de passe…</translation>
        </message>
        <message>
            <source>&amp;Audit Trail…</source>
            <translation>&amp;Piste d’audit…</translation>
        </message>
        <message>
            <source>&amp;Staff Accounts…</source>
            <translation>&amp;Comptes du personnel…</translation>
        </message>
        <message>
            <source>Signed in as {username} ({role})</source>
            <translation>Connecté : {username} ({role})</translation>
        </message>
        <message>
            <source>This view could not be recorded in the audit trail: {describe_error}</source>
            <translation>Cette consultation n’a pas pu être inscrite à la piste d’audit : {describe_error}</translation>
        </message>
        <message>
            <source>{user}'s account is no longer active.</source>
            <translation>Le compte de {user} n’est plus actif.</translation>
        </message>
        <message>
            <source>{user}'s account is locked after too many wrong passwords.</source>
            <translation>Le compte de {user} est verrouillé après trop de mots de passe erronés.</translation>
        </message>
        <message>
            <source>{user}'s role is now {role}; the desk shows what that role may do once they sign in again.</source>
            <translation>Le rôle de {user} est maintenant {role} ; le poste montre ce que ce rôle permet à sa prochaine connexion.</translation>
        </message>
        <message>
            <source>Welcome back, {username}.</source>
            <translation>Bon retour, {username}.</translation>
        </message>
        <message>
            <source>{username} is now signed in.</source>
            <translation>{username} est maintenant connecté.</translation>
        </message>
        <message>
            <source>Your password was changed.</source>
            <translation>Votre mot de passe a été changé.</translation>
        </message>
    </context>
    <context>
        <name>DueListDialog</name>
        <message>
            <source>Instalments due</source>
            <translation>Versements dus</translation>
        </message>
        <message>
            <source> days</source>
            <translation> jours</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Actualiser</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Due within:</source>
            <translation>Dus d’ici :</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>%1 instalment(s) due, %2 overdue.</source>
            <translation>%1 versement(s) dû(s), %2 en retard.</translation>
        </message>
    </context>
    <context>
        <name>DueModel</name>
        <message>
            <source>Due</source>
            <translation>Échéance</translation>
        </message>
        <message>
            <source>Stands</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Owing</source>
            <translation>Dû</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Étudiant</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>Ligne</translation>
        </message>
        <message>
            <source>Reminder sent</source>
            <translation>Rappel envoyé</translation>
        </message>
    </context>
    <context>
        <name>EmailSection</name>
        <message>
            <source>e.g. smtp.office365.com</source>
            <translation>p. ex. smtp.office365.com</translation>
        </message>
        <message>
            <source>STARTTLS (usually port 587)</source>
            <translation>STARTTLS (habituellement le port 587)</translation>
        </message>
        <message>
            <source>TLS from the start (usually port 465)</source>
            <translation>TLS dès le départ (habituellement le port 465)</translation>
        </message>
        <message>
            <source>None (no login possible)</source>
            <translation>Aucune (connexion impossible)</translation>
        </message>
        <message>
            <source>the mail account's login, often its address</source>
            <translation>l’identifiant du compte de courriel, souvent son adresse</translation>
        </message>
        <message>
            <source>where the test message goes, e.g. your own address</source>
            <translation>où va le message d’essai, p. ex. votre propre adresse</translation>
        </message>
        <message>
            <source>Send a test email</source>
            <translation>Envoyer un courriel d’essai</translation>
        </message>
        <message>
            <source>SMTP &amp;host</source>
            <translation>&amp;Serveur SMTP</translation>
        </message>
        <message>
            <source>&amp;Port</source>
            <translation>&amp;Port</translation>
        </message>
        <message>
            <source>&amp;Security</source>
            <translation>S&amp;écurité</translation>
        </message>
        <message>
            <source>&amp;User</source>
            <translation>&amp;Utilisateur</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>&amp;Test</source>
            <translation>&amp;Tester</translation>
        </message>
        <message>
            <source>Sending…</source>
            <translation>Envoi…</translation>
        </message>
        <message>
            <source>Sending the test message…</source>
            <translation>Envoi du message d’essai…</translation>
        </message>
    </context>
    <context>
        <name>EndOfDayAction</name>
        <message>
            <source>&amp;End of Day…</source>
            <translation>&amp;Fin de journée…</translation>
        </message>
    </context>
    <context>
        <name>EndOfDayView</name>
        <message>
            <source>End of day — OncoPOS</source>
            <translation>Fin de journée — OncoPOS</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Actualiser</translation>
        </message>
        <message>
            <source>Match with &amp;Stripe</source>
            <translation>Rapprocher avec &amp;Stripe</translation>
        </message>
        <message>
            <source>&amp;Close day…</source>
            <translation>&amp;Clôturer la journée…</translation>
        </message>
        <message>
            <source>Re&amp;open day…</source>
            <translation>&amp;Rouvrir la journée…</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>&amp;Exporter…</translation>
        </message>
        <message>
            <source>Business day:</source>
            <translation>Journée ouvrable :</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Tax</source>
            <translation>Taxes</translation>
        </message>
        <message>
            <source>Collected</source>
            <translation>Perçu</translation>
        </message>
        <message>
            <source>Reversed</source>
            <translation>Contrepassé</translation>
        </message>
        <message>
            <source>Net</source>
            <translation>Net</translation>
        </message>
        <message>
            <source>Sales before tax</source>
            <translation>Ventes avant taxes</translation>
        </message>
        <message>
            <source>Invoiced</source>
            <translation>Facturé</translation>
        </message>
        <message>
            <source>Credit notes</source>
            <translation>Notes de crédit</translation>
        </message>
        <message>
            <source>Refunds</source>
            <translation>Remboursements</translation>
        </message>
        <message>
            <source>Tax reversed</source>
            <translation>Dont taxes</translation>
        </message>
        <message>
            <source>Staff member</source>
            <translation>Membre du personnel</translation>
        </message>
        <message>
            <source>Payments</source>
            <translation>Paiements</translation>
        </message>
        <message>
            <source>Stripe matching</source>
            <translation>Rapprochement Stripe</translation>
        </message>
        <message>
            <source>Refunded</source>
            <translation>Remboursé</translation>
        </message>
        <message>
            <source>Workstation</source>
            <translation>Poste</translation>
        </message>
        <message>
            <source>Did not collect</source>
            <translation>Non perçu</translation>
        </message>
        <message>
            <source>Overpaid enrollment</source>
            <translation>Inscription payée en trop</translation>
        </message>
        <message>
            <source>Desks</source>
            <translation>Postes</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Over by</source>
            <translation>Excédent</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Desk</source>
            <translation>Poste</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Personnel</translation>
        </message>
        <message>
            <source>Collected, net of refunds</source>
            <translation>Perçu, net des remboursements</translation>
        </message>
        <message>
            <source> {value} payment(s) ({amount}) arrived after the close and are not in this frozen report; an administrator can reopen it.</source>
            <translation> {value} paiement(s) ({amount}) arrivé(s) après la clôture ne figure(nt) pas dans ce rapport figé ; un administrateur peut la rouvrir.</translation>
        </message>
        <message>
            <source>{uninvoiced_payments} payment(s) have no invoice, so their tax is missing</source>
            <translation>{uninvoiced_payments} paiement(s) sans facture : leur taxe manque</translation>
        </message>
        <message>
            <source>{count} difference(s) with Stripe: each is listed with what to do.</source>
            <translation>{count} écart(s) avec Stripe : chacun est listé avec ce qu’il faut faire.</translation>
        </message>
        <message>
            <source>{matched_payments} payment(s) and {matched_refunds} refund(s) matched. Stripe fees {amount}, net {amount2}. {verdict}</source>
            <translation>{matched_payments} paiement(s) et {matched_refunds} remboursement(s) rapprochés. Frais Stripe {amount}, net {amount2}. {verdict}</translation>
        </message>
        <message>
            <source>Stripe fees</source>
            <translation>Frais Stripe</translation>
        </message>
        <message>
            <source>&amp;Print…</source>
            <translation>&amp;Imprimer…</translation>
        </message>
        <message>
            <source>Finding</source>
            <translation>Constat</translation>
        </message>
        <message>
            <source>What to do</source>
            <translation>Que faire</translation>
        </message>
        <message>
            <source>Payments by hour</source>
            <translation>Paiements par heure</translation>
        </message>
        <message>
            <source>Payments by method</source>
            <translation>Paiements par mode</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Sommaire</translation>
        </message>
        <message>
            <source>Charts</source>
            <translation>Graphiques</translation>
        </message>
        <message>
            <source>Staff and desks</source>
            <translation>Personnel et postes</translation>
        </message>
        <message>
            <source>Attempts and overpayments</source>
            <translation>Tentatives et paiements en trop</translation>
        </message>
        <message>
            <source>Not matched yet: press Match with Stripe.</source>
            <translation>Pas encore rapproché : appuyez sur Rapprocher avec Stripe.</translation>
        </message>
        <message>
            <source>This day is already closed; an administrator can reopen it.</source>
            <translation>Cette journée est déjà clôturée ; un administrateur peut la rouvrir.</translation>
        </message>
        <message>
            <source>A day is closed for all desks: choose All desks first.</source>
            <translation>Une journée se clôture pour tous les postes : choisissez d’abord Tous les postes.</translation>
        </message>
        <message>
            <source>This day is open: there is nothing to reopen.</source>
            <translation>Cette journée est ouverte : il n’y a rien à rouvrir.</translation>
        </message>
        <message>
            <source>Adding up {isoformat}…</source>
            <translation>Totalisation du {isoformat}…</translation>
        </message>
        <message>
            <source>Adding up the day…</source>
            <translation>Totalisation de la journée…</translation>
        </message>
        <message>
            <source>{capitalize}: payments completed from {start} to {end}. </source>
            <translation>{capitalize} : paiements effectués de {start} à {end}. </translation>
        </message>
        <message>
            <source>Open.</source>
            <translation>Ouverte.</translation>
        </message>
        <message>
            <source> Warning: {problem}.</source>
            <translation> Attention : {problem}.</translation>
        </message>
        <message>
            <source>Collected {amount} ({payment_count})   ·   Refunds {amount2} ({refund_count})   ·   Net {amount3}   ·   Net tax {amount4}</source>
            <translation>Perçu {amount} ({payment_count})   ·   Remboursements {amount2} ({refund_count})   ·   Net {amount3}   ·   Taxes nettes {amount4}</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(aucun)</translation>
        </message>
        <message>
            <source>Asking Stripe…</source>
            <translation>Interrogation de Stripe…</translation>
        </message>
        <message>
            <source>Matching with Stripe…</source>
            <translation>Rapprochement avec Stripe…</translation>
        </message>
        <message>
            <source>Everything matches Stripe to the cent.</source>
            <translation>Tout concorde avec Stripe au cent près.</translation>
        </message>
        <message>
            <source>Close the day</source>
            <translation>Clôturer la journée</translation>
        </message>
        <message>
            <source>Close {isoformat} for all desks? The report is frozen now; payments from now on belong to the next day. Only an administrator can reopen it.</source>
            <translation>Clôturer le {isoformat} pour tous les postes ? Le rapport est figé dès maintenant ; les paiements suivants appartiennent au lendemain. Seul un administrateur peut la rouvrir.</translation>
        </message>
        <message>
            <source>Closing the day…</source>
            <translation>Clôture de la journée…</translation>
        </message>
        <message>
            <source>Reopen the day</source>
            <translation>Rouvrir la journée</translation>
        </message>
        <message>
            <source>Why must {isoformat} be reopened? (recorded in the audit trail)</source>
            <translation>Pourquoi faut-il rouvrir le {isoformat} ? (inscrit à la piste d’audit)</translation>
        </message>
        <message>
            <source>Export the end-of-day report</source>
            <translation>Exporter le rapport de fin de journée</translation>
        </message>
        <message>
            <source>Exported to {p}.</source>
            <translation>Exporté vers {p}.</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exportation…</translation>
        </message>
        <message>
            <source>Print the end-of-day report</source>
            <translation>Imprimer le rapport de fin de journée</translation>
        </message>
        <message>
            <source>The report of {day} was sent to {printer} (job {job}).</source>
            <translation>Le rapport du {day} a été envoyé à {printer} (tâche {job}).</translation>
        </message>
        <message>
            <source>the default printer</source>
            <translation>l’imprimante par défaut</translation>
        </message>
        <message>
            <source>Printing…</source>
            <translation>Impression…</translation>
        </message>
        <message>
            <source>CLOSED at {when} by {value}.</source>
            <translation>CLÔTURÉE le {when} par {value}.</translation>
        </message>
    </context>
    <context>
        <name>EnrollDialog</name>
        <message>
            <source>Enroll {display_name}</source>
            <translation>Inscrire {display_name}</translation>
        </message>
        <message>
            <source>Enroll {display_name} ({student_number})</source>
            <translation>Inscrire {display_name} ({student_number})</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>&amp;Course</source>
            <translation>&amp;Cours</translation>
        </message>
        <message>
            <source>Sections</source>
            <translation>Groupes</translation>
        </message>
        <message>
            <source>&amp;Enroll</source>
            <translation>&amp;Inscrire</translation>
        </message>
        <message>
            <source>No course is offered yet. A manager adds courses under Manager &gt; Course catalogue.</source>
            <translation>Aucun cours n’est encore offert. Un gestionnaire ajoute des cours sous Gestion &gt; Catalogue des cours.</translation>
        </message>
        <message>
            <source>Loading sections and price…</source>
            <translation>Chargement des groupes et du prix…</translation>
        </message>
        <message>
            <source>Every section of this course is full. Ask a manager to add seats or open a section.</source>
            <translation>Tous les groupes de ce cours sont complets. Demandez à un gestionnaire d’ajouter des places ou d’ouvrir un groupe.</translation>
        </message>
        <message>
            <source>This course has no section that has not ended. A manager can add one in the catalogue.</source>
            <translation>Ce cours n’a aucun groupe qui ne soit pas terminé. Un gestionnaire peut en ajouter un au catalogue.</translation>
        </message>
        <message>
            <source>Deposit rule: the first payment must be at least {amount}.</source>
            <translation>Règle d’acompte : le premier paiement doit être d’au moins {amount}.</translation>
        </message>
        <message>
            <source>No minimum first payment for this course.</source>
            <translation>Pas de premier paiement minimum pour ce cours.</translation>
        </message>
        <message>
            <source>Price {amount}</source>
            <translation>Prix {amount}</translation>
        </message>
        <message>
            <source>Total {amount} (taxed in {where}, rates of {isoformat})</source>
            <translation>Total {amount} (taxé en {where}, taux du {isoformat})</translation>
        </message>
        <message>
            <source>No tax ({lower}). Total {amount}</source>
            <translation>Aucune taxe ({lower}). Total {amount}</translation>
        </message>
        <message>
            <source>This section is full: choose another.</source>
            <translation>Ce groupe est complet : choisissez-en un autre.</translation>
        </message>
        <message>
            <source>Enrolling…</source>
            <translation>Inscription…</translation>
        </message>
    </context>
    <context>
        <name>EnrollmentTableModel</name>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Section</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Price</source>
            <translation>Prix</translation>
        </message>
        <message>
            <source>Tax</source>
            <translation>Taxes</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>Payé</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Solde</translation>
        </message>
        <message>
            <source>Taxable in {tax_province}</source>
            <translation>Taxable en {tax_province}</translation>
        </message>
        <message>
            <source>Paid {amount}, refunded {amount2}</source>
            <translation>Payé {amount}, remboursé {amount2}</translation>
        </message>
    </context>
    <context>
        <name>EnrollmentsWidget</name>
        <message>
            <source>No student selected</source>
            <translation>Aucun étudiant sélectionné</translation>
        </message>
        <message>
            <source>Student number:</source>
            <translation>Numéro d’étudiant :</translation>
        </message>
        <message>
            <source>Email:</source>
            <translation>Courriel :</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>Téléphone :</translation>
        </message>
        <message>
            <source>Enrollments</source>
            <translation>Inscriptions</translation>
        </message>
        <message>
            <source>Select a student to see their enrollments.</source>
            <translation>Sélectionnez un étudiant pour voir ses inscriptions.</translation>
        </message>
        <message>
            <source>Loading enrollments…</source>
            <translation>Chargement des inscriptions…</translation>
        </message>
        <message>
            <source>{display_name} has no enrollments yet.</source>
            <translation>{display_name} n’a encore aucune inscription.</translation>
        </message>
    </context>
    <context>
        <name>FinishPage</name>
        <message>
            <source>Ready</source>
            <translation>Prêt</translation>
        </message>
        <message>
            <source>Still to do: </source>
            <translation>Reste à faire : </translation>
        </message>
        <message>
            <source>. An administrator finishes these from File &gt; Settings…; they are listed there until they are done. Payments need email and Stripe.</source>
            <translation>. Un administrateur les termine depuis Fichier &gt; Paramètres… ; ils y restent listés jusqu’à ce qu’ils soient faits. Les paiements exigent le courriel et Stripe.</translation>
        </message>
        <message>
            <source>This desk is set up. Take a first small payment to try the whole path.</source>
            <translation>Ce poste est configuré. Encaissez un premier petit paiement pour essayer tout le parcours.</translation>
        </message>
        <message>
            <source>OncoPOS closes when you press Finish: start it again to work as {value} with invoice series {value2} (a running desk keeps its identity until it restarts).</source>
            <translation>OncoPOS se ferme quand vous appuyez sur Terminer : relancez-le pour travailler comme {value} avec la série de factures {value2} (un poste en marche garde son identité jusqu’à son redémarrage).</translation>
        </message>
        <message>
            <source>Press Finish to open OncoPOS.</source>
            <translation>Appuyez sur Terminer pour ouvrir OncoPOS.</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminDialog</name>
        <message>
            <source>Create the administrator account — OncoPOS</source>
            <translation>Créer le compte administrateur — OncoPOS</translation>
        </message>
        <message>
            <source>Welcome to OncoPOS on {workstation_id}. There are no staff accounts yet. Create the administrator account: the administrator then creates an account for each registrar and manager, so every action is done under a person's own name.</source>
            <translation>Bienvenue dans OncoPOS sur {workstation_id}. Il n’y a encore aucun compte du personnel. Créez le compte administrateur : l’administrateur crée ensuite un compte pour chaque registraire et chaque gestionnaire, afin que chaque action soit faite au nom d’une personne.</translation>
        </message>
        <message>
            <source>Create and sign in</source>
            <translation>Créer et se connecter</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quitter</translation>
        </message>
        <message>
            <source>Creating the account…</source>
            <translation>Création du compte…</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminForm</name>
        <message>
            <source>e.g. Ada Tremblay</source>
            <translation>p. ex. Ada Tremblay</translation>
        </message>
        <message>
            <source>e.g. ada.tremblay</source>
            <translation>p. ex. ada.tremblay</translation>
        </message>
        <message>
            <source>at least {count} characters</source>
            <translation>au moins {count} caractères</translation>
        </message>
        <message>
            <source>A few unrelated words make a long password that is easy to remember.</source>
            <translation>Quelques mots sans lien forment un long mot de passe facile à retenir.</translation>
        </message>
        <message>
            <source>&amp;Full name</source>
            <translation>&amp;Nom complet</translation>
        </message>
        <message>
            <source>&amp;User name</source>
            <translation>Nom d’&amp;utilisateur</translation>
        </message>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Mot de passe</translation>
        </message>
        <message>
            <source>&amp;Again</source>
            <translation>&amp;Confirmation</translation>
        </message>
        <message>
            <source>The two passwords differ. Type the same password twice.</source>
            <translation>Les deux mots de passe diffèrent. Tapez deux fois le même mot de passe.</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>Import students</source>
            <translation>Importer des étudiants</translation>
        </message>
        <message>
            <source>Choose the school's list saved as CSV (UTF-8 or Windows). Columns: </source>
            <translation>Choisissez la liste de l’école enregistrée en CSV (UTF-8 ou Windows). Colonnes : </translation>
        </message>
        <message>
            <source>. first_name, last_name and email are required; section enrolls the student in that section.</source>
            <translation>. first_name, last_name et email sont obligatoires ; section inscrit l’étudiant dans ce groupe.</translation>
        </message>
        <message>
            <source>&amp;Choose file…</source>
            <translation>&amp;Choisir le fichier…</translation>
        </message>
        <message>
            <source>No file chosen.</source>
            <translation>Aucun fichier choisi.</translation>
        </message>
        <message>
            <source>Rows of the file</source>
            <translation>Lignes du fichier</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>&amp;Importer</translation>
        </message>
        <message>
            <source>Student list</source>
            <translation>Liste des étudiants</translation>
        </message>
        <message>
            <source>CSV files (*.csv *.txt);;All files (*)</source>
            <translation>Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Cannot read {name}: {value}. Check the file and choose it again.</source>
            <translation>Impossible de lire {name} : {value}. Vérifiez le fichier et choisissez-le de nouveau.</translation>
        </message>
        <message>
            <source>Importing students…</source>
            <translation>Importation des étudiants…</translation>
        </message>
        <message>
            <source>Imported {describe_report}.</source>
            <translation>Importé : {describe_report}.</translation>
        </message>
    </context>
    <context>
        <name>InvoiceActions</name>
        <message>
            <source>In&amp;voices and credit notes…</source>
            <translation>&amp;Factures et notes de crédit…</translation>
        </message>
        <message>
            <source>The shown student's invoices and credit notes: reprint, print or email</source>
            <translation>Les factures et notes de crédit de l’étudiant affiché : réimprimer, imprimer ou envoyer par courriel</translation>
        </message>
        <message>
            <source>Select a student first to see their invoices.</source>
            <translation>Sélectionnez d’abord un étudiant pour voir ses factures.</translation>
        </message>
    </context>
    <context>
        <name>InvoiceHistoryDialog</name>
        <message>
            <source>Letter</source>
            <translation>Lettre</translation>
        </message>
        <message>
            <source>Receipt (80 mm)</source>
            <translation>Reçu (80 mm)</translation>
        </message>
        <message>
            <source>Invoices — {student_name}</source>
            <translation>Factures — {student_name}</translation>
        </message>
        <message>
            <source>&amp;Save PDF…</source>
            <translation>&amp;Enregistrer le PDF…</translation>
        </message>
        <message>
            <source>&amp;Print…</source>
            <translation>&amp;Imprimer…</translation>
        </message>
        <message>
            <source>&amp;Email to student</source>
            <translation>Envoyer par &amp;courriel à l’étudiant</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>A manager reprints invoices.</source>
            <translation>Un gestionnaire réimprime les factures.</translation>
        </message>
        <message>
            <source>Paper:</source>
            <translation>Papier :</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>No invoices yet.</source>
            <translation>Aucune facture pour le moment.</translation>
        </message>
        <message>
            <source>{count} document(s).</source>
            <translation>{count} document(s).</translation>
        </message>
        <message>
            <source>{number} sent to {value} (job {job}).</source>
            <translation>{number} envoyé à {value} (tâche {job}).</translation>
        </message>
        <message>
            <source>the default printer</source>
            <translation>l’imprimante par défaut</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Enregistrer le PDF</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Could not save {path}: {value}. Choose another folder.</source>
            <translation>Impossible d’enregistrer {path} : {value}. Choisissez un autre dossier.</translation>
        </message>
        <message>
            <source>{number} saved to {path}.</source>
            <translation>{number} enregistré dans {path}.</translation>
        </message>
        <message>
            <source>No printer</source>
            <translation>Aucune imprimante</translation>
        </message>
        <message>
            <source>No printer is set up on this computer. Add one in the system's printer settings, or save the PDF and print it elsewhere.</source>
            <translation>Aucune imprimante n’est configurée sur cet ordinateur. Ajoutez-en une dans les réglages d’imprimante du système, ou enregistrez le PDF et imprimez-le ailleurs.</translation>
        </message>
        <message>
            <source>{number} sent to {to}.</source>
            <translation>{number} envoyé à {to}.</translation>
        </message>
    </context>
    <context>
        <name>InvoiceHistoryModel</name>
        <message>
            <source>Number</source>
            <translation>Numéro</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>Document</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Credit note for {original_number}</source>
            <translation>Note de crédit pour {original_number}</translation>
        </message>
        <message>
            <source>Credit note</source>
            <translation>Note de crédit</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Void: {void_reason}</source>
            <translation>Annulée : {void_reason}</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>Émise</translation>
        </message>
    </context>
    <context>
        <name>LanguageMenu</name>
        <message>
            <source>Lan&amp;guage</source>
            <extracomment>property to True; switching the desk's language leaves them as they are.</extracomment>
            <translation>&amp;Langue</translation>
        </message>
    </context>
    <context>
        <name>LimitsSection</name>
        <message>
            <source>English (Canada)</source>
            <translation>Anglais (Canada)</translation>
        </message>
        <message>
            <source>Français (Canada)</source>
            <translation>Français (Canada)</translation>
        </message>
        <message>
            <source>Smallest payment ($)</source>
            <translation>Plus petit paiement ($)</translation>
        </message>
        <message>
            <source>Largest payment ($)</source>
            <translation>Plus gros paiement ($)</translation>
        </message>
        <message>
            <source>Hosted payment page expires after</source>
            <translation>La page de paiement expire après</translation>
        </message>
        <message>
            <source>Code length</source>
            <translation>Longueur du code</translation>
        </message>
        <message>
            <source>Code valid for</source>
            <translation>Code valide pendant</translation>
        </message>
        <message>
            <source>Wrong tries per code</source>
            <translation>Essais erronés par code</translation>
        </message>
        <message>
            <source>Lock an idle desk after</source>
            <translation>Verrouiller un poste inactif après</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
    </context>
    <context>
        <name>LockOverlay</name>
        <message>
            <source>This desk is locked</source>
            <translation>Ce poste est verrouillé</translation>
        </message>
        <message>
            <source>Your password</source>
            <translation>Votre mot de passe</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>Déverrouiller</translation>
        </message>
        <message>
            <source>Switch user…</source>
            <translation>Changer d’utilisateur…</translation>
        </message>
        <message>
            <source>{user} is signed in. Type your password to go on, or let someone else sign in.</source>
            <translation>{user} est connecté. Tapez votre mot de passe pour continuer, ou laissez quelqu’un d’autre se connecter.</translation>
        </message>
        <message>
            <source>Your session has ended</source>
            <translation>Votre session a pris fin</translation>
        </message>
        <message>
            <source>Sign in to go on.</source>
            <translation>Connectez-vous pour continuer.</translation>
        </message>
        <message>
            <source>Sign in…</source>
            <translation>Se connecter…</translation>
        </message>
        <message>
            <source>Type your password.</source>
            <translation>Tapez votre mot de passe.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>registrar</source>
            <translation>registraire</translation>
        </message>
        <message>
            <source>manager</source>
            <translation>gestionnaire</translation>
        </message>
        <message>
            <source>administrator</source>
            <translation>administrateur</translation>
        </message>
        <message>
            <source>Switch user — OncoPOS</source>
            <translation>Changer d’utilisateur — OncoPOS</translation>
        </message>
        <message>
            <source>Sign in — OncoPOS</source>
            <translation>Connexion — OncoPOS</translation>
        </message>
        <message>
            <source>{username} is signed in. The next person signs in here; {username}'s work stays recorded under their name.</source>
            <translation>{username} est connecté. La personne suivante se connecte ici ; le travail de {username} reste inscrit à son nom.</translation>
        </message>
        <message>
            <source>Sign in with your own user name and password.</source>
            <translation>Connectez-vous avec votre propre nom d’utilisateur et mot de passe.</translation>
        </message>
        <message>
            <source>e.g. rita.cote</source>
            <translation>p. ex. rita.cote</translation>
        </message>
        <message>
            <source>&amp;User name</source>
            <translation>Nom d’&amp;utilisateur</translation>
        </message>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Mot de passe</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quitter</translation>
        </message>
        <message>
            <source>&lt;b&gt;Training accounts&lt;/b&gt; (training mode only)&lt;table&gt;{rows}&lt;/table&gt;Password for each: &lt;b&gt;{TRAINING_PASSWORD}&lt;/b&gt;</source>
            <translation>&lt;b&gt;Comptes de formation&lt;/b&gt; (mode formation seulement)&lt;table&gt;{rows}&lt;/table&gt;Mot de passe de chacun : &lt;b&gt;{TRAINING_PASSWORD}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Enter your user name and your password.</source>
            <translation>Entrez votre nom d’utilisateur et votre mot de passe.</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>OncoPOS — {business_name} — {workstation_id}</source>
            <translation>OncoPOS — {business_name} — {workstation_id}</translation>
        </message>
        <message>
            <source>Training mode</source>
            <translation>Mode formation</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>&amp;Find Student</source>
            <translation>&amp;Trouver un étudiant</translation>
        </message>
        <message>
            <source>&amp;About OncoPOS</source>
            <translation>&amp;À propos d’OncoPOS</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>Formation</translation>
        </message>
        <message>
            <source>Live</source>
            <translation>Réel</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Prêt</translation>
        </message>
        <message>
            <source>Loading enrollments of {name}…</source>
            <translation>Chargement des inscriptions de {name}…</translation>
        </message>
        <message>
            <source>No student selected</source>
            <translation>Aucun étudiant sélectionné</translation>
        </message>
        <message>
            <source>About OncoPOS</source>
            <translation>À propos d’OncoPOS</translation>
        </message>
        <message>
            <source>Front-desk point of sale of {business_name}.
Workstation {workstation_id}.</source>
            <translation>Point de vente de l’accueil de {business_name}.
Poste {workstation_id}.</translation>
        </message>
        <message numerus="yes">
            <source>{name}: %n enrollment(s)</source>
            <translation>
                <numerusform>{name} : %n inscription</numerusform>
                <numerusform>{name} : %n inscriptions</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ManagerOverrideDialog</name>
        <message>
            <source>Manager approval — OncoPOS</source>
            <translation>Approbation d’un gestionnaire — OncoPOS</translation>
        </message>
        <message>
            <source>{user} ({role}) may not {action} alone. A manager can approve this one action with their own user name and password. The approval is for this action only, is used once and expires within minutes; it and its reason are kept in the audit trail under both names.</source>
            <translation>{user} ({role}) ne peut pas {action} seul. Un gestionnaire peut approuver cette seule action avec son propre nom d’utilisateur et mot de passe. L’approbation ne vaut que pour cette action, sert une seule fois et expire en quelques minutes ; elle et son motif sont conservés dans la piste d’audit sous les deux noms.</translation>
        </message>
        <message>
            <source>e.g. student withdrew in the first week</source>
            <translation>p. ex. l’étudiant a abandonné la première semaine</translation>
        </message>
        <message>
            <source>&amp;Manager</source>
            <translation>&amp;Gestion</translation>
        </message>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Mot de passe</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>Mo&amp;tif</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Approuver</translation>
        </message>
        <message>
            <source>The manager types their user name and password.</source>
            <translation>Le gestionnaire tape son nom d’utilisateur et son mot de passe.</translation>
        </message>
        <message>
            <source>Checking the manager's password…</source>
            <translation>Vérification du mot de passe du gestionnaire…</translation>
        </message>
    </context>
    <context>
        <name>MethodPage</name>
        <message>
            <source>How will the student pay?</source>
            <translation>Comment l’étudiant paiera-t-il ?</translation>
        </message>
        <message>
            <source>Card readers</source>
            <translation>Lecteurs de carte</translation>
        </message>
        <message>
            <source>&amp;Hosted page (QR code)</source>
            <translation>&amp;Page de paiement (code QR)</translation>
        </message>
        <message>
            <source>Charge on &amp;reader</source>
            <translation>Débiter sur le &amp;lecteur</translation>
        </message>
        <message>
            <source>Card reader (tap, insert or swipe; Interac accepted):</source>
            <translation>Lecteur de carte (toucher, insérer ou glisser ; Interac accepté) :</translation>
        </message>
    </context>
    <context>
        <name>Operation</name>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
    </context>
    <context>
        <name>OtherEnrollmentsBox</name>
        <message>
            <source>Also pay in this payment</source>
            <translation>Payer aussi dans ce paiement</translation>
        </message>
        <message>
            <source>{mnemonic}{course_name} ({course_code}), owing {amount}</source>
            <translation>{mnemonic}{course_name} ({course_code}), solde dû {amount}</translation>
        </message>
        <message>
            <source>Amount for {course_name}</source>
            <translation>Montant pour {course_name}</translation>
        </message>
        <message>
            <source>{course_name}: {reason}</source>
            <translation>{course_name} : {reason}</translation>
        </message>
    </context>
    <context>
        <name>PaymentActions</name>
        <message>
            <source>&amp;Take payment…</source>
            <translation>&amp;Encaisser un paiement…</translation>
        </message>
        <message>
            <source>Collect a full or partial payment for the selected enrollment</source>
            <translation>Percevoir un paiement complet ou partiel pour l’inscription sélectionnée</translation>
        </message>
        <message>
            <source>&amp;Customer display</source>
            <translation>&amp;Affichage client</translation>
        </message>
        <message>
            <source>A second window for a screen facing the student</source>
            <translation>Une deuxième fenêtre pour un écran tourné vers l’étudiant</translation>
        </message>
        <message>
            <source>The student's side (card &amp;reader, phone)</source>
            <translation>Le côté de l’étudiant (&amp;lecteur de carte, téléphone)</translation>
        </message>
        <message>
            <source>Training &amp;inbox</source>
            <translation>&amp;Boîte de réception de formation</translation>
        </message>
        <message>
            <source>Your role may not take payments.</source>
            <translation>Votre rôle ne permet pas d’encaisser des paiements.</translation>
        </message>
        <message>
            <source>Select the enrollment to pay in the list first.</source>
            <translation>Sélectionnez d’abord dans la liste l’inscription à payer.</translation>
        </message>
        <message>
            <source>Nothing is owing on this enrollment.</source>
            <translation>Rien n’est dû pour cette inscription.</translation>
        </message>
        <message>
            <source>Collect a full or partial payment for the selected enrollment (Ctrl+P)</source>
            <translation>Percevoir un paiement complet ou partiel pour l’inscription sélectionnée (Ctrl+P)</translation>
        </message>
        <message>
            <source>Select the enrollment to pay in the list first (Ctrl+F to find the student).</source>
            <translation>Sélectionnez d’abord dans la liste l’inscription à payer (Ctrl+F pour trouver l’étudiant).</translation>
        </message>
        <message>
            <source>Nothing is owing on {course_name}.</source>
            <translation>Rien n’est dû pour {course_name}.</translation>
        </message>
        <message>
            <source>Payment of {amount} received</source>
            <translation>Paiement de {amount} reçu</translation>
        </message>
        <message>
            <source>Payment not completed ({status})</source>
            <translation>Paiement non effectué ({status})</translation>
        </message>
        <message>
            <source>The simulated reader is not available in this window.</source>
            <translation>Le lecteur simulé n’est pas offert dans cette fenêtre.</translation>
        </message>
        <message>
            <source>Payments left unfinished last time: {recorded} recorded, {closed} closed, {to_check} to check again.</source>
            <translation>Paiements inachevés la dernière fois : {recorded} enregistrés, {closed} fermés, {to_check} à revérifier.</translation>
        </message>
        <message>
            <source>Unfinished payments could not be checked: {error}</source>
            <translation>Les paiements inachevés n’ont pas pu être vérifiés : {error}</translation>
        </message>
    </context>
    <context>
        <name>PaymentDialog</name>
        <message>
            <source>Balance owing on {courses}: {amount} (total {amount2}, paid {amount3})</source>
            <translation>Solde dû sur {courses} : {amount} (total {amount2}, payé {amount3})</translation>
        </message>
        <message>
            <source>Card part of a split payment</source>
            <translation>Partie par carte d’un paiement partagé</translation>
        </message>
        <message>
            <source>Take payment — {display_name}</source>
            <translation>Encaisser un paiement — {display_name}</translation>
        </message>
        <message>
            <source>Still working on the previous step: wait for it to finish.</source>
            <translation>L’étape précédente est encore en cours : attendez qu’elle se termine.</translation>
        </message>
        <message>
            <source>Amount to collect</source>
            <translation>Montant à percevoir</translation>
        </message>
        <message>
            <source>Balance owing: {amount} (total {amount2}, paid {amount3})</source>
            <translation>Solde dû : {amount} (total {amount2}, payé {amount3})</translation>
        </message>
        <message>
            <source>A code was emailed to {code_sent_to}. It works until {expires}; tries left: {code_attempts_left}. Ask the student to read it out, or to type it on the customer display.
</source>
            <translation>Un code a été envoyé par courriel à {code_sent_to}. Il est valide jusqu’à {expires} ; essais restants : {code_attempts_left}. Demandez à l’étudiant de le lire à voix haute ou de l’entrer sur l’affichage client.
</translation>
        </message>
        <message>
            <source>your email</source>
            <translation>votre courriel</translation>
        </message>
        <message>
            <source>This code can no longer be confirmed. A new code can be sent in {wait}: then press Resend code and ask the student for the new one.</source>
            <translation>Ce code ne peut plus être confirmé. Un nouveau code pourra être envoyé dans {wait} : appuyez alors sur Renvoyer le code et demandez le nouveau à l’étudiant.</translation>
        </message>
        <message>
            <source>This code can no longer be confirmed: press Resend code and ask the student for the new one.</source>
            <translation>Ce code ne peut plus être confirmé : appuyez sur Renvoyer le code et demandez le nouveau à l’étudiant.</translation>
        </message>
        <message>
            <source>This code can no longer be confirmed: send a new code.</source>
            <translation>Ce code ne peut plus être confirmé : envoyez un nouveau code.</translation>
        </message>
        <message>
            <source>Loading the card readers…</source>
            <translation>Chargement des lecteurs de carte…</translation>
        </message>
        <message>
            <source>This reader is offline: check its power and network.</source>
            <translation>Ce lecteur est hors ligne : vérifiez son alimentation et son réseau.</translation>
        </message>
        <message>
            <source>No card reader is online. Use the hosted page, or check the reader.</source>
            <translation>Aucun lecteur de carte n’est en ligne. Utilisez la page de paiement ou vérifiez le lecteur.</translation>
        </message>
        <message>
            <source>Choose a card reader first, or use the hosted page.</source>
            <translation>Choisissez d’abord un lecteur de carte, ou utilisez la page de paiement.</translation>
        </message>
        <message>
            <source>Creating the payment at Stripe and sending it to the card reader… (the desk waits at most {seconds} s, then says what happened)</source>
            <translation>Création du paiement chez Stripe et envoi au lecteur de carte… (le poste attend au plus {seconds} s, puis indique ce qui s’est passé)</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Enregistrer le PDF</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Invoice {number} saved to {path}.</source>
            <translation>Facture {number} enregistrée dans {path}.</translation>
        </message>
        <message>
            <source>Cancelling at Stripe… (the desk waits at most {seconds} s)</source>
            <translation>Annulation chez Stripe… (le poste attend au plus {seconds} s)</translation>
        </message>
    </context>
    <context>
        <name>PaymentHistoryModel</name>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Desk</source>
            <translation>Poste</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Étudiant</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Refunded</source>
            <translation>Remboursé</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Student number {student_number}</source>
            <translation>Numéro d’étudiant {student_number}</translation>
        </message>
    </context>
    <context>
        <name>PaymentHistoryView</name>
        <message>
            <source>Today's payments — OncoPOS</source>
            <translation>Paiements d’aujourd’hui — OncoPOS</translation>
        </message>
        <message>
            <source>Payment history — OncoPOS</source>
            <translation>Historique des paiements — OncoPOS</translation>
        </message>
        <message>
            <source>This desk ({workstation_id})</source>
            <translation>Ce poste ({workstation_id})</translation>
        </message>
        <message>
            <source>All desks</source>
            <translation>Tous les postes</translation>
        </message>
        <message>
            <source>Name, student number or email</source>
            <translation>Nom, numéro d’étudiant ou courriel</translation>
        </message>
        <message>
            <source>Invoice number</source>
            <translation>Numéro de facture</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Any method</source>
            <translation>Tous les modes</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>Tous les états</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Rechercher</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Select a payment to see its steps, Stripe references, documents and refunds.</source>
            <translation>Sélectionnez un paiement pour voir ses étapes, ses références Stripe, ses documents et ses remboursements.</translation>
        </message>
        <message>
            <source>&amp;Refund…</source>
            <translation>&amp;Rembourser…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>No payments match.</source>
            <translation>Aucun paiement ne correspond.</translation>
        </message>
        <message>
            <source>Nothing remains to refund on this payment.</source>
            <translation>Il ne reste rien à rembourser sur ce paiement.</translation>
        </message>
        <message>
            <source>Opening the refund…</source>
            <translation>Ouverture du remboursement…</translation>
        </message>
        <message>
            <source>to</source>
            <translation>au</translation>
        </message>
        <message numerus="yes">
            <source>%n payment(s); {amount} kept after refunds.</source>
            <translation>
                <numerusform>%n paiement ; montant conservé après remboursements : {amount}.</numerusform>
                <numerusform>%n paiements ; montant conservé après remboursements : {amount}.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PaymentPages</name>
        <message>
            <source>exempt from GST/HST and QST</source>
            <extracomment>The side of the hosted page's QR code, in pixels (the code is drawn to fit inside it).</extracomment>
            <translation>exonéré de TPS/TVH et de TVQ</translation>
        </message>
        <message>
            <source>zero-rated (0 % tax)</source>
            <translation>détaxé (taxes à 0 %)</translation>
        </message>
        <message>
            <source>Total {total} · {untaxed}</source>
            <translation>Total {total} · {untaxed}</translation>
        </message>
    </context>
    <context>
        <name>PaymentSeveral</name>
        <message>
            <source>before tax {amount}</source>
            <translation>avant taxes {amount}</translation>
        </message>
        <message>
            <source>no tax</source>
            <translation>sans taxes</translation>
        </message>
        <message>
            <source>{course_name}: {details}</source>
            <translation>{course_name} : {details}</translation>
        </message>
        <message>
            <source>Total of this payment: {amount} (tax {tax})</source>
            <translation>Total de ce paiement : {amount} (taxes {tax})</translation>
        </message>
    </context>
    <context>
        <name>PlanActions</name>
        <message>
            <source>&amp;Plan…</source>
            <extracomment>PlanReminders.close_link, asked when a link is closed (it builds the gateway on first use).</extracomment>
            <translation>&amp;Plan de paiement…</translation>
        </message>
        <message>
            <source>The selected enrollment's deposit and instalments</source>
            <translation>L’acompte et les versements de l’inscription sélectionnée</translation>
        </message>
        <message>
            <source>Account &amp;statement…</source>
            <translation>&amp;Relevé de compte…</translation>
        </message>
        <message>
            <source>Every charge, payment, refund and credit of the shown student</source>
            <translation>Chaque frais, paiement, remboursement et crédit de l’étudiant affiché</translation>
        </message>
        <message>
            <source>Instalments &amp;due…</source>
            <translation>Versements &amp;dus…</translation>
        </message>
        <message>
            <source>Unpaid instalments due soon, and the overdue ones</source>
            <translation>Les versements impayés bientôt dus, et ceux en retard</translation>
        </message>
        <message>
            <source>Select an enrollment first to see its plan.</source>
            <translation>Sélectionnez d’abord une inscription pour voir son plan.</translation>
        </message>
        <message>
            <source>Select a student first to see their statement.</source>
            <translation>Sélectionnez d’abord un étudiant pour voir son relevé.</translation>
        </message>
    </context>
    <context>
        <name>PlanEditorDialog</name>
        <message>
            <source>Plan — %1</source>
            <translation>Plan — %1</translation>
        </message>
        <message>
            <source>New plan</source>
            <translation>Nouveau plan</translation>
        </message>
        <message>
            <source>&amp;Preview</source>
            <translation>&amp;Aperçu</translation>
        </message>
        <message>
            <source>&amp;Make the plan</source>
            <translation>&amp;Créer le plan</translation>
        </message>
        <message>
            <source>Template:</source>
            <translation>Modèle :</translation>
        </message>
        <message>
            <source>Deposit due:</source>
            <translation>Acompte dû le :</translation>
        </message>
        <message>
            <source>Add a template to this course (manager)</source>
            <translation>Ajouter un modèle à ce cours (gestionnaire)</translation>
        </message>
        <message>
            <source>e.g. 30 % then 3 monthly</source>
            <translation>p. ex. 30 % puis 3 mensualités</translation>
        </message>
        <message>
            <source>last instalment</source>
            <translation>dernier versement</translation>
        </message>
        <message>
            <source>first instalment</source>
            <translation>premier versement</translation>
        </message>
        <message>
            <source>Add &amp;template</source>
            <translation>Ajouter le &amp;modèle</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Nom :</translation>
        </message>
        <message>
            <source>Deposit:</source>
            <translation>Acompte :</translation>
        </message>
        <message>
            <source>Instalments:</source>
            <translation>Versements :</translation>
        </message>
        <message>
            <source>Months between:</source>
            <translation>Mois entre deux :</translation>
        </message>
        <message>
            <source>Rounding cents on:</source>
            <translation>Cents d’arrondi sur le :</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>Ligne</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Échéance</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>Payé</translation>
        </message>
        <message>
            <source>Stands</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Add instalment</source>
            <translation>Ajouter un versement</translation>
        </message>
        <message>
            <source>Remove last</source>
            <translation>Retirer le dernier</translation>
        </message>
        <message>
            <source>Why the plan changes (kept in the audit trail)</source>
            <translation>Pourquoi le plan change (conservé dans la piste d’audit)</translation>
        </message>
        <message>
            <source>&amp;Save changes</source>
            <translation>&amp;Enregistrer les modifications</translation>
        </message>
        <message>
            <source>Contract &amp;signed</source>
            <translation>Contrat &amp;signé</translation>
        </message>
        <message>
            <source>Close reminder &amp;link</source>
            <translation>Fermer le &amp;lien de rappel</translation>
        </message>
        <message>
            <source>Close the selected line's emailed payment link, to take that payment at the desk instead</source>
            <translation>Fermer le lien de paiement envoyé par courriel pour la ligne sélectionnée, afin de percevoir ce paiement au comptoir</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>no end date</source>
            <translation>sans date de fin</translation>
        </message>
        <message>
            <source>%1 (%2), %3 · total %4 · paid %5 · owing %6 · course ends %7</source>
            <translation>%1 (%2), %3 · total %4 · payé %5 · dû %6 · fin du cours %7</translation>
        </message>
        <message>
            <source>No plan yet. Choose a template and preview it.</source>
            <translation>Pas encore de plan. Choisissez un modèle et affichez-en l’aperçu.</translation>
        </message>
        <message>
            <source>This course has no plan template yet: a manager adds one below.</source>
            <translation>Ce cours n’a pas encore de modèle de plan : un gestionnaire en ajoute un ci-dessous.</translation>
        </message>
        <message>
            <source>Until the contract is signed, at most %1 may be collected in all. Rule: %2</source>
            <translation>Tant que le contrat n’est pas signé, au plus %1 peut être perçu en tout. Règle : %2</translation>
        </message>
        <message>
            <source>Contract signed.</source>
            <translation>Contrat signé.</translation>
        </message>
        <message>
            <source>Still owing on the plan: %1</source>
            <translation>Reste dû sur le plan : %1</translation>
        </message>
        <message>
            <source>Choose a template first.</source>
            <translation>Choisissez d’abord un modèle.</translation>
        </message>
        <message>
            <source>preview</source>
            <translation>aperçu</translation>
        </message>
        <message>
            <source>%1: '%2' is not a date. Type it as 2027-01-15.</source>
            <translation>%1 : « %2 » n’est pas une date. Tapez-la sous la forme 2027-01-15.</translation>
        </message>
        <message>
            <source>Select the line whose reminder link to close.</source>
            <translation>Sélectionnez la ligne dont le lien de rappel doit être fermé.</translation>
        </message>
        <message numerus="yes">
            <source>%n line(s), %2 in all. Make the plan to keep it.</source>
            <translation>
                <numerusform>%n ligne, %2 en tout. Créez le plan pour le conserver.</numerusform>
                <numerusform>%n lignes, %2 en tout. Créez le plan pour le conserver.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Plans</name>
        <message>
            <source>paid</source>
            <translation>payé</translation>
        </message>
        <message>
            <source>part paid</source>
            <translation>payé en partie</translation>
        </message>
        <message>
            <source>overdue</source>
            <translation>en retard</translation>
        </message>
        <message>
            <source>due today</source>
            <translation>dû aujourd’hui</translation>
        </message>
        <message>
            <source>upcoming</source>
            <translation>à venir</translation>
        </message>
        <message>
            <source>Deposit</source>
            <translation>Acompte</translation>
        </message>
        <message>
            <source>Instalment %1</source>
            <translation>Versement %1</translation>
        </message>
    </context>
    <context>
        <name>PreviewModel</name>
        <message>
            <source>Row</source>
            <translation>Ligne</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <source>Section</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>What to correct</source>
            <translation>À corriger</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Prêt</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>(sans nom)</translation>
        </message>
</context>
    <context>
        <name>PrintChoiceDialog</name>
        <message>
            <source>Letter</source>
            <translation>Lettre</translation>
        </message>
        <message>
            <source>Receipt (80 mm roll)</source>
            <translation>Reçu (rouleau de 80 mm)</translation>
        </message>
        <message>
            <source>The desk's default printer</source>
            <translation>L’imprimante par défaut du poste</translation>
        </message>
        <message>
            <source>&amp;Printer:</source>
            <translation>&amp;Imprimante :</translation>
        </message>
        <message>
            <source>P&amp;aper:</source>
            <translation>P&amp;apier :</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>Imprimer</translation>
        </message>
    </context>
    <context>
        <name>ProgressPage</name>
        <message>
            <source>QR code of the payment page</source>
            <translation>Code QR de la page de paiement</translation>
        </message>
        <message>
            <source>student's email on file</source>
            <translation>courriel de l’étudiant au dossier</translation>
        </message>
        <message>
            <source>Email the link to</source>
            <translation>Envoyer le lien par courriel à</translation>
        </message>
        <message>
            <source>&amp;Email link</source>
            <translation>Envoyer le &amp;lien</translation>
        </message>
        <message>
            <source>Cancel payment</source>
            <translation>Annuler le paiement</translation>
        </message>
        <message>
            <source>&amp;Retry on the reader</source>
            <translation>&amp;Réessayer sur le lecteur</translation>
        </message>
    </context>
    <context>
        <name>RefundActions</name>
        <message>
            <source>Today's pa&amp;yments…</source>
            <translation>Paiements d’aujourd’&amp;hui…</translation>
        </message>
        <message>
            <source>Payments taken at this desk today, with their invoices and refunds</source>
            <translation>Paiements reçus à ce poste aujourd’hui, avec leurs factures et remboursements</translation>
        </message>
        <message>
            <source>Payment &amp;history…</source>
            <translation>&amp;Historique des paiements…</translation>
        </message>
        <message>
            <source>Find any payment; refund it with a credit note</source>
            <translation>Trouver n’importe quel paiement ; le rembourser avec une note de crédit</translation>
        </message>
        <message>
            <source>&amp;Dashboard refunds to review…</source>
            <translation>Remboursements du &amp;tableau de bord à vérifier…</translation>
        </message>
        <message>
            <source>Refunds made in the Stripe Dashboard that still need a credit note</source>
            <translation>Remboursements faits dans le tableau de bord Stripe qui attendent encore une note de crédit</translation>
        </message>
        <message>
            <source>Refunds left unfinished last time: {count} recorded, {count2} closed, {value} to check again.</source>
            <translation>Remboursements inachevés la dernière fois : {count} enregistrés, {count2} fermés, {value} à revérifier.</translation>
        </message>
        <message>
            <source>{count} refund(s) made in the Stripe Dashboard need a credit note (Manager &gt; Dashboard refunds to review).</source>
            <translation>{count} remboursement(s) fait(s) dans le tableau de bord Stripe attend(ent) une note de crédit (Gestion &gt; Remboursements du tableau de bord à vérifier).</translation>
        </message>
        <message>
            <source>Unfinished refunds could not be checked: {describe_error}</source>
            <translation>Les remboursements inachevés n’ont pas pu être vérifiés : {describe_error}</translation>
        </message>
    </context>
    <context>
        <name>RefundDialog</name>
        <message>
            <source>Refund — OncoPOS</source>
            <translation>Remboursement — OncoPOS</translation>
        </message>
        <message>
            <source>Printed on the credit note, e.g. withdrew before the first class</source>
            <translation>Imprimé sur la note de crédit, p. ex. abandon avant le premier cours</translation>
        </message>
        <message>
            <source>&amp;Amount to refund</source>
            <translation>&amp;Montant à rembourser</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>Mo&amp;tif</translation>
        </message>
        <message>
            <source>&amp;Details</source>
            <translation>&amp;Précisions</translation>
        </message>
        <message>
            <source>Interac is refunded in person: when you press Refund, ask the student to tap the &lt;b&gt;same card&lt;/b&gt; on the reader.</source>
            <translation>Interac se rembourse en personne : quand vous appuyez sur Rembourser, demandez à l’étudiant de toucher le lecteur avec la &lt;b&gt;même carte&lt;/b&gt;.</translation>
        </message>
        <message>
            <source>&lt;b&gt;{html}&lt;/b&gt; — {html2}&lt;br&gt;Paid {amount}{card}{value}&lt;br&gt;Already refunded {amount2}{value2} · &lt;b&gt;{amount3} can be refunded&lt;/b&gt;</source>
            <translation>&lt;b&gt;{html}&lt;/b&gt; — {html2}&lt;br&gt;Payé {amount}{card}{value}&lt;br&gt;Déjà remboursé {amount2}{value2} · &lt;b&gt;{amount3} peut être remboursé&lt;/b&gt;</translation>
        </message>
        <message>
            <source> · invoice </source>
            <translation> · facture </translation>
        </message>
        <message>
            <source> · being refunded </source>
            <translation> · en cours de remboursement </translation>
        </message>
        <message>
            <source>Choose a reason…</source>
            <translation>Choisissez un motif…</translation>
        </message>
        <message>
            <source>&amp;Review refund…</source>
            <translation>&amp;Vérifier le remboursement…</translation>
        </message>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Retour</translation>
        </message>
        <message>
            <source>Required: say why</source>
            <translation>Obligatoire : indiquez pourquoi</translation>
        </message>
        <message>
            <source>Optional; printed on the credit note</source>
            <translation>Facultatif ; imprimé sur la note de crédit</translation>
        </message>
        <message>
            <source>You can refund at most {amount} of this payment.</source>
            <translation>Vous pouvez rembourser au plus {amount} de ce paiement.</translation>
        </message>
        <message>
            <source>Choose the reason for the refund; it is printed on the credit note.</source>
            <translation>Choisissez le motif du remboursement ; il est imprimé sur la note de crédit.</translation>
        </message>
        <message>
            <source>Say why in Details: “{reason}” needs a few words on the credit note.</source>
            <translation>Précisez pourquoi dans Précisions : « {reason} » demande quelques mots sur la note de crédit.</translation>
        </message>
        <message>
            <source>Refund {amount}</source>
            <translation>Remboursement {amount}</translation>
        </message>
        <message>
            <source>A manager makes refunds at this desk. Ask a manager to sign in.</source>
            <translation>À ce poste, les remboursements sont faits par un gestionnaire. Demandez à un gestionnaire de se connecter.</translation>
        </message>
        <message>
            <source>refund {amount} to {student_name}</source>
            <translation>rembourser {amount} à {student_name}</translation>
        </message>
        <message>
            <source>Asking the reader…</source>
            <translation>Interrogation du lecteur…</translation>
        </message>
        <message>
            <source>Refunding through Stripe…</source>
            <translation>Remboursement par Stripe…</translation>
        </message>
        <message>
            <source>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Ask the student to tap the same card on the reader.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Refund of {amount} — waiting for the card ({value}:{value2:02d} left). Press Cancel if the student cannot present it.&lt;/p&gt;</source>
            <translation>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Demandez à l’étudiant de toucher le lecteur avec la même carte.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Remboursement de {amount} — en attente de la carte (reste {value} :{value2:02d}). Appuyez sur Annuler si l’étudiant ne peut pas la présenter.&lt;/p&gt;</translation>
        </message>
        <message>
            <source> Credit note &lt;b&gt;{html}&lt;/b&gt; is emailed to the student.</source>
            <translation> La note de crédit &lt;b&gt;{html}&lt;/b&gt; est envoyée par courriel à l’étudiant.</translation>
        </message>
        <message>
            <source>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Not refunded.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;{html}&lt;/p&gt;</source>
            <translation>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Non remboursé.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;{html}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>{describe_error} Still trying…</source>
            <translation>{describe_error} Nouvelle tentative en cours…</translation>
        </message>
        <message>
            <source>Refund of {amount} sent; Stripe has not confirmed it yet. It is checked again automatically; you can close this window.</source>
            <translation>Remboursement de {amount} envoyé ; Stripe ne l’a pas encore confirmé. Il est revérifié automatiquement ; vous pouvez fermer cette fenêtre.</translation>
        </message>
        <message>
            <source>{amount} of this payment can still be refunded.</source>
            <translation>{amount} de ce paiement peut encore être remboursé.</translation>
        </message>
        <message>
            <source>The payment is now fully refunded.</source>
            <translation>Le paiement est maintenant entièrement remboursé.</translation>
        </message>
        <message>
            <source>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Refunded {amount}.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;{note} {left}&lt;/p&gt;</source>
            <translation>&lt;p style='font-size:15pt'&gt;&lt;b&gt;Remboursé {amount}.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;{note} {left}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>The refund did not go through.</source>
            <translation>Le remboursement n’a pas abouti.</translation>
        </message>
        <message>
            <source>Stopping the refund on the reader…</source>
            <translation>Arrêt du remboursement sur le lecteur…</translation>
        </message>
        <message>
            <source> by {card}</source>
            <translation> par {card}</translation>
        </message>
        <message>
            <source>Handing the refund back out of the cash drawer…</source>
            <translation>Remise du remboursement à même le tiroir-caisse…</translation>
        </message>
        <message>
            <source>Cheque written to the student</source>
            <translation>Chèque fait à l’étudiant</translation>
        </message>
        <message>
            <source>Interac e-Transfer sent to the student</source>
            <translation>Virement Interac envoyé à l’étudiant</translation>
        </message>
        <message>
            <source>Refund b&amp;y</source>
            <translation>Rembourser &amp;par</translation>
        </message>
        <message>
            <source>Cheque no. or re&amp;ference</source>
            <translation>Nº de chèque ou ré&amp;férence</translation>
        </message>
        <message>
            <source>The number of the cheque written to the student</source>
            <translation>Le numéro du chèque fait à l’étudiant</translation>
        </message>
        <message>
            <source>The reference the bank gave the e-Transfer sent</source>
            <translation>La référence donnée par la banque au virement envoyé</translation>
        </message>
        <message>
            <source>Enter the number of the cheque written to the student, or the reference of the e-Transfer sent; it is kept with the refund.</source>
            <translation>Entrez le numéro du chèque fait à l’étudiant ou la référence du virement Interac envoyé ; elle est conservée avec le remboursement.</translation>
        </message>
        <message>
            <source>Recording the refund by cheque…</source>
            <translation>Enregistrement du remboursement par chèque…</translation>
        </message>
        <message>
            <source>Recording the refund by e-Transfer…</source>
            <translation>Enregistrement du remboursement par virement Interac…</translation>
        </message>
    </context>
    <context>
        <name>RefundReview</name>
        <message>
            <source>Refund {amount} to {student}?</source>
            <translation>Rembourser {amount} à {student} ?</translation>
        </message>
        <message>
            <source>On the card reader: the student taps the same Interac card.</source>
            <translation>Sur le lecteur de carte : l’étudiant présente la même carte Interac.</translation>
        </message>
        <message>
            <source>{amount} back in their bank account once they tap the card, and a credit note by email.</source>
            <translation>{amount} retournés dans son compte bancaire dès qu’il présente la carte, et une note de crédit par courriel.</translation>
        </message>
        <message>
            <source>Back to the {card} used for the payment.</source>
            <translation>Sur la {card} utilisée pour le paiement.</translation>
        </message>
        <message>
            <source>{amount} back on the {card}, usually within 5 to 10 business days, and a credit note by email to {email}.</source>
            <translation>{amount} retournés sur la {card}, habituellement dans un délai de 5 à 10 jours ouvrables, et une note de crédit par courriel à {email}.</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Montant</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <source>The student receives</source>
            <translation>L’étudiant reçoit</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>A refund cannot be undone. Check the amount and the method, then press the refund button.</source>
            <translation>Un remboursement ne peut pas être annulé. Vérifiez le montant et le mode, puis appuyez sur le bouton de remboursement.</translation>
        </message>
        <message>
            <source>In cash, handed back out of this desk's drawer now.</source>
            <translation>En espèces, remises maintenant à même le tiroir-caisse de ce poste.</translation>
        </message>
        <message>
            <source>{amount} in cash at the desk, and a credit note by email to {email}.</source>
            <translation>{amount} en espèces au comptoir, et une note de crédit par courriel à {email}.</translation>
        </message>
        <message>
            <source>By cheque no. {number}, written to the student.</source>
            <translation>Par le chèque nº {number}, fait à l’étudiant.</translation>
        </message>
        <message>
            <source>{amount} by cheque, and a credit note by email to {email}.</source>
            <translation>{amount} par chèque, et une note de crédit par courriel à {email}.</translation>
        </message>
        <message>
            <source>By Interac e-Transfer, reference {reference}, sent to the student.</source>
            <translation>Par virement Interac, référence {reference}, envoyé à l’étudiant.</translation>
        </message>
        <message>
            <source>{amount} by Interac e-Transfer, and a credit note by email to {email}.</source>
            <translation>{amount} par virement Interac, et une note de crédit par courriel à {email}.</translation>
        </message>
    </context>
    <context>
        <name>RegistrationActions</name>
        <message>
            <source>&amp;New student…</source>
            <translation>&amp;Nouvel étudiant…</translation>
        </message>
        <message>
            <source>Register a walk-in student</source>
            <translation>Inscrire un étudiant qui se présente au comptoir</translation>
        </message>
        <message>
            <source>&amp;Edit student…</source>
            <translation>&amp;Modifier l’étudiant…</translation>
        </message>
        <message>
            <source>Correct the shown student's details</source>
            <translation>Corriger les renseignements de l’étudiant affiché</translation>
        </message>
        <message>
            <source>En&amp;roll…</source>
            <translation>I&amp;nscrire…</translation>
        </message>
        <message>
            <source>Enroll the shown student in a course section</source>
            <translation>Inscrire l’étudiant affiché à un groupe-cours</translation>
        </message>
        <message>
            <source>&amp;Withdraw or transfer…</source>
            <translation>&amp;Abandon ou transfert…</translation>
        </message>
        <message>
            <source>Withdraw the selected enrollment or move it</source>
            <translation>Retirer l’inscription sélectionnée ou la déplacer</translation>
        </message>
        <message>
            <source>&amp;Import students…</source>
            <translation>&amp;Importer des étudiants…</translation>
        </message>
        <message>
            <source>Import the school's student list from a CSV file</source>
            <translation>Importer la liste des étudiants de l’école depuis un fichier CSV</translation>
        </message>
        <message>
            <source>&amp;Course catalogue…</source>
            <translation>&amp;Catalogue des cours…</translation>
        </message>
        <message>
            <source>Courses, sections and prices</source>
            <translation>Cours, groupes et prix</translation>
        </message>
        <message>
            <source>Registration</source>
            <translation>Inscription</translation>
        </message>
        <message>
            <source>Imported {describe_report}.</source>
            <translation>Importé : {describe_report}.</translation>
        </message>
        <message>
            <source>Saved {first_name} {last_name} ({student_number}).</source>
            <translation>{first_name} {last_name} ({student_number}) enregistré.</translation>
        </message>
        <message>
            <source> First payment: at least {amount}.</source>
            <translation> Premier paiement : au moins {amount}.</translation>
        </message>
        <message>
            <source> Press Enter or Take payment… to collect a payment now.</source>
            <translation> Appuyez sur Entrée ou sur Encaisser un paiement… pour percevoir un paiement maintenant.</translation>
        </message>
        <message>
            <source>Enrolled in {code}: total {total}.{deposit}{offer}</source>
            <translation>Inscrit à {code} : total {total}.{deposit}{offer}</translation>
        </message>
    </context>
    <context>
        <name>ResendPause</name>
        <message>
            <source>&amp;Resend code ({wait})</source>
            <translation>&amp;Renvoyer le code ({wait})</translation>
        </message>
        <message>
            <source>A new code can be sent in {wait}.</source>
            <translation>Un nouveau code pourra être envoyé dans {wait}.</translation>
        </message>
    </context>
    <context>
        <name>ResultPage</name>
        <message>
            <source>&amp;Print invoice…</source>
            <translation>&amp;Imprimer la facture…</translation>
        </message>
        <message>
            <source>&amp;Email invoice</source>
            <translation>Envoyer la facture par &amp;courriel</translation>
        </message>
        <message>
            <source>&amp;Save PDF…</source>
            <translation>&amp;Enregistrer le PDF…</translation>
        </message>
        <message>
            <source>&amp;Done</source>
            <translation>&amp;Terminé</translation>
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>Returned cheque or e-Transfer — OncoPOS</source>
            <translation>Chèque ou virement Interac retourné — OncoPOS</translation>
        </message>
        <message>
            <source>e.g. DESK1-000123</source>
            <translation>p. ex. DESK1-000123</translation>
        </message>
        <message>
            <source>&amp;Find</source>
            <translation>&amp;Trouver</translation>
        </message>
        <message>
            <source>e.g. NSF: not sufficient funds</source>
            <translation>p. ex. provision insuffisante</translation>
        </message>
        <message>
            <source>&amp;Invoice number</source>
            <translation>Numéro de &amp;facture</translation>
        </message>
        <message>
            <source>&amp;Bank's reason</source>
            <translation>Motif de la &amp;banque</translation>
        </message>
        <message>
            <source>&amp;Reverse it</source>
            <translation>&amp;Contrepasser</translation>
        </message>
        <message>
            <source>Cheque no. {ref}</source>
            <translation>Chèque no {ref}</translation>
        </message>
        <message>
            <source>e-Transfer {ref}</source>
            <translation>Virement Interac {ref}</translation>
        </message>
        <message>
            <source>{what} from {student}: {amount} will be taken back and put on the balance, with a credit note.</source>
            <translation>{what} de {student} : {amount} sera repris et ajouté au solde, avec une note de crédit.</translation>
        </message>
        <message>
            <source>Reversed {amount}; credit note {number}. Balance now {balance}.</source>
            <translation>Contrepassé {amount} ; note de crédit {number}. Solde maintenant {balance}.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
    </context>
    <context>
        <name>Roles</name>
        <message>
            <source>Registrar</source>
            <translation>Registraire</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Gestionnaire</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>Administrateur</translation>
        </message>
    </context>
    <context>
        <name>SecretField</name>
        <message>
            <source>Replace…</source>
            <translation>Remplacer…</translation>
        </message>
        <message>
            <source>Save in keyring</source>
            <translation>Enregistrer dans le trousseau</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>non défini</translation>
        </message>
        <message>
            <source>Set…</source>
            <translation>Définir…</translation>
        </message>
    </context>
    <context>
        <name>SectionEditorDialog</name>
        <message>
            <source>New section</source>
            <translation>Nouveau groupe</translation>
        </message>
        <message>
            <source>Edit section {code}</source>
            <translation>Modifier le groupe {code}</translation>
        </message>
        <message>
            <source>&amp;Code *</source>
            <translation>&amp;Code *</translation>
        </message>
        <message>
            <source>&amp;Start date</source>
            <translation>Date de &amp;début</translation>
        </message>
        <message>
            <source>&amp;End date</source>
            <translation>Date de &amp;fin</translation>
        </message>
        <message>
            <source>YYYY-MM-DD (empty: one day)</source>
            <translation>AAAA-MM-JJ (vide : une journée)</translation>
        </message>
        <message>
            <source>Sc&amp;hedule</source>
            <translation>&amp;Horaire</translation>
        </message>
        <message>
            <source>Mon and Wed 9:00-16:00</source>
            <translation>lun. et mer. 9 h à 16 h</translation>
        </message>
        <message>
            <source>&amp;Location</source>
            <translation>&amp;Lieu</translation>
        </message>
        <message>
            <source>OncoOne Toronto campus, 100 King Street West</source>
            <translation>Campus OncoOne de Toronto, 100, rue King Ouest</translation>
        </message>
        <message>
            <source>Ca&amp;pacity</source>
            <translation>Ca&amp;pacité</translation>
        </message>
        <message>
            <source>Empty: no limit</source>
            <translation>Vide : aucune limite</translation>
        </message>
        <message>
            <source>&amp;Weekly hours</source>
            <translation>Heures par &amp;semaine</translation>
        </message>
        <message>
            <source>e.g. 12 or 7:30; empty: not set</source>
            <translation>p. ex. 12 ou 7:30 ; vide : non précisé</translation>
        </message>
        <message>
            <source>Hours of instruction a week: they make the full-time and part-time months of T2202 slips.</source>
            <translation>Heures de cours par semaine : elles déterminent les mois à temps plein et à temps partiel des feuillets T2202.</translation>
        </message>
        <message>
            <source>{code}: new section</source>
            <translation>{code} : nouveau groupe</translation>
        </message>
        <message>
            <source>{code}: section {code2}</source>
            <translation>{code} : groupe {code2}</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>AAAA-MM-JJ</translation>
        </message>
    </context>
    <context>
        <name>SectionPage</name>
        <message>
            <source>first-run assistant</source>
            <translation>assistant de premier démarrage</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
    </context>
    <context>
        <name>SectionTableModel</name>
        <message>
            <source>Section</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Dates</source>
            <translation>Dates</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Horaire</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>Lieu</translation>
        </message>
        <message>
            <source>Seats left</source>
            <translation>Places restantes</translation>
        </message>
        <message>
            <source>{taken} enrolled, capacity {capacity}</source>
            <translation>{taken} inscrits, capacité {capacity}</translation>
        </message>
    </context>
    <context>
        <name>SettingsAction</name>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Paramètres…</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>Training mode runs on its own demo settings; start OncoPOS without --training to change this desk's settings.</source>
            <translation>Le mode formation utilise ses propres paramètres de démonstration ; lancez OncoPOS sans --training pour changer les paramètres de ce poste.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings — OncoPOS</source>
            <translation>Paramètres — OncoPOS</translation>
        </message>
        <message>
            <source>Payments and codes</source>
            <translation>Paiements et codes</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Exporter…</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Importer…</translation>
        </message>
        <message>
            <source>Not finished yet: </source>
            <translation>Pas encore terminé : </translation>
        </message>
        <message>
            <source>. Fill in those tabs and save.</source>
            <translation>. Remplissez ces onglets et enregistrez.</translation>
        </message>
        <message>
            <source>Set by the environment or .env, which override this screen: </source>
            <translation>Définis par l’environnement ou .env, qui ont priorité sur cet écran : </translation>
        </message>
        <message>
            <source>settings screen</source>
            <translation>écran des paramètres</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Nothing changed.</source>
            <translation>Rien n’a changé.</translation>
        </message>
        <message>
            <source>{count} setting(s) saved: </source>
            <translation>{count} paramètre(s) enregistré(s) : </translation>
        </message>
        <message>
            <source>These take effect when OncoPOS restarts: </source>
            <translation>Ceux-ci s’appliquent au redémarrage d’OncoPOS : </translation>
        </message>
        <message>
            <source>Still overridden by the environment or .env: </source>
            <translation>Toujours remplacés par l’environnement ou .env : </translation>
        </message>
        <message>
            <source>Export settings</source>
            <translation>Exporter les paramètres</translation>
        </message>
        <message>
            <source>Settings (*.toml)</source>
            <translation>Paramètres (*.toml)</translation>
        </message>
        <message>
            <source>{count} settings exported to {path}. Secrets are not included; on the next desk, change the workstation id and invoice series.</source>
            <translation>{count} paramètres exportés vers {path}. Les secrets ne sont pas inclus ; sur le poste suivant, changez l’identifiant du poste et la série de factures.</translation>
        </message>
        <message>
            <source>Import settings</source>
            <translation>Importer des paramètres</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>Importation…</translation>
        </message>
    </context>
    <context>
        <name>SetupSteps</name>
        <message>
            <source>Business details</source>
            <extracomment>The set-up steps (oncopos.services.settings_store.SETUP_STEPS) as the assistant and the settings screen name them, in the interface's language.</extracomment>
            <translation>Renseignements sur l’entreprise</translation>
        </message>
        <message>
            <source>This desk</source>
            <translation>Ce poste</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <source>Stripe and the card reader</source>
            <translation>Stripe et le lecteur de carte</translation>
        </message>
        <message>
            <source>Central database</source>
            <translation>Base de données centrale</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>Set up OncoPOS</source>
            <translation>Configurer OncoPOS</translation>
        </message>
        <message>
            <source>Skip for now</source>
            <translation>Passer pour le moment</translation>
        </message>
        <message>
            <source>Printed on every invoice and receipt. The GST/HST number is checked by its check digit.</source>
            <translation>Imprimé sur chaque facture et chaque reçu. Le numéro de TPS/TVH est vérifié par son chiffre de contrôle.</translation>
        </message>
        <message>
            <source>Each desk has its own invoice series, so two desks never issue the same number.</source>
            <translation>Chaque poste a sa propre série de factures : deux postes n’émettent jamais le même numéro.</translation>
        </message>
        <message>
            <source>Codes, receipts and invoices go out by email. Send a test to be sure it works.</source>
            <translation>Les codes, les reçus et les factures partent par courriel. Envoyez un essai pour vous assurer que cela fonctionne.</translation>
        </message>
        <message>
            <source>A restricted key for this desk, kept in the keyring; then the card reader.</source>
            <translation>Une clé restreinte pour ce poste, conservée dans le trousseau ; puis le lecteur de carte.</translation>
        </message>
        <message>
            <source>The school's shared PostgreSQL: every desk's payments in one place. Skip on a single desk.</source>
            <translation>La base PostgreSQL partagée de l’école : les paiements de tous les postes au même endroit. Passez cette étape s’il n’y a qu’un poste.</translation>
        </message>
    </context>
    <context>
        <name>SimulatedReaderPanel</name>
        <message>
            <source>Training — the student's side</source>
            <translation>Formation — le côté de l’étudiant</translation>
        </message>
        <message>
            <source>Simulated reader</source>
            <translation>Lecteur simulé</translation>
        </message>
        <message>
            <source>Start a payment on the reader, then present a card here.</source>
            <translation>Lancez un paiement sur le lecteur, puis présentez une carte ici.</translation>
        </message>
        <message>
            <source>Reader:</source>
            <translation>Lecteur :</translation>
        </message>
        <message>
            <source>Hosted page (QR code):</source>
            <translation>Page de paiement (code QR) :</translation>
        </message>
        <message>
            <source>Pay on the &amp;phone (Visa — approved)</source>
            <translation>Payer sur le &amp;téléphone (Visa — approuvée)</translation>
        </message>
        <message>
            <source>Completes the payment page the QR code opens, as the student would on their phone.</source>
            <translation>Remplit la page de paiement qu’ouvre le code QR, comme l’étudiant le ferait sur son téléphone.</translation>
        </message>
        <message>
            <source>No simulated reader yet; wait a moment and try again.</source>
            <translation>Pas encore de lecteur simulé ; attendez un instant et réessayez.</translation>
        </message>
        <message>
            <source>The reader had no payment waiting. Start one from the payment window.</source>
            <translation>Le lecteur n’avait aucun paiement en attente. Lancez-en un depuis la fenêtre de paiement.</translation>
        </message>
        <message>
            <source>{card}: the reader approved it.</source>
            <translation>{card} : le lecteur l’a approuvée.</translation>
        </message>
        <message>
            <source>No hosted page is waiting. In the payment window choose "Hosted page (QR code)" first.</source>
            <translation>Aucune page de paiement n’est en attente. Dans la fenêtre de paiement, choisissez d’abord « Page de paiement (code QR) ».</translation>
        </message>
        <message>
            <source>The student paid on the phone with the Visa test card.</source>
            <translation>L’étudiant a payé sur le téléphone avec la carte Visa de test.</translation>
        </message>
        <message>
            <source>Paying on the phone…</source>
            <translation>Paiement sur le téléphone…</translation>
        </message>
        <message>
            <source>{card}: {reason}</source>
            <translation>{card} : {reason}</translation>
        </message>
    </context>
    <context>
        <name>SlipLineModel</name>
        <message>
            <source>Student</source>
            <translation>Étudiant</translation>
        </message>
        <message>
            <source>Tuition
(A)</source>
            <translation>Frais de
scolarité (A)</translation>
        </message>
        <message>
            <source>Part-time
(B)</source>
            <translation>Temps
partiel (B)</translation>
        </message>
        <message>
            <source>Full-time
(C)</source>
            <translation>Temps
plein (C)</translation>
        </message>
        <message>
            <source>SIN</source>
            <translation>NAS</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Prochaine étape</translation>
        </message>
        <message>
            <source>What blocks it</source>
            <translation>Ce qui bloque</translation>
        </message>
        <message>
            <source>Last slip</source>
            <translation>Dernier feuillet</translation>
        </message>
        <message>
            <source>By
email</source>
            <translation>Par
courriel</translation>
        </message>
        <message>
            <source>Original</source>
            <translation>Original</translation>
        </message>
        <message>
            <source>Amended</source>
            <translation>Modifié</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Up to date</source>
            <translation>À jour</translation>
        </message>
        <message>
            <source>No slip</source>
            <translation>Aucun feuillet</translation>
        </message>
        <message>
            <source>Issue original</source>
            <translation>Produire l’original</translation>
        </message>
        <message>
            <source>Issue amendment</source>
            <translation>Produire une modification</translation>
        </message>
        <message>
            <source>Issue cancellation</source>
            <translation>Produire une annulation</translation>
        </message>
        <message>
            <source>A SIN is on file, but this desk does not have the school's SIN key.</source>
            <translation>Un NAS est au dossier, mais ce poste n’a pas la clé NAS de l’école.</translation>
        </message>
        <message>
            <source>unreadable</source>
            <translation>illisible</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>manquant</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Oui</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Non</translation>
        </message>
        <message>
            <source>filed</source>
            <translation>transmis</translation>
        </message>
        <message>
            <source>not filed</source>
            <translation>non transmis</translation>
        </message>
    </context>
    <context>
        <name>StaffAccountDialog</name>
        <message>
            <source>New staff account — OncoPOS</source>
            <translation>Nouveau compte du personnel — OncoPOS</translation>
        </message>
        <message>
            <source>New password for {user} — OncoPOS</source>
            <translation>Nouveau mot de passe pour {user} — OncoPOS</translation>
        </message>
        <message>
            <source>&amp;User name</source>
            <translation>Nom d’&amp;utilisateur</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Nom</translation>
        </message>
        <message>
            <source>R&amp;ole</source>
            <translation>R&amp;ôle</translation>
        </message>
        <message>
            <source>at least {n} characters</source>
            <translation>au moins {n} caractères</translation>
        </message>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Mot de passe</translation>
        </message>
        <message>
            <source>&amp;New password</source>
            <translation>&amp;Nouveau mot de passe</translation>
        </message>
        <message>
            <source>checked by the central database</source>
            <translation>vérifié par la base de données centrale</translation>
        </message>
        <message>
            <source>&amp;Your password ({user})</source>
            <translation>&amp;Votre mot de passe ({user})</translation>
        </message>
        <message>
            <source>Create account</source>
            <translation>Créer le compte</translation>
        </message>
        <message>
            <source>Set password</source>
            <translation>Définir le mot de passe</translation>
        </message>
        <message>
            <source>Type your own password: the central database checks it before it accepts the change.</source>
            <translation>Tapez votre propre mot de passe : la base de données centrale le vérifie avant d’accepter le changement.</translation>
        </message>
        <message>
            <source>Account {user} created.</source>
            <translation>Compte {user} créé.</translation>
        </message>
        <message>
            <source>New password set for {user}.</source>
            <translation>Nouveau mot de passe défini pour {user}.</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
    </context>
    <context>
        <name>StaffAccountsView</name>
        <message>
            <source>Staff accounts — OncoPOS</source>
            <translation>Comptes du personnel — OncoPOS</translation>
        </message>
        <message>
            <source>&amp;New account…</source>
            <translation>&amp;Nouveau compte…</translation>
        </message>
        <message>
            <source>&amp;Reset password…</source>
            <translation>&amp;Réinitialiser le mot de passe…</translation>
        </message>
        <message>
            <source>&amp;Deactivate</source>
            <translation>&amp;Désactiver</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>{user} can no longer sign in.</source>
            <translation>{user} ne peut plus se connecter.</translation>
        </message>
    </context>
    <context>
        <name>StaffTableModel</name>
        <message>
            <source>User name</source>
            <translation>Nom d’utilisateur</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Deactivated</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <source>Locked out</source>
            <translation>Verrouillé</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
    </context>
    <context>
        <name>StatementDialog</name>
        <message>
            <source>Account statement — %1</source>
            <translation>Relevé de compte — %1</translation>
        </message>
        <message>
            <source>English</source>
            <translation>Anglais</translation>
        </message>
        <message>
            <source>French</source>
            <translation>Français</translation>
        </message>
        <message>
            <source>&amp;Save PDF…</source>
            <translation>&amp;Enregistrer le PDF…</translation>
        </message>
        <message>
            <source>&amp;Email to student</source>
            <translation>Envoyer par &amp;courriel à l’étudiant</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>PDF in:</source>
            <translation>PDF en :</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>Balance owing: %1</source>
            <translation>Solde dû : %1</translation>
        </message>
        <message>
            <source>Credit on the account: %1</source>
            <translation>Crédit au compte : %1</translation>
        </message>
        <message>
            <source>Paid in full.</source>
            <translation>Payé en entier.</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Enregistrer le PDF</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>The PDF could not be saved to %1 (%2). Choose another folder.</source>
            <translation>Le PDF n’a pas pu être enregistré dans %1 (%2). Choisissez un autre dossier.</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1 enregistré.</translation>
        </message>
        <message>
            <source>Queuing the statement…</source>
            <translation>Mise en file d’attente du relevé…</translation>
        </message>
        <message>
            <source>Statement queued for %1.</source>
            <translation>Relevé mis en file d’attente pour %1.</translation>
        </message>
        <message numerus="yes">
            <source>%n line(s). Plan lines and credit movements do not change the balance.</source>
            <translation>
                <numerusform>%n ligne. Les lignes du plan et les mouvements de crédit ne changent pas le solde.</numerusform>
                <numerusform>%n lignes. Les lignes du plan et les mouvements de crédit ne changent pas le solde.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StatementModel</name>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>Ligne</translation>
        </message>
        <message>
            <source>Charges</source>
            <translation>Frais</translation>
        </message>
        <message>
            <source>Payments</source>
            <translation>Paiements</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Solde</translation>
        </message>
        <message>
            <source>Enrolled</source>
            <translation>Inscription</translation>
        </message>
        <message>
            <source>Payment</source>
            <translation>Paiement</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Remboursement</translation>
        </message>
        <message>
            <source>Credit</source>
            <translation>Crédit</translation>
        </message>
        <message>
            <source>Plan</source>
            <translation>Plan</translation>
        </message>
        <message>
            <source>{kind}: {line}</source>
            <translation>{kind} : {line}</translation>
        </message>
        <message>
            <source>Withdrawn (charge cancelled)</source>
            <translation>Abandon (frais annulés)</translation>
        </message>
    </context>
    <context>
        <name>StripeSection</name>
        <message>
            <source>Create the administrator account first, then set up Stripe.</source>
            <translation>Créez d’abord le compte administrateur, puis configurez Stripe.</translation>
        </message>
        <message>
            <source>Test (no real money)</source>
            <translation>Test (pas d’argent réel)</translation>
        </message>
        <message>
            <source>Live (real payments)</source>
            <translation>Réel (vrais paiements)</translation>
        </message>
        <message>
            <source>Check the key</source>
            <translation>Vérifier la clé</translation>
        </message>
        <message>
            <source>&amp;Mode</source>
            <translation>&amp;Mode</translation>
        </message>
        <message>
            <source>Restricted key</source>
            <translation>Clé restreinte</translation>
        </message>
        <message>
            <source>Card reader</source>
            <translation>Lecteur de carte</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <source>e.g. OncoOne Toronto</source>
            <translation>p. ex. OncoOne Toronto</translation>
        </message>
        <message>
            <source>street address</source>
            <translation>adresse municipale</translation>
        </message>
        <message>
            <source>Create location</source>
            <translation>Créer l’emplacement</translation>
        </message>
        <message>
            <source>the code the reader shows (test mode: simulated-wpe)</source>
            <translation>le code affiché par le lecteur (mode test : simulated-wpe)</translation>
        </message>
        <message>
            <source>Front desk reader</source>
            <translation>Lecteur de l’accueil</translation>
        </message>
        <message>
            <source>Register reader</source>
            <translation>Inscrire le lecteur</translation>
        </message>
        <message>
            <source>Test the reader</source>
            <translation>Tester le lecteur</translation>
        </message>
        <message>
            <source>&amp;Location</source>
            <translation>&amp;Lieu</translation>
        </message>
        <message>
            <source>New location</source>
            <translation>Nouvel emplacement</translation>
        </message>
        <message>
            <source>Registration &amp;code</source>
            <translation>&amp;Code d’inscription</translation>
        </message>
        <message>
            <source>Reader &amp;name</source>
            <translation>&amp;Nom du lecteur</translation>
        </message>
        <message>
            <source>&amp;Reader</source>
            <translation>&amp;Lecteur</translation>
        </message>
        <message>
            <source>Stripe cannot be reached from this window; use oncopos stripe check.</source>
            <translation>Stripe est injoignable depuis cette fenêtre ; utilisez oncopos stripe check.</translation>
        </message>
        <message>
            <source>Checking the key with Stripe…</source>
            <translation>Vérification de la clé auprès de Stripe…</translation>
        </message>
        <message>
            <source>Reading locations and readers…</source>
            <translation>Lecture des emplacements et des lecteurs…</translation>
        </message>
        <message>
            <source>Enter the location's name, street address, city and postal code to create it.</source>
            <translation>Entrez le nom, l’adresse, la ville et le code postal de l’emplacement pour le créer.</translation>
        </message>
        <message>
            <source>Location {display_name} created.</source>
            <translation>Emplacement {display_name} créé.</translation>
        </message>
        <message>
            <source>Creating the location…</source>
            <translation>Création de l’emplacement…</translation>
        </message>
        <message>
            <source>Choose or create a location, then enter the registration code shown on the reader.</source>
            <translation>Choisissez ou créez un emplacement, puis entrez le code d’inscription affiché sur le lecteur.</translation>
        </message>
        <message>
            <source>Reader {label} ({device_type}) registered. Test it next.</source>
            <translation>Lecteur {label} ({device_type}) inscrit. Testez-le ensuite.</translation>
        </message>
        <message>
            <source>Registering the reader…</source>
            <translation>Inscription du lecteur…</translation>
        </message>
        <message>
            <source>Register a reader first, then test it.</source>
            <translation>Inscrivez d’abord un lecteur, puis testez-le.</translation>
        </message>
        <message>
            <source>Testing the reader…</source>
            <translation>Test du lecteur…</translation>
        </message>
        <message numerus="yes">
            <source>%n location(s) and {readers} on this Stripe account.</source>
            <translation>
                <numerusform>%n emplacement et {readers} sur ce compte Stripe.</numerusform>
                <numerusform>%n emplacements et {readers} sur ce compte Stripe.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n reader(s)</source>
            <translation>
                <numerusform>%n lecteur</numerusform>
                <numerusform>%n lecteurs</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StudentEditorDialog</name>
        <message>
            <source>New student</source>
            <translation>Nouvel étudiant</translation>
        </message>
        <message>
            <source>Edit student</source>
            <translation>Modifier l’étudiant</translation>
        </message>
        <message>
            <source>Loading the student…</source>
            <translation>Chargement de l’étudiant…</translation>
        </message>
        <message>
            <source>&amp;First name *</source>
            <translation>&amp;Prénom *</translation>
        </message>
        <message>
            <source>&amp;Last name *</source>
            <translation>&amp;Nom *</translation>
        </message>
        <message>
            <source>P&amp;referred name</source>
            <translation>Nom &amp;usuel</translation>
        </message>
        <message>
            <source>What the student likes to be called</source>
            <translation>Le nom que l’étudiant préfère</translation>
        </message>
        <message>
            <source>&amp;Email *</source>
            <translation>&amp;Courriel *</translation>
        </message>
        <message>
            <source>name@example.ca</source>
            <translation>nom@exemple.ca</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>&amp;Téléphone</translation>
        </message>
        <message>
            <source>&amp;Address</source>
            <translation>&amp;Adresse</translation>
        </message>
        <message>
            <source>Street and number</source>
            <translation>Numéro et rue</translation>
        </message>
        <message>
            <source>Apartment, suite (optional)</source>
            <translation>Appartement, bureau (facultatif)</translation>
        </message>
        <message>
            <source>Ci&amp;ty</source>
            <translation>&amp;Ville</translation>
        </message>
        <message>
            <source>Pro&amp;vince</source>
            <translation>Pro&amp;vince</translation>
        </message>
        <message>
            <source>Postal &amp;code</source>
            <translation>Code p&amp;ostal</translation>
        </message>
        <message>
            <source>&amp;Date of birth</source>
            <translation>&amp;Date de naissance</translation>
        </message>
        <message>
            <source>YYYY-MM-DD (optional)</source>
            <translation>AAAA-MM-JJ (facultatif)</translation>
        </message>
        <message>
            <source>Lan&amp;guage</source>
            <translation>&amp;Langue</translation>
        </message>
        <message>
            <source>Existing students who may be the same person</source>
            <translation>Étudiants existants qui pourraient être la même personne</translation>
        </message>
        <message>
            <source>&amp;Open this student</source>
            <translation>&amp;Ouvrir cet étudiant</translation>
        </message>
        <message>
            <source>Save as a &amp;different person</source>
            <translation>Enregistrer comme une personne &amp;différente</translation>
        </message>
        <message>
            <source>Saving the student…</source>
            <translation>Enregistrement de l’étudiant…</translation>
        </message>
        <message numerus="yes">
            <source>Already registered? The student(s) below have {reason}. Open the existing record, or save as a different person.</source>
            <translation>
                <numerusform>Déjà inscrit ? L’étudiant ci-dessous a {reason}. Ouvrez le dossier existant, ou enregistrez comme une personne différente.</numerusform>
                <numerusform>Déjà inscrit ? Les étudiants ci-dessous ont {reason}. Ouvrez le dossier existant, ou enregistrez comme une personne différente.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StudentSearchWidget</name>
        <message>
            <source>Student search</source>
            <translation>Recherche d’étudiants</translation>
        </message>
        <message>
            <source>Matching students</source>
            <translation>Étudiants correspondants</translation>
        </message>
        <message>
            <source>No student matches '{text}'. Check the spelling or search by email or phone.</source>
            <translation>Aucun étudiant ne correspond à « {text} ». Vérifiez l’orthographe ou cherchez par courriel ou téléphone.</translation>
        </message>
    </context>
    <context>
        <name>StudentTableModel</name>
        <message>
            <source>Student number</source>
            <extracomment>Long enough to skip the keystrokes of a word typed in one go, short enough to feel instant.</extracomment>
            <translation>Numéro d’étudiant</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <source>Legal name: {first_name} {last_name}</source>
            <translation>Nom légal : {first_name} {last_name}</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <source>Central database sync</source>
            <translation>Synchronisation avec la base centrale</translation>
        </message>
        <message>
            <source>Receiving %p%</source>
            <translation>Réception %p %</translation>
        </message>
    </context>
    <context>
        <name>TenderActions</name>
        <message>
            <source>Cash, c&amp;heque or e-Transfer…</source>
            <translation>Argent comptant, c&amp;hèque ou virement Interac…</translation>
        </message>
        <message>
            <source>Take cash, a cheque or an Interac e-Transfer, or split a payment</source>
            <translation>Encaisser de l’argent comptant, un chèque ou un virement Interac, ou partager un paiement</translation>
        </message>
        <message>
            <source>&amp;Returned cheque or e-Transfer…</source>
            <translation>C&amp;hèque ou virement Interac retourné…</translation>
        </message>
        <message>
            <source>Reverse a cheque or e-Transfer the bank sent back, with a credit note</source>
            <translation>Contrepasser un chèque ou un virement Interac retourné par la banque, avec une note de crédit</translation>
        </message>
        <message>
            <source>Select the enrollment to pay in the list first.</source>
            <translation>Sélectionnez d’abord dans la liste l’inscription à payer.</translation>
        </message>
        <message>
            <source>Payment of {amount} recorded</source>
            <translation>Paiement de {amount} enregistré</translation>
        </message>
    </context>
    <context>
        <name>TenderDialog</name>
        <message>
            <source>Student's one-time code</source>
            <translation>Code à usage unique de l’étudiant</translation>
        </message>
        <message>
            <source>&amp;Code</source>
            <translation>&amp;Code</translation>
        </message>
        <message>
            <source>This desk asks for the student's code for {tender}. It was emailed to the student: type the code they read back, then Record payment.</source>
            <translation>Ce poste exige le code de l’étudiant pour les paiements ({tender}). Il lui a été envoyé par courriel : tapez le code qu’il vous lit, puis cliquez sur Enregistrer le paiement.</translation>
        </message>
        <message>
            <source>Type the code the student reads from their email, then Record payment.</source>
            <translation>Tapez le code que l’étudiant lit dans son courriel, puis cliquez sur Enregistrer le paiement.</translation>
        </message>
        <message>
            <source>&amp;Amount for {course_name}</source>
            <translation>&amp;Montant pour {course_name}</translation>
        </message>
        <message>
            <source>Total of this payment: {amount} for {count} enrollments.</source>
            <translation>Total de ce paiement : {amount} pour {count} inscriptions.</translation>
        </message>
        <message>
            <source>Each part is shared over the enrollments ticked above in proportion to their amounts, and has its own invoice with a line per enrollment.</source>
            <translation>Chaque partie est répartie entre les inscriptions cochées ci-dessus au prorata de leurs montants et a sa propre facture, avec une ligne par inscription.</translation>
        </message>
        <message>
            <source>Card part of {amount}: take it in the payment window.</source>
            <translation>Partie par carte de {amount} : prenez-la dans la fenêtre de paiement.</translation>
        </message>
        <message>
            <source>Card part of {amount} paid, invoice {invoice}; balance then {balance}. Recording the other part…</source>
            <translation>Partie par carte de {amount} payée, facture {invoice} ; solde alors de {balance}. Enregistrement de l’autre partie…</translation>
        </message>
        <message>
            <source>The card part was not paid ({status}), so the other part was not recorded either: the balance is unchanged. Record again to take the card once more, or change the parts.</source>
            <translation>La partie par carte n’a pas été payée ({status}) : l’autre partie n’a donc pas été enregistrée non plus, et le solde est inchangé. Enregistrez de nouveau pour reprendre la carte, ou modifiez les parties.</translation>
        </message>
        <message>
            <source>The card part of {amount} is paid (invoice {invoice}); the other part was not recorded: {reason} Correct it, then Record again: the card is not charged twice.</source>
            <translation>La partie par carte de {amount} est payée (facture {invoice}) ; l’autre partie n’a pas été enregistrée : {reason} Corrigez-la, puis enregistrez de nouveau : la carte n’est pas débitée deux fois.</translation>
        </message>
        <message>
            <source>card on the reader</source>
            <translation>carte au lecteur</translation>
        </message>
        <message>
            <source>card on the hosted page</source>
            <translation>carte sur la page de paiement</translation>
        </message>
        <message>
            <source>cancelled</source>
            <translation>annulée</translation>
        </message>
        <message>
            <source>declined</source>
            <translation>refusée</translation>
        </message>
        <message>
            <source>the link expired</source>
            <translation>le lien a expiré</translation>
        </message>
        <message>
            <source>not started</source>
            <translation>non commencée</translation>
        </message>
        <message>
            <source>Balance then {balance}.</source>
            <translation>Solde alors de {balance}.</translation>
        </message>
        <message>
            <source>Cash, cheque or e-Transfer — OncoPOS</source>
            <translation>Argent comptant, chèque ou virement Interac — OncoPOS</translation>
        </message>
        <message>
            <source>{student} — {course}: {owing} owing.</source>
            <translation>{student} — {course} : {owing} dû.</translation>
        </message>
        <message>
            <source>One tender</source>
            <translation>Un seul mode de paiement</translation>
        </message>
        <message>
            <source>Split across two tenders</source>
            <translation>Partagé entre deux modes de paiement</translation>
        </message>
        <message>
            <source>&amp;Payment</source>
            <translation>&amp;Paiement</translation>
        </message>
        <message>
            <source>&amp;Amount paid</source>
            <translation>&amp;Montant payé</translation>
        </message>
        <message>
            <source>Tender</source>
            <translation>Mode de paiement</translation>
        </message>
        <message>
            <source>Part amount</source>
            <translation>Montant partiel</translation>
        </message>
        <message>
            <source>Second part</source>
            <translation>Deuxième partie</translation>
        </message>
        <message>
            <source>&amp;Record payment</source>
            <translation>&amp;Enregistrer le paiement</translation>
        </message>
        <message>
            <source>First part</source>
            <translation>Première partie</translation>
        </message>
        <message>
            <source>Recording the payment…</source>
            <translation>Enregistrement du paiement…</translation>
        </message>
        <message>
            <source>{amount} by {tender}, invoice {invoice}.</source>
            <translation>{amount} par {tender}, facture {invoice}.</translation>
        </message>
        <message>
            <source>(issued shortly)</source>
            <translation>(émise sous peu)</translation>
        </message>
        <message>
            <source>Cash due {due}; change {change}.</source>
            <translation>Argent dû {due} ; monnaie {change}.</translation>
        </message>
        <message>
            <source>Balance now {balance}.</source>
            <translation>Solde maintenant {balance}.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
    </context>
    <context>
        <name>TenderFields</name>
        <message>
            <source>Charged first, in the payment window: the student's code, then the card reader or the hosted page. The other part is recorded once the card is paid.</source>
            <translation>Débitée d’abord, dans la fenêtre de paiement : le code de l’étudiant, puis le lecteur de cartes ou la page de paiement. L’autre partie est enregistrée une fois la carte payée.</translation>
        </message>
        <message>
            <source>Card: reader or hosted page</source>
            <translation>Carte : lecteur ou page de paiement</translation>
        </message>
        <message>
            <source>e.g. 60.00</source>
            <translation>p. ex. 60,00</translation>
        </message>
        <message>
            <source>Cash &amp;handed over</source>
            <translation>Argent &amp;remis</translation>
        </message>
        <message>
            <source>e.g. RBC, Desjardins</source>
            <translation>p. ex. RBC, Desjardins</translation>
        </message>
        <message>
            <source>Cheque &amp;number</source>
            <translation>&amp;Numéro du chèque</translation>
        </message>
        <message>
            <source>&amp;Bank</source>
            <translation>&amp;Banque</translation>
        </message>
        <message>
            <source>&amp;Date on the cheque</source>
            <translation>&amp;Date du chèque</translation>
        </message>
        <message>
            <source>&amp;Reference number</source>
            <translation>Numéro de &amp;référence</translation>
        </message>
        <message>
            <source>&amp;Sent by</source>
            <translation>&amp;Envoyé par</translation>
        </message>
        <message>
            <source>Enter the cash the student handed over. Nothing was recorded.</source>
            <translation>Entrez l’argent remis par l’étudiant. Rien n’a été enregistré.</translation>
        </message>
    </context>
    <context>
        <name>TillActions</name>
        <message>
            <source>T&amp;ill (cash drawer)…</source>
            <translation>&amp;Caisse (tiroir-caisse)…</translation>
        </message>
        <message>
            <source>Open the drawer with its float, record paid-outs, count it at the close</source>
            <translation>Ouvrir le tiroir avec son fonds de caisse, inscrire les décaissements, le compter à la fermeture</translation>
        </message>
    </context>
    <context>
        <name>TillWindow</name>
        <message>
            <source>Till — OncoPOS</source>
            <translation>Caisse — OncoPOS</translation>
        </message>
        <message>
            <source>Open the drawer</source>
            <translation>Ouvrir le tiroir</translation>
        </message>
        <message>
            <source>e.g. 200.00</source>
            <translation>p. ex. 200,00</translation>
        </message>
        <message>
            <source>&amp;Open with this float</source>
            <translation>&amp;Ouvrir avec ce fonds de caisse</translation>
        </message>
        <message>
            <source>Opening &amp;float</source>
            <translation>&amp;Fonds de caisse initial</translation>
        </message>
        <message>
            <source>Cash in and paid out</source>
            <translation>Entrées et décaissements</translation>
        </message>
        <message>
            <source>e.g. courier for the kits</source>
            <translation>p. ex. messager pour les trousses</translation>
        </message>
        <message>
            <source>Cash &amp;in</source>
            <translation>&amp;Entrée</translation>
        </message>
        <message>
            <source>&amp;Paid out</source>
            <translation>&amp;Décaissement</translation>
        </message>
        <message>
            <source>A&amp;mount</source>
            <translation>Mo&amp;ntant</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>Mo&amp;tif</translation>
        </message>
        <message>
            <source>Count at the close</source>
            <translation>Compte à la fermeture</translation>
        </message>
        <message>
            <source>Number of {denomination}</source>
            <translation>Nombre de {denomination}</translation>
        </message>
        <message>
            <source>Why the drawer is over or short</source>
            <translation>Pourquoi le tiroir a un excédent ou un manque</translation>
        </message>
        <message>
            <source>&amp;Count and close the drawer</source>
            <translation>&amp;Compter et fermer le tiroir</translation>
        </message>
        <message>
            <source>No drawer is open on this desk. Count the float into it and open it.</source>
            <translation>Aucun tiroir n’est ouvert à ce poste. Comptez-y le fonds de caisse et ouvrez-le.</translation>
        </message>
        <message>
            <source>Drawer closed by {who}: counted {counted}, expected {expected}. {difference}</source>
            <translation>Tiroir fermé par {who} : compté {counted}, attendu {expected}. {difference}</translation>
        </message>
        <message>
            <source>Drawer of {day}, opened by {who}. Float {float}, cash payments {sales} ({count}), cash in {cash_in}, paid out {paid_out}. It should hold {expected}.</source>
            <translation>Tiroir du {day}, ouvert par {who}. Fonds {float}, paiements comptants {sales} ({count}), entrées {cash_in}, décaissements {paid_out}. Il devrait contenir {expected}.</translation>
        </message>
        <message>
            <source>The drawer balances.</source>
            <translation>Le tiroir balance.</translation>
        </message>
        <message>
            <source>The drawer is {amount} over.</source>
            <translation>Le tiroir a un excédent de {amount}.</translation>
        </message>
        <message>
            <source>The drawer is {amount} short.</source>
            <translation>Il manque {amount} dans le tiroir.</translation>
        </message>
        <message>
            <source>Counted {counted} of {expected}. {difference}</source>
            <translation>Compté {counted} sur {expected}. {difference}</translation>
        </message>
    </context>
    <context>
        <name>TrainingInboxView</name>
        <message>
            <source>Training — inbox</source>
            <translation>Formation — boîte de réception</translation>
        </message>
        <message>
            <source>Emails</source>
            <translation>Courriels</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <source>No email yet. Emails sent in training appear here ({folder}).</source>
            <translation>Aucun courriel pour le moment. Les courriels envoyés en formation apparaissent ici ({folder}).</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Actualiser</translation>
        </message>
        <message>
            <source>
Attached: {join}</source>
            <translation>
Pièces jointes : {join}</translation>
        </message>
        <message>
            <source>To: {to}
Subject: {subject}
Date: {date}{attached}

{text}</source>
            <translation>À : {to}
Objet : {subject}
Date : {date}{attached}

{text}</translation>
        </message>
        <message>
            <source>{subject}
to {to}</source>
            <translation>{subject}
à {to}</translation>
        </message>
    </context>
    <context>
        <name>TuitionActions</name>
        <message>
            <source>&amp;Tuition slips (T2202)…</source>
            <translation>&amp;Feuillets T2202…</translation>
        </message>
        <message>
            <source>The year's T2202 slips: issue, amend, send, and the return for CRA</source>
            <translation>Les feuillets T2202 de l’année : produire, modifier, envoyer, et la déclaration pour l’ARC</translation>
        </message>
    </context>
    <context>
        <name>TuitionSlipsDialog</name>
        <message>
            <source>Tuition slips (T2202)</source>
            <translation>Feuillets T2202 (frais de scolarité)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>A&amp;ctualiser</translation>
        </message>
        <message>
            <source>Calendar &amp;year:</source>
            <translation>&amp;Année civile :</translation>
        </message>
        <message>
            <source>&amp;Issue slips</source>
            <translation>&amp;Produire les feuillets</translation>
        </message>
        <message>
            <source>Issue every slip that is ready: originals, amendments and cancellations</source>
            <translation>Produire chaque feuillet prêt : originaux, modifications et annulations</translation>
        </message>
        <message>
            <source>Issue for &amp;selected</source>
            <translation>Produire pour la &amp;sélection</translation>
        </message>
        <message>
            <source>Ca&amp;ncel slip…</source>
            <translation>A&amp;nnuler le feuillet…</translation>
        </message>
        <message>
            <source>Enter S&amp;IN…</source>
            <translation>Saisir le NA&amp;S…</translation>
        </message>
        <message>
            <source>Email c&amp;onsent…</source>
            <translation>C&amp;onsentement au courriel…</translation>
        </message>
        <message>
            <source>Save &amp;PDF…</source>
            <translation>Enregistrer le P&amp;DF…</translation>
        </message>
        <message>
            <source>Student's language</source>
            <translation>Langue de l’étudiant</translation>
        </message>
        <message>
            <source>English</source>
            <translation>Anglais</translation>
        </message>
        <message>
            <source>French</source>
            <translation>Français</translation>
        </message>
        <message>
            <source>Send or &amp;print…</source>
            <translation>Envoyer ou i&amp;mprimer…</translation>
        </message>
        <message>
            <source>Email the slips to students who agreed; list the others to print</source>
            <translation>Envoyer les feuillets par courriel aux étudiants qui l’ont accepté ; lister les autres à imprimer</translation>
        </message>
        <message>
            <source>&amp;Export XML…</source>
            <translation>&amp;Exporter le XML…</translation>
        </message>
        <message>
            <source>Original return</source>
            <translation>Déclaration originale</translation>
        </message>
        <message>
            <source>Amended return</source>
            <translation>Déclaration modificative</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>Filing deadline: %1</source>
            <translation>Date limite de production : %1</translation>
        </message>
        <message>
            <source>%1 student(s): %2 slip(s) ready to issue, %3 waiting for the student's record; %4 original(s) and %5 amendment(s) not filed yet.</source>
            <translation>%1 étudiant(s) : %2 feuillet(s) prêt(s) à produire, %3 en attente du dossier de l’étudiant ; %4 original(aux) et %5 modification(s) pas encore transmis.</translation>
        </message>
        <message>
            <source>Last slip: %1, issued %2.</source>
            <translation>Dernier feuillet : %1, produit le %2.</translation>
        </message>
        <message>
            <source>Issuing…</source>
            <translation>Production en cours…</translation>
        </message>
        <message>
            <source>%1 slip(s) issued; %2 waiting for the student's record.</source>
            <translation>%1 feuillet(s) produit(s) ; %2 en attente du dossier de l’étudiant.</translation>
        </message>
        <message>
            <source>Cancel the slip</source>
            <translation>Annuler le feuillet</translation>
        </message>
        <message>
            <source>Cancel %1's slip of %2? A cancelled slip is filed with the amended return; the slip it cancels is kept.</source>
            <translation>Annuler le feuillet %2 de %1 ? Un feuillet annulé est transmis avec la déclaration modificative ; le feuillet qu’il annule est conservé.</translation>
        </message>
        <message>
            <source>Slip cancelled.</source>
            <translation>Feuillet annulé.</translation>
        </message>
        <message>
            <source>Social insurance number</source>
            <translation>Numéro d’assurance sociale</translation>
        </message>
        <message>
            <source>%1's social insurance number (9 digits; empty removes it). It is stored encrypted and shown masked.</source>
            <translation>Numéro d’assurance sociale de %1 (9 chiffres ; vide pour le retirer). Il est conservé chiffré et affiché masqué.</translation>
        </message>
        <message>
            <source>SIN recorded: %1</source>
            <translation>NAS enregistré : %1</translation>
        </message>
        <message>
            <source>SIN removed.</source>
            <translation>NAS retiré.</translation>
        </message>
        <message>
            <source>Email consent</source>
            <translation>Consentement au courriel</translation>
        </message>
        <message>
            <source>Does %1 agree to receive tuition slips by email at %2? Without consent, slips are printed.</source>
            <translation>%1 accepte-t-il de recevoir ses feuillets T2202 par courriel à %2 ? Sans consentement, les feuillets sont imprimés.</translation>
        </message>
        <message>
            <source>Consent recorded.</source>
            <translation>Consentement enregistré.</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Enregistrer le PDF</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Sending…</source>
            <translation>Envoi en cours…</translation>
        </message>
        <message>
            <source>%1 slip(s) queued by email; %2 to print (no consent to email).</source>
            <translation>%1 feuillet(s) en file d’envoi par courriel ; %2 à imprimer (sans consentement au courriel).</translation>
        </message>
        <message>
            <source>Export the T2202 return</source>
            <translation>Exporter la déclaration T2202</translation>
        </message>
        <message>
            <source>XML (*.xml)</source>
            <translation>XML (*.xml)</translation>
        </message>
        <message>
            <source>The file could not be saved to %1 (%2). Choose another folder.</source>
            <translation>Le fichier n’a pas pu être enregistré dans %1 (%2). Choisissez un autre dossier.</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>Enregistré dans %1.</translation>
        </message>
    </context>
    <context>
        <name>WithdrawTransferDialog</name>
        <message>
            <source>Withdraw or transfer</source>
            <translation>Abandon ou transfert</translation>
        </message>
        <message>
            <source>&amp;Withdraw from this course</source>
            <translation>&amp;Abandonner ce cours</translation>
        </message>
        <message>
            <source>&amp;Transfer to another section</source>
            <translation>&amp;Transférer dans un autre groupe</translation>
        </message>
        <message>
            <source>Section to move to</source>
            <translation>Groupe de destination</translation>
        </message>
        <message>
            <source>Loading sections…</source>
            <translation>Chargement des groupes…</translation>
        </message>
        <message>
            <source>&amp;Reason *</source>
            <translation>&amp;Motif *</translation>
        </message>
        <message>
            <source>For example: moved to Calgary; prefers the January section</source>
            <translation>Par exemple : a déménagé à Calgary ; préfère le groupe de janvier</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>Abandon</translation>
        </message>
        <message>
            <source>No other section is open</source>
            <translation>Aucun autre groupe n’est ouvert</translation>
        </message>
        <message>
            <source>&amp;Transfer</source>
            <translation>&amp;Transférer</translation>
        </message>
        <message>
            <source>&amp;Withdraw</source>
            <translation>&amp;Retirer</translation>
        </message>
        <message>
            <source>Paid so far: {paid}. It stays as credit on the student's account; to give money back, use Refunds after the withdrawal.</source>
            <translation>Payé jusqu’ici : {paid}. Ce montant reste en crédit au compte de l’étudiant ; pour rendre l’argent, utilisez les remboursements après l’abandon.</translation>
        </message>
        <message>
            <source>Nothing has been paid, so no credit is created.</source>
            <translation>Rien n’a été payé, donc aucun crédit n’est créé.</translation>
        </message>
        <message>
            <source>Choose the section to move to.</source>
            <translation>Choisissez le groupe de destination.</translation>
        </message>
        <message>
            <source>the price, tax and the {paid} paid</source>
            <translation>le prix, les taxes et les {paid} payés</translation>
        </message>
        <message>
            <source>the price and tax</source>
            <translation>le prix et les taxes</translation>
        </message>
        <message>
            <source>Same course: {moved} move with the enrollment.</source>
            <translation>Même cours : {moved} suivent l’inscription.</translation>
        </message>
        <message>
            <source>The {paid} paid stays as credit on the student's account.</source>
            <translation>Les {paid} payés restent en crédit au compte de l’étudiant.</translation>
        </message>
        <message>
            <source>Another course: this enrollment is withdrawn and a new one opens at that course's price. {credit}</source>
            <translation>Autre cours : cette inscription est retirée et une nouvelle est ouverte au prix de ce cours. {credit}</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
    </context>
    <context>
        <name>_EditorDialog</name>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
    </context>
    <context>
        <name>audit_view</name>
        <message>
            <source>Business day</source>
            <extracomment>Each subject's kind (the audit keeps the code, "student"), as the manager reads it.</extracomment>
            <translation>Journée ouvrable</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Cours</translation>
        </message>
        <message>
            <source>Day closure</source>
            <translation>Clôture de journée</translation>
        </message>
        <message>
            <source>Cash drawer</source>
            <translation>Tiroir-caisse</translation>
        </message>
        <message>
            <source>Enrollment</source>
            <translation>Inscription</translation>
        </message>
        <message>
            <source>Enrollments</source>
            <translation>Inscriptions</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importation</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Facture</translation>
        </message>
        <message>
            <source>Credit note</source>
            <translation>Note de crédit</translation>
        </message>
        <message>
            <source>Invoice series</source>
            <translation>Série de factures</translation>
        </message>
        <message>
            <source>One-time code</source>
            <translation>Code à usage unique</translation>
        </message>
        <message>
            <source>Payment</source>
            <translation>Paiement</translation>
        </message>
        <message>
            <source>Plan</source>
            <translation>Plan</translation>
        </message>
        <message>
            <source>Instalment</source>
            <translation>Versement</translation>
        </message>
        <message>
            <source>Plan template</source>
            <translation>Modèle de plan</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Remboursement</translation>
        </message>
        <message>
            <source>Secret</source>
            <translation>Secret</translation>
        </message>
        <message>
            <source>Section</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>Staff member</source>
            <translation>Membre du personnel</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Étudiant</translation>
        </message>
        <message>
            <source>Workstation</source>
            <translation>Poste</translation>
        </message>
    </context>
    <context>
        <name>end_of_day</name>
        <message>
            <source>Recorded here, not in Stripe</source>
            <extracomment>Each kind of difference with Stripe (the keys of `domain.end_of_day_matching.KIND_LABELS`).</extracomment>
            <translation>Enregistré ici, absent de Stripe</translation>
        </message>
        <message>
            <source>In Stripe, not recorded here</source>
            <translation>Dans Stripe, non enregistré ici</translation>
        </message>
        <message>
            <source>Amounts differ</source>
            <translation>Montants différents</translation>
        </message>
        <message>
            <source>Not captured</source>
            <translation>Non capturé</translation>
        </message>
        <message>
            <source>Belongs to another payment</source>
            <translation>Appartient à un autre paiement</translation>
        </message>
        <message>
            <source>All desks</source>
            <translation>Tous les postes</translation>
        </message>
    </context>
    <context>
        <name>enrollments</name>
        <message>
            <source>Taxable</source>
            <translation>Taxable</translation>
        </message>
        <message>
            <source>Exempt</source>
            <translation>Exonéré</translation>
        </message>
        <message>
            <source>Zero-rated</source>
            <translation>Détaxé</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>Terminée</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>Abandonnée</translation>
        </message>
    </context>
    <context>
        <name>history_model</name>
        <message>
            <source>Paid</source>
            <translation>Payé</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échoué</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expiré</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>En cours</translation>
        </message>
        <message>
            <source>Quoted</source>
            <translation>Devis</translation>
        </message>
        <message>
            <source>Code sent</source>
            <translation>Code envoyé</translation>
        </message>
        <message>
            <source>Confirmed</source>
            <translation>Confirmé</translation>
        </message>
        <message>
            <source>refunded</source>
            <translation>remboursé</translation>
        </message>
        <message>
            <source>pending</source>
            <translation>en attente</translation>
        </message>
        <message>
            <source>not refunded</source>
            <translation>non remboursé</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>Carte</translation>
        </message>
        <message>
            <source>Hosted page</source>
            <translation>Page de paiement</translation>
        </message>
        <message>
            <source>&lt;p&gt;{course}&lt;br&gt;{status} · {method} · desk {desk} · {when}&lt;br&gt;</source>
            <translation>&lt;p&gt;{course}&lt;br&gt;{status} · {method} · poste {desk} · {when}&lt;br&gt;</translation>
        </message>
        <message>
            <source>Tax included {tax} · refunded {refunded}{pending} · &lt;b&gt;{refundable} can be refunded&lt;/b&gt;&lt;/p&gt;</source>
            <translation>Taxes incluses {tax} · remboursé {refunded}{pending} · &lt;b&gt;{refundable} peut être remboursé&lt;/b&gt;&lt;/p&gt;</translation>
        </message>
        <message>
            <source> · being refunded {amount}</source>
            <translation> · en cours de remboursement {amount}</translation>
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;Why it did not go through:&lt;/b&gt; {reason}&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;Pourquoi il n’a pas abouti :&lt;/b&gt; {reason}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>PaymentIntent</source>
            <translation>PaymentIntent</translation>
        </message>
        <message>
            <source>Charge</source>
            <translation>Charge</translation>
        </message>
        <message>
            <source>Checkout Session</source>
            <translation>Session Checkout</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>Lecteur</translation>
        </message>
        <message>
            <source>Refund {amount}</source>
            <translation>Remboursement {amount}</translation>
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;Invoice and credit notes&lt;/b&gt;&lt;br&gt;{docs}&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;Facture et notes de crédit&lt;/b&gt;&lt;br&gt;{docs}&lt;/p&gt;</translation>
        </message>
        <message>
            <source> (made in the Stripe Dashboard)</source>
            <translation> (fait dans le tableau de bord Stripe)</translation>
        </message>
        <message>
            <source>Refunds</source>
            <translation>Remboursements</translation>
        </message>
        <message>
            <source>Journal</source>
            <translation>Journal</translation>
        </message>
        <message>
            <source>Audit</source>
            <translation>Audit</translation>
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;Steps&lt;/b&gt;&lt;/p&gt;&lt;table cellspacing='0' cellpadding='2'&gt;&lt;tr&gt;&lt;th align='left'&gt;When&lt;/th&gt;&lt;th align='left'&gt;Record&lt;/th&gt;&lt;th align='left'&gt;What&lt;/th&gt;&lt;th align='left'&gt;Who&lt;/th&gt;&lt;/tr&gt;{steps}&lt;/table&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;Étapes&lt;/b&gt;&lt;/p&gt;&lt;table cellspacing='0' cellpadding='2'&gt;&lt;tr&gt;&lt;th align='left'&gt;Quand&lt;/th&gt;&lt;th align='left'&gt;Registre&lt;/th&gt;&lt;th align='left'&gt;Quoi&lt;/th&gt;&lt;th align='left'&gt;Qui&lt;/th&gt;&lt;/tr&gt;{steps}&lt;/table&gt;</translation>
        </message>
        <message>
            <source>{number} — credit note {total} (tax {tax})</source>
            <translation>{number} — note de crédit {total} (taxes {tax})</translation>
        </message>
        <message>
            <source>{number} — invoice {total} (tax {tax})</source>
            <translation>{number} — facture {total} (taxes {tax})</translation>
        </message>
        <message>
            <source> — VOID</source>
            <translation> — ANNULÉE</translation>
        </message>
        <message>
            <source>Card on the reader</source>
            <extracomment>The keys of `services.refunds.history_records.METHODS` (its English texts are the command line's).</extracomment>
            <translation>Carte sur le lecteur</translation>
        </message>
        <message>
            <source>Interac on the reader</source>
            <translation>Interac sur le lecteur</translation>
        </message>
        <message>
            <source>Hosted page (QR / link)</source>
            <translation>Page de paiement (QR ou lien)</translation>
        </message>
    </context>
    <context>
        <name>import_dialog</name>
        <message>
            <source>{first} to {last}</source>
            <translation>{first} à {last}</translation>
        </message>
        <message>
            <source>{students} ({numbers}) and {enrollments}</source>
            <translation>{students} ({numbers}) et {enrollments}</translation>
        </message>
        <message numerus="yes">
            <source>%n student(s)</source>
            <translation>
                <numerusform>%n étudiant</numerusform>
                <numerusform>%n étudiants</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n enrollment(s)</source>
            <translation>
                <numerusform>%n inscription</numerusform>
                <numerusform>%n inscriptions</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>login</name>
        <message>
            <source>Error</source>
            <translation>Erreur</translation>
        </message>
    </context>
    <context>
        <name>main_window</name>
        <message>
            <source>TRAINING MODE — no real money moves. Cards, emails and payments are simulated.</source>
            <translation>MODE FORMATION — aucun argent réel ne circule. Les cartes, les courriels et les paiements sont simulés.</translation>
        </message>
    </context>
    <context>
        <name>menus</name>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>É&amp;dition</translation>
        </message>
        <message>
            <source>&amp;Student</source>
            <translation>É&amp;tudiant</translation>
        </message>
        <message>
            <source>&amp;Manager</source>
            <translation>&amp;Gestion</translation>
        </message>
        <message>
            <source>&amp;Payment</source>
            <translation>&amp;Paiement</translation>
        </message>
        <message>
            <source>&amp;Training</source>
            <translation>&amp;Formation</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Aide</translation>
        </message>
    </context>
    <context>
        <name>models</name>
        <message>
            <source>Program</source>
            <translation>Programme</translation>
        </message>
        <message>
            <source>Workshop</source>
            <translation>Atelier</translation>
        </message>
        <message>
            <source>Kit</source>
            <translation>Trousse</translation>
        </message>
        <message>
            <source>Taxable</source>
            <translation>Taxable</translation>
        </message>
        <message>
            <source>Exempt</source>
            <translation>Exonéré</translation>
        </message>
        <message>
            <source>Zero-rated</source>
            <translation>Détaxé</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouvert</translation>
        </message>
        <message>
            <source>No limit</source>
            <translation>Aucune limite</translation>
        </message>
        <message>
            <source>Full</source>
            <translation>Complet</translation>
        </message>
        <message>
            <source>{left} of {capacity}</source>
            <translation>{left} sur {capacity}</translation>
        </message>
    </context>
    <context>
        <name>operations</name>
        <message>
            <source>Something went wrong: {detail}. The details are in the log.</source>
            <extracomment>Work that ends sooner than this shows no progress at all: a dialog flashing for 100 ms is noise, and most database reads end well within it.</extracomment>
            <translation>Un problème est survenu : {detail}. Les détails sont dans le journal.</translation>
        </message>
    </context>
    <context>
        <name>pages</name>
        <message>
            <source>Before tax {amount}</source>
            <translation>Avant taxes {amount}</translation>
        </message>
        <message>
            <source>Total {amount}</source>
            <translation>Total {amount}</translation>
        </message>
    </context>
    <context>
        <name>selfcheck_window</name>
        <message>
            <source>'{title}' shown at {size} ({platform}, {count} colours painted) and closed</source>
            <translation>« {title} » affichée en {size} ({platform}, {count} couleurs peintes) puis fermée</translation>
        </message>
    </context>
    <context>
        <name>student_search</name>
        <message>
            <source>Search by name, email, phone or student number</source>
            <translation>Rechercher par nom, courriel, téléphone ou numéro d’étudiant</translation>
        </message>
    </context>
    <context>
        <name>sync_status</name>
        <message>
            <source>nothing waiting</source>
            <translation>rien en attente</translation>
        </message>
        <message>
            <source>Central: connecting…</source>
            <translation>Central : connexion…</translation>
        </message>
        <message>
            <source>Central: offline · {pending}</source>
            <translation>Central : hors ligne · {pending}</translation>
        </message>
        <message>
            <source>Central: syncing… · {pending}</source>
            <translation>Central : synchronisation… · {pending}</translation>
        </message>
        <message>
            <source>Central: online · synced {last} · {pending}</source>
            <translation>Central : en ligne · synchronisé {last} · {pending}</translation>
        </message>
        <message>
            <source>Central: online · {pending}</source>
            <translation>Central : en ligne · {pending}</translation>
        </message>
        <message>
            <source>Changes made at this desk are sent to the central database; changes made elsewhere arrive here.</source>
            <translation>Les changements faits à ce poste sont envoyés à la base centrale ; ceux faits ailleurs arrivent ici.</translation>
        </message>
        <message>
            <source>
Payments and edits keep working; they are sent when the central database is back.</source>
            <translation>
Les paiements et les modifications continuent de fonctionner ; ils sont envoyés au retour de la base centrale.</translation>
        </message>
    </context>
    <context>
        <name>training</name>
        <message>
            <source>Visa — approved</source>
            <extracomment>Stripe's Terminal test cards (stripe/NOTES.md): what a new registrar should practise with.</extracomment>
            <translation>Visa — approuvée</translation>
        </message>
        <message>
            <source>Mastercard — approved</source>
            <translation>Mastercard — approuvée</translation>
        </message>
        <message>
            <source>Declined</source>
            <translation>Refusée</translation>
        </message>
        <message>
            <source>Insufficient funds</source>
            <translation>Fonds insuffisants</translation>
        </message>
        <message>
            <source>Expired card</source>
            <translation>Carte expirée</translation>
        </message>
        <message>
            <source>Interac debit — approved</source>
            <translation>Débit Interac — approuvé</translation>
        </message>
        <message>
            <source>online</source>
            <extracomment>A reader's status as Stripe gives it ("online", "offline"), as the desk reads it.</extracomment>
            <translation>en ligne</translation>
        </message>
        <message>
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
    </context>
</TS>
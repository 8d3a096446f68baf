"""The composition root: Settings in, a ready application context out. No Qt, no work at import.

Three layers, each built in one place:

- `Runtime` (oncopos.runtime): what lives as long as the process (engine, simulator, threads).
- `DeskServices`: services that read only what is fixed until a restart (the desk's id, province,
  time zone, locale: RESTART_KEYS); built once, so their in-memory state (sign-in lockouts) stays.
- `Services`: one immutable generation of everything else, built from one `Settings`. A settings
  change builds a new generation and `AppContext` swaps it in with one assignment; a payment
  already under way finishes with the generation it started with, and the next one uses the new.

The window (oncopos.ui) and the command line receive an `AppContext` and never build services
themselves; long-lived holders (the window's commands, the outbox thread) ask the context for a
service each time they use one, so nothing keeps a stale copy.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.engine import make_engine, redact
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.adapters.db.seed import is_seeded, seed_demo
from oncopos.adapters.db.session import Clock, make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox, build_mailer
from oncopos.adapters.secrets import KeyringSecretStore, MemorySecretStore, SecretStore
from oncopos.config import Settings, training_settings  # training_settings: also imported from here
from oncopos.domain.errors import ConfigurationError
from oncopos.domain.payouts import PayoutSource
from oncopos.runtime import TRAINING_STRIPE_KEY, CentralSync, Lazy, Periodic, Runtime
from oncopos.services.audit import AuditTrail
from oncopos.services.books import AccountingExport
from oncopos.services.catalogue import CatalogueService
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_matching import DayMatching
from oncopos.services.enrollments import EnrollmentService
from oncopos.services.invoices import InvoiceService
from oncopos.services.otp import OtpService
from oncopos.services.overpayments import OverpaymentReview
from oncopos.services.payments.ports import EnrollmentRefresher
from oncopos.services.payouts import PayoutMatching
from oncopos.services.ports import Mailer, UnitOfWorkFactory
from oncopos.services.refunds.history import PaymentHistoryService
from oncopos.services.registration import RegistrationService
from oncopos.services.settings_store import FIELD_OF, RESTART_KEYS, SettingsStore
from oncopos.services.staff import StaffService
from oncopos.services.student_import import StudentImportService
from oncopos.services.students import StudentDirectory
from oncopos.services.tenders.returns import TenderReturns
from oncopos.services.tenders.service import TenderService
from oncopos.services.till import TillService

if TYPE_CHECKING:
    from oncopos.adapters.stripe.gateway import StripeGateway
    from oncopos.adapters.sync import Synchronizer, SyncWorker
    from oncopos.services.payments.service import PaymentService
    from oncopos.services.plan_reminders import PlanReminders
    from oncopos.services.plans import PlanService
    from oncopos.services.refunds.service import RefundService
    from oncopos.services.statements import StatementService
    from oncopos.services.terminal import TerminalAdministration
    from oncopos.services.tuition_slips import TuitionSlipService
    from oncopos.simulator.server import SimulatorHandle

__all__ = [
    "TRAINING_STRIPE_KEY", "AppContext", "DeskServices", "Services", "apply_settings", "build_context",
    "build_invoice_service", "training_settings",
]

log = logging.getLogger(__name__)

#: What a settings change never alters in a running app: where the data is, which desk this is,
#: and what the window and the sync worker were built with (the screen says these need a restart).
KEPT_UNTIL_RESTART = frozenset({"training", "data_dir", "db_url"} | {FIELD_OF.get(key, key.lower()) for key in RESTART_KEYS})


@dataclass(frozen=True)
class DeskServices:
    """Services over the database that read only settings fixed until a restart."""

    student_directory: StudentDirectory
    staff: StaffService  # accounts, sign-in, overrides
    audit_trail: AuditTrail  # student views, the audit view, export and verify
    registration: RegistrationService  # add and edit students, with duplicate checks
    catalogue: CatalogueService  # courses and sections (managers change them)
    enrollments: EnrollmentService  # enroll, withdraw, transfer, student credit
    student_import: StudentImportService  # the school's existing list (CSV), all or nothing
    settings_store: SettingsStore  # the settings file: screen, first-run assistant, export, import
    overpayment_review: OverpaymentReview  # managers settle overpayments
    payment_history: PaymentHistoryService  # database reads only
    till: TillService  # the cash drawer of this desk and day
    # The central database's refresher before a charge; None means "central database not configured".
    enrollment_refresher: EnrollmentRefresher | None


@dataclass(frozen=True)
class Services:
    """One generation of the app's services, all built from `settings`. Never changed once built:
    a settings change builds another. The gateway and what needs it are built on first use, so
    commands that never pay never start a simulator or read a key."""

    settings: Settings
    desk: DeskServices
    mailer: Mailer  # MAIL_BACKEND: smtp, file (training inbox) or console
    mail_outbox: MailOutbox  # receipts and notices, delivered with retries
    otp: OtpService  # send_code / verify_code for the payment flow
    invoices: InvoiceService  # invoices, credit notes, receipts; print, email, reprint
    end_of_day: EndOfDayService  # day reports, close and reopen
    day_matching: DayMatching  # a day's records against Stripe (the gateway on first use)
    payout_matching: PayoutMatching  # Stripe payouts against the records (the gateway on first use)
    books: AccountingExport  # the period's journal for QuickBooks Online, Xero, Sage 50
    tenders: TenderService  # cash, cheque and e-Transfer at the desk, and splits (no gateway)
    tender_returns: TenderReturns  # a cheque or e-Transfer the bank sent back
    plans: PlanService  # deposits and instalment plans, the pre-contract limit
    statements: StatementService  # a student's account statement: screen, PDF, email
    tuition_slips: TuitionSlipService  # the year's T2202 slips, their PDFs and the return to CRA
    _plan_reminders: Lazy[PlanReminders]  # reminder emails with their payment links (the gateway on first use)
    _gateway: Lazy[StripeGateway]
    _payments: Lazy[PaymentService]
    _refunds: Lazy[RefundService]
    _terminal: Lazy[TerminalAdministration]

    def terminal(self) -> TerminalAdministration:
        return self._terminal.get()

    def gateway(self) -> StripeGateway:
        return self._gateway.get()

    def payments(self) -> PaymentService:
        return self._payments.get()

    def refunds(self) -> RefundService:
        return self._refunds.get()

    def plan_reminders(self) -> PlanReminders:
        return self._plan_reminders.get()


class AppContext:
    """The running app: its runtime and the current generation of services.

    Every name reads the current generation at the moment it is asked, so a holder that asks each
    time it acts (``context.payments()``, ``context.invoices``) never keeps a stale service. The
    only thing that changes is which generation is current, swapped whole by `replace_services`.
    """

    __slots__ = ("_runtime", "_services", "_swap_lock")

    def __init__(self, runtime: Runtime, services: Services) -> None:
        self._runtime = runtime
        self._services = services
        self._swap_lock = threading.Lock()

    # -- the generation ------------------------------------------------------------------------
    @property
    def runtime(self) -> Runtime:
        return self._runtime

    @property
    def services(self) -> Services:
        """The current generation; hold on to it only for the length of one piece of work."""
        return self._services

    def replace_services(self, build: Callable[[Services], Services]) -> Services:
        """Build the next generation from the current one and make it current in one assignment."""
        with self._swap_lock:  # two saves at once must not each build from the same old generation
            new = build(self._services)
            self._services = new
        return new

    # -- process resources ---------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        return self._runtime.engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self._runtime.session_factory

    @property
    def secrets(self) -> SecretStore:
        return self._runtime.secrets

    @property
    def clock(self) -> Clock:
        return self._runtime.clock

    @property
    def simulator(self) -> SimulatorHandle | None:
        """The in-process simulator's handle once training (or simulator mode) has started it."""
        return self._runtime.simulator_started

    @property
    def sync_worker(self) -> SyncWorker | None:
        """Background sync with the central database; None without ONCOPOS_CENTRAL_URL. Started by the
        window, stopped by close()."""
        return self._runtime.sync.worker if self._runtime.sync else None

    def uow(self) -> SqlUnitOfWork:
        return self._runtime.uow()

    def on_close(self, stop: Callable[[], None]) -> None:
        """Run `stop` when the context closes (background work started by the window)."""
        self._runtime.on_close(stop)

    def start_mail_delivery(self, interval: float) -> Periodic:
        """Deliver the mail outbox now and every `interval` seconds until close(). Each run uses the
        current generation's outbox and mailer: a new SMTP server applies to the next run."""
        return self._runtime.every("mail-outbox", interval, self._deliver_mail)

    def _deliver_mail(self) -> None:
        self._services.mail_outbox.deliver_pending()  # the generation current at this run

    def close(self) -> None:
        self._runtime.close()

    # -- the current generation's services -----------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._services.settings

    @property
    def student_directory(self) -> StudentDirectory:
        return self._services.desk.student_directory

    @property
    def staff(self) -> StaffService:
        return self._services.desk.staff

    @property
    def audit_trail(self) -> AuditTrail:
        return self._services.desk.audit_trail

    @property
    def registration(self) -> RegistrationService:
        return self._services.desk.registration

    @property
    def catalogue(self) -> CatalogueService:
        return self._services.desk.catalogue

    @property
    def enrollments(self) -> EnrollmentService:
        return self._services.desk.enrollments

    @property
    def student_import(self) -> StudentImportService:
        return self._services.desk.student_import

    @property
    def settings_store(self) -> SettingsStore:
        return self._services.desk.settings_store

    @property
    def overpayment_review(self) -> OverpaymentReview:
        return self._services.desk.overpayment_review

    @property
    def enrollment_refresher(self) -> EnrollmentRefresher | None:
        return self._services.desk.enrollment_refresher

    @property
    def mailer(self) -> Mailer:
        return self._services.mailer

    @property
    def mail_outbox(self) -> MailOutbox:
        return self._services.mail_outbox

    @property
    def otp(self) -> OtpService:
        return self._services.otp

    @property
    def invoices(self) -> InvoiceService:
        return self._services.invoices

    def gateway(self) -> StripeGateway:
        """The Stripe gateway, built on first use: commands that never pay never start a simulator."""
        return self._services.gateway()

    def payments(self) -> PaymentService:
        """The payment service, built on first use (it needs the gateway)."""
        return self._services.payments()

    def refunds(self) -> RefundService:
        """The refund service, built on first use (it needs the gateway)."""
        return self._services.refunds()

    def terminal(self) -> TerminalAdministration:
        """Readers and locations for the window and the assistant (built on first use; the gateway too)."""
        return self._services.terminal()

    @property
    def plans(self) -> PlanService:
        """Deposits and instalment plans (database only; no gateway)."""
        return self._services.plans

    @property
    def statements(self) -> StatementService:
        return self._services.statements

    @property
    def tuition_slips(self) -> TuitionSlipService:
        return self._services.tuition_slips

    def plan_reminders(self) -> PlanReminders:
        """Reminders with their payment links, built on first use (they need the gateway)."""
        return self._services.plan_reminders()

    def payment_history(self) -> PaymentHistoryService:
        """Payment history (database reads only; no gateway)."""
        return self._services.desk.payment_history

    def end_of_day(self) -> EndOfDayService:
        """Day reports, close and reopen (database and PDFs only; no gateway)."""
        return self._services.end_of_day

    def day_matching(self) -> DayMatching:
        """A day's records against Stripe; the gateway is built when a reconciliation runs."""
        return self._services.day_matching

    def payout_matching(self) -> PayoutMatching:
        """Stripe payouts against the desk's records; the gateway is built when they are read."""
        return self._services.payout_matching

    def books(self) -> AccountingExport:
        """The accounting export (reads Stripe's payouts, so the gateway on first use)."""
        return self._services.books

    def tenders(self) -> TenderService:
        """Cash, cheque and Interac e-Transfer taken at the desk, alone or split (no gateway)."""
        return self._services.tenders

    def tender_returns(self) -> TenderReturns:
        return self._services.tender_returns

    def till(self) -> TillService:
        """This desk's cash drawer (float, paid-outs, count)."""
        return self._services.desk.till


def build_context(settings: Settings, *, clock: Clock = utc_now, migrate: bool = True) -> AppContext:
    engine = make_engine(settings.database_url)
    if migrate:
        # Packaging: an upgraded build migrates on start; keep a copy of the old database first.
        from oncopos.adapters.db.backup import backup_before_upgrade

        backup_before_upgrade(engine, settings.data_dir / "backups", clock=clock)
        revision = upgrade(engine)
        log.info("database %s at revision %s", redact(settings.database_url), revision)
    secrets: SecretStore = MemorySecretStore() if settings.training else KeyringSecretStore()
    # this desk's own audit events are chained with an HMAC under its keyring key
    audit_key = AuditChainKey(secrets, settings.workstation_id)
    factory = make_session_factory(engine, workstation_id=settings.workstation_id, clock=clock, audit_key=audit_key)
    sync = _build_sync(engine, settings, clock, secrets) if settings.central_url and not settings.training else None
    runtime = Runtime(settings=settings, engine=engine, session_factory=factory, secrets=secrets, clock=clock, sync=sync)
    if sync is not None:
        # close() runs these last-in first: the worker stops before its connections are closed.
        runtime.on_close(sync.synchronizer.close)
        runtime.on_close(sync.worker.stop)
    context = AppContext(runtime, build_services(runtime, settings, _build_desk(runtime)))
    if settings.training and not is_seeded(factory):
        report = seed_demo(factory, desk_province=settings.business_province)
        log.info("training data seeded: %s", report)
    if settings.training:
        # the ready-made reg / mgr / admin accounts, in the training database only.
        context.staff.ensure_training_accounts()
    return context


def apply_settings(context: AppContext, settings: Settings) -> None:
    """Use saved settings without a restart: a new generation of services replaces the current one.

    Email, one-time codes, invoices (business details, tax numbers), end-of-day reports, the Stripe
    gateway (mode, address, and the key, read again) and the payment and refund services all come
    from `settings`; the next payment, refund, email and outbox run use them. What the window and
    the sync worker took at start-up (RESTART_KEYS) keeps its start-up value until a restart.
    Called with the current settings, it rebuilds after a secret (the Stripe key) was replaced.
    """
    if context.settings.training:
        return  # training runs on its own fixed settings
    runtime = context.runtime
    start = runtime.settings
    running = settings.model_copy(update={name: getattr(start, name) for name in KEPT_UNTIL_RESTART})
    context.replace_services(lambda current: build_services(runtime, running, current.desk))
    log.info("settings applied without a restart (workstation %s)", running.workstation_id)


def build_services(runtime: Runtime, settings: Settings, desk: DeskServices) -> Services:
    """One generation from `settings`, over `runtime` and the desk's start-up services."""
    clock, uow = runtime.clock, runtime.uow
    mailer = build_mailer(settings, runtime.secrets, clock=clock)
    outbox = MailOutbox(uow, mailer, clock, delivering=runtime.mail_delivery_lock)
    invoices = build_invoice_service(settings, uow, clock, lambda: mailer, lambda: outbox)
    otp = OtpService(uow, mailer, settings, runtime.secrets, clock)
    if runtime.sync is not None:
        otp.shared = runtime.sync.otp_counters  # code limits hold across desks (and generations)
    gateway: Lazy[StripeGateway] = Lazy(lambda: _build_gateway(runtime, settings))
    plans, statements = _build_plans(runtime, settings, outbox)
    payments: Lazy[PaymentService] = Lazy(lambda: _build_payments(
        runtime, settings, gateway.get(), otp, invoices, outbox, mailer, desk.enrollment_refresher, plans))
    reminders: Lazy[PlanReminders] = Lazy(
        lambda: _build_reminders(runtime, settings, gateway.get, payments.get, outbox, plans))
    refunds: Lazy[RefundService] = Lazy(lambda: _build_refunds(runtime, settings, gateway.get(), invoices, outbox))
    terminal: Lazy[TerminalAdministration] = Lazy(lambda: _build_terminal(runtime, settings, gateway.get))
    end_of_day = _build_end_of_day(runtime, settings)
    payout_matching = PayoutMatching(uow, lambda: _payout_source(gateway), tz=settings.tz, clock=clock)
    books = AccountingExport(uow, payout_matching, tz=settings.tz, accounts=settings.accounts, locale=settings.locale,
                             clock=clock)
    return Services(
        settings=settings, desk=desk, mailer=mailer, mail_outbox=outbox, otp=otp, invoices=invoices,
        end_of_day=end_of_day, day_matching=DayMatching(end_of_day, uow, gateway.get, clock),
        payout_matching=payout_matching, books=books,
        tenders=_build_tenders(runtime, settings, invoices, outbox, mailer, plans),
        tender_returns=TenderReturns(uow, invoices, clock=clock, workstation_id=settings.workstation_id,
                                     locale=settings.locale),
        plans=plans, statements=statements, tuition_slips=_build_tuition_slips(runtime, settings, outbox),
        _plan_reminders=reminders,
        _gateway=gateway, _payments=payments, _refunds=refunds, _terminal=terminal,
    )


def _build_desk(runtime: Runtime) -> DeskServices:
    settings, clock, uow = runtime.settings, runtime.clock, runtime.uow
    # The CSV import enrolls through the same service the window uses.
    enrollments = EnrollmentService(
        uow, clock=clock, desk_province=settings.business_province, timezone=settings.tz,
        services_taxed_in_sk=settings.sk_pst_on_services, locale=settings.locale,
    )
    staff = StaffService(uow, workstation_id=settings.workstation_id, clock=clock, training=settings.training)
    audit_trail = AuditTrail(uow, clock=clock, tz=settings.tz, workstation_id=settings.workstation_id)
    if runtime.sync is not None:
        audit_trail.central = runtime.sync.synchronizer.audit_copy()  # audit verify compares with the central copy
        staff.central = runtime.sync.synchronizer  # staff accounts: the central database is their one authority
    return DeskServices(
        student_directory=StudentDirectory(uow),
        staff=staff,
        audit_trail=audit_trail,
        registration=RegistrationService(uow, clock=clock, series=settings.invoice_series, timezone=settings.tz),
        catalogue=CatalogueService(uow, clock=clock, locale=settings.locale),
        enrollments=enrollments,
        student_import=StudentImportService(uow, clock=clock, series=settings.invoice_series, enrollments=enrollments),
        settings_store=SettingsStore(uow, clock=clock),
        overpayment_review=OverpaymentReview(uow, clock),
        payment_history=PaymentHistoryService(uow, clock=clock, tz=settings.tz, workstation_id=settings.workstation_id),
        till=TillService(uow, clock=clock, workstation_id=settings.workstation_id, tz=settings.tz,
                         locale=settings.locale),
        enrollment_refresher=runtime.sync.synchronizer if runtime.sync else None,
    )


def build_invoice_service(
    settings: Settings, uow_factory: UnitOfWorkFactory, clock: Clock,
    mailer: Callable[[], Mailer | None] = lambda: None, outbox: Callable[[], MailOutbox | None] = lambda: None,
) -> InvoiceService:
    """Invoices over reportlab, the documents folder and CUPS; also used by `oncopos invoice`."""
    from oncopos.adapters.pdf import ReportLabRenderer
    from oncopos.adapters.pdf.store import FileDocumentStore
    from oncopos.adapters.printing import LpPrinter
    from oncopos.services.invoices import setup_from_settings

    return InvoiceService(
        uow_factory, setup_from_settings(settings), renderer=ReportLabRenderer(),
        store=FileDocumentStore(settings.documents_dir), clock=clock, mailer=mailer, printer=LpPrinter(), outbox=outbox,
    )


def _build_end_of_day(runtime: Runtime, settings: Settings) -> EndOfDayService:
    from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
    from oncopos.adapters.pdf.store import FileDocumentStore
    from oncopos.adapters.printing import LpPrinter

    return EndOfDayService(runtime.uow, tz=settings.tz, clock=runtime.clock,
                           renderer=EndOfDayRenderer(settings.business_name),
                           store=FileDocumentStore(settings.documents_dir), printer=LpPrinter(),
                           desk_province=settings.business_province, document_choice=settings.document_language)


def _payout_source(gateway: Lazy[StripeGateway]) -> PayoutSource:
    from oncopos.adapters.stripe.payouts import StripePayouts

    return StripePayouts(gateway.get())


def _build_gateway(runtime: Runtime, settings: Settings) -> StripeGateway:
    from oncopos.adapters.stripe.gateway import StripeGateway

    def gateway(key: str, base_url: str | None, mode: str) -> StripeGateway:
        return StripeGateway(key, base_url=base_url, mode=mode, allow_full_secret_key=settings.allow_full_secret_key,
                             payment_timeout_minutes=settings.payment_timeout_minutes, clock=runtime.clock)

    if settings.training or settings.stripe_mode == "simulator":
        simulated = gateway(TRAINING_STRIPE_KEY, settings.stripe_api_base or runtime.simulator().url, "simulator")
        if settings.training:
            _ensure_training_reader(simulated)
        return simulated
    key = runtime.secrets.get("stripe_api_key")
    if not key:
        raise ConfigurationError(
            "No Stripe key is set for this desk. An administrator sets it with: oncopos secrets set stripe_api_key "
            "(a restricted key, rk_live_... or rk_test_...)."
        )
    return gateway(key, settings.stripe_api_base, settings.stripe_mode)


def _build_payments(
    runtime: Runtime, settings: Settings, gateway: StripeGateway, otp: OtpService, invoices: InvoiceService,
    outbox: MailOutbox, mailer: Mailer, refresher: EnrollmentRefresher | None, plans: PlanService | None = None,
) -> PaymentService:
    """Quote -> code -> charge -> record, over the gateway, codes, invoices and the mail outbox."""
    from oncopos.adapters.stripe.recovery import StripeIntentRecovery
    from oncopos.domain.enrollment import PaymentLimits
    from oncopos.services.emails import Business
    from oncopos.services.payments.mail import OutboxPaymentMail
    from oncopos.services.payments.ports import LocalOnlyRefresher
    from oncopos.services.payments.service import PaymentRules, PaymentService

    central = runtime.sync.synchronizer if runtime.sync else None  # typed as what it is: all three ports
    rules = PaymentRules(PaymentLimits(settings.min_payment_cents, settings.max_payment_cents), settings.workstation_id,
                         settings.payment_timeout_minutes, settings.business_name)
    return PaymentService(
        runtime.uow, gateway, otp, rules, clock=runtime.clock, refresher=refresher or LocalOnlyRefresher(),
        recovery=StripeIntentRecovery(gateway, runtime.clock), invoices=invoices,
        mail=OutboxPaymentMail(outbox.enqueue, mailer, Business.from_settings(settings)),
        # the synchronizer when a central database is set: readiness, and one desk per enrollment
        readiness=central, claims=central,
        collection_check=plans.check_collection if plans is not None else None,  # the pre-contract limit
    )


def _build_tenders(runtime: Runtime, settings: Settings, invoices: InvoiceService, outbox: MailOutbox,
                   mailer: Mailer, plans: PlanService | None = None) -> TenderService:
    """Tenders by hand: the payment rows, invoices and receipts of the card flow, without Stripe."""
    from oncopos.domain.enrollment import PaymentLimits
    from oncopos.services.emails import Business
    from oncopos.services.payments.mail import OutboxPaymentMail
    from oncopos.services.payments.recording import Recorder
    from oncopos.services.tenders.service import TenderRules

    recorder = Recorder(runtime.uow, runtime.clock, invoices,
                        OutboxPaymentMail(outbox.enqueue, mailer, Business.from_settings(settings)), lambda _step: None)
    rules = TenderRules(PaymentLimits(settings.min_payment_cents, settings.max_payment_cents), settings.workstation_id,
                        settings.tz, settings.code_tenders, settings.locale)
    return TenderService(runtime.uow, rules, clock=runtime.clock, recorder=recorder,
                         collection_check=plans.check_collection if plans is not None else None)


def _build_plans(runtime: Runtime, settings: Settings, outbox: MailOutbox) -> tuple[PlanService, StatementService]:
    """Plans with the provincial rules shipped as data, and statements rendered by reportlab."""
    from oncopos.adapters.pdf.statement import StatementRenderer
    from oncopos.domain.plans_rules import load_college_rules
    from oncopos.services.emails import Business
    from oncopos.services.plans import PlanService
    from oncopos.services.statements import StatementService

    plans = PlanService(runtime.uow, clock=runtime.clock, rules=load_college_rules(), timezone=settings.tz,
                        workstation_id=settings.workstation_id)
    statements = StatementService(runtime.uow, clock=runtime.clock, timezone=settings.tz,
                                  renderer=StatementRenderer(settings.business_name, settings.business_timezone),
                                  enqueue=outbox.enqueue, business=Business.from_settings(settings))
    return plans, statements


def _build_tuition_slips(runtime: Runtime, settings: Settings, outbox: MailOutbox) -> TuitionSlipService:
    """T2202s: SINs sealed under the school's key in the keyring, PDFs by reportlab, CRA's XML."""
    from oncopos.adapters.cra.t2202_xml import Filer, T2202ReturnWriter, school_address
    from oncopos.adapters.pdf.tuition_slip import TuitionSlipRenderer
    from oncopos.adapters.secrets.sin_cipher import SinCipher
    from oncopos.domain.errors import ConfigurationError
    from oncopos.domain.messages import msg
    from oncopos.services.emails import Business
    from oncopos.services.plan_emails import tuition_slip_email
    from oncopos.services.tuition_slips import TuitionSlipService

    business = Business.from_settings(settings)

    def writer() -> T2202ReturnWriter:
        if not settings.t2202_account:
            raise ConfigurationError(msg("tuition.no_account"))
        return T2202ReturnWriter(Filer(
            account_number=settings.t2202_account, name=settings.business_name,
            address=school_address(settings.business_address, settings.business_province),
            contact_name=settings.t2202_contact_name or settings.business_name, contact_phone=settings.business_phone,
            contact_email=settings.business_email, language="F" if settings.locale.startswith("fr") else "E"))

    def email(slip: Any, pdf: bytes, to: str) -> Any:
        stem = "feuillet-t2202" if slip.recipient.language == "fr" else "t2202-slip"
        return tuition_slip_email(business=business, to=to, language=slip.recipient.language,
                                  student_name=slip.recipient.name, year=slip.year,
                                  fees_cents=slip.figures.fees_cents, part_time_months=slip.figures.part_time_months,
                                  full_time_months=slip.figures.full_time_months,
                                  amended=slip.replaces_id is not None, pdf=pdf,
                                  filename=f"{stem}-{slip.year}-{slip.recipient.student_number}.pdf")

    renderer = TuitionSlipRenderer(school_name=settings.business_name, school_address=settings.business_address,
                                   account=settings.t2202_account, timezone=settings.business_timezone)
    return TuitionSlipService(runtime.uow, clock=runtime.clock, timezone=settings.tz, vault=SinCipher(runtime.secrets),
                              writer=writer, renderer=renderer, workstation_id=settings.workstation_id,
                              enqueue=outbox.enqueue, email=email)


def _build_reminders(runtime: Runtime, settings: Settings, gateway: Callable[[], StripeGateway],
                     payments: Callable[[], PaymentService], outbox: MailOutbox, plans: PlanService) -> PlanReminders:
    from oncopos.services.emails import Business
    from oncopos.services.plan_reminders import PlanReminders

    return PlanReminders(runtime.uow, gateway, payments, outbox.enqueue, Business.from_settings(settings),
                         clock=runtime.clock, timezone=settings.tz, workstation_id=settings.workstation_id,
                         collection_check=plans.check_collection)


def _build_refunds(
    runtime: Runtime, settings: Settings, gateway: StripeGateway, invoices: InvoiceService, outbox: MailOutbox,
) -> RefundService:
    """Refunds over the gateway (Refunds API, Interac on the reader), credit notes and the mail outbox."""
    from oncopos.adapters.stripe.refund_lookup import StripeRefundLookup
    from oncopos.services.emails import Business
    from oncopos.services.refunds.mail import OutboxRefundMail
    from oncopos.services.refunds.service import RefundRules, RefundService

    return RefundService(runtime.uow, gateway, StripeRefundLookup(gateway),
                         RefundRules(settings.workstation_id, locale=settings.locale), clock=runtime.clock,
                         invoices=invoices, mail=OutboxRefundMail(outbox.enqueue, Business.from_settings(settings)))


def _build_terminal(runtime: Runtime, settings: Settings, gateway: Callable[[], StripeGateway]) -> TerminalAdministration:
    """The window's only way to the readers: permission-checked and audited (services/terminal.py)."""
    from oncopos.adapters import connection_checks as checks
    from oncopos.services.terminal import TerminalAdministration

    payer = None
    if settings.training:
        from oncopos.simulator.phone import pay_hosted_page

        payer = pay_hosted_page
    return TerminalAdministration(runtime.uow, gateway, clock=runtime.clock,
                                  gateway_for_key=lambda mode, key, base: checks.build_gateway(mode, key, base_url=base),
                                  key_checker=lambda gateway: checks.check_stripe_key(gateway)[0],
                                  reader_tester=checks.check_reader, hosted_page_payer=payer,
                                  training=settings.training)


def _build_sync(engine: Engine, settings: Settings, clock: Clock, secrets: SecretStore) -> CentralSync:
    """The synchronizer is also the pre-charge refresher (EnrollmentRefresher)."""
    from oncopos.adapters.sync import Synchronizer, SyncWorker

    assert settings.central_url is not None
    synchronizer: Synchronizer = Synchronizer(
        engine, settings.central_url, workstation_id=settings.workstation_id,
        invoice_series=settings.invoice_series, clock=clock, secrets=secrets,
    )
    return CentralSync(synchronizer, SyncWorker(synchronizer, clock=clock), synchronizer.otp_counters())


def _ensure_training_reader(gateway: StripeGateway) -> None:
    """One location and one simulated reader, as a school's first desk would have."""
    locations = gateway.list_locations()
    location = locations[0] if locations else gateway.create_location(
        "OncoOne Toronto (training)", line1="100 King Street West", city="Toronto", province="ON", postal_code="M5X 1A9"
    )
    if not gateway.list_readers(location.id):
        gateway.register_reader("simulated-wpe", location.id, "Front desk reader (training)")

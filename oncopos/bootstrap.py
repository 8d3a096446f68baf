"""The composition root: Settings in, a ready application context out. No Qt, no work at import.

The window (oncopos.ui) and the command line receive an `AppContext` and never build services
themselves, so tests can build the same context over a temporary database.
"""

from __future__ import annotations

import logging
import threading  # the gateway is built once even when two threads ask at start-up
from collections.abc import Callable
from dataclasses import dataclass, field
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
from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError
from oncopos.services.audit import AuditTrail
from oncopos.services.catalogue import CatalogueService
from oncopos.services.enrollments import EnrollmentService
from oncopos.services.invoices import InvoiceService
from oncopos.services.otp import OtpService
from oncopos.services.ports import Mailer
from oncopos.services.registration import RegistrationService
from oncopos.services.staff import StaffService
from oncopos.services.student_import import StudentImportService
from oncopos.services.students import StudentDirectory

if TYPE_CHECKING:
    from oncopos.adapters.stripe.gateway import StripeGateway
    from oncopos.adapters.sync import SyncWorker
    from oncopos.services.end_of_day import EndOfDayService
    from oncopos.services.eod_reconcile import DayReconciliation
    from oncopos.services.payments.service import PaymentService
    from oncopos.services.refunds.history import PaymentHistoryService
    from oncopos.services.refunds.service import RefundService
    from oncopos.services.sync import OverpaymentReview
    from oncopos.services.terminal import TerminalAdministration

log = logging.getLogger(__name__)


def training_settings(settings: Settings) -> Settings:
    """Training never touches real data, real money or real mailboxes."""
    return settings.model_copy(
        update={
            "training": True,
            "data_dir": settings.data_dir / "training",
            "db_url": None,  # the training database lives in the training folder
            "central_url": None,
            "mail_backend": "file",
            "stripe_mode": "simulator",
        }
    )


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    student_directory: StudentDirectory
    secrets: SecretStore
    staff: StaffService  # accounts, sign-in, overrides
    audit_trail: AuditTrail  # student views, the audit view, export and verify
    invoices: InvoiceService  # invoices, credit notes, receipts; print, email, reprint
    # --- registration at the desk and the catalogue ---
    registration: RegistrationService  # add and edit students, with duplicate checks
    catalogue: CatalogueService  # courses and sections (managers change them)
    enrollments: EnrollmentService  # enroll, withdraw, transfer, student credit
    student_import: StudentImportService  # the school's existing list (CSV), all or nothing
    clock: Clock = utc_now
    # Things started on behalf of the app (the training simulator, ...), stopped by close().
    _closers: list[Any] = field(default_factory=list)
    _gateway: StripeGateway | None = None
    simulator: Any = None  # the in-process simulator's handle, in training mode
    # --- email and one-time codes (built in build_context) ---
    mailer: Mailer | None = None  # MAIL_BACKEND: smtp, file (training inbox) or console
    mail_outbox: MailOutbox | None = None  # receipts and notices, delivered with retries
    otp: OtpService | None = None  # send_code / verify_code for the payment flow
    # --- the payment flow (payments() builds it on first use, with the gateway) ---
    # The sync wiring sets this to its refresher; None means "central database not configured".
    enrollment_refresher: Any = None
    _payments: Any = None
    # --- background sync with the central database; None without ONCOPOS_CENTRAL_URL ---
    # Built by build_context, started by the window (start()), stopped by close().
    sync_worker: SyncWorker | None = None
    # --- the settings file (settings screen, first-run assistant, export and import) ---
    settings_store: Any = None
    overpayment_review: OverpaymentReview | None = None  # managers settle overpayments
    # --- refunds (refunds() builds it on first use, with the gateway) and the payment history ---
    _refunds: Any = None
    _terminal: Any = None
    _gateway_lock: threading.Lock = field(default_factory=threading.Lock)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def on_close(self, stop: Callable[[], None]) -> None:
        """Run `stop` when the context closes (background threads started by the window)."""
        self._closers.append(stop)

    def gateway(self) -> StripeGateway:
        """The Stripe gateway, built on first use: commands that never pay never start a simulator."""
        if self._gateway is None:
            # the payment and refund start-up reconciliations build it from two worker threads
            # at once; without the lock, training would start two simulators and split the desk's data.
            with self._gateway_lock:
                if self._gateway is None:
                    self._gateway = _build_gateway(self)
        return self._gateway

    def payments(self) -> PaymentService:
        """The payment service, built on first use (it needs the gateway)."""
        if self._payments is None:
            self._payments = _build_payments(self)
        return self._payments

    def terminal(self) -> TerminalAdministration:
        """Readers and locations for the window and the assistant (built on first use; the gateway too)."""
        if self._terminal is None:
            self._terminal = _build_terminal(self)
        return self._terminal

    def refunds(self) -> RefundService:
        """The refund service, built on first use (it needs the gateway)."""
        if self._refunds is None:
            self._refunds = _build_refunds(self)
        return self._refunds

    def payment_history(self) -> PaymentHistoryService:
        """Payment history (database reads only; no gateway)."""
        from oncopos.services.refunds.history import PaymentHistoryService

        return PaymentHistoryService(self.uow, clock=self.clock, tz=self.settings.tz,
                                     workstation_id=self.settings.workstation_id)

    def end_of_day(self) -> EndOfDayService:
        """Day reports, close and reopen (database and PDFs only; no gateway)."""
        from oncopos.adapters.pdf.eod_report import EndOfDayRenderer
        from oncopos.adapters.pdf.store import FileDocumentStore
        from oncopos.services.end_of_day import EndOfDayService

        return EndOfDayService(self.uow, tz=self.settings.tz, clock=self.clock,
                               renderer=EndOfDayRenderer(self.settings.business_name),
                               store=FileDocumentStore(self.settings.documents_dir))

    def day_reconciliation(self) -> DayReconciliation:
        """A day's records against Stripe; the gateway is built when a reconciliation runs."""
        from oncopos.services.eod_reconcile import DayReconciliation

        return DayReconciliation(self.end_of_day(), self.uow, self.gateway, self.clock)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
        self.engine.dispose()


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
    # --- the CSV import enrolls through the same service the window uses ---
    enrollments = EnrollmentService(
        lambda: SqlUnitOfWork(factory), clock=clock, desk_province=settings.business_province, timezone=settings.tz,
        services_taxed_in_sk=settings.sk_pst_on_services, locale=settings.locale,
    )
    context = AppContext(
        settings=settings,
        engine=engine,
        session_factory=factory,
        student_directory=StudentDirectory(lambda: SqlUnitOfWork(factory)),
        secrets=secrets,
        staff=StaffService(
            lambda: SqlUnitOfWork(factory), workstation_id=settings.workstation_id, clock=clock, training=settings.training
        ),
        audit_trail=AuditTrail(lambda: SqlUnitOfWork(factory), clock=clock, tz=settings.tz,
                               workstation_id=settings.workstation_id),
        # the mailer is looked up when an invoice is sent (the mail wiring may set context.mailer).
        invoices=build_invoice_service(settings, lambda: SqlUnitOfWork(factory), clock, lambda: getattr(context, "mailer", None),
                                       lambda: getattr(context, "mail_outbox", None)),
        # ---
        registration=RegistrationService(
            lambda: SqlUnitOfWork(factory), clock=clock, series=settings.invoice_series, timezone=settings.tz
        ),
        catalogue=CatalogueService(lambda: SqlUnitOfWork(factory), clock=clock, locale=settings.locale),
        enrollments=enrollments,
        student_import=StudentImportService(
            lambda: SqlUnitOfWork(factory), clock=clock, series=settings.invoice_series, enrollments=enrollments
        ),
        clock=clock,
    )
    # --- email and one-time codes (nothing connects until a message is sent) ---
    context.mailer = build_mailer(settings, context.secrets, clock=clock)
    context.mail_outbox = MailOutbox(lambda: SqlUnitOfWork(factory), context.mailer, clock)
    context.otp = OtpService(lambda: SqlUnitOfWork(factory), context.mailer, settings, context.secrets, clock)
    # --- the per-machine settings file, saved and audited through this store ---
    from oncopos.services.settings_store import SettingsStore

    context.settings_store = SettingsStore(lambda: SqlUnitOfWork(factory), clock=clock)
    # --- sync with the central database (nothing connects until the worker runs) ---
    from oncopos.services.sync import OverpaymentReview

    context.overpayment_review = OverpaymentReview(lambda: SqlUnitOfWork(factory), clock)
    if settings.central_url and not settings.training:
        _build_sync(context)
    if settings.training and not is_seeded(factory):
        report = seed_demo(factory, desk_province=settings.business_province)
        log.info("training data seeded: %s", report)
    if settings.training:
        # the ready-made reg / mgr / admin accounts, in the training database only.
        context.staff.ensure_training_accounts()
    return context


def apply_settings(context: AppContext, settings: Settings) -> None:
    """Use saved settings without a restart where the services allow it.

    Email, one-time codes, invoices (business details, tax numbers) and the Stripe gateway and payment
    service are rebuilt; the gateway and payments are built again on their next use, so a payment
    already on screen finishes with what it started with. What the window and the sync worker took
    at start-up (oncopos.services.settings_store.RESTART_KEYS) waits for a restart.
    """
    if context.settings.training:
        return  # training runs on its own fixed settings
    keep = {name: getattr(context.settings, name) for name in ("training", "data_dir", "db_url", "workstation_id",
                                                             "invoice_series")}
    context.settings = settings = settings.model_copy(update=keep)
    uow_factory = context.uow
    context.mailer = build_mailer(settings, context.secrets, clock=context.clock)
    context.mail_outbox = MailOutbox(uow_factory, context.mailer, context.clock)
    shared = getattr(context.otp, "shared", None)  # the central counters, kept across a rebuild
    context.otp = OtpService(uow_factory, context.mailer, settings, context.secrets, context.clock)
    context.otp.shared = shared
    context.invoices = build_invoice_service(settings, uow_factory, context.clock, lambda: context.mailer,
                                             lambda: context.mail_outbox)
    context._gateway = None
    context._payments = None
    log.info("settings applied without a restart (workstation %s)", settings.workstation_id)


def build_invoice_service(
    settings: Settings, uow_factory: Any, clock: Clock, mailer: Any = lambda: None, outbox: Any = lambda: None
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


# Not a secret: the simulator accepts any sk_test_ key, and this one never leaves the machine.
TRAINING_STRIPE_KEY = "sk_test_training"


def _build_gateway(context: AppContext) -> StripeGateway:
    from oncopos.adapters.stripe.gateway import StripeGateway

    settings = context.settings
    common = dict(
        allow_full_secret_key=settings.allow_full_secret_key,
        payment_timeout_minutes=settings.payment_timeout_minutes,
        clock=context.clock,
    )
    if settings.training or settings.stripe_mode == "simulator":
        base_url = settings.stripe_api_base
        if base_url is None:
            base_url = _start_training_simulator(context)
        gateway = StripeGateway(TRAINING_STRIPE_KEY, base_url=base_url, mode="simulator", **common)
        if settings.training:
            _ensure_training_reader(gateway)
        return gateway
    key = context.secrets.get("stripe_api_key")
    if not key:
        raise ConfigurationError(
            "No Stripe key is set for this desk. An administrator sets it with: oncopos secrets set stripe_api_key "
            "(a restricted key, rk_live_... or rk_test_...)."
        )
    return StripeGateway(key, base_url=settings.stripe_api_base, mode=settings.stripe_mode, **common)


def _build_payments(context: AppContext) -> PaymentService:
    """Quote -> code -> charge -> record, over the gateway, codes, invoices and the mail outbox."""
    from oncopos.adapters.stripe.recovery import StripeIntentRecovery
    from oncopos.domain.enrollment import PaymentLimits
    from oncopos.services.emails import Business
    from oncopos.services.payments.mail import OutboxPaymentMail
    from oncopos.services.payments.ports import LocalOnlyRefresher
    from oncopos.services.payments.service import PaymentRules, PaymentService

    settings, gateway = context.settings, context.gateway()
    assert context.otp is not None and context.mail_outbox is not None and context.mailer is not None
    rules = PaymentRules(PaymentLimits(settings.min_payment_cents, settings.max_payment_cents), settings.workstation_id,
                         settings.payment_timeout_minutes, settings.business_name)
    return PaymentService(
        context.uow, gateway, context.otp, rules, clock=context.clock,
        refresher=context.enrollment_refresher or LocalOnlyRefresher(),
        recovery=StripeIntentRecovery(gateway, context.clock), invoices=context.invoices,
        mail=OutboxPaymentMail(context.mail_outbox.enqueue, context.mailer, Business.from_settings(settings)),
        # the synchronizer when a central database is set: readiness, and one desk per enrollment
        readiness=context.enrollment_refresher, claims=context.enrollment_refresher,
    )


def _build_refunds(context: AppContext) -> RefundService:
    """Refunds over the gateway (Refunds API, Interac on the reader), credit notes and the mail outbox."""
    from oncopos.adapters.stripe.refund_lookup import StripeRefundLookup
    from oncopos.services.emails import Business
    from oncopos.services.refunds.mail import OutboxRefundMail
    from oncopos.services.refunds.service import RefundRules, RefundService

    settings, gateway = context.settings, context.gateway()
    mail = OutboxRefundMail(context.mail_outbox.enqueue, Business.from_settings(settings)) if context.mail_outbox else None
    return RefundService(context.uow, gateway, StripeRefundLookup(gateway),
                         RefundRules(settings.workstation_id, locale=settings.locale), clock=context.clock,
                         invoices=context.invoices, mail=mail)



def _build_terminal(context: AppContext) -> TerminalAdministration:
    """The window's only way to the readers: permission-checked and audited (services/terminal.py)."""
    from oncopos.adapters import connection_checks as checks
    from oncopos.services.terminal import TerminalAdministration

    payer = None
    if context.settings.training:
        from oncopos.simulator.phone import pay_hosted_page

        payer = pay_hosted_page
    return TerminalAdministration(context.uow, context.gateway, clock=context.clock,
                                  gateway_for_key=lambda mode, key, base: checks.build_gateway(mode, key, base_url=base),
                                  key_checker=lambda gateway: checks.check_stripe_key(gateway)[0],
                                  reader_tester=checks.check_reader, hosted_page_payer=payer,
                                  training=context.settings.training)


def _build_sync(context: AppContext) -> None:
    """The synchronizer is also the pre-charge refresher (EnrollmentRefresher)."""
    from oncopos.adapters.sync import Synchronizer, SyncWorker

    settings = context.settings
    assert settings.central_url is not None
    sync = Synchronizer(
        context.engine, settings.central_url, workstation_id=settings.workstation_id,
        invoice_series=settings.invoice_series, clock=context.clock, secrets=context.secrets,
    )
    context.enrollment_refresher = sync
    context.audit_trail.central = sync.audit_copy()  # audit verify compares with the central copy
    context.staff.central = sync  # staff accounts: the central database is their one authority
    context.otp.shared = sync.otp_counters()  # code limits hold across desks
    context.sync_worker = SyncWorker(sync, clock=context.clock)
    # close() runs these last-in first: the worker stops before its connections are closed.
    context._closers.append(sync.close)
    context._closers.append(context.sync_worker.stop)


def _start_training_simulator(context: AppContext) -> str:
    from oncopos.simulator import start_simulator

    handle = start_simulator(0, api_key=TRAINING_STRIPE_KEY)
    context.simulator = handle
    context._closers.append(handle.stop)
    return handle.url


def _ensure_training_reader(gateway: StripeGateway) -> None:
    """One location and one simulated reader, as a school's first desk would have."""
    locations = gateway.list_locations()
    location = locations[0] if locations else gateway.create_location(
        "OncoOne Toronto (training)", line1="100 King Street West", city="Toronto", province="ON", postal_code="M5X 1A9"
    )
    if not gateway.list_readers(location.id):
        gateway.register_reader("simulated-wpe", location.id, "Front desk reader (training)")

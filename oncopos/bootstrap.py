"""The composition root: Settings in, a ready application context out. No Qt, no work at import.

The window (oncopos.ui) and the command line receive an `AppContext` and never build services
themselves, so tests can build the same context over a temporary database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.engine import make_engine, redact
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.seed import is_seeded, seed_demo
from oncopos.adapters.db.session import Clock, make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.secrets import KeyringSecretStore, MemorySecretStore, SecretStore
from oncopos.config import Settings
from oncopos.domain.errors import ConfigurationError
from oncopos.services.students import StudentDirectory

if TYPE_CHECKING:
    from oncopos.adapters.stripe.gateway import StripeGateway

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
    clock: Clock = utc_now
    # Things started on behalf of the app (the training simulator, ...), stopped by close().
    _closers: list[Any] = field(default_factory=list)
    _gateway: StripeGateway | None = None
    simulator: Any = None  # the in-process simulator's handle, in training mode

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def gateway(self) -> StripeGateway:
        """The Stripe gateway, built on first use: commands that never pay never start a simulator."""
        if self._gateway is None:
            self._gateway = _build_gateway(self)
        return self._gateway

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
        self.engine.dispose()


def build_context(settings: Settings, *, clock: Clock = utc_now, migrate: bool = True) -> AppContext:
    engine = make_engine(settings.database_url)
    if migrate:
        revision = upgrade(engine)
        log.info("database %s at revision %s", redact(settings.database_url), revision)
    factory = make_session_factory(engine, workstation_id=settings.workstation_id, clock=clock)
    context = AppContext(
        settings=settings,
        engine=engine,
        session_factory=factory,
        student_directory=StudentDirectory(lambda: SqlUnitOfWork(factory)),
        secrets=MemorySecretStore() if settings.training else KeyringSecretStore(),
        clock=clock,
    )
    if settings.training and not is_seeded(factory):
        report = seed_demo(factory, desk_province=settings.business_province)
        log.info("training data seeded: %s", report)
    return context


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

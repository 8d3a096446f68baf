"""Desks that take real payments (simulator, real SDK) on their own SQLite file, synced with a
real central PostgreSQL: for reinstalled, restored and racing desks."""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.sync import Synchronizer
from oncopos.domain.access import Actor, Role
from oncopos.services.payments.records import PaymentView
from tests.integration.payment_fixtures import Desk, build_desk
from tests.payment_support import add_enrollment

_desks = itertools.count()


@dataclass
class PayingDesk:
    name: str
    path: Path
    engine: Engine
    sync: Synchronizer
    desk: Desk
    actor: Actor

    def enrollment(self, price_cents: int = 40_000) -> uuid.UUID:
        return add_enrollment(self.desk.factory, price_cents=price_cents)

    def start(self, enrollment_id: uuid.UUID, amount_cents: int) -> uuid.UUID:
        """Quote and confirm by code: ready to charge."""
        service = self.desk.service
        view = service.start(self.actor, enrollment_id, amount_cents)
        self.desk.code_clock.offset += timedelta(minutes=1)
        service.send_code(self.actor, view.id)
        service.confirm_code(self.actor, view.id, self.desk.mailer.last_code())
        return view.id

    def charge(self, payment_id: uuid.UUID) -> PaymentView:
        return self.desk.service.charge_on_reader(self.actor, payment_id, self.desk.reader.id)

    def finish(self, payment_id: uuid.UUID) -> PaymentView:
        self.desk.service.gateway.present_test_card(self.desk.reader.id)
        for _ in range(40):
            view = self.desk.service.poll(self.actor, payment_id)
            if view.final:
                return view
        raise AssertionError(f"payment {payment_id} never finished")

    def pay(self, enrollment_id: uuid.UUID, amount_cents: int = 45_200) -> PaymentView:
        payment_id = self.start(enrollment_id, amount_cents)
        self.charge(payment_id)
        return self.finish(payment_id)

    def close(self) -> None:
        self.sync.close()
        self.engine.dispose()


def paying_desk(tmp_path: Path, file: str, name: str, central_url: str, gateway: Any, reader: Any, simulator: Any,
                *, role: Role = Role.REGISTRAR, fresh: bool = True) -> PayingDesk:
    """A desk on tmp_path/file (migrated; `fresh=False` keeps what the file holds, e.g. a restored copy)."""
    path = tmp_path / file
    if fresh:
        assert not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    sync = Synchronizer(engine, central_url, workstation_id=name, invoice_series=name, clock=utc_now,
                        quiet_after_failure=0.0)
    parts = build_desk(engine, gateway, tmp_path / f"{name}-documents", refresher=sync, readiness=sync, workstation=name)
    desk = Desk(*parts, reader, simulator)
    # Each desk's code clock starts past the previous one's: the per-student send spacing counts
    # the codes any desk sent, and these desks take turns with one student.
    desk.code_clock.offset = timedelta(minutes=10 * next(_desks))
    return PayingDesk(name, path, engine, sync, desk, Actor(None, f"rita-{name.lower()}", role, name))


def backup_copy(source: Path, target: Path) -> None:
    """What a nightly backup holds: a consistent copy of the live file (SQLite's online backup)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def invoice_numbers(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.scalars(sa.select(Invoice.number)))


def succeeded_payments(engine: Engine) -> list[uuid.UUID]:
    with engine.connect() as conn:
        return sorted(conn.scalars(sa.select(Payment.id).where(Payment.status == "succeeded")))

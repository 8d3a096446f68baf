"""Desks as separate SQLite files, a few realistic rows, and a loopback proxy that can cut the
connection to the central PostgreSQL whenever a test says so."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.base import Base
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.adapters.sync import Synchronizer
from oncopos.adapters.sync.central_guard import register_desk

_numbers = itertools.count(1)


@dataclass
class Desk:
    name: str
    engine: Engine
    factory: sessionmaker[Session]
    sync: Synchronizer

    def add(self, *rows: Any) -> None:
        with self.factory() as session, session.begin():
            session.add_all(rows)

    def edit(self, model: type, row_id: uuid.UUID, **changes: Any) -> None:
        with self.factory() as session, session.begin():
            row = session.get(model, row_id)
            assert row is not None
            for key, value in changes.items():
                setattr(row, key, value)

    def get(self, model: type, row_id: uuid.UUID) -> Any:
        with self.factory() as session:
            return session.get(model, row_id)

    def count(self, model: type, *where: Any) -> int:
        with self.factory() as session:
            return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0

    def pending(self) -> int:
        return self.count(OutboxEntry, OutboxEntry.sent_at.is_(None))

    def snapshot(self, tables: tuple[str, ...]) -> dict[str, set[tuple[Any, ...]]]:
        return snapshot(self.engine, tables)


def make_desk(
    tmp_path: Path, name: str, central_url: str, clock: Any, *, series: str | None = None,
    audit_key: AuditChainKey | None = None, **options: Any,
) -> Desk:
    """A desk that signs in to the central database with its own login (as `oncopos central
    add-desk` makes one), its password in the desk's secret store only."""
    engine = make_engine(f"sqlite:///{tmp_path / (name + '.sqlite3')}")
    upgrade(engine)
    factory = make_session_factory(engine, workstation_id=name, clock=clock, audit_key=audit_key)
    url, secrets = desk_login(central_url, name)
    options.setdefault("secrets", secrets)
    sync = Synchronizer(engine, url, workstation_id=name, invoice_series=series or name, clock=clock,
                        quiet_after_failure=0.0, **options)
    return Desk(name, engine, factory, sync)


def desk_login(central_url: str, name: str) -> tuple[str, MemorySecretStore]:
    """Register the desk at the central database as its administrator would; the URL without a
    password and a secret store holding it. A central database that is down or not migrated yet
    is used with the URL as given (the tests of those cases)."""
    owner = sa.create_engine(central_url, connect_args={"connect_timeout": 3})
    try:
        with owner.connect() as conn:
            migrated = conn.scalar(sa.text("SELECT to_regclass('audit_events')")) is not None
        if not migrated:
            return central_url, MemorySecretStore()
        credential = register_desk(owner, name)
    except sa.exc.OperationalError:
        return central_url, MemorySecretStore()
    finally:
        owner.dispose()
    url = make_url(central_url).set(username=credential.role, password=None).render_as_string(hide_password=False)
    return url, MemorySecretStore({"central_db_password": credential.password})


def snapshot(engine: Engine, tables: tuple[str, ...]) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of these tables, as comparable tuples (what "identical content" means)."""
    result = {}
    with engine.connect() as conn:
        for name in tables:
            table = Base.metadata.tables[name]  # the models' types: aware UTC times on both databases
            cols = sorted(c.name for c in table.columns)
            result[name] = {tuple(repr(row._mapping[c]) for c in cols) for row in conn.execute(sa.select(table))}
    return result


def course_and_section(price_cents: int = 100_000) -> tuple[Course, Section]:
    n = next(_numbers)
    course = Course(id=uuid.uuid4(), code=f"C{n:04d}", name=f"Oncology aesthetics {n}", kind="program",
                    price_cents=price_cents, supply_kind="service", tax_treatment="exempt", tax_basis="ETA V-III-8")
    section = Section(id=uuid.uuid4(), course_id=course.id, code=f"C{n:04d}-2701-1", start_date=date(2027, 1, 12),
                      end_date=date(2027, 3, 20), location="Toronto")
    return course, section


def student(first: str = "Émilie", last: str = "Bérubé-Lévesque") -> Student:
    n = next(_numbers)
    return Student(id=uuid.uuid4(), student_number=f"T{n:06d}", first_name=first, last_name=last,
                   email=f"student{n}@example.ca", phone="+14165550123", preferred_language="fr")


def enrollment(student_row: Student, section: Section, total_cents: int = 100_000) -> Enrollment:
    return Enrollment(id=uuid.uuid4(), student_id=student_row.id, section_id=section.id, status="active",
                      enrolled_at=datetime(2026, 11, 20, 15, tzinfo=UTC), price_cents=total_cents, tax_cents=0,
                      total_cents=total_cents, supply_kind="service", tax_treatment="exempt", tax_province="ON")


def payment(enrollment_row: Enrollment, amount_cents: int, desk: str, status: str = "succeeded") -> Payment:
    return Payment(id=uuid.uuid4(), enrollment_id=enrollment_row.id, workstation_id=desk, amount_cents=amount_cents,
                   method="reader", status=status, idempotency_key=f"pay-{uuid.uuid4()}", card_brand="visa",
                   card_last4="4242")


class CuttableProxy:
    """127.0.0.1:port -> the PostgreSQL server, with `cut()` (drop every connection, refuse new
    ones: the network is down) and `restore()`."""

    def __init__(self, target_url: str) -> None:
        url = make_url(target_url)
        self.target = (url.host or "127.0.0.1", url.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = url.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        self._up = True
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            self._up = False
            for sock in self._sockets:
                _hang_up(sock)
            self._sockets.clear()

    def restore(self) -> None:
        with self._lock:
            self._up = True

    def close(self) -> None:
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if not self._up:
                    client.close()
                    continue
                try:
                    server = socket.create_connection(self.target)
                except OSError:
                    client.close()
                    continue
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _hang_up(source)
            _hang_up(sink)


def _hang_up(sock: socket.socket) -> None:
    # shutdown() before close(): a close() while another thread is blocked in recv() on the same
    # socket sends nothing, and the server would wait forever with its transaction open.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()

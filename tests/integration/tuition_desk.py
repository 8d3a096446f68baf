"""The year-end desk for tests: the real tuition-slip service over one database, with the real SIN
cipher (a memory keyring), the real PDF renderer, CRA's XML writer and the mail outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.cra.t2202_xml import Filer, T2202ReturnWriter, school_address
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.tuition_slip import TuitionSlipRenderer
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.adapters.secrets.sin_cipher import SinCipher
from oncopos.domain.access import Actor, Role
from oncopos.services.emails import Business
from oncopos.services.plan_emails import tuition_slip_email
from oncopos.services.ports import OutgoingEmail
from oncopos.services.tuition_slips import TuitionSlipService
from tests.conftest import FixedClock

TZ = ZoneInfo("America/Toronto")
MANAGER = Actor(staff_id=None, username="mona", role=Role.MANAGER, workstation_id="DESK1")
REGISTRAR = Actor(staff_id=None, username="rita", role=Role.REGISTRAR, workstation_id="DESK1")
ADDRESS = "100 King Street West, Suite 500, Toronto ON  M5X 1A9"
BUSINESS = Business(name="OncoOne Education", email="accounts@oncoone.example", phone="+1 416-555-0100",
                    address=ADDRESS)
FILER = Filer(account_number="123456789RZ0001", name="OncoOne Education", address=school_address(ADDRESS, "ON"),
              contact_name="Ada Registrar", contact_phone="+1 416-555-0100", contact_email="accounts@oncoone.example")


class Sent:
    def __init__(self) -> None:
        self.messages: list[OutgoingEmail] = []

    def send(self, message: OutgoingEmail) -> None:
        self.messages.append(message)


@dataclass
class YearEndDesk:
    factory: sessionmaker[Session]
    clock: FixedClock
    secrets: MemorySecretStore
    service: TuitionSlipService
    outbox: MailOutbox
    sent: Sent

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.factory)


def year_end_desk(engine: Engine, *, now: datetime = datetime(2027, 1, 20, 15, tzinfo=UTC)) -> YearEndDesk:
    clock = FixedClock(now)
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    secrets = MemorySecretStore()
    sent = Sent()
    outbox = MailOutbox(lambda: SqlUnitOfWork(factory), sent, clock)

    def email(slip: Any, pdf: bytes, to: str) -> OutgoingEmail:
        return tuition_slip_email(business=BUSINESS, to=to, language=slip.recipient.language,
                                  student_name=slip.recipient.name, year=slip.year, fees_cents=slip.figures.fees_cents,
                                  part_time_months=slip.figures.part_time_months,
                                  full_time_months=slip.figures.full_time_months, amended=slip.replaces_id is not None,
                                  pdf=pdf, filename=f"t2202-{slip.year}.pdf")

    service = TuitionSlipService(
        lambda: SqlUnitOfWork(factory), clock=clock, timezone=TZ, vault=SinCipher(secrets),
        writer=lambda: T2202ReturnWriter(FILER),
        renderer=TuitionSlipRenderer(school_name=BUSINESS.name, school_address=ADDRESS, account=FILER.account_number,
                                     timezone="America/Toronto"),
        workstation_id="DESK1", enqueue=outbox.enqueue, email=email)
    return YearEndDesk(factory, clock, secrets, service, outbox, sent)

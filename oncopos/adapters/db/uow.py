"""The unit of work: one transaction, rolled back unless `commit()` is called."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.repositories.approvals import ApprovalRepository  # managers' approvals
from oncopos.adapters.db.repositories.audit import AuditRepository
from oncopos.adapters.db.repositories.audit_read import AuditReader  # audit view and verify
from oncopos.adapters.db.repositories.books import BooksRepository  # the accountant's reads
from oncopos.adapters.db.repositories.catalogue import CatalogueRepository  # catalogue
from oncopos.adapters.db.repositories.end_of_day import EndOfDayRepository  # end of day
from oncopos.adapters.db.repositories.enrollment_records import EnrollmentRecordRepository
from oncopos.adapters.db.repositories.invoices import InvoiceRepository  # invoices
from oncopos.adapters.db.repositories.mail_outbox import MailOutboxRepository  # mail
from oncopos.adapters.db.repositories.otp import OtpRepository  # one-time codes
from oncopos.adapters.db.repositories.overpayments import OverpaymentRepository  # overpayment flags
from oncopos.adapters.db.repositories.payment_history import PaymentHistoryRepository
from oncopos.adapters.db.repositories.payments import PaymentRepository
from oncopos.adapters.db.repositories.plans import PlanRepository  # instalment plans
from oncopos.adapters.db.repositories.refunds import RefundRepository  # refunds
from oncopos.adapters.db.repositories.staff import StaffRepository  # staff accounts
from oncopos.adapters.db.repositories.statements import StatementRepository  # account statements
from oncopos.adapters.db.repositories.student_records import StudentRecordRepository
from oncopos.adapters.db.repositories.students import StudentRepository
from oncopos.adapters.db.repositories.tenders import TenderRepository, TillRepository  # tenders by hand, drawer
from oncopos.adapters.db.repositories.tuition import TuitionRepository  # T2202 slips
from oncopos.services.ports import UnitOfWork


class SqlUnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.students = StudentRepository(self.session)
        self.student_records = StudentRecordRepository(self.session)  # add/edit students
        self.catalogue = CatalogueRepository(self.session)  # courses and sections
        self.enrollment_records = EnrollmentRecordRepository(self.session)  # enroll, withdraw, credit
        self.staff = StaffRepository(self.session)  # staff accounts
        self.approvals = ApprovalRepository(self.session)  # managers' approvals of one action
        self.audit = AuditRepository(self.session)
        self.audit_log = AuditReader(self.session)  # reads the trail (never writes)
        self.otp = OtpRepository(self.session)  # one-time codes and lockouts
        self.mail_outbox = MailOutboxRepository(self.session)  # mail waiting to go out
        self.payments = PaymentRepository(self.session)  # payment flow and journal
        self.invoices = InvoiceRepository(self.session)  # invoices and credit notes
        self.refunds = RefundRepository(self.session)  # refunds and the Dashboard sweep cursor
        self.payment_history = PaymentHistoryRepository(self.session)  # payment history (reads only)
        self.end_of_day = EndOfDayRepository(self.session)  # day reports and closures
        self.books = BooksRepository(self.session)  # journal and payout statement (reads only)
        self.overpayments = OverpaymentRepository(self.session)  # flags raised by the central database
        self.tenders = TenderRepository(self.session)  # cash, cheque and e-Transfer details
        self.till = TillRepository(self.session)  # cash drawer sessions and movements
        self.plans = PlanRepository(self.session)  # plan templates, plans and their lines
        self.statements = StatementRepository(self.session)  # a student's money facts (reads only)
        self.tuition = TuitionRepository(self.session)  # T2202: studies of a year, tax details, slips, returns
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.session is not None
        # Rolling back what was not committed is the safe default where money is concerned.
        self.session.rollback()
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()


if TYPE_CHECKING:
    def _satisfies_the_port(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow  # mypy fails here when a repository drifts from its protocol in services/stores.py

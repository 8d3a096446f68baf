"""The unit of work: one transaction, rolled back unless `commit()` is called."""

from __future__ import annotations

from functools import cached_property
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
        return self

    # Each repository is made when a step first uses it: a step uses two or three of them, and making
    # all of them for every transaction cost more than some of the reads they serve.
    @cached_property
    def students(self) -> StudentRepository:
        return StudentRepository(self._open())

    @cached_property
    def student_records(self) -> StudentRecordRepository:  # add/edit students
        return StudentRecordRepository(self._open())

    @cached_property
    def catalogue(self) -> CatalogueRepository:  # courses and sections
        return CatalogueRepository(self._open())

    @cached_property
    def enrollment_records(self) -> EnrollmentRecordRepository:  # enroll, withdraw, credit
        return EnrollmentRecordRepository(self._open())

    @cached_property
    def staff(self) -> StaffRepository:  # staff accounts
        return StaffRepository(self._open())

    @cached_property
    def approvals(self) -> ApprovalRepository:  # managers' approvals of one action
        return ApprovalRepository(self._open())

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self._open())

    @cached_property
    def audit_log(self) -> AuditReader:  # reads the trail (never writes)
        return AuditReader(self._open())

    @cached_property
    def otp(self) -> OtpRepository:  # one-time codes and lockouts
        return OtpRepository(self._open())

    @cached_property
    def mail_outbox(self) -> MailOutboxRepository:  # mail waiting to go out
        return MailOutboxRepository(self._open())

    @cached_property
    def payments(self) -> PaymentRepository:  # payment flow and journal
        return PaymentRepository(self._open())

    @cached_property
    def invoices(self) -> InvoiceRepository:  # invoices and credit notes
        return InvoiceRepository(self._open())

    @cached_property
    def refunds(self) -> RefundRepository:  # refunds and the Dashboard sweep cursor
        return RefundRepository(self._open())

    @cached_property
    def payment_history(self) -> PaymentHistoryRepository:  # payment history (reads only)
        return PaymentHistoryRepository(self._open())

    @cached_property
    def end_of_day(self) -> EndOfDayRepository:  # day reports and closures
        return EndOfDayRepository(self._open())

    @cached_property
    def books(self) -> BooksRepository:  # journal and payout statement (reads only)
        return BooksRepository(self._open())

    @cached_property
    def overpayments(self) -> OverpaymentRepository:  # flags raised by the central database
        return OverpaymentRepository(self._open())

    @cached_property
    def tenders(self) -> TenderRepository:  # cash, cheque and e-Transfer details
        return TenderRepository(self._open())

    @cached_property
    def till(self) -> TillRepository:  # cash drawer sessions and movements
        return TillRepository(self._open())

    @cached_property
    def plans(self) -> PlanRepository:  # plan templates, plans and their lines
        return PlanRepository(self._open())

    @cached_property
    def statements(self) -> StatementRepository:  # a student's money facts (reads only)
        return StatementRepository(self._open())

    @cached_property
    def tuition(self) -> TuitionRepository:  # T2202: studies of a year, tax details, slips, returns
        return TuitionRepository(self._open())

    def _open(self) -> Session:
        assert self.session is not None, "a repository is used inside `with uow:` only"
        return self.session

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.session is not None
        # Rolling back what was not committed is the safe default where money is concerned.
        self.session.rollback()
        self.session.close()
        self.session = None
        for name in _REPOSITORIES:
            self.__dict__.pop(name, None)  # made on this session: a next `with` makes its own

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()


_REPOSITORIES = tuple(name for name, member in vars(SqlUnitOfWork).items() if isinstance(member, cached_property))


if TYPE_CHECKING:
    def _satisfies_the_port(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow  # mypy fails here when a repository drifts from its protocol in services/stores.py

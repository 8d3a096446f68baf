"""The unit of work: one transaction, rolled back unless `commit()` is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.repositories.audit import AuditRepository
from oncopos.adapters.db.repositories.audit_read import AuditReader  # issue 7: audit view and verify
from oncopos.adapters.db.repositories.invoices import InvoiceRepository  # issue 6: invoices
from oncopos.adapters.db.repositories.mail_outbox import MailOutboxRepository  # issue 5: mail
from oncopos.adapters.db.repositories.otp import OtpRepository  # issue 5: one-time codes
from oncopos.adapters.db.repositories.payments import PaymentRepository  # issue 5
from oncopos.adapters.db.repositories.students import StudentRepository
from oncopos.adapters.db.repositories.catalogue import CatalogueRepository  # issue 4: catalogue
from oncopos.adapters.db.repositories.enrollment_records import EnrollmentRecordRepository  # issue 4
from oncopos.adapters.db.repositories.student_records import StudentRecordRepository  # issue 4
from oncopos.adapters.db.repositories.staff import StaffRepository  # issue 7: staff accounts
from oncopos.adapters.db.repositories.refunds import RefundRepository  # issue 9: refunds
from oncopos.adapters.db.repositories.payment_history import PaymentHistoryRepository  # issue 9
from oncopos.adapters.db.repositories.end_of_day import EndOfDayRepository  # issue 11: end of day
from oncopos.adapters.db.repositories.overpayments import OverpaymentRepository  # issue 10: overpayment flags


class SqlUnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.students = StudentRepository(self.session)
        self.student_records = StudentRecordRepository(self.session)  # issue 4: add/edit students
        self.catalogue = CatalogueRepository(self.session)  # issue 4: courses and sections
        self.enrollment_records = EnrollmentRecordRepository(self.session)  # issue 4: enroll, withdraw, credit
        self.staff = StaffRepository(self.session)  # issue 7: staff accounts
        self.audit = AuditRepository(self.session)
        self.audit_log = AuditReader(self.session)  # issue 7: reads the trail (never writes)
        self.otp = OtpRepository(self.session)  # issue 5: one-time codes and lockouts
        self.mail_outbox = MailOutboxRepository(self.session)  # issue 5: mail waiting to go out
        self.payments = PaymentRepository(self.session)  # issue 5: payment flow and journal
        self.invoices = InvoiceRepository(self.session)  # issue 6: invoices and credit notes
        self.refunds = RefundRepository(self.session)  # issue 9: refunds and the Dashboard sweep cursor
        self.payment_history = PaymentHistoryRepository(self.session)  # issue 9: payment history (reads only)
        self.end_of_day = EndOfDayRepository(self.session)  # issue 11: day reports and closures
        self.overpayments = OverpaymentRepository(self.session)  # issue 10: flags raised by the central database
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

"""What the unit of work's repositories offer the services, one protocol per repository: students,
registration, catalogue, staff, audit, one-time codes, mail, overpayments. The money side is in
money_stores.py; `ports.UnitOfWork` names them all and `SqlUnitOfWork` satisfies it (mypy checks)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from oncopos.domain.access import Actor, Role
from oncopos.domain.audit import AuditEntry, AuditQuery, ChainEvent
from oncopos.domain.catalogue import CourseDetails, SectionDetails
from oncopos.domain.ledger import EnrollmentLedger
from oncopos.domain.otp import FailureRecord
from oncopos.domain.staff import StaffAccount, StaffCredentials
from oncopos.domain.student_record import StudentDetails
from oncopos.services.otp_records import Challenge, CodeRecipient
from oncopos.services.ports import OutboxStatus, OutgoingEmail, QueuedEmail
from oncopos.services.records import EnrollmentSummary, OverpaymentView, StudentSummary
from oncopos.services.registration_records import CourseView, CreditEntry, EnrollmentRecord, SectionView, StudentRecord
from oncopos.services.tuition_records import NewSlip, ReturnRecord, SlipRecord, SlipStudent, StudyFacts, TaxDetails


class StudentStore(Protocol):
    """`uow.students`: oncopos.adapters.db.repositories.students.StudentRepository."""

    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]: ...

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


class StudentRecordStore(Protocol):
    """`uow.student_records`: oncopos.adapters.db.repositories.student_records.StudentRecordRepository."""

    def lock_numbering(self, series: str) -> None: ...

    def next_student_number(self, series: str) -> str: ...

    def add(self, details: StudentDetails, student_number: str) -> StudentRecord: ...

    def get_record(self, student_id: uuid.UUID) -> StudentRecord | None: ...

    def update(
        self, student_id: uuid.UUID, details: StudentDetails
    ) -> tuple[StudentRecord, dict[str, dict[str, object]]]: ...

    def likely_duplicates(
        self,
        *,
        email: str,
        first_name: str,
        last_name: str,
        phone: str | None,
        exclude: uuid.UUID | None = ...,
        limit: int = ...,
    ) -> list[StudentSummary]: ...


class CatalogueStore(Protocol):
    """`uow.catalogue`: oncopos.adapters.db.repositories.catalogue.CatalogueRepository."""

    def courses(self, *, include_inactive: bool = ...) -> list[CourseView]: ...

    def course(self, course_id: uuid.UUID, *, for_update: bool = ...) -> CourseView | None: ...

    def course_by_code(self, code: str) -> CourseView | None: ...

    def add_course(self, details: CourseDetails) -> CourseView: ...

    def update_course(
        self, course_id: uuid.UUID, details: CourseDetails
    ) -> tuple[CourseView, dict[str, dict[str, object]]]: ...

    def section(self, section_id: uuid.UUID) -> SectionView | None: ...

    def section_by_code(self, code: str) -> SectionView | None: ...

    def add_section(self, course_id: uuid.UUID, details: SectionDetails) -> SectionView: ...

    def update_section(
        self, section_id: uuid.UUID, details: SectionDetails
    ) -> tuple[SectionView, dict[str, dict[str, object]]]: ...

    def seats_taken(self, section_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]: ...

    def sections(self, course_id: uuid.UUID, *, not_ended_on: date | None = ...) -> list[SectionView]: ...


class EnrollmentRecordStore(Protocol):
    """`uow.enrollment_records`: oncopos.adapters.db.repositories.enrollment_records.EnrollmentRecordRepository."""

    def lock_sections(self, *section_ids: uuid.UUID) -> None: ...

    def seats_taken(self, section_id: uuid.UUID) -> int: ...

    def get(self, enrollment_id: uuid.UUID) -> EnrollmentRecord | None: ...

    def holding_in_course(self, student_id: uuid.UUID, course_id: uuid.UUID) -> EnrollmentRecord | None: ...

    def add(self, **values: Any) -> uuid.UUID: ...

    def set_status(self, enrollment_id: uuid.UUID, status: str) -> None: ...

    def move(self, enrollment_id: uuid.UUID, section_id: uuid.UUID) -> None: ...

    def ledger(self, enrollment_id: uuid.UUID) -> EnrollmentLedger: ...

    def payments_in_flight(self, enrollment_id: uuid.UUID) -> int: ...

    def add_change(self, **values: Any) -> uuid.UUID: ...

    def add_credit(
        self,
        student_id: uuid.UUID,
        amount_cents: int,
        kind: str,
        *,
        at: datetime,
        enrollment_id: uuid.UUID | None = ...,
        change_id: uuid.UUID | None = ...,
        note: str = ...,
    ) -> uuid.UUID: ...

    def credit_balance(self, student_id: uuid.UUID) -> int: ...

    def credit_entries(self, student_id: uuid.UUID) -> list[CreditEntry]: ...


class StaffStore(Protocol):
    """`uow.staff`: oncopos.adapters.db.repositories.staff.StaffRepository."""

    def count(self) -> int: ...

    def exists(self, username: str) -> bool: ...

    def add(self, *, username: str, display_name: str, role: Role, password_hash: str) -> StaffAccount: ...

    def credentials(self, username: str, *, for_update: bool = ...) -> StaffCredentials | None: ...

    def credentials_by_id(self, staff_id: uuid.UUID, *, for_update: bool = ...) -> StaffCredentials | None: ...

    def get(self, staff_id: uuid.UUID) -> StaffAccount | None: ...

    def list(self) -> list[StaffAccount]: ...

    def names(self) -> dict[uuid.UUID, str]: ...

    def record_failure(self, staff_id: uuid.UUID, failures: int, locked_until: datetime | None) -> None: ...

    def record_success(self, staff_id: uuid.UUID) -> None: ...

    def language(self, staff_id: uuid.UUID) -> str | None: ...
    def set_language(self, staff_id: uuid.UUID, language: str | None) -> None: ...
    def set_password_hash(self, staff_id: uuid.UUID, password_hash: str) -> None: ...

    def set_active(self, staff_id: uuid.UUID, active: bool) -> None: ...

    def count_active(self, role: Role) -> int: ...


class ApprovalStore(Protocol):
    """`uow.approvals`: oncopos.adapters.db.repositories.approvals.ApprovalRepository."""

    def add(
        self,
        *,
        id: uuid.UUID,
        staff_id: uuid.UUID,
        approver_id: uuid.UUID,
        permission: str,
        subject: str | None,
        reason: str,
        workstation_id: str,
        approved_at: datetime,
        expires_at: datetime,
    ) -> None: ...

    def use(
        self,
        id: uuid.UUID,
        *,
        staff_id: uuid.UUID,
        approver_id: uuid.UUID,
        permission: str,
        subject: str | None,
        at: datetime,
    ) -> bool: ...


class AuditStore(Protocol):
    """`uow.audit`: oncopos.adapters.db.repositories.audit.AuditRepository."""

    def record(
        self,
        actor: Actor,
        action: str,
        *,
        at: datetime,
        subject_type: str | None = ...,
        subject_id: str | uuid.UUID | None = ...,
        details: dict[str, Any] | None = ...,
    ) -> uuid.UUID: ...


class AuditTrailReader(Protocol):
    """`uow.audit_log`: oncopos.adapters.db.repositories.audit_read.AuditReader."""

    def workstations(self) -> list[str]: ...

    def head(self, workstation_id: str) -> tuple[int, str] | None: ...

    def chain(self, workstation_id: str) -> Iterator[ChainEvent]: ...

    @staticmethod
    def digest(event: Any) -> str: ...

    def digest_for(self, workstation_id: str) -> Callable[[Any], str]: ...

    def keyed(self) -> bool: ...

    def actions(self) -> list[str]: ...

    def search(self, query: AuditQuery) -> list[AuditEntry]: ...


class OtpStore(Protocol):
    """`uow.otp`: oncopos.adapters.db.repositories.otp.OtpRepository."""

    def recipient(self, enrollment_id: uuid.UUID) -> CodeRecipient | None: ...

    def create(
        self,
        *,
        challenge_id: uuid.UUID,
        student_id: uuid.UUID,
        enrollment_id: uuid.UUID,
        payment_id: uuid.UUID | None,
        email: str,
        amount_cents: int,
        code_hmac: str,
        created_at: datetime,
        expires_at: datetime,
        staff_id: uuid.UUID | None,
        workstation_id: str,
    ) -> None: ...

    def get(self, challenge_id: uuid.UUID, *, for_update: bool = ...) -> Challenge | None: ...

    def set_status(self, challenge_id: uuid.UUID, status: str, *, confirmed_at: datetime | None = ...) -> None: ...

    def count_failed_attempt(self, challenge_id: uuid.UUID) -> int: ...

    def supersede_pending(self, student_id: uuid.UUID) -> list[uuid.UUID]: ...

    def sends_since(
        self, since: datetime, *, student_id: uuid.UUID | None = ..., workstation_id: str | None = ...
    ) -> list[datetime]: ...

    def sends_by_student_and_desk(self, since: datetime, student_id: uuid.UUID) -> tuple[list[datetime], list[datetime]]: ...

    def failures(self, student_id: uuid.UUID, *, for_update: bool = ...) -> FailureRecord: ...

    def save_failures(self, student_id: uuid.UUID, record: FailureRecord, *, at: datetime) -> None: ...


class MailOutboxStore(Protocol):
    """`uow.mail_outbox`: oncopos.adapters.db.repositories.mail_outbox.MailOutboxRepository."""

    def add(self, message: OutgoingEmail, *, kind: str, at: datetime) -> uuid.UUID: ...

    def due(self, now: datetime, limit: int) -> list[QueuedEmail]: ...

    def mark_sent(self, message_id: uuid.UUID, *, at: datetime) -> None: ...

    def mark_failed(self, message_id: uuid.UUID, *, error: str, retry_at: datetime | None) -> int: ...

    def retry_failed(self, *, now: datetime) -> int: ...

    def purge_sent(self, before: datetime) -> int: ...

    def status(self) -> OutboxStatus: ...


class OverpaymentStore(Protocol):
    """`uow.overpayments`: oncopos.adapters.db.repositories.overpayments.OverpaymentRepository."""

    def open_flags(self) -> list[OverpaymentView]: ...

    def detected_between(self, start: datetime, end: datetime) -> list[OverpaymentView]: ...

    def get(self, flag_id: uuid.UUID) -> OverpaymentView | None: ...

    def resolve(self, flag_id: uuid.UUID, *, at: datetime, by: uuid.UUID | None, note: str) -> None: ...


class TuitionStore(Protocol):
    """`uow.tuition`: oncopos.adapters.db.repositories.tuition.TuitionRepository (T2202 slips)."""

    def studies_touching(self, year: int) -> list[StudyFacts]: ...

    def students(self, student_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, SlipStudent]: ...

    def student_by_number(self, student_number: str) -> SlipStudent | None: ...

    def tax_details(self, student_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, TaxDetails]: ...

    def save_sin(self, student_id: uuid.UUID, sin_encrypted: str | None) -> TaxDetails: ...

    def save_email_consent(self, student_id: uuid.UUID, consent: bool, *, at: datetime,
                           staff_id: uuid.UUID | None) -> TaxDetails: ...

    def slips(self, year: int, student_id: uuid.UUID | None = ...) -> list[SlipRecord]: ...

    def slip(self, slip_id: uuid.UUID) -> SlipRecord | None: ...

    def add_slip(self, new: NewSlip) -> SlipRecord: ...

    def mark_delivered(self, slip_id: uuid.UUID, by: str, at: datetime) -> SlipRecord: ...

    def add_return(self, *, year: int, kind: str, made_at: datetime, staff_id: uuid.UUID | None,
                   workstation_id: str, slip_ids: Sequence[uuid.UUID], fees_cents: int) -> ReturnRecord: ...

    def returns(self, year: int) -> list[ReturnRecord]: ...

    def slips_of_return(self, return_id: uuid.UUID) -> tuple[ReturnRecord, list[SlipRecord]]: ...

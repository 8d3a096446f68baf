"""What the payment flow needs besides the gateway and the database, as small protocols.

The one-time codes, the mail outbox and the central refresh are built by other parts of the app;
the flow only knows these shapes, so tests run it with fakes and the desk with the real ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from oncopos.domain.access import Actor
from oncopos.domain.errors import UserFacingError
from oncopos.domain.gateway import CheckoutState, PaymentIntentState
from oncopos.domain.messages import Message
from oncopos.services.guard import open_to_all
from oncopos.services.payments.records import EnrollmentForPayment, PaymentReceipt, PaymentRecord
from oncopos.services.ports import UnitOfWork


class CodeSentLike(Protocol):
    # Read-only, as the frozen oncopos.domain.otp.CodeSent that the code service returns.
    @property
    def challenge_id(self) -> uuid.UUID: ...

    @property
    def sent_to(self) -> str: ...

    @property
    def expires_at(self) -> datetime: ...

    @property
    def attempts_left(self) -> int: ...

    @property
    def resend_at(self) -> datetime | None: ...


class CodeService(Protocol):
    """`oncopos.services.otp.OtpService`: sends and checks the student's one-time code."""

    # `same_commit`: the payment's own step, written in the transaction that records the send (or
    # uses the code), so the code's step and the payment's are one commit. `joining`: the payment's
    # unit of work, open, that the code's first transaction joins (it read the payment).
    def send_code(self, actor: Actor, *, enrollment_id: uuid.UUID, amount_cents: int,
                  payment_id: uuid.UUID | None = None, split_total_cents: int | None = None,
                  same_commit: Callable[[UnitOfWork, Any], None] | None = None,
                  joining: UnitOfWork | None = None) -> CodeSentLike: ...

    def verify_code(self, actor: Actor, *, challenge_id: uuid.UUID, code: str, enrollment_id: uuid.UUID,
                    amount_cents: int, same_commit: Callable[[UnitOfWork, Any], None] | None = None,
                    joining: UnitOfWork | None = None) -> Any: ...


class IntentRecovery(Protocol):
    """Finds a Stripe object that was created but whose id never reached the database (a crash
    between Stripe's answer and our commit). Implemented by `oncopos.adapters.stripe.recovery`."""

    def find_reader_intent(self, payment: PaymentRecord, metadata: Mapping[str, str],
                           requested_at: datetime) -> PaymentIntentState | None: ...

    def find_checkout(self, payment: PaymentRecord, requested_at: datetime) -> CheckoutState | None: ...


class PaymentMail(Protocol):
    """Queues the payment's emails inside the caller's unit of work, or sends a link now."""

    def queue_success(self, uow: UnitOfWork, receipt: PaymentReceipt, invoice_pdf: bytes | None) -> None: ...

    def queue_failure(self, uow: UnitOfWork, receipt: PaymentReceipt) -> None: ...

    def send_link(self, to: str, enrollment: EnrollmentForPayment, record: PaymentRecord) -> None: ...


class EnrollmentRefresher(Protocol):
    def refresh_enrollment(self, enrollment_id: uuid.UUID) -> bool: ...


class DeskReadiness(Protocol):
    """Whether this desk may charge at all (oncopos.adapters.sync.Synchronizer): a desk with a
    central database that has not caught up with its own history there raises DeskNotReady."""

    def ensure_ready_to_charge(self) -> None: ...


class EnrollmentBeingCharged(UserFacingError):
    """Another desk holds the enrollment's claim on the central database: it is charging it now."""

    def __init__(self, message: Message | str, *, workstation_id: str, staff_name: str) -> None:
        super().__init__(message)
        self.workstation_id = workstation_id
        self.staff_name = staff_name


class ChargeClaims(Protocol):
    """One desk at a time charges an enrollment (oncopos.adapters.sync.Synchronizer, over the
    central database). Without a central database there is nothing to claim against."""

    def claim_charge(self, enrollment_ids: Sequence[uuid.UUID], payment_id: uuid.UUID, staff_name: str,
                     amount_cents: int) -> bool:
        """Claim every enrollment of the payment, or none. True when claimed; False when the central
        database cannot be reached (offline: the overpayment flag catches a race later). Raises
        EnrollmentBeingCharged when another desk holds any of them."""
        ...

    def renew_claim(self, payment_id: uuid.UUID) -> None: ...

    def release_claim(self, payment_id: uuid.UUID, *, succeeded: bool) -> None:
        """Free the enrollment; after a success, only once the payment is on the central database."""
        ...


@open_to_all("a desk without a central database has nothing to refresh; it reads and grants nothing")
class LocalOnlyRefresher:
    """The refresher of a desk without a central database: nothing to ask, and it says so."""

    reason = "The central database is not configured, so only this desk's payments were checked."

    def refresh_enrollment(self, enrollment_id: uuid.UUID) -> bool:
        return False


#: Refuses an amount a rule forbids collecting now (oncopos.services.plans.PlanService.check_collection:
#: the provincial limit before the contract is signed); called with (enrollment id, amount in cents).
CollectionCheck = Callable[[uuid.UUID, int], None]

#: Called with a step's name right after that step is committed (or, for `*_returned` points, right
#: after Stripe answered and before the answer is committed). The crash tests pass one that ends
#: the process there; the desk passes none.
FaultPoint = Callable[[str], None]

EnrollmentLoader = Callable[[UnitOfWork, uuid.UUID], EnrollmentForPayment]

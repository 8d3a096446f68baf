"""What the refund flow needs besides the PaymentGateway port and the database."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from oncopos.domain.gateway import RefundState
from oncopos.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class FoundRefund:
    """A refund at Stripe and the local refund id in its metadata (None: not made by OncoPOS)."""

    state: RefundState
    local_id: uuid.UUID | None


class RefundLookup(Protocol):
    """Finds refunds at Stripe by the local refund id they carry in their metadata
    (`oncopos.adapters.stripe.refund_lookup`): how a refund whose answer never reached the database
    is found again, and how the Dashboard sweep tells the app's own refunds from the others."""

    def find(self, payment_intent_id: str, refund_id: uuid.UUID) -> RefundState | None: ...

    def refunds_of(self, payment_intent_id: str) -> list[FoundRefund]: ...

    def cancel_reader_action(self, reader_id: str) -> None: ...


class RefundMail(Protocol):
    """Queues the student's credit-note email inside the caller's unit of work."""

    def queue_credit_note(self, uow: UnitOfWork, facts: Any, credit_note_pdf: bytes | None) -> None: ...


#: Called with a step's name right after it is committed (`*_returned`: right after Stripe answered,
#: before the answer is committed). The crash tests end the process there; the desk passes none.
FaultPoint = Callable[[str], None]

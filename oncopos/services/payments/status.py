"""The one way a payment's row changes status or gains a journal entry.

Both run inside the caller's transaction, on the row locked for it, and ask the domain's table
(`domain/payment.py`) first: the service, the Stripe steps, the recorder and reconciliation all
write through here, so an impossible change (a paid payment cancelled, a code sent for a payment
already charging) is refused in one place, against the status on disk rather than one read
earlier, and nothing of it is written.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from oncopos.domain.lifecycle import Lifecycle
from oncopos.domain.payment import PAYMENT_LIFECYCLE, PaymentStatus, PaymentStep
from oncopos.services.payments.records import PaymentRecord
from oncopos.services.ports import UnitOfWork

Table = Lifecycle[PaymentStatus, PaymentStep]


def move(uow: UnitOfWork, payment_id: uuid.UUID, target: PaymentStatus | str, *, at: datetime,
         detail: dict[str, Any] | None = None, doing: str | None = None, lifecycle: Table = PAYMENT_LIFECYCLE,
         **changes: Any) -> PaymentRecord:
    """Change the payment's status to `target` and journal the step the table names for it.

    Raises IllegalTransition (nothing written) when the status on disk has no move to `target`.
    `lifecycle` is the card payments' table unless the caller is the tender service (hand tenders).
    """
    if "status" in changes:
        raise TypeError("the status is the target of the move, not one of its changes")
    current = uow.payments.get(payment_id, lock=True)
    step = lifecycle.move(current.status, PaymentStatus(target), doing=doing)
    record: PaymentRecord = uow.payments.update(payment_id, status=PaymentStatus(target), **changes)
    uow.payments.journal(payment_id, step, at=at, detail=detail)
    return record


def record_step(uow: UnitOfWork, payment_id: uuid.UUID, step: PaymentStep | str, *, at: datetime,
                detail: dict[str, Any] | None = None, doing: str | None = None, lifecycle: Table = PAYMENT_LIFECYCLE,
                **changes: Any) -> PaymentRecord:
    """Journal a step that leaves the status as it is (and apply `changes` to the row with it).

    Raises IllegalTransition (nothing written) when the step is not one the status allows (a
    Retry journaled on a payment already paid).
    """
    if "status" in changes:
        raise TypeError(f"'{step}' leaves the status as it is; change it with move()")
    current = uow.payments.get(payment_id, lock=True)
    lifecycle.check_step(current.status, step, doing)
    record: PaymentRecord = uow.payments.update(payment_id, **changes) if changes else current
    uow.payments.journal(payment_id, PaymentStep(step), at=at, detail=detail)
    return record

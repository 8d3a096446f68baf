"""The one way a refund gains an entry in its payment's journal without changing status.

Inside the caller's transaction, on the refund's row locked for it, and checked against the
domain's table (`domain/refund.py`): a step the refund's status does not allow (a credit note for
a refund that failed, a reader step after the money went back) is refused and nothing is written.
Status changes themselves are `REFUND_LIFECYCLE.move`s, made by the refund recorder only.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from oncopos.domain.refund import REFUND_LIFECYCLE, RefundStep
from oncopos.services.ports import UnitOfWork
from oncopos.services.refunds.records import RefundRecord


def record_step(uow: UnitOfWork, refund_id: uuid.UUID, step: RefundStep | str, *, at: datetime,
                detail: dict[str, Any] | None = None, doing: str | None = None, **changes: Any) -> RefundRecord:
    """Journal `step` for the refund (and apply `changes` to its row); IllegalTransition when refused."""
    if "status" in changes:
        raise TypeError(f"'{step}' leaves the refund's status as it is")
    current: RefundRecord = uow.refunds.get(refund_id, lock=True)
    REFUND_LIFECYCLE.check_step(current.status, step, doing)
    record: RefundRecord = uow.refunds.update(refund_id, **changes) if changes else current
    uow.payments.journal(record.payment_id, RefundStep(step), at=at, detail=detail)
    return record

"""Overpayments a manager must settle: enrollments on which desks together collected more than
they cost (found while syncing, see oncopos.adapters.sync.overpayments)."""

from __future__ import annotations

import uuid
from typing import Any

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput, NotFound
from oncopos.domain.messages import msg
from oncopos.services.guard import requires
from oncopos.services.ports import UnitOfWorkFactory
from oncopos.services.records import OverpaymentView


class OverpaymentReview:
    """What a manager does with overpayment flags: list the open ones, record how one was settled
    (usually a refund of the difference). The end-of-day report reads
    `uow.overpayments.detected_between(start, end)` in its own unit of work."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Any) -> None:
        self._uow = uow_factory
        self._clock = clock

    @requires(Permission.RECONCILE)
    def open_flags(self, actor: Actor) -> list[OverpaymentView]:
        with self._uow() as uow:
            return uow.overpayments.open_flags()

    @requires(Permission.RECONCILE)
    def resolve(self, actor: Actor, flag_id: uuid.UUID, note: str) -> None:
        note = " ".join(note.split())
        if not note:
            raise InvalidInput(msg("overpayment.note"),
                               field="note")
        with self._uow() as uow:
            flag = uow.overpayments.get(flag_id)
            if flag is None:
                raise NotFound(msg("overpayment.gone"))
            now = self._clock()
            uow.overpayments.resolve(flag_id, at=now, by=actor.staff_id, note=note)
            uow.audit.record(
                actor, "overpayment.resolved", at=now, subject_type="enrollments", subject_id=flag.enrollment_id,
                details={"flag_id": str(flag.id), "over_cents": flag.over_cents, "note": note},
            )
            uow.commit()

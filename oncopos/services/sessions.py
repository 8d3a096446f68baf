"""The sign-in behind a person's Actor: asked by every protected call for the account as it is now.

StaffService hands one to every Actor it signs in. `current()` is one single-row read of the staff
account, so a deactivation, a lock-out or a role change (on this desk or arriving by sync) ends or
changes an open session at the next protected call, not at the next sign-in. `use_approval()`
consumes a manager's approval in the database: one conditional UPDATE, so two calls racing for
the same approval cannot both pass, and it is audited with both people.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from oncopos.domain.access import ROLE_PERMISSIONS, AccountState, Actor, Role
from oncopos.logs import SECURITY_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.ports import UnitOfWorkFactory

security = logging.getLogger(SECURITY_LOG)

Clock = Callable[[], datetime]


@open_to_all("the guard's own question to the database about an account; it is the check")
class SignInSession:
    def __init__(self, uow_factory: UnitOfWorkFactory, staff_id: uuid.UUID, *, clock: Clock) -> None:
        self._uow = uow_factory
        self.staff_id = staff_id
        self._clock = clock

    def current(self) -> AccountState:
        with self._uow() as uow:
            account = uow.staff.get(self.staff_id)
        if account is None:  # removed: nothing left to act as
            return AccountState(Role.REGISTRAR, active=False, locked=False)
        return AccountState(account.role, active=account.active, locked=account.locked_at(self._clock()))

    def use_approval(self, actor: Actor) -> bool:
        approval = actor.approval
        if approval is None or actor.staff_id != self.staff_id or approval.approver.staff_id is None:
            return False
        now = self._clock()
        with self._uow() as uow:
            # The UPDATE comes first: it is the write that decides between racing calls, and on
            # SQLite a transaction that read first could not take the write lock once another had.
            used = uow.approvals.use(approval.id, staff_id=self.staff_id, approver_id=approval.approver.staff_id,
                                     permission=approval.permission.value, subject=approval.subject, at=now)
            if not used:
                return False
            # The approver's account must still be able to give it (not deactivated, locked or
            # demoted); if not, the transaction is rolled back and the approval stays unused.
            approver = uow.staff.get(approval.approver.staff_id)
            if (approver is None or not approver.active or approver.locked_at(now)
                    or approval.permission not in ROLE_PERMISSIONS[approver.role]):
                return False
            # `actor` carries the approval, so the event names both people and the reason.
            uow.audit.record(actor, "override.used", at=now, subject_type="staff", subject_id=self.staff_id,
                             details={"approval": str(approval.id), "permission": approval.permission.value,
                                      "subject": approval.subject})
            uow.commit()
        security.info("approval %s of %s for %s used by %s", approval.id, approval.approver.username,
                      approval.describe(), actor.username)
        return True

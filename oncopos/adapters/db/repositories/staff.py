"""Staff accounts. The password hash leaves this module only towards the service that verifies it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.people import Staff
from oncopos.domain.access import Role
from oncopos.domain.staff import StaffAccount, StaffCredentials


def to_account(row: Staff) -> StaffAccount:
    return StaffAccount(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
    )


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        return self.session.scalar(sa.select(sa.func.count()).select_from(Staff)) or 0

    def exists(self, username: str) -> bool:
        return self.session.scalar(sa.select(Staff.id).where(Staff.username == username)) is not None

    def add(self, *, username: str, display_name: str, role: Role, password_hash: str) -> StaffAccount:
        row = Staff(
            id=uuid.uuid4(),
            username=username,
            display_name=display_name,
            role=role.value,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            locked_until=None,
        )
        self.session.add(row)
        self.session.flush()
        return to_account(row)

    def credentials(self, username: str, *, for_update: bool = False) -> StaffCredentials | None:
        """The account and its hash. `for_update` holds the row until commit, so two desks
        counting failures for the same person cannot both read the old count."""
        query = sa.select(Staff).where(Staff.username == username)
        row = self.session.scalars(query.with_for_update() if for_update else query).one_or_none()
        return StaffCredentials(to_account(row), row.password_hash) if row else None

    def credentials_by_id(self, staff_id: uuid.UUID, *, for_update: bool = False) -> StaffCredentials | None:
        query = sa.select(Staff).where(Staff.id == staff_id)
        row = self.session.scalars(query.with_for_update() if for_update else query).one_or_none()
        return StaffCredentials(to_account(row), row.password_hash) if row else None

    def get(self, staff_id: uuid.UUID) -> StaffAccount | None:
        row = self.session.get(Staff, staff_id)
        return to_account(row) if row else None

    def list(self) -> list[StaffAccount]:
        return [to_account(r) for r in self.session.scalars(sa.select(Staff).order_by(Staff.username))]

    def names(self) -> dict[uuid.UUID, str]:
        """staff id -> user name, for showing who did what in the audit view."""
        return dict(self.session.execute(sa.select(Staff.id, Staff.username)).all())

    def record_failure(self, staff_id: uuid.UUID, failures: int, locked_until: datetime | None) -> None:
        row = self._row(staff_id)
        row.failed_logins = failures
        row.locked_until = locked_until

    def record_success(self, staff_id: uuid.UUID) -> None:
        row = self._row(staff_id)
        # Only write when something changes: every write is a new synced version of the row.
        if row.failed_logins or row.locked_until is not None:
            row.failed_logins = 0
            row.locked_until = None

    def language(self, staff_id: uuid.UUID) -> str | None:
        """The interface language the person chose, or None (the desk's)."""
        return self.session.scalar(sa.select(Staff.language).where(Staff.id == staff_id))

    def set_language(self, staff_id: uuid.UUID, language: str | None) -> None:
        row = self._row(staff_id)
        if row.language != language:  # every write is a new synced version of the row
            row.language = language

    def set_password_hash(self, staff_id: uuid.UUID, password_hash: str) -> None:
        self._row(staff_id).password_hash = password_hash

    def set_active(self, staff_id: uuid.UUID, active: bool) -> None:
        self._row(staff_id).active = active

    def count_active(self, role: Role) -> int:
        query = sa.select(sa.func.count()).select_from(Staff).where(Staff.role == role.value, Staff.active.is_(True))
        return self.session.scalar(query) or 0

    def _row(self, staff_id: uuid.UUID) -> Staff:
        row = self.session.get(Staff, staff_id)
        if row is None:
            raise LookupError(f"staff {staff_id} vanished inside its own transaction")
        return row

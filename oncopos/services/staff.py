"""Staff accounts: create, sign in (with lockout), change password, deactivate, switch user, and a
manager's override of one action.

Passwords are hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes, about 0.1 s a
hash on a desk computer). Every sign-in, failure, lockout, password change and override goes to
the audit trail (in the same transaction as the change) and to security.log.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from oncopos.domain.access import APPROVAL_MINUTES, ROLE_PERMISSIONS, Actor, Approval, Permission, Role, system_actor
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import msg
from oncopos.domain.staff import (
    TRAINING_ACCOUNTS,
    TRAINING_PASSWORD,
    USERNAME_RE,
    LockoutPolicy,
    SignInFailed,
    SignInLocked,
    StaffAccount,
    normalize_username,
    validate_display_name,
    validate_override_reason,
    validate_password,
    validate_username,
)
from oncopos.logs import SECURITY_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import UnitOfWorkFactory
from oncopos.services.sessions import SignInSession

log = logging.getLogger(__name__)
security = logging.getLogger(SECURITY_LOG)

Clock = Callable[[], datetime]


#: The interface languages a staff member can keep on their account (the window's File > Language).
INTERFACE_LANGUAGES = ("en-CA", "fr-CA")

# Failures for user names that do not exist are counted in memory, so a guessed name is slowed
# and locked exactly like a real one: the answers never tell the two apart.
_UNKNOWN_NAMES_KEPT = 1000


def actor_for(account: StaffAccount, workstation_id: str, session: SignInSession | None = None) -> Actor:
    return Actor(account.id, account.username, account.role, workstation_id, session=session)


class CentralStaff(Protocol):
    """The central database as the authority on staff (oncopos.adapters.sync.Synchronizer)."""

    def refresh_staff(self) -> bool: ...

    def publish_staff(self, staff_id: uuid.UUID, *, admin_username: str | None, admin_password: str | None,
                      new_password: str | None = None) -> int: ...


class StaffService:
    """Thread-safe: each call has its own unit of work (the window calls it from a worker)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        *,
        workstation_id: str,
        clock: Clock,
        training: bool = False,
        hasher: PasswordHasher | None = None,
        lockout: LockoutPolicy | None = None,
    ) -> None:
        self._uow = uow_factory
        self.workstation_id = workstation_id
        self._clock = clock
        self.training = training
        self._hasher = hasher or PasswordHasher()
        self.lockout = lockout or LockoutPolicy()
        self._dummy_hash: str | None = None
        self._unknown: OrderedDict[str, tuple[int, datetime | None]] = OrderedDict()
        self._lock = threading.Lock()
        # Set by the sync wiring when a central database is configured: it is the one authority
        # on staff accounts, so a fresh desk asks it before offering a first-run account.
        self.central: CentralStaff | None = None

    # -- accounts ---------------------------------------------------------------------------

    @open_to_all("the first-run check: whether any account exists, nothing more")
    def has_staff(self) -> bool:
        """False on a first run: the window then asks for the administrator account. With a
        central database, staff is pulled from it first (an empty desk of a school that has staff)."""
        with self._uow() as uow:
            if uow.staff.count() > 0:
                return True
        if self.central is not None and self.central.refresh_staff():
            with self._uow() as uow:
                return uow.staff.count() > 0
        return False

    @open_to_all("only on an empty database: refused as soon as any account exists")
    def create_first_admin(self, username: str, password: str, display_name: str) -> Actor:
        """The first account of a new database, signed in at once. Refused once anyone exists."""
        name, full_name = self._validated(username, password, display_name)
        if self.central is not None and not self.central.refresh_staff():
            raise UserFacingError(
                msg("staff.central_unreachable")
            )
        password_hash = self._hasher.hash(password)
        with self._uow() as uow:
            if uow.staff.count() > 0:
                raise UserFacingError(msg("staff.admin_exists"))
            account = uow.staff.add(username=name, display_name=full_name, role=Role.ADMIN, password_hash=password_hash)
            actor = actor_for(account, self.workstation_id, self._session(account))
            now = self._clock()
            uow.audit.record(actor, "staff.created", at=now, subject_type="staff", subject_id=account.id,
                             details={"role": Role.ADMIN.value, "first_run": True})
            uow.audit.record(actor, "staff.signed_in", at=now, subject_type="staff", subject_id=account.id)
            uow.commit()
        if self.central is not None:
            # the first administrator of an empty system, with the verifier the central database checks
            self.central.publish_staff(account.id, admin_username=None, admin_password=None, new_password=password)
        security.info("first administrator %s created and signed in on %s", name, self.workstation_id)
        return actor

    @requires(Permission.MANAGE_STAFF)
    def create_staff(
        self, actor: Actor, username: str, password: str, role: Role, display_name: str, *, origin: str = "app",
        admin_password: str | None = None,
    ) -> StaffAccount:
        """`admin_password`: the acting administrator's own password, which the central database
        checks when this desk shares its accounts with it (required then)."""
        self._need_central_proof(admin_password)
        name, full_name = self._validated(username, password, display_name)
        password_hash = self._hasher.hash(password)
        with self._uow() as uow:
            if uow.staff.exists(name):
                raise InvalidInput(msg("staff.username_taken", name=name), field="username")
            account = uow.staff.add(username=name, display_name=full_name, role=role, password_hash=password_hash)
            uow.audit.record(actor, "staff.created", at=self._clock(), subject_type="staff", subject_id=account.id,
                             details={"role": role.value, "origin": origin})
            uow.commit()
        try:
            self._publish(account.id, actor, admin_password, password)
        except UserFacingError:
            with self._uow() as uow:  # not accepted centrally: the account does not stay usable here either
                uow.staff.set_active(account.id, False)
                uow.commit()
            raise
        security.info("staff %s (%s) created by %s via %s", name, role.value, actor.username, origin)
        return account

    @open_to_all("says only whether staff changes need the acting administrator's password")
    def changes_need_admin_password(self) -> bool:
        """True on a desk that shares its accounts with a central database: create_staff and
        reset_password then need `admin_password`."""
        return self.central is not None

    @requires(Permission.MANAGE_STAFF)
    def list_staff(self, actor: Actor) -> list[StaffAccount]:
        with self._uow() as uow:
            return uow.staff.list()

    @requires(Permission.MANAGE_STAFF)
    def deactivate(self, actor: Actor, username: str) -> StaffAccount:
        name = normalize_username(username)
        with self._uow() as uow:
            found = uow.staff.credentials(name, for_update=True)
            if found is None:
                raise InvalidInput(msg("staff.no_account", name=name), field="username")
            account = found.account
            if account.id == actor.staff_id:
                raise UserFacingError(msg("staff.not_yourself"))
            if account.role is Role.ADMIN and account.active and uow.staff.count_active(Role.ADMIN) <= 1:
                raise UserFacingError(msg("staff.last_admin", name=name))
            uow.staff.set_active(account.id, False)
            uow.audit.record(actor, "staff.deactivated", at=self._clock(), subject_type="staff", subject_id=account.id)
            uow.commit()
        security.info("staff %s deactivated by %s", name, actor.username)
        return dataclasses.replace(account, active=False)

    @requires(Permission.MANAGE_STAFF)
    def reset_password(self, actor: Actor, username: str, new_password: str, *, origin: str = "app",
                       admin_password: str | None = None) -> StaffAccount:
        """An administrator sets a new password for someone who forgot theirs; it also lifts a lockout.
        `admin_password` as for create_staff."""
        self._need_central_proof(admin_password)
        name = normalize_username(username)
        validate_password(new_password, username=name)
        new_hash = self._hasher.hash(new_password)
        with self._uow() as uow:
            found = uow.staff.credentials(name, for_update=True)
            if found is None:
                raise InvalidInput(msg("staff.no_account", name=name), field="username")
            uow.staff.set_password_hash(found.account.id, new_hash)
            uow.staff.record_success(found.account.id)
            uow.audit.record(actor, "staff.password_reset", at=self._clock(), subject_type="staff",
                             subject_id=found.account.id, details={"origin": origin})
            uow.commit()
        self._publish(found.account.id, actor, admin_password, new_password)
        security.info("password of %s reset by %s via %s", name, actor.username, origin)
        return dataclasses.replace(found.account, failed_logins=0, locked_until=None)

    @open_to_all("the training database only: refused outside training mode")
    def ensure_training_accounts(self) -> int:
        """The ready-made training accounts; refused outside training. Returns how many were added."""
        if not self.training:
            raise UserFacingError(msg("staff.training_only"))
        added = 0
        with self._uow() as uow:
            for spec in TRAINING_ACCOUNTS:
                if uow.staff.exists(spec.username):
                    continue
                account = uow.staff.add(username=spec.username, display_name=spec.display_name, role=spec.role,
                                        password_hash=self._hasher.hash(TRAINING_PASSWORD))
                uow.audit.record(system_actor(self.workstation_id), "staff.created", at=self._clock(),
                                 subject_type="staff", subject_id=account.id,
                                 details={"role": spec.role.value, "origin": "training"})
                added += 1
            uow.commit()
        return added

    # -- signing in -------------------------------------------------------------------------

    @open_to_all("the user name and password are the check")
    def sign_in(self, username: str, password: str, *, replacing: Actor | None = None) -> Actor:
        """The Actor for a user name and password, or SignInFailed / SignInLocked.

        `replacing` is the person signed in before ("Switch user"), recorded with the event.
        """
        account = self._authenticate(normalize_username(username), password, purpose="sign_in")
        actor = actor_for(account, self.workstation_id, self._session(account))
        details = {"switched_from": replacing.username} if replacing is not None else {}
        with self._uow() as uow:
            uow.audit.record(actor, "staff.signed_in", at=self._clock(), subject_type="staff",
                             subject_id=account.id, details=details)
            uow.commit()
        security.info("sign-in ok: %s on %s%s", account.username, self.workstation_id,
                      f" (replacing {replacing.username})" if replacing else "")
        return actor

    @open_to_all("the person's own password is the check, and it counts towards their lockout")
    def unlock(self, actor: Actor, password: str) -> Actor:
        """The same person back at a locked desk; their password counts towards their lockout."""
        account = self._authenticate(actor.username, password, purpose="unlock")
        if account.id != actor.staff_id:
            raise SignInFailed()
        with self._uow() as uow:
            uow.audit.record(actor, "staff.unlocked", at=self._clock(), subject_type="staff", subject_id=account.id)
            uow.commit()
        security.info("desk unlocked by %s on %s", actor.username, self.workstation_id)
        return actor

    @open_to_all("records that the desk was locked; it grants nothing")
    def record_lock(self, actor: Actor, *, idle: bool) -> None:
        with self._uow() as uow:
            uow.audit.record(actor, "staff.locked", at=self._clock(), subject_type="staff", subject_id=actor.staff_id,
                             details={"reason": "idle" if idle else "by hand"})
            uow.commit()

    @open_to_all("the person's own current password is the check; a deactivated or locked account cannot pass it")
    def change_password(self, actor: Actor, current: str, new: str) -> None:
        """A person changes their own password (they must know the current one)."""
        if actor.staff_id is None:
            raise UserFacingError(msg("staff.system_password"))
        validate_password(new, username=actor.username)
        if new == current:
            raise InvalidInput(msg("staff.same_password"),
                               field="password")
        account = self._authenticate(actor.username, current, purpose="change_password")
        new_hash = self._hasher.hash(new)
        with self._uow() as uow:
            uow.staff.set_password_hash(account.id, new_hash)
            uow.audit.record(actor, "staff.password_changed", at=self._clock(), subject_type="staff",
                             subject_id=account.id)
            uow.commit()
        self._publish(account.id, actor, current, new)  # the current password is the proof
        security.info("password changed by %s on %s", actor.username, self.workstation_id)

    @open_to_all("a person's own interface language: it shows nothing and grants nothing")
    def language_preference(self, actor: Actor) -> str | None:
        """The interface language `actor` chose (en-CA, fr-CA), or None: the desk's."""
        if actor.staff_id is None:
            return None
        with self._uow() as uow:
            return uow.staff.language(actor.staff_id)

    @open_to_all("a person's own interface language: it shows nothing and grants nothing")
    def set_language_preference(self, actor: Actor, language: str | None) -> None:
        """Keep `language` (en-CA, fr-CA; None: the desk's) as `actor`'s interface language, on any desk."""
        if language is not None and language not in INTERFACE_LANGUAGES:
            raise InvalidInput(msg("staff.language_unknown", language=repr(language),
                                   interface_languages=', '.join(INTERFACE_LANGUAGES)),
                               field="language")
        if actor.staff_id is None:
            raise UserFacingError(msg("staff.system_language"))
        with self._uow() as uow:
            uow.staff.set_language(actor.staff_id, language)
            uow.commit()

    @open_to_all("the manager's own password is the check; the person at the desk asks for it")
    def approve_override(
        self, actor: Actor, permission: Permission, manager_username: str, manager_password: str, reason: str,
        *, subject: str | None = None,
    ) -> Actor:
        """`actor` acting once with a manager's approval: checks the manager's password and role.

        The approval is for `permission` on `subject` only (e.g. subject("payment_id", id) for one
        refund), is recorded in the database, expires after APPROVAL_MINUTES and is consumed by the
        first protected call that uses it. The returned Actor carries it; every event recorded with
        it names both people.
        """
        why = validate_override_reason(reason)
        manager = self._authenticate(normalize_username(manager_username), manager_password, purpose="override")
        approver = actor_for(manager, self.workstation_id)
        now = self._clock()
        details = {"permission": permission.value, "subject": subject, "for": actor.username, "reason": why}
        if manager.id == actor.staff_id or actor.staff_id is None or permission not in ROLE_PERMISSIONS[manager.role]:
            with self._uow() as uow:
                uow.audit.record(approver, "override.refused", at=now, subject_type="staff",
                                 subject_id=actor.staff_id, details=details)
                uow.commit()
            security.warning("override of %s for %s refused: %s may not approve it",
                             permission.value, actor.username, manager.username)
            raise UserFacingError(
                msg("staff.cannot_approve", user=manager.username, role=msg(f'role.{manager.role.value}'),
                    action=msg(f'permission.{permission.value}'))
            )
        approval = Approval(uuid.uuid4(), approver, permission, subject, why, now + timedelta(minutes=APPROVAL_MINUTES))
        with self._uow() as uow:
            uow.approvals.add(id=approval.id, staff_id=actor.staff_id, approver_id=manager.id,
                              permission=permission.value, subject=subject, reason=why,
                              workstation_id=self.workstation_id, approved_at=now, expires_at=approval.expires_at)
            uow.audit.record(approver, "override.approved", at=now, subject_type="staff", subject_id=actor.staff_id,
                             details={**details, "approval": str(approval.id),
                                      "expires_at": approval.expires_at.isoformat(timespec="seconds")})
            uow.commit()
        security.info("override of %s for %s approved by %s", approval.describe(), actor.username, manager.username)
        session = actor.session if actor.session is not None else self._session_by_id(actor.staff_id)
        return dataclasses.replace(actor, approval=approval, session=session)

    # -- internals --------------------------------------------------------------------------

    def _need_central_proof(self, admin_password: str | None) -> None:
        if self.central is not None and not admin_password:
            raise UserFacingError(
                msg("staff.confirm_central")
            )

    def _publish(self, staff_id: uuid.UUID, actor: Actor, proof: str | None, new_password: str) -> None:
        """Send the account to the central database as `actor`'s authenticated change (when one is
        configured). Refused there, the desk's copy is put back at the next sync; say so now."""
        if self.central is None:
            return
        self.central.publish_staff(staff_id, admin_username=actor.username, admin_password=proof,
                                   new_password=new_password)

    def _session(self, account: StaffAccount) -> SignInSession:
        return self._session_by_id(account.id)

    def _session_by_id(self, staff_id: uuid.UUID) -> SignInSession:
        return SignInSession(self._uow, staff_id, clock=self._clock)

    def _validated(self, username: str, password: str, display_name: str) -> tuple[str, str]:
        name = validate_username(username)
        full_name = validate_display_name(display_name)
        validate_password(password, username=name)
        return name, full_name

    def _authenticate(self, name: str, password: str, *, purpose: str) -> StaffAccount:
        now = self._clock()
        with self._uow() as uow:
            found = uow.staff.credentials(name, for_update=True) if USERNAME_RE.fullmatch(name) else None
            if found is None:
                # As slow as a real check, and locked like a real account.
                self._matches(self._dummy(), password)
                wait = self._unknown_failure(name, now)
                uow.audit.record(system_actor(self.workstation_id), "staff.sign_in_failed", at=now,
                                 details={"reason": "unknown user name", "purpose": purpose})
                uow.commit()
                security.warning("sign-in failed on %s: unknown user name", self.workstation_id)
                raise SignInLocked(wait) if wait else SignInFailed()
            account = found.account
            who = system_actor(self.workstation_id)
            if account.locked_at(now):
                assert account.locked_until is not None
                self._matches(self._dummy(), password)  # a locked name answers as slowly as an unknown one
                uow.audit.record(who, "staff.sign_in_refused", at=now, subject_type="staff", subject_id=account.id,
                                 details={"reason": "locked", "purpose": purpose})
                uow.commit()
                security.warning("sign-in refused for %s on %s: locked", account.username, self.workstation_id)
                raise SignInLocked(account.locked_until - now)
            if not self._matches(found.password_hash, password):
                failures = account.failed_logins + 1
                until = self.lockout.locked_until(failures, now)
                uow.staff.record_failure(account.id, failures, until)
                uow.audit.record(who, "staff.sign_in_failed", at=now, subject_type="staff", subject_id=account.id,
                                 details={"failures": failures, "purpose": purpose})
                if until is not None:
                    uow.audit.record(who, "staff.locked_out", at=now, subject_type="staff", subject_id=account.id,
                                     details={"failures": failures, "until": until.isoformat(timespec="seconds")})
                uow.commit()
                security.warning("sign-in failed for %s on %s (%d in a row)%s", account.username,
                                 self.workstation_id, failures, f"; locked until {until:%H:%M:%S} UTC" if until else "")
                raise SignInLocked(until - now) if until else SignInFailed()
            if not account.active:
                uow.audit.record(who, "staff.sign_in_refused", at=now, subject_type="staff", subject_id=account.id,
                                 details={"reason": "deactivated", "purpose": purpose})
                uow.commit()
                # Only someone who knows the password learns that the account exists but is off.
                raise UserFacingError(msg("staff.deactivated", username=account.username))
            uow.staff.record_success(account.id)
            if self._hasher.check_needs_rehash(found.password_hash):
                uow.staff.set_password_hash(account.id, self._hasher.hash(password))
            uow.commit()
        with self._lock:
            self._unknown.pop(name, None)
        return account

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except VerifyMismatchError:
            return False
        except (InvalidHashError, VerificationError):
            log.error("a stored password hash cannot be read; the account cannot sign in until it is reset")
            return False

    def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not a password: equalises the time of unknown names")
        return self._dummy_hash

    def _unknown_failure(self, name: str, now: datetime) -> timedelta | None:
        with self._lock:
            failures, until = self._unknown.pop(name, (0, None))
            if until is not None and until > now:
                self._unknown[name] = (failures, until)
                return until - now
            failures += 1
            until = self.lockout.locked_until(failures, now)
            self._unknown[name] = (failures, until)
            while len(self._unknown) > _UNKNOWN_NAMES_KEPT:
                self._unknown.popitem(last=False)
            return until - now if until else None

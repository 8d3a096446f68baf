"""Who is at the desk, in the main window: "Signed in as …", Lock, Switch user, Change password,
the idle lock, the Manager menu (Audit trail…) and the record of each student opened.

Kept out of main_window.py so the window stays about finding students; MainWindow builds one
`DeskSession` and calls `record_view` when a student is opened.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from oncopos.domain.access import AccountState, Actor, Permission
from oncopos.domain.staff import IdleLockPolicy
from oncopos.services.records import StudentSummary
from oncopos.ui.audit_view import AuditPort, AuditView
from oncopos.ui.menus import shared_menu
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.session.covered_windows import LOCK_SCREEN
from oncopos.ui.session.lock import IdleLock, LockOverlay, UnlockPort
from oncopos.ui.session.login import LoginDialog, SignInPort
from oncopos.ui.session.password_dialog import ChangePasswordDialog, PasswordPort
from oncopos.ui.session.roles import role_label
from oncopos.ui.session.staff_accounts import StaffAccountsView, StaffAdminPort

logger = logging.getLogger(__name__)

#: How often an idle window asks whether its account can still act (a refused call says so at once).
SESSION_CHECK_MS = 30_000



class WindowSettings(Protocol):
    """What the window reads from `oncopos.config.Settings` (any object with these works)."""

    @property
    def training(self) -> bool: ...
    @property
    def workstation_id(self) -> str: ...
    @property
    def business_name(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def tz(self) -> ZoneInfo: ...


class StaffPort(SignInPort, UnlockPort, PasswordPort, StaffAdminPort, Protocol):
    """The parts of `oncopos.services.staff.StaffService` the window uses."""


class AuditTrailPort(AuditPort, Protocol):
    """`oncopos.services.audit.AuditTrail`: the audit view's calls plus the record of student views."""

    def record_view(self, actor: Actor, student_id: uuid.UUID) -> None: ...


class DeskSession(QObject):
    def __init__(
        self,
        window: QMainWindow,
        executor: Executor,
        *,
        settings: WindowSettings,
        staff: StaffPort | None,
        audit: AuditTrailPort | None,
        idle_lock_minutes: int,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._executor = executor
        self._settings = settings
        self._staff = staff
        self._audit = audit
        self.audit_view: AuditView | None = None
        self.login_dialog: LoginDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None

        self.signed_in_label = QLabel(window)
        self.signed_in_label.setObjectName("signedInLabel")
        window.statusBar().insertPermanentWidget(0, self.signed_in_label)

        self.lock_action = QAction(self.tr("&Lock"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_now)
        self.switch_user_action = QAction(self.tr("S&witch User…"), window)
        self.switch_user_action.triggered.connect(self.on_switch_user_triggered)
        self.change_password_action = QAction(self.tr("Change &Password…"), window)
        self.change_password_action.triggered.connect(self.on_change_password_triggered)
        for action in (self.lock_action, self.switch_user_action, self.change_password_action):
            action.setEnabled(staff is not None)
        file_menu: QMenu = window.file_menu  # type: ignore[attr-defined]
        quit_action: QAction = window.quit_action  # type: ignore[attr-defined]
        file_menu.insertActions(quit_action, [self.lock_action, self.switch_user_action, self.change_password_action])
        file_menu.insertSeparator(quit_action)

        # Shown only to roles that may see the trail; the service refuses the others anyway. The
        # Manager menu is shared with other features (the course catalogue): found or made here.
        self.manager_menu = shared_menu(window, "&Manager")
        self.audit_action = QAction(self.tr("&Audit Trail…"), window)
        self.audit_action.triggered.connect(self.on_audit_triggered)
        self.manager_menu.addAction(self.audit_action)
        self.staff_accounts_view: StaffAccountsView | None = None
        self.staff_accounts_action = QAction(self.tr("&Staff Accounts…"), window)
        self.staff_accounts_action.triggered.connect(self.on_staff_accounts_triggered)
        self.manager_menu.addAction(self.staff_accounts_action)

        self.lock_overlay: LockOverlay | None = None
        self.idle_lock: IdleLock | None = None
        if staff is not None:
            self.lock_overlay = LockOverlay(window, staff, executor)
            self.lock_overlay.unlocked.connect(self.on_unlocked)
            self.lock_overlay.switch_user_requested.connect(self.on_switch_user_triggered)
            self.idle_lock = IdleLock(IdleLockPolicy(idle_lock_minutes), parent=self)
            self.idle_lock.idle_timed_out.connect(self.on_idle_timed_out)
        # The account behind the window can end while it is open (deactivated, locked out, its role
        # changed): any refused call says so at once, and a look every half minute catches it when
        # the window is idle. Either way the window locks for a new sign-in.
        self._stop_listening = executor.on_session_ended(lambda error: self.end_session(error.text()))
        self._session_timer = QTimer(self)
        self._session_timer.setInterval(SESSION_CHECK_MS)
        self._session_timer.timeout.connect(self.check_session)
        if staff is not None:
            self._session_timer.start()
        self.refresh()

    @property
    def actor(self) -> Actor:
        return self._window.actor  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """Show who is signed in and what their role may open."""
        actor = self.actor
        role = role_label(actor.role)
        self.signed_in_label.setText(self.tr("Signed in as {username} ({role})").format(username=actor.username, role=role))
        may_audit = self._audit is not None and actor.can(Permission.VIEW_AUDIT)
        self.audit_action.setVisible(may_audit)
        may_manage_staff = self._staff is not None and actor.can(Permission.MANAGE_STAFF)
        self.staff_accounts_action.setVisible(may_manage_staff)
        if self.staff_accounts_view is not None and not may_manage_staff:
            self.staff_accounts_view.close()
            self.staff_accounts_view = None
        self.manager_menu.menuAction().setVisible(any(a.isVisible() for a in self.manager_menu.actions()))
        # An audit view opened by someone else (before Switch user) is theirs: close it.
        if self.audit_view is not None and (not may_audit or self.audit_view.actor != actor):
            self.audit_view.close()
            self.audit_view = None

    # -- student views --------------------------------------------------------------------------

    def record_view(self, student: StudentSummary) -> None:
        """PIPEDA access log: who opened whose record. Runs in order with the other database work."""
        if self._audit is None:
            return
        (
            Operation(self._audit.record_view, self.actor, student.id)
            .failure(
                lambda error: self._window.statusBar().showMessage(
                    self.tr("This view could not be recorded in the audit trail: {describe_error}").format(
                        describe_error=describe_error(error)
                    )
                )
            )
            .owned_by(self)
            .run_in(self._executor)
        )

    # -- lock and switch ------------------------------------------------------------------------

    def check_session(self) -> None:
        """Ask the database for the signed-in account's state now; end the session if it changed."""
        actor = self.actor
        session = actor.session
        if session is None or (self.lock_overlay is not None and self.lock_overlay.session_ended):
            return
        (Operation(session.current)
         .success(lambda state: self._compare(actor, state))
         .failure(lambda error: logger.info("account state not checked: %s", describe_error(error)))
         .owned_by(self)
         .run_in(self._executor))

    def _compare(self, actor: Actor, state: AccountState) -> None:
        if actor is not self.actor:
            return  # someone else signed in meanwhile
        if not state.active:
            self.end_session(self.tr("{user}'s account is no longer active.").format(user=actor.username))
        elif state.locked:
            self.end_session(self.tr("{user}'s account is locked after too many wrong passwords.")
                             .format(user=actor.username))
        elif state.role is not actor.role:
            role = role_label(state.role)
            self.end_session(self.tr("{user}'s role is now {role}; the desk shows what that role may do once "
                                     "they sign in again.").format(user=actor.username, role=role))

    def end_session(self, reason: str) -> None:
        """The signed-in account can no longer act: lock everything until someone signs in."""
        if self.lock_overlay is None:
            return
        if self.idle_lock is not None:
            self.idle_lock.paused = True
        self.lock_overlay.end_session(self.actor, reason)
        self._window.statusBar().showMessage(reason)

    def lock_now(self) -> None:
        self._lock(idle=False)

    def on_idle_timed_out(self) -> None:
        self._lock(idle=True)

    def _lock(self, *, idle: bool) -> None:
        if self.lock_overlay is None:
            return
        if self.idle_lock is not None:
            self.idle_lock.paused = True
        self.lock_overlay.lock(self.actor, idle=idle)

    def on_unlocked(self, actor: Actor) -> None:
        if actor != self.actor:
            self._window.set_actor(actor)  # type: ignore[attr-defined]
        if self.idle_lock is not None:
            self.idle_lock.resume()
        self._window.statusBar().showMessage(self.tr("Welcome back, {username}.").format(username=actor.username))

    def on_switch_user_triggered(self) -> None:
        if self._staff is None:
            return
        dialog = LoginDialog(
            self._staff, self._executor, workstation_id=self._settings.workstation_id,
            business_name=self._settings.business_name, training=self._settings.training,
            replacing=self.actor, parent=self._window,
        )
        dialog.signed_in.connect(self.on_switched)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Opened from the lock screen, it is part of it: the lock must not put it away.
        dialog.setProperty(LOCK_SCREEN, self.lock_overlay is not None and self.lock_overlay.locked)
        self.login_dialog = dialog
        dialog.open()

    def on_switched(self, actor: Actor) -> None:
        self.login_dialog = None
        if self.lock_overlay is not None and self.lock_overlay.actor is not None:
            self.lock_overlay.release(actor)  # emits unlocked -> on_unlocked sets the actor
        else:
            self._window.set_actor(actor)  # type: ignore[attr-defined]
            self._window.statusBar().showMessage(self.tr("{username} is now signed in.").format(username=actor.username))

    def on_change_password_triggered(self) -> None:
        if self._staff is None:
            return
        dialog = ChangePasswordDialog(self._staff, self._executor, actor=self.actor, parent=self._window)
        dialog.changed.connect(lambda: self._window.statusBar().showMessage(self.tr("Your password was changed.")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog
        dialog.open()

    # -- manager tools --------------------------------------------------------------------------

    def on_audit_triggered(self) -> None:
        if self._audit is None or not self.actor.can(Permission.VIEW_AUDIT):
            return
        if self.audit_view is None:
            self.audit_view = AuditView(self._audit, self._executor, actor=self.actor, tz=self._settings.tz,
                                        parent=self._window)
            self.audit_view.load()
        self.audit_view.show()
        self.audit_view.raise_()
        self.audit_view.activateWindow()

    def on_staff_accounts_triggered(self) -> None:
        if self._staff is None or not self.actor.can(Permission.MANAGE_STAFF):
            return
        if self.staff_accounts_view is None:
            self.staff_accounts_view = StaffAccountsView(self._staff, self._executor, actor=lambda: self.actor,
                                                         parent=self._window)
            self.staff_accounts_view.resize(640, 420)
        self.staff_accounts_view.load()
        self.staff_accounts_view.show()
        self.staff_accounts_view.raise_()
        self.staff_accounts_view.activateWindow()

    def stop(self) -> None:
        self._session_timer.stop()
        self._stop_listening()
        if self.lock_overlay is not None:
            self.lock_overlay.stop()  # a window closed while locked must not keep hiding the next one
        if self.idle_lock is not None:
            self.idle_lock.stop()


__all__ = ["AuditTrailPort", "DeskSession", "StaffPort", "WindowSettings"]

"""The idle lock: an unattended desk hides the student it shows and waits for its person.

`IdleLock` watches the whole application's input (an event filter on the QApplication) and
says when the desk has been idle for the configured time; `LockOverlay` covers the window until
the same person types their password, or someone else signs in ("Switch user").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
)

from oncopos.domain.access import Actor
from oncopos.domain.staff import IdleLockPolicy
from oncopos.ui.form_fields import password_edit
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.session.covered_windows import CoveredWindows

# What counts as someone at the desk. Not paint or timer events: a ticking clock is no person.
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class UnlockPort(Protocol):
    def unlock(self, actor: Actor, password: str) -> Actor: ...
    def record_lock(self, actor: Actor, *, idle: bool) -> None: ...


class IdleLock(QObject):
    """Emits `idle_timed_out` once the application has had no input for the policy's minutes.

    `now` is a monotonic clock in seconds (injected for tests); the timer only decides when to
    look again, the policy decides whether the time is up.
    """

    idle_timed_out = Signal()

    def __init__(
        self, policy: IdleLockPolicy, *, now: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self._now = now
        self.last_activity = now()
        self.paused = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._arm()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self.last_activity = self._now()
        return False  # only watching: every event goes on to its widget

    def check(self) -> None:
        if self.paused:
            return
        if self.policy.is_due(self.last_activity, self._now()):
            self.paused = True  # the lock screen resumes us once someone is back
            self.idle_timed_out.emit()
        else:
            self._arm()

    def resume(self) -> None:
        self.paused = False
        self.last_activity = self._now()
        self._arm()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _arm(self) -> None:
        # A little after the deadline, so one look is usually enough.
        seconds = self.policy.seconds_left(self.last_activity, self._now())
        self._timer.start(int(seconds * 1000) + 250)


class LockOverlay(QFrame):
    """Covers the whole window (menus included) while the desk is locked, and puts every other
    window of the session away (`CoveredWindows`) until someone signs back in.

    `end_session` is the lock for an account that can no longer act (deactivated, locked out, its
    role changed): no password unlocks it, only signing in again.
    """

    unlocked = Signal(object)  # the Actor now at the desk
    switch_user_requested = Signal()

    def __init__(self, window: QMainWindow, staff: UnlockPort, executor: Executor) -> None:
        super().__init__(window)
        self._window = window
        self._staff = staff
        self._executor = executor
        self.actor: Actor | None = None
        self.session_ended = False
        self.windows = CoveredWindows(window)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

        panel = QFrame(self)
        panel.setObjectName("lockPanel")
        # A fixed width lets the wrapped sentence know its height (a word-wrapped label in a
        # shrinking panel gets clipped).
        panel.setFixedWidth(460)
        # Local style: the cover must read as "locked" even with the platform style.
        self.setStyleSheet(
            "#lockOverlay { background: #dfe4ea; }"
            "#lockPanel { background: #ffffff; border: 1px solid #c5ccd3; border-radius: 8px; }"
        )
        self.title_label = QLabel(self.tr("This desk is locked"), panel)
        self.title_label.setObjectName("dialogTitle")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title_label.setFont(font)
        self.who_label = QLabel(panel)
        self.who_label.setWordWrap(True)
        self.password_edit = password_edit(panel, "unlockPasswordEdit", placeholder=self.tr("Your password"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.returnPressed.connect(self.on_unlock_clicked)
        self.error_label = QLabel(panel)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.unlock_button = QPushButton(self.tr("Unlock"), panel)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        self.switch_button = QPushButton(self.tr("Switch user…"), panel)
        self.switch_button.clicked.connect(self.switch_user_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        inner.addWidget(self.title_label)
        inner.addWidget(self.who_label)
        inner.addWidget(self.password_edit)
        inner.addWidget(self.error_label)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()
        window.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.isVisible() or self.actor is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and not self.isHidden():
            self.setGeometry(self._window.rect())
        # While locked, no keyboard shortcut of the window (Ctrl+F, or any action another view
        # adds) may act behind the cover: the application filter swallows them.
        return event.type() == QEvent.Type.Shortcut and self.actor is not None

    def lock(self, actor: Actor, *, idle: bool) -> None:
        """Hide the window's content for `actor`; `idle` says why, for the audit trail."""
        if self.actor is not None:
            return
        self._cover(actor, self.tr("{user} is signed in. Type your password to go on, or let someone else "
                                   "sign in.").format(user=actor.username), ended=False)
        # Recorded in the background; a failure to record must not keep the screen unlocked.
        Operation(self._staff.record_lock, actor, idle=idle).run_in(self._executor)

    def end_session(self, actor: Actor, reason: str) -> None:
        """`actor`'s account can no longer act: cover everything until someone signs in again."""
        if self.actor is not None and self.session_ended:
            return
        if self.actor is not None:  # already locked: the password would no longer open it
            self._apply_mode(reason, ended=True)
            return
        self._cover(actor, reason, ended=True)

    def _cover(self, actor: Actor, text: str, *, ended: bool) -> None:
        self.actor = actor
        self._apply_mode(text, ended=ended)
        # The centred panel is laid out from size hints, which ignore wrapping: ask for the height.
        panel = self.who_label.parentWidget() or self
        self.who_label.setMinimumHeight(self.who_label.heightForWidth(panel.width() - 48))
        self.error_label.hide()
        self.password_edit.clear()
        self._set_content_enabled(False)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.setGeometry(self._window.rect())
        self.raise_()
        self.show()
        self.windows.cover()
        (self.switch_button if ended else self.password_edit).setFocus()

    def _apply_mode(self, text: str, *, ended: bool) -> None:
        self.session_ended = ended
        self.title_label.setText(self.tr("Your session has ended") if ended else self.tr("This desk is locked"))
        self.who_label.setText(text + (" " + self.tr("Sign in to go on.") if ended else ""))
        self.password_edit.setVisible(not ended)
        self.unlock_button.setVisible(not ended)
        self.switch_button.setText(self.tr("Sign in…") if ended else self.tr("Switch user…"))
        self.switch_button.setDefault(ended)
        self.unlock_button.setDefault(not ended)

    def stop(self) -> None:
        """The window is closing while it may be locked: let go of the application's events."""
        self.windows.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def on_unlock_clicked(self) -> None:
        if self.actor is None or self.session_ended:
            return
        password = self.password_edit.text()
        if not password:
            self._show_error(self.tr("Type your password."))
            return
        self.unlock_button.setEnabled(False)
        (
            Operation(self._staff.unlock, self.actor, password)
            .success(self.release)
            .failure(self._on_failed)
            .owned_by(self)
            .run_in(self._executor)
        )

    def release(self, actor: Actor) -> None:
        """Show the window again, now for `actor` (the same person, or who switched in)."""
        self.actor = None
        self.password_edit.clear()
        self.unlock_button.setEnabled(True)
        self.hide()
        self._set_content_enabled(True)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.session_ended = False
        self.windows.uncover()  # the session's other windows, as they were
        self.unlocked.emit(actor)

    def _on_failed(self, error: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password_edit.clear()
        self._show_error(describe_error(error))
        self.password_edit.setFocus()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_content_enabled(self, enabled: bool) -> None:
        # Disabled, not only covered: shortcuts (Ctrl+F) and Tab must not reach the student.
        for widget in (self._window.centralWidget(), self._window.menuBar()):
            if widget is not None:
                widget.setEnabled(enabled)

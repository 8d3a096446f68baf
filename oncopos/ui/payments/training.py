"""Training mode: a panel that plays the student, and the training inbox.

A new registrar practises the whole payment with no account and no network: the panel presents
Stripe's test cards to the simulated reader or pays the hosted page as the student's phone would,
and the inbox shows the emails (codes, receipts, links) that the file mail backend wrote as .eml files.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.messages import explain_failure, render
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, label_for
from oncopos.ui.list_windows import close_on_escape
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.payments.ports import TrainingPort


@dataclass(frozen=True)
class TestCard:
    label: str
    number: str
    interac: bool = False


#: Stripe's Terminal test cards (stripe/NOTES.md): what a new registrar should practise with.
TEST_CARDS = (
    TestCard(QT_TRANSLATE_NOOP("training", "Visa — approved"), "4242424242424242"),
    TestCard(QT_TRANSLATE_NOOP("training", "Mastercard — approved"), "5555555555554444"),
    TestCard(QT_TRANSLATE_NOOP("training", "Declined"), "4000000000000002"),
    TestCard(QT_TRANSLATE_NOOP("training", "Insufficient funds"), "4000000000009995"),
    TestCard(QT_TRANSLATE_NOOP("training", "Expired card"), "4000000000000069"),
    TestCard(QT_TRANSLATE_NOOP("training", "Interac debit — approved"), "4506445006931933", interac=True),
)


#: A reader's status as Stripe gives it ("online", "offline"), as the desk reads it.
READER_STATUS = {
    "online": QT_TRANSLATE_NOOP("training", "online"),
    "offline": QT_TRANSLATE_NOOP("training", "offline"),
}


def reader_status(status: str | None) -> str:
    """"online" / « en ligne »; a status Stripe adds later is shown as it comes."""
    return label_for("training", READER_STATUS, status or "")


def card_label(card: TestCard) -> str:
    """The test card's name in the interface's language (`TestCard.label` stays the source text)."""
    return QCoreApplication.translate("training", card.label)


class SimulatedReaderPanel(QWidget):
    """The student's side of a training payment: present a test card to a simulated reader, or pay
    the hosted (QR code) page as if on the student's phone. Every call goes through the terminal
    administration service, never to the gateway."""

    def __init__(self, terminal: Callable[[], TrainingPort], actor: Callable[[], Actor], executor: Executor,
                 hosted_url: Callable[[], str | None] = lambda: None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("simulatedReaderPanel")
        self.setWindowTitle(self.tr("Training — the student's side"))
        self.resize(380, 500)
        self._terminal = terminal
        self._actor = actor
        self._executor = executor
        self._hosted_url = hosted_url
        self.reader_combo = QComboBox(self)
        self.reader_combo.setAccessibleName(self.tr("Simulated reader"))
        self.card_buttons: dict[str, QPushButton] = {}
        self.result_label = QLabel(self.tr("Start a payment on the reader, then present a card here."), self)
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reader:"), self))
        layout.addWidget(self.reader_combo)
        for card in TEST_CARDS:
            button = QPushButton(f"{card_label(card)}  (…{card.number[-4:]})", self)
            button.clicked.connect(lambda _c=False, c=card: self.present(c))
            layout.addWidget(button)
            self.card_buttons[card.label] = button
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("Hosted page (QR code):"), self))
        self.phone_button = QPushButton(self.tr("Pay on the &phone (Visa — approved)"), self)
        self.phone_button.setObjectName("payOnThePhone")
        self.phone_button.setToolTip(self.tr("Completes the payment page the QR code opens, as the student would "
                                             "on their phone."))
        self.phone_button.clicked.connect(self.pay_on_the_phone)
        layout.addWidget(self.phone_button)
        layout.addSpacing(8)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.refresh_readers()

    def refresh_readers(self) -> None:
        def listed(readers: list[Any]) -> None:
            self.reader_combo.clear()
            for reader in readers:
                self.reader_combo.addItem(f"{reader.label} ({reader_status(reader.status)})", reader.id)

        terminal, actor = self._terminal, self._actor()
        (Operation(lambda: terminal().list_readers(actor)).success(listed).failure(self._failed)
         .owned_by(self).run_in(self._executor))

    def present(self, card: TestCard) -> None:
        reader_id = self.reader_combo.currentData()
        if not reader_id:
            self.result_label.setText(self.tr("No simulated reader yet; wait a moment and try again."))
            return

        def shown(action: Any) -> None:
            if action is None:
                self.result_label.setText(self.tr("The reader had no payment waiting. Start one from the payment "
                                                  "window."))
            elif action.status == "succeeded":
                self.result_label.setText(self.tr("{card}: the reader approved it.").format(card=card_label(card)))
            else:
                reason = render(explain_failure(action.failure_code, action.failure_message)) or action.failure_code
                self.result_label.setText(self.tr("{card}: {reason}").format(card=card_label(card), reason=reason))

        terminal, actor = self._terminal, self._actor()
        (Operation(lambda: terminal().present_test_card(actor, reader_id, card.number, interac=card.interac))
         .success(shown).failure(self._failed).owned_by(self).run_in(self._executor))

    def pay_on_the_phone(self) -> None:
        url = self._hosted_url()
        if not url:
            self.result_label.setText(self.tr("No hosted page is waiting. In the payment window choose \"Hosted page "
                                              "(QR code)\" first."))
            return

        def paid(problem: str | None) -> None:
            self.result_label.setText(problem or self.tr("The student paid on the phone with the Visa test card."))

        terminal, actor = self._terminal, self._actor()
        self.result_label.setText(self.tr("Paying on the phone…"))
        (Operation(lambda: terminal().pay_hosted_page(actor, url)).success(paid).failure(self._failed)
         .owned_by(self).run_in(self._executor))

    def _failed(self, error: BaseException) -> None:
        self.result_label.setText(describe_error(error))


@dataclass(frozen=True)
class InboxMessage:
    path: Path
    to: str
    subject: str
    date: str
    text: str
    attachments: tuple[str, ...]


def read_inbox(folder: Path) -> list[InboxMessage]:
    """The .eml files of the training inbox, newest first (the file mailer names them by UTC time sent)."""
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: p.name, reverse=True):
        parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        body = parsed.get_body(preferencelist=("plain", "html"))
        attachments = tuple(part.get_filename() or "attachment" for part in parsed.iter_attachments())
        messages.append(InboxMessage(path, str(parsed["To"] or ""), str(parsed["Subject"] or ""),
                                     str(parsed["Date"] or ""), body.get_content() if body is not None else "",
                                     attachments))
    return messages


class TrainingInboxView(QWidget):
    """Lists the training inbox and shows the chosen email; refreshes itself every few seconds."""

    REFRESH_MS = 3000

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        close_on_escape(self)
        self.setObjectName("trainingInbox")
        self.setWindowTitle(self.tr("Training — inbox"))
        self.resize(820, 520)
        self._folder = folder
        self._messages: list[InboxMessage] = []
        self.list_widget = QListWidget(self)
        self.list_widget.setAccessibleName(self.tr("Emails"))
        self.list_widget.setWordWrap(True)
        self.body_view = QPlainTextEdit(self)
        self.body_view.setReadOnly(True)
        self.body_view.setAccessibleName(self.tr("Email"))
        self.empty_label = QLabel(
            self.tr("No email yet. Emails sent in training appear here ({folder}).").format(folder=folder), self
        )
        self.empty_label.setWordWrap(True)
        refresh = QPushButton(self.tr("&Refresh"), self)
        refresh.clicked.connect(self.refresh)
        splitter = QSplitter(self)
        splitter.addWidget(self.list_widget)
        splitter.addWidget(self.body_view)
        splitter.setSizes([320, 500])
        top = QHBoxLayout()
        top.addWidget(self.empty_label, 1)
        top.addStretch(0)
        top.addWidget(refresh, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.list_widget.currentRowChanged.connect(self.on_message_selected)
        self._timer = QTimer(self, interval=self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        # A handful of small local files: read on the UI thread; it takes well under a millisecond each.
        messages = read_inbox(self._folder)
        if [m.path for m in messages] == [m.path for m in self._messages]:
            return
        current = self.list_widget.currentRow()
        self._messages = messages
        self.list_widget.clear()
        for message in messages:
            item = QListWidgetItem(self.tr("{subject}\nto {to}").format(subject=message.subject, to=message.to))
            item.setToolTip(message.date)
            self.list_widget.addItem(item)
        self.empty_label.setVisible(not messages)
        if messages:
            self.list_widget.setCurrentRow(0 if current < 0 else min(current, len(messages) - 1))

    def on_message_selected(self, row: int) -> None:
        if not 0 <= row < len(self._messages):
            self.body_view.clear()
            return
        m = self._messages[row]
        attached = self.tr("\nAttached: {join}").format(join=', '.join(m.attachments)) if m.attachments else ""
        self.body_view.setPlainText(
            self.tr("To: {to}\nSubject: {subject}\nDate: {date}{attached}\n\n{text}").format(
                to=m.to, subject=m.subject, date=m.date, attached=attached, text=m.text
            )
        )

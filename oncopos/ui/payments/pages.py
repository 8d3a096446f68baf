"""The pages of the payment window, one per step. Widgets only: `PaymentDialog` drives them."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_label
from oncopos.services.payments.records import PaymentView
from oncopos.ui.messages import MessageLabel

#: The side of the hosted page's QR code, in pixels (the code is drawn to fit inside it).
QR_SIDE = 220


def _label(text: str = "", parent: QWidget | None = None, *, name: str | None = None, selectable: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _error(parent: QWidget) -> MessageLabel:
    label = MessageLabel(parent)  # an error unless shown with show_message(..., Tone.SUCCESS)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _waiting(parent: QWidget) -> QLabel:
    """What the desk is waiting for while a call to Stripe runs (and how long it waits at most)."""
    label = _label("", parent, name="waitingLabel")
    label.hide()
    return label


def untaxed_words(treatment: str) -> str | None:
    """How an enrollment that carries no tax says so, instead of a row of "$0.00" taxes."""
    if treatment == "exempt":
        return QCoreApplication.translate("PaymentPages", "exempt from GST/HST and QST")
    if treatment == "zero_rated":
        return QCoreApplication.translate("PaymentPages", "zero-rated (0 % tax)")
    return None


def tax_text(view: PaymentView, locale: str, treatment: str = "taxable") -> str:
    """'Before tax $1,000.00 · HST 13% $130.00 · Total $1,130.00' for the amount being quoted;
    'Total $6,500.00 · exempt from GST/HST and QST' for a program that carries no tax."""
    words = untaxed_words(treatment)
    if words is not None and view.tax_cents == 0:
        return QCoreApplication.translate("PaymentPages", "Total {total} · {untaxed}").format(
            total=format_cents(view.amount_cents, locale), untaxed=words)
    parts = [QCoreApplication.translate("pages", "Before tax {amount}").format(amount=format_cents(view.pre_tax_cents, locale))]
    for share in view.tax_shares:  # "HST 13% $130.00" / "TVH 13 % 130,00 $"
        parts.append(f"{component_label(share.name, share.rate, locale)} {format_cents(share.amount_cents, locale)}")
    parts.append(QCoreApplication.translate("pages", "Total {amount}").format(amount=format_cents(view.amount_cents, locale)))
    return " · ".join(parts)


class AmountPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = _label("", self, name="pageHeading")
        self.balance_label = _label("", self)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setAccessibleName(self.tr("Amount to collect"))
        self.tax_label = _label("", self, name="taxBreakdown")
        self.error_label = _error(self)
        self.send_button = QPushButton(self.tr("&Send code"), self)
        self.send_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("&Amount to collect:"), self.amount_edit)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.balance_label)
        layout.addLayout(form)
        layout.addWidget(self.tax_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignRight)

    def add_others(self, box: QWidget) -> None:
        """The other enrollments to pay at once, under the amount; Tab goes amount -> each line -> Send."""
        self._layout.insertWidget(3, box)
        chain = [self.amount_edit, *[w for w in box.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus],
                 self.send_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)


class CodePage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.sent_label = _label("", self)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setAccessibleName(self.tr("One-time code"))
        self.code_edit.setMaxLength(10)
        self.code_edit.setInputMask("")
        self.error_label = _error(self)
        self.resend_button = QPushButton(self.tr("&Resend code"), self)
        self.resend_button.setAutoDefault(False)
        self.confirm_button = QPushButton(self.tr("&Confirm code"), self)
        self.confirm_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("&Code the student reads out:"), self.code_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sent_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)


class MethodPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = _label(self.tr("How will the student pay?"), self, name="pageHeading")
        self.readers_list = QListWidget(self)
        self.readers_list.setObjectName("readersList")
        self.readers_list.setAccessibleName(self.tr("Card readers"))
        self.error_label = _error(self)
        self.waiting_label = _waiting(self)
        self.hosted_button = QPushButton(self.tr("&Hosted page (QR code)"), self)
        self.hosted_button.setAutoDefault(False)
        self.reader_button = QPushButton(self.tr("Charge on &reader"), self)
        self.reader_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hosted_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reader_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(_label(self.tr("Card reader (tap, insert or swipe; Interac accepted):"), self))
        layout.addWidget(self.readers_list, 1)
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)


class ProgressPage(QWidget):
    """Waiting for the reader or the hosted page; a decline shows here with Retry."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.status_label = _label("", self, name="pageHeading")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.qr_label = QLabel(self)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The code keeps its size whatever appears below it (a message, a note): a squeezed code is
        # clipped, and a phone cannot read a clipped code. The window grows instead.
        self.qr_label.setFixedSize(QR_SIDE, QR_SIDE)
        self.qr_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.qr_label.setAccessibleName(self.tr("QR code of the payment page"))
        self.link_label = _label("", self, selectable=True)
        self.countdown_label = _label("", self)
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText(self.tr("student's email on file"))
        self.email_edit.setAccessibleName(self.tr("Email the link to"))
        self.email_button = QPushButton(self.tr("&Email link"), self)
        self.email_button.setAutoDefault(False)
        self.email_row = QWidget(self)
        row = QHBoxLayout(self.email_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.email_edit, 1)
        row.addWidget(self.email_button)
        self.note_label = _label("", self, name="noteLabel")
        self.note_label.hide()
        self.error_label = _error(self)
        self.waiting_label = _waiting(self)
        self.cancel_button = QPushButton(self.tr("Cancel payment"), self)
        self.cancel_button.setAutoDefault(False)
        self.retry_button = QPushButton(self.tr("&Retry on the reader"), self)
        self.retry_button.setDefault(True)
        self.retry_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.qr_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.link_label)
        layout.addWidget(self.countdown_label)
        layout.addWidget(self.email_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_hosted(self, hosted: bool) -> None:
        for widget in (self.qr_label, self.link_label, self.countdown_label, self.email_row):
            widget.setVisible(hosted)


class ResultPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = _label("", self, name="pageHeading")
        self.details_label = _label("", self, selectable=True)
        self.details_label.setStyleSheet("font-size: 12pt;")
        self.error_label = _error(self)
        self.print_button = QPushButton(self.tr("&Print invoice…"), self)
        self.print_button.setAutoDefault(False)
        self.email_button = QPushButton(self.tr("&Email invoice"), self)
        self.email_button.setAutoDefault(False)
        # When printing fails the message says to save the PDF: the page offers it.
        self.save_button = QPushButton(QCoreApplication.translate("ResultPage", "&Save PDF…"), self)
        self.save_button.setAutoDefault(False)
        self.done_button = QPushButton(self.tr("&Done"), self)
        self.done_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.email_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

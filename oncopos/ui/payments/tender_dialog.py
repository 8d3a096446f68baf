"""Taking cash, a cheque or an Interac e-Transfer at the desk, for one enrollment or several, or one
payment split across two tenders, one of which may be a card (the reader or the hosted page).

Every check is the core's (services/tenders); a refusal is shown as its one line under the form,
and nothing is recorded. A split with a card leg is checked whole first (nothing written), then the
card leg is taken in the payment window for its set amount (its one code, then the reader or the
hosted page), and only once Stripe says it is paid are the parts by hand recorded: a declined or
cancelled card leaves nothing by hand recorded and the balance as it was, and a card paid whose
other part could not be recorded says so, stays paid, and Record takes only the part by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.allocation import PartRequest
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.messages import msg, render
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.tender import (
    BY_HAND,
    CashTender,
    ChequeTender,
    EtransferTender,
    HandTender,
    SplitPart,
    Tender,
    tender_name,
)
from oncopos.services.payments.records import CONFIRMED, PaymentView
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.services.tenders.records import SplitReceipt, TenderReceipt
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.payments.dialog import PaymentDialog
from oncopos.ui.payments.several import OtherEnrollmentsBox, amount_of
from oncopos.ui.window_fit import place_within

#: The tenders of this dialog, in the order offered.
HAND_TENDERS = (Tender.CASH, Tender.CHEQUE, Tender.ETRANSFER)
SPLIT = "split"
CARD = "card"  # a split's leg on the reader or the hosted page: which one is chosen in the payment window

#: Opens the payment window for a split's card leg: its amount and the split's whole amount in cents
#: (the code's email names both), over the split's window, and for a split paying several
#: enrollments the card leg's line on each of them (empty for one enrollment).
CardLeg = Callable[[int, int, QWidget, Sequence[PartRequest]], PaymentDialog]


class TenderPort(Protocol):
    def take(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int, details: HandTender) -> TenderReceipt: ...

    def take_several(self, actor: Actor, parts: Sequence[PartRequest], details: HandTender) -> TenderReceipt: ...

    def check_split(self, actor: Actor, enrollment_id: uuid.UUID, total_cents: int, parts: list[SplitPart]) -> None: ...

    def record_split(self, actor: Actor, enrollment_id: uuid.UUID, total_cents: int, parts: list[SplitPart], *,
                     card_payment_id: uuid.UUID | None = None) -> SplitReceipt: ...

    def check_split_several(self, actor: Actor, lines: Sequence[PartRequest],
                            parts: list[SplitPart]) -> tuple[tuple[PartRequest, ...], ...]: ...

    def record_split_several(self, actor: Actor, lines: Sequence[PartRequest], parts: list[SplitPart], *,
                             card_payment_id: uuid.UUID | None = None) -> SplitReceipt: ...

    def record(self, actor: Actor, payment_id: uuid.UUID, details: HandTender) -> TenderReceipt: ...

    def needs_code(self, tender: Tender | str) -> bool: ...

    def today(self) -> date: ...


class CodePort(Protocol):
    """The payment flow's quote and one-time code (PaymentService), for a tender the desk's settings
    say needs the student's code: quoted, the code sent and confirmed, then the tender recorded."""

    def start(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int) -> PaymentView: ...

    def start_several(self, actor: Actor, parts: Sequence[PartRequest]) -> PaymentView: ...

    def send_code(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView: ...

    def confirm_code(self, actor: Actor, payment_id: uuid.UUID, code: str) -> PaymentView: ...

    def cancel(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView: ...


class TenderFields(QWidget):
    """One tender's facts: its kind, and the fields that kind asks for."""

    def __init__(self, name: str, locale: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locale = locale
        self.setObjectName(name)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName(f"{name}Kind")
        for tender in HAND_TENDERS:  # named as the invoice and the end-of-day report name them
            self.kind_combo.addItem(render(msg(f"tender.label.{tender.value}"), locale), tender.value)
        self.pages = QStackedWidget(self)
        # cash
        cash = QWidget(self.pages)
        self.tendered_edit = QLineEdit(cash)
        self.tendered_edit.setObjectName(f"{name}Tendered")
        self.tendered_edit.setPlaceholderText(self.tr("e.g. 60.00"))
        cash_form = QFormLayout(cash)
        cash_form.addRow(self.tr("Cash &handed over"), self.tendered_edit)
        # cheque
        cheque = QWidget(self.pages)
        self.cheque_number_edit = QLineEdit(cheque)
        self.cheque_number_edit.setObjectName(f"{name}ChequeNumber")
        self.cheque_bank_edit = QLineEdit(cheque)
        self.cheque_bank_edit.setObjectName(f"{name}ChequeBank")
        self.cheque_bank_edit.setPlaceholderText(self.tr("e.g. RBC, Desjardins"))
        # The desk's day in the business time zone (the day the service checks a cheque against), not
        # the computer's: at 9 p.m. in Toronto on a computer kept on UTC, its date is tomorrow, and a
        # cheque dated so would be refused as post-dated.
        self.cheque_date_edit = QDateEdit(QDate(today.year, today.month, today.day), cheque)
        self.cheque_date_edit.setObjectName(f"{name}ChequeDate")
        self.cheque_date_edit.setCalendarPopup(True)
        self.cheque_date_edit.setDisplayFormat("yyyy-MM-dd")
        cheque_form = QFormLayout(cheque)
        cheque_form.addRow(self.tr("Cheque &number"), self.cheque_number_edit)
        cheque_form.addRow(self.tr("&Bank"), self.cheque_bank_edit)
        cheque_form.addRow(self.tr("&Date on the cheque"), self.cheque_date_edit)
        # e-Transfer
        transfer = QWidget(self.pages)
        self.reference_edit = QLineEdit(transfer)
        self.reference_edit.setObjectName(f"{name}Reference")
        self.sender_edit = QLineEdit(transfer)
        self.sender_edit.setObjectName(f"{name}Sender")
        transfer_form = QFormLayout(transfer)
        transfer_form.addRow(self.tr("&Reference number"), self.reference_edit)
        transfer_form.addRow(self.tr("&Sent by"), self.sender_edit)
        # a card leg: nothing to type here, the payment window takes it
        card = QLabel(self.tr("Charged first, in the payment window: the student's code, then the card reader "
                              "or the hosted page. The other part is recorded once the card is paid."), self.pages)
        card.setWordWrap(True)
        for page in (cash, cheque, transfer, card):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.pages)
        self.kind_combo.currentIndexChanged.connect(self.pages.setCurrentIndex)

    def offer_card(self, offered: bool) -> None:
        """The card leg is a choice of a split only (a card alone is Payment > Take payment…)."""
        has = self.kind_combo.count() > len(HAND_TENDERS)
        if offered and not has:
            self.kind_combo.addItem(self.tr("Card: reader or hosted page"), CARD)
        elif has and not offered:
            self.kind_combo.removeItem(len(HAND_TENDERS))

    @property
    def by_card(self) -> bool:
        return self.kind_combo.currentData() == CARD

    def tender(self) -> Tender:
        # The reader stands for the card leg until the payment window says which way it was paid.
        return Tender.READER if self.by_card else Tender(self.kind_combo.currentData())

    def choose(self, tender: Tender) -> None:
        self.kind_combo.setCurrentIndex(HAND_TENDERS.index(tender))

    def details(self) -> HandTender | None:
        """What was typed, as the core's value (None for a card leg); an amount that cannot be read raises InvalidAmount."""
        if self.by_card:
            return None
        tender = self.tender()
        if tender is Tender.CASH:
            text = self.tendered_edit.text().strip()
            if not text:
                raise InvalidAmount(self.tr("Enter the cash the student handed over. Nothing was recorded."))
            return CashTender(parse_amount(text, self._locale))
        if tender is Tender.CHEQUE:
            return ChequeTender(self.cheque_number_edit.text(), self.cheque_bank_edit.text(),
                                self.cheque_date_edit.date().toPython())  # type: ignore[arg-type]
        return EtransferTender(self.reference_edit.text(), self.sender_edit.text())


class TenderDialog(QDialog):
    """Cash, cheque or e-Transfer for the selected enrollment (and the student's others), or one
    payment split in two parts, one of which may be a card."""

    recorded = Signal(object)  # a TenderReceipt or a SplitReceipt

    def __init__(self, tenders: TenderPort, actor: Actor, student: StudentSummary, enrollment: EnrollmentSummary, *,
                 executor: Executor, locale: str = "en-CA", parent: QWidget | None = None,
                 card_leg: CardLeg | None = None, others: Sequence[EnrollmentSummary] = (),
                 codes: Callable[[], CodePort] | None = None) -> None:
        super().__init__(parent)
        self._tenders = tenders
        self._codes = codes
        #: A tender that needs the student's code: its payment, quoted and the code sent, until recorded.
        self.coded: PaymentView | None = None
        self._actor = actor
        self._enrollment = enrollment
        self._executor = executor
        self._locale = locale
        self._card_leg = card_leg
        self.card_dialog: PaymentDialog | None = None
        #: The split's card leg once Stripe said it is paid: never charged again, only the rest recorded.
        self.paid_card: PaymentView | None = None
        self.operation: Operation[object] | None = None
        self.setObjectName("tenderDialog")
        self.setWindowTitle(self.tr("Cash, cheque or e-Transfer — OncoPOS"))
        self.setModal(True)

        owing = format_cents(enrollment.balance_cents, locale)
        self.intro_label = QLabel(self.tr("{student} — {course}: {owing} owing.").format(
            student=student.display_name, course=enrollment.course_name, owing=owing), self)
        self.intro_label.setWordWrap(True)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("tenderModeCombo")
        self.mode_combo.addItem(self.tr("One tender"), "one")
        self.mode_combo.addItem(self.tr("Split across two tenders"), SPLIT)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("tenderAmountEdit")
        self.amount_edit.setText(format_cents(enrollment.balance_cents, locale, currency=False))
        top = self.top_form = QFormLayout()
        top.addRow(self.tr("&Payment"), self.mode_combo)
        self.amount_label = QLabel(self.tr("&Amount paid"), self)
        self.amount_label.setBuddy(self.amount_edit)
        top.addRow(self.amount_label, self.amount_edit)
        # The student's other enrollments that owe, paid with the same tender (a program and its kit).
        self.others_box = OtherEnrollmentsBox(others, locale, self)
        # With other enrollments ticked, the amount above is the first one's line: the whole is said here,
        # since a split's parts add up to it.
        self.total_label = QLabel(self)
        self.total_label.setObjectName("severalTotalLabel")
        self.total_label.setWordWrap(True)
        self.total_label.hide()

        today = tenders.today()
        self.first = TenderFields("firstTender", locale, today, self)
        self.second = TenderFields("secondTender", locale, today, self)
        self.second.choose(Tender.CHEQUE)
        self.first_amount_edit = QLineEdit(self)
        self.first_amount_edit.setObjectName("firstPartAmount")
        self.second_amount_edit = QLineEdit(self)
        self.second_amount_edit.setObjectName("secondPartAmount")
        self.first_box = QGroupBox(self.tr("Tender"), self)
        first_layout = QFormLayout(self.first_box)
        self.first_amount_label = QLabel(self.tr("Part amount"), self.first_box)
        first_layout.addRow(self.first_amount_label, self.first_amount_edit)
        first_layout.addRow(self.first)
        self.second_box = QGroupBox(self.tr("Second part"), self)
        second_layout = QFormLayout(self.second_box)
        second_layout.addRow(self.tr("Part amount"), self.second_amount_edit)
        second_layout.addRow(self.second)

        # A tender the desk's settings say needs the student's code (TENDERS_NEEDING_CODE): typed here.
        self.code_box = QGroupBox(self.tr("Student's one-time code"), self)
        self.code_box.setObjectName("tenderCodeBox")
        code_layout = QFormLayout(self.code_box)
        self.code_sent_label = QLabel(self.code_box)
        self.code_sent_label.setWordWrap(True)
        self.code_edit = QLineEdit(self.code_box)
        self.code_edit.setObjectName("tenderCodeEdit")
        code_layout.addRow(self.code_sent_label)
        code_layout.addRow(self.tr("&Code"), self.code_edit)
        self.code_box.hide()
        # A split paying several enrollments: how each part is shared over them, said before it is recorded.
        self.shared_label = QLabel(self.tr("Each part is shared over the enrollments ticked above in proportion "
                                           "to their amounts, and has its own invoice with a line per enrollment."),
                                   self)
        self.shared_label.setObjectName("splitSharedLabel")
        self.shared_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #8a1c12;")
        self.error_label.hide()
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = self.buttons.addButton(self.tr("&Record payment"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordTenderButton")
        self.buttons.accepted.connect(self.on_record_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(top)
        layout.addWidget(self.others_box)
        layout.addWidget(self.total_label)
        layout.addWidget(self.first_box)
        layout.addWidget(self.second_box)
        layout.addWidget(self.shared_label)
        layout.addWidget(self.code_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._show_mode())
        self.others_box.changed.connect(self._show_shared)
        self.others_box.changed.connect(self._show_total)
        self.amount_edit.textChanged.connect(lambda _t: self._show_total())
        self._show_mode()
        self.resize(480, self.sizeHint().height())

    @property
    def split(self) -> bool:
        return self.mode_combo.currentData() == SPLIT

    def _show_mode(self) -> None:
        self.second_box.setVisible(self.split)
        self.first_amount_label.setVisible(self.split)
        self.first_amount_edit.setVisible(self.split)
        self.others_box.setVisible(bool(self.others_box.rows))  # one tender or a split: both pay several
        self._show_shared()
        self.first_box.setTitle(self.tr("First part") if self.split else self.tr("Tender"))
        for fields in (self.first, self.second):
            fields.offer_card(self.split and self._card_leg is not None)
        self._fit()

    def _show_shared(self) -> None:
        shown = self.split and bool(self.others_box.chosen())
        if shown != self.shared_label.isVisibleTo(self):
            self.shared_label.setVisible(shown)
            self._fit()

    def _show_total(self) -> None:
        """The amount's row names the enrollment it pays once others are ticked, and the total is said."""
        several = bool(self.others_box.chosen())
        self.amount_label.setText(self.tr("&Amount for {course_name}").format(course_name=self._enrollment.course_name)
                                  if several else self.tr("&Amount paid"))
        text = ""
        if several:
            try:
                lines = self._lines(self._amount(self.amount_edit))
            except InvalidInput:
                lines = []  # an amount being typed: its own error is said on Record
            if lines:
                text = self.tr("Total of this payment: {amount} for {count} enrollments.").format(
                    amount=format_cents(amount_of(lines), self._locale), count=len(lines))
        self.total_label.setText(text)
        if bool(text) != self.total_label.isVisibleTo(self):
            self.total_label.setVisible(bool(text))
            self._fit()

    def _fit(self) -> None:
        """As tall as the parts now shown need, and still within the screen (a split is much taller)."""
        self.adjustSize()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            # adjustSize takes a wrapped label's one-line hint; at this width a long French outcome needs more lines.
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))
        screen = self.screen()
        if self.isVisible() and screen is not None:
            place_within(self, screen.availableGeometry())

    def _amount(self, edit: QLineEdit) -> int:
        return parse_amount(edit.text().strip(), self._locale)

    def _parts(self) -> list[SplitPart]:
        return [SplitPart(self._amount(self.first_amount_edit), self.first.tender(), self.first.details()),
                SplitPart(self._amount(self.second_amount_edit), self.second.tender(), self.second.details())]

    def _lines(self, amount_cents: int) -> list[PartRequest]:
        """The enrollments the payment pays: the one it was opened for, then each ticked one."""
        return self.others_box.requests(self._enrollment.id, amount_cents)

    def on_record_clicked(self) -> None:
        self.error_label.hide()
        try:
            total = self._amount(self.amount_edit)
            if self.split:
                parts = self._parts()
                lines = self._lines(total)
                by_card = [p for p in parts if p.tender not in BY_HAND]
                if self.paid_card is not None:  # the card leg is paid: only the part by hand is left
                    self._record_split(total, parts)
                    return
                if by_card and self._card_leg is not None:
                    self._check_then_charge(total, parts, by_card[0].amount_cents)
                    return
                operation: Operation[object] = (
                    Operation(self._tenders.record_split_several, self._actor, lines, parts) if len(lines) > 1
                    else Operation(self._tenders.record_split, self._actor, self._enrollment.id, total, parts))
            else:
                details = self.first.details()
                assert details is not None  # a card is offered in a split only
                requests = self.others_box.requests(self._enrollment.id, total)
                if self._codes is not None and self._tenders.needs_code(self.first.tender()):
                    self._with_code(requests, details)
                    return
                operation = (Operation(self._tenders.take_several, self._actor, requests, details) if len(requests) > 1
                             else Operation(self._tenders.take, self._actor, self._enrollment.id, total, details))
        except InvalidInput as bad:
            self.show_error(bad.text())
            return
        self._run(operation, self.on_recorded)

    # --- a tender that needs the student's code -------------------------------------------------
    def _with_code(self, requests: list[PartRequest], details: HandTender) -> None:
        """First Record: quote the payment and email the code. Next: confirm the code, then record."""
        assert self._codes is not None
        codes, actor = self._codes, self._actor
        if self.coded is None:
            def quote_and_send() -> PaymentView:
                port = codes()
                quoted = (port.start_several(actor, requests) if len(requests) > 1
                          else port.start(actor, requests[0].enrollment_id, requests[0].amount_cents))
                return port.send_code(actor, quoted.id)
            self._run(Operation(quote_and_send), self.on_code_sent)
            return
        payment_id = self.coded.id
        if self.coded.status == CONFIRMED:  # the code was right and the tender's facts were not: record again
            self._run(Operation(self._tenders.record, actor, payment_id, details), self.on_recorded)
            return
        code = self.code_edit.text().strip()
        if not code:
            self.show_error(self.tr("Type the code the student reads from their email, then Record payment."))
            return
        self._run(Operation(lambda: codes().confirm_code(actor, payment_id, code)),
                  lambda view: self.on_code_confirmed(view, details))

    def on_code_confirmed(self, view: object, details: HandTender) -> None:
        assert isinstance(view, PaymentView)
        self.coded = view
        self.code_edit.setEnabled(False)  # used: a facts' correction needs no new code
        self._run(Operation(self._tenders.record, self._actor, view.id, details), self.on_recorded)

    def on_code_sent(self, view: object) -> None:
        assert isinstance(view, PaymentView)
        self.coded = view
        self.record_button.setEnabled(True)
        # The amount and the tender are those the code was sent for: not changed any more.
        for widget in (self.mode_combo, self.amount_edit, self.others_box, self.first.kind_combo):
            widget.setEnabled(False)
        self.code_sent_label.setText(self.tr("This desk asks for the student's code for {tender}. It was emailed to "
                                             "the student: type the code they read back, then Record payment.").format(
            tender=render(tender_name(self.first.tender()), self._locale)))
        self.code_box.show()
        self._fit()
        self.code_edit.setFocus()

    def reject(self) -> None:
        """Closed before the tender was recorded: the quoted payment is cancelled (nothing was taken)."""
        coded, codes = self.coded, self._codes
        if coded is not None and codes is not None and self.record_button.isVisible():
            actor = self._actor
            Operation(lambda: codes().cancel(actor, coded.id)).run_in(self._executor)
        super().reject()

    def _run(self, operation: Operation[object], on_success: Callable[[object], None]) -> None:
        self.record_button.setEnabled(False)
        self.operation = (operation.success(on_success).failure(self.on_failed).owned_by(self)
                          .with_progress(self.tr("Recording the payment…"), self).run_in(self._executor))

    # --- the card leg of a split ---------------------------------------------------------------
    def _check_then_charge(self, total: int, parts: list[SplitPart], card_cents: int) -> None:
        """Every check of the whole split first (nothing written), then the card leg in the payment window."""
        lines = self._lines(total)
        if len(lines) > 1:  # the card leg is charged with its own line on each enrollment, as the check shares it
            card_at = next(i for i, p in enumerate(parts) if p.tender not in BY_HAND)
            several: Operation[object] = Operation(self._tenders.check_split_several, self._actor, lines, parts)
            self._run(several, lambda legs: self._charge_card(card_cents, amount_of(lines),
                                                              legs[card_at]))  # type: ignore[index]
            return
        check: Operation[object] = Operation(self._tenders.check_split, self._actor, self._enrollment.id, total, parts)
        self._run(check, lambda _none: self._charge_card(card_cents, total, ()))

    def _charge_card(self, card_cents: int, total: int, card_lines: Sequence[PartRequest]) -> None:
        assert self._card_leg is not None
        self.result_label.setText(self.tr("Card part of {amount}: take it in the payment window.").format(
            amount=format_cents(card_cents, self._locale)))
        self.result_label.show()
        self.card_dialog = self._card_leg(card_cents, total, self, card_lines)
        self.card_dialog.payment_finished.connect(self.on_card_finished)
        self.card_dialog.finished.connect(lambda _result: self.on_card_window_closed())

    def on_card_finished(self, view: PaymentView) -> None:
        """Stripe's last word on the card leg: paid, then the part by hand is recorded at once."""
        if not view.succeeded:
            return  # said when the payment window closes (the registrar may still start again there)
        self.paid_card = view
        for widget in (self.mode_combo, self.amount_edit, self.others_box, *self._card_fields()):
            widget.setEnabled(False)  # what the card paid is settled
        self.result_label.setText(self.tr("Card part of {amount} paid, invoice {invoice}; balance then {balance}. "
                                          "Recording the other part…").format(
            amount=format_cents(view.amount_cents, self._locale), invoice=view.invoice_number or self.tr("(issued shortly)"),
            balance=format_cents(view.balance_before_cents - view.amount_cents, self._locale)))
        self.result_label.show()
        try:
            total, parts = self._amount(self.amount_edit), self._parts()
        except InvalidInput as bad:  # read before the charge: only a hand edit since could fail
            self.show_error(bad.text())
            self.record_button.setEnabled(True)
            return
        self._record_split(total, parts)

    def _card_fields(self) -> list[QWidget]:
        fields = self.first if self.first.by_card else self.second
        amount = self.first_amount_edit if fields is self.first else self.second_amount_edit
        return [fields.kind_combo, amount]

    def on_card_window_closed(self) -> None:
        if self.paid_card is not None:
            return
        view = self.card_dialog.payment if self.card_dialog is not None else None
        status = view.status if view is not None else None
        self.result_label.hide()
        self.record_button.setEnabled(True)
        self.show_error(self.tr("The card part was not paid ({status}), so the other part was not recorded either: "
                                "the balance is unchanged. Record again to take the card once more, or change the "
                                "parts.").format(status=status_text(status)))

    def _record_split(self, total: int, parts: list[SplitPart]) -> None:
        card = self.paid_card
        assert card is not None
        way = Tender(card.method) if card.method in (Tender.READER.value, Tender.HOSTED.value) else Tender.READER
        parts = [p if p.tender in BY_HAND else SplitPart(p.amount_cents, way) for p in parts]
        lines = self._lines(total)
        operation: Operation[object] = (
            Operation(self._tenders.record_split_several, self._actor, lines, parts, card_payment_id=card.id)
            if len(lines) > 1 else
            Operation(self._tenders.record_split, self._actor, self._enrollment.id, total, parts,
                      card_payment_id=card.id))
        self._run(operation, self.on_recorded)

    # --- outcome ---------------------------------------------------------------------------------
    def on_failed(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        reason = describe_error(error)
        card = self.paid_card
        if card is not None:  # the card stays paid: say so beside why the rest was not recorded
            reason = self.tr("The card part of {amount} is paid (invoice {invoice}); the other part was not "
                             "recorded: {reason} Correct it, then Record again: the card is not charged twice.").format(
                amount=format_cents(card.amount_cents, self._locale),
                invoice=card.invoice_number or self.tr("(issued shortly)"), reason=reason)
        self.show_error(reason)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self._fit()

    def on_recorded(self, receipt: object) -> None:
        parts: tuple[TenderReceipt, ...] = receipt.parts if isinstance(receipt, SplitReceipt) else \
            (receipt,) if isinstance(receipt, TenderReceipt) else ()
        lines = []
        for part in parts:
            line = self.tr("{amount} by {tender}, invoice {invoice}.").format(
                amount=format_cents(part.amount_cents, self._locale), tender=self.tender_text(part.tender),
                invoice=part.invoice_number or self.tr("(issued shortly)"))
            if part.tender == Tender.CASH.value:
                line += " " + self.tr("Cash due {due}; change {change}.").format(
                    due=format_cents(part.due_cents, self._locale), change=format_cents(part.change_cents, self._locale))
            if part is not parts[-1]:  # the last leg's is the balance now, said once below
                line += " " + self.tr("Balance then {balance}.").format(
                    balance=format_cents(part.balance_after_cents, self._locale))
            lines.append(line)
        balance = parts[-1].balance_after_cents if parts else 0
        lines.append(self.tr("Balance now {balance}.").format(balance=format_cents(balance, self._locale)))
        self.error_label.hide()
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.record_button.hide()
        # What was typed is in the books now: the result alone, so the window stays within the screen.
        for box in (self.others_box, self.first_box, self.second_box, self.shared_label, self.code_box):
            box.hide()
        for widget in (self.mode_combo, self.amount_edit):
            self.top_form.setRowVisible(widget, False)  # the result says what each part paid
        self._fit()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.recorded.emit(receipt)

    def tender_text(self, tender: str) -> str:
        """How a tender is named inside the result's sentence."""
        if tender in BY_HAND:
            return render(tender_name(Tender(tender)), self._locale)
        return {Tender.READER.value: self.tr("card on the reader"),
                Tender.HOSTED.value: self.tr("card on the hosted page")}.get(tender, tender)


def status_text(status: str | None) -> str:
    """A payment's last status, as the card leg's refusal names it."""
    words = {"cancelled": QCoreApplication.translate("TenderDialog", "cancelled"),
             "failed": QCoreApplication.translate("TenderDialog", "declined"),
             "expired": QCoreApplication.translate("TenderDialog", "the link expired")}
    return words.get(status or "", QCoreApplication.translate("TenderDialog", "not started"))

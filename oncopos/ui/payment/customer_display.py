"""The customer display: a second window, for a screen that faces the student.

It shows what is being paid (amount and tax), the QR code of a hosted payment, where the payment
is, and a keypad on which the student can type the one-time code themselves. It holds no service
and makes no call: the payment window drives it (`show_*`) and listens to `code_entered`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from oncopos.domain.money import format_cents
from oncopos.services.payments.records import PaymentView
from oncopos.ui.payment.qr import qr_pixmap

IDLE_TEXT = "Welcome to {business}"


def display_title(business_name: str) -> str:
    return f"{business_name} — customer display"


class CustomerDisplayWindow(QWidget):
    code_entered = Signal(str)  # the digits the student typed, when they press OK

    def __init__(self, business_name: str, locale: str = "en-CA", *, code_length: int = 6,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(display_title(business_name))
        self.setStyleSheet("#customerDisplay { background: #ffffff; } #cdAmount { font-size: 30pt; font-weight: bold; }"
                           " #cdStatus { font-size: 16pt; } #cdTitle { font-size: 14pt; color: #3d4650; }"
                           " QPushButton#cdKey { font-size: 18pt; min-width: 64px; min-height: 48px; }")
        self._business = business_name
        self._locale = locale
        self._code_length = code_length
        self.resize(520, 640)

        self.title_label = QLabel(IDLE_TEXT.format(business=business_name), self)
        self.title_label.setObjectName("cdTitle")
        self.amount_label = QLabel("", self)
        self.amount_label.setObjectName("cdAmount")
        self.tax_label = QLabel("", self)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("cdStatus")
        self.status_label.setWordWrap(True)
        for label in (self.title_label, self.amount_label, self.tax_label, self.status_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)

        self.pages = QStackedWidget(self)
        self.blank_page = QWidget(self.pages)
        self.qr_label = QLabel(self.pages)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setAccessibleName("QR code of the payment page")
        self.keypad_page = self._build_keypad()
        for page in (self.blank_page, self.qr_label, self.keypad_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.tax_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status_label)
        self.show_idle()

    def _build_keypad(self) -> QWidget:
        page = QWidget(self.pages)
        self.code_edit = QLineEdit(page)
        self.code_edit.setObjectName("cdCodeEdit")
        self.code_edit.setMaxLength(self._code_length)
        self.code_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_edit.setEchoMode(QLineEdit.EchoMode.Password)  # staff and the queue need not see it
        self.code_edit.setAccessibleName("One-time code")
        self.code_edit.setStyleSheet("font-size: 22pt; letter-spacing: 6px;")
        self.code_edit.returnPressed.connect(self.on_ok_clicked)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, text in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            button = QPushButton(text, page)
            button.setObjectName("cdKey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, t=text: self.on_key_clicked(t))
            grid.addWidget(button, i // 3, i % 3)
            self.keys[text] = button
        layout = QVBoxLayout(page)
        prompt = QLabel("Type the code from your email", page)
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(prompt)
        layout.addWidget(self.code_edit)
        layout.addLayout(grid)
        return page

    # --- driven by the payment window ----------------------------------------------------------
    def show_idle(self) -> None:
        self.title_label.setText(IDLE_TEXT.format(business=self._business))
        self.amount_label.setText("")
        self.tax_label.setText("")
        self.status_label.setText("")
        self.pages.setCurrentWidget(self.blank_page)

    def show_amount(self, view: PaymentView, course: str) -> None:
        self.title_label.setText(course)
        self.amount_label.setText(format_cents(view.amount_cents, self._locale))
        taxes = ", ".join(f"{s.name} {format_cents(s.amount_cents, self._locale)}" for s in view.tax_shares
                          if s.amount_cents)
        self.tax_label.setText(f"Including {taxes}" if taxes else "No tax")

    def ask_for_code(self, sent_to: str) -> None:
        self.code_edit.clear()
        self.status_label.setText(f"We emailed a code to {sent_to}.")
        self.pages.setCurrentWidget(self.keypad_page)

    def show_code_problem(self, message: str) -> None:
        self.code_edit.clear()
        self.status_label.setText(message)

    def show_status(self, text: str) -> None:
        self.pages.setCurrentWidget(self.blank_page)
        self.status_label.setText(text)

    def show_qr(self, url: str, text: str) -> None:
        self.qr_label.setPixmap(qr_pixmap(url, size=320))
        self.pages.setCurrentWidget(self.qr_label)
        self.status_label.setText(text)

    # --- the student's keypad ------------------------------------------------------------------
    def on_key_clicked(self, text: str) -> None:
        if text == "⌫":
            self.code_edit.backspace()
        elif text == "OK":
            self.on_ok_clicked()
        else:
            self.code_edit.insert(text)

    def on_ok_clicked(self) -> None:
        code = self.code_edit.text().strip()
        if len(code) != self._code_length:
            self.status_label.setText(f"The code has {self._code_length} digits.")
            return
        self.status_label.setText("Checking…")
        self.code_entered.emit(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.keypad_page and event.text().isdigit():
            self.code_edit.insert(event.text())
            return
        super().keyPressEvent(event)

"""The customer display: a second window, for a screen that faces the student.

It shows what is being paid (amount and tax), the QR code of a hosted payment, where the payment
is, and a keypad on which the student can type the one-time code themselves. It holds no service
and makes no call: the payment window drives it (`show_*`) and listens to `code_entered`.

It speaks the student's language (their preferred language on file, else the desk's), whatever
language the desk's own screen is in, and the student can switch it with one touch. So its texts
are `DisplayText`s, translated here, and it keeps what it shows to say it again after a switch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from oncopos.domain.messages import Message, render
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_name
from oncopos.services.payments.records import PaymentView
from oncopos.ui.i18n import ENGLISH, FRENCH, LANGUAGE_NAMES, QT_TRANSLATE_NOOP, language_of, translate_in
from oncopos.ui.language_menu import OWN_LANGUAGE
from oncopos.ui.payments.qr import qr_pixmap

#: The translation context of every text on the display.
CONTEXT = "CustomerDisplayWindow"
IDLE_TEXT = QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Welcome to {business}")


@dataclass(frozen=True)
class DisplayText:
    """A text for the display, said in the display's language: `source` is marked with
    ``QT_TRANSLATE_NOOP("CustomerDisplayWindow", ...)``; `values` fill its {placeholders}."""

    source: str
    values: Mapping[str, str] = field(default_factory=dict)

    def render(self, language: str) -> str:
        return translate_in(language, CONTEXT, self.source).format(**self.values)


class Sayable(Protocol):
    def render(self, language: str) -> str: ...


#: A core message (oncopos.domain.messages) is said in the display's language too; a plain str is a
#: sentence the catalogue may know in English (a stored decline), else words shown as they are.
Shown = Sayable | Message | str


def display_title(business_name: str, language: str = ENGLISH) -> str:
    return DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "{business} — customer display"),
                       {"business": business_name}).render(language)


class CustomerDisplayWindow(QWidget):
    code_entered = Signal(str)  # the digits the student typed, when they press OK
    language_changed = Signal(str)  # "fr-CA" / "en-CA": the display now speaks it

    def __init__(self, business_name: str, locale: str = "en-CA", *, code_length: int = 6,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerDisplay")
        self.setProperty(OWN_LANGUAGE, True)  # the desk's File > Language leaves it alone
        self.setStyleSheet("#customerDisplay { background: #ffffff; } #cdAmount { font-size: 30pt; font-weight: bold; }"
                           " #cdStatus { font-size: 16pt; } #cdTitle { font-size: 14pt; color: #3d4650; }"
                           " QPushButton#cdKey { font-size: 18pt; min-width: 64px; min-height: 48px; }"
                           " QPushButton#cdLanguage { font-size: 14pt; min-height: 40px; padding: 0 16px; }")
        self._business = business_name
        self.desk_language = language_of(locale)
        self.language = self.desk_language
        self._code_length = code_length
        # What is on screen, kept to be said again in the other language.
        self._title: Shown = DisplayText(IDLE_TEXT, {"business": business_name})
        self._tax: Shown = ""
        self._status: Shown = ""
        self._amount_cents: int | None = None
        self.resize(520, 640)

        self.language_button = QPushButton(self)
        self.language_button.setObjectName("cdLanguage")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self.on_language_clicked)
        self.title_label = QLabel("", self)
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
        self.title_label.setWordWrap(True)

        self.pages = QStackedWidget(self)
        self.blank_page = QWidget(self.pages)
        self.qr_label = QLabel(self.pages)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad_page = self._build_keypad()
        for page in (self.blank_page, self.qr_label, self.keypad_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignRight)
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
        self.prompt_label = QLabel("", page)
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt_label.setWordWrap(True)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.code_edit)
        layout.addLayout(grid)
        return page

    # --- the display's language ----------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Speak `language` ("fr-CA", "fr", "en-CA") from now on, and say again what is shown."""
        self.language = language_of(language)
        self._render()
        self.language_changed.emit(self.language)

    def on_language_clicked(self) -> None:
        """The student's one touch: the other language."""
        self.set_language(ENGLISH if self.language == FRENCH else FRENCH)

    def _say(self, text: Shown) -> str:
        if isinstance(text, Message | str):
            return render(text, self.language)
        return text.render(self.language)

    def _render(self) -> None:
        other = ENGLISH if self.language == FRENCH else FRENCH
        self.language_button.setText(LANGUAGE_NAMES[other])  # named in itself: the student reads it
        self.setWindowTitle(display_title(self._business, self.language))
        self.title_label.setText(self._say(self._title))
        self.amount_label.setText(format_cents(self._amount_cents, self.language) if self._amount_cents is not None else "")
        self.tax_label.setText(self._say(self._tax))
        self.status_label.setText(self._say(self._status))
        self.qr_label.setAccessibleName(
            self._say(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "QR code of the payment page")))
        )
        self.code_edit.setAccessibleName(self._say(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "One-time code"))))
        self.prompt_label.setText(
            self._say(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Type the code from your email")))
        )

    # --- driven by the payment window ----------------------------------------------------------
    def show_idle(self) -> None:
        """Between payments: the desk's language again, for whoever comes next."""
        self._title = DisplayText(IDLE_TEXT, {"business": self._business})
        self._amount_cents, self._tax, self._status = None, "", ""
        self.pages.setCurrentWidget(self.blank_page)
        self.set_language(self.desk_language)

    def show_amount(self, view: PaymentView, course: str, language: str | None = None) -> None:
        """The amount being paid; the display turns to the student's preferred `language` ("fr",
        "en"; None: the desk's)."""
        self._title = course
        self._amount_cents = view.amount_cents
        shares = [(s.name, s.amount_cents) for s in view.tax_shares if s.amount_cents]
        self._tax = _TaxLine(tuple(shares)) if shares else DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "No tax"))
        self.set_language(language or self.desk_language)

    def ask_for_code(self, sent_to: str) -> None:
        self.code_edit.clear()
        self._status = (
            DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "We emailed a code to {email}."), {"email": sent_to})
            if sent_to
            else DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "We emailed you a code."))
        )
        self.pages.setCurrentWidget(self.keypad_page)
        self._render()

    def show_code_problem(self, message: Shown) -> None:
        self.code_edit.clear()
        self._status = message
        self._render()

    def show_status(self, text: Shown) -> None:
        self.pages.setCurrentWidget(self.blank_page)
        self._status = text
        self._render()

    def show_qr(self, url: str, text: Shown) -> None:
        self.qr_label.setPixmap(qr_pixmap(url, size=320))
        self.pages.setCurrentWidget(self.qr_label)
        self._status = text
        self._render()

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
            self.show_code_problem(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "The code has {digits} digits."),
                                               {"digits": str(self._code_length)}))
            return
        self._status = DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Checking…"))
        self._render()
        self.code_entered.emit(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.keypad_page and event.text().isdigit():
            self.code_edit.insert(event.text())
            return
        super().keyPressEvent(event)


@dataclass(frozen=True)
class _TaxLine:
    """'Including GST $5.00, QST $9.98' / 'Dont TPS 5,00 $, TVQ 9,98 $', in the display's language."""

    shares: tuple[tuple[str, int], ...]

    def render(self, language: str) -> str:
        taxes = ", ".join(f"{component_name(name, language)} {format_cents(cents, language)}"
                          for name, cents in self.shares)
        return translate_in(language, CONTEXT, QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Including {taxes}")).format(
            taxes=taxes
        )

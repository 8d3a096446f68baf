"""Sections without network checks: business details, this desk, and payments, codes and session.

Each section loads from the running `Settings` and gives back its values by environment name;
the settings store validates the whole set before anything is saved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from oncopos.config import Settings
from oncopos.domain.checks import check_gst_hst_number, check_qst_number
from oncopos.domain.tax import PROVINCES, province_name
from oncopos.ui.i18n import current_language
from oncopos.ui.save_location import documents_folder
from oncopos.ui.settings.common import CheckLabel

# The zones Canadian desks use, first; any other IANA name can be typed.
CANADIAN_ZONES = (
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "America/Whitehorse",
    "America/Yellowknife",
    "America/Iqaluit",
)


def _text(widget: QLineEdit) -> str:
    return widget.text().strip()


class Section(QWidget):
    KEYS: tuple[str, ...] = ()

    def load(self, settings: Settings) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


class BusinessSection(Section):
    KEYS = ("BUSINESS_NAME", "BUSINESS_ADDRESS", "BUSINESS_PHONE", "BUSINESS_EMAIL", "BUSINESS_LOGO",
            "GST_HST_NUMBER", "QST_NUMBER")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("businessSection")
        self.name_edit = self._edit("businessName", self.tr("e.g. OncoOne Education"))
        self.address_edit = self._edit("businessAddress", self.tr("street, suite, city, province, postal code"))
        self.phone_edit = self._edit("businessPhone", "e.g. +1 416-555-0100")
        self.email_edit = self._edit("businessEmail", self.tr("e.g. accounts@oncoone.ca (the sender of receipts)"))
        self.logo_edit = self._edit("businessLogo", self.tr("a PNG or JPEG file (optional)"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("logoBrowse")
        browse.clicked.connect(self.on_browse_clicked)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(browse)
        self.gst_edit = self._edit("gstHstNumber", self.tr("e.g. 123456782RT0001"))
        self.qst_edit = self._edit("qstNumber", self.tr("e.g. 1234567890TQ0001 (Quebec only)"))
        self.gst_check = CheckLabel("gstCheck", self)
        self.qst_check = CheckLabel("qstCheck", self)
        self.gst_edit.editingFinished.connect(lambda: self._check(self.gst_edit, self.gst_check, check_gst_hst_number))
        self.qst_edit.editingFinished.connect(lambda: self._check(self.qst_edit, self.qst_check, check_qst_number))
        form = QFormLayout(self)
        form.addRow(self.tr("Business &name"), self.name_edit)
        form.addRow(self.tr("&Address"), self.address_edit)
        form.addRow(self.tr("&Phone"), self.phone_edit)
        form.addRow(self.tr("&Email"), self.email_edit)
        logo_caption = QLabel(self.tr("&Logo"), self)
        logo_caption.setBuddy(self.logo_edit)
        form.addRow(logo_caption, logo_row)
        form.addRow(self.tr("&GST/HST number"), self.gst_edit)
        form.addRow("", self.gst_check)
        form.addRow(self.tr("&QST number"), self.qst_edit)
        form.addRow("", self.qst_check)

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _check(self, edit: QLineEdit, label: CheckLabel, check: Any) -> None:
        if _text(edit):
            label.show_result(check(_text(edit)))
        else:
            label.hide()

    def on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose the logo"), documents_folder(),
                                                      self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.logo_edit.setText(path)

    def load(self, settings: Settings) -> None:
        self.name_edit.setText(settings.business_name)
        self.address_edit.setText(settings.business_address)
        self.phone_edit.setText(settings.business_phone)
        self.email_edit.setText(settings.business_email)
        self.logo_edit.setText(str(settings.business_logo or ""))
        self.gst_edit.setText(settings.gst_hst_number or "")
        self.qst_edit.setText(settings.qst_number or "")

    def values(self) -> dict[str, Any]:
        return {
            "BUSINESS_NAME": _text(self.name_edit), "BUSINESS_ADDRESS": _text(self.address_edit),
            "BUSINESS_PHONE": _text(self.phone_edit), "BUSINESS_EMAIL": _text(self.email_edit),
            "BUSINESS_LOGO": _text(self.logo_edit), "GST_HST_NUMBER": _text(self.gst_edit),
            "QST_NUMBER": _text(self.qst_edit),
        }


class DeskSection(Section):
    KEYS = ("WORKSTATION_ID", "INVOICE_SERIES", "BUSINESS_PROVINCE", "BUSINESS_TIMEZONE", "RECEIPT_PRINTER")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskSection")
        self.workstation_edit = QLineEdit(self)
        self.workstation_edit.setObjectName("workstationId")
        self.workstation_edit.setPlaceholderText(self.tr("e.g. DESK2 (letters, digits, - or _)"))
        self.series_edit = QLineEdit(self)
        self.series_edit.setObjectName("invoiceSeries")
        self.series_edit.setPlaceholderText(self.tr("e.g. DESK2: invoice numbers become DESK2-000001, DESK2-000002, …"))
        self.province_combo = QComboBox(self)
        self.province_combo.setObjectName("province")
        for code in PROVINCES:
            self.province_combo.addItem(f"{province_name(code, current_language())} ({code})", code)
        self.zone_combo = QComboBox(self)
        self.zone_combo.setObjectName("timeZone")
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(CANADIAN_ZONES)
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("receiptPrinter")
        self.printer_combo.setEditable(True)
        self.printer_combo.addItem("")  # the system's default printer
        self.printer_combo.addItems(_printer_names())
        form = QFormLayout(self)
        form.addRow(self.tr("&Workstation id"), self.workstation_edit)
        form.addRow(self.tr("&Invoice series"), self.series_edit)
        form.addRow(self.tr("&Province"), self.province_combo)
        form.addRow(self.tr("&Time zone"), self.zone_combo)
        form.addRow(self.tr("&Receipt printer"), self.printer_combo)

    def load(self, settings: Settings) -> None:
        self.workstation_edit.setText(settings.workstation_id)
        self.series_edit.setText(settings.invoice_series)
        self.province_combo.setCurrentIndex(max(0, self.province_combo.findData(settings.business_province)))
        self.zone_combo.setCurrentText(settings.business_timezone)
        self.printer_combo.setCurrentText(settings.receipt_printer or "")

    def values(self) -> dict[str, Any]:
        return {
            "WORKSTATION_ID": _text(self.workstation_edit), "INVOICE_SERIES": _text(self.series_edit).upper(),
            "BUSINESS_PROVINCE": self.province_combo.currentData(), "BUSINESS_TIMEZONE": self.zone_combo.currentText().strip(),
            "RECEIPT_PRINTER": self.printer_combo.currentText().strip(),
        }


def _printer_names() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # a build without QtPrintSupport: the name can still be typed
        return []
    return list(QPrinterInfo.availablePrinterNames())


def _spin(parent: QWidget, name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


class LimitsSection(Section):
    """Payment limits, one-time codes (NIST SP 800-63B bounds), the idle lock and the language."""

    KEYS = ("MIN_PAYMENT_AMOUNT", "MAX_PAYMENT_AMOUNT", "PAYMENT_TIMEOUT_MINUTES", "OTP_LENGTH", "OTP_EXPIRY_MINUTES",
            "OTP_MAX_ATTEMPTS", "IDLE_LOCK_MINUTES", "ONCOPOS_LOCALE")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("limitsSection")
        self.min_edit = QLineEdit(self)
        self.min_edit.setObjectName("minPayment")
        self.max_edit = QLineEdit(self)
        self.max_edit.setObjectName("maxPayment")
        self.timeout_spin = _spin(self, "paymentTimeout", 1, 1440, " min")
        # The bounds of the spin boxes are the safe bounds: the screen cannot offer a weaker code.
        self.otp_length_spin = _spin(self, "otpLength", 6, 10, " digits")
        self.otp_expiry_spin = _spin(self, "otpExpiry", 1, 10, " min")
        self.otp_attempts_spin = _spin(self, "otpAttempts", 1, 10)
        self.idle_spin = _spin(self, "idleLock", 1, 120, " min")
        self.locale_combo = QComboBox(self)
        self.locale_combo.setObjectName("locale")
        self.locale_combo.addItem(self.tr("English (Canada)"), "en-CA")
        self.locale_combo.addItem(self.tr("Français (Canada)"), "fr-CA")
        form = QFormLayout(self)
        form.addRow(self.tr("Smallest payment ($)"), self.min_edit)
        form.addRow(self.tr("Largest payment ($)"), self.max_edit)
        form.addRow(self.tr("Hosted payment page expires after"), self.timeout_spin)
        form.addRow(self.tr("Code length"), self.otp_length_spin)
        form.addRow(self.tr("Code valid for"), self.otp_expiry_spin)
        form.addRow(self.tr("Wrong tries per code"), self.otp_attempts_spin)
        form.addRow(self.tr("Lock an idle desk after"), self.idle_spin)
        form.addRow(self.tr("Language"), self.locale_combo)

    def load(self, settings: Settings) -> None:
        self.min_edit.setText(f"{Decimal(settings.min_payment_cents) / 100:.2f}")
        self.max_edit.setText(f"{Decimal(settings.max_payment_cents) / 100:.2f}")
        self.timeout_spin.setValue(settings.payment_timeout_minutes)
        self.otp_length_spin.setValue(settings.otp_length)
        self.otp_expiry_spin.setValue(settings.otp_expiry_minutes)
        self.otp_attempts_spin.setValue(settings.otp_max_attempts)
        self.idle_spin.setValue(settings.idle_lock_minutes)
        self.locale_combo.setCurrentIndex(max(0, self.locale_combo.findData(settings.locale)))

    def values(self) -> dict[str, Any]:
        return {
            "MIN_PAYMENT_AMOUNT": _text(self.min_edit), "MAX_PAYMENT_AMOUNT": _text(self.max_edit),
            "PAYMENT_TIMEOUT_MINUTES": self.timeout_spin.value(), "OTP_LENGTH": self.otp_length_spin.value(),
            "OTP_EXPIRY_MINUTES": self.otp_expiry_spin.value(), "OTP_MAX_ATTEMPTS": self.otp_attempts_spin.value(),
            "IDLE_LOCK_MINUTES": self.idle_spin.value(), "ONCOPOS_LOCALE": self.locale_combo.currentData(),
        }

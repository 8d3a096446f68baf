"""Sections that talk to a server: email (send a test), Stripe (key, location, reader) and the
central database (test, migrate, register this desk). The checks run on the network pool; their
outcome is shown under the button, in the words of oncopos.services.setup_checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from oncopos.adapters import connection_checks as checks
from oncopos.config import Settings
from oncopos.domain.access import Actor
from oncopos.domain.errors import ConfigurationError
from oncopos.ui.payments.training import reader_status
from oncopos.ui.settings.common import CheckLabel, SecretField, SetupServices
from oncopos.ui.settings.sections_basic import Section

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _button(parent: QWidget, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def _add_row(form: QFormLayout, text: str, row: QHBoxLayout, buddy: QWidget) -> None:
    # QFormLayout makes a buddy only for a widget; a row of several needs its own caption for Alt+letter.
    caption = QLabel(text, form.parentWidget())
    caption.setBuddy(buddy)
    form.addRow(caption, row)


def _signed_in(actor: Actor | None) -> Actor:
    """Stripe's readers and locations are changed by a signed-in administrator, never anonymously."""
    if actor is None:
        raise ConfigurationError(QCoreApplication.translate("StripeSection", "Create the administrator account first, "
                                                            "then set up Stripe."))
    return actor


def _secret(field: SecretField, services: SetupServices) -> Callable[[], str | None]:
    """Called on the UI thread: the value typed but not saved yet, else a reader of the keyring's
    value for the worker thread (a keyring may be slow to answer; a widget is for the UI thread only)."""
    pending = field.pending()
    return lambda: pending or services.secrets.get(field.name)


class EmailSection(Section):
    KEYS = ("MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USER")

    def __init__(self, services: SetupServices, actor: Callable[[], Actor | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emailSection")
        self._services = services
        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("smtpHost")
        self.host_edit.setPlaceholderText(self.tr("e.g. smtp.office365.com"))
        self.port_spin = QSpinBox(self)
        self.port_spin.setObjectName("smtpPort")
        self.port_spin.setRange(1, 65535)
        self.security_combo = QComboBox(self)
        self.security_combo.setObjectName("smtpSecurity")
        for label, value in ((self.tr("STARTTLS (usually port 587)"), "starttls"), (self.tr("TLS from the start (usually port "
                                                                                            "465)"), "ssl"),
                             (self.tr("None (no login possible)"), "none")):
            self.security_combo.addItem(label, value)
        self.security_combo.currentIndexChanged.connect(self.on_security_changed)
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("smtpUser")
        self.user_edit.setPlaceholderText(self.tr("the mail account's login, often its address"))
        self.password = SecretField("smtp_password", services, actor, self)
        self.test_to_edit = QLineEdit(self)
        self.test_to_edit.setObjectName("testAddress")
        self.test_to_edit.setPlaceholderText(self.tr("where the test message goes, e.g. your own address"))
        self.test_button = _button(self, self.tr("Send a test email"), "sendTestEmail", self.on_test_clicked)
        self.result = CheckLabel("emailResult", self)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to_edit, 1)
        test_row.addWidget(self.test_button)
        form = QFormLayout(self)
        form.addRow(self.tr("SMTP &host"), self.host_edit)
        form.addRow(self.tr("&Port"), self.port_spin)
        form.addRow(self.tr("&Security"), self.security_combo)
        form.addRow(self.tr("&User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password)
        _add_row(form, self.tr("&Test"), test_row, self.test_to_edit)
        form.addRow("", self.result)

    def on_security_changed(self) -> None:
        # Follow the usual port of the chosen security unless someone typed another one.
        if self.port_spin.value() in DEFAULT_PORTS.values():
            self.port_spin.setValue(DEFAULT_PORTS[self.security_combo.currentData()])

    def load(self, settings: Settings) -> None:
        self.host_edit.setText(settings.smtp_host or "")
        self.security_combo.setCurrentIndex(max(0, self.security_combo.findData(settings.smtp_security)))
        self.port_spin.setValue(settings.smtp_port)
        self.user_edit.setText(settings.smtp_user or "")

    def values(self) -> dict[str, Any]:
        return {"MAIL_BACKEND": "smtp", "SMTP_HOST": self.host_edit.text().strip(), "SMTP_PORT": self.port_spin.value(),
                "SMTP_SECURITY": self.security_combo.currentData(), "SMTP_USER": self.user_edit.text().strip()}

    def on_test_clicked(self) -> None:
        settings = self._services.settings()
        mail = checks.MailSettings(self.host_edit.text(), self.port_spin.value(), self.security_combo.currentData(),
                                   self.user_edit.text().strip() or None, settings.business_name, settings.business_email)
        to = self.test_to_edit.text().strip()
        services = self._services
        read_password = _secret(self.password, services)

        def send() -> checks.CheckResult:
            password = read_password() if mail.user else None
            return checks.send_test_email(mail, password, to, workstation_id=settings.workstation_id,
                                          ssl_context=services.smtp_ssl_context)

        self.result.show_busy(self.tr("Sending…"))
        services.run_net(self, send, done=self.result.show_result, failed=self.result.show_error,
                         progress=self.tr("Sending the test message…"))


class StripeSection(Section):
    KEYS = ("STRIPE_MODE",)

    def __init__(self, services: SetupServices, actor: Callable[[], Actor | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stripeSection")
        self._services = services
        self._actor = actor
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("stripeMode")
        self.mode_combo.addItem(self.tr("Test (no real money)"), "test")
        self.mode_combo.addItem(self.tr("Live (real payments)"), "live")
        self.key = SecretField("stripe_api_key", services, actor, self)
        self.check_button = _button(self, self.tr("Check the key"), "checkKey", self.on_check_clicked)
        self.key_result = CheckLabel("keyResult", self)
        top = QFormLayout()
        top.addRow(self.tr("&Mode"), self.mode_combo)
        top.addRow(self.tr("Restricted key"), self.key)
        top.addRow("", self.check_button)
        top.addRow("", self.key_result)

        terminal = QGroupBox(self.tr("Card reader"), self)
        self.location_combo = QComboBox(terminal)
        self.location_combo.setObjectName("location")
        self.refresh_button = _button(terminal, self.tr("Refresh"), "refreshLocations", self.on_refresh_clicked)
        self.location_name_edit = QLineEdit(terminal)
        self.location_name_edit.setObjectName("locationName")
        self.location_name_edit.setPlaceholderText(self.tr("e.g. OncoOne Toronto"))
        self.line1_edit, self.city_edit, self.postal_edit = (QLineEdit(terminal) for _ in range(3))
        for edit, name, hint in ((self.line1_edit, "locationLine1", self.tr("street address")),
                                 (self.city_edit, "locationCity", "city"), (self.postal_edit, "locationPostal", "A1A 1A1")):
            edit.setObjectName(name)
            edit.setPlaceholderText(hint)
        self.create_location_button = _button(
            terminal, self.tr("Create location"), "createLocation", self.on_create_location_clicked
        )
        self.code_edit = QLineEdit(terminal)
        self.code_edit.setObjectName("registrationCode")
        self.code_edit.setPlaceholderText(self.tr("the code the reader shows (test mode: simulated-wpe)"))
        self.label_edit = QLineEdit(self.tr("Front desk reader"), terminal)
        self.label_edit.setObjectName("readerLabel")
        self.register_button = _button(terminal, self.tr("Register reader"), "registerReader", self.on_register_clicked)
        self.reader_combo = QComboBox(terminal)
        self.reader_combo.setObjectName("reader")
        self.test_button = _button(terminal, self.tr("Test the reader"), "testReader", self.on_test_reader_clicked)
        self.terminal_result = CheckLabel("terminalResult", terminal)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location_combo, 1)
        location_row.addWidget(self.refresh_button)
        reader_row = QHBoxLayout()
        reader_row.addWidget(self.reader_combo, 1)
        reader_row.addWidget(self.test_button)
        form = QFormLayout(terminal)
        _add_row(form, self.tr("&Location"), location_row, self.location_combo)
        form.addRow(self.tr("New location"), self.location_name_edit)
        form.addRow("", self.line1_edit)
        form.addRow("", self.city_edit)
        form.addRow("", self.postal_edit)
        form.addRow("", self.create_location_button)
        form.addRow(self.tr("Registration &code"), self.code_edit)
        form.addRow(self.tr("Reader &name"), self.label_edit)
        form.addRow("", self.register_button)
        _add_row(form, self.tr("&Reader"), reader_row, self.reader_combo)
        form.addRow("", self.terminal_result)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(terminal)

    def load(self, settings: Settings) -> None:
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(settings.stripe_mode)))

    def values(self) -> dict[str, Any]:
        return {"STRIPE_MODE": self.mode_combo.currentData()}

    def _terminal_factory(self) -> Callable[[], Any]:
        """Read on the UI thread; on the worker, the terminal administration service over the key
        typed (or saved) for the mode chosen: the mode or key may have changed since the last action."""
        read_key = _secret(self.key, self._services)
        mode = self.mode_combo.currentData()
        base = self._services.settings().stripe_api_base if mode != "live" else None
        terminal = self._services.terminal

        def build() -> Any:
            if terminal is None:
                raise ConfigurationError(QCoreApplication.translate(
                    "StripeSection", "Stripe cannot be reached from this window; use oncopos stripe check."))
            return terminal().using_key(mode, read_key() or "", base_url=base)

        return build

    def _run(self, label: CheckLabel, work: Callable[[], Any], done: Callable[[Any], None], progress: str) -> None:
        label.show_busy(progress)
        self._services.run_net(self, work, done=done, failed=label.show_error, progress=progress)

    def on_check_clicked(self) -> None:
        terminal, actor = self._terminal_factory(), self._actor()

        def check() -> checks.CheckResult:
            return terminal().check_permissions(_signed_in(actor))

        def done(result: checks.CheckResult) -> None:
            self.key_result.show_result(result)
            if result.ok:
                self.on_refresh_clicked()

        self._run(self.key_result, check, done, self.tr("Checking the key with Stripe…"))

    def on_refresh_clicked(self) -> None:
        def listed(found: tuple[list[Any], list[Any]]) -> None:
            locations, readers = found
            self.location_combo.clear()
            for location in locations:
                self.location_combo.addItem(f"{location.display_name} ({location.id})", location.id)
            self.reader_combo.clear()
            for reader in readers:
                self.reader_combo.addItem(f"{reader.label} · {reader_status(reader.status)} ({reader.id})", reader.id)
            self.terminal_result.show_result(
                checks.CheckResult.passed(
                    QCoreApplication.translate("StripeSection", "%n location(s) and {readers} on this Stripe account.", None,
                                               len(locations)).format(
                        readers=QCoreApplication.translate("StripeSection", "%n reader(s)", None, len(readers)))
                )
            )

        factory, actor = self._terminal_factory(), self._actor()

        def both() -> tuple[list[Any], list[Any]]:
            terminal = factory()
            return terminal.list_locations(_signed_in(actor)), terminal.list_readers(_signed_in(actor))

        self._run(self.terminal_result, both, listed, self.tr("Reading locations and readers…"))

    def on_create_location_clicked(self) -> None:
        name, line1 = self.location_name_edit.text().strip(), self.line1_edit.text().strip()
        city, postal = self.city_edit.text().strip(), self.postal_edit.text().strip().upper()
        if not (name and line1 and city and postal):
            self.terminal_result.show_result(checks.CheckResult.failed(
                self.tr("Enter the location's name, street address, city and postal code to create it.")))
            return
        province = self._services.settings().business_province

        def created(location: Any) -> None:
            self.location_combo.addItem(f"{location.display_name} ({location.id})", location.id)
            self.location_combo.setCurrentIndex(self.location_combo.count() - 1)
            self.terminal_result.show_result(
                checks.CheckResult.passed(self.tr("Location {display_name} created.").format(display_name=location.display_name))
            )

        terminal, actor = self._terminal_factory(), self._actor()
        self._run(self.terminal_result, lambda: terminal().create_location(
            _signed_in(actor), name, line1=line1, city=city, province=province, postal_code=postal), created,
            self.tr("Creating the location…"))

    def on_register_clicked(self) -> None:
        location_id, code = self.location_combo.currentData(), self.code_edit.text().strip()
        label = self.label_edit.text().strip() or self.tr("Front desk reader")
        if not location_id or not code:
            self.terminal_result.show_result(checks.CheckResult.failed(
                self.tr("Choose or create a location, then enter the registration code shown on the reader.")))
            return

        def registered(reader: Any) -> None:
            self.reader_combo.addItem(f"{reader.label} · {reader_status(reader.status)} ({reader.id})", reader.id)
            self.reader_combo.setCurrentIndex(self.reader_combo.count() - 1)
            self.code_edit.clear()
            self.terminal_result.show_result(
                checks.CheckResult.passed(
                    self.tr("Reader {label} ({device_type}) registered. Test it next.").format(
                        label=reader.label, device_type=reader.device_type
                    )
                )
            )

        terminal, actor = self._terminal_factory(), self._actor()
        self._run(self.terminal_result, lambda: terminal().register_reader(_signed_in(actor), code, location_id, label),
                  registered, self.tr("Registering the reader…"))

    def on_test_reader_clicked(self) -> None:
        reader_id = self.reader_combo.currentData()
        if not reader_id:
            self.terminal_result.show_result(checks.CheckResult.failed(self.tr("Register a reader first, then test it.")))
            return
        terminal, actor = self._terminal_factory(), self._actor()
        self._run(self.terminal_result, lambda: terminal().test_reader(_signed_in(actor), reader_id),
                  self.terminal_result.show_result, self.tr("Testing the reader…"))


class CentralSection(Section):
    KEYS = ("ONCOPOS_CENTRAL_URL",)

    def __init__(self, services: SetupServices, actor: Callable[[], Actor | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centralSection")
        self._services = services
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("centralUrl")
        self.url_edit.setPlaceholderText(self.tr("postgresql+psycopg://oncopos@db.example.ca/oncopos (no password here)"))
        self.password = SecretField("central_db_password", services, actor, self)
        self.test_button = _button(self, self.tr("Test connection"), "testCentral", self.on_test_clicked)
        self.migrate_button = _button(self, self.tr("Migrate"), "migrateCentral", self.on_migrate_clicked)
        self.register_button = _button(self, self.tr("Register this desk"), "registerDesk", self.on_register_clicked)
        self.result = CheckLabel("centralResult", self)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.migrate_button, self.register_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("&Address"), self.url_edit)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", buttons)
        form.addRow("", self.result)

    def load(self, settings: Settings) -> None:
        self.url_edit.setText(settings.central_url or "")

    def values(self) -> dict[str, Any]:
        return {"ONCOPOS_CENTRAL_URL": self.url_edit.text().strip()}

    def _run(self, work: Callable[[str, str | None], checks.CheckResult], progress: str) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self.result.show_result(checks.CheckResult.failed(
                self.tr("Enter the central database's address, e.g. postgresql+psycopg://oncopos@db.example.ca/oncopos.")))
            return
        self.result.show_busy(progress)
        read_password = _secret(self.password, self._services)
        self._services.run_net(self, lambda: work(url, read_password()),
                               done=self.result.show_result, failed=self.result.show_error, progress=progress)

    def on_test_clicked(self) -> None:
        self._run(checks.check_central_connection, self.tr("Connecting to the central database…"))

    def on_migrate_clicked(self) -> None:
        self._run(checks.migrate_central, self.tr("Migrating the central database…"))

    def on_register_clicked(self) -> None:
        settings = self._services.settings()
        self._run(lambda url, password: checks.register_workstation(url, password, settings.workstation_id,
                                                                    settings.invoice_series), self.tr("Registering this desk…"))

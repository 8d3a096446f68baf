"""Typed settings from the environment, a `.env` file and defaults.

The variable names are the old system's (MIN_PAYMENT_AMOUNT, OTP_*, BUSINESS_*) plus the
Canadian tax numbers and the desk's identity. Secrets are never settings: they live in the OS
keyring (see oncopos.adapters.secrets).

Below `.env` sits the per-machine settings file written by the set-up assistant and the
settings screen (oncopos.config_file: where it is, and what may be in it).

A bad value stops start-up with one line that names the variable, the value and what is allowed:
`load_settings()` turns pydantic's report into a `ConfigurationError` that says exactly that.

`load_settings()` gathers the sources itself (`_gathered`) and pydantic validates them: the
pydantic-settings package did the same gathering at the cost of a large import (cloud secret
providers, asyncio) before the sign-in screen could paint.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.redaction import redact

if TYPE_CHECKING:
    from oncopos.domain.books import AccountMap
    from oncopos.domain.tender import Tender

#: The `.env` file, read from the folder the app is started in.
DOTENV_FILE = ".env"

APP_NAME = "OncoPOS"
APP_AUTHOR = "OncoOne"

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")

# Shown in the one-line error for each variable: what a valid value looks like.
ALLOWED = {
    "MIN_PAYMENT_AMOUNT": "a dollar amount with at most 2 decimals, e.g. 1.00",
    "MAX_PAYMENT_AMOUNT": "a dollar amount with at most 2 decimals, e.g. 25000.00, above MIN_PAYMENT_AMOUNT",
    "PAYMENT_TIMEOUT_MINUTES": "whole minutes from 1 to 1440",
    "OTP_EXPIRY_MINUTES": "whole minutes from 1 to 10",
    "OTP_MAX_ATTEMPTS": "a whole number from 1 to 10",
    "OTP_LENGTH": "a whole number of digits from 6 to 10",
    "BUSINESS_EMAIL": "an email address of at most 254 characters such as accounts@example.ca",
    "GST_HST_NUMBER": "9 digits, RT and 4 digits, e.g. 123456789RT0001",
    "QST_NUMBER": "10 digits, TQ and 4 digits, e.g. 1234567890TQ0001",
    "BUSINESS_PROVINCE": "a province or territory code: " + ", ".join(PROVINCES),
    "BUSINESS_TIMEZONE": "an IANA time zone such as America/Toronto",
    "WORKSTATION_ID": "1 to 32 letters, digits, - or _",
    "INVOICE_SERIES": "1 to 10 capital letters or digits, e.g. DESK1",
    "MAIL_BACKEND": "smtp, file or console",
    "SMTP_PORT": "a port number from 1 to 65535",
    "SMTP_SECURITY": "starttls, ssl or none",
    "STRIPE_MODE": "simulator, test or live",
    "ONCOPOS_STRIPE_API_BASE": "the address of a local simulator, e.g. http://127.0.0.1:12111",
    "ONCOPOS_DB_URL": "a SQLAlchemy URL such as sqlite:///path/oncopos.db or postgresql+psycopg://user@host/db",
    "ONCOPOS_CENTRAL_URL": "a PostgreSQL URL such as postgresql+psycopg://oncopos@db.example.ca/oncopos",
    "ONCOPOS_LOCALE": "en-CA or fr-CA",
    "DOCUMENT_LANGUAGE": "reader (the student's language) or bilingual (both, the student's first)",
    "IDLE_LOCK_MINUTES": "whole minutes from 1 to 120 before an unattended desk locks itself",
    "TENDERS_NEEDING_CODE": "tender names separated by commas, from reader, hosted, cash, cheque, etransfer",
    "BUSINESS_LOGO": "the path of a readable PNG or JPEG image",
    "BUSINESS_NAME": "the school's name, 1 to 100 characters",
    "BUSINESS_ADDRESS": "a postal address of at most 300 characters",
    "BUSINESS_PHONE": "a telephone number of at most 40 characters",
    "SMTP_HOST": "a host name of at most 253 characters",
    "SMTP_USER": "a user name of at most 254 characters",
    "RECEIPT_PRINTER": "a printer name of at most 127 characters, or empty for the system's default",
}

# At most 254 characters: the longest address SMTP carries (RFC 5321, 4.5.3.1).
EMAIL_RE = re.compile(r"^(?=.{3,254}$)[^@\s]+@[^@\s]+\.[^@\s]+$", re.DOTALL)

# Settings a person types: long enough for any real school, short enough to fit an invoice.
TEXT_LIMITS = {"business_name": 100, "business_address": 300, "business_phone": 40, "smtp_host": 253, "smtp_user": 254}


def _dollars_to_cents(value: Any) -> int:
    try:
        amount = Decimal(str(value).strip().replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError("not a dollar amount") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("not a positive amount with at most 2 decimals")
    return int(amount * 100)


class Settings(BaseModel):
    """Everything the app reads from its environment. Build it with `load_settings()`; built
    directly, it holds the defaults and the values given, and reads no environment."""

    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        frozen=True,
        validate_default=True,  # the defaults pass the same checks (and normalisation) as a typed value
    )

    # Where this desk keeps its data. Defaults follow each OS's conventions (platformdirs).
    training: bool = Field(False, validation_alias=AliasChoices("ONCOPOS_TRAINING", "training"))
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        validation_alias=AliasChoices("ONCOPOS_DATA_DIR", "data_dir"),
    )
    log_dir: Path | None = Field(None, validation_alias=AliasChoices("ONCOPOS_LOG_DIR", "log_dir"))
    db_url: str | None = Field(None, validation_alias=AliasChoices("ONCOPOS_DB_URL", "db_url"))
    central_url: str | None = Field(None, validation_alias=AliasChoices("ONCOPOS_CENTRAL_URL", "central_url"))
    locale: Literal["en-CA", "fr-CA"] = Field("en-CA", validation_alias=AliasChoices("ONCOPOS_LOCALE", "locale"))
    # Invoices, receipts and credit notes: in the student's language ("reader"), or in both with the
    # student's first ("bilingual"). A Quebec desk (BUSINESS_PROVINCE=QC) always puts French first.
    document_language: Literal["reader", "bilingual"] = Field(
        "reader", validation_alias=AliasChoices("DOCUMENT_LANGUAGE", "document_language"))

    # Payment rules.
    min_payment_cents: int = Field(100, validation_alias=AliasChoices("MIN_PAYMENT_AMOUNT", "min_payment_cents"))
    max_payment_cents: int = Field(2_500_000, validation_alias=AliasChoices("MAX_PAYMENT_AMOUNT", "max_payment_cents"))
    payment_timeout_minutes: int = Field(
        30, ge=1, le=1440, validation_alias=AliasChoices("PAYMENT_TIMEOUT_MINUTES", "payment_timeout_minutes"))

    # One-time codes (NIST SP 800-63B bounds: at least 6 digits, at most 10 minutes).
    otp_expiry_minutes: int = Field(10, ge=1, le=10, validation_alias=AliasChoices("OTP_EXPIRY_MINUTES", "otp_expiry_minutes"))
    otp_max_attempts: int = Field(3, ge=1, le=10, validation_alias=AliasChoices("OTP_MAX_ATTEMPTS", "otp_max_attempts"))
    otp_length: int = Field(6, ge=6, le=10, validation_alias=AliasChoices("OTP_LENGTH", "otp_length"))

    # Which tenders need the student's one-time code before they are taken (cards and the hosted
    # page by default; cash, cheques and e-Transfers are handed over or checked at the desk).
    tenders_needing_code: str = Field(
        "reader,hosted", validation_alias=AliasChoices("TENDERS_NEEDING_CODE", "tenders_needing_code"))

    # The business, as printed on invoices.
    business_name: str = Field("OncoOne Education", validation_alias=AliasChoices("BUSINESS_NAME", "business_name"))
    business_email: str = Field("accounts@oncoone.example", validation_alias=AliasChoices("BUSINESS_EMAIL", "business_email"))
    business_phone: str = Field("+1 416-555-0100", validation_alias=AliasChoices("BUSINESS_PHONE", "business_phone"))
    business_address: str = Field(
        "100 King Street West, Suite 500, Toronto ON  M5X 1A9",
        validation_alias=AliasChoices("BUSINESS_ADDRESS", "business_address"),
    )
    gst_hst_number: str | None = Field(None, validation_alias=AliasChoices("GST_HST_NUMBER", "gst_hst_number"))
    qst_number: str | None = Field(None, validation_alias=AliasChoices("QST_NUMBER", "qst_number"))
    # The school as CRA knows it for T2202 slips: the RZ program account, and whom CRA calls about the return.
    t2202_account: str | None = Field(None, validation_alias=AliasChoices("T2202_ACCOUNT", "t2202_account"))
    t2202_contact_name: str | None = Field(
        None, validation_alias=AliasChoices("T2202_CONTACT_NAME", "t2202_contact_name"))
    business_province: str = Field("ON", validation_alias=AliasChoices("BUSINESS_PROVINCE", "business_province"))
    business_timezone: str = Field("America/Toronto", validation_alias=AliasChoices("BUSINESS_TIMEZONE", "business_timezone"))
    sk_pst_on_services: bool = Field(False, validation_alias=AliasChoices("SK_PST_ON_SERVICES", "sk_pst_on_services"))

    # This desk.
    workstation_id: str = Field("DESK1", validation_alias=AliasChoices("WORKSTATION_ID", "workstation_id"))
    invoice_series: str = Field("DESK1", validation_alias=AliasChoices("INVOICE_SERIES", "invoice_series"))

    # Email.
    mail_backend: Literal["smtp", "file", "console"] = Field(
        "smtp", validation_alias=AliasChoices("MAIL_BACKEND", "mail_backend"))
    smtp_host: str | None = Field(None, validation_alias=AliasChoices("SMTP_HOST", "smtp_host"))
    smtp_port: int = Field(587, ge=1, le=65535, validation_alias=AliasChoices("SMTP_PORT", "smtp_port"))
    smtp_user: str | None = Field(None, validation_alias=AliasChoices("SMTP_USER", "smtp_user"))
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", validation_alias=AliasChoices("SMTP_SECURITY", "smtp_security"))

    # Stripe. The key itself is a secret in the keyring.
    stripe_mode: Literal["simulator", "test", "live"] = Field("test", validation_alias=AliasChoices("STRIPE_MODE", "stripe_mode"))
    allow_full_secret_key: bool = Field(False, validation_alias=AliasChoices("ALLOW_FULL_SECRET_KEY", "allow_full_secret_key"))
    # A simulator started with `oncopos simulator --port N`, for simulator mode outside training.
    stripe_api_base: str | None = Field(None, validation_alias=AliasChoices("ONCOPOS_STRIPE_API_BASE", "stripe_api_base"))

    # Staff sessions: an unattended desk locks itself after this many idle minutes.
    idle_lock_minutes: int = Field(5, ge=1, le=120, validation_alias=AliasChoices("IDLE_LOCK_MINUTES", "idle_lock_minutes"))

    # The accounting export's chart: "role=CODE Account name; ..." (oncopos.domain.books.DEFAULT_ACCOUNTS
    # lists the roles and their defaults); only the roles the school's chart names differently need a part.
    account_mapping: str = Field("", validation_alias=AliasChoices("ACCOUNT_MAPPING", "account_mapping"))

    # set by the first-run assistant and the settings screen (kept in the settings file).
    business_logo: Path | None = Field(None, validation_alias=AliasChoices("BUSINESS_LOGO", "business_logo"))
    receipt_printer: str | None = Field(None, max_length=127, validation_alias=AliasChoices("RECEIPT_PRINTER", "receipt_printer"))

    @field_validator("business_logo", "receipt_printer", mode="before")
    @classmethod
    def _optional(cls, value: Any) -> Any:  # an empty value means "none"
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("business_logo")
    @classmethod
    def _logo(cls, value: Path | None) -> Path | None:
        if value is not None and (value.suffix.lower() not in (".png", ".jpg", ".jpeg") or not _is_image(value)):
            raise ValueError("not a readable PNG or JPEG file")
        return value

    @field_validator(*TEXT_LIMITS)
    @classmethod
    def _length(cls, value: str | None, info: Any) -> str | None:
        limit = TEXT_LIMITS[info.field_name]
        if value is not None and (len(value) > limit or (info.field_name == "business_name" and not value.strip())):
            raise ValueError(f"empty or longer than {limit} characters")
        return value

    @field_validator("min_payment_cents", "max_payment_cents", mode="before")
    @classmethod
    def _amount(cls, value: Any, info: Any) -> int:
        # Code (tests, the settings screen) passes cents as int; the environment gives dollars.
        if isinstance(value, int) and not isinstance(value, bool):
            if value <= 0:
                raise ValueError("not a positive amount")
            return value
        return _dollars_to_cents(value)

    @field_validator("tenders_needing_code")
    @classmethod
    def _tenders(cls, value: str) -> str:
        from oncopos.domain.tender import parse_tenders  # imported when read: the sign-in screen waits on config

        try:
            return ",".join(sorted(t.value for t in parse_tenders(value)))
        except InvalidInput as bad:
            raise ValueError(str(bad)) from None

    @field_validator("account_mapping")
    @classmethod
    def _accounts(cls, value: str) -> str:
        if not value.strip():  # the default chart; the books module is imported only for a chart to check
            return ""
        from oncopos.domain.books import parse_account_map

        try:
            parse_account_map(value)
        except ConfigurationError as bad:
            raise ValueError(str(bad)) from None
        return value.strip()

    @field_validator("business_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not EMAIL_RE.match(value):
            raise ValueError("not an email address")
        return value

    @field_validator(
        "gst_hst_number", "qst_number", "smtp_host", "smtp_user", "central_url", "db_url", "log_dir", "stripe_api_base",
        "t2202_account", "t2202_contact_name", mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("gst_hst_number")
    @classmethod
    def _gst(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{9}RT\d{4}", value.replace(" ", "")):
            raise ValueError("not a GST/HST registration number")
        return value.replace(" ", "") if value else value

    @field_validator("t2202_account")
    @classmethod
    def _t2202(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{9}RZ\d{4}", value.replace(" ", "").upper()):
            raise ValueError("not a T2202 program account (9 digits, RZ, 4 digits, e.g. 123456789RZ0001)")
        return value.replace(" ", "").upper() if value else value

    @field_validator("qst_number")
    @classmethod
    def _qst(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{10}TQ\d{4}", value.replace(" ", "")):
            raise ValueError("not a QST registration number")
        return value.replace(" ", "") if value else value

    @field_validator("business_province", mode="before")
    @classmethod
    def _province(cls, value: Any) -> str:
        code = str(value).strip().upper()
        if code not in PROVINCES:
            raise ValueError("not a province or territory code")
        return code

    @field_validator("business_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known time zone") from None
        return value

    @field_validator("workstation_id")
    @classmethod
    def _workstation(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", value):
            raise ValueError("not a workstation id")
        return value

    @field_validator("invoice_series")
    @classmethod
    def _series(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z0-9]{1,10}", value):
            raise ValueError("not an invoice series")
        return value

    @field_validator("db_url", "central_url")
    @classmethod
    def _url(cls, value: str | None, info: Any) -> str | None:
        if value is None:
            return None
        from sqlalchemy.engine import make_url  # config must not cost a SQLAlchemy import otherwise
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            url = make_url(value)
            # the dialect and driver exist here (not "mysql+nosuch"); nothing connects yet.
            url.get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise ValueError("not a database URL") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("not a SQLite or PostgreSQL URL")
        if info.field_name == "central_url" and not url.drivername.startswith("postgresql"):
            raise ValueError("the central database must be PostgreSQL")
        return value

    @field_validator("stripe_api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"http://(127\.0\.0\.1|localhost):\d{1,5}/?", value):
            raise ValueError("not a local simulator address")
        return value

    @model_validator(mode="after")
    def _limits(self) -> Settings:
        if self.max_payment_cents <= self.min_payment_cents:
            raise ValueError("MAX_PAYMENT_AMOUNT must be above MIN_PAYMENT_AMOUNT.")
        return self

    # Derived places. Kept as properties so that changing data_dir moves everything with it.
    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'oncopos.sqlite3'}"

    @property
    def logs_dir(self) -> Path:
        return self.log_dir or self.data_dir / "logs"

    @property
    def documents_dir(self) -> Path:
        """Invoices, credit notes and reports, written once each."""
        return self.data_dir / "documents"

    @property
    def training_inbox_dir(self) -> Path:
        return self.data_dir / "training-inbox"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.business_timezone)

    @property
    def accounts(self) -> AccountMap:
        """The accounting export's account for each role (ACCOUNT_MAPPING over the defaults)."""
        from oncopos.domain.books import parse_account_map

        return parse_account_map(self.account_mapping)

    @property
    def code_tenders(self) -> frozenset[Tender]:
        """The tenders that need the student's one-time code (TENDERS_NEEDING_CODE)."""
        from oncopos.domain.tender import parse_tenders

        return parse_tenders(self.tenders_needing_code)


def _is_image(path: Path) -> bool:
    """A PNG or JPEG that decodes to the end: the suffix alone lets a truncated file reach the PDF."""
    from PIL import Image  # config must not cost an imaging import otherwise

    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                return False
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


# Settings field -> the environment variable a person would set.
ENV_NAME: dict[str, str] = {
    name: str(next(a for a in field.validation_alias.choices if isinstance(a, str) and a.isupper()))  # type: ignore[union-attr]
    for name, field in Settings.model_fields.items()
}


#: Every name a setting answers to, lower case (names are matched regardless of case) -> its field.
FIELD_BY_NAME: dict[str, str] = {
    str(alias).lower(): name
    for name, field in Settings.model_fields.items()
    for alias in (*field.validation_alias.choices, name)  # type: ignore[union-attr]
}


def _by_field(values: dict[str, Any]) -> dict[str, Any]:
    """A source's values keyed by field; names that are not settings are left out (a shell has many)."""
    found: dict[str, Any] = {}
    for key, value in values.items():
        field = FIELD_BY_NAME.get(key.lower())
        if field is not None and value is not None:
            found[field] = value
    return found


def _gathered(overrides: dict[str, Any]) -> dict[str, Any]:
    """The values of every source, highest first: keyword overrides (command line, tests), the
    environment, `.env`, the per-machine settings file (oncopos.config_file); the defaults are
    the model's own."""
    from oncopos.config_file import read_settings_file, settings_file_path

    values = _by_field(read_settings_file(settings_file_path())[0])
    if Path(DOTENV_FILE).is_file():
        from dotenv import dotenv_values

        values.update(_by_field(dotenv_values(DOTENV_FILE, encoding="utf-8")))
    values.update(_by_field(dict(os.environ)))
    values.update({FIELD_BY_NAME.get(key.lower(), key): value for key, value in overrides.items()})
    return values


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and `.env`, with keyword overrides (command line, tests).

    Raises ConfigurationError with one line per bad variable: name, value and what is allowed.
    """
    try:
        return Settings(**_gathered(overrides))
    except ValidationError as exc:
        raise ConfigurationError(_describe(exc)) from None
    except UnicodeDecodeError:
        # the settings file says so itself (config_file); what is left is the .env file.
        raise ConfigurationError(
            f"Configuration error: {Path(DOTENV_FILE).resolve()} is not UTF-8 text. Save it as UTF-8, or move it away."
        ) from None


def _shown(value: Any) -> str:
    """A value for a one-line message: a 2 MB paste is named by its length, not printed."""
    text = redact(repr(value))  # before shortening: a cut URL could hide its password from redact
    return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value)):,} characters)"


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if part != "__root__"]
        field = loc[0] if loc else ""
        env = ENV_NAME.get(field, field.upper())
        if not field:
            # A rule across fields: pydantic prefixes our message with "Value error, ".
            lines.append("Configuration error: " + error["msg"].removeprefix("Value error, "))
            continue
        value = error.get("input")
        allowed = ALLOWED.get(env, error["msg"].removeprefix("Value error, "))
        lines.append(f"Configuration error: {env}={_shown(value)} is not allowed; use {allowed}.")
    # The refused value is echoed so the person can see their typo, but never its password or key.
    return redact("\n".join(lines))


def training_settings(settings: Settings) -> Settings:
    """Training never touches real data, real money or real mailboxes.

    Here, not in bootstrap, so the command line reaches the training sign-in screen without
    importing the composition root (the database, Stripe and mail adapters)."""
    return settings.model_copy(
        update={
            "training": True,
            "data_dir": settings.data_dir / "training",
            "db_url": None,  # the training database lives in the training folder
            "central_url": None,
            "mail_backend": "file",
            "stripe_mode": "simulator",
        }
    )

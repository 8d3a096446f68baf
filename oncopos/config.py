"""Typed settings from the environment, a `.env` file and defaults.

The variable names are the old system's (MIN_PAYMENT_AMOUNT, OTP_*, BUSINESS_*) plus the
Canadian tax numbers and the desk's identity. Secrets are never settings: they live in the OS
keyring (see oncopos.adapters.secrets).

Below `.env` sits the per-machine settings file written by the set-up assistant and the
settings screen (oncopos.config_file: where it is, and what may be in it).

A bad value stops start-up with one line that names the variable, the value and what is allowed:
`load_settings()` checks every value and raises a `ConfigurationError` that says exactly that for
each bad one.

`load_settings()` gathers the sources (`_gathered`) and `Settings` converts and checks each value
itself (`Setting` below, one per variable): pydantic cost the sign-in screen about 100 ms of
imports and model building before it could paint. The conversions are those the settings
always had (pydantic's lax mode): "true"/"yes"/"on"/"1" and their opposites, any case, for a
switch; whole numbers written "45", " 45 ", "+45", "1_000" or "45.0"; a path from text; text only
from text; a choice matched exactly; and the defaults pass the same checks as a typed value.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, NoReturn, TypeVar, cast, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from oncopos.domain.errors import ConfigurationError, InvalidInput
from oncopos.domain.redaction import redact

if TYPE_CHECKING:
    from typing import TypeAlias

    from oncopos.domain.books import AccountMap
    from oncopos.domain.tender import Tender

    #: One step a value goes through: it returns the value converted or checked, or raises Refused.
    Step: TypeAlias = Callable[[Any], Any]

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
    "TENDERS_NEEDING_CODE": "tender names separated by commas: reader and hosted (a card always needs the student's "
                            "one-time code), and any of cash, cheque, etransfer",
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



T = TypeVar("T")


class Refused(Exception):
    """A value a step does not take; the text is said when the variable has no ALLOWED line."""


# -- converting: what a value may be written as (the environment and .env give text, the settings
# file TOML's types, code and the settings screen Python's) -------------------------------------------

_TRUE, _FALSE = frozenset({"1", "on", "t", "true", "y", "yes"}), frozenset({"0", "off", "f", "false", "n", "no"})
_WHOLE = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", re.ASCII)


def _integral(number: float | Decimal) -> bool:
    try:
        return number == int(number)
    except (OverflowError, ValueError, ArithmeticError):  # infinite, not a number
        return False


def _switch(value: Any) -> bool:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise Refused("Input should be a valid boolean, unable to interpret input")
    if isinstance(value, (int, float, Decimal)):
        if value in (0, 1):
            return bool(value)
        if isinstance(value, int) or _integral(value):
            raise Refused("Input should be a valid boolean, unable to interpret input")
    raise Refused("Input should be a valid boolean")


def whole(low: int, high: int) -> Step:
    """A whole number from `low` to `high`."""

    def convert(value: Any) -> int:
        if isinstance(value, (str, bytes)):
            text = (value.decode("utf-8", "replace") if isinstance(value, bytes) else value).strip()
            if not _WHOLE.fullmatch(text):
                raise Refused("Input should be a valid integer, unable to parse string as an integer")
            number = int(text.split(".")[0])
        elif isinstance(value, int):
            number = int(value)
        elif isinstance(value, (float, Decimal)):
            if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
                raise Refused("Input should be a finite number")
            if not _integral(value):
                raise Refused("Input should be a valid integer, got a number with a fractional part")
            number = int(value)
        else:
            raise Refused("Input should be a valid integer")
        if number < low:
            raise Refused(f"Input should be greater than or equal to {low}")
        if number > high:
            raise Refused(f"Input should be less than or equal to {high}")
        return number

    return convert


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise Refused("Input should be a valid string")


def _path(value: Any) -> Path:
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    raise Refused("Input is not a valid path for <class 'pathlib.Path'>")


def at_most(limit: int) -> Step:
    def check(value: str) -> str:
        if len(value) > limit:
            raise Refused(f"String should have at most {limit} characters")
        return value

    return check


def one_of(*choices: str) -> Step:
    said = ", ".join(repr(c) for c in choices[:-1]) + f" or {choices[-1]!r}"

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in choices:
            raise Refused(f"Input should be {said}")
        return value

    return check


def optional(step: Step) -> Step:
    """`step`, but None is taken as it is (no value)."""
    return lambda value: None if value is None else step(value)


def _empty_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# -- the checks each value passes once converted --------------------------------------------------------


def _dollars_to_cents(value: Any) -> int:
    try:
        amount = Decimal(str(value).strip().replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise Refused("not a dollar amount") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise Refused("not a positive amount with at most 2 decimals")
    return int(amount * 100)


def _amount(value: Any) -> int:
    # Code (tests, the settings screen) passes cents as int; the environment gives dollars.
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise Refused("not a positive amount")
        return value
    return _dollars_to_cents(value)


def _length(field: str) -> Step:
    limit = TEXT_LIMITS[field]

    def check(value: str | None) -> str | None:
        if value is not None and (len(value) > limit or (field == "business_name" and not value.strip())):
            raise Refused(f"empty or longer than {limit} characters")
        return value

    return check


def _logo(value: Path | None) -> Path | None:
    if value is not None and (value.suffix.lower() not in (".png", ".jpg", ".jpeg") or not _is_image(value)):
        raise Refused("not a readable PNG or JPEG file")
    return value


def _tenders(value: str) -> str:
    # imported when read: the sign-in screen waits on config
    from oncopos.domain.tender import DEFAULT_NEEDING_CODE, parse_tenders

    try:
        tenders = parse_tenders(value)
        if not tenders.issuperset(DEFAULT_NEEDING_CODE):
            # The card flow always asks the code (its state machine has no way around it): a value
            # leaving the reader or the hosted page out would be ignored without a word.
            raise Refused("reader and hosted always need the code")
        return ",".join(sorted(t.value for t in tenders))
    except InvalidInput as bad:
        raise Refused(str(bad)) from None


def _accounts(value: str) -> str:
    if not value.strip():  # the default chart; the books module is imported only for a chart to check
        return ""
    from oncopos.domain.books import parse_account_map

    try:
        parse_account_map(value)
    except ConfigurationError as bad:
        raise Refused(str(bad)) from None
    return value.strip()


def _email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise Refused("not an email address")
    return value


def _matching(pattern: str, refusal: str, *, upper: bool = False) -> Step:
    """A number or code matching `pattern` once its spaces are taken out (and upper-cased)."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        compact = value.replace(" ", "")
        compact = compact.upper() if upper else compact
        if not re.fullmatch(pattern, compact):
            raise Refused(refusal)
        return compact

    return check


def _province(value: Any) -> str:
    code = str(value).strip().upper()
    if code not in PROVINCES:
        raise Refused("not a province or territory code")
    return code


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused("not a known time zone") from None
    return value


def _full_match(pattern: str, refusal: str) -> Step:
    def check(value: str | None) -> str | None:
        if value is not None and not re.fullmatch(pattern, value):
            raise Refused(refusal)
        return value

    return check


def _database_url(*, central: bool) -> Step:
    def check(value: str | None) -> str | None:
        if value is None:
            return None
        from sqlalchemy.engine import make_url  # config must not cost a SQLAlchemy import otherwise
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            url = make_url(value)
            # the dialect and driver exist here (not "mysql+nosuch"); nothing connects yet.
            url.get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise Refused("not a database URL") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise Refused("not a SQLite or PostgreSQL URL")
        if central and not url.drivername.startswith("postgresql"):
            raise Refused("the central database must be PostgreSQL")
        return value

    return check


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


# -- the settings ------------------------------------------------------------------------------------


class Setting(Generic[T]):
    """One setting: the variable a person sets, its default, and the steps its value goes through
    (convert, then check; each may normalise). The default goes through them too."""

    def __init__(self, env: str, default: T | Callable[[], T], *steps: Step, factory: bool = False) -> None:
        self.env = env
        self.name = ""
        self._default = default
        self._factory = factory
        self._steps = steps

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, settings: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, settings: Settings, owner: type) -> T: ...
    def __get__(self, settings: Settings | None, owner: type) -> Setting[T] | T:
        if settings is None:
            return self
        return cast(T, settings.__dict__["_values"][self.name])

    def default(self) -> Any:
        return cast(Callable[[], T], self._default)() if self._factory else self._default

    def read(self, value: Any) -> Any:
        """The value converted and checked; raises Refused."""
        for step in self._steps:
            value = step(value)
        return value


class Settings:
    """Everything the app reads from its environment. Build it with `load_settings()`; built
    directly (by setting name or variable name), it holds the defaults and the values given, checked
    the same way, and reads no environment. Read-only: `model_copy(update=...)` makes a changed copy."""

    # Where this desk keeps its data. Defaults follow each OS's conventions (platformdirs).
    training = Setting[bool]("ONCOPOS_TRAINING", False, _switch)
    data_dir = Setting[Path]("ONCOPOS_DATA_DIR", lambda: Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
                             _path, factory=True)
    log_dir = Setting[Path | None]("ONCOPOS_LOG_DIR", None, _empty_is_none, optional(_path))
    db_url = Setting[str | None]("ONCOPOS_DB_URL", None, _empty_is_none, optional(_text), _database_url(central=False))
    central_url = Setting[str | None]("ONCOPOS_CENTRAL_URL", None, _empty_is_none, optional(_text),
                                      _database_url(central=True))
    locale = Setting[Literal["en-CA", "fr-CA"]]("ONCOPOS_LOCALE", "en-CA", one_of("en-CA", "fr-CA"))
    # Invoices, receipts and credit notes: in the student's language ("reader"), or in both with the
    # student's first ("bilingual"). A Quebec desk (BUSINESS_PROVINCE=QC) always puts French first.
    document_language = Setting[Literal["reader", "bilingual"]]("DOCUMENT_LANGUAGE", "reader",
                                                                one_of("reader", "bilingual"))

    # Payment rules.
    min_payment_cents = Setting[int]("MIN_PAYMENT_AMOUNT", 100, _amount)
    max_payment_cents = Setting[int]("MAX_PAYMENT_AMOUNT", 2_500_000, _amount)
    payment_timeout_minutes = Setting[int]("PAYMENT_TIMEOUT_MINUTES", 30, whole(1, 1440))

    # One-time codes (NIST SP 800-63B bounds: at least 6 digits, at most 10 minutes).
    otp_expiry_minutes = Setting[int]("OTP_EXPIRY_MINUTES", 10, whole(1, 10))
    otp_max_attempts = Setting[int]("OTP_MAX_ATTEMPTS", 3, whole(1, 10))
    otp_length = Setting[int]("OTP_LENGTH", 6, whole(6, 10))

    # Which tenders need the student's one-time code before they are taken (cards and the hosted
    # page by default; cash, cheques and e-Transfers are handed over or checked at the desk).
    tenders_needing_code = Setting[str]("TENDERS_NEEDING_CODE", "reader,hosted", _text, _tenders)

    # The business, as printed on invoices.
    business_name = Setting[str]("BUSINESS_NAME", "OncoOne Education", _text, _length("business_name"))
    business_email = Setting[str]("BUSINESS_EMAIL", "accounts@oncoone.example", _text, _email)
    business_phone = Setting[str]("BUSINESS_PHONE", "+1 416-555-0100", _text, _length("business_phone"))
    business_address = Setting[str]("BUSINESS_ADDRESS", "100 King Street West, Suite 500, Toronto ON  M5X 1A9",
                                    _text, _length("business_address"))
    gst_hst_number = Setting[str | None]("GST_HST_NUMBER", None, _empty_is_none, optional(_text),
                                         _matching(r"\d{9}RT\d{4}", "not a GST/HST registration number"))
    qst_number = Setting[str | None]("QST_NUMBER", None, _empty_is_none, optional(_text),
                                     _matching(r"\d{10}TQ\d{4}", "not a QST registration number"))
    # The school as CRA knows it for T2202 slips: the RZ program account, and whom CRA calls about the return.
    t2202_account = Setting[str | None](
        "T2202_ACCOUNT", None, _empty_is_none, optional(_text),
        _matching(r"\d{9}RZ\d{4}", "not a T2202 program account (9 digits, RZ, 4 digits, e.g. 123456789RZ0001)",
                  upper=True))
    t2202_contact_name = Setting[str | None]("T2202_CONTACT_NAME", None, _empty_is_none, optional(_text))
    business_province = Setting[str]("BUSINESS_PROVINCE", "ON", _province, _text)
    business_timezone = Setting[str]("BUSINESS_TIMEZONE", "America/Toronto", _text, _timezone)
    sk_pst_on_services = Setting[bool]("SK_PST_ON_SERVICES", False, _switch)

    # This desk.
    workstation_id = Setting[str]("WORKSTATION_ID", "DESK1", _text,
                                  _full_match(r"[A-Za-z0-9_-]{1,32}", "not a workstation id"))
    invoice_series = Setting[str]("INVOICE_SERIES", "DESK1", _text, _full_match(r"[A-Z0-9]{1,10}", "not an invoice series"))

    # Email.
    mail_backend = Setting[Literal["smtp", "file", "console"]]("MAIL_BACKEND", "smtp", one_of("smtp", "file", "console"))
    smtp_host = Setting[str | None]("SMTP_HOST", None, _empty_is_none, optional(_text), _length("smtp_host"))
    smtp_port = Setting[int]("SMTP_PORT", 587, whole(1, 65535))
    smtp_user = Setting[str | None]("SMTP_USER", None, _empty_is_none, optional(_text), _length("smtp_user"))
    smtp_security = Setting[Literal["starttls", "ssl", "none"]]("SMTP_SECURITY", "starttls",
                                                                one_of("starttls", "ssl", "none"))

    # Stripe. The key itself is a secret in the keyring.
    stripe_mode = Setting[Literal["simulator", "test", "live"]]("STRIPE_MODE", "test", one_of("simulator", "test", "live"))
    allow_full_secret_key = Setting[bool]("ALLOW_FULL_SECRET_KEY", False, _switch)
    # A simulator started with `oncopos simulator --port N`, for simulator mode outside training.
    stripe_api_base = Setting[str | None]("ONCOPOS_STRIPE_API_BASE", None, _empty_is_none, optional(_text),
                                          _full_match(r"http://(127\.0\.0\.1|localhost):\d{1,5}/?",
                                                      "not a local simulator address"))

    # Staff sessions: an unattended desk locks itself after this many idle minutes.
    idle_lock_minutes = Setting[int]("IDLE_LOCK_MINUTES", 5, whole(1, 120))

    # The accounting export's chart: "role=CODE Account name; ..." (oncopos.domain.books.DEFAULT_ACCOUNTS
    # lists the roles and their defaults); only the roles the school's chart names differently need a part.
    account_mapping = Setting[str]("ACCOUNT_MAPPING", "", _text, _accounts)

    # set by the first-run assistant and the settings screen (kept in the settings file).
    business_logo = Setting[Path | None]("BUSINESS_LOGO", None, _empty_is_none, optional(_path), _logo)
    receipt_printer = Setting[str | None]("RECEIPT_PRINTER", None, _empty_is_none, optional(_text),
                                          optional(at_most(127)))

    def __init__(self, **values: Any) -> None:
        """Each value by its setting's name or its variable's; other names are left out. Raises
        ConfigurationError with one line per bad value (every one of them, in this order)."""
        given = {FIELD_BY_EXACT_NAME[key]: value for key, value in values.items() if key in FIELD_BY_EXACT_NAME}
        checked: dict[str, Any] = {}
        problems: list[tuple[Setting[Any], str, Any]] = []
        for setting in SETTINGS:
            value = given[setting.name] if setting.name in given else setting.default()
            try:
                checked[setting.name] = setting.read(value)
            except Refused as refused:
                problems.append((setting, str(refused), value))
        if problems:
            raise ConfigurationError(_describe(problems))
        if checked["max_payment_cents"] <= checked["min_payment_cents"]:
            raise ConfigurationError("Configuration error: MAX_PAYMENT_AMOUNT must be above MIN_PAYMENT_AMOUNT.")
        self.__dict__["_values"] = checked

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Settings:
        """A copy with the settings in `update` (by name) replaced, unchecked: code's own values
        (training's folders, a command's desk), never a person's."""
        copy = object.__new__(Settings)
        copy.__dict__["_values"] = {**self.__dict__["_values"], **(update or {})}
        return copy

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"settings are read-only ({name}); make a changed copy with model_copy(update=...)")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self.__dict__["_values"] == other.__dict__["_values"]

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__["_values"].items()))

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in self.__dict__["_values"].items()) + ")"

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


#: Every setting, in the order its problems are told.
SETTINGS: tuple[Setting[Any], ...] = tuple(v for v in vars(Settings).values() if isinstance(v, Setting))

# Settings field -> the environment variable a person would set.
ENV_NAME: dict[str, str] = {setting.name: setting.env for setting in SETTINGS}

#: The names `Settings(...)` takes, as written: the setting's own and its variable's.
FIELD_BY_EXACT_NAME: dict[str, str] = {
    name: setting.name for setting in SETTINGS for name in (setting.name, setting.env)
}

#: Every name a setting answers to, lower case (names are matched regardless of case) -> its field.
FIELD_BY_NAME: dict[str, str] = {name.lower(): field for name, field in FIELD_BY_EXACT_NAME.items()}


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
    the settings' own."""
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
    except UnicodeDecodeError:
        # the settings file says so itself (config_file); what is left is the .env file.
        raise ConfigurationError(
            f"Configuration error: {Path(DOTENV_FILE).resolve()} is not UTF-8 text. Save it as UTF-8, or move it away."
        ) from None


def _shown(value: Any) -> str:
    """A value for a one-line message: a 2 MB paste is named by its length, not printed."""
    text = redact(repr(value))  # before shortening: a cut URL could hide its password from redact
    return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value)):,} characters)"


def _describe(problems: list[tuple[Setting[Any], str, Any]]) -> str:
    lines = [f"Configuration error: {setting.env}={_shown(value)} is not allowed; "
             f"use {ALLOWED.get(setting.env, refusal)}." for setting, refusal, value in problems]
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

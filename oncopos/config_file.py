"""The per-machine settings file: the desk's non-secret settings, written by the set-up assistant,
the settings screen and `oncopos settings import`.

Where it is: ``settings.toml`` in the user configuration folder (platformdirs: on Windows
``%LOCALAPPDATA%\\OncoOne\\OncoPOS``, on macOS ``~/Library/Application Support/OncoPOS``, on Linux
``~/.config/OncoPOS``), or the file named by ``ONCOPOS_CONFIG_FILE``.

What it holds: the same names as the environment (``BUSINESS_NAME = "..."``), so an operator can
move a value between the file, ``.env`` and the environment without translating it. Precedence,
highest first: values passed in code (command line), the environment, ``.env``, this file, the
defaults. Secrets never go here: a secret's name in the file is refused with where it belongs.

A ``[setup]`` table remembers which steps of the first-run assistant were skipped, so the settings
screen can show what is left to do. It is not a setting and `Settings` never sees it.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from oncopos.domain.errors import ConfigurationError

APP_NAME, APP_AUTHOR = "OncoPOS", "OncoOne"  # as in oncopos.config (not imported: config imports us)
PATH_ENV = "ONCOPOS_CONFIG_FILE"
SETUP_TABLE = "setup"

# The settings a desk may keep in the file, in the order they are written. Left out on purpose:
# where data lives (ONCOPOS_DATA_DIR, ONCOPOS_LOG_DIR, ONCOPOS_DB_URL: the file itself would
# depend on them), training (a command-line switch), and the developer and security overrides
# (ONCOPOS_STRIPE_API_BASE, ALLOW_FULL_SECRET_KEY) that an operator must set deliberately.
FILE_KEYS = (
    "BUSINESS_NAME", "BUSINESS_ADDRESS", "BUSINESS_PHONE", "BUSINESS_EMAIL", "BUSINESS_LOGO",
    "GST_HST_NUMBER", "QST_NUMBER",
    "WORKSTATION_ID", "INVOICE_SERIES", "BUSINESS_PROVINCE", "BUSINESS_TIMEZONE", "RECEIPT_PRINTER",
    "SK_PST_ON_SERVICES",
    "MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USER",
    "STRIPE_MODE",
    "ONCOPOS_CENTRAL_URL",
    "MIN_PAYMENT_AMOUNT", "MAX_PAYMENT_AMOUNT", "PAYMENT_TIMEOUT_MINUTES",
    "OTP_LENGTH", "OTP_EXPIRY_MINUTES", "OTP_MAX_ATTEMPTS",
    "IDLE_LOCK_MINUTES", "ONCOPOS_LOCALE", "DOCUMENT_LANGUAGE", "TENDERS_NEEDING_CODE",
    "ACCOUNT_MAPPING",
)

# Names a person might try to put in the file, and where each secret belongs instead.
SECRET_KEYS = {
    "STRIPE_API_KEY": "stripe_api_key", "STRIPE_KEY": "stripe_api_key", "STRIPE_SECRET_KEY": "stripe_api_key",
    "SMTP_PASSWORD": "smtp_password", "CENTRAL_DB_PASSWORD": "central_db_password",
    "ONCOPOS_CENTRAL_PASSWORD": "central_db_password", "OTP_HMAC_KEY": "otp_hmac_key",
}

HEADER = """\
# OncoPOS settings for this computer (non-secret). Written by OncoPOS: use the Settings screen,
# or `oncopos settings export` / `oncopos settings import`, rather than editing by hand.
# The environment and a .env file override any value here. Secrets (the Stripe key, the SMTP and
# central database passwords) are never stored here: they live in the operating system's keyring.
"""


def settings_file_path() -> Path:
    override = os.environ.get(PATH_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "settings.toml"


def read_settings_file(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(settings by environment name, the [setup] table); both empty when there is no file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}
    except IsADirectoryError:
        raise ConfigurationError(
            f"The settings file {path} is a folder. Move it away, or set {PATH_ENV} to a file.") from None
    except OSError as exc:
        raise ConfigurationError(f"Cannot read the settings file {path}: {exc.strerror}. Check its permissions.") from None
    except UnicodeDecodeError:
        raise ConfigurationError(
            f"The settings file {path} is not UTF-8 text. Save it as UTF-8, or move it away and set the desk up "
            "again from the Settings screen."
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(
            f"The settings file {path} is damaged ({' '.join(str(exc).split())}). "
            "Fix that line, or move the file away and set the desk "
            "up again from the Settings screen."
        ) from None
    setup = data.pop(SETUP_TABLE, {})
    check_keys(data, path)
    return data, setup if isinstance(setup, dict) else {}


def check_keys(values: dict[str, Any], where: Path | str) -> None:
    """Refuse secrets and unknown names, each with what to do instead."""
    problems = []
    for key in values:
        upper = key.upper()
        if upper in SECRET_KEYS:
            problems.append(
                f"{where}: {key} is a secret and is never kept in a settings file. Remove it, then save it in the "
                f"keyring with: oncopos secrets set {SECRET_KEYS[upper]}"
            )
        elif upper not in FILE_KEYS:
            problems.append(f"{where}: {key} is not a setting OncoPOS keeps in this file; remove it. Known: "
                            + ", ".join(FILE_KEYS) + ".")
    if problems:
        raise ConfigurationError("\n".join(problems))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # JSON's string escapes are a subset of TOML's basic-string escapes, so this is valid TOML.
    return json.dumps(str(value), ensure_ascii=False)


def render_settings_file(values: dict[str, Any], setup: dict[str, Any] | None = None) -> str:
    lines = [HEADER]
    for key in FILE_KEYS:
        if key in values and values[key] is not None:
            lines.append(f"{key} = {_toml_value(values[key])}")
    if setup:
        lines += ["", f"[{SETUP_TABLE}]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in sorted(setup.items())]
    return "\n".join(lines) + "\n"


def write_settings_file(path: Path, values: dict[str, Any], setup: dict[str, Any] | None = None) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    text = render_settings_file(values, setup)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # not secret, but the desk's business details are nobody else's
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

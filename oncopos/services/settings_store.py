"""Reading, checking and saving the desk's settings file (see oncopos.config_file for where it is).

Every save is all or nothing: the whole proposed file is validated through `Settings` (the same
one-line errors as start-up) plus the business-number check digits, then written atomically, and
the change is audited (old and new value of each setting) in the same unit of work. Secrets are
refused by name: they belong in the keyring.

Which changes take effect at once: `apply_settings` in oncopos.bootstrap builds a new generation of
services (mailer and outbox, codes, invoices, end of day, the Stripe gateway, payments, refunds), so
email, Stripe, payment limits, code expiry and attempts, and business details apply to the next
payment, refund, email and outbox run. The keys in RESTART_KEYS are
built into the window or the sync worker when OncoPOS starts and apply after a restart.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oncopos.config import ENV_NAME, Settings, load_settings
from oncopos.config_file import (
    FILE_KEYS,
    check_keys,
    read_settings_file,
    settings_file_path,
    write_settings_file,
)
from oncopos.domain.access import Actor, Permission
from oncopos.domain.checks import check_gst_hst_number, check_qst_number
from oncopos.domain.errors import ConfigurationError
from oncopos.domain.messages import msg
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

FIELD_OF = {env: field for field, env in ENV_NAME.items()}
MONEY_KEYS = ("MIN_PAYMENT_AMOUNT", "MAX_PAYMENT_AMOUNT")
RESTART_KEYS = frozenset({
    "WORKSTATION_ID", "INVOICE_SERIES", "BUSINESS_PROVINCE", "BUSINESS_TIMEZONE", "SK_PST_ON_SERVICES",
    "ONCOPOS_LOCALE", "ONCOPOS_CENTRAL_URL", "IDLE_LOCK_MINUTES", "OTP_LENGTH",
})
# The first-run assistant's steps that can be skipped and finished later from the settings screen.
SETUP_STEPS = {
    "business": "Business details", "desk": "This desk", "email": "Email", "stripe": "Stripe and the card reader",
    "central": "Central database",
}


@dataclass(frozen=True)
class SettingChange:
    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SaveResult:
    settings: Settings  # what the app runs with now (environment and .env included)
    changes: tuple[SettingChange, ...]
    restart_needed: tuple[str, ...]  # changed keys that apply after a restart
    overridden: tuple[str, ...]  # changed keys the environment or .env still overrides


def _file_value(key: str, settings: Settings) -> Any:
    """The validated value of `key` as the file keeps it: dollars as text, paths as text."""
    value = getattr(settings, FIELD_OF[key])
    if key in MONEY_KEYS:
        return f"{Decimal(value) / 100:.2f}"
    if isinstance(value, Path):
        return str(value)
    return value


# The set-up wizard reads and marks these before any account exists; settings hold no secrets
# (those are in the keyring), and every change of them is a guarded call.
FIRST_RUN = "read and marked by the set-up wizard before any account exists; they hold no secrets"


class SettingsStore:
    """Thread-safe enough for a desk: one writer (the admin at the settings screen) at a time."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Callable[[], datetime],
                 path: Path | None = None) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or settings_file_path()

    @open_to_all(FIRST_RUN)
    def exists(self) -> bool:
        return self.path.is_file()

    @open_to_all(FIRST_RUN)
    def values(self) -> dict[str, Any]:
        """The settings in the file, by environment name (upper case)."""
        values, _setup = read_settings_file(self.path)
        return {key.upper(): value for key, value in values.items()}

    @open_to_all(FIRST_RUN)
    def effective(self) -> Settings:
        return load_settings()

    @open_to_all(FIRST_RUN)
    def overridden_keys(self) -> set[str]:
        """File keys the environment or `.env` overrides: the screen says their file value is not used."""
        from dotenv import dotenv_values

        names = {name.upper() for name in os.environ}
        if Path(".env").is_file():
            names |= {name.upper() for name in dotenv_values(".env")}
        return names & set(FILE_KEYS)

    # -- validation --------------------------------------------------------------------------

    @open_to_all("checks proposed values and writes nothing; saving them is guarded")
    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """The whole proposed file content, checked; returns it normalised. Raises ConfigurationError
        with one line per problem."""
        check_keys(values, "Settings")
        proposed = {key.upper(): value for key, value in values.items()}
        # Passed as keyword arguments, which outrank the environment: what is checked is the file's
        # own content, not what an operator's variables happen to hide.
        settings = load_settings(**{FIELD_OF[k]: v for k, v in proposed.items() if v not in (None, "")})
        problems = []
        for key, check in (("GST_HST_NUMBER", check_gst_hst_number), ("QST_NUMBER", check_qst_number)):
            if proposed.get(key):
                result = check(proposed[key])
                if not result.ok:
                    problems.append(f"Configuration error: {key}: {result.message}")
        central = proposed.get("ONCOPOS_CENTRAL_URL")
        if central and _url_password(central):
            problems.append("Configuration error: ONCOPOS_CENTRAL_URL must not contain the password. Remove it from "
                            "the address and save it in the keyring (the Replace button, or: oncopos secrets set "
                            "central_db_password).")
        if problems:
            raise ConfigurationError("\n".join(problems))
        return {key: _file_value(key, settings) for key in FILE_KEYS if proposed.get(key) not in (None, "")}

    # -- changes -----------------------------------------------------------------------------

    @requires(Permission.MANAGE_SETTINGS)
    def save(self, actor: Actor, changes: dict[str, Any], *, origin: str = "app") -> SaveResult:
        """Apply `changes` (environment names; None or "" removes a value, so its default applies)."""
        current, setup = read_settings_file(self.path)
        current = {key.upper(): value for key, value in current.items()}
        proposed = dict(current)
        for key, value in changes.items():
            proposed[key.upper()] = value
        new = self.validate(proposed)
        # A screen sends every field; one that only shows the value already in force (a default, or
        # the environment's) is not pinned into the file, so later default changes still reach it.
        effective = load_settings()
        for key in list(new):
            if key not in current and new[key] == _file_value(key, effective):
                del new[key]
        return self._write(actor, current, new, setup, origin=origin, action="settings.changed", effective=effective)

    @requires(Permission.MANAGE_SETTINGS)
    def import_file(self, actor: Actor, source: Path, *, origin: str = "app") -> SaveResult:
        """Replace this desk's settings with those in `source`, after checking every one of them."""
        if not source.is_file():
            raise ConfigurationError(msg("settings.no_file", source=str(source)))
        incoming, _their_setup = read_settings_file(source)
        normalised = self.validate(incoming)
        current, setup = read_settings_file(self.path)
        current = {key.upper(): value for key, value in current.items()}
        return self._write(actor, current, normalised, setup, origin=origin, action="settings.imported",
                           extra={"source": source.name})

    @requires(Permission.MANAGE_SETTINGS)
    def export_file(self, actor: Actor, target: Path) -> int:
        """Write this desk's settings (never a secret, never the set-up progress) to `target`."""
        values = self.values()
        write_settings_file(target, values)
        return len(values)

    @requires(Permission.MANAGE_KEYS)
    def replace_secret(self, actor: Actor, secrets: Any, name: str, value: str, *, origin: str = "app") -> None:
        """Save a secret in the keyring; the audit trail records that it was replaced, never the value."""
        value = (value or "").strip()
        if not value:
            raise ConfigurationError(msg("settings.value_empty"))
        had = secrets.get(name) is not None
        with self._uow() as uow:
            uow.audit.record(actor, "secret.replaced" if had else "secret.set", at=self._clock(),
                             subject_type="secret", subject_id=name, details={"origin": origin})
            secrets.set(name, value)
            uow.commit()

    # -- what is left to set up --------------------------------------------------------------

    @open_to_all(FIRST_RUN)
    def unfinished(self) -> list[str]:
        _values, setup = read_settings_file(self.path)
        return [step for step in setup.get("unfinished", []) if step in SETUP_STEPS]

    @open_to_all(FIRST_RUN)
    def mark_step(self, step: str, *, finished: bool) -> None:
        """Remember a skipped step (shown in the settings screen) or that it is done."""
        if step not in SETUP_STEPS:
            raise ValueError(f"unknown set-up step {step!r}")
        values, setup = read_settings_file(self.path)
        left = [s for s in setup.get("unfinished", []) if s != step]
        if not finished:
            left.append(step)
        setup["unfinished"] = sorted(set(left), key=list(SETUP_STEPS).index)
        write_settings_file(self.path, values, setup)

    # -- internals ---------------------------------------------------------------------------

    def _write(self, actor: Actor, current: dict[str, Any], new: dict[str, Any], setup: dict[str, Any], *,
               origin: str, action: str, extra: dict[str, Any] | None = None,
               effective: Settings | None = None) -> SaveResult:
        effective = effective or load_settings()

        def shown(values: dict[str, Any], key: str) -> Any:  # what the key amounted to: the file's or in force
            return values[key] if key in values else _file_value(key, effective)

        # A key removed from the file (new value None) falls back to its default or the environment's.
        changes = tuple(
            SettingChange(key, shown(current, key), new.get(key)) for key in FILE_KEYS
            if current.get(key) != new.get(key) and not (key not in current and new[key] == shown(current, key))
        )
        previous_text = self.path.read_text(encoding="utf-8") if self.path.is_file() else None
        if changes:
            with self._uow() as uow:
                details: dict[str, Any] = {
                    "changes": {c.key: {"old": c.old, "new": c.new} for c in changes}, "origin": origin, **(extra or {}),
                }
                uow.audit.record(actor, action, at=self._clock(), subject_type="settings",
                                 subject_id=actor.workstation_id, details=details)
                write_settings_file(self.path, new, setup)
                try:
                    uow.commit()
                except BaseException:
                    # No audit event, no change: put the old file back.
                    if previous_text is None:
                        self.path.unlink(missing_ok=True)
                    else:
                        self.path.write_text(previous_text, encoding="utf-8")
                    raise
            log.info("settings %s by %s via %s: %s", action.split(".")[1], actor.username, origin,
                     ", ".join(c.key for c in changes))
        keys = {c.key for c in changes}
        return SaveResult(
            settings=load_settings(), changes=changes, restart_needed=tuple(sorted(keys & RESTART_KEYS)),
            overridden=tuple(sorted(keys & self.overridden_keys())),
        )


def _url_password(url: str) -> str | None:
    """The password in a database URL such as postgresql+psycopg://user:secret@host/db, if any."""
    try:
        return urlsplit(url).password
    except ValueError:  # a malformed address: load_settings above has already said what is wrong with it
        return None

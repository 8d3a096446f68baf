"""The secret store: the OS keyring behind a small interface, and an in-memory one for training.

A headless Linux machine often has no keyring at all; `keyring` then raises NoKeyringError. We
say so in words a person can act on, and never fall back to a plain-text file (keyrings.alt's
file backend would do exactly that, silently).
"""

from __future__ import annotations

import logging
import os
from typing import Protocol

from oncopos.domain.errors import ConfigurationError
from oncopos.domain.messages import msg

log = logging.getLogger(__name__)

SERVICE = "OncoPOS"

# The secrets the app knows, and what each is for (shown by `oncopos secrets`).
SECRET_NAMES = {
    "stripe_api_key": "this desk's restricted Stripe key (rk_live_... or rk_test_...)",
    "smtp_password": "the password of SMTP_USER on SMTP_HOST",
    "central_db_password": "the password for the central PostgreSQL in ONCOPOS_CENTRAL_URL",
    "otp_hmac_key": "the key one-time codes are hashed with (made by the app)",
    "audit_chain_key": "the key this desk's audit trail is chained with (made by the app; keep a copy)",
    "sin_encryption_key": "the school's key for students' social insurance numbers (made by the first desk that "
                          "records one; the same on every desk; keep a copy)",
}

NO_KEYRING = (
    "No keyring is available on this computer, and OncoPOS keeps secrets only in the operating "
    "system's keyring. On Windows and macOS it is built in; on Linux start a Secret Service such as "
    "GNOME Keyring or KWallet in the desktop session, then try again."
)


class SecretStore(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> bool: ...


def _check_name(name: str) -> None:
    if name not in SECRET_NAMES:
        raise ConfigurationError(msg("secrets.unknown", name=name, secret_names=', '.join(SECRET_NAMES)))


ENV_PREFIX = "ONCOPOS_SECRET_"


class KeyringSecretStore:
    """The OS keyring. For tests and CI only, ONCOPOS_SECRET_<NAME> overrides a secret (with a
    warning in the log each time): a CI runner has no keyring, and a secret in an environment
    variable is visible to every process of that user, which is no place for a desk's keys."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def get(self, name: str) -> str | None:
        _check_name(name)
        override = os.environ.get(ENV_PREFIX + name.upper())
        if override:
            log.warning("secret %s taken from %s%s: for tests and CI only", name, ENV_PREFIX, name.upper())
            return override
        keyring, errors = _keyring()
        try:
            return keyring.get_password(self.service, name)
        except errors.NoKeyringError:
            raise ConfigurationError(NO_KEYRING) from None
        except errors.KeyringError as exc:
            raise ConfigurationError(msg("secrets.read_refused", name=name, exc=exc)) from None

    def set(self, name: str, value: str) -> None:
        _check_name(name)
        if not value:
            raise ConfigurationError(msg("secrets.empty", name=name))
        keyring, errors = _keyring()
        try:
            keyring.set_password(self.service, name, value)
        except errors.NoKeyringError:
            raise ConfigurationError(NO_KEYRING) from None
        except errors.KeyringError as exc:
            raise ConfigurationError(msg("secrets.save_refused", name=name, exc=exc)) from None
        log.info("secret %s saved in the keyring", name)

    def delete(self, name: str) -> bool:
        _check_name(name)
        keyring, errors = _keyring()
        try:
            keyring.delete_password(self.service, name)
        except errors.PasswordDeleteError:
            return False
        except errors.NoKeyringError:
            raise ConfigurationError(NO_KEYRING) from None
        log.info("secret %s deleted from the keyring", name)
        return True


class MemorySecretStore:
    """Secrets that die with the process: training mode and tests."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self._values = dict(values or {})

    def get(self, name: str) -> str | None:
        _check_name(name)
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        _check_name(name)
        self._values[name] = value

    def delete(self, name: str) -> bool:
        _check_name(name)
        return self._values.pop(name, None) is not None


def _keyring():  # type: ignore[no-untyped-def]
    # Imported on use: asking for a backend can be slow (D-Bus) and is not needed at start-up.
    import keyring
    import keyring.errors

    return keyring, keyring.errors

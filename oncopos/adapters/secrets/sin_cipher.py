"""Social insurance numbers sealed with the school's key: Fernet (AES-128-CBC with HMAC-SHA256,
from the `cryptography` package) under a key kept in the OS keyring (secret ``sin_encryption_key``),
never in the database, a file or a log.

The database holds only the token, so a copy of the desk's file, a backup or the central database
shows no SIN. Every desk that files or shows slips needs the same key: the first desk to record a
SIN makes it; an administrator copies it to the others with `oncopos secrets set
sin_encryption_key` (and keeps a copy: without it the SINs on file cannot be read again). The
keyring value may hold several keys separated by spaces: the first seals, all open (a rotation).
"""

from __future__ import annotations

import logging
import threading

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from oncopos.adapters.secrets.store import SecretStore
from oncopos.domain.errors import ConfigurationError, SinUnreadable
from oncopos.domain.messages import msg
from oncopos.logs import SECURITY_LOG

security = logging.getLogger(SECURITY_LOG)

SECRET = "sin_encryption_key"


class SinCipher:
    """Thread-safe; the key is read from the keyring once, and again when a token will not open."""

    def __init__(self, secrets: SecretStore) -> None:
        self._secrets = secrets
        self._lock = threading.Lock()
        self._fernet: MultiFernet | None = None

    def seal(self, sin: str) -> str:
        """The token to store for `sin`; makes the school's key on the first SIN ever recorded."""
        with self._lock:
            fernet = self._load() or self._make()
        return fernet.encrypt(sin.encode("ascii")).decode("ascii")

    def open(self, token: str) -> str:
        """The SIN in `token`; SinUnreadable when this desk has not the key it was sealed with."""
        with self._lock:
            fernet = self._load()
            if fernet is None:
                raise SinUnreadable(missing_key=True)
            try:
                return fernet.decrypt(token.encode("ascii")).decode("ascii")
            except InvalidToken:
                pass
            # The key may have been set (or rotated) since it was read: read it once more.
            self._fernet = None
            fernet = self._load()
            try:
                if fernet is not None:
                    return fernet.decrypt(token.encode("ascii")).decode("ascii")
            except InvalidToken:
                pass
        security.warning("a SIN on file did not open with this desk's sin_encryption_key")
        raise SinUnreadable(missing_key=False)

    def _load(self) -> MultiFernet | None:
        if self._fernet is None:
            stored = self._secrets.get(SECRET)
            if stored:
                try:
                    self._fernet = MultiFernet([Fernet(part.encode("ascii")) for part in stored.split()])
                except ValueError:
                    raise ConfigurationError(msg("tuition.sin_key_invalid")) from None
        return self._fernet

    def _make(self) -> MultiFernet:
        key = Fernet.generate_key().decode("ascii")
        self._secrets.set(SECRET, key)  # ConfigurationError when there is no keyring: nothing is stored in clear
        security.info("sin_encryption_key created in the keyring: copy it to every desk that files T2202 slips")
        self._fernet = MultiFernet([Fernet(key.encode("ascii"))])
        return self._fernet

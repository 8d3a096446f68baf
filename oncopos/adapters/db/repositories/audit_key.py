"""The desk's audit-chain key: this desk's events are chained with HMAC-SHA256 under a key kept
in the OS keyring (secret ``audit_chain_key``), never in the database.

Someone with SQL access to the desk's file can still recompute a plain SHA-256 chain after an
edit; without the key, a recomputed chain no longer verifies. The key is made on the first event
this desk records. A desk that had events before it was keyed keeps them under the plain hash:
the keyring value remembers from which sequence number the chain is keyed
(``<hex key>;<workstation>=<sequence>``), so a recomputed plain chain after that point is found.

When the keyring is not available at all, events are chained with the plain hash and the
security log says so; the central database's copy (sync) is then the only anchor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets as token_source
import threading
from dataclasses import dataclass
from typing import Any

from oncopos.adapters.secrets import SecretStore
from oncopos.domain.errors import ConfigurationError
from oncopos.logs import SECURITY_LOG

security = logging.getLogger(SECURITY_LOG)

SECRET = "audit_chain_key"
KEY_BYTES = 32


def canonical(event: Any) -> bytes:
    """The bytes an event's hash covers: stable across databases and Python versions."""
    payload = {
        "id": str(event.id),
        "workstation_id": event.workstation_id,
        "sequence": event.sequence,
        "at": event.at.isoformat(timespec="microseconds"),
        "staff_id": str(event.staff_id) if event.staff_id else None,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def plain_digest(event: Any) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def keyed_digest(event: Any, key: bytes) -> str:
    return hmac.new(key, canonical(event), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class KeyMaterial:
    key: bytes
    workstation_id: str
    keyed_from: int  # this workstation's first keyed sequence number (1 when keyed from the start)

    def digest(self, event: Any) -> str:
        if event.workstation_id == self.workstation_id and event.sequence >= self.keyed_from:
            return keyed_digest(event, self.key)
        return plain_digest(event)

    def encode(self) -> str:
        suffix = f";{self.workstation_id}={self.keyed_from}" if self.keyed_from > 1 else ""
        return self.key.hex() + suffix


def decode(stored: str, workstation_id: str) -> KeyMaterial | None:
    text, _, start = stored.partition(";")
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        return None
    if len(key) < 16:
        return None
    keyed_from = 1
    if start:
        ws, _, number = start.partition("=")
        if ws == workstation_id and number.isdigit():
            keyed_from = int(number)
    return KeyMaterial(key, workstation_id, keyed_from)


class AuditChainKey:
    """Thread-safe, read once per process; `workstation_id` is the chain it keys."""

    def __init__(self, secrets: SecretStore, workstation_id: str) -> None:
        self._secrets = secrets
        self.workstation_id = workstation_id
        self._lock = threading.Lock()
        self._material: KeyMaterial | None = None
        self._unavailable = False

    def load(self) -> KeyMaterial | None:
        """The key if this desk has one (None: not keyed yet, or no keyring)."""
        with self._lock:
            return self._read()

    def for_recording(self, next_sequence: int) -> KeyMaterial | None:
        """The key to chain the event numbered `next_sequence` with; made and saved if the desk has none."""
        with self._lock:
            material = self._read()
            if material is not None or self._unavailable:
                return material
            made = KeyMaterial(token_source.token_bytes(KEY_BYTES), self.workstation_id, next_sequence)
            try:
                self._secrets.set(SECRET, made.encode())
            except ConfigurationError as exc:
                self._unavailable = True
                security.warning("audit trail not keyed on %s: %s", self.workstation_id, exc)
                return None
            security.info("audit chain key for %s created in the keyring (keyed from #%d)", self.workstation_id, next_sequence)
            self._material = made
            return made

    def _read(self) -> KeyMaterial | None:
        if self._material is not None or self._unavailable:
            return self._material
        try:
            stored = self._secrets.get(SECRET)
        except ConfigurationError as exc:
            self._unavailable = True
            security.warning("audit trail not keyed on %s: %s", self.workstation_id, exc)
            return None
        self._material = decode(stored, self.workstation_id) if stored else None
        return self._material

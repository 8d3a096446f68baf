"""Secrets live in the operating system's keyring, never in a file, a setting or a log."""

from oncopos.adapters.secrets.store import SECRET_NAMES, KeyringSecretStore, MemorySecretStore, SecretStore

__all__ = ["SECRET_NAMES", "KeyringSecretStore", "MemorySecretStore", "SecretStore"]

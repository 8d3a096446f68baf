"""Secrets go to the keyring and nowhere else; no keyring is a clear, actionable error."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from oncopos.adapters.secrets import KeyringSecretStore, MemorySecretStore
from oncopos.domain.errors import ConfigurationError


class DictKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_keyring_round_trip(memory_keyring: DictKeyring) -> None:
    store = KeyringSecretStore()
    assert store.get("stripe_api_key") is None
    store.set("stripe_api_key", "rk_test_abc")
    assert memory_keyring.values == {("OncoPOS", "stripe_api_key"): "rk_test_abc"}
    assert store.get("stripe_api_key") == "rk_test_abc"
    assert store.delete("stripe_api_key") is True
    assert store.delete("stripe_api_key") is False


def test_unknown_names_and_empty_values_are_refused(memory_keyring: DictKeyring) -> None:
    store = KeyringSecretStore()
    with pytest.raises(ConfigurationError, match="not a secret OncoPOS uses"):
        store.set("stripe_key", "x")
    with pytest.raises(ConfigurationError, match="empty"):
        store.set("smtp_password", "")
    assert memory_keyring.values == {}


def test_no_keyring_says_what_to_do() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(ConfigurationError, match=r"No keyring is available.*GNOME Keyring or KWallet"):
            KeyringSecretStore().set("smtp_password", "s3cret-value")
        with pytest.raises(ConfigurationError, match="No keyring is available"):
            KeyringSecretStore().get("smtp_password")
    finally:
        keyring.set_keyring(previous)


def test_memory_store() -> None:
    store = MemorySecretStore({"smtp_password": "x"})
    assert store.get("smtp_password") == "x"
    assert store.delete("smtp_password") and store.get("smtp_password") is None


def test_environment_override_is_for_ci_and_warns(
    memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    memory_keyring.values[("OncoPOS", "smtp_password")] = "from-keyring"
    monkeypatch.setenv("ONCOPOS_SECRET_SMTP_PASSWORD", "from-env")
    with caplog.at_level("WARNING"):
        assert KeyringSecretStore().get("smtp_password") == "from-env"
    assert "for tests and CI only" in caplog.text and "from-env" not in caplog.text
    monkeypatch.delenv("ONCOPOS_SECRET_SMTP_PASSWORD")
    assert KeyringSecretStore().get("smtp_password") == "from-keyring"

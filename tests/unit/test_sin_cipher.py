"""Social insurance numbers are sealed with the school's key from the keyring, and only that key opens them."""

from __future__ import annotations

import keyring
import pytest
from cryptography.fernet import Fernet

from oncopos.adapters.secrets import KeyringSecretStore, MemorySecretStore
from oncopos.adapters.secrets.sin_cipher import SECRET, SinCipher
from oncopos.domain.errors import ConfigurationError, SinUnreadable
from tests.unit.test_secrets import DictKeyring, memory_keyring  # noqa: F401  (fixture)

SIN = "130692544"


def test_the_first_sin_makes_the_key_and_the_token_shows_nothing_of_the_sin() -> None:
    store = MemorySecretStore()
    cipher = SinCipher(store)
    token = cipher.seal(SIN)
    key = store.get(SECRET)
    assert key and Fernet(key.encode())  # a real Fernet key, made once and kept in the store
    assert SIN not in token
    assert not any(run in token for run in (SIN[:3], SIN[3:6], SIN[6:]))
    assert cipher.open(token) == SIN
    assert cipher.seal(SIN) != token  # a fresh IV each time: equal SINs do not make equal tokens
    assert store.get(SECRET) == key


def test_another_desk_opens_it_only_with_the_same_key() -> None:
    first = MemorySecretStore()
    token = SinCipher(first).seal(SIN)
    without = SinCipher(MemorySecretStore())
    with pytest.raises(SinUnreadable) as no_key:
        without.open(token)
    assert no_key.value.missing_key and "sin_encryption_key" in str(no_key.value)
    other = SinCipher(MemorySecretStore({SECRET: Fernet.generate_key().decode()}))
    with pytest.raises(SinUnreadable) as wrong:
        other.open(token)
    assert not wrong.value.missing_key
    copied = MemorySecretStore({SECRET: first.get(SECRET) or ""})
    assert SinCipher(copied).open(token) == SIN


def test_a_key_set_while_the_desk_runs_is_read_again() -> None:
    first = MemorySecretStore()
    token = SinCipher(first).seal(SIN)
    store = MemorySecretStore({SECRET: Fernet.generate_key().decode()})
    cipher = SinCipher(store)
    with pytest.raises(SinUnreadable):
        cipher.open(token)
    store.set(SECRET, first.get(SECRET) or "")  # an administrator copies the school's key
    assert cipher.open(token) == SIN


def test_a_rotated_key_seals_with_the_new_one_and_still_opens_the_old() -> None:
    old = Fernet.generate_key().decode()
    old_token = SinCipher(MemorySecretStore({SECRET: old})).seal(SIN)
    new = Fernet.generate_key().decode()
    cipher = SinCipher(MemorySecretStore({SECRET: f"{new} {old}"}))
    assert cipher.open(old_token) == SIN
    assert SinCipher(MemorySecretStore({SECRET: new})).open(cipher.seal(SIN)) == SIN


def test_a_damaged_key_is_a_sentence_not_a_traceback() -> None:
    with pytest.raises(ConfigurationError, match="oncopos secrets set sin_encryption_key"):
        SinCipher(MemorySecretStore({SECRET: "not-a-key"})).open("gAAAA")


def test_the_key_lives_in_the_os_keyring(memory_keyring: DictKeyring) -> None:  # noqa: F811
    token = SinCipher(KeyringSecretStore()).seal(SIN)
    assert keyring.get_password("OncoPOS", SECRET)
    assert SinCipher(KeyringSecretStore()).open(token) == SIN


def test_without_a_keyring_no_sin_is_sealed() -> None:
    class NoKeyring(MemorySecretStore):
        def set(self, name: str, value: str) -> None:
            raise ConfigurationError("No keyring is available on this computer")

    with pytest.raises(ConfigurationError, match="No keyring"):
        SinCipher(NoKeyring()).seal(SIN)

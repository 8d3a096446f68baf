"""The settings file and its store: precedence, validation before writing, audit, and no secrets."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from oncopos.config import load_settings
from oncopos.config_file import read_settings_file, write_settings_file
from oncopos.domain.access import Actor, PermissionDenied, Role
from oncopos.domain.checks import check_gst_hst_number, check_qst_number, luhn_valid
from oncopos.domain.errors import ConfigurationError
from oncopos.services.settings_store import SettingsStore
from tests.actors import fixture_actor

ADMIN = fixture_actor(uuid.uuid4(), "ada", Role.ADMIN, "DESK1")
MANAGER = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")


class FakeAudit:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def record(self, actor: Actor, action: str, **kwargs: Any) -> None:
        self.events.append((action, kwargs))


class FakeUow:
    """Records audit events; they count only once committed, as in the real unit of work."""

    def __init__(self, committed: list[tuple[str, dict[str, Any]]], fail_commit: bool = False) -> None:
        self.audit = FakeAudit()
        self._committed = committed
        self._fail = fail_commit

    def __enter__(self) -> FakeUow:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        if self._fail:
            raise RuntimeError("database is locked")
        self._committed.extend(self.audit.events)


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "cfg" / "settings.toml"
    monkeypatch.setenv("ONCOPOS_CONFIG_FILE", str(path))
    return path


@pytest.fixture
def audit() -> list[tuple[str, dict[str, Any]]]:
    return []


@pytest.fixture
def store(config: Path, audit: list[tuple[str, dict[str, Any]]], clock: Any) -> SettingsStore:
    return SettingsStore(lambda: FakeUow(audit), clock=clock)


def test_the_file_sits_below_the_environment_and_dotenv(store: SettingsStore, config: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store.save(ADMIN, {"BUSINESS_NAME": "OncoOne Québec", "OTP_LENGTH": 8, "MIN_PAYMENT_AMOUNT": "2.5"})
    settings = load_settings()  # a restart: everything comes back from the file
    assert (settings.business_name, settings.otp_length, settings.min_payment_cents) == ("OncoOne Québec", 8, 250)
    Path(".env").write_text("OTP_LENGTH=7\n")
    assert load_settings().otp_length == 7
    monkeypatch.setenv("OTP_LENGTH", "9")
    assert load_settings().otp_length == 9 and store.overridden_keys() >= {"OTP_LENGTH"}
    assert 'MIN_PAYMENT_AMOUNT = "2.50"' in config.read_text(encoding="utf-8")  # dollars, as in the environment


def test_a_bad_value_is_refused_with_the_start_up_message_and_nothing_is_written(  # type: ignore[no-untyped-def]
        store: SettingsStore, config: Path, audit) -> None:
    store.save(ADMIN, {"BUSINESS_NAME": "OncoOne"})
    before = config.read_text(encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        store.save(ADMIN, {"OTP_LENGTH": 4, "BUSINESS_NAME": "Renamed"})
    assert str(caught.value) == ("Configuration error: OTP_LENGTH=4 is not allowed; use a whole number of digits "
                                 "from 6 to 10.")
    with pytest.raises(ConfigurationError, match="fails its check digit"):
        store.save(ADMIN, {"GST_HST_NUMBER": "123456789RT0001"})
    with pytest.raises(ConfigurationError, match="must not contain the password"):
        store.save(ADMIN, {"ONCOPOS_CENTRAL_URL": "postgresql+psycopg://oncopos:hunter2hunter2@db.example.ca/oncopos"})
    assert config.read_text(encoding="utf-8") == before and len(audit) == 1


def test_every_change_is_audited_with_old_and_new_values(store: SettingsStore, audit) -> None:  # type: ignore[no-untyped-def]
    store.save(ADMIN, {"OTP_EXPIRY_MINUTES": 5})
    result = store.save(ADMIN, {"OTP_EXPIRY_MINUTES": 8, "WORKSTATION_ID": "DESK4", "BUSINESS_NAME": "OncoOne Education"})
    action, event = audit[-1]
    assert action == "settings.changed" and event["subject_id"] == "DESK1"
    # BUSINESS_NAME was sent with the value already in force: not a change, not pinned in the file.
    assert event["details"]["changes"] == {"OTP_EXPIRY_MINUTES": {"old": 5, "new": 8},
                                           "WORKSTATION_ID": {"old": "DESK1", "new": "DESK4"}}
    assert result.restart_needed == ("WORKSTATION_ID",) and "BUSINESS_NAME" not in store.values()


def test_only_an_administrator_changes_settings(store: SettingsStore, config: Path) -> None:
    with pytest.raises(PermissionDenied, match="marc \\(manager\\) may not manage settings"):
        store.save(MANAGER, {"OTP_LENGTH": 8})
    assert not config.exists()


def test_a_failed_commit_puts_the_old_file_back(config: Path, clock: Any) -> None:
    committed: list[Any] = []
    SettingsStore(lambda: FakeUow(committed), clock=clock).save(ADMIN, {"OTP_LENGTH": 7})
    before = config.read_text(encoding="utf-8")
    failing = SettingsStore(lambda: FakeUow(committed, fail_commit=True), clock=clock)
    with pytest.raises(RuntimeError):
        failing.save(ADMIN, {"OTP_LENGTH": 9})
    assert config.read_text(encoding="utf-8") == before and load_settings().otp_length == 7


def test_secrets_are_refused_in_the_file_and_in_an_import(store: SettingsStore, config: Path, tmp_path: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('SMTP_PASSWORD = "hunter2hunter2"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="oncopos secrets set smtp_password"):
        load_settings()
    config.unlink()
    incoming = tmp_path / "other-desk.toml"
    incoming.write_text('BUSINESS_NAME = "OncoOne"\nSTRIPE_API_KEY = "rk_live_abcdefghijkl"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="STRIPE_API_KEY is a secret"):
        store.import_file(ADMIN, incoming)
    assert not config.exists()


def test_import_checks_every_value_before_writing_any(store: SettingsStore, config: Path, tmp_path: Path, audit) -> None:  # type: ignore[no-untyped-def]
    incoming = tmp_path / "desk1.toml"
    incoming.write_text('BUSINESS_NAME = "OncoOne Ottawa"\nOTP_MAX_ATTEMPTS = 50\nBUSINESS_PROVINCE = "XX"\n')
    with pytest.raises(ConfigurationError) as caught:
        store.import_file(ADMIN, incoming)
    assert "OTP_MAX_ATTEMPTS=50" in str(caught.value) and "BUSINESS_PROVINCE='XX'" in str(caught.value)
    assert not config.exists() and audit == []
    incoming.write_text('BUSINESS_NAME = "OncoOne Ottawa"\nOTP_MAX_ATTEMPTS = 5\nBUSINESS_PROVINCE = "on"\n')
    result = store.import_file(ADMIN, incoming)
    assert {c.key for c in result.changes} == {"BUSINESS_NAME", "OTP_MAX_ATTEMPTS"}  # ON is already in force
    assert audit[-1][0] == "settings.imported" and audit[-1][1]["details"]["source"] == "desk1.toml"
    exported = tmp_path / "export.toml"
    assert store.export_file(ADMIN, exported) == 3  # the imported file's values, normalised
    assert read_settings_file(exported) == (
        {"BUSINESS_NAME": "OncoOne Ottawa", "BUSINESS_PROVINCE": "ON", "OTP_MAX_ATTEMPTS": 5}, {})


def test_skipped_steps_are_remembered_apart_from_the_settings(store: SettingsStore, config: Path) -> None:
    for step in ("email", "stripe", "central"):
        store.mark_step(step, finished=False)
    store.mark_step("stripe", finished=True)
    assert store.unfinished() == ["email", "central"]
    store.save(ADMIN, {"OTP_LENGTH": 8})
    assert store.unfinished() == ["email", "central"] and load_settings().otp_length == 8


def test_a_damaged_file_says_where_and_what_to_do(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('BUSINESS_NAME = "OncoOne\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"settings.toml is damaged \(.*line 1.*\)"):
        load_settings()
    write_settings_file(config, {"BUSINESS_NAME": 'Quote " and \\ backslash\nnewline'})
    assert load_settings().business_name == 'Quote " and \\ backslash\nnewline'


@pytest.mark.parametrize(("number", "ok"), [
    ("123456782RT0001", True), ("123026635RT0001", True), ("123 456 782 RT 0001", True),
    ("123456789RT0001", False), ("123456728RT0001", False), ("12345678RT0001", False), ("123456782RP0001", False),
])
def test_gst_hst_numbers_by_format_and_check_digit(number: str, ok: bool) -> None:
    assert check_gst_hst_number(number).ok is ok


def test_luhn_matches_published_examples() -> None:
    # 123026635 is python-stdnum's valid BN example; 123456783 its bad-checksum one.
    assert luhn_valid("123026635") and not luhn_valid("123456783") and luhn_valid("4242424242424242")


def test_qst_numbers_by_format_only() -> None:
    assert check_qst_number("1234567890TQ0001").ok and check_qst_number("1006123456 TQ 0001").ok
    assert "10 digits, TQ and 4 digits" in check_qst_number("123456789TQ0001").message

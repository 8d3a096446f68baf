from __future__ import annotations

from pathlib import Path

import pytest

from oncopos.config import load_settings
from oncopos.domain.errors import ConfigurationError


def test_defaults_are_usable() -> None:
    settings = load_settings()
    assert settings.min_payment_cents == 100
    assert settings.max_payment_cents == 2_500_000
    assert settings.otp_length == 6 and settings.otp_expiry_minutes == 10 and settings.otp_max_attempts == 3
    assert settings.business_province == "ON"
    assert settings.database_url.startswith("sqlite:///")
    assert settings.tz.key == "America/Toronto"


def test_environment_names_from_the_old_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIN_PAYMENT_AMOUNT", "25.50")
    monkeypatch.setenv("MAX_PAYMENT_AMOUNT", "10,000")
    monkeypatch.setenv("PAYMENT_TIMEOUT_MINUTES", "45")
    monkeypatch.setenv("OTP_LENGTH", "8")
    monkeypatch.setenv("BUSINESS_NAME", "École OncoOne")
    monkeypatch.setenv("GST_HST_NUMBER", "123456789 RT0001")
    monkeypatch.setenv("QST_NUMBER", "1234567890TQ0001")
    monkeypatch.setenv("BUSINESS_PROVINCE", "qc")
    monkeypatch.setenv("BUSINESS_TIMEZONE", "America/Montreal")
    monkeypatch.setenv("WORKSTATION_ID", "front-2")
    monkeypatch.setenv("INVOICE_SERIES", "DESK2")
    s = load_settings()
    assert (s.min_payment_cents, s.max_payment_cents) == (2550, 1_000_000)
    assert s.payment_timeout_minutes == 45 and s.otp_length == 8
    assert s.business_name == "École OncoOne"
    assert s.gst_hst_number == "123456789RT0001" and s.qst_number == "1234567890TQ0001"
    assert s.business_province == "QC" and s.workstation_id == "front-2" and s.invoice_series == "DESK2"


def test_dotenv_file_is_read_and_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("BUSINESS_PROVINCE=NS\nOTP_MAX_ATTEMPTS=5\n", encoding="utf-8")
    monkeypatch.setenv("OTP_MAX_ATTEMPTS", "4")
    s = load_settings()
    assert s.business_province == "NS"
    assert s.otp_max_attempts == 4


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("MIN_PAYMENT_AMOUNT", "abc", "a dollar amount"),
        ("MIN_PAYMENT_AMOUNT", "1.005", "at most 2 decimals"),
        ("MAX_PAYMENT_AMOUNT", "-5", "a dollar amount"),
        ("PAYMENT_TIMEOUT_MINUTES", "0", "from 1 to 1440"),
        ("OTP_LENGTH", "4", "from 6 to 10"),
        ("OTP_EXPIRY_MINUTES", "30", "from 1 to 10"),
        ("OTP_MAX_ATTEMPTS", "many", "from 1 to 10"),
        ("BUSINESS_EMAIL", "accounts-at-example", "an email address"),
        ("GST_HST_NUMBER", "12345", "RT and 4 digits"),
        ("QST_NUMBER", "1234567890RT0001", "TQ and 4 digits"),
        ("BUSINESS_PROVINCE", "XX", "AB, BC"),
        ("BUSINESS_TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("INVOICE_SERIES", "desk 1", "capital letters or digits"),
        ("MAIL_BACKEND", "pigeon", "smtp, file or console"),
        ("SMTP_PORT", "70000", "1 to 65535"),
        ("STRIPE_MODE", "prod", "simulator, test or live"),
        ("ONCOPOS_CENTRAL_URL", "sqlite:///x.db", "PostgreSQL URL"),
    ],
)
def test_a_bad_value_is_one_line_naming_variable_value_and_rule(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, allowed: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"Configuration error: {name}={value!r} is not allowed; use ")
    assert allowed in message


def test_minimum_above_maximum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIN_PAYMENT_AMOUNT", "500")
    monkeypatch.setenv("MAX_PAYMENT_AMOUNT", "100")
    with pytest.raises(ConfigurationError, match="MAX_PAYMENT_AMOUNT must be above MIN_PAYMENT_AMOUNT"):
        load_settings()

from __future__ import annotations

from pathlib import Path

import pytest

from oncopos.config import Settings, load_settings
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


# What the settings reader converts, as the settings always did (pydantic's lax mode, which read them
# before): the same values taken, the same refused, with the same words.


@pytest.mark.parametrize(("text", "on"), [("true", True), ("Yes", True), ("ON", True), ("1", True), ("t", True),
                                          ("false", False), ("No", False), ("off", False), ("0", False), ("N", False)])
def test_a_switch_is_yes_or_no_in_any_case(monkeypatch: pytest.MonkeyPatch, text: str, on: bool) -> None:
    monkeypatch.setenv("SK_PST_ON_SERVICES", text)
    assert load_settings().sk_pst_on_services is on


@pytest.mark.parametrize(("text", "minutes"), [("45", 45), (" 45 ", 45), ("+45", 45), ("1_000", 1000), ("45.0", 45)])
def test_whole_minutes_as_a_person_writes_them(monkeypatch: pytest.MonkeyPatch, text: str, minutes: int) -> None:
    monkeypatch.setenv("PAYMENT_TIMEOUT_MINUTES", text)
    assert load_settings().payment_timeout_minutes == minutes


@pytest.mark.parametrize("text", ["45.5", "0x2d", "4 5", "\uff14\uff15", "", "45."])
def test_what_is_not_a_whole_number_is_refused(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("PAYMENT_TIMEOUT_MINUTES", text)
    with pytest.raises(ConfigurationError, match="use whole minutes from 1 to 1440"):
        load_settings()


def test_a_variable_without_its_own_rule_says_what_the_value_should_be(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCOPOS_TRAINING", "maybe")
    monkeypatch.setenv("T2202_ACCOUNT", "12345")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert str(caught.value).splitlines() == [  # one line per bad value, in the settings' order
        "Configuration error: ONCOPOS_TRAINING='maybe' is not allowed; use Input should be a valid boolean, "
        "unable to interpret input.",
        "Configuration error: T2202_ACCOUNT='12345' is not allowed; use not a T2202 program account "
        "(9 digits, RZ, 4 digits, e.g. 123456789RZ0001).",
    ]


def test_values_of_the_wrong_type_from_the_file_or_code_are_refused() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(business_phone=4165550100, data_dir=5, smtp_port=587.5, training=2)
    assert str(caught.value).splitlines() == [
        "Configuration error: ONCOPOS_TRAINING=2 is not allowed; use Input should be a valid boolean, "
        "unable to interpret input.",
        "Configuration error: ONCOPOS_DATA_DIR=5 is not allowed; use Input is not a valid path for <class 'pathlib.Path'>.",
        "Configuration error: BUSINESS_PHONE=4165550100 is not allowed; use a telephone number of at most 40 characters.",
        "Configuration error: SMTP_PORT=587.5 is not allowed; use a port number from 1 to 65535.",
    ]


def test_settings_are_built_by_name_or_variable_read_only_and_copied_unchecked(tmp_path: Path) -> None:
    settings = Settings(WORKSTATION_ID="FRONT-1", otp_length="8", data_dir=str(tmp_path), not_a_setting=1)
    assert (settings.workstation_id, settings.otp_length, settings.data_dir) == ("FRONT-1", 8, tmp_path)
    assert settings.tenders_needing_code == "hosted,reader"  # the defaults are checked and normalised too
    with pytest.raises(AttributeError):
        settings.otp_length = 9  # type: ignore[misc]
    copy = settings.model_copy(update={"training": True})
    assert copy.training and not settings.training and copy.workstation_id == "FRONT-1"
    assert copy != settings and copy == settings.model_copy(update={"training": True})
    with pytest.raises(ConfigurationError, match="OTP_LENGTH='4'"):
        Settings(OTP_LENGTH="4")
    # The code's setting is per tender by hand; a card always asks it, so leaving one out is refused, not ignored.
    assert Settings(TENDERS_NEEDING_CODE="cheque, reader,hosted").code_tenders == {"cheque", "reader", "hosted"}
    with pytest.raises(ConfigurationError, match="always needs the student's one-time code"):
        Settings(TENDERS_NEEDING_CODE="cheque")

"""`oncopos settings path|show|export|import`: one clear line on failure, the audit trail on success."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.bootstrap import build_context
from oncopos.cli import main
from oncopos.config import load_settings
from tests.integration.cli_credentials import password_fd


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "config" / "settings.toml"
    monkeypatch.setenv("ONCOPOS_CONFIG_FILE", str(path))
    return path


ADMIN = ("--user", "ada", "--password-fd")


def _admin_fd() -> str:
    return str(password_fd("the admin's own passphrase"))


@pytest.fixture
def admin(config: Path) -> None:
    context = build_context(load_settings())
    try:
        context.staff.create_first_admin("ada", "the admin's own passphrase", "Ada Admin")
    finally:
        context.close()


def test_import_checks_everything_then_export_carries_it_to_the_next_desk(config: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                         admin: None) -> None:
    incoming = tmp_path / "desk1.toml"
    incoming.write_text('BUSINESS_NAME = "OncoOne Ottawa"\nGST_HST_NUMBER = "123456789RT0001"\nOTP_LENGTH = 8\n')
    assert main(["settings", "import", str(incoming), *ADMIN, _admin_fd()]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("Configuration error: GST_HST_NUMBER: The business number 123456789 fails its check digit: "
                           "a digit is wrong or two are swapped. Copy it again from a CRA letter or the CRA's My "
                           "Business Account.")
    assert not config.exists()

    incoming.write_text('BUSINESS_NAME = "OncoOne Ottawa"\nGST_HST_NUMBER = "123456782RT0001"\nOTP_LENGTH = 8\n')
    assert main(["settings", "import", str(incoming), *ADMIN, _admin_fd()]) == 0
    assert "3 settings imported from" in capsys.readouterr().out
    assert load_settings().business_name == "OncoOne Ottawa"
    engine = sa.create_engine(load_settings().database_url)
    with engine.connect() as conn:
        row = conn.execute(sa.text("select action, details from audit_events where action = 'settings.imported'")).one()
    engine.dispose()
    assert "OTP_LENGTH" in str(row.details) and "command line" in str(row.details)
    assert main(["settings", "import", str(incoming)]) == 1  # nobody signed in: refused
    assert "--user NAME" in capsys.readouterr().err

    exported = tmp_path / "for-desk2.toml"
    assert main(["settings", "export", str(exported)]) == 0
    assert "Secrets are not included" in capsys.readouterr().out
    assert 'GST_HST_NUMBER = "123456782RT0001"' in exported.read_text()
    assert main(["settings", "show"]) == 0
    assert "BUSINESS_NAME = 'OncoOne Ottawa'" in capsys.readouterr().out
    assert main(["settings", "path"]) == 0
    assert str(config) in capsys.readouterr().out

"""The command line is no way around the sign-in: from the desk's OS account, with no staff
credentials, nothing that changes staff, settings, secrets or money runs, nor the audit export."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.integration.cli_credentials import oncopos_as

ADA, ADA_PW = "ada", "the admin's own passphrase"
MARC, MARC_PW = "marc", "the manager's passphrase"
RITA, RITA_PW = "rita", "the registrar's passphrase"


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> dict[str, str]:
    """A database with an administrator, a manager and a registrar; its own settings file."""
    env = {"ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"), "ONCOPOS_DATA_DIR": str(tmp_path / "data")}
    made = oncopos_as(None, None, "staff", "add", ADA, "--role", "admin", "--db", db_url, stdin=ADA_PW + "\n", env=env)
    assert made.returncode == 0, made.stderr
    for name, role, password in ((MARC, "manager", MARC_PW), (RITA, "registrar", RITA_PW)):
        made = oncopos_as(ADA, ADA_PW, "staff", "add", name, "--role", role, "--db", db_url, stdin=password + "\n", env=env)
        assert made.returncode == 0, made.stderr
    return {"db": db_url, **env}


def _count(db_url: str, sql: str) -> int:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        value = conn.scalar(sa.text(sql))
    engine.dispose()
    return int(value or 0)


def _commands(tmp_path: Path, db: str) -> list[tuple[str, ...]]:
    incoming = tmp_path / "incoming.toml"
    incoming.write_text("OTP_MAX_ATTEMPTS = 10\n", encoding="utf-8")
    return [
        ("staff", "add", "mallory", "--role", "admin", "--db", db),
        ("staff", "passwd", ADA, "--db", db),
        ("staff", "deactivate", RITA, "--db", db),
        ("settings", "import", str(incoming), "--db", db),
        ("audit", "export", "--out", str(tmp_path / "trail.csv"), "--db", db),
        ("secrets", "set", "stripe_api_key", "--db", db),
        ("secrets", "delete", "smtp_password", "--db", db),
        ("reconcile", "--db", db),
    ]


def test_without_credentials_nothing_runs(desk: dict[str, str], tmp_path: Path) -> None:
    db = desk["db"]
    before = (_count(db, "SELECT count(*) FROM staff"), _count(db, "SELECT count(*) FROM audit_events"))
    env = {k: v for k, v in desk.items() if k != "db"}
    for args in _commands(tmp_path, db):
        result = oncopos_as(None, None, *args, stdin="a chosen password 123\nsk_test_x\n", env=env)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.strip().startswith("oncopos: To "), (args, result.stderr)
        assert "--user NAME" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (_count(db, "SELECT count(*) FROM staff"), _count(db, "SELECT count(*) FROM audit_events")) == before
    assert not (tmp_path / "trail.csv").exists() and not (tmp_path / "settings.toml").exists()
    # a password is never taken from the command line itself
    refused = oncopos_as(None, None, "staff", "passwd", ADA, "--db", db, "--password", ADA_PW, env=env)
    assert refused.returncode == 2 and "unrecognized arguments" in refused.stderr


def test_a_wrong_password_is_refused_and_counts_towards_the_lockout(desk: dict[str, str], tmp_path: Path) -> None:
    db = desk["db"]
    env = {k: v for k, v in desk.items() if k != "db"}
    wrong = oncopos_as(ADA, "not her password", "staff", "add", "mallory", "--role", "admin", "--db", db,
                       stdin="a chosen password 123\n", env=env)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "oncopos: The user name or password is not right. Check both and try again."
    assert _count(db, "SELECT count(*) FROM staff WHERE username = 'mallory'") == 0
    assert _count(db, "SELECT failed_logins FROM staff WHERE username = 'ada'") == 1
    assert _count(db, "SELECT count(*) FROM audit_events WHERE action = 'staff.sign_in_failed'") == 1


def test_each_person_may_do_what_their_role_may(desk: dict[str, str], tmp_path: Path) -> None:
    db = desk["db"]
    env = {k: v for k, v in desk.items() if k != "db"}
    # a registrar may not make anyone an administrator; a manager may not either
    for user, password in ((RITA, RITA_PW), (MARC, MARC_PW)):
        refused = oncopos_as(user, password, "staff", "add", "mallory", "--role", "admin", "--db", db,
                             stdin="a chosen password 123\n", env=env)
        assert refused.returncode == 1
        assert refused.stderr.strip().startswith(f"oncopos: {user} (") and "may not manage staff" in refused.stderr
    assert _count(db, "SELECT count(*) FROM staff WHERE username = 'mallory'") == 0
    # a manager exports the audit trail; the export is audited under the manager
    out = tmp_path / "trail.csv"
    exported = oncopos_as(MARC, MARC_PW, "audit", "export", "--out", str(out), "--db", db, env=env)
    assert exported.returncode == 0, exported.stderr
    assert out.exists()
    assert _count(db, "SELECT count(*) FROM audit_events e JOIN staff s ON s.id = e.staff_id "
                      "WHERE e.action = 'audit.exported' AND s.username = 'marc'") == 1
    # only an administrator imports settings (raising OTP_MAX_ATTEMPTS is a security change)
    incoming = tmp_path / "incoming.toml"
    incoming.write_text("OTP_MAX_ATTEMPTS = 10\n", encoding="utf-8")
    refused = oncopos_as(MARC, MARC_PW, "settings", "import", str(incoming), "--db", db, env=env)
    assert refused.returncode == 1 and "may not manage settings" in refused.stderr
    assert not (tmp_path / "settings.toml").exists()
    imported = oncopos_as(ADA, ADA_PW, "settings", "import", str(incoming), "--db", db, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "OTP_MAX_ATTEMPTS = 10" in (tmp_path / "settings.toml").read_text(encoding="utf-8")
    assert _count(db, "SELECT count(*) FROM audit_events e JOIN staff s ON s.id = e.staff_id "
                      "WHERE e.action = 'settings.imported' AND s.username = 'ada'") == 1


def test_no_terminal_and_no_descriptor_is_one_line(desk: dict[str, str]) -> None:
    env = {k: v for k, v in desk.items() if k != "db"}
    result = oncopos_as(ADA, None, "staff", "deactivate", RITA, "--db", desk["db"], env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == ("oncopos: There is no terminal to ask for ada's password; run the command in a "
                                     "terminal, or pass the password on a file descriptor with --password-fd N.")


def test_the_first_account_of_an_empty_system_is_an_administrator(db_url: str, tmp_path: Path) -> None:
    env = {"ONCOPOS_DATA_DIR": str(tmp_path / "data")}
    refused = oncopos_as(None, None, "staff", "add", "boss", "--role", "manager", "--db", db_url,
                         stdin="a chosen password 123\n", env=env)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "oncopos: The first account must be an administrator: run it again with --role admin."
    nothing = oncopos_as(None, None, "audit", "export", "--out", str(tmp_path / "a.csv"), "--db", db_url, env=env)
    assert nothing.returncode == 1 and "No staff account exists yet" in nothing.stderr
    made = oncopos_as(None, None, "staff", "add", "boss", "--role", "admin", "--db", db_url,
                      stdin="a chosen password 123\n", env=env)
    assert made.returncode == 0, made.stderr
    # from now on, even a second administrator needs the first one's password
    second = oncopos_as(None, None, "staff", "add", "boss2", "--role", "admin", "--db", db_url,
                        stdin="a chosen password 123\n", env=env)
    assert second.returncode == 1 and "--user NAME" in second.stderr

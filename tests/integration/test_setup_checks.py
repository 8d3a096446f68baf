"""Each set-up check against the real thing: its exact failure message for a wrong password, an
unreachable host, TLS that cannot be trusted, a refused recipient, a key without a permission,
a revoked key and a duplicate invoice series."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from oncopos.adapters import connection_checks as checks
from oncopos.domain.errors import ConfigurationError
from oncopos.simulator import start_simulator
from oncopos.simulator.store import ALL_PERMISSIONS

from .smtp_server import PASSWORD, USER, SmtpServer, free_port, smtp_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path) as running:
        yield running


def _mail(port: int, *, user: str | None = USER, security: str = "starttls") -> checks.MailSettings:
    return checks.MailSettings("127.0.0.1", port, security, user, "OncoOne Education", "accounts@oncoone.example")


def _trusting(server: SmtpServer) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.cert))


def test_a_test_email_arrives(server: SmtpServer) -> None:
    result = checks.send_test_email(_mail(server.port), PASSWORD, "ada@oncoone.example", workstation_id="DESK1",
                                    ssl_context=_trusting(server))
    assert result.ok and result.message.startswith("Test message sent to ada@oncoone.example through 127.0.0.1:")
    [message] = server.mailbox.received
    assert message.rcpt_tos == ["ada@oncoone.example"] and message.tls and b"DESK1" in message.content


def test_a_wrong_password_names_the_login(server: SmtpServer) -> None:
    result = checks.send_test_email(_mail(server.port), "wrong password", "ada@oncoone.example", workstation_id="DESK1",
                                    ssl_context=_trusting(server))
    assert not result.ok
    assert result.message.startswith(f"The mail server 127.0.0.1:{server.port} refused the login of {USER} (535")
    assert "wrong password" not in result.message and server.mailbox.received == []


def test_an_unreachable_host_says_nothing_answers() -> None:
    port = free_port()  # nothing listens there
    result = checks.send_test_email(_mail(port), PASSWORD, "ada@oncoone.example", workstation_id="DESK1", timeout=3)
    assert not result.ok
    assert result.message == (f"Cannot connect to the mail server 127.0.0.1:{port} (connection refused: nothing "
                              "answers on that port). Check that this computer is online, and that SMTP_HOST and "
                              "SMTP_PORT are right.")


def test_a_certificate_that_cannot_be_trusted_is_a_tls_failure(server: SmtpServer) -> None:
    # The system's trusted authorities do not know the test server's self-signed certificate.
    result = checks.send_test_email(_mail(server.port), PASSWORD, "ada@oncoone.example", workstation_id="DESK1")
    assert not result.ok and "TLS with the mail server" in result.message and "cannot be trusted" in result.message


def test_a_refused_recipient_names_the_address(server: SmtpServer) -> None:
    result = checks.send_test_email(_mail(server.port), PASSWORD, "nobody@refused.example", workstation_id="DESK1",
                                    ssl_context=_trusting(server))
    assert not result.ok and result.message.startswith("The mail server refused the address nobody@refused.example (550")


def test_an_address_that_is_not_one_is_caught_before_connecting() -> None:
    result = checks.send_test_email(_mail(1), PASSWORD, "ada at oncoone", workstation_id="DESK1")
    assert not result.ok and "'ada at oncoone' is not an email address" in result.message


@pytest.fixture
def simulator() -> Iterator[object]:
    handle = start_simulator(0)
    yield handle
    handle.stop()


def test_a_key_without_a_permission_lists_what_is_missing(simulator) -> None:  # type: ignore[no-untyped-def]
    simulator.add_restricted_key("rk_test_desk_noterminal_01", set(ALL_PERMISSIONS) - {"terminal_reader_write"})
    result, report = checks.check_stripe_key(checks.build_gateway("test", "rk_test_desk_noterminal_01",
                                                                  base_url=simulator.url))
    assert not result.ok
    assert result.message.startswith("The key rk_test_…l_01 lacks: Terminal readers (read), Terminal readers (write). "
                                     "Add these permissions to the restricted key in the Stripe Dashboard")
    assert {(c.name, c.access) for c in report.missing} == {("Terminal readers", "read"), ("Terminal readers", "write")}


def test_a_revoked_key_is_refused_and_a_live_key_in_test_mode_never_leaves(simulator) -> None:  # type: ignore[no-untyped-def]
    simulator.add_restricted_key("rk_test_desk_revoked_0001", set(ALL_PERMISSIONS))
    simulator.state.revoke_key("rk_test_desk_revoked_0001")
    result, _report = checks.check_stripe_key(checks.build_gateway("test", "rk_test_desk_revoked_0001",
                                                                   base_url=simulator.url))
    assert not result.ok and result.message == ("Stripe refused the key: it is invalid, revoked or expired. Enter a "
                                                "valid restricted key.")
    with pytest.raises(ConfigurationError, match="A live key is set but the app is in test mode"):
        checks.build_gateway("test", "rk_live_" + "abcdefghijklmnop", base_url=simulator.url)


def test_the_reader_test_fails_plainly_when_the_reader_is_offline(simulator) -> None:  # type: ignore[no-untyped-def]
    gateway = checks.build_gateway("test", "sk_test_desk_full_key_01", base_url=simulator.url)
    location = gateway.create_location("OncoOne Toronto", line1="100 King St W", city="Toronto", province="ON",
                                       postal_code="M5X 1A9")
    reader = gateway.register_reader("simulated-wpe", location.id, "Front desk")
    assert checks.check_reader(gateway, reader.id).ok
    simulator.reader_offline(reader.id)
    result = checks.check_reader(gateway, reader.id)
    assert not result.ok and result.message.startswith("The reader Front desk is offline. Check that it is on")
    assert len(simulator.state.all("payment_intent")) == 1  # only the first, successful test


def test_an_unreachable_central_database_says_so_without_the_password() -> None:
    url = f"postgresql+psycopg://oncopos@127.0.0.1:{free_port()}/oncopos"
    result = checks.check_central_connection(url, "s3cret-central-password", timeout=2)
    assert not result.ok and result.message.startswith("Cannot reach the central database postgresql+psycopg://oncopos@")
    assert "s3cret-central-password" not in result.message


def test_central_checks_against_postgresql(pg_url: str) -> None:
    url = make_url(pg_url)
    bare, password = url.set(password=None).render_as_string(hide_password=False), url.password
    ok = checks.check_central_connection(bare, password)
    assert ok.ok and "Its tables are up to date." in ok.message
    assert checks.migrate_central(bare, password).ok
    if password:
        wrong = checks.check_central_connection(bare, "not-the-password")
        assert not wrong.ok and "password" in wrong.message and "not-the-password" not in wrong.message
    assert checks.register_workstation(bare, password, "DESK1", "DESK1").ok
    duplicate = checks.register_workstation(bare, password, "DESK2", "DESK1")
    assert not duplicate.ok and duplicate.message.startswith(
        "Invoice series DESK1 already belongs to workstation DESK1 on the central database.")
    second = checks.register_workstation(bare, password, "DESK2", "DESK2")
    assert second.ok and second.details == ("Other desks: DESK1 (DESK1)",)

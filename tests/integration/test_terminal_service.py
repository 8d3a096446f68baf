"""The terminal administration service: readers and locations behind permissions, changes audited.

The real service over the real database (SQLite and PostgreSQL), the real gateway and SDK over HTTP
to the simulator, as bootstrap wires it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from oncopos.adapters import connection_checks as checks
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.stripe import StripeGateway
from oncopos.domain.access import PermissionDenied, Role
from oncopos.domain.errors import ConfigurationError, GatewayRejected, InvalidInput
from oncopos.services.terminal import TerminalAdministration
from oncopos.simulator.store import ALL_PERMISSIONS
from tests.actors import fixture_actor
from tests.integration import stripe_fixtures

# The shared fixtures, by assignment (pytest finds them by name in this module).
gateway = stripe_fixtures.gateway
simulator = stripe_fixtures.simulator

# Signed-in people: the guard asks each one's session for the account's current state.
ADMIN = fixture_actor(None, "ada", Role.ADMIN)
REGISTRAR = fixture_actor(None, "rita", Role.REGISTRAR)
ADDRESS = {"line1": "100 King St W", "city": "Toronto", "province": "ON", "postal_code": "m5x 1a9"}


@pytest.fixture
def terminal(engine: sa.Engine, gateway: StripeGateway) -> Iterator[TerminalAdministration]:
    factory = make_session_factory(engine, workstation_id="DESK1")
    yield TerminalAdministration(lambda: SqlUnitOfWork(factory), lambda: gateway, clock=_now,
                                 gateway_for_key=lambda mode, key, base: checks.build_gateway(mode, key, base_url=base),
                                 key_checker=lambda gateway: checks.check_stripe_key(gateway)[0])


def _now() -> datetime:
    return datetime.now(UTC)


def _audit(engine: sa.Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT action, subject_id FROM audit_events ORDER BY sequence"))
        return [(r[0], r[1]) for r in rows]


def test_admin_creates_a_location_and_registers_a_reader_both_audited(terminal, engine, simulator):
    location = terminal.create_location(ADMIN, "  OncoOne Toronto ", **ADDRESS)
    assert location.display_name == "OncoOne Toronto" and location.postal_code == "M5X 1A9"
    reader = terminal.register_reader(ADMIN, "simulated-wpe", location.id, "Desk 1")
    assert [r.id for r in terminal.list_readers(REGISTRAR)] == [reader.id]
    assert terminal.list_locations(ADMIN)[0].id == location.id
    assert _audit(engine) == [("terminal.location_created", location.id),
                              ("terminal.reader_registered", reader.id)]
    with engine.connect() as conn:
        details = conn.scalar(sa.text("SELECT details FROM audit_events WHERE action = 'terminal.reader_registered'"))
    assert "simulated-wpe" not in str(details)  # the pairing code is not kept


def test_a_registrar_may_list_readers_but_not_change_the_account(terminal, engine, simulator):
    with pytest.raises(PermissionDenied):
        terminal.create_location(REGISTRAR, "Desk", **ADDRESS)
    with pytest.raises(PermissionDenied):
        terminal.register_reader(REGISTRAR, "simulated-wpe", "tml_x", "Desk 1")
    with pytest.raises(PermissionDenied):
        terminal.list_locations(REGISTRAR)
    assert terminal.list_readers(REGISTRAR) == []
    assert simulator.state.all("terminal.location") == [] and _audit(engine) == []


def test_bad_input_is_one_line_and_nothing_is_sent(terminal, engine, simulator):
    before = simulator.state.request_count
    with pytest.raises(InvalidInput, match="name, street address, city and postal code"):
        terminal.create_location(ADMIN, "Desk", line1="", city="Toronto", province="ON", postal_code="M5X 1A9")
    with pytest.raises(InvalidInput, match="registration code"):
        terminal.register_reader(ADMIN, " ", "tml_x", "Desk 1")
    assert simulator.state.request_count == before and _audit(engine) == []


def test_a_refused_change_is_not_audited(terminal, engine, simulator):
    key = "rk_test_" + "no_location_write_here"
    simulator.add_restricted_key(key, set(ALL_PERMISSIONS) - {"terminal_location_write"} | {"terminal_location_read"})
    limited = terminal.using_key("simulator", key, base_url=simulator.url)
    with pytest.raises(GatewayRejected, match="rak_terminal_location_write"):
        limited.create_location(ADMIN, "Desk", **ADDRESS)
    assert _audit(engine) == []
    result = limited.check_permissions(ADMIN)
    assert not result.ok and "Terminal locations (write)" in result.message


def test_using_key_needs_a_key_and_the_hosted_page_is_paid_from_the_desk_only_in_training(terminal):
    with pytest.raises(ConfigurationError, match="restricted key"):
        terminal.using_key("test", "  ")
    with pytest.raises(ConfigurationError, match="training only"):
        terminal.pay_hosted_page(REGISTRAR, "http://127.0.0.1:1/pay/cs_test_x")


def test_training_pays_the_hosted_page_as_the_phone_would(engine, gateway, simulator):
    from oncopos.simulator.phone import pay_hosted_page

    factory = make_session_factory(engine, workstation_id="DESK1")
    training = TerminalAdministration(lambda: SqlUnitOfWork(factory), lambda: gateway, clock=_now,
                                      hosted_page_payer=pay_hosted_page, training=True)
    session = gateway.create_checkout(2_000, "Deposit", "ada@example.ca", {}, "k-phone")
    assert training.pay_hosted_page(REGISTRAR, session.url) is None
    assert gateway.checkout(session.session_id).paid
    again = training.pay_hosted_page(REGISTRAR, session.url)
    assert again is not None and "already paid" in again
    with pytest.raises(ValueError, match="simulator"):
        training.pay_hosted_page(REGISTRAR, "https://checkout.stripe.com/c/pay/cs_live_x")

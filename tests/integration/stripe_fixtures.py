"""Fixtures for the Stripe adapter and simulator tests: a real simulator on 127.0.0.1, the real SDK.

tests/conftest.py registers this module (pytest_plugins): a test names a fixture as a parameter and never imports it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stripe

from oncopos.adapters.stripe import StripeGateway
from oncopos.domain.gateway import ReaderInfo
from oncopos.simulator import SimulatorHandle, start_simulator

REPO = Path(__file__).resolve().parents[2]
TEST_KEY = "sk_test_oncopos_simulator_key_0001"


def fixture_objects() -> dict[str, dict[str, Any]]:
    """Stripe's example objects by resource name; the shared copy first, the vendored copy for CI."""
    for path in (REPO / ".." / "shared" / "stripe" / "fixtures3.json", REPO / "tests" / "fixtures" / "stripe_fixtures3.json"):
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))["resources"]
    pytest.fail("Stripe fixtures3.json not found in ../shared/stripe or tests/fixtures")


@pytest.fixture
def simulator() -> Iterator[SimulatorHandle]:
    with start_simulator(api_key=TEST_KEY) as sim:
        yield sim


@pytest.fixture
def gateway(simulator: SimulatorHandle) -> StripeGateway:
    return StripeGateway(TEST_KEY, base_url=simulator.url, mode="simulator", max_network_retries=2)


@pytest.fixture
def raw_client(simulator: SimulatorHandle) -> stripe.StripeClient:
    """The bare SDK on the same simulator, for checks the adapter does not expose."""
    return stripe.StripeClient(TEST_KEY, base_addresses={"api": simulator.url}, max_network_retries=0)


@pytest.fixture
def reader(gateway: StripeGateway) -> ReaderInfo:
    location = gateway.create_location("Front desk", line1="100 King St W", city="Toronto", province="ON",
                                       postal_code="M5X 1A9")
    return gateway.register_reader("simulated-wpe", location.id, "Desk 1")


def new_payment_id() -> uuid.UUID:
    return uuid.uuid4()


def pay_key(payment_id: uuid.UUID) -> str:
    return f"oncopos-pay-{payment_id}"


def take_reader_payment(gateway: StripeGateway, reader_id: str, amount_cents: int, *,
                        number: str | None = None, interac: bool = False) -> str:
    """A whole successful (or declined) reader payment; returns the PaymentIntent id."""
    payment_id = new_payment_id()
    started = gateway.start_reader_payment(payment_id, amount_cents, reader_id,
                                           {"enrollment": "ENR-1", "workstation": "DESK1"}, pay_key(payment_id))
    gateway.present_test_card(reader_id, number, interac=interac)
    return started.payment_intent_id


def payment_intents_for(simulator: SimulatorHandle, payment_id: uuid.UUID) -> list[dict[str, Any]]:
    return [pi for pi in simulator.state.all("payment_intent")
            if pi["metadata"].get("oncopos_payment_id") == str(payment_id)]

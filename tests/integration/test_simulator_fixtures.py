"""Every object type the simulator serves carries every top-level field of Stripe's example object."""

from __future__ import annotations

import pytest
import requests

from tests.integration.stripe_fixtures import TEST_KEY, fixture_objects, take_reader_payment


@pytest.fixture
def served(gateway, reader, simulator):
    """The wire JSON of one object of each type, fetched as any HTTP client would see it."""
    pi_id = take_reader_payment(gateway, reader.id, 10_000)
    refund = gateway.refund(pi_id, 1_000, None, {}, "oncopos-refund-fixture")
    session = gateway.create_checkout(1_000, "Deposit", None, {}, "k-fixture")
    headers = {"Authorization": f"Bearer {TEST_KEY}"}

    def get(path: str) -> dict:
        answer = requests.get(simulator.url + path, headers=headers, timeout=5)
        assert answer.status_code == 200, answer.text
        return answer.json()

    pi = get(f"/v1/payment_intents/{pi_id}")
    simulator.advance_clock(4 * 86400)  # the funds become available and a daily payout is made
    payout = get("/v1/payouts?limit=1")["data"][0]
    return {
        "payout": payout,
        "payment_intent": pi,
        "charge": get(f"/v1/charges/{pi['latest_charge']}"),
        "refund": get(f"/v1/refunds/{refund.id}"),
        "terminal.reader": get(f"/v1/terminal/readers/{reader.id}"),
        "terminal.location": get(f"/v1/terminal/locations/{reader.location}"),
        "checkout.session": get(f"/v1/checkout/sessions/{session.session_id}"),
        "event": get("/v1/events?limit=1")["data"][0],
        "balance_transaction": get("/v1/balance_transactions?limit=1")["data"][0],
    }


OBJECT_TYPES = ["payment_intent", "charge", "refund", "terminal.reader", "terminal.location", "checkout.session",
                "event", "balance_transaction", "payout"]


@pytest.mark.parametrize("object_type", OBJECT_TYPES)
def test_served_object_has_every_fixture_field(served, object_type):
    expected = set(fixture_objects()[object_type])
    got = served[object_type]
    assert got["object"] == object_type
    missing = expected - set(got)
    assert not missing, f"{object_type} lacks {sorted(missing)}"


def test_every_object_kind_in_the_store_is_checked(served, simulator):
    kinds = {obj["object"] for obj in simulator.state.objects.values()}
    assert kinds <= set(OBJECT_TYPES)

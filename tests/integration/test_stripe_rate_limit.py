"""A 429 from Stripe reaches the window as RateLimited carrying Stripe's Retry-After, through the
real SDK against the simulator, so the payment window's polling can wait as long as Stripe asks."""

from __future__ import annotations

import pytest

from oncopos.domain.errors import GatewayUnavailable, RateLimited
from tests.integration.stripe_fixtures import take_reader_payment


def test_a_429_carries_its_retry_after(gateway, reader, simulator):
    pi_id = take_reader_payment(gateway, reader.id, 1_500)
    simulator.faults.retry_after_seconds = 3
    simulator.faults.fail_next(1, status=429)
    with pytest.raises(RateLimited) as raised:
        gateway.payment_intent(pi_id)
    assert raised.value.retry_after_seconds == 3.0
    assert isinstance(raised.value, GatewayUnavailable)  # still "try again later" for every other caller
    assert "too many requests" in str(raised.value)
    assert gateway.payment_intent(pi_id).id == pi_id  # the next read, after the wait, is answered


def test_a_429_without_retry_after_leaves_the_pause_to_the_caller(gateway, reader, simulator):
    pi_id = take_reader_payment(gateway, reader.id, 1_500)
    simulator.faults.retry_after_seconds = None
    simulator.faults.fail_next(1, status=429)
    with pytest.raises(RateLimited) as raised:
        gateway.payment_intent(pi_id)
    assert raised.value.retry_after_seconds is None

"""A silent network: Stripe accepts the connection and never answers. Each call gives up within the
bound of its kind (retries and back-off included) and says what it was doing, instead of the SDK's
80 s a try. The proxy is a real TCP listener on 127.0.0.1 that accepts and never writes a byte."""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from oncopos.adapters.stripe import StripeGateway
from oncopos.adapters.stripe.timeouts import StripeTimeouts
from oncopos.domain.errors import GatewayUnavailable
from oncopos.domain.gateway import CallKind
from tests.integration.stripe_fixtures import TEST_KEY


@pytest.fixture
def black_hole() -> Iterator[tuple[str, list[socket.socket]]]:
    listener = socket.create_server(("127.0.0.1", 0), backlog=32)
    listener.settimeout(0.1)  # so the accepting thread notices the end of the test
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)  # kept open, never read, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    done.set()
    thread.join(timeout=5)
    listener.close()
    for conn in accepted:
        conn.close()


def timed(call) -> tuple[float, BaseException]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    with pytest.raises(GatewayUnavailable) as raised:
        call()
    return time.monotonic() - started, raised.value


def test_a_poll_gives_up_within_its_bound_and_says_so(black_hole):
    url, accepted = black_hole
    timeouts = StripeTimeouts(connect=1.0, read={CallKind.READ: 0.4, CallKind.WRITE: 3.0, CallKind.READER: 3.0,
                                                 CallKind.LIST: 3.0})
    gateway = StripeGateway(TEST_KEY, base_url=url, mode="simulator", max_network_retries=2, timeouts=timeouts)
    bound = gateway.wait_bound(CallKind.READ)
    assert bound < gateway.wait_bound(CallKind.LIST)

    elapsed, error = timed(lambda: gateway.payment_intent("pi_silent"))

    assert elapsed < bound, f"gave up after {elapsed:.2f} s, the bound is {bound:.2f} s"
    assert elapsed >= 3 * 0.4  # three tries, each waited for its read time-out
    assert len(accepted) == 3  # the connection was accepted every time: it is the answer that never came
    assert f"no answer within {math.ceil(bound)} s" in str(error) and "read the payment's state" in str(error)


def test_sending_to_the_reader_gives_up_within_its_bound(black_hole):
    url, _accepted = black_hole
    gateway = StripeGateway(TEST_KEY, base_url=url, mode="simulator", max_network_retries=1,
                            timeouts=StripeTimeouts.uniform(0.5))
    bound = gateway.wait_bound(CallKind.READER)
    elapsed, error = timed(lambda: gateway.send_to_reader("tmr_silent", "pi_silent", "oncopos-pay-x-process-1"))
    assert elapsed < bound
    assert "send the payment to the card reader" in str(error)


def test_no_call_kind_waits_anywhere_near_the_sdk_default():
    gateway = StripeGateway(TEST_KEY, base_url="http://127.0.0.1:9", mode="simulator", max_network_retries=2)
    # The SDK's default was 80 s a try, 241 s a call with two retries.
    assert all(gateway.wait_bound(kind) <= 120 for kind in CallKind)
    assert gateway.wait_bound(CallKind.READ) <= 50

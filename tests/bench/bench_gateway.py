"""Adapter overhead: StripeGateway vs the bare SDK call on the same simulator, in the same run.

Run: PYTHONPATH=. python tests/bench/bench_gateway.py [runs]
Prints the median time per operation for each and the ratio adapter / raw (1.00 = no overhead).
Both sides make the same HTTP request(s); the difference is validation, conversion and error mapping.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import stripe

from oncopos.adapters.stripe import StripeGateway
from oncopos.simulator import start_simulator

KEY = "sk_test_bench_key_000000000001"


def _paired_medians_ms(adapter: Callable[[], object], bare: Callable[[], object], runs: int) -> tuple[float, float]:
    """Alternate the two calls run by run (order flipped each time) so load drift hits both alike."""
    for _ in range(20):  # warm connections, caches and the simulator's code paths
        adapter(), bare()
    samples: dict[int, list[int]] = {0: [], 1: []}
    fns = (adapter, bare)
    for i in range(runs):
        for which in ((0, 1) if i % 2 == 0 else (1, 0)):
            start = time.perf_counter_ns()
            fns[which]()
            samples[which].append(time.perf_counter_ns() - start)
    return statistics.median(samples[0]) / 1e6, statistics.median(samples[1]) / 1e6


def main(runs: int = 200) -> None:
    with start_simulator(api_key=KEY) as sim:
        gw = StripeGateway(KEY, base_url=sim.url, mode="simulator", max_network_retries=2)
        raw = stripe.StripeClient(KEY, base_addresses={"api": sim.url}, max_network_retries=2)
        loc = gw.create_location("Bench", line1="1 King St", city="Toronto", province="ON", postal_code="M5H 1A1")
        rd = gw.register_reader("simulated-wpe", loc.id, "Bench reader")
        pid = uuid.uuid4()
        pi_id = gw.start_reader_payment(pid, 10_000, rd.id, {"enrollment": "E"}, f"oncopos-pay-{pid}").payment_intent_id
        gw.present_test_card(rd.id)
        session = gw.create_checkout(5_000, "Bench", None, {}, "bench-cs")
        since = datetime.now(UTC) - timedelta(minutes=1)
        counter = iter(range(10**9))

        def checkout_params() -> dict:
            return {"mode": "payment", "line_items": [{"quantity": 1, "price_data": {
                "currency": "cad", "unit_amount": 5000, "product_data": {"name": "Bench"}}}],
                "metadata": {}, "payment_intent_data": {"metadata": {}, "description": "Bench"},
                "expires_at": int(time.time()) + 31 * 60, "allowed_payment_method_types": ["card"]}

        cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            ("payment_intent retrieve",
             lambda: gw.payment_intent(pi_id),
             lambda: raw.v1.payment_intents.retrieve(pi_id, {"expand": ["latest_charge"]})),
            ("checkout retrieve",
             lambda: gw.checkout(session.session_id),
             lambda: raw.v1.checkout.sessions.retrieve(session.session_id, {"expand": ["payment_intent.latest_charge"]})),
            ("readers list",
             gw.list_readers,
             lambda: list(raw.v1.terminal.readers.list({"limit": 100}).auto_paging_iter())),
            ("checkout create",
             lambda: gw.create_checkout(5_000, "Bench", None, {}, f"bench-gw-{next(counter)}"),
             lambda: raw.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": f"bench-raw-{next(counter)}"})),
            ("events sweep",
             lambda: gw.events_since(since, ["payment_intent.succeeded", "charge.succeeded"]),
             lambda: list(raw.v1.events.list({"types": ["payment_intent.succeeded", "charge.succeeded"],
                                              "created": {"gt": int(since.timestamp())}, "limit": 100}
                                             ).auto_paging_iter())),
        ]
        print(f"StripeGateway vs raw stripe SDK on the simulator ({sim.url}), median of {runs} runs each")
        print(f"{'operation':<26}{'adapter ms':>12}{'raw ms':>10}{'ratio':>8}")
        for name, adapter, bare in cases:
            a, r = _paired_medians_ms(adapter, bare, runs)
            print(f"{name:<26}{a:>12.3f}{r:>10.3f}{a / r:>8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

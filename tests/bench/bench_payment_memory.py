"""Memory over a session of payments: resident memory after 200 payments against after the first.

Run: PYTHONPATH=. python tests/bench/bench_payment_memory.py [payments [traced payments]]

One desk (real PaymentService, SQLite file, the simulator over HTTP) takes reader payments
one after another as a registrar would, each with its receipt and invoice PDF (`send_receipt`).
The baseline is the same process after its first payment (imports, fonts, compiled statements
and connection pools are in place by then). Prints resident memory (VmRSS) after the first and
after the last, their ratio (target at most 1.2x), then tracemalloc's top growth over a further
stretch of payments. tracemalloc is off while the resident memory is measured: tracing every
allocation makes a payment about ten times slower and its own records grow the resident memory
with every block still alive, so the two figures are taken apart. The simulator runs in a process
of its own, as Stripe does: it keeps every PaymentIntent, charge and request it was sent (Stripe's
memory, not the desk's), which in this process grew the resident memory with each payment.
"""

from __future__ import annotations

import contextlib
import gc
import re
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import requests

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.stripe import StripeGateway
from tests.integration.payment_fixtures import build_desk
from tests.payment_support import REGISTRAR, add_enrollment

KEY = "sk_test_bench_payment_memory_01"
REPO = Path(__file__).resolve().parents[2]


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@contextlib.contextmanager
def simulator_process() -> Iterator[str]:
    """`oncopos simulator` in a process of its own; its URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "oncopos", "simulator", "--port", str(port)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(url, timeout=0.5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the simulator did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main(payments: int = 200, traced_payments: int = 20) -> None:
    with simulator_process() as url, tempfile.TemporaryDirectory() as tmp:
        gateway = StripeGateway(KEY, base_url=url, mode="simulator", max_network_retries=2)
        location = gateway.create_location("Bench", line1="1 King St", city="Toronto", province="ON",
                                           postal_code="M5H 1A1")
        reader = gateway.register_reader("simulated-wpe", location.id, "Bench reader")
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(engine)
        service, factory, _codes, mailer, _outbox, code_clock = build_desk(engine, gateway, Path(tmp) / "data")
        started = time.perf_counter()
        enrollments = [add_enrollment(factory, price_cents=10_000, email=f"s{i}@example.ca")
                       for i in range(payments + traced_payments)]

        def payment(enrollment_id):  # type: ignore[no-untyped-def]
            code_clock.offset += timedelta(hours=1, minutes=1)  # past the per-desk code throttle
            view = service.start(REGISTRAR, enrollment_id, 11_300)
            service.send_code(REGISTRAR, view.id)
            code = re.search(r"(?:Your code|Votre code) ?: (\d+)", mailer.sent[-1].text).group(1)  # type: ignore[union-attr]
            service.confirm_code(REGISTRAR, view.id, code)
            service.charge_on_reader(REGISTRAR, view.id, reader.id)
            gateway.present_test_card(reader.id)
            assert service.poll(REGISTRAR, view.id, receipt_later=True).succeeded
            service.send_receipt(REGISTRAR, view.id)

        print(f"  {payments} enrollments made in {time.perf_counter() - started:.1f} s", flush=True)
        payment(enrollments[0])
        gc.collect()
        first_rss = rss_kib()
        for done, enrollment_id in enumerate(enrollments[1:payments], start=2):
            payment(enrollment_id)
            if done % 20 == 0:
                print(f"  ... {done} payments, {rss_kib() / 1024:.1f} MiB", flush=True)
            # The test mailer keeps every message it "sent" (the harness reads codes from it): not the app's.
            mailer.sent.clear()
        gc.collect()
        last_rss = rss_kib()
        traced = enrollments[payments:]
        tracemalloc.start(1)
        first = tracemalloc.take_snapshot()
        for enrollment_id in traced:
            payment(enrollment_id)
            mailer.sent.clear()
        gc.collect()
        last = tracemalloc.take_snapshot()
        tracemalloc.stop()
        print(f"Resident memory over {payments} reader payments in one session (SQLite file, simulator)")
        print(f"  after the first payment (baseline)   {first_rss / 1024:8.1f} MiB")
        print(f"  after payment {payments:<4}                 {last_rss / 1024:8.1f} MiB   ratio {last_rss / first_rss:.3f}"
              " (target <= 1.2)")
        print(f"  tracemalloc top growth over {len(traced)} more payments (by where it was allocated):")
        for stat in last.compare_to(first, "lineno")[:10]:
            print(f"    {stat.size_diff / 1024:+9.1f} KiB  {stat.count_diff:+7d} blocks  {stat.traceback[0]}")
        engine.dispose()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))

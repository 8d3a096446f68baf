"""The database work and Stripe requests of one reader payment, counted rather than timed.

Run: PYTHONPATH=. python tests/bench/count_payment_work.py [payments]

Counts do not depend on the machine's load, so they say what changed where a shared machine's
wall-clock timings cannot. The flow is the one bench_payment_flow.py times (quote, code, confirm,
charge on the reader, tap, poll to Paid), on a SQLite file and the in-process simulator; the
receipt (invoice PDF and emails, after "Paid") is counted on its own line.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.stripe import StripeGateway
from oncopos.simulator import start_simulator
from tests.integration.payment_fixtures import build_desk
from tests.payment_support import REGISTRAR, add_enrollment

KEY = "sk_test_count_payment_work_01"


class StatementCount:
    """Every statement sent to the database, by kind; an INSERT of several rows counts its rows too."""

    def __init__(self, engine: sa.Engine) -> None:
        self.kinds: Counter[str] = Counter()
        self.outbox_rows = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
              executemany: bool) -> None:
        words = statement.split()
        kind = " ".join(words[:2]).upper() if words[0].upper() == "BEGIN" else words[0].upper()
        self.kinds[kind] += 1
        if kind == "INSERT" and "sync_outbox" in words[2]:
            self.kinds["INSERT sync_outbox"] += 1
            self.outbox_rows += len(parameters) if executemany else 1

    def snapshot(self) -> tuple[Counter[str], int]:
        return Counter(self.kinds), self.outbox_rows


def main(payments: int = 5) -> None:
    with start_simulator(api_key=KEY) as sim, tempfile.TemporaryDirectory() as tmp:
        gateway = StripeGateway(KEY, base_url=sim.url, mode="simulator", max_network_retries=2)
        location = gateway.create_location("Count", line1="1 King St", city="Toronto", province="ON",
                                           postal_code="M5H 1A1")
        reader = gateway.register_reader("simulated-wpe", location.id, "Count reader")
        engine = make_engine(f"sqlite:///{Path(tmp) / 'count.sqlite3'}")
        upgrade(engine)
        service, factory, _codes, mailer, _outbox, code_clock = build_desk(engine, gateway, Path(tmp) / "data")
        enrollments = iter([add_enrollment(factory, price_cents=10_000, email=f"s{i}@example.ca")
                            for i in range(payments + 2)])
        counts = StatementCount(engine)

        def payment() -> Any:
            code_clock.offset += timedelta(hours=1, minutes=1)  # past the per-desk send throttle
            view = service.start(REGISTRAR, next(enrollments), 11_300)
            service.send_code(REGISTRAR, view.id)
            code = re.search(r"(?:Your code|Votre code) ?: (\d+)", mailer.sent[-1].text).group(1)  # type: ignore[union-attr]
            service.confirm_code(REGISTRAR, view.id, code)
            service.charge_on_reader(REGISTRAR, view.id, reader.id)
            gateway.present_test_card(reader.id)
            assert service.poll(REGISTRAR, view.id, receipt_later=True).succeeded
            return view.id

        payment_id = payment()  # warm: the first payment also fills caches (staff row, settings)
        service.send_receipt(REGISTRAR, payment_id)
        flow: list[tuple[Counter[str], int, int]] = []
        receipts: list[tuple[Counter[str], int]] = []
        for _ in range(payments):
            before, rows_before = counts.snapshot()
            requests_before = sim.state.request_count
            payment_id = payment()
            after, rows_after = counts.snapshot()
            # present_test_card is the test's tap, not the desk's request
            flow.append((after - before, rows_after - rows_before, sim.state.request_count - requests_before - 1))
            service.send_receipt(REGISTRAR, payment_id)
            final, rows_final = counts.snapshot()
            receipts.append((final - after, rows_final - rows_after))
        kinds, outbox_rows, requests = flow[-1]
        print(f"Reader payment to Paid (last of {payments}; SQLite file, simulator)")
        for kind in ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", "SELECT", "INSERT", "UPDATE", "DELETE",
                     "INSERT sync_outbox"):
            print(f"  {kind:<22}{kinds[kind]:>5}")
        print(f"  {'statements':<22}{sum(v for k, v in kinds.items() if k != 'INSERT sync_outbox'):>5}")
        print(f"  {'outbox rows':<22}{outbox_rows:>5}")
        print(f"  {'Stripe requests':<22}{requests:>5}")
        receipt_kinds, receipt_rows = receipts[-1]
        print(f"Receipt after Paid: {sum(v for k, v in receipt_kinds.items() if k != 'INSERT sync_outbox')} statements, "
              f"{receipt_kinds['BEGIN IMMEDIATE']} BEGIN IMMEDIATE, {receipt_rows} outbox rows")
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

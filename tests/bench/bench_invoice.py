"""Invoice rendering speed against a bare one-page reportlab table, in the same run.

Run: PYTHONPATH=. python tests/bench/bench_invoice.py [runs]
Prints invoices per second for the full Letter invoice, the 80 mm receipt and the baseline
(a one-page platypus table with Helvetica, no embedded font, no logo), and the ratios
baseline / invoice (how many times slower the real document is; 1.00 = as fast as the bare table).
The same ratios in CPU time are printed too: on a shared, loaded machine the wall-clock figures
include time spent waiting for a core, the CPU figures only the work the document costs.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import SimpleDocTemplate, Table

from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.domain.invoice import Business
from oncopos.services.invoice_documents import sample_document

BUSINESS = Business("OncoOne Education", "100 King Street West, Suite 500, Toronto ON  M5X 1A9", "+1 416-555-0100",
                    "accounts@oncoone.example", "123456789RT0001", "1234567890TQ0001")


def bare_table() -> bytes:
    out = io.BytesIO()
    rows = [["Description", "Treatment", "Amount"], ["Oncology Aesthetics Certificate", "Taxable", "$3,450.00"],
            ["Practitioner kit", "Taxable", "$289.00"], ["", "GST 5%", "$186.95"], ["", "QST 9.975%", "$372.97"],
            ["", "Total", "$4,298.92"]]
    SimpleDocTemplate(out, pagesize=LETTER, invariant=1).build([Table(rows)])
    return out.getvalue()


def per_second(fns: dict[str, Callable[[], bytes]], runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Documents per second by name: wall clock and CPU time (medians)."""
    for fn in fns.values():  # warm-up: font parsing, imports
        for _ in range(5):
            fn()
    samples: dict[str, list[int]] = {name: [] for name in fns}
    cpu: dict[str, list[int]] = {name: [] for name in fns}
    names = list(fns)
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
            fns[name]()
            samples[name].append(time.perf_counter_ns() - start)
            cpu[name].append(time.process_time_ns() - start_cpu)
    return ({name: 1e9 / statistics.median(s) for name, s in samples.items()},
            {name: 1e9 / statistics.median(s) for name, s in cpu.items()})


def main(runs: int = 200) -> None:
    doc = sample_document(BUSINESS, "QC", language="fr", issued_at=datetime(2026, 11, 26, 15, tzinfo=UTC),
                          tz=ZoneInfo("America/Toronto"))
    renderer = ReportLabRenderer()
    rates, cpu = per_second({"baseline": bare_table, "invoice": lambda: renderer.invoice(doc),
                             "receipt": lambda: renderer.receipt(doc)}, runs)
    for name, rate in rates.items():
        print(f"{name:9s} {rate:8.1f} documents/s  ({1000 / rate:.2f} ms each, {1000 / cpu[name]:.2f} ms CPU)")
    print(f"ratio baseline/invoice {rates['baseline'] / rates['invoice']:.2f}  "
          f"baseline/receipt {rates['baseline'] / rates['receipt']:.2f}")
    print(f"ratio in CPU time baseline/invoice {cpu['baseline'] / cpu['invoice']:.2f}  "
          f"baseline/receipt {cpu['baseline'] / cpu['receipt']:.2f}  (target: invoice at most 3)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

"""Document rendering speed, each against a bare reportlab table of the same lines, in the same run.

Run: PYTHONPATH=. python tests/bench/bench_invoice.py [runs]
Prints documents per second for the full Letter invoice (the same one each time, and each time
another student's, whose accents come in another order) and the 80 mm receipt against the
invoice's bare table, a 12-month account statement against a bare table of its lines, and a
T2202 slip against a bare table of its boxes and study periods (each baseline a platypus table
with Helvetica, no embedded font, no logo), and the ratios document / baseline (how many times
slower the real document is; 1.00 = as fast as the bare table). The same ratios in CPU time are
printed too: on a shared, loaded machine the wall-clock figures include time spent waiting for a
core, the CPU figures only the work the document costs. Target: each document at most 3.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import SimpleDocTemplate, Table

from oncopos.adapters.pdf import ReportLabRenderer
from oncopos.adapters.pdf.statement import StatementRenderer
from oncopos.adapters.pdf.tuition_slip import TuitionSlipRenderer
from oncopos.domain.invoice import Business, InvoiceDocument
from oncopos.domain.money import format_cents
from oncopos.domain.statement import CHARGE, INSTALMENT, PAYMENT, REFUND, Statement, StatementEvent, statement_lines
from oncopos.domain.tuition import SlipKind, Study, TuitionClass, year_of_study
from oncopos.services.invoice_documents import sample_document
from oncopos.services.tuition_records import SlipRecord, SlipStudent

BUSINESS = Business("OncoOne Education", "100 King Street West, Suite 500, Toronto ON  M5X 1A9", "+1 416-555-0100",
                    "accounts@oncoone.example", "123456789RT0001", "1234567890TQ0001")


def bare(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=LETTER, invariant=1).build([Table(rows)])
    return out.getvalue()


def bare_table() -> bytes:
    rows = [["Description", "Treatment", "Amount"], ["Oncology Aesthetics Certificate", "Taxable", "$3,450.00"],
            ["Practitioner kit", "Taxable", "$289.00"], ["", "GST 5%", "$186.95"], ["", "QST 9.975%", "$372.97"],
            ["", "Total", "$4,298.92"]]
    return bare(rows)


def statement() -> Statement:
    """A year on an instalment plan: the charge, twelve instalments each paid by card, cash or
    transfer, a kit refunded."""
    at = datetime(2025, 12, 1, 15, tzinfo=UTC)
    enrollment = uuid.UUID(int=1)
    events = [StatementEvent(at, CHARGE, "Oncology Aesthetics Diploma (OAD-200)", 1_200_000, "DESK1-000101", enrollment)]
    for month in range(12):
        due = at + timedelta(days=30 * month)
        events.append(StatementEvent(due, INSTALMENT, f"Instalment {month + 1} of 12", 100_000, "", enrollment, "paid"))
        how = ("visa 4242", "cash", "mastercard 5454", "etransfer")[month % 4]
        events.append(StatementEvent(due + timedelta(hours=1), PAYMENT, "Instalment", 100_000,
                                     f"DESK1-{200 + month:06d}", enrollment, how))
    events.append(StatementEvent(at + timedelta(days=200), REFUND, "Practitioner kit returned", 28_900, "DESK1-C00012",
                                 enrollment))
    return Statement(uuid.UUID(int=2), "Émilie Bérubé-Lévesque", "S1000421", "emilie@example.ca", "fr",
                     statement_lines(events), datetime(2026, 11, 30, 15, tzinfo=UTC))


def bare_statement(s: Statement) -> bytes:
    rows = [["Date", "Description", "Reference", "Amount", "Balance"]]
    rows += [[f"{line.event.at:%Y-%m-%d}", line.event.description, line.event.reference,
              format_cents(line.event.amount_cents, "fr-CA"), format_cents(line.balance_after_cents, "fr-CA")]
             for line in s.lines]
    return bare(rows)


def slip() -> SlipRecord:
    studies = [Study("e1", "Oncology Aesthetics Diploma", TuitionClass.OCCUPATIONAL, date(2026, 1, 12), date(2026, 6, 26),
                     1500, 910_000),
               Study("e2", "Wig Fitting (evenings)", TuitionClass.OCCUPATIONAL, date(2026, 9, 1), date(2026, 10, 30), 240,
                     45_050)]
    student = SlipStudent(uuid.UUID(int=3), "S000123", "Cléo", "Côté-Villeneuve", "c@example.ca", "fr",
                          "12 Rue Saint-Denis", "", "Montréal", "QC", "H2X 1K4", date(1994, 4, 2))
    return SlipRecord(uuid.UUID(int=4), student.id, 2026, SlipKind.ORIGINAL, None, datetime(2027, 1, 20, 15, tzinfo=UTC),
                      None, "DESK1", year_of_study(2026, studies, date_of_birth=student.date_of_birth), student, None,
                      None, None)


def bare_slip(record: SlipRecord) -> bytes:
    r, figures = record.recipient, record.figures
    rows = [["Institution", BUSINESS.name, "Student", r.name], ["Filer account", "123456789RZ0001", "SIN", "*** *** 544"],
            ["School type", "4", "Student number", r.student_number], ["Program", figures.program_name, "", ""],
            ["From", "To", "Fees", "Part-time / full-time"]]
    rows += [[f"{s.start[0] % 100:02d}/{s.start[1]:02d}", f"{s.end[0] % 100:02d}/{s.end[1]:02d}",
              format_cents(s.fees_cents, "fr-CA"), f"{s.part_time_months} / {s.full_time_months}"] for s in figures.sessions]
    rows.append(["A", format_cents(figures.fees_cents, "fr-CA"), "B / C",
                 f"{figures.part_time_months} / {figures.full_time_months}"])
    return bare(rows)


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


# Students whose names bring their own accents, in their own order: what a day's invoices look like.
NAMES = ("Émilie Bérubé-Lévesque", "Jean Tremblay", "Zoë Nguyễn", "Marc-André Côté", "Ольга Петрова", "Yasmine Haddad",
         "Kwame Mensah", "Sofía Ramírez-Núñez", "Anaïs Lefèvre", "Bjørn Østergaard")


def day_of_invoices(doc: InvoiceDocument, count: int) -> Callable[[], InvoiceDocument]:
    """Each call the next of `count` invoices, each for another student and number: what the
    kept font subsets, drawings and line breaks are worth when no two documents are the same."""
    docs = [dataclasses.replace(doc, number=f"DESK1-{1000 + i:06d}",
                                buyer=dataclasses.replace(doc.buyer, name=f"{NAMES[i % len(NAMES)]} {i}",
                                                          student_number=f"S{1000400 + i}"))
            for i in range(count)]
    turn = itertools.cycle(docs)
    return lambda: next(turn)


def main(runs: int = 200) -> None:
    doc = sample_document(BUSINESS, "QC", language="fr", issued_at=datetime(2026, 11, 26, 15, tzinfo=UTC),
                          tz=ZoneInfo("America/Toronto"))
    renderer = ReportLabRenderer()
    another = day_of_invoices(doc, runs + 5)  # the warm-up and every run each get a new one
    year, record = statement(), slip()
    statements = StatementRenderer(BUSINESS.name, "America/Toronto")
    slips = TuitionSlipRenderer(school_name=BUSINESS.name, school_address=BUSINESS.address, account="123456789RZ0001",
                                timezone="America/Toronto")
    rates, cpu = per_second({
        "baseline": bare_table, "invoice": lambda: renderer.invoice(doc), "receipt": lambda: renderer.receipt(doc),
        "invoice, each new": lambda: renderer.invoice(another()),
        "statement baseline": lambda: bare_statement(year), "statement": lambda: statements.statement(year, "fr"),
        "slip baseline": lambda: bare_slip(record), "slip": lambda: slips.slip(record, sin_masked="*** *** 544", lang="fr"),
    }, runs)
    for name, rate in rates.items():
        print(f"{name:18s} {rate:8.1f} documents/s  ({1000 / rate:.2f} ms each, {1000 / cpu[name]:.2f} ms CPU)")
    pairs = (("invoice", "baseline"), ("invoice, each new", "baseline"), ("receipt", "baseline"),
             ("statement", "statement baseline"), ("slip", "slip baseline"))
    print("ratio " + "  ".join(f"{doc}/{base} {rates[base] / rates[doc]:.2f}" for doc, base in pairs))
    print("ratio in CPU time " + "  ".join(f"{doc}/{base} {cpu[base] / cpu[doc]:.2f}" for doc, base in pairs)
          + "  (target: each document at most 3)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

"""The end-of-day report over many payments in PostgreSQL, against one hand-written pass over the day.

Fills a fresh PostgreSQL database, the server making the rows from generate_series:
`--payments` payment attempts (95% succeeded, each with its invoice
and tax components; 2% refunded with a credit note; the rest failed, cancelled or in flight)
spread over `--days` business days on 4 desks, Ontario and Quebec enrollments, taxable and exempt.
Then, in the same run on the same rows, it times:

- the report as the window and `oncopos report eod` get it (EndOfDayService.report: every
  breakdown plus the list of the day's payments and refunds),
- for reference, its breakdowns grouped in the database instead, an aggregate query each (the
  repository's methods, parties, refunds...: what the report ran before it added them up from its lists),
- the baseline (the fair floor): one hand-written pass that computes the same totals and lists,
  the day's payments read once with their invoice, enrollment and staff member, the day's
  refunds once with their credit note, the attempts still in flight, and Python adding up every
  breakdown in one loop each. The bench checks that it finds the report's figures (it stops
  otherwise), so the ratio compares the same work. Target: the full report at most 3x it, and
  under 200 ms for a busy day in 1,000,000 payments (the default, --payments 1000000 --days 180:
  some 5,300 payments on the day measured, as many as the busiest day of the 300,000 measured
  before; the fill takes about a minute),
- for reference, one aggregate query of the day's totals by method and brand (no lists, no tax),

prints the medians and ratios, and EXPLAIN (ANALYZE) of every query the report ran, to show each
reaches the day's rows through an index rather than a scan of the whole table.

    bash build_scripts/with_postgres.sh .venv/bin/python tests/bench/bench_eod.py [--payments 200000 --days 50]
"""

from __future__ import annotations

import argparse
import bisect
import io
import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.access import system_actor
from oncopos.domain.end_of_day import (
    HAND_CHANNELS,
    IN_FLIGHT_STATUSES,
    UNSUCCESSFUL_STATUSES,
    EndOfDayReport,
    Window,
    channel_of,
    day_bounds,
    hour_starts,
)
from oncopos.services.end_of_day import EndOfDayService

TZ = ZoneInfo("America/Toronto")
FIRST_DAY = date(2026, 9, 1)
DESKS = ("DESK1", "DESK2", "DESK3", "DESK4")
# (province, price, treatment, [(name, rate, amount)]) of the enrollments payments are spread over.
PLANS = (("ON", 100_000, "taxable", [("HST", "0.13", 13_000)]),
         ("QC", 200_000, "taxable", [("GST", "0.05", 10_000), ("QST", "0.09975", 19_950)]),
         ("ON", 300_000, "exempt", [("HST", "0.13", 0)]))
METHODS = (("reader", "card_present", "visa"), ("reader", "card_present", "mastercard"),
           ("reader", "interac_present", "interac"), ("hosted", "card", "visa"))


def copy(conn: sa.Connection, table: str, columns: list[str], rows: list[list[object]]) -> None:
    raw = conn.connection.driver_connection
    with raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:  # type: ignore[union-attr]
        for row in rows:
            out.write_row(row)


def fill(engine: sa.Engine, payments: int, days: int) -> None:
    now = datetime(2026, 11, 26, tzinfo=UTC)
    staff = [uuid.uuid4() for _ in range(8)]
    with engine.begin() as conn:
        copy(conn, "staff", ["id", "version", "origin_workstation", "created_at", "updated_at", "username",
                             "display_name", "role", "password_hash", "active", "failed_logins"],
             [[s, 1, "BENCH", now, now, f"user{i}", f"Staff {i}", "registrar", "x", True, 0] for i, s in enumerate(staff)])
        conn.execute(sa.text("INSERT INTO students (id, version, origin_workstation, created_at, updated_at, "
                             "student_number, first_name, last_name, email, preferred_language, sort_name) VALUES "
                             "(:id, 1, 'BENCH', :now, :now, 'S1', 'Bench', 'Student', 'b@example.ca', 'en', 'student bench')"),
                     {"id": (student := uuid.uuid4()), "now": now})
        course, section = uuid.uuid4(), uuid.uuid4()
        conn.execute(sa.text("INSERT INTO courses (id, version, origin_workstation, created_at, updated_at, code, name, "
                             "description, kind, price_cents, supply_kind, tax_treatment, tuition_class, active) VALUES (:id, 1, "
                             "'BENCH', :now, :now, 'B1', 'Bench', '', 'program', 100000, 'service', 'taxable', "
                             "'occupational', true)"),
                     {"id": course, "now": now})
        conn.execute(sa.text("INSERT INTO sections (id, version, origin_workstation, created_at, updated_at, course_id, "
                             "code, schedule, location) VALUES (:id, 1, 'BENCH', :now, :now, :c, 'B1-1', '', '')"),
                     {"id": section, "c": course, "now": now})
        enrollments = []
        rows = []
        for province, price, treatment, comps in PLANS:
            eid = uuid.uuid4()
            tax = sum(c[2] for c in comps)
            enrollments.append((eid, price, treatment, comps))
            rows.append([eid, 1, "BENCH", now, now, student, section, "active", now, price, tax, price + tax, "service",
                         treatment, province, json.dumps([{"name": n, "rate": r, "amount_cents": a} for n, r, a in comps])])
        copy(conn, "enrollments", ["id", "version", "origin_workstation", "created_at", "updated_at", "student_id",
                                   "section_id", "status", "enrolled_at", "price_cents", "tax_cents", "total_cents",
                                   "supply_kind", "tax_treatment", "tax_province", "tax_components"], rows)
        # The payments and their documents are made by the server from one numbered series: a million
        # rows built and sent one by one from Python took minutes. They reference rows made above, so
        # the foreign-key triggers (one call per row and key) are skipped for this transaction.
        start, _ = day_bounds(FIRST_DAY, TZ)
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text("CREATE TEMP TABLE plan_of (k int, enrollment_id uuid, price bigint, tax bigint, "
                             "components json)"))
        conn.execute(sa.text("INSERT INTO plan_of VALUES (:k, :e, :p, :t, CAST(:c AS json))"),
                     [{"k": k, "e": eid, "p": price, "t": sum(c[2] for c in comps),
                       "c": json.dumps([{"name": n, "rate": r, "amount_cents": a} for n, r, a in comps])}
                      for k, (eid, price, _treatment, comps) in enumerate(enrollments)])
        conn.execute(sa.text("CREATE TEMP TABLE method_of (k int, method text, kind text, brand text)"))
        conn.execute(sa.text("INSERT INTO method_of VALUES (:k, :m, :t, :b)"),
                     [{"k": k, "m": m, "t": t, "b": b} for k, (m, t, b) in enumerate(METHODS)])
        conn.execute(sa.text("CREATE TEMP TABLE staff_of (k int, id uuid)"))
        conn.execute(sa.text("INSERT INTO staff_of VALUES (:k, :id)"), [{"k": k, "id": s} for k, s in enumerate(staff)])
        # Desks append payments as they happen, so rows arrive in time order (a day's rows sit
        # together): payment n is at n spacings from the start, moved by a fraction of one.
        conn.execute(sa.text(
            "CREATE TEMP TABLE made AS SELECT n, gen_random_uuid() AS pid, "
            ":start + make_interval(secs => (n + ((n * 7919) % 1000) / 1000.0) * :seconds / :payments) AS at, "
            "CASE WHEN n % 100 < 95 THEN 'succeeded' ELSE (ARRAY['failed', 'cancelled', 'expired', 'processing', "
            "'processing'])[n % 100 - 94] END AS status FROM generate_series(CAST(0 AS bigint), :payments - 1) AS n"),
            {"start": start, "seconds": days * 86_400, "payments": payments})
        conn.execute(sa.text(
            "INSERT INTO payments (id, version, origin_workstation, created_at, updated_at, enrollment_id, "
            "workstation_id, staff_id, amount_cents, tax_cents, currency, method, status, idempotency_key, "
            "stripe_payment_intent_id, stripe_charge_id, payment_method_type, card_brand, card_last4, completed_at) "
            "SELECT m.pid, 1, 'BENCH', m.at, m.at, p.enrollment_id, (CAST(:desks AS text[]))[m.n % 4 + 1], s.id, "
            "p.price + p.tax, p.tax, 'cad', w.method, m.status, 'k-' || m.pid, "
            "'pi_' || left(replace(m.pid::text, '-', ''), 24), 'ch_' || left(replace(m.pid::text, '-', ''), 24), "
            "w.kind, w.brand, '4242', CASE WHEN m.status = 'processing' THEN NULL ELSE m.at END "
            "FROM made m JOIN plan_of p ON p.k = m.n % 3 JOIN method_of w ON w.k = m.n % 4 "
            "JOIN staff_of s ON s.k = m.n % 8 ORDER BY m.n"), {"desks": list(DESKS)})
        document = ("1, 'BENCH', {at}, {at}, {number}, {series}, m.n, {kind}, m.pid, {refund}, {at}, 'issued', "
                    "p.price, p.tax, p.price + p.tax, p.components")
        conn.execute(sa.text(
            "INSERT INTO invoices (id, version, origin_workstation, created_at, updated_at, number, series, sequence, "
            "kind, payment_id, refund_id, issued_at, status, subtotal_cents, tax_cents, total_cents, tax_components) "
            "SELECT gen_random_uuid(), " + document.format(at="m.at", number="'B' || lpad(m.n::text, 9, '0')",
                                                         series="'B'", kind="'invoice'", refund="NULL")
            + " FROM made m JOIN plan_of p ON p.k = m.n % 3 WHERE m.status = 'succeeded' ORDER BY m.n"))
        # One succeeded payment in fifty is refunded an hour later, with its credit note.
        conn.execute(sa.text(
            "CREATE TEMP TABLE refunded AS SELECT m.*, gen_random_uuid() AS rid, m.at + interval '1 hour' AS back "
            "FROM made m WHERE m.status = 'succeeded' AND m.n % 50 = 7"))
        conn.execute(sa.text(
            "INSERT INTO refunds (id, version, origin_workstation, created_at, updated_at, payment_id, workstation_id, "
            "staff_id, amount_cents, tax_cents, reason, reason_text, status, source, idempotency_key, stripe_refund_id, "
            "completed_at) SELECT m.rid, 1, 'BENCH', m.back, m.back, m.pid, (CAST(:desks AS text[]))[m.n % 4 + 1], :first, "
            "p.price + p.tax, p.tax, 'requested_by_customer', '', 'succeeded', 'app', 'r-' || m.rid, "
            "'re_' || left(replace(m.rid::text, '-', ''), 24), m.back "
            "FROM refunded m JOIN plan_of p ON p.k = m.n % 3 ORDER BY m.n"), {"desks": list(DESKS), "first": staff[0]})
        conn.execute(sa.text(
            "INSERT INTO invoices (id, version, origin_workstation, created_at, updated_at, number, series, sequence, "
            "kind, payment_id, refund_id, issued_at, status, subtotal_cents, tax_cents, total_cents, tax_components) "
            "SELECT gen_random_uuid(), " + document.format(at="m.back", number="'C' || lpad(m.n::text, 9, '0')",
                                                         series="'C'", kind="'credit_note'", refund="m.rid")
            + " FROM refunded m JOIN plan_of p ON p.k = m.n % 3 ORDER BY m.n"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


_DAY_PAYMENTS = sa.text(
    "SELECT p.status, p.method, p.payment_method_type, p.card_brand, p.amount_cents, p.workstation_id, p.staff_id, "
    "p.completed_at, p.card_last4, p.stripe_payment_intent_id, st.display_name, e.tax_treatment, i.number, "
    "i.subtotal_cents, i.tax_cents, i.tax_components "
    "FROM payments p JOIN enrollments e ON e.id = p.enrollment_id LEFT JOIN staff st ON st.id = p.staff_id "
    "LEFT JOIN invoices i ON i.payment_id = p.id AND i.kind = 'invoice' "
    "WHERE p.completed_at >= :s AND p.completed_at < :e ORDER BY p.completed_at, p.id")
_DAY_REFUNDS = sa.text(
    "SELECT r.amount_cents, r.workstation_id, r.staff_id, p.method, p.payment_method_type, e.tax_treatment, "
    "st.display_name, c.number, c.subtotal_cents, c.tax_cents, c.tax_components "
    "FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN enrollments e ON e.id = p.enrollment_id "
    "LEFT JOIN staff st ON st.id = r.staff_id LEFT JOIN invoices c ON c.refund_id = r.id AND c.kind = 'credit_note' "
    "WHERE r.status = 'succeeded' AND r.completed_at >= :s AND r.completed_at < :e ORDER BY r.completed_at, r.id")
_IN_FLIGHT = sa.text(
    "SELECT count(*), coalesce(sum(amount_cents), 0) FROM payments "
    "WHERE status IN :flight AND created_at >= :s AND created_at < :e").bindparams(sa.bindparam("flight", expanding=True))


def hand_pass(engine: sa.Engine, start: datetime, end: datetime) -> dict[str, object]:
    """Every total of the report (all desks, all staff) from one read of the day's rows."""
    params = {"s": start, "e": end}
    starts = hour_starts(start, end)
    methods: dict[tuple[str, str], list[int]] = {}
    taxes: dict[tuple[str, str], list[int]] = {}
    sales = {t: [0, 0] for t in ("taxable", "exempt", "zero_rated")}
    refunds: dict[str, list[int]] = {}
    staff: dict[str, list[int]] = {}
    desks: dict[str, list[int]] = {}
    hours = [[0, 0] for _ in starts]
    attempts = {s: [0, 0] for s in UNSUCCESSFUL_STATUSES}
    uninvoiced = payments = refund_count = 0
    with engine.connect() as conn:
        for (status, method, kind, brand, cents, desk, staff_id, at, _last4, _pi, _name, treatment, number, subtotal,
             _tax, components) in conn.execute(_DAY_PAYMENTS, params):
            if status in attempts:
                attempts[status][0] += 1
                attempts[status][1] += cents
            if status != "succeeded":
                continue
            payments += 1
            channel = channel_of(method, kind)
            key = (channel, channel if channel in ("interac", *HAND_CHANNELS) else str(brand or "unknown").lower())
            line = methods.setdefault(key, [0, 0])
            line[0] += 1
            line[1] += cents
            for party, by in ((str(staff_id) if staff_id else "", staff), (desk, desks)):
                acc = by.setdefault(party, [0, 0, 0, 0])
                acc[0] += 1
                acc[1] += cents
            hour = hours[bisect.bisect_right(starts, at) - 1]
            hour[0] += 1
            hour[1] += cents
            if number is None:
                uninvoiced += 1
                continue
            sales[treatment][0] += subtotal
            for c in components:
                taxes.setdefault((str(c["name"]), str(c["rate"])), [0, 0])[0] += int(c["amount_cents"])
        for (cents, desk, staff_id, method, kind, treatment, _name, number, subtotal, tax,
             components) in conn.execute(_DAY_REFUNDS, params):
            refund_count += 1
            acc = refunds.setdefault(channel_of(method, kind), [0, 0, 0])
            acc[0] += 1
            acc[1] += cents
            acc[2] += tax or 0
            for party, by in ((str(staff_id) if staff_id else "", staff), (desk, desks)):
                line = by.setdefault(party, [0, 0, 0, 0])
                line[2] += 1
                line[3] += cents
            if number is not None:
                sales[treatment][1] += subtotal
                for c in components:
                    taxes.setdefault((str(c["name"]), str(c["rate"])), [0, 0])[1] += int(c["amount_cents"])
        flight = conn.execute(_IN_FLIGHT, {**params, "flight": list(IN_FLIGHT_STATUSES)}).one()
    return {
        "methods": sorted((c, b, n, a) for (c, b), (n, a) in methods.items()),
        "taxes": sorted((n, r, c, b) for (n, r), (c, b) in taxes.items()),
        "sales": sorted((t, i, c) for t, (i, c) in sales.items()),
        "refunds": sorted((c, *v) for c, v in refunds.items()),
        "staff": sorted((k, *v) for k, v in staff.items()),
        "workstations": sorted((k, *v) for k, v in desks.items()),
        "hours": [(s, n, a) for s, (n, a) in zip(starts, hours, strict=True)],
        "attempts": sorted([(s, n, a) for s, (n, a) in attempts.items()] + [("in_flight", flight[0], int(flight[1]))]),
        "uninvoiced": uninvoiced, "payments": payments, "refund_rows": refund_count,
    }


def report_totals(report: EndOfDayReport) -> dict[str, object]:
    """The same figures, as the report has them."""
    return {
        "methods": sorted((m.channel, m.brand, m.count, m.amount_cents) for m in report.methods),
        "taxes": sorted((t.name, t.rate, t.collected_cents, t.reversed_cents) for t in report.taxes),
        "sales": sorted((s.treatment, s.invoiced_cents, s.credited_cents) for s in report.sales),
        "refunds": sorted((r.channel, r.count, r.amount_cents, r.tax_cents) for r in report.refunds),
        "staff": sorted((p.key, p.payments, p.collected_cents, p.refunds, p.refunded_cents) for p in report.staff),
        "workstations": sorted((p.key, p.payments, p.collected_cents, p.refunds, p.refunded_cents)
                               for p in report.workstations),
        "hours": [(h.starts_at, h.count, h.amount_cents) for h in report.hours],
        "attempts": sorted((a.status, a.count, a.amount_cents) for a in report.attempts),
        "uninvoiced": report.uninvoiced_payments, "payments": len(report.payments), "refund_rows": len(report.refund_rows),
    }


def timed(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs + 1):  # the first run warms the caches and is dropped
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return statistics.median(samples[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--payments", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("ONCOPOS_TEST_PG_URL")
    if not url:
        print("bench_eod needs PostgreSQL: bash build_scripts/with_postgres.sh .venv/bin/python tests/bench/bench_eod.py")
        return 2
    name = f"bench_eod_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(sa.make_url(url).set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(engine)
        began = time.perf_counter()
        fill(engine, args.payments, args.days)
        print(f"filled {args.payments:,} payments over {args.days} days in {time.perf_counter() - began:.1f} s")
        factory = make_session_factory(engine, workstation_id="BENCH")
        uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
        eod = EndOfDayService(uow, tz=TZ, clock=lambda: datetime.now(UTC), renderer=EndOfDayRenderer(),
                              store=FileDocumentStore(Path("/tmp") / name))
        day = FIRST_DAY + timedelta(days=args.days // 2)
        actor = system_actor("BENCH")
        report = eod.report(actor, day)
        start, end = day_bounds(day, TZ)
        w = Window(start, end)

        def aggregates() -> None:
            with uow() as u:
                r = u.end_of_day
                r.methods(w), r.reversed_taxes(w), r.credited(w), r.refunds(w), r.parties(w, "staff_id")
                r.parties(w, "workstation_id"), r.attempts(w), r.overpayments(w)

        one_aggregate = sa.text(
            "SELECT method, payment_method_type, card_brand, count(*), sum(amount_cents) FROM payments "
            "WHERE status = 'succeeded' AND completed_at >= :s AND completed_at < :e GROUP BY 1, 2, 3")

        def aggregate() -> None:
            with engine.connect() as conn:
                conn.execute(one_aggregate, {"s": start, "e": end}).all()

        by_hand, by_report = hand_pass(engine, start, end), report_totals(report)
        differs = [key for key in by_report if by_hand[key] != by_report[key]]
        if differs:
            print(f"the hand-written pass does not find the report's figures ({', '.join(differs)}): fix the bench")
            return 1
        full_t = timed(lambda: eod.report(actor, day), args.runs)
        agg_t = timed(aggregates, args.runs)
        hand_t = timed(lambda: hand_pass(engine, start, end), args.runs)
        one_t = timed(aggregate, args.runs)
        print(f"day {day}: {report.payment_count:,} payments, {report.refund_count:,} refunds, "
              f"{format(report.collected_cents, ',')} cents collected")
        print(f"report (all breakdowns + lists): {full_t * 1000:8.1f} ms   ratio {full_t / hand_t:6.1f}x  (target 3x, 200 ms)")
        print(f"aggregate queries (reference):   {agg_t * 1000:8.1f} ms   ratio {agg_t / hand_t:6.1f}x")
        print(f"one hand-written pass (baseline):{hand_t * 1000:8.1f} ms   (the same totals and lists, checked equal)")
        print(f"one aggregate query (reference): {one_t * 1000:8.1f} ms   report/aggregate {full_t / one_t:6.1f}x")
        explain(engine, lambda: eod.report(actor, day))
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


def explain(engine: sa.Engine, run: object) -> None:
    """EXPLAIN ANALYZE of each statement the report sends: how it reaches the rows, and how long."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "day_closures" not in statement:
            seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        run()  # type: ignore[operator]
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        for n, (statement, parameters) in enumerate(seen, 1):
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
                plan = [row[0] for row in cur.fetchall()]
            scans = sorted({line.strip().removeprefix("->").strip().split(" (actual")[0]
                            for line in plan if "Scan" in line and " on " in line})
            took = next((line for line in plan if line.startswith("Execution Time")), "")
            print(f"query {n:2d}: {took.removeprefix('Execution Time: '):>10s}  {'; '.join(scans)}")
        print("plan of query 1 (the day's payments):")
        with raw.cursor() as cur:  # type: ignore[union-attr]
            cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + seen[0][0], seen[0][1])
            print(io.StringIO("\n".join("    " + row[0] for row in cur.fetchall())).getvalue())


if __name__ == "__main__":
    raise SystemExit(main())

"""Never a double charge, never a lost payment: the desk is killed after every step of a payment.

Each case runs a real desk process (tests/crash/crash_driver.py) against a simulator running in
its own process (`oncopos simulator --port N`) and a database file. The desk dies with os._exit
right after the named step; a new desk process starts, reconciles, and finishes the payment if
money is still owing. Then Stripe (the simulator, asked over HTTP) must hold exactly one
successful charge for the enrollment, the database exactly one succeeded payment of the full
amount, and no PaymentIntent may be left open.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
import stripe

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentStep
from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.stripe.gateway import StripeGateway
from oncopos.domain.access import Role
from oncopos.services.staff import StaffService
from tests.integration.cli_credentials import oncopos_as
from tests.integration.crash.crash_driver import CRASH_EXIT, KEY
from tests.payment_support import add_enrollment

REPO = Path(__file__).resolve().parents[3]
READER_STEPS = ["quoted", "code_sent", "code_confirmed", "charge_requested", "charge_returned", "charge_started",
                "card_presented", "recorded", "invoiced", "emails_queued"]
HOSTED_STEPS = ["charge_requested", "charge_returned", "charge_started", "card_presented", "recorded"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def simulator_process() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "oncopos", "simulator", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=0.5)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"the simulator did not start: {proc.stdout.read() if proc.stdout else ''}")
    gateway = StripeGateway(KEY, base_url=url, mode="simulator")
    location = gateway.create_location("Desk", line1="100 King St W", city="Toronto", province="ON",
                                       postal_code="M5X 1A9")
    gateway.register_reader("simulated-wpe", location.id, "Desk 1")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def crash_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('crash') / 'desk.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def run_driver(phase: str, db: str, api: str, enrollment: str, method: str, crash_at: str | None, desk: str,
               data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ONCOPOS_CRASH_AT", None)
    if crash_at:
        env["ONCOPOS_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "tests.integration.crash.crash_driver", phase, "--db", db, "--api", api,
                           "--enrollment", enrollment, "--method", method, "--desk", desk, "--data-dir", str(data_dir)],
                           check=False,
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def crash_and_recover(db: str, api: str, method: str, step: str, data_dir: Path) -> dict[str, object]:
    engine = make_engine(db)
    factory = make_session_factory(engine, workstation_id="DESK1")
    enrollment = add_enrollment(factory, price_cents=40_000)  # ON: 452.00 owing
    # One desk per case: each desk reconciles only its own payments, and the code-send throttle per
    # desk (30 an hour) is not what is tested here.
    desk = f"{method[0].upper()}{(READER_STEPS + HOSTED_STEPS).index(step)}{'P' if 'postgresql' in db else ''}"
    crashed = run_driver("pay", db, api, str(enrollment), method, step, desk, data_dir)
    assert crashed.returncode == CRASH_EXIT, f"did not crash at {step}: {crashed.stdout}{crashed.stderr}"
    recovered = run_driver("recover", db, api, str(enrollment), method, None, desk, data_dir)
    assert recovered.returncode == 0, recovered.stderr
    report = json.loads(recovered.stdout.strip().splitlines()[-1])

    with factory() as session:
        rows = session.execute(sa.select(Payment.status, Payment.amount_cents)
                               .where(Payment.enrollment_id == enrollment).order_by(Payment.created_at)).all()
        first_steps = list(session.scalars(
            sa.select(PaymentStep.step).join(Payment, PaymentStep.payment_id == Payment.id)
            .where(Payment.enrollment_id == enrollment)
            .where(Payment.created_at == sa.select(sa.func.min(Payment.created_at))
                   .where(Payment.enrollment_id == enrollment).scalar_subquery())
            .order_by(PaymentStep.sequence)))
        invoices = list(session.scalars(
            sa.select(Invoice.number).join(Payment, Invoice.payment_id == Payment.id)
            .where(Payment.enrollment_id == enrollment, Invoice.kind == "invoice")))
    engine.dispose()
    # The success committed before its invoice: a crash in between is invoiced on restart, once.
    assert len(invoices) == 1, f"{step}: invoices {invoices}"
    succeeded = [amount for status, amount in rows if status == "succeeded"]
    assert succeeded == [45_200], f"{step}: database holds {rows}"
    assert all(status in ("succeeded", "cancelled", "expired", "failed") for status, _ in rows), rows

    client = stripe.StripeClient(KEY, base_addresses={"api": api})
    intents = [pi for pi in client.v1.payment_intents.list({"limit": 100}).auto_paging_iter()
               if pi.metadata.to_dict().get("enrollment_id") == str(enrollment)]
    paid = [pi for pi in intents if pi.status == "succeeded"]
    assert len(paid) == 1 and paid[0].amount_received == 45_200, f"{step}: Stripe holds {[p.status for p in intents]}"
    assert all(pi.status in ("succeeded", "canceled") for pi in intents), [pi.status for pi in intents]
    charges = [c for c in client.v1.charges.list({"limit": 100}).auto_paging_iter()
               if c.status == "succeeded" and c.payment_intent in {pi.id for pi in intents}]
    assert len(charges) == 1
    report["first_steps"] = first_steps
    return report


@pytest.mark.parametrize("step", READER_STEPS)
def test_reader_payment_survives_a_crash_after(step, crash_db, simulator_process, tmp_path):
    report = crash_and_recover(crash_db, simulator_process, "reader", step, tmp_path)
    charged_before_crash = step in ("card_presented", "recorded", "invoiced", "emails_queued")
    assert ("paid_again" in report) is not charged_before_crash, report
    if step == "card_presented":
        assert report["recorded"] == 1  # found succeeded at Stripe and recorded on restart
    if step == "charge_returned":
        # The PaymentIntent id never reached the database: found again by its idempotency key.
        assert "recovered" in report["first_steps"], report
    assert report["first_steps"].count("succeeded") <= 1
    if charged_before_crash:
        # The confirmation and the business notice were queued exactly once, before or after the crash.
        assert report["first_steps"].count("emails_queued") == 1, report


@pytest.mark.parametrize("step", HOSTED_STEPS)
def test_hosted_payment_survives_a_crash_after(step, crash_db, simulator_process, tmp_path):
    report = crash_and_recover(crash_db, simulator_process, "hosted", step, tmp_path)
    if step == "charge_returned":
        assert "recovered" in report["first_steps"], report
    assert ("paid_again" in report) is (step not in ("card_presented", "recorded")), report


def test_a_crash_right_after_stripe_answered_on_postgresql(pg_url, simulator_process, tmp_path):
    from sqlalchemy.engine import make_url

    assert make_url(pg_url).get_backend_name() == "postgresql"
    report = crash_and_recover(pg_url, simulator_process, "reader", "charge_returned", tmp_path)
    assert report["closed"] == 1 and report["paid_again"] == "succeeded"


def test_oncopos_reconcile_records_a_payment_the_desk_did_not(crash_db, simulator_process, tmp_path):
    """The card was tapped, then the desk died: the command line finds the charge and records it once."""
    engine = make_engine(crash_db)
    factory = make_session_factory(engine, workstation_id="CLI1")
    enrollment = add_enrollment(factory, price_cents=10_000)
    crashed = run_driver("pay", crash_db, simulator_process, str(enrollment), "reader", "card_presented", "CLI1",
                         tmp_path)
    assert crashed.returncode == CRASH_EXIT
    env = {**os.environ, "PYTHONPATH": str(REPO), "STRIPE_MODE": "simulator", "ONCOPOS_STRIPE_API_BASE": simulator_process,
           "WORKSTATION_ID": "CLI1", "INVOICE_SERIES": "CLI1", "ONCOPOS_DATA_DIR": str(tmp_path / "cli")}
    # a manager settles it (the command line asks for one, as the window does)
    staff = StaffService(lambda: SqlUnitOfWork(factory), workstation_id="CLI1", clock=utc_now)
    admin = staff.create_first_admin("ada", "the admin's own passphrase", "Ada Admin")
    staff.create_staff(admin, "marc", "the manager's passphrase", Role.MANAGER, "Marc Manager")
    command = ("--db", crash_db, "reconcile")
    first = oncopos_as("marc", "the manager's passphrase", *command, cwd=REPO, env=env)
    assert first.returncode == 0, first.stderr
    assert "1 payment(s) in flight: 1 recorded" in first.stdout
    second = oncopos_as("marc", "the manager's passphrase", *command, cwd=REPO, env=env)
    assert "0 payment(s) in flight" in second.stdout
    with factory() as session:
        statuses = list(session.scalars(sa.select(Payment.status).where(Payment.enrollment_id == enrollment)))
    engine.dispose()
    assert statuses == ["succeeded"]

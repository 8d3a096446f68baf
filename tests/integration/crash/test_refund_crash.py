"""Never a double refund, never a lost one: the desk is killed in the middle of a refund.

A real desk process (refund_crash_driver) refunds part of a payment against the simulator over HTTP
and dies with os._exit right after the named step; a new process reconciles. Stripe (the simulator)
must then hold exactly the refunds that were made, the database the same ones, each with exactly
one credit note and one email to the student.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.messaging import MailOutboxMessage
from oncopos.adapters.db.models.payments import PaymentStep, Refund
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe.gateway import StripeGateway
from oncopos.simulator import SimulatorHandle, start_simulator
from tests.integration.crash.crash_driver import CRASH_EXIT, KEY
from tests.integration.payment_fixtures import build_desk
from tests.integration.refund_fixtures import MANAGER, build_refunds
from tests.payment_support import REGISTRAR, add_enrollment
from tests.waiting import wait_for

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def sim() -> Iterator[SimulatorHandle]:
    with start_simulator(api_key=KEY) as handle:
        yield handle


def paid_payment(db_url: str, sim: SimulatorHandle, data_dir: Path) -> tuple[Any, Any, Any]:
    """A payment of $113.00 taken on the reader by the real payment service; (payment id, factory, outbox)."""
    gateway = StripeGateway(KEY, base_url=sim.url, mode="simulator")
    location = gateway.create_location("Desk", line1="1 King St W", city="Toronto", province="ON", postal_code="M5X 1A9")
    reader = gateway.register_reader("simulated-wpe", location.id, "Desk 1")
    service, factory, _codes, mailer, outbox, _clock = build_desk(make_engine(db_url), gateway, data_dir)
    view = service.start(REGISTRAR, add_enrollment(factory, price_cents=10_000), 11_300)
    service.send_code(REGISTRAR, view.id)
    service.confirm_code(REGISTRAR, view.id, mailer.last_code())
    service.charge_on_reader(REGISTRAR, view.id, reader.id)
    gateway.present_test_card(reader.id)
    wait_for(lambda: service.poll(REGISTRAR, view.id).succeeded, what="the payment succeeding")
    return view.id, factory, outbox


def driver(phase: str, db_url: str, api: str, data_dir: Path, crash_at: str | None = None,
           **extra: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ONCOPOS_CRASH_AT", None)
    if crash_at:
        env["ONCOPOS_CRASH_AT"] = crash_at
    args = [sys.executable, "-m", "tests.integration.crash.refund_crash_driver", phase, "--db", db_url, "--api", api,
            "--data-dir", str(data_dir)]
    for name, value in extra.items():
        args += [f"--{name}", str(value)]
    return subprocess.run(args, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("step", ["refund_requested", "refund_returned", "refund_recorded"])
def test_a_refund_survives_a_crash_after(step, db_url, sim, tmp_path):
    data_dir = tmp_path / "desk"
    payment, factory, outbox = paid_payment(db_url, sim, data_dir)

    crashed = driver("refund", db_url, sim.url, data_dir, step, payment=payment, amount=5_000)
    assert crashed.returncode == CRASH_EXIT, f"did not crash at {step}: {crashed.stdout}{crashed.stderr}"
    recovered = driver("recover", db_url, sim.url, data_dir)
    assert recovered.returncode == 0, recovered.stderr
    report = json.loads(recovered.stdout.strip().splitlines()[-1])
    again = driver("recover", db_url, sim.url, data_dir)  # a second restart changes nothing
    assert json.loads(again.stdout.strip().splitlines()[-1]) == {"settled": 0, "failed": 0, "open": 0}

    at_stripe = list(sim.state.all("refund"))
    with factory() as session:
        rows = session.execute(sa.select(Refund.status, Refund.stripe_refund_id, Refund.amount_cents)).all()
        notes = list(session.scalars(sa.select(Invoice.number).where(Invoice.kind == "credit_note")))
        emails = list(session.scalars(sa.select(MailOutboxMessage.kind).where(MailOutboxMessage.kind == "credit_note")))
        steps = list(session.scalars(sa.select(PaymentStep.step).where(PaymentStep.payment_id == payment)
                                     .order_by(PaymentStep.sequence)))
    if step == "refund_requested":
        # Stripe never heard of it: closed as failed, nothing went back, and it can be refunded again.
        assert report == {"settled": 0, "failed": 1, "open": 0}
        assert at_stripe == [] and rows == [("failed", None, 5_000)] and notes == [] and emails == []
        service = build_refunds(factory, StripeGateway(KEY, base_url=sim.url, mode="simulator"), outbox.enqueue,
                                data_dir, utc_now)
        assert service.refund(MANAGER, payment, 11_300, "withdrawal").status == "succeeded"
        assert [r["amount"] for r in sim.state.all("refund")] == [11_300]
        return
    # Stripe made exactly one refund, and the database holds exactly that one, once.
    assert len(at_stripe) == 1 and at_stripe[0]["amount"] == 5_000
    assert rows == [("succeeded", at_stripe[0]["id"], 5_000)]
    assert len(notes) == 1 and emails == ["credit_note"]
    assert steps.count("refund_succeeded") == 1 and steps.count("refund_emails_queued") == 1
    if step == "refund_returned":
        # The refund id never reached the database: found again through the local id in its metadata.
        assert report == {"settled": 1, "failed": 0, "open": 0} and "refund_recovered" in steps

"""Reconciling a day with Stripe: the real StripeGateway against the simulator over HTTP.

Simulated fees (oncopos.simulator.payments.FEES): reader card 2.6% + 0.10, Interac 0.15, hosted
card 2.9% + 0.30, rounded half up; Stripe keeps its fee on a refund (the refund's fee is 0).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe import StripeGateway
from oncopos.domain.access import PermissionDenied
from oncopos.domain.end_of_day_matching import (
    AMOUNT_DIFFERS,
    MISSING_IN_STRIPE,
    MISSING_LOCALLY,
    UNCAPTURED,
    FeeLine,
)
from oncopos.domain.gateway import ReaderInfo
from oncopos.services.end_of_day_matching import DayMatching
from oncopos.simulator import SimulatorHandle
from tests.integration.end_of_day_helpers import MANAGER, REGISTRAR, Day
from tests.integration.stripe_fixtures import pay_key

pytestmark = pytest.mark.usefixtures("simulator")


class Desk:
    def __init__(self, engine: Engine, tmp: Path, gateway: StripeGateway, reader: ReaderInfo) -> None:
        self.day = Day(engine, tmp / "documents")
        self.day.clock.now = utc_now()
        self.gateway, self.reader = gateway, reader
        self.enrollment = self.day.enrollment("ON", 10_000_00)
        self.matching = DayMatching(self.day.eod, self.day.uow, lambda: gateway, utc_now)

    def charge(self, amount: int, *, interac: bool = False) -> tuple[uuid.UUID, Any]:
        """A real reader payment on the simulator; returns our id and the PaymentIntent's state."""
        local_id = uuid.uuid4()
        started = self.gateway.start_reader_payment(local_id, amount, self.reader.id, {"workstation": "DESK1"},
                                                    pay_key(local_id))
        self.gateway.present_test_card(self.reader.id, interac=interac)
        return local_id, self.gateway.payment_intent(started.payment_intent_id)

    def record(self, amount: int, *, interac: bool = False, recorded_cents: int | None = None) -> tuple[uuid.UUID, Any]:
        """Charged on Stripe and recorded at the desk (as `recorded_cents`, if the desk got it wrong)."""
        local_id, pi = self.charge(amount, interac=interac)
        self.day.payment(self.enrollment, recorded_cents or amount, utc_now(), payment_id=local_id, intent=pi.id,
                         charge=pi.charge_id, kind=pi.payment_method_type, brand=pi.card_brand or "visa")
        return local_id, pi

    def run(self) -> Any:
        return self.matching.match(MANAGER, self.day.eod.today())


@pytest.fixture
def desk(engine: Engine, tmp_path: Path, gateway: StripeGateway, reader: ReaderInfo) -> Desk:
    return Desk(engine, tmp_path, gateway, reader)


def test_a_clean_day_matches_with_fees_and_net_per_method(desk: Desk) -> None:
    card_id, card = desk.record(1_130_00)
    desk.record(500_00, interac=True)
    refund = desk.gateway.refund(card.id, 565_00, "requested_by_customer", {}, "oncopos-refund-test-1")
    desk.day.refund(card_id, 565_00, utc_now(), stripe_id=refund.id)
    result = desk.run()
    assert result.mismatches == ()
    assert (result.matched_payments, result.matched_refunds) == (2, 1)
    # Card: fee (113000 * 260 + 5000) // 10000 + 10 = 2948; net 113000 - 2948 - 56500 = 53552. Interac: flat 15.
    assert result.fees == (FeeLine("reader_card", 1, 56_500, 29_48, 535_52), FeeLine("interac", 1, 500_00, 15, 499_85))
    assert (result.fee_cents, result.net_cents) == (29_63, 1_035_37)


def test_recorded_here_but_not_in_stripe(desk: Desk) -> None:
    desk.day.payment(desk.enrollment, 250_00, utc_now(), intent="pi_0000000000000000missing")
    [m] = desk.run().mismatches
    assert (m.kind, m.local_cents, m.stripe_cents) == (MISSING_IN_STRIPE, 250_00, None)
    assert "pi_0000000000000000missing: unknown to Stripe" in str(m.message) and "oncopos reconcile" in str(m.message)
    # What a French-speaking manager reads on the Stripe matching tab.
    french = m.message.text("fr-CA").replace("\u00a0", " ")
    assert "pi_0000000000000000missing : inconnu de Stripe" in french and "250,00 $" in french and "Lancez" in french


def test_in_stripe_but_not_recorded_a_charge_and_a_dashboard_refund(desk: Desk, simulator: SimulatorHandle) -> None:
    _, recorded = desk.record(800_00)
    _, stray = desk.charge(300_00)  # Stripe collected it; no desk recorded it
    dashboard = simulator.dashboard_refund(recorded.id, 100_00)
    found = {m.stripe_id: m for m in desk.run().mismatches}
    assert set(found) == {stray.charge_id, dashboard["id"]}
    assert (found[stray.charge_id].kind, found[stray.charge_id].stripe_cents) == (MISSING_LOCALLY, 300_00)
    refund = found[dashboard["id"]]
    assert (refund.kind, refund.stripe_cents) == (MISSING_LOCALLY, -100_00)
    assert f"PaymentIntent {recorded.id}" in str(refund.message) and "Dashboard" in str(refund.message)
    french = refund.message.text("fr-CA").replace("\u00a0", " ")
    assert "tableau de bord" in french and "100,00 $" in french


def test_amounts_that_differ(desk: Desk) -> None:
    local_id, _pi = desk.record(1_000_00, recorded_cents=1_130_00)
    [m] = desk.run().mismatches
    assert (m.kind, m.local_id, m.local_cents, m.stripe_cents) == (AMOUNT_DIFFERS, str(local_id), 1_130_00, 1_000_00)
    assert "$1,130.00" in str(m.message) and "$1,000.00" in str(m.message)
    french = m.message.text("fr-CA").replace("\u00a0", " ")
    assert "1 130,00 $" in french and "Corrigez le dossier" in french


def test_uncaptured_and_unrecorded_payment_intents_of_attempts_in_flight(desk: Desk, simulator: SimulatorHandle,
                                                                         raw_client: Any) -> None:
    authorised = raw_client.v1.payment_intents.create({"amount": 400_00, "currency": "cad", "capture_method": "manual",
                                                       "allowed_payment_method_types": ["card_present"]})
    # The simulator captures at once; this is the state Stripe shows for a manual-capture authorisation.
    simulator.state.get("payment_intent", authorised.id)["status"] = "requires_capture"
    desk.day.payment(desk.enrollment, 400_00, utc_now(), intent=authorised.id, status="processing")
    _, collected = desk.charge(200_00)  # the desk died before recording this success
    desk.day.payment(desk.enrollment, 200_00, utc_now(), intent=collected.id, status="processing")
    found = {m.stripe_id: m for m in desk.run().mismatches}
    assert set(found) == {authorised.id, collected.id}
    assert found[authorised.id].kind == UNCAPTURED and "not captured" in str(found[authorised.id].message)
    unrecorded = found[collected.id].message
    assert found[collected.id].kind == MISSING_LOCALLY and "still shows the payment as processing" in str(unrecorded)
    assert "comme en cours" in unrecorded.text("fr-CA")


def test_only_managers_reconcile(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        desk.matching.match(REGISTRAR, desk.day.eod.today())

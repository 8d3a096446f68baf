"""Two desks, one enrollment, central reachable: the first to claim the enrollment on the central
database charges it; the other is told which desk and registrar are charging, and charges
nothing (threads, real PostgreSQL, SQLite desks, the real SDK against the simulator)."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.models.sync import ChargeClaim
from oncopos.adapters.sync import claims
from oncopos.domain.allocation import PartRequest
from oncopos.domain.errors import InvalidAmount
from oncopos.services.payments.ports import EnrollmentBeingCharged
from oncopos.services.payments.records import CONFIRMED, PROCESSING, SUCCEEDED
from tests.integration.recovery_helpers import paying_desk, succeeded_payments
from tests.integration.sync_helpers import CuttableProxy
from tests.integration.test_several_enrollments import add_enrollment_for


@pytest.fixture
def central(pg_url: str) -> Any:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def test_two_desks_charging_one_enrollment_only_one_charges_the_other_is_told_who(
    tmp_path: Path, pg_url: str, central: Engine, gateway: Any, reader: Any, simulator: Any,
) -> None:
    second_reader = gateway.register_reader("simulated-wpe", reader.location, "Desk 2")
    a = paying_desk(tmp_path, "a.sqlite3", "DESKA", pg_url, gateway, reader, simulator)
    b = paying_desk(tmp_path, "b.sqlite3", "DESKB", pg_url, gateway, second_reader, simulator)
    try:
        enrollment = a.enrollment()  # 452.00 owing
        a.sync.sync_once()
        b.sync.sync_once()
        payments = {a.name: a.start(enrollment, 45_200), b.name: b.start(enrollment, 45_200)}

        barrier = threading.Barrier(2)
        outcome: dict[str, Any] = {}

        def charge(desk: Any) -> None:
            barrier.wait()
            try:
                outcome[desk.name] = desk.charge(payments[desk.name]).status
            except Exception as exc:
                outcome[desk.name] = exc

        threads = [threading.Thread(target=charge, args=(d,)) for d in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)

        charging = [name for name, got in outcome.items() if got == PROCESSING]
        told = {name: got for name, got in outcome.items() if isinstance(got, EnrollmentBeingCharged)}
        assert len(charging) == 1 and len(told) == 1, outcome
        winner, loser = (a, b) if charging == [a.name] else (b, a)
        message = str(told[loser.name])
        assert f"{winner.name} on" in message and winner.actor.username in message and "$452.00" in message
        assert "Nothing was charged here" in message
        assert loser.desk.service.view(payments[loser.name]).status == CONFIRMED  # it may try again later

        assert winner.finish(payments[winner.name]).status == SUCCEEDED
        with central.connect() as conn:  # released once the payment was on the central database
            assert conn.scalar(sa.select(sa.func.count()).select_from(ChargeClaim)) == 0
        assert len(succeeded_payments(central)) == 1

        # Trying again: the claim is free, and the refresh after it sees the enrollment paid.
        with pytest.raises(InvalidAmount, match="Nothing was charged"):
            loser.charge(payments[loser.name])
        charged = [c for c in simulator.state.all("charge") if c["status"] == "succeeded"]
        assert len(charged) == 1
    finally:
        a.close()
        b.close()


def test_an_expired_claim_is_free_again_and_a_live_one_is_not(central: Engine) -> None:
    enrollment, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    common = {"enrollment_ids": [enrollment], "workstation_name": "DESK1 on front", "amount_cents": 10_000}
    claims.claim(central, payment_id=first, workstation_id="DESK1", staff_name="rita", **common)
    claims.claim(central, payment_id=first, workstation_id="DESK1", staff_name="rita", **common)  # its own: renewed
    with pytest.raises(EnrollmentBeingCharged, match=r"DESK1 on front \(rita\) is charging"):
        claims.claim(central, payment_id=second, workstation_id="DESK2", staff_name="marc", **common)
    with central.begin() as conn:  # the first desk died: its lease runs out
        conn.execute(sa.update(ChargeClaim).values(expires_at=sa.func.now() - sa.text("interval '1 second'")))
    claims.claim(central, payment_id=second, workstation_id="DESK2", staff_name="marc", **common)
    with central.connect() as conn:
        assert conn.scalar(sa.select(ChargeClaim.payment_id)) == second
    claims.release(central, second)
    with central.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(ChargeClaim)) == 0


def test_a_payment_for_a_program_and_its_kit_holds_both_while_it_charges(
    tmp_path: Path, pg_url: str, central: Engine, gateway: Any, reader: Any, simulator: Any,
) -> None:
    second_reader = gateway.register_reader("simulated-wpe", reader.location, "Desk 2")
    a = paying_desk(tmp_path, "a.sqlite3", "DESKA", pg_url, gateway, reader, simulator)
    b = paying_desk(tmp_path, "b.sqlite3", "DESKB", pg_url, gateway, second_reader, simulator)
    try:
        program = a.enrollment(price_cents=100_000)  # 1,130.00 owing
        kit = add_enrollment_for(a.desk, program, price_cents=20_000, name="Practitioner kit")  # 226.00
        a.sync.sync_once()
        b.sync.sync_once()
        service = a.desk.service
        both = service.start_several(a.actor, [PartRequest(program, 113_000), PartRequest(kit, 22_600)]).id
        a.desk.code_clock.offset += timedelta(minutes=1)
        service.send_code(a.actor, both)
        service.confirm_code(a.actor, both, a.desk.mailer.last_code())
        kit_alone = b.start(kit, 22_600)

        assert a.charge(both).status == PROCESSING
        with central.connect() as conn:
            held = set(conn.scalars(sa.select(ChargeClaim.enrollment_id).where(ChargeClaim.payment_id == both)))
        assert held == {program, kit}
        # The kit is a line of the payment running on desk A: desk B may not charge it at the same time.
        with pytest.raises(EnrollmentBeingCharged, match=r"DESKA.*rita-deska.*\$1,356\.00"):
            b.charge(kit_alone)
        assert b.desk.service.view(kit_alone).status == CONFIRMED

        assert a.finish(both).status == SUCCEEDED
        with central.connect() as conn:  # every line's claim freed at once
            assert conn.scalar(sa.select(sa.func.count()).select_from(ChargeClaim)) == 0
        with pytest.raises(InvalidAmount, match="Nothing was charged"):
            b.charge(kit_alone)  # free again, and the refresh sees the kit paid
        assert len([c for c in simulator.state.all("charge") if c["status"] == "succeeded"]) == 1
    finally:
        a.close()
        b.close()


def test_claims_on_several_enrollments_are_all_or_none_and_never_deadlock(central: Engine) -> None:
    program, kit, books = sorted(uuid.uuid4() for _ in range(3))
    common = {"workstation_name": "DESK2 on front", "amount_cents": 10_000}
    holder = uuid.uuid4()
    claims.claim(central, enrollment_ids=[books], payment_id=holder, workstation_id="DESK2", staff_name="marc",
                 **common)
    with pytest.raises(EnrollmentBeingCharged, match="marc"):
        claims.claim(central, enrollment_ids=[program, kit, books], payment_id=uuid.uuid4(), workstation_id="DESK1",
                     staff_name="rita", **common)
    with central.connect() as conn:  # the program and the kit, taken before the books were met, were let go
        assert set(conn.scalars(sa.select(ChargeClaim.enrollment_id))) == {books}
    claims.release(central, holder)

    # Two desks claiming the same lines named in opposite orders: one gets them all, the other is
    # told who, and neither waits on the other for ever (PostgreSQL would report a deadlock).
    outcome: dict[str, Any] = {}
    barrier = threading.Barrier(2)

    def take(desk: str, lines: list[uuid.UUID]) -> None:
        barrier.wait()
        try:
            for _ in range(20):
                payment = uuid.uuid4()
                claims.claim(central, enrollment_ids=lines, payment_id=payment, workstation_id=desk,
                             staff_name=desk, **common)
                outcome.setdefault(desk, []).append("claimed")
                claims.release(central, payment)
        except Exception as exc:
            outcome.setdefault(desk, []).append(exc)

    threads = [threading.Thread(target=take, args=("DESK1", [program, kit, books])),
               threading.Thread(target=take, args=("DESK2", [books, kit, program]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for got in outcome.values():
        assert all(g == "claimed" or isinstance(g, EnrollmentBeingCharged) for g in got), outcome
    with central.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(ChargeClaim)) == 0


def test_offline_the_desk_charges_as_before(
    tmp_path: Path, pg_url: str, gateway: Any, reader: Any, simulator: Any,
) -> None:
    proxy = CuttableProxy(pg_url)
    desk = paying_desk(tmp_path, "off.sqlite3", "OFF", proxy.url, gateway, reader, simulator)
    try:
        enrollment = desk.enrollment()
        desk.sync.sync_once()
        proxy.cut()
        payment_id = desk.start(enrollment, 45_200)
        assert desk.charge(payment_id).balance_note  # told only this desk's payments were checked
        assert desk.finish(payment_id).status == SUCCEEDED
    finally:
        desk.close()
        proxy.close()

"""A desk in its own process, for the crash tests: the real payment service over a database file
and a simulator started with `oncopos simulator --port N`.

    python -m tests.integration.crash.crash_driver pay --db URL --api URL --enrollment ID --method reader \
        --desk DESK3 --data-dir DIR
    python -m tests.integration.crash.crash_driver recover ... (the same arguments)

`pay` takes a whole payment; with ONCOPOS_CRASH_AT=<step> the process ends with os._exit(77) right
after that step (no cleanup, no rollback, no atexit: as close to a power cut as a test gets).
`recover` is the restart: reconcile what was left in flight, then, if the enrollment still owes
money, take the payment again. It prints one JSON line with what it did.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.stripe.gateway import StripeGateway
from oncopos.domain.access import Actor, Role, system_actor
from oncopos.services.payments.service import PaymentService
from tests.integration.otp_support import KeepingMailer
from tests.integration.payment_fixtures import build_desk
from tests.waiting import wait_for

CRASH_EXIT = 77
KEY = "sk_test_crash_driver"


def fault_point() -> object:
    target = os.environ.get("ONCOPOS_CRASH_AT")

    def maybe_crash(step: str) -> None:
        if step == target:
            sys.stdout.flush()
            os._exit(CRASH_EXIT)

    return maybe_crash


@dataclass
class Desk:
    service: PaymentService
    gateway: StripeGateway
    factory: object
    mailer: KeepingMailer
    actor: Actor


def build(args: argparse.Namespace, *, crash: bool) -> Desk:
    """The real service with the real codes, invoices and outbox; only the mail server is in memory."""
    engine = make_engine(args.db)
    gateway = StripeGateway(KEY, base_url=args.api, mode="simulator", max_network_retries=2)
    service, factory, _codes, mailer, _outbox, code_clock = build_desk(
        engine, gateway, Path(args.data_dir), fault_point=fault_point() if crash else None, workstation=args.desk)
    if not crash:
        # The restarted desk sends its own code; the student's send throttle counts the first one.
        code_clock.offset = timedelta(minutes=1)
    return Desk(service, gateway, factory, mailer, Actor(None, "rita", Role.REGISTRAR, args.desk))


def balance(factory: object, enrollment_id: uuid.UUID) -> int:
    with SqlUnitOfWork(factory) as uow:  # type: ignore[arg-type]
        return uow.payments.enrollment(enrollment_id).balance_cents


def take_payment(desk: Desk, enrollment_id: uuid.UUID, amount: int, method: str, checkpoint: object) -> str:
    service, gateway, actor = desk.service, desk.gateway, desk.actor
    view = service.start(actor, enrollment_id, amount)
    service.send_code(actor, view.id)
    service.confirm_code(actor, view.id, desk.mailer.last_code())
    if method == "reader":
        reader = gateway.list_readers()[0]
        service.charge_on_reader(actor, view.id, reader.id)
        gateway.present_test_card(reader.id, "4242424242424242")
    else:
        started = service.charge_hosted(actor, view.id)
        answer = requests.post(started.checkout_url or "", data={"number": "4242424242424242", "expiry": "12/40",
                                                                 "cvc": "123", "name": "Ada", "postal_code": "M5V 2T6"},
                               timeout=10)
        assert answer.status_code == 200, answer.text
    checkpoint("card_presented")  # type: ignore[operator]
    def finished() -> object:
        done = service.poll(actor, view.id)
        return done if done.final else None

    try:
        done = wait_for(finished, interval=0.05, what=f"payment {view.id} finishing")
    except AssertionError as timed_out:
        raise SystemExit(str(timed_out)) from None
    return done.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=("pay", "recover"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--enrollment", required=True, type=uuid.UUID)
    parser.add_argument("--method", choices=("reader", "hosted"), default="reader")
    parser.add_argument("--desk", default="DESK1", help="workstation id and invoice series")
    parser.add_argument("--data-dir", required=True, help="where invoices are written")
    args = parser.parse_args(argv)
    if args.phase == "pay":
        desk = build(args, crash=True)
        status = take_payment(desk, args.enrollment, balance(desk.factory, args.enrollment), args.method, fault_point())
        print(json.dumps({"paid": status}))
        return 0
    desk = build(args, crash=False)
    report = desk.service.recover_in_flight(system_actor(args.desk))
    result: dict[str, object] = {"recorded": len(report.recorded), "closed": len(report.closed),
                                 "open": len(report.still_open) + len(report.unreachable)}
    owing = balance(desk.factory, args.enrollment)
    if owing > 0:
        result["paid_again"] = take_payment(desk, args.enrollment, owing, args.method, lambda _s: None)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

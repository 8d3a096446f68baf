"""A desk in its own process for the refund crash tests: the real refund service over a database file
and a simulator reached over HTTP.

    python -m tests.integration.crash.refund_crash_driver refund --db URL --api URL --payment ID --amount N \
        --data-dir DIR
    python -m tests.integration.crash.refund_crash_driver recover --db URL --api URL --data-dir DIR

`refund` refunds `amount` cents of the payment as a manager; with ONCOPOS_CRASH_AT=<step> the process
ends with os._exit(77) right after that step (no rollback, no cleanup). `recover` is the restart: it
reconciles refunds left pending and prints one JSON line with what it did.
"""

from __future__ import annotations

import argparse
import json
import uuid
from pathlib import Path

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.stripe.gateway import StripeGateway
from oncopos.domain.access import system_actor
from oncopos.services.refunds.service import RefundService
from tests.integration.crash.crash_driver import KEY, fault_point
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import MANAGER, build_refunds


def build(args: argparse.Namespace, *, crash: bool) -> RefundService:
    factory = make_session_factory(make_engine(args.db), workstation_id="DESK1", clock=utc_now)
    gateway = StripeGateway(KEY, base_url=args.api, mode="simulator", max_network_retries=2)
    outbox = MailOutbox(lambda: SqlUnitOfWork(factory), KeepingMailer(), utc_now)
    return build_refunds(factory, gateway, outbox.enqueue, Path(args.data_dir), utc_now,
                         fault_point=fault_point() if crash else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=("refund", "recover"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--payment", type=uuid.UUID)
    parser.add_argument("--amount", type=int)
    args = parser.parse_args(argv)
    if args.phase == "refund":
        view = build(args, crash=True).refund(MANAGER, args.payment, args.amount, "withdrawal")
        print(json.dumps({"refund": view.status}))
        return 0
    report = build(args, crash=False).settle_refunds(system_actor("DESK1"))
    print(json.dumps({"settled": len(report.settled), "failed": len(report.failed),
                      "open": len(report.still_open) + len(report.unreachable)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

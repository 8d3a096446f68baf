"""`oncopos plans remind` and `plans due` as a scheduled task runs them: a separate process, a
manager's password on a file descriptor, the Stripe simulator over HTTP, the file mail backend."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.plans import DEPOSIT, INSTALMENT, PlanLine
from oncopos.domain.plans_rules import load_college_rules
from oncopos.services.plans import PlanService
from tests.integration.cli_credentials import oncopos_as
from tests.integration.plan_helpers import MANAGER, TZ
from tests.integration.stripe_fixtures import TEST_KEY
from tests.payment_support import add_enrollment

MARC, MARC_PW = "marc", "the manager's passphrase"


def test_remind_sends_the_link_by_mail_and_a_later_run_sees_it_paid(sqlite_url: str, tmp_path: Path,
                                                                     simulator: Any) -> None:
    env = {"ONCOPOS_DATA_DIR": str(tmp_path / "data"), "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"),
           "STRIPE_MODE": "test", "ONCOPOS_STRIPE_API_BASE": simulator.url, "ONCOPOS_SECRET_STRIPE_API_KEY": TEST_KEY,
           "MAIL_BACKEND": "file"}
    made = oncopos_as(None, None, "staff", "add", MARC, "--role", "admin", "--db", sqlite_url, stdin=MARC_PW + "\n",
                      env=env)
    assert made.returncode == 0, made.stderr
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine, workstation_id="DESK1")
    enrollment = add_enrollment(factory, price_cents=100_000)
    plans = PlanService(lambda: SqlUnitOfWork(factory), clock=utc_now, rules=load_college_rules(), timezone=TZ,
                        workstation_id="DESK1")
    today = plans.today()
    plans.create_plan(MANAGER, enrollment, lines=[PlanLine(0, DEPOSIT, today + timedelta(days=1), 22_600),
                                                  PlanLine(1, INSTALMENT, today + timedelta(days=30), 90_400)])
    engine.dispose()

    due = oncopos_as(MARC, MARC_PW, "plans", "due", "--db", sqlite_url, env=env)
    assert due.returncode == 0, due.stderr
    assert due.stdout.strip().splitlines()[-1] == "1 instalment(s) due within 7 day(s) or overdue."
    assert "$226.00" in due.stdout and "Deposit" in due.stdout

    sent = oncopos_as(MARC, MARC_PW, "plans", "remind", "--db", sqlite_url, env=env)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "1 reminder(s) queued, 0 instalment(s) paid through their link; mail: 1 sent" in sent.stdout
    [eml] = (tmp_path / "data" / "training-inbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None
    text = str(body.get_content())  # type: ignore[attr-defined]
    assert "deposit of $226.00" in text
    url = re.search(r"(http\S+/pay/\S+)", text)
    assert url, text
    page = requests.post(url.group(1), data={"number": "4242424242424242", "expiry": "12/40", "cvc": "123",
                                             "name": "Ada Student", "postal_code": "M5V 2T6"}, timeout=5)
    assert page.status_code == 200

    again = oncopos_as(MARC, MARC_PW, "plans", "remind", "--db", sqlite_url, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 reminder(s) queued, 1 instalment(s) paid through their link" in again.stdout
    assert "instalment paid through its reminder link (DESK1-" in again.stdout

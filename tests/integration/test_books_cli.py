"""`oncopos books payouts` and `books export` as a manager runs them: a separate process, the password
on a file descriptor, the Stripe simulator over HTTP, a real SQLite database."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from pathlib import Path

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.stripe import StripeGateway
from oncopos.domain.gateway import ReaderInfo
from oncopos.simulator import SimulatorHandle
from tests.integration.cli_credentials import oncopos_as
from tests.integration.end_of_day_helpers import TORONTO, Day
from tests.integration.stripe_fixtures import TEST_KEY, pay_key

MARC, MARC_PW = "marc", "the manager's passphrase"


def test_payouts_and_the_journal_from_the_command_line(sqlite_url: str, tmp_path: Path, simulator: SimulatorHandle,
                                                        gateway: StripeGateway, reader: ReaderInfo) -> None:
    env = {"ONCOPOS_DATA_DIR": str(tmp_path / "data"), "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"),
           "STRIPE_MODE": "test", "ONCOPOS_STRIPE_API_BASE": simulator.url, "ONCOPOS_SECRET_STRIPE_API_KEY": TEST_KEY,
           "BUSINESS_TIMEZONE": "America/Toronto"}
    made = oncopos_as(None, None, "staff", "add", MARC, "--role", "admin", "--name", "Marc Admin",
                      "--db", sqlite_url, stdin=MARC_PW + "\n", env=env)
    assert made.returncode == 0, made.stderr
    engine = make_engine(sqlite_url)
    day = Day(engine, tmp_path / "documents")
    day.clock.now = utc_now()
    local_id = uuid.uuid4()
    started = gateway.start_reader_payment(local_id, 1_130_00, reader.id, {}, pay_key(local_id))
    gateway.present_test_card(reader.id)
    pi = gateway.payment_intent(started.payment_intent_id)
    day.payment(day.enrollment("ON", 1_000_00), 1_130_00, utc_now(), payment_id=local_id, intent=pi.id,
                charge=pi.charge_id)
    engine.dispose()
    simulator.advance_clock(4 * 86400)
    today = utc_now().astimezone(TORONTO).date()
    period = ["--from", today.isoformat(), "--to", (today + timedelta(days=7)).isoformat(), "--db", sqlite_url]

    payouts = oncopos_as(MARC, MARC_PW, "books", "payouts", *period, env=env)
    assert payouts.returncode == 0, payouts.stdout + payouts.stderr
    assert "$1,100.52 to the bank" in payouts.stdout, payouts.stdout  # 113000 - 2948
    assert pi.charge_id in payouts.stdout and "matched" in payouts.stdout
    assert "1 payout(s), $1,100.52 paid out; 0 of ours in no payout" in payouts.stdout

    out = tmp_path / "journal.csv"
    exported = oncopos_as(MARC, MARC_PW, "books", "export", "--format", "xero", "--out", str(out), *period, env=env)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert "2 journal entries" in exported.stdout and str(out) in exported.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert sum(int(r["*Amount"].replace(".", "")) for r in rows) == 0

    refused = oncopos_as(MARC, MARC_PW, "books", "export", "--format", "lotus", "--out", str(out), *period, env=env)
    assert refused.returncode == 2 and "invalid choice: 'lotus'" in refused.stderr
    backwards = oncopos_as(MARC, MARC_PW, "books", "payouts", "--from", today.isoformat(), "--to",
                           (today - timedelta(days=3)).isoformat(), "--db", sqlite_url, env=env)
    assert backwards.returncode != 0 and "Swap the two dates" in backwards.stderr

"""`oncopos staff` and `oncopos audit` as an operator runs them: separate processes, real databases."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]


def oncopos(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "oncopos", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_staff_add_reads_the_password_from_stdin_and_lists_accounts(db_url: str) -> None:
    added = oncopos("staff", "add", "Rita.Cote", "--role", "registrar", "--name", "Rita Côté", "--db", db_url,
                    stdin="maple syrup at dawn\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Created registrar rita.cote (Rita Côté)."
    again = oncopos("staff", "add", "rita.cote", "--role", "manager", "--db", db_url, stdin="another long one!\n")
    assert again.returncode == 1
    assert again.stderr.strip() == "oncopos: The user name rita.cote is already taken; choose another one."
    short = oncopos("staff", "add", "marc", "--role", "manager", "--db", db_url, stdin="short\n")
    assert short.returncode == 1 and "has 5 characters; use at least 12" in short.stderr
    listing = oncopos("staff", "list", "--db", db_url)
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == ["rita.cote  registrar  active       Rita Côté"]
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.scalar(sa.text("SELECT password_hash FROM staff"))
        details = conn.scalar(sa.text("SELECT details FROM audit_events WHERE action = 'staff.created'"))
    engine.dispose()
    assert stored.startswith("$argon2id$") and "maple" not in stored
    assert "command line" in str(details) and "maple" not in str(details)

    reset = oncopos("staff", "passwd", "rita.cote", "--db", db_url, stdin="new spring leaves\n")
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.strip() == "New password set for rita.cote; they can sign in with it now."
    off = oncopos("staff", "deactivate", "rita.cote", "--db", db_url)
    assert off.returncode == 0, off.stderr
    assert oncopos("staff", "list", "--db", db_url).stdout.split()[:3] == ["rita.cote", "registrar", "deactivated"]
    missing = oncopos("staff", "passwd", "nobody", "--db", db_url, stdin="new spring leaves\n")
    assert missing.returncode == 1 and missing.stderr.strip() == "oncopos: There is no staff account nobody."


def test_audit_verify_exit_codes_and_export(db_url: str, tmp_path: Path) -> None:
    for name in ("rita", "remi"):
        assert oncopos("staff", "add", name, "--role", "registrar", "--db", db_url, stdin="maple syrup at dawn\n").returncode == 0
    intact = oncopos("audit", "verify", "--db", db_url)
    assert intact.returncode == 0, intact.stderr
    # No keyring in this subprocess: the chain is not keyed, and verify says so before its summary.
    assert intact.stdout.splitlines() == [
        "This desk's chain (DESK1) is not keyed (no audit_chain_key in a keyring here): only the central copy anchors it.",
        "Audit trail intact: 2 events on 1 workstation.",
    ]

    out = tmp_path / "audit.csv"
    exported = oncopos("audit", "export", "--out", str(out), "--from", "2020-01-01", "--db", db_url)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == ["audit.verified", "staff.created", "staff.created"]
    bad_date = oncopos("audit", "export", "--out", str(out), "--from", "26/11/2026", "--db", db_url)
    assert bad_date.returncode == 1
    assert bad_date.stderr.strip() == "oncopos: --from '26/11/2026' is not a date; use YYYY-MM-DD, e.g. 2026-11-26."

    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET details = :d WHERE sequence = 2"), {"d": '{"role": "admin"}'})
    engine.dispose()
    tampered = oncopos("audit", "verify", "--db", db_url)
    assert tampered.returncode == 3
    lines = tampered.stdout.splitlines()
    assert lines[0].startswith("DESK1 #2: changed: the event (staff.created,")
    assert lines[-1] == "Audit trail TAMPERED: 1 problem in 4 events on 1 workstation."

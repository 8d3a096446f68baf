"""`oncopos staff` and `oncopos audit` as an operator runs them: separate processes, real databases.

Every change is made by a signed-in administrator (or, for the audit export, a manager), and the
audit trail names that person; only the first administrator of an empty system needs no one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from tests.integration.cli_credentials import oncopos_as

ADA, ADA_PW = "ada", "the admin's own passphrase"


def oncopos(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return oncopos_as(None, None, *args, stdin=stdin)


def first_admin(db_url: str) -> None:
    made = oncopos("staff", "add", ADA, "--role", "admin", "--name", "Ada Admin", "--db", db_url, stdin=ADA_PW + "\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Created admin ada (Ada Admin)."


def test_staff_add_reads_the_password_from_stdin_and_lists_accounts(db_url: str) -> None:
    first_admin(db_url)
    added = oncopos_as(ADA, ADA_PW, "staff", "add", "Rita.Cote", "--role", "registrar", "--name", "Rita Côté",
                       "--db", db_url, stdin="maple syrup at dawn\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Created registrar rita.cote (Rita Côté)."
    again = oncopos_as(ADA, ADA_PW, "staff", "add", "rita.cote", "--role", "manager", "--db", db_url,
                       stdin="another long one!\n")
    assert again.returncode == 1
    assert again.stderr.strip() == "oncopos: The user name rita.cote is already taken; choose another one."
    short = oncopos_as(ADA, ADA_PW, "staff", "add", "marc", "--role", "manager", "--db", db_url, stdin="short\n")
    assert short.returncode == 1 and "has 5 characters; use at least 12" in short.stderr
    listing = oncopos("staff", "list", "--db", db_url)
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == ["ada        admin      active       Ada Admin",
                                           "rita.cote  registrar  active       Rita Côté"]
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.scalar(sa.text("SELECT password_hash FROM staff WHERE username = 'rita.cote'"))
        created = conn.execute(sa.text(
            "SELECT s.username, e.details FROM audit_events e JOIN staff s ON s.id = e.staff_id "
            "WHERE e.action = 'staff.created' ORDER BY e.sequence")).all()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "maple" not in stored
    # ada made herself (the first run), then the registrar from the command line; no password in the trail.
    assert [row.username for row in created] == ["ada", "ada"]
    assert "first_run" in str(created[0].details)
    assert "command line" in str(created[1].details) and "maple" not in str(created[1].details)

    reset = oncopos_as(ADA, ADA_PW, "staff", "passwd", "rita.cote", "--db", db_url, stdin="new spring leaves\n")
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.strip() == "New password set for rita.cote; they can sign in with it now."
    off = oncopos_as(ADA, ADA_PW, "staff", "deactivate", "rita.cote", "--db", db_url)
    assert off.returncode == 0, off.stderr
    assert oncopos("staff", "list", "--db", db_url).stdout.splitlines()[1].split()[:3] == [
        "rita.cote", "registrar", "deactivated"]
    missing = oncopos_as(ADA, ADA_PW, "staff", "passwd", "nobody", "--db", db_url, stdin="new spring leaves\n")
    assert missing.returncode == 1 and missing.stderr.strip() == "oncopos: There is no staff account nobody."


def test_audit_verify_exit_codes_and_export(db_url: str, tmp_path: Path) -> None:
    first_admin(db_url)
    for name in ("rita", "remi"):
        made = oncopos_as(ADA, ADA_PW, "staff", "add", name, "--role", "registrar", "--db", db_url,
                          stdin="maple syrup at dawn\n")
        assert made.returncode == 0, made.stderr
    # the first admin (created, signed in), then per command: ada signs in and creates someone.
    actions = ["staff.created", "staff.signed_in"] + ["staff.signed_in", "staff.created"] * 2
    intact = oncopos("audit", "verify", "--db", db_url)
    assert intact.returncode == 0, intact.stderr
    # No keyring in this subprocess: the chain is not keyed, and verify says so before its summary.
    assert intact.stdout.splitlines() == [
        "This desk's chain (DESK1) is not keyed (no audit_chain_key in a keyring here): only the central copy anchors it.",
        f"Audit trail intact: {len(actions)} events on 1 workstation.",
    ]

    out = tmp_path / "audit.csv"
    exported = oncopos_as(ADA, ADA_PW, "audit", "export", "--out", str(out), "--from", "2020-01-01", "--db", db_url)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # newest first; verify wrote nothing, the export's own sign-in is there.
    assert [r["action"] for r in rows] == ["staff.signed_in", *reversed(actions)]
    bad_date = oncopos_as(ADA, ADA_PW, "audit", "export", "--out", str(out), "--from", "26/11/2026", "--db", db_url)
    assert bad_date.returncode == 1
    assert bad_date.stderr.strip() == "oncopos: --from '26/11/2026' is not a date; use YYYY-MM-DD, e.g. 2026-11-26."

    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET details = :d WHERE sequence = 3"), {"d": '{"role": "admin"}'})
    engine.dispose()
    tampered = oncopos("audit", "verify", "--db", db_url)
    assert tampered.returncode == 3
    lines = tampered.stdout.splitlines()
    assert lines[0].startswith("DESK1 #3: changed: the event (staff.signed_in,")
    assert lines[-1] == f"Audit trail TAMPERED: 1 problem in {len(actions) + 2} events on 1 workstation."

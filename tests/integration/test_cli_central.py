"""Commands run from a desk against the central database act as themselves.

A check that only reads writes nothing there; a change an administrator makes there is the
central database's own (its CENTRAL chain, its change log), so the desk's chain on the central
database stays the desk's and its next sync goes through.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tests.integration.cli_credentials import oncopos_as

ADA, ADA_PW = "ada", "the admin's own passphrase"


def _desk(tmp_path: Path, central: str) -> dict[str, str]:
    return {"WORKSTATION_ID": "DESK1", "INVOICE_SERIES": "D1", "ONCOPOS_CENTRAL_URL": central,
            "ONCOPOS_DATA_DIR": str(tmp_path / "desk"), "ONCOPOS_DB_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
            "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml")}


def _chains(url: str) -> dict[str, tuple[int, int]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT workstation_id, count(*), max(sequence) FROM audit_events "
                                    "GROUP BY workstation_id")).all()
    engine.dispose()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


def _sync(env: dict[str, str]) -> None:
    result = oncopos_as(None, None, "sync", "--once", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_and_staff_changes_against_the_central_database(tmp_path: Path, pg_url: str) -> None:
    env = _desk(tmp_path, pg_url)
    setup = oncopos_as(None, None, "central", "setup", "--central", pg_url, env=env)
    assert setup.returncode == 0, setup.stderr
    made = oncopos_as(None, None, "staff", "add", ADA, "--role", "admin", stdin=ADA_PW + "\n", env=env)
    assert made.returncode == 0, made.stderr
    _sync(env)
    pushed = _chains(pg_url)
    assert pushed["DESK1"] == (2, 2)

    # a verify from the desk against the central database: intact, and nothing written there
    checked = oncopos_as(None, None, "audit", "verify", "--db", pg_url, env=env)
    assert checked.returncode == 0, checked.stderr
    assert "intact" in checked.stdout
    assert _chains(pg_url) == pushed

    # an administrator adds a registrar at the central database: under its own chain, in its change log
    added = oncopos_as(ADA, ADA_PW, "staff", "add", "rita", "--role", "registrar", "--db", pg_url,
                       stdin="the registrar's passphrase\n", env=env)
    assert added.returncode == 0, added.stderr
    after = _chains(pg_url)
    assert after["DESK1"] == pushed["DESK1"], "the desk's chain on the central database is the desk's alone"
    assert after["CENTRAL"][0] >= 2  # ada's sign-in and the new account
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        logged = conn.scalar(sa.text("SELECT count(*) FROM central_changes c JOIN staff s ON s.id = c.row_id "
                                     "WHERE s.username = 'rita' AND c.workstation_id = 'CENTRAL'"))
        outbox = conn.scalar(sa.text("SELECT count(*) FROM sync_outbox"))
    engine.dispose()
    assert logged == 1 and outbox == 0

    # the desk goes on: more of its own events, a sync that goes through, the new account pulled
    again = oncopos_as(ADA, ADA_PW, "staff", "add", "marc", "--role", "manager", stdin="the manager's passphrase\n",
                       env=env)
    assert again.returncode == 0, again.stderr
    _sync(env)
    listing = oncopos_as(None, None, "staff", "list", env=env)
    assert [line.split()[0] for line in listing.stdout.splitlines()] == ["ada", "marc", "rita"]
    for db in (pg_url, env["ONCOPOS_DB_URL"]):
        verified = oncopos_as(None, None, "audit", "verify", "--db", db, env=env)
        assert verified.returncode == 0, verified.stdout + verified.stderr


def test_desk_commands_refuse_the_central_database(tmp_path: Path, pg_url: str) -> None:
    env = _desk(tmp_path, pg_url)
    for args in (("reconcile",), ("mail", "deliver"), ("demo", "seed")):
        result = oncopos_as(None, None, *args, "--db", pg_url, env=env)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == (f"oncopos: oncopos {' '.join(args)} works on a desk's own database, not on the "
                                         "central database: run it on the desk without --db (or with that desk's "
                                         "ONCOPOS_DB_URL).")

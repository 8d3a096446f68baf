"""`oncopos t2202 ...` as an operator runs it: a separate process, the person's password on a file
descriptor, the SIN on another (never an argument), the school's key from the test keyring override."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.fernet import Fernet

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.session import make_session_factory
from tests.integration.cli_credentials import oncopos_as
from tests.tuition_support import GOOD_SIN, add_student, add_study, pay

MONA, MONA_PW = "mona", "the manager's passphrase"


def test_a_year_from_the_command_line(sqlite_url: str, tmp_path: Path) -> None:
    env = {"ONCOPOS_DATA_DIR": str(tmp_path / "data"), "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"),
           "MAIL_BACKEND": "file", "T2202_ACCOUNT": "123456789RZ0001", "T2202_CONTACT_NAME": "Mona Registrar",
           "ONCOPOS_SECRET_SIN_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    made = oncopos_as(None, None, "staff", "add", MONA, "--role", "admin", "--db", sqlite_url, stdin=MONA_PW + "\n",
                      env=env)
    assert made.returncode == 0, made.stderr
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine, workstation_id="DESK1")
    ada = add_student(factory)
    course = add_study(factory, ada, name="Oncology Aesthetics Diploma", starts=date(2025, 1, 13),
                       ends=date(2025, 6, 27), minutes_per_week=25 * 60, price_cents=910_000)
    pay(factory, course, 910_000, at=datetime(2025, 1, 6, 15, tzinfo=UTC))
    with engine.connect() as conn:
        number = conn.exec_driver_sql("SELECT student_number FROM students").scalar_one()
    engine.dispose()

    blocked = oncopos_as(MONA, MONA_PW, "t2202", "issue", "2025", "--db", sqlite_url, env=env)
    assert blocked.returncode == 1 and "No social insurance number: ask the student for it." in blocked.stderr
    bad = oncopos_as(MONA, MONA_PW, "t2202", "sin", number, "--sin-fd", "0", "--db", sqlite_url, stdin="130692545\n",
                     env=env)
    assert bad.returncode != 0 and "not a valid social insurance number" in bad.stderr
    given = oncopos_as(MONA, MONA_PW, "t2202", "sin", number, "--sin-fd", "0", "--consent", "yes", "--db", sqlite_url,
                       stdin=GOOD_SIN + "\n", env=env)
    assert given.returncode == 0, given.stderr
    assert "*** *** 544" in given.stdout and "agrees to receive slips by email" in given.stdout

    listed = oncopos_as(MONA, MONA_PW, "t2202", "year", "2025", "--db", sqlite_url, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "$9,100.00" in listed.stdout and "FT  6" in listed.stdout and "next: original" in listed.stdout
    assert "filing deadline 2026-03-02" in listed.stdout  # Feb 28, 2026 is a Saturday
    issued = oncopos_as(MONA, MONA_PW, "t2202", "issue", "2025", "--db", sqlite_url, env=env)
    assert issued.returncode == 0 and "1 slip(s) issued" in issued.stdout, issued.stderr
    slip_id = issued.stdout.split()[1]

    out = tmp_path / "t2202-2025.xml"
    filed = oncopos_as(MONA, MONA_PW, "t2202", "return", "2025", "--out", str(out), "--db", sqlite_url, env=env)
    assert filed.returncode == 0, filed.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    root = ET.fromstring(out.read_bytes())
    assert root.findtext("./Return/T2202/T2202Slip/SocialInsuranceNumber") == "130692544"
    assert root.findtext("./Return/T2202/T2202Summary/ContactInformation/ContactName") == "Mona Registrar"

    pdf = tmp_path / "slip.pdf"
    printed = oncopos_as(MONA, MONA_PW, "t2202", "pdf", slip_id, "--out", str(pdf), "--lang", "fr", "--db", sqlite_url,
                         env=env)
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    for run in (blocked, given, listed, issued, filed, printed):
        assert "130692544" not in run.stdout + run.stderr and GOOD_SIN not in run.stdout + run.stderr

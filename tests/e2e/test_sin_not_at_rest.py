"""A student's SIN, given at a training desk and carried through a year's slips, the return and the
emailed PDF, is nowhere readable in the desk's data folder: not in the database (or its WAL), the
logs, the stored documents nor the training inbox. The return file holds it, because CRA needs it,
and only where the manager writes it."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from oncopos.config import load_settings
from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
from oncopos.logs import PAYMENT_LOG, SECURITY_LOG, configure_logging
from oncopos.selfcheck import SelfCheck
from tests.tuition_support import GOOD_SIN, add_student, add_study, pay

DIGITS = GOOD_SIN.replace(" ", "")
# The SIN as one run of nine digits, or in groups of three with a space, a hyphen or a dot.
FOUND = re.compile(r"(?<!\d)130[ .\-]?692[ .\-]?544(?!\d)")


def test_the_scanner_finds_what_it_looks_for() -> None:
    assert FOUND.findall("sin=130692544, 130 692 544 and 130-692-544") == ["130692544", "130 692 544", "130-692-544"]
    assert not FOUND.search("9130692544 or 1306925441")


def test_no_sin_at_rest_after_a_year_end(tmp_path: Path) -> None:
    run = SelfCheck(settings=load_settings().model_copy(update={"t2202_account": "123456789RZ0001"}), workdir=tmp_path)
    context = run.training_context()
    data_dir = context.settings.data_dir
    configure_logging(context.settings.logs_dir)
    try:
        manager = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "manager")
        actor = context.staff.sign_in(manager, TRAINING_PASSWORD)
        ada = add_student(context.session_factory, email="ada.sin@example.ca")
        course = add_study(context.session_factory, ada, name="Oncology Aesthetics Diploma", starts=date(2025, 1, 13),
                           ends=date(2025, 6, 27), minutes_per_week=25 * 60, price_cents=910_000)
        pay(context.session_factory, course, 910_000, at=datetime(2025, 1, 6, 15, tzinfo=UTC))
        slips = context.tuition_slips
        assert slips.record_sin(actor, ada, GOOD_SIN) == "*** *** 544"
        slips.record_email_consent(actor, ada, True)
        [slip] = slips.issue(actor, 2025, [ada]).issued
        assert slips.deliver_year(actor, 2025).emailed == (slip,)
        assert context.mail_outbox is not None
        context.mail_outbox.deliver_pending()
        filed = slips.make_return(actor, 2025)
        dump = _database_dump(context.engine)
    finally:
        run.close()
        for name in ("", PAYMENT_LOG, SECURITY_LOG):
            for handler in list(logging.getLogger(name).handlers):
                if getattr(handler, "_oncopos", False) or name:
                    handler.flush()
                    logging.getLogger(name).removeHandler(handler)
                    handler.close()

    assert DIGITS.encode() in filed.xml  # CRA's copy, handed to the manager only, never kept
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files) and any(p.suffix == ".eml" for p in files)
    for path in files:
        assert not FOUND.search(path.read_bytes().decode("latin-1")), f"SIN in {path}"
    assert not FOUND.search(dump), "SIN in the database"
    assert "*** *** 544" not in dump  # not even its masked form is kept: it is made from the token when shown


def _database_dump(engine: sa.Engine) -> str:
    parts = []
    with engine.connect() as conn:
        for table in sa.inspect(engine).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)

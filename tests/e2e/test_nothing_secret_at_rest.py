"""After a whole training day at a desk, nothing secret is at rest in its data folder.

A registrar takes a card payment confirmed by an emailed code, a manager refunds part of it, the
emails are delivered to the training inbox, and the logs are written as in the app. Then every
file of the data folder (the SQLite database and its WAL, logs, invoices, emails) is scanned for
card numbers (Luhn-valid runs of 13 to 19 digits with a card network's prefix, test cards
included) and API keys, and the logs and a dump of every database value for the one-time code.
The training inbox is the student's mailbox: the code is meant to be there, and only there.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import sqlalchemy as sa

from oncopos.config import load_settings
from oncopos.domain.checks import luhn_valid
from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
from oncopos.logs import PAYMENT_LOG, SECURITY_LOG, configure_logging
from oncopos.selfcheck import SelfCheck, _code_from_training_inbox, check_payment

# Visa, Mastercard (51-55 and 2221-2720), Amex, Discover, Diners, JCB, UnionPay, Interac test cards;
# written as one run of digits or in groups of four. A run inside a longer word (a hexadecimal id
# in the database file) is not a card number.
PREFIX = r"(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|35|6)"
CARD = re.compile(rf"(?<![0-9A-Za-z]){PREFIX}\d{{11,17}}(?![0-9A-Za-z])")
GROUPED = re.compile(rf"(?<![0-9A-Za-z]){PREFIX}\d{{2,3}}(?:[ -]\d{{4}}){{2}}[ -]\d{{3,7}}(?![0-9A-Za-z])")
# Python's email package separates MIME parts with "=" * 15 + a random 19-digit number + "==";
# about one in ten of those numbers passes the Luhn check, so boundaries are taken out first.
MIME_BOUNDARY = re.compile(r"={15}\d{1,20}==")
# Its Message-IDs (email.utils.make_msgid) are <time.pid.random 64-bit number@domain>: the same odds.
MESSAGE_ID = re.compile(r"<\d+\.\d+\.\d+@[^<>\s]+>")
KEY = re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,}")


def card_numbers(text: str) -> list[str]:
    text = MESSAGE_ID.sub("", MIME_BOUNDARY.sub("", text))
    found = CARD.findall(text) + [re.sub(r"[ -]", "", m) for m in GROUPED.findall(text)]
    return [m for m in found if 13 <= len(m) <= 19 and luhn_valid(m)]


def test_the_scanner_finds_what_it_looks_for() -> None:
    assert card_numbers("card=4242424242424242; 4000000000009995 5555555555554444 378282246310005") == [
        "4242424242424242", "4000000000009995", "5555555555554444", "378282246310005",
    ]
    assert card_numbers("typed 4242 4242 4242 4242 or 4242-4242-4242-4242") == ["4242424242424242"] * 2
    assert card_numbers("order 4242424242424241 of 1234567890123, id a4242424242424242f") == []
    # A MIME boundary whose random number happens to pass the Luhn check is not a card number.
    assert card_numbers('boundary="===============2659993704770064308=="') == []
    # Nor a Message-ID's random part (one that failed a run: 2672537353012170238 passes the Luhn check).
    assert card_numbers("Message-ID: <179632812244.22694.2672537353012170238@oncoone.example>") == []
    assert card_numbers("Message-ID: <x@oncoone.example> 4242424242424242") == ["4242424242424242"]
    assert KEY.search("key=rk_live_" + "51Habcdefghijklmnopq") and not KEY.search("sk_test_training")


def test_nothing_secret_at_rest_after_a_training_day(tmp_path: Path) -> None:
    settings = load_settings()
    run = SelfCheck(settings=settings, workdir=tmp_path)
    context = run.training_context()
    data_dir = context.settings.data_dir
    configure_logging(context.settings.logs_dir)
    try:
        started = time.time()
        check_payment(run)  # code by email, card 4242 4242 4242 4242 on the reader, invoice
        code = _code_from_training_inbox(context.settings.training_inbox_dir, started)
        manager = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "manager")
        actor = context.staff.sign_in(manager, TRAINING_PASSWORD)
        with context.engine.connect() as conn:
            payment_id = conn.execute(
                sa.text("SELECT id FROM payments WHERE status = 'succeeded' AND workstation_id = :w"),
                {"w": context.settings.workstation_id},
            ).scalar_one()
        context.refunds().refund(actor, _uuid(payment_id), 1_000, "requested_by_customer")
        assert context.mail_outbox is not None
        context.mail_outbox.deliver_pending()
        dump = _database_dump(context.engine)
    finally:
        run.close()
        for name in ("", PAYMENT_LOG, SECURITY_LOG):
            for handler in list(logging.getLogger(name).handlers):
                if getattr(handler, "_oncopos", False) or name:
                    handler.flush()
                    logging.getLogger(name).removeHandler(handler)
                    handler.close()

    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files) and any(p.name == "payment.log" for p in files)
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".eml" for p in files)
    for path in files:
        text = path.read_bytes().decode("latin-1")
        assert card_numbers(text) == [], f"card number in {path}"
        assert not KEY.search(text), f"API key in {path}"
    code_token = re.compile(rf"(?<!\d){code}(?!\d)")
    for log_file in (data_dir / "logs").glob("*.log*"):
        assert not code_token.search(log_file.read_text(encoding="utf-8")), f"one-time code in {log_file}"
    assert not code_token.search(dump), "one-time code in the database"
    assert card_numbers(dump) == []


def _database_dump(engine: sa.Engine) -> str:
    """Every value of every table, as text."""
    parts = []
    with engine.connect() as conn:
        for table in sa.inspect(engine).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _uuid(value: object):  # type: ignore[no-untyped-def]
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

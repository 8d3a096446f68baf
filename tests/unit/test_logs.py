from __future__ import annotations

import logging
from pathlib import Path

import pytest

from oncopos.domain.checks import luhn_valid
from oncopos.domain.redaction import redact
from oncopos.logs import PAYMENT_LOG, SECURITY_LOG, configure_logging


@pytest.mark.parametrize(
    "number",
    ["4242424242424242", "4242 4242 4242 4242", "4242-4242-4242-4242", "378282246310005", "4506445006931933"],
)
def test_card_numbers_are_masked_to_last_four(number: str) -> None:
    masked = redact(f"customer typed {number} by mistake")
    assert number not in masked
    assert "••••" + number.replace(" ", "").replace("-", "")[-4:] in masked


def test_numbers_that_are_not_cards_stay() -> None:
    # Not Luhn-valid, or too short: amounts, ids and phone numbers must stay readable.
    text = "payment 4242424242424241 of 125000 cents for +14165550123"
    assert redact(text) == text


def test_codes_keys_and_passwords_are_masked() -> None:
    text = (
        "sent code 493817 then OTP: 12345678 with sk_live_" "51Habcdef0123456789 "
        "rk_test_abcDEF123 whsec_abc123 password=hunter2hunter2 postgresql://u:s3cret@db/x"
    )
    masked = redact(text)
    for secret in ("493817", "12345678", "51Habcdef0123456789", "abcDEF123", "whsec_abc123", "hunter2", "s3cret"):
        assert secret not in masked, secret
    assert "sk_live_[redacted]" in masked and "rk_test_[redacted]" in masked


def test_luhn() -> None:
    assert luhn_valid("4242424242424242")
    assert not luhn_valid("4242424242424241")


def test_channels_write_their_own_files_and_mask_tracebacks(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    try:
        logging.getLogger(PAYMENT_LOG).info("payment %s started", "p-1")
        logging.getLogger(SECURITY_LOG).warning("code 123456 sent to student")
        try:
            raise ValueError("card 4242424242424242 refused")
        except ValueError:
            logging.getLogger("oncopos.test").exception("failed")
        for handler in logging.getLogger().handlers + logging.getLogger(PAYMENT_LOG).handlers:
            handler.flush()
        payment = (tmp_path / "payment.log").read_text(encoding="utf-8")
        security = (tmp_path / "security.log").read_text(encoding="utf-8")
        app = (tmp_path / "app.log").read_text(encoding="utf-8")
        assert "payment p-1 started" in payment
        assert "123456" not in security and "code [redacted]" in security
        assert "4242424242424242" not in app and "••••4242" in app
    finally:
        for name in ("", PAYMENT_LOG, SECURITY_LOG):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if getattr(handler, "_oncopos", False) or name:
                    logger.removeHandler(handler)
                    handler.close()

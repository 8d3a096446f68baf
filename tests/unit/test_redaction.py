"""Secrets never reach a message or a log line: the configuration error that echoes a refused
value, a user-facing error built from a library's text, and every log file go through one
redaction function."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from oncopos.domain.errors import ConfigurationError, UserFacingError
from oncopos.domain.redaction import redact
from oncopos.logs import SECURITY_LOG, configure_logging

# A password as people paste them: with '@', '/' and ':' left unencoded.
CENTRAL_PASSWORD = "Tr0ub4dor/c@ntral:x"
CENTRAL_URL = f"mysql+pymysql://oncopos:{CENTRAL_PASSWORD}@db.example.ca:5432/oncopos"


def test_a_refused_central_url_is_echoed_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from oncopos.config import load_settings

    monkeypatch.setenv("ONCOPOS_CENTRAL_URL", CENTRAL_URL)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("Configuration error: ONCOPOS_CENTRAL_URL='mysql+pymysql://oncopos:[redacted]@db.example.ca")
    for piece in ("Tr0ub4dor", "c@ntral", "ntral:x"):
        assert piece not in message, piece


def test_an_unparseable_database_url_is_echoed_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from oncopos.config import load_settings

    monkeypatch.setenv("ONCOPOS_DB_URL", "not a url://admin:hunter2hunter2@host")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert "hunter2" not in str(caught.value)
    assert "ONCOPOS_DB_URL" in str(caught.value) or "DB_URL" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"could not connect to {CENTRAL_URL}", "c@ntral"),
        ("using key sk_" "org_0123456789abcdefABCDEF", "0123456789abcdef"),
        ("restricted rk_" "0123456789abcdefghij", "0123456789abcdef"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJhbGci"),
        ("refresh with token=ab12cd34ef56 now", "ab12cd34ef56"),
        ("api_key: KEY0123456789", "KEY0123456789"),
        ("central password='s3cret pass'", "s3cret"),
    ],
)
def test_credentials_are_redacted(text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert "[redacted]" in redact(text)


def test_redaction_leaves_ordinary_text_and_is_stable() -> None:
    text = "refund -120.00 of payment 4242424242424241 at https://api.stripe.com/v1/refunds for rita@example.ca"
    assert redact(text) == text
    once = redact(f"failed: {CENTRAL_URL} token=abcdef123456")
    assert redact(once) == once


def test_a_user_facing_error_never_shows_a_password() -> None:
    error = UserFacingError(f"The central database at {CENTRAL_URL} did not answer; try again later.")
    assert CENTRAL_PASSWORD not in str(error) and "c@ntral" not in str(error)
    assert "db.example.ca:5432/oncopos did not answer" in str(error)


def test_the_central_url_password_never_reaches_a_log_file(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    try:
        logging.getLogger(SECURITY_LOG).warning("sync to %s failed", CENTRAL_URL)
        try:
            raise ConnectionError(f"connection refused: {CENTRAL_URL}")
        except ConnectionError:
            logging.getLogger("oncopos.sync").exception("sync failed")
        for handler in logging.getLogger().handlers + logging.getLogger(SECURITY_LOG).handlers:
            handler.flush()
        for name in ("app.log", "security.log"):
            text = (tmp_path / name).read_text(encoding="utf-8")
            assert "db.example.ca" in text
            assert "Tr0ub4dor" not in text and "c@ntral" not in text, name
    finally:
        for name in ("", SECURITY_LOG):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if getattr(handler, "_oncopos", False) or name:
                    logger.removeHandler(handler)
                    handler.close()


def test_sqlalchemy_own_mask_is_kept() -> None:
    text = "cannot reach the database postgresql+psycopg://desk:***@127.0.0.1:9/oncopos"
    assert redact(text) == text

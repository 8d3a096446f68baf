"""Logging, configured once at start-up: app.log, payment.log and security.log, rotating.

Every line passes through a masking formatter, so a card number (anything Luhn-valid of 12 to 19
digits), a one-time code or an API key that slips into a message or a traceback never reaches a
file. Modules log with `logging.getLogger(__name__)`; payment and security events go to the two
channels below as well.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import time
from pathlib import Path

PAYMENT_LOG = "oncopos.payment"
SECURITY_LOG = "oncopos.security"

_CARD_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")
_KEY = re.compile(r"\b((?:sk|rk|pk)_(?:live|test)_|whsec_)[A-Za-z0-9]+")
_CODE = re.compile(r"(?i)\b(code|otp|passcode|one-time code|pin)(\W{1,3})\d{4,10}\b")
_PASSWORD = re.compile(r"(?i)\b(password|passwd|pwd|secret)(\s*[=:]\s*)\S+")
_URL_PASSWORD = re.compile(r"(\w+://[^:/@\s]+:)[^@/\s]+@")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mask(text: str) -> str:
    """The text with card numbers, codes, keys and passwords replaced by a marker."""

    def card(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if 12 <= len(digits) <= 19 and luhn_valid(digits):
            return "[card ••••" + digits[-4:] + "]"
        return match.group(0)

    text = _CARD_CANDIDATE.sub(card, text)
    text = _KEY.sub(lambda m: m.group(1) + "[redacted]", text)
    text = _CODE.sub(lambda m: m.group(1) + m.group(2) + "[redacted]", text)
    text = _PASSWORD.sub(lambda m: m.group(1) + m.group(2) + "[redacted]", text)
    return _URL_PASSWORD.sub(lambda m: m.group(1) + "[redacted]@", text)


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def configure_logging(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> None:
    """Send logs to rotating files under `log_dir` (and to stderr when `console`)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    formatter = MaskingFormatter(_FORMAT)
    formatter.converter = time.gmtime  # UTC timestamps, like everything stored
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_oncopos", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)

    def rotating(name: str) -> logging.Handler:
        handler = logging.handlers.RotatingFileHandler(
            log_dir / name, maxBytes=5_000_000, backupCount=10, encoding="utf-8"
        )
        handler.setFormatter(formatter)
        handler._oncopos = True  # type: ignore[attr-defined]
        return handler

    root.addHandler(rotating("app.log"))
    for channel, filename in ((PAYMENT_LOG, "payment.log"), (SECURITY_LOG, "security.log")):
        logger = logging.getLogger(channel)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        logger.addHandler(rotating(filename))
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream._oncopos = True  # type: ignore[attr-defined]
        root.addHandler(stream)

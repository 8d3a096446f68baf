"""Logging, configured once at start-up: app.log, payment.log and security.log, rotating.

Every line passes through a masking formatter (oncopos.domain.redaction.redact), so a card number,
a one-time code, an API key, a token or a URL's password that slips into a message or a traceback
never reaches a file. Modules log with `logging.getLogger(__name__)`; payment and security events
go to the two channels below as well.
"""

from __future__ import annotations

import logging
import logging.handlers
import time
from pathlib import Path

from oncopos.domain.redaction import redact

PAYMENT_LOG = "oncopos.payment"
SECURITY_LOG = "oncopos.security"


class MaskingFormatter(logging.Formatter):
    """Every formatted line, traceback included, through the one redaction function."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


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

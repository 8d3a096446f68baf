"""Printing through CUPS' `lp` command (Linux and macOS).

The PDF goes to `lp` on its standard input, so no copy of an invoice is left in a temporary
file. Every way this can fail (no CUPS client installed, no printer configured, the printer
refused the job) becomes a `PrintError` that says what to do.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess

from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import Message, msg

log = logging.getLogger(__name__)

_JOB = re.compile(r"request id is (\S+)")


class PrintError(UserFacingError):
    """The document could not be sent to a printer."""


class LpPrinter:
    """The Printer port over `lp`. `command` lets tests point at a stand-in program."""

    def __init__(self, command: str = "lp", *, timeout: float = 30.0) -> None:
        self.command = command
        self.timeout = timeout

    def print_pdf(self, data: bytes, *, title: str, printer: str | None = None, media: str | None = None) -> str:
        exe = shutil.which(self.command)
        if exe is None:
            raise PrintError(msg("print.no_cups"))
        args = [exe, "-t", title]
        if printer:
            args += ["-d", printer]
        if media:
            args += ["-o", f"media={media}"]
        args.append("-")  # read the document from standard input
        try:
            done = subprocess.run(args, input=data, capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PrintError(msg("print.timeout")) from None
        except OSError as exc:
            raise PrintError(msg("print.cannot_start", reason=str(exc.strerror or exc))) from None
        output = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        if done.returncode != 0:
            raise PrintError(_explain(output, printer))
        match = _JOB.search(output)
        job = match.group(1) if match else "submitted"
        log.info("%s sent to printer %s as job %s", title, printer or "(default)", job)
        return job


def _explain(output: str, printer: str | None) -> Message:
    lowered = output.lower()
    if "no default destination" in lowered or "no system default destination" in lowered:
        return msg("print.no_default")
    if "does not exist" in lowered or "unknown destination" in lowered or "not found" in lowered:
        return msg("print.no_such_printer", printer=repr(printer))
    if "scheduler is not running" in lowered or "connection refused" in lowered:
        return msg("print.no_cups_service")
    return msg("print.refused", reason=output or msg("print.no_reason"))

"""Printing messages to a terminal, for development. Not a log: the text goes out as is."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from oncopos.services.ports import OutgoingEmail


class ConsoleMailer:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: OutgoingEmail) -> None:
        stream = self._stream or sys.stdout
        names = ", ".join(a.filename for a in message.attachments)
        lines = [
            "-" * 72,
            f"To: {message.to}",
            f"Subject: {message.subject}",
            *([f"Reply-To: {message.reply_to}"] if message.reply_to else []),
            *([f"Attachments: {names}"] if names else []),
            "",
            message.text.rstrip("\n"),
            "-" * 72,
        ]
        with self._lock:  # two threads' messages must not interleave line by line
            stream.write("\n".join(lines) + "\n")
            stream.flush()

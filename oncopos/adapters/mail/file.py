"""The training inbox: each message written as a standard .eml file any mail program can open.

File names start with the UTC time the message was written, then a per-process counter, so a
plain sort by name is the order the messages were sent in.
"""

from __future__ import annotations

import email.policy
import itertools
import logging
import os
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from oncopos.adapters.mail.mime import to_mime
from oncopos.domain.mail import MailNotSent
from oncopos.domain.messages import msg
from oncopos.services.ports import OutgoingEmail

log = logging.getLogger(__name__)


class FileMailer:
    def __init__(self, directory: Path, *, sender_name: str, sender_address: str, clock: Callable[[], datetime]) -> None:
        self.directory = directory
        self._sender_name, self._sender_address = sender_name, sender_address
        self._clock = clock
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, message: OutgoingEmail) -> None:
        now = self._clock()
        mime = to_mime(message, sender_name=self._sender_name, sender_address=self._sender_address, now=now)
        with self._lock:
            number = next(self._counter)
        name = f"{now:%Y%m%dT%H%M%S.%f}Z-{number:06d}-{uuid.uuid4().hex[:6]}.eml"
        target = self.directory / name
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Written aside then renamed, so an inbox view never opens half a message.
            partial = self.directory / (name + ".part")
            partial.write_bytes(mime.as_bytes(policy=email.policy.default))
            os.replace(partial, target)
        except OSError as exc:
            raise MailNotSent(
                msg("mail.training_inbox_unwritable", directory=str(self.directory), exc=exc.strerror or str(exc))
            ) from None
        log.info("email written to the training inbox as %s", target.name)

    def messages(self) -> list[Path]:
        """The inbox's messages, oldest first."""
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.eml"))

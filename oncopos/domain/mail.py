"""Errors of sending email, shared by the mail adapters, the outbox and the services."""

from __future__ import annotations

from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import Message


class MailNotSent(UserFacingError):
    """A message could not be handed to the mail server; the text says what failed and what to do.

    `permanent` is True when trying again cannot help without a change (a refused address, a
    refused login): the outbox then stops retrying at once.
    """

    def __init__(self, message: Message | str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent

"""An `OutgoingEmail` as a MIME message: text and HTML alternatives, attachments, UTF-8 throughout."""

from __future__ import annotations

import email.policy
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from oncopos.services.ports import OutgoingEmail


def to_mime(message: OutgoingEmail, *, sender_name: str, sender_address: str, now: datetime) -> EmailMessage:
    mime = EmailMessage(policy=email.policy.default)
    mime["From"] = formataddr((sender_name, sender_address))
    mime["To"] = message.to
    # The default policy refuses CR/LF in a header value, so a name cannot inject a header.
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(now)
    # The domain given explicitly: make_msgid() would otherwise ask DNS for this computer's name.
    mime["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2] or "oncopos.invalid")
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime.set_content(message.text, charset="utf-8")
    if message.html:
        mime.add_alternative(message.html, subtype="html", charset="utf-8")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        mime.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.filename
        )
    return mime

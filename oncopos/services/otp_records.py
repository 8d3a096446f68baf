"""Plain data the one-time code repository hands to the code service (never an ORM row)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CodeRecipient:
    """Who a code for an enrollment goes to, and what the email names."""

    student_id: uuid.UUID
    student_name: str
    email: str
    language: str  # "en" or "fr"
    course_name: str
    enrollment_status: str


@dataclass(frozen=True, slots=True)
class Challenge:
    """A code sent for one enrollment and amount, as stored: only the HMAC of the code, never the code.

    status: pending, used, expired, failed, locked, superseded or unsent.
    """

    id: uuid.UUID
    student_id: uuid.UUID
    enrollment_id: uuid.UUID
    email: str
    amount_cents: int
    code_hmac: str
    expires_at: datetime
    status: str
    failed_attempts: int

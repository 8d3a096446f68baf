"""The schema, as SQLAlchemy 2 typed models, one module per topic. Alembic migrations under
`migrations/` create it.

Rules kept here:
- Every row that travels between desks has a UUID made where it was created, a `version` and the
  workstation it came from; human numbers (student numbers, invoice numbers) are separate.
- Money is integer cents (BigInteger); time is aware UTC (UTCDateTime).
- Facts (payments, refunds, invoices, audit events) are never deleted; a change of status is a
  new version of the row, announced through the sync outbox.
- Nothing secret is stored: one-time codes only as an HMAC, passwords only as argon2 hashes, cards
  only as brand and last 4.

Import a model from its topic module (`from oncopos.adapters.db.models.payments import Payment`).
Importing any of them runs this package first, which loads every topic module (each imports only
`base` and, for the end-of-day indexes, the modules before it), so `Base.metadata` (what Alembic
and `create_all` see) always holds every table and relationships always find their targets.
"""

from oncopos.adapters.db.models import (
    access,
    audit,
    catalogue,
    end_of_day,
    enrollments,
    invoices,
    messaging,
    payments,
    people,
    plans,
    sync,
    tenders,
    tuition,
)
from oncopos.adapters.db.models.base import Base

__all__ = [
    "Base", "access", "audit", "catalogue", "end_of_day", "enrollments", "invoices", "messaging", "payments",
    "people", "plans", "sync", "tenders", "tuition",
]

"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime in and out, on every database.

    SQLite has no time zones and hands back naive values; PostgreSQL stores timestamptz. Naive
    datetimes are refused on the way in: a naive time is a bug (which zone was meant?).
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: use an aware UTC time")
        value = value.astimezone(UTC)
        # SQLite compares timestamps as text: store them without an offset so they sort.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None or value.tzinfo is UTC:  # PostgreSQL's sessions are on UTC (make_engine)
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def byte_ordered_string(length: int) -> sa.types.TypeEngine[str]:
    """Text compared and sorted by code point on every database, whatever the server's locale.

    Search words are matched with prefix ranges ([word, word + U+10FFFF)), which are only right
    under code-point order; SQLite's default already is, PostgreSQL needs the "C" collation.
    """
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")

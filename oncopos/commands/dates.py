"""Dates typed on the command line: ISO days within the years a school's records can have."""

from __future__ import annotations

from datetime import date

from oncopos.domain.errors import InvalidInput

# Wide enough for any record and any report; narrow enough that a day's bounds (the next day,
# the previous close) never leave what Python and the databases can represent.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def parse_day(text: str, option: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-26.") from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"{option} {text} is outside the dates OncoPOS keeps; use a day from "
                           f"{EARLIEST.isoformat()} to {LATEST.isoformat()}.")
    return day

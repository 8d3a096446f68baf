"""Dates and times as a person reads them: in the business time zone, in the reader's language.

The one place that turns an instant into words. Times are stored as aware UTC; they are shown in
the school's zone (never "18:30 UTC" beside "13:30 EST"), in English after the Canadian Press
("December 1, 2026 at 1:30 p.m.") and in French after the Office québécois de la langue française
("1er décembre 2026 à 13 h 30"). Written out rather than taken from Babel: two languages, four
styles, and output that does not move when a library's CLDR data changes on one desk.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Literal

Style = Literal["date", "time", "clock", "datetime", "short", "iso"]

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}


def _lang(locale: str | None) -> Literal["en", "fr"]:
    return "fr" if (locale or "").replace("_", "-").split("-", 1)[0].strip().lower() == "fr" else "en"


def format_moment(moment: datetime, tz: tzinfo, locale: str | None, *, style: Style = "datetime") -> str:
    """An aware instant in `tz`, for a reader of `locale`.

    - "date": "December 1, 2026" / "1er décembre 2026"
    - "time": "1:30 p.m." / "13 h 30"
    - "clock": "13:30" / "13 h 30" (a status bar: short, 24 hours)
    - "datetime": "December 1, 2026 at 1:30 p.m." / "1er décembre 2026 à 13 h 30"
    - "short": "2026-12-01 13:30" (tables and reports; the same in both languages)
    - "iso": "2026-12-01T13:30:00-05:00" (CSV: unambiguous, with the zone's offset)
    """
    if moment.tzinfo is None:
        raise ValueError("format_moment needs an aware datetime")
    local = moment.astimezone(tz)
    lang = _lang(locale)
    if style == "iso":
        return local.isoformat(timespec="seconds")
    if style == "short":
        return local.strftime("%Y-%m-%d %H:%M")
    if style == "time":
        return _time(local, lang)
    if style == "clock":
        return f"{local.hour} h {local.minute:02d}" if lang == "fr" else local.strftime("%H:%M")
    if style == "date":
        return format_day(local.date(), locale)
    joiner = " à " if lang == "fr" else " at "
    return format_day(local.date(), locale) + joiner + _time(local, lang)


def format_day(day: date, locale: str | None, *, style: Literal["long", "iso"] = "long") -> str:
    """A calendar date (a course's start): "December 1, 2026" / "1er décembre 2026", or ISO."""
    if style == "iso":
        return day.isoformat()
    lang = _lang(locale)
    month = _MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _time(local: datetime, lang: str) -> str:
    if lang == "fr":
        return f"{local.hour} h {local.minute:02d}"
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'a.m.' if local.hour < 12 else 'p.m.'}"

"""What the core says to a person, in English and in French: a message id, its parameters, and
one catalogue with both texts for every id.

The core never builds a sentence for a person out of English words. It builds a `Message`
(`msg("otp.expired")`, `msg("payment.declined.insufficient_funds")`) and whoever shows it renders
it for the reader: the window in the language of the person at the desk, an email in the
student's, the command line in English. So the core stays Qt-free and one text serves the
window, the command line and the logs.

Parameters keep their type until rendering: an amount (`Money`) becomes « 1 234,56 $ » in French
and "$1,234.56" in English, a moment (`Moment`) is shown in the business time zone in the
reader's words, a nested `Message` is rendered in the same language. Texts use `{name}`
placeholders; French texts are written with ordinary spaces and get their non-breaking spaces
(before « : ; ! ? », inside « ») when rendered, so no translator has to type U+00A0.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Literal

Lang = Literal["en", "fr"]

#: Each id's two texts: (English, French).
Texts = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in integer cents, formatted for the reader's locale."""

    cents: int


@dataclass(frozen=True, slots=True)
class Moment:
    """An aware instant, shown in `tz` (the business time zone) in the reader's language."""

    at: datetime
    tz: tzinfo
    style: Literal["date", "time", "clock", "datetime", "short", "iso"] = "datetime"


@dataclass(frozen=True, slots=True)
class Day:
    """A calendar date (a business day, a course's start): "December 1, 2026" / "1er décembre 2026"."""

    day: date


@dataclass(frozen=True, slots=True)
class Province:
    """A province or territory by its code, named in the reader's language ("Quebec" / "Québec")."""

    code: str


@dataclass(frozen=True, slots=True)
class Joined:
    """Several parts (messages or text) rendered in the same language and joined by `separator`."""

    parts: tuple[Message | str, ...]
    separator: str = "; "


@dataclass(frozen=True, slots=True)
class Duration:
    """A wait or a validity: "45 seconds" / "45 secondes", "3 minutes", "1 hour" / "1 heure"."""

    length: timedelta


@dataclass(frozen=True, slots=True)
class Count:
    """A number with its noun in the right form: Count(1, "try") -> "1 try" / "1 essai"."""

    n: int
    noun: str  # a key of NOUNS


@dataclass(frozen=True, slots=True)
class Message:
    """A message id and its parameters; `text(locale)` is what a person reads."""

    id: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def text(self, locale: str | None = None) -> str:
        """In `locale`, or the reader's language when None."""
        return render(self, locale)

    def __str__(self) -> str:
        return render(self, "en-CA")


Param = str | int | Money | Moment | Day | Province | Joined | Duration | Count | Message


def msg(message_id: str, /, **params: Param) -> Message:
    """`msg("otp.tries_left", left=Count(2, "try"))`; the id must be in the catalogue."""
    if message_id not in catalogue():
        raise KeyError(f"no message {message_id!r} in the catalogue")
    return Message(message_id, params)


_reader = ["en-CA"]


def use_reader_locale(locale: str) -> None:
    """The language of the person at this desk, for texts rendered without one (`render(m, None)`,
    `error.text()`): the window's language switch sets it. The command line never does, so it reads English."""
    _reader[0] = "fr-CA" if _lang_of(locale) == "fr" else "en-CA"


def reader_locale() -> str:
    return _reader[0]


def _lang_of(locale: str | None) -> Lang:
    return "fr" if (locale or "").replace("_", "-").split("-", 1)[0].strip().lower() == "fr" else "en"


def language(locale: str | None) -> Lang:
    """"fr", "fr-CA", "fr_CA" -> "fr"; "en-CA" -> "en"; None -> the reader's (`use_reader_locale`)."""
    return _lang_of(reader_locale() if locale is None else locale)


def render(message: Message | str, locale: str | None = None) -> str:
    """The text of `message` for a reader of `locale` ("en-CA", "fr-CA", "fr", ...; None: the
    reader's language set by `use_reader_locale`).

    A plain string is looked up among the catalogue's English texts without parameters: a sentence
    stored in English years ago (a payment's failure, a sync error) is read in French today. Any
    other string (a library's own sentence, a name) is returned as it is, so callers can render
    whatever a status or an error carries without asking which it is.
    """
    if isinstance(message, str):
        key = _by_english().get(message)
        if key is None or language(locale) == "en":
            return message
        return french_typography(catalogue()[key][1])
    lang = language(locale)
    en, fr = catalogue()[message.id]
    template = french_typography(fr) if lang == "fr" else en
    values = {name: _param(value, lang) for name, value in message.params.items()}
    return template.format_map(values)


def render_both(message: Message | str, first: str = "fr-CA") -> str:
    """The two texts, the reader's `first` language first, for a bilingual document or sign."""
    one = render(message, first)
    other = render(message, "en-CA" if language(first) == "fr" else "fr-CA")
    return one if one == other else f"{one} / {other}"


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


_BEFORE = re.compile(r" ([:;!?»])")
_AFTER = re.compile(r"« ")
# "mot; suite": a semicolon (or ! ?) written against its word, at the end of a clause.
_GLUED = re.compile(r"(?<=[^\s\u00a0])([;!?])(?=\s|$)")


def french_typography(text: str) -> str:
    """Ordinary spaces before « : ; ! ? » and after « become no-break spaces (OQLF); a « ; ! ? »
    written against its word gets one too."""
    return _GLUED.sub("\u00a0\\1", _AFTER.sub("«\u00a0", _BEFORE.sub("\u00a0\\1", text)))


NOUNS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # noun: ((English one, English many), (French one, French many))
    "try": (("try", "tries"), ("essai", "essais")),
    "second": (("second", "seconds"), ("seconde", "secondes")),
    "minute": (("minute", "minutes"), ("minute", "minutes")),
    "hour": (("hour", "hours"), ("heure", "heures")),
    "field": (("field", "fields"), ("champ", "champs")),
    "change": (("change", "changes"), ("modification", "modifications")),
    "row": (("row", "rows"), ("ligne", "lignes")),
    "character": (("character", "characters"), ("caractère", "caractères")),
    "payment": (("payment", "payments"), ("paiement", "paiements")),
    "seat": (("seat", "seats"), ("place", "places")),
    "student": (("student", "students"), ("étudiant", "étudiants")),
}


def count_text(n: int, noun: str, lang: Lang) -> str:
    forms = NOUNS[noun][1 if lang == "fr" else 0]
    # French uses the singular for 0 and 1 ("0 essai"), English only for 1.
    one = n in (0, 1) if lang == "fr" else n == 1
    return f"{n} {forms[0] if one else forms[1]}"


def duration_text(length: timedelta, lang: Lang) -> str:
    """A wait a person can plan around, rounded up: "30 seconds", "1 minute", "2 heures"."""
    seconds = max(1, int(-(-length.total_seconds() // 1)))
    if seconds < 60:
        return count_text(seconds, "second", lang)
    minutes = -(-seconds // 60)
    if minutes < 60:
        return count_text(minutes, "minute", lang)
    return count_text(-(-minutes // 60), "hour", lang)


def _param(value: Param, lang: Lang) -> str:
    # Imported here: money and dates raise the domain's errors, which are built on this module.
    from oncopos.domain.dates import format_day, format_moment
    from oncopos.domain.money import format_cents

    locale = "fr-CA" if lang == "fr" else "en-CA"
    if isinstance(value, Message):
        return render(value, locale)
    if isinstance(value, Money):
        return format_cents(value.cents, locale)
    if isinstance(value, Moment):
        return format_moment(value.at, value.tz, locale, style=value.style)
    if isinstance(value, Joined):
        return value.separator.join(render(part, locale) for part in value.parts)
    if isinstance(value, Province):
        from oncopos.domain.tax import province_name

        return province_name(value.code, locale)
    if isinstance(value, Day):
        return format_day(value.day, locale)
    if isinstance(value, Duration):
        return duration_text(value.length, lang)
    if isinstance(value, Count):
        return count_text(value.n, value.noun, lang)
    return str(value)


def status_name(kind: str, status: str) -> Message | str:
    """A record's status inside a sentence ("This payment is {status}"): `payment.state.<status>`
    (or `<kind>.status.<status>`) from the catalogue, else the status with spaces for underscores."""
    for key in (f"{kind}.state.{status}", f"{kind}.status.{status}"):
        if key in catalogue():
            return Message(key)
    return status.replace("_", " ")


def explain_failure(code: str | None, stored: str | None) -> Message | str:
    """Why a payment or refund did not go through, from its code when the catalogue explains it
    (Stripe's decline codes, the reader's), else the sentence stored with it."""
    for key in (f"stripe.decline.{code}", f"stripe.reader.{code}"):
        if code and key in catalogue():
            return Message(key)
    if code in ("canceled", "customer_canceled") and not stored:
        return Message("payment.cancelled_on_reader")
    return stored or ""


@functools.cache
def _by_english() -> Mapping[str, str]:
    return MappingProxyType({en: key for key, (en, _fr) in catalogue().items() if not placeholders(en)})


@functools.cache
def catalogue() -> Mapping[str, Texts]:
    """Every message id and its two texts, gathered once from the topic modules."""
    from oncopos.domain import (
        messages_access,
        messages_audit,
        messages_books,
        messages_end_of_day,
        messages_payments,
        messages_plans,
        messages_records,
        messages_stripe,
        messages_system,
        messages_till,
        messages_tuition,
    )

    merged: dict[str, Texts] = {}
    modules = (messages_access, messages_audit, messages_books, messages_end_of_day, messages_payments, messages_plans,
               messages_records, messages_stripe, messages_system, messages_till, messages_tuition)
    for module in modules:
        for key, texts in module.TEXTS.items():
            if key in merged:
                raise RuntimeError(f"message {key!r} is defined twice")
            merged[key] = texts
    return MappingProxyType(merged)

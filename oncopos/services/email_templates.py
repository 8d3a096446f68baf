"""Rendering the email templates of oncopos/resources/email_templates/ (Jinja2), and dates for people.

Each message has four files: `<name>.<lang>.html` and `<name>.<lang>.txt`, lang "en" or "fr". The
text template sets the subject (`{% set subject = ... %}`), so a translator finds every word of a
message in that message's own files. HTML is autoescaped: a course or student name can never
inject markup. Undefined variables fail loudly rather than leave a blank in a sent email.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from oncopos.domain.dates import format_moment
from oncopos.domain.money import format_cents
from oncopos.resources import resource_path

LANGUAGES = ("en", "fr")



@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def language_of(value: str | None) -> str:
    """A student's preferred language ("fr", "fr-CA", None) as a template language."""
    lang = (value or "en").replace("_", "-").split("-", 1)[0].lower()
    return lang if lang in LANGUAGES else "en"


@functools.lru_cache(maxsize=4)
def _environment(directory: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(name: str, lang: str, context: dict[str, Any], *, directory: Path | None = None) -> Rendered:
    env = _environment(directory or resource_path("email_templates"))
    text_template = env.get_template(f"{name}.{lang}.txt")
    module = text_template.make_module(context)
    # Line breaks would end the header; other spaces stay (the no-break spaces of "1 234,50 $").
    subject = re.sub(r"[\r\n\t]+", " ", str(getattr(module, "subject", ""))).strip()
    if not subject:
        raise ValueError(f"email template {name}.{lang}.txt sets no subject")
    text = text_template.render(context).strip() + "\n"
    html = env.get_template(f"{name}.{lang}.html").render({**context, "subject": subject, "lang": lang})
    return Rendered(subject=subject, text=text, html=html)


def format_money(cents: int, lang: str) -> str:
    """"$1,234.56" / « 1 234,56 $ »."""
    return format_cents(cents, "fr-CA" if lang == "fr" else "en-CA")


def format_time(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """"10:05 a.m." (Canadian Press style) or "10 h 05" (Office québécois de la langue française)."""
    return format_moment(moment, tz, lang, style="time")


def format_date(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    return format_moment(moment, tz, lang, style="date")


def format_datetime(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """"November 26, 2026 at 10:05 a.m." / "26 novembre 2026 à 10 h 05", in the business's zone."""
    return format_moment(moment, tz, lang)

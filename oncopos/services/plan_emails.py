"""The emails of plans and statements, in the student's language, from the shared templates.

Like oncopos.services.emails: plain data in, an `OutgoingEmail` out, no database and no network,
so a reminder is built inside the transaction that stores it in the mail outbox.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from oncopos.domain.plans import PlanLine
from oncopos.services.email_templates import format_date, format_datetime, format_money, language_of, render
from oncopos.services.emails import Business
from oncopos.services.ports import Attachment, OutgoingEmail


def day_text(day: date, lang: str) -> str:
    """"January 15, 2027" / "15 janvier 2027" (a calendar day: no time zone to convert)."""
    return format_date(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), ZoneInfo("UTC"), lang)


def instalment_reminder_email(*, business: Business, to: str, language: str, student_name: str, course_name: str,
                              line: PlanLine, amount_cents: int, balance_cents: int, url: str, expires_at: datetime,
                              overdue: bool) -> OutgoingEmail:
    """Before (or after) a due date: the amount of exactly this line and its own payment link."""
    lang = language_of(language)
    rendered = render("instalment_reminder", lang, {
        "business": business, "lang": lang, "student_name": student_name, "course_name": course_name,
        "line_label": line.label(lang), "amount": format_money(amount_cents, lang), "due_on": day_text(line.due_on, lang),
        "balance": format_money(balance_cents, lang), "url": url, "overdue": overdue,
        "expires_at": format_datetime(expires_at, business.tz, lang),
    })
    return OutgoingEmail(to=to, subject=rendered.subject, text=rendered.text, html=rendered.html,
                         reply_to=business.email)


def statement_email(*, business: Business, to: str, language: str, student_name: str, balance_cents: int,
                    generated_at: datetime, pdf: bytes, filename: str) -> OutgoingEmail:
    lang = language_of(language)
    rendered = render("account_statement", lang, {
        "business": business, "lang": lang, "student_name": student_name, "balance": format_money(balance_cents, lang),
        "owing": balance_cents > 0, "credit": balance_cents < 0, "credit_amount": format_money(-balance_cents, lang),
        "generated_on": format_date(generated_at, business.tz, lang),
    })
    return OutgoingEmail(to=to, subject=rendered.subject, text=rendered.text, html=rendered.html,
                         reply_to=business.email, attachments=(Attachment(filename, "application/pdf", pdf),))


def tuition_slip_email(*, business: Business, to: str, language: str, student_name: str, year: int,
                       fees_cents: int, part_time_months: int, full_time_months: int, amended: bool, pdf: bytes,
                       filename: str) -> OutgoingEmail:
    """The student's T2202 as a PDF; the email itself names no SIN."""
    lang = language_of(language)
    rendered = render("tuition_slip", lang, {
        "business": business, "lang": lang, "student_name": student_name, "year": year,
        "fees": format_money(fees_cents, lang), "part_time": part_time_months, "full_time": full_time_months,
        "amended": amended,
    })
    return OutgoingEmail(to=to, subject=rendered.subject, text=rendered.text, html=rendered.html,
                         reply_to=business.email, attachments=(Attachment(filename, "application/pdf", pdf),))

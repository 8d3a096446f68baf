"""The email that carries a hosted payment page's link to the student.

The confirmation, failure and business notice use the shared templates (oncopos.services.emails);
the link is the one message only the payment flow sends. Plain text first, with a simple HTML twin.
"""

from __future__ import annotations

from html import escape

from oncopos.domain.money import format_cents
from oncopos.services.payments.records import EnrollmentForPayment, PaymentRecord
from oncopos.services.ports import OutgoingEmail


def _locale(enrollment: EnrollmentForPayment) -> str:
    return "fr-CA" if enrollment.student_language == "fr" else "en-CA"


def _html(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<!doctype html><html><body style="font-family:sans-serif">{body}</body></html>'


def payment_link_email(to: str, enrollment: EnrollmentForPayment, record: PaymentRecord,
                       business_name: str) -> OutgoingEmail:
    amount = format_cents(record.amount_cents, _locale(enrollment))
    expires = record.checkout_expires_at.strftime("%Y-%m-%d %H:%M UTC") if record.checkout_expires_at else ""
    paragraphs = [
        f"Hello {enrollment.student_name},",
        f"Here is the secure Stripe page to pay {amount} for {enrollment.course_name} ({enrollment.course_code}).",
        f"{record.checkout_url}",
        f"The link works until {expires}. If you did not ask for it, ignore this email and tell our staff.",
        business_name,
    ]
    return OutgoingEmail(to=to, subject=f"{business_name}: your payment link for {amount}",
                         text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))

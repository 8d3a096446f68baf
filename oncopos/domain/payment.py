"""The payment lifecycle as data: states, reader attempts and their idempotency keys.

Pure Python (no database, no Stripe), so the rules that decide what a payment may do next are
tested on their own and the services only apply them.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from oncopos.domain.lifecycle import Lifecycle

#: What a card reader payment asks Stripe to allow (a filter: the account's settings may drop some).
READER_METHODS = ("card_present", "interac_present")


def idempotency_key(payment_id: uuid.UUID) -> str:
    """The payment's one key, derived from its local id, so it is known (and stored) before Stripe is called."""
    return f"oncopos-pay-{payment_id}"


def reader_attempt_key(payment_key: str, attempt: int) -> str:
    """The idempotency key of send number `attempt` (1, 2, ...) of a payment to a card reader.

    Stripe stores a request's result under its key once the endpoint started, errors included
    (`terminal_reader_offline`, `terminal_reader_busy`), and replays it for 24 hours: a Retry that
    reused one key would get the old refusal all day. The attempt number is journaled before the
    call, so a crash never makes two sends share a key.
    """
    if attempt < 1:
        raise ValueError("reader attempts are numbered from 1")
    return f"{payment_key}-process-{attempt}"


class PaymentStatus(StrEnum):
    """The states of a payment (payments.status), in the order the flow walks them."""

    QUOTED = "quoted"
    CODE_SENT = "code_sent"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class PaymentStep(StrEnum):
    """The payment journal's entries (payment_steps.step); each is committed before the next call out."""

    QUOTED = "quoted"
    CODE_SENT = "code_sent"
    CODE_CONFIRMED = "code_confirmed"
    BALANCE_CHECKED = "balance_checked"
    CHARGE_REQUESTED = "charge_requested"     # key stored, Stripe not called yet
    CHARGE_STARTED = "charge_started"         # Stripe answered with the PaymentIntent / session
    METHODS_DROPPED = "methods_dropped"       # Stripe kept fewer reader methods than asked (account settings)
    SENT_TO_READER = "sent_to_reader"         # attempt n and its own key stored, the reader not asked yet
    NOT_SENT = "not_sent"                     # the reader (or Stripe) could not take that attempt
    DECLINED = "declined"
    RETRIED = "retried"
    CANCEL_REQUESTED = "cancel_requested"
    RECOVERED = "recovered"                   # recovery found the Stripe object again (its key)
    SUCCEEDED = "succeeded"
    AMOUNT_DIFFERS = "amount_differs"         # Stripe collected another amount than quoted: for a manager
    CLOSED = "closed"                         # failed, cancelled or expired
    INVOICE_ISSUED = "invoice_issued"         # its own step, after the success is committed
    INVOICE_PENDING = "invoice_pending"       # the invoice could not be issued yet; recovery issues it
    EMAILS_QUEUED = "emails_queued"
    LINK_EMAILED = "link_emailed"
    TENDER_RECORDED = "tender_recorded"       # cash, cheque or e-Transfer taken at the desk: its details
    # An instalment reminder's emailed link (oncopos.services.plan_reminders): the student confirms
    # by paying on Stripe's page with their own card, so no one-time code; the link waits for hours
    # and start-up recovery never cancels it as abandoned.
    PLAN_REMINDER = "plan_reminder"


_P, _St = PaymentStatus, PaymentStep
IN_FLIGHT = frozenset({_P.QUOTED, _P.CODE_SENT, _P.CONFIRMED, _P.PROCESSING})
FINAL = frozenset({_P.SUCCEEDED, _P.FAILED, _P.CANCELLED, _P.EXPIRED})

#: Failures that mean the payment never reached a card (the reader or Stripe could not be asked):
#: cancelling after one of them is a cancellation, not a refused payment to tell the student about.
NOT_SENT_CODES = frozenset({"terminal_reader_offline", "terminal_reader_busy", "terminal_reader_timeout",
                            "terminal_reader_hardware_fault", "reader_unavailable", "stripe_unreachable"})

#: Steps that leave the status as it is, and the statuses they may be written in.
STEPS_WHILE: dict[PaymentStep, frozenset[PaymentStatus]] = {
    _St.QUOTED: frozenset({_P.QUOTED}),                    # written with the new row
    _St.BALANCE_CHECKED: frozenset({_P.CONFIRMED}),
    **{step: frozenset({_P.PROCESSING}) for step in (
        _St.CHARGE_STARTED, _St.METHODS_DROPPED, _St.SENT_TO_READER, _St.NOT_SENT, _St.DECLINED, _St.RETRIED,
        _St.CANCEL_REQUESTED, _St.RECOVERED, _St.LINK_EMAILED)},
    **{step: frozenset({_P.SUCCEEDED}) for step in (
        _St.AMOUNT_DIFFERS, _St.INVOICE_ISSUED, _St.INVOICE_PENDING, _St.EMAILS_QUEUED)},
}

#: Every status change a payment can make, and the journal step that records it.
PAYMENT_LIFECYCLE: Lifecycle[PaymentStatus, PaymentStep] = Lifecycle("payment", {
    (_P.QUOTED, _P.CODE_SENT): _St.CODE_SENT,
    (_P.CODE_SENT, _P.CODE_SENT): _St.CODE_SENT,            # a new code (resend)
    (_P.CODE_SENT, _P.CONFIRMED): _St.CODE_CONFIRMED,
    (_P.QUOTED, _P.CONFIRMED): _St.PLAN_REMINDER,           # a reminder's link: paying on it is the confirmation
    (_P.CONFIRMED, _P.PROCESSING): _St.CHARGE_REQUESTED,    # the balance checked again, the key stored
    (_P.PROCESSING, _P.SUCCEEDED): _St.SUCCEEDED,
    (_P.PROCESSING, _P.FAILED): _St.CLOSED,
    (_P.PROCESSING, _P.EXPIRED): _St.CLOSED,
    **{(s, _P.CANCELLED): _St.CLOSED for s in IN_FLIGHT},
    # Stripe is the truth: money it took after the desk closed the payment (an Interac tap racing a
    # cancel, found by recovery) is recorded, never left out of the books.
    **{(s, _P.SUCCEEDED): _St.SUCCEEDED for s in (_P.FAILED, _P.CANCELLED, _P.EXPIRED)},
}, FINAL, STEPS_WHILE)

#: A tender taken by hand (cash, cheque, Interac e-Transfer) is recorded at the desk, not charged at
#: Stripe: it succeeds straight from its quote (or after the code, when the desk asks for one for
#: that tender). Only the tender service uses this table; a card payment never skips its charge.
HAND_TENDER_LIFECYCLE: Lifecycle[PaymentStatus, PaymentStep] = Lifecycle("payment", {
    (_P.QUOTED, _P.CODE_SENT): _St.CODE_SENT,
    (_P.CODE_SENT, _P.CODE_SENT): _St.CODE_SENT,
    (_P.CODE_SENT, _P.CONFIRMED): _St.CODE_CONFIRMED,
    **{(s, _P.CANCELLED): _St.CLOSED for s in (_P.QUOTED, _P.CODE_SENT, _P.CONFIRMED)},
    **{(s, _P.SUCCEEDED): _St.SUCCEEDED for s in (_P.QUOTED, _P.CODE_SENT, _P.CONFIRMED)},
}, FINAL, {
    _St.QUOTED: frozenset({_P.QUOTED}),
    **{step: frozenset({_P.QUOTED, _P.CODE_SENT, _P.CONFIRMED})
       for step in (_St.BALANCE_CHECKED, _St.TENDER_RECORDED)},  # journalled just before the success
    **{step: STEPS_WHILE[step] for step in (_St.AMOUNT_DIFFERS, _St.INVOICE_ISSUED, _St.INVOICE_PENDING,
                                              _St.EMAILS_QUEUED)},
})

#: Steps only a status change writes (`PAYMENT_LIFECYCLE.move` names them).
MOVE_STEPS = PAYMENT_LIFECYCLE.move_steps


def check_step(status: PaymentStatus | str, step: PaymentStep | str, doing: str | None = None) -> None:
    """Refuse a journal step the payment's status does not allow (see `Lifecycle.check_step`)."""
    PAYMENT_LIFECYCLE.check_step(status, step, doing)

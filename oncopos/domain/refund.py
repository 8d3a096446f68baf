"""The refund lifecycle as data: states, journal steps and the one table of status changes."""

from __future__ import annotations

from enum import StrEnum

from oncopos.domain.lifecycle import Lifecycle


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundStep(StrEnum):
    """Refund entries in the payment's journal (payment_steps), each committed before the next call out."""

    REQUESTED = "refund_requested"          # refund row and key stored, Stripe not called yet
    ON_READER = "refund_on_reader"          # the reader is waiting for the card
    CANCEL_REQUESTED = "refund_cancel_requested"
    RECOVERED = "refund_recovered"          # reconciliation found the Stripe refund again
    STRIPE_PENDING = "refund_pending_at_stripe"
    SUCCEEDED = "refund_succeeded"
    FAILED = "refund_failed"
    EMAILS_QUEUED = "refund_emails_queued"
    DASHBOARD_FOUND = "dashboard_refund_found"
    CREDIT_NOTE = "refund_credit_note"      # a credit note issued later (Dashboard refunds)
    UNANSWERED = "refund_unanswered"        # Stripe did not answer the request; reconciliation asks again
    TENDER_RETURNED = "tender_returned"     # a cheque or e-Transfer the bank sent back, reversed at the desk
    CASH_PAID_OUT = "refund_cash_paid_out"  # a cash payment's refund handed back out of the desk's drawer
    BANK_SENT = "refund_bank_sent"          # a cheque written to the student or an e-Transfer sent to them


_R, _St = RefundStatus, RefundStep
FINAL = frozenset({_R.SUCCEEDED, _R.FAILED})

#: Refund steps that leave the refund's status as it is, and the statuses they may be written in.
STEPS_WHILE: dict[RefundStep, frozenset[RefundStatus]] = {
    **{step: frozenset({_R.PENDING}) for step in (
        _St.REQUESTED, _St.ON_READER, _St.CANCEL_REQUESTED, _St.RECOVERED, _St.STRIPE_PENDING, _St.UNANSWERED)},
    # A Dashboard refund, a returned tender and a refund by hand are recorded already succeeded; a credit note and
    # its email follow a success only.
    **{step: frozenset({_R.SUCCEEDED}) for step in (_St.DASHBOARD_FOUND, _St.TENDER_RETURNED, _St.CASH_PAID_OUT,
                                                      _St.BANK_SENT, _St.CREDIT_NOTE, _St.EMAILS_QUEUED)},
}

REFUND_LIFECYCLE: Lifecycle[RefundStatus, RefundStep] = Lifecycle("refund", {
    (_R.PENDING, _R.SUCCEEDED): _St.SUCCEEDED,
    (_R.PENDING, _R.FAILED): _St.FAILED,
    # Stripe is the truth: a refund it completed after the desk gave up on it is recorded.
    (_R.FAILED, _R.SUCCEEDED): _St.SUCCEEDED,
}, FINAL, STEPS_WHILE)

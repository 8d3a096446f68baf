"""What the payment window shows of a payment: its row and journal read back as a `PaymentView`.

Reading only: nothing here writes. The window asks after every step it runs (and while it
polls), so what it shows is what the database holds, never a state kept on the screen.
"""

from __future__ import annotations

import uuid

from oncopos.domain.messages import Money, msg
from oncopos.domain.payment import READER_METHODS
from oncopos.services.payments.quote import tax_shares_of
from oncopos.services.payments.records import (
    PROCESSING,
    SUCCEEDED,
    EnrollmentForPayment,
    PartView,
    PaymentPart,
    PaymentRecord,
    PaymentView,
    Step,
    TaxShare,
)
from oncopos.services.ports import UnitOfWork

METHOD_NAMES = {"card_present": "credit and debit cards (card_present)", "interac_present": "Interac (interac_present)"}

#: The last journal steps of a reader payment that is waiting for the card to be presented.
WAITING_STEPS = frozenset({Step.CHARGE_STARTED, Step.SENT_TO_READER, Step.RETRIED, Step.RECOVERED})


def methods_notice(kept: tuple[str, ...] | list[str]) -> str | None:
    """One line when Stripe dropped a reader payment method the desk asks for, with what to enable."""
    dropped = [m for m in READER_METHODS if m not in kept]
    if not dropped:
        return None
    names = " and ".join(METHOD_NAMES[m] for m in dropped)
    return (f"Stripe dropped {names} from this payment because the account cannot take it: a manager must turn it "
            "on in the Stripe Dashboard (Settings > Payment methods, Terminal) before the next payment.")


def read_progress(uow: UnitOfWork, payment_id: uuid.UUID, record: PaymentRecord | None = None, *,
                  enrollment: EnrollmentForPayment | None = None, invoice_number: str | None = None) -> PaymentView:
    """The payment as the window shows it: status, amounts, card, failure, invoice and notices
    (`record`: its row, when the caller read it in this unit of work; `enrollment`: the enrollment
    paid, when the caller read it in this unit of work and nothing it wrote since changed its balance;
    `invoice_number`: the invoice this unit of work issued for the succeeded payment)."""
    record = record or uow.payments.get(payment_id)
    # Only its balance is shown: read as that one figure unless the caller holds the enrollment.
    balance = enrollment.balance_cents if enrollment else uow.payments.balance(record.enrollment_id)
    invoice = None
    if record.status == SUCCEEDED:
        invoice = invoice_number or uow.payments.invoice_number(payment_id)
    steps = uow.payments.steps(payment_id)
    parts = tuple(_part_view(uow.payments.enrollment(p.enrollment_id), p, record.status == SUCCEEDED)
                  for p in uow.payments.parts(payment_id))
    before = balance + (record.amount_cents if record.status == SUCCEEDED else 0)
    if parts:
        before = sum(p.balance_before_cents for p in parts)
    last = steps[-1].step if steps else None
    flag = next((s.detail for s in steps if s.step == Step.AMOUNT_DIFFERS), None)
    dropped = next((s.detail for s in steps if s.step == Step.METHODS_DROPPED), None)
    amount_flag = None if flag is None else msg("payment.amount_flag", received=Money(int(flag["received_cents"])),
                                                quoted=Money(int(flag["quoted_cents"])))
    waiting = (record.status == PROCESSING and record.method == "reader" and record.failure_code is None
               and last in WAITING_STEPS)
    return PaymentView(
        id=record.id, enrollment_id=record.enrollment_id, status=record.status, amount_cents=record.amount_cents,
        tax_cents=record.tax_cents, tax_shares=tax_shares_of(record), balance_before_cents=before,
        method=record.method, reader_id=record.reader_id, payment_intent_id=record.payment_intent_id,
        checkout_url=record.checkout_url, checkout_expires_at=record.checkout_expires_at,
        card_brand=record.card_brand, card_last4=record.card_last4, payment_method_type=record.payment_method_type,
        failure_code=record.failure_code, failure_message=record.failure_message, invoice_number=invoice,
        waiting_for_card=waiting, amount_flag=amount_flag,
        methods_notice=methods_notice(dropped["kept"]) if dropped else None, parts=parts,
    )


def _part_view(enrollment: EnrollmentForPayment, part: PaymentPart, paid: bool) -> PartView:
    """A line of a payment for several enrollments; its balance before is as it was before this payment."""
    shares = tuple(TaxShare(str(c["name"]), str(c["rate"]), int(c.get("base_cents", 0)), int(c["amount_cents"]))
                   for c in part.tax_components)
    before = enrollment.balance_cents + (part.amount_cents if paid else 0)
    return PartView(enrollment.id, enrollment.course_code, enrollment.course_name, part.amount_cents, part.tax_cents,
                    shares, before)

"""The payment and refund lifecycles: one table of status changes, checked without a database."""

from __future__ import annotations

from itertools import pairwise

import pytest

from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.payment import (
    FINAL,
    HAND_TENDER_LIFECYCLE,
    IN_FLIGHT,
    MOVE_STEPS,
    PAYMENT_LIFECYCLE,
    STEPS_WHILE,
    PaymentStatus,
    PaymentStep,
    check_step,
    reader_attempt_key,
)
from oncopos.domain.refund import REFUND_LIFECYCLE, RefundStatus, RefundStep

P = PaymentStatus


def test_the_happy_path_is_a_walk_through_the_table():
    path = [P.QUOTED, P.CODE_SENT, P.CODE_SENT, P.CONFIRMED, P.PROCESSING, P.SUCCEEDED]
    steps = [PAYMENT_LIFECYCLE.move(a, b) for a, b in pairwise(path)]
    assert steps == [PaymentStep.CODE_SENT, PaymentStep.CODE_SENT, PaymentStep.CODE_CONFIRMED,
                     PaymentStep.CHARGE_REQUESTED, PaymentStep.SUCCEEDED]


@pytest.mark.parametrize(("current", "target"), [
    (P.QUOTED, P.PROCESSING),       # never charged without a code
    (P.CODE_SENT, P.PROCESSING),
    (P.SUCCEEDED, P.CANCELLED),     # money taken is never un-recorded
    (P.SUCCEEDED, P.FAILED),
    (P.CONFIRMED, P.SUCCEEDED),     # a success comes from a charge
    (P.CANCELLED, P.PROCESSING),
])
def test_impossible_changes_are_refused_in_one_place(current, target):
    assert not PAYMENT_LIFECYCLE.can_move(current, target)
    with pytest.raises(IllegalTransition, match=f"is {current.replace('_', ' ')}"):
        PAYMENT_LIFECYCLE.move(current, target)


def test_every_open_payment_can_be_cancelled_and_nothing_final_can_be_cancelled():
    assert all(PAYMENT_LIFECYCLE.move(s, P.CANCELLED) == PaymentStep.CLOSED for s in IN_FLIGHT)
    assert not any(PAYMENT_LIFECYCLE.can_move(s, P.CANCELLED) for s in FINAL)
    # Stripe is the truth: money it took after a close is still recorded.
    assert all(PAYMENT_LIFECYCLE.can_move(s, P.SUCCEEDED) for s in FINAL - {P.SUCCEEDED})


def test_steps_are_checked_against_the_status_they_are_written_in():
    check_step(P.PROCESSING, PaymentStep.RETRIED)
    check_step("processing", "sent_to_reader")  # as stored in the database
    with pytest.raises(IllegalTransition, match="cannot be retried"):
        check_step(P.SUCCEEDED, PaymentStep.RETRIED, "be retried")
    with pytest.raises(IllegalTransition):
        check_step(P.CONFIRMED, PaymentStep.DECLINED)


def test_each_reader_attempt_has_its_own_key():
    keys = {reader_attempt_key("oncopos-pay-1", n) for n in range(1, 5)}
    assert len(keys) == 4 and reader_attempt_key("oncopos-pay-1", 2) == "oncopos-pay-1-process-2"
    with pytest.raises(ValueError):
        reader_attempt_key("oncopos-pay-1", 0)


def test_refunds_have_their_own_table():
    assert REFUND_LIFECYCLE.move(RefundStatus.PENDING, RefundStatus.SUCCEEDED) == RefundStep.SUCCEEDED
    assert REFUND_LIFECYCLE.move("pending", "failed") == RefundStep.FAILED
    with pytest.raises(IllegalTransition, match="refund is succeeded"):
        REFUND_LIFECYCLE.move(RefundStatus.SUCCEEDED, RefundStatus.FAILED)


# The moves a payment may make, written out here on their own (not read from the table), so a move
# added to the table by mistake, or one lost from it, fails this test.
LEGAL_PAYMENT_MOVES = {
    (P.QUOTED, P.CODE_SENT), (P.CODE_SENT, P.CODE_SENT), (P.CODE_SENT, P.CONFIRMED), (P.CONFIRMED, P.PROCESSING),
    (P.PROCESSING, P.SUCCEEDED), (P.PROCESSING, P.FAILED), (P.PROCESSING, P.EXPIRED),
    (P.QUOTED, P.CANCELLED), (P.CODE_SENT, P.CANCELLED), (P.CONFIRMED, P.CANCELLED), (P.PROCESSING, P.CANCELLED),
    (P.FAILED, P.SUCCEEDED), (P.CANCELLED, P.SUCCEEDED), (P.EXPIRED, P.SUCCEEDED),  # Stripe took the money after all
    (P.QUOTED, P.CONFIRMED),  # an instalment reminder's link: the student confirms by paying on Stripe's page
}
ILLEGAL_PAYMENT_MOVES = [(a, b) for a in P for b in P if (a, b) not in LEGAL_PAYMENT_MOVES]


@pytest.mark.parametrize(("current", "target"), ILLEGAL_PAYMENT_MOVES)
def test_every_move_outside_the_lifecycle_is_refused(current, target):
    assert not PAYMENT_LIFECYCLE.can_move(current, target)
    with pytest.raises(IllegalTransition, match=f"This payment is {current.replace('_', ' ')}, so it cannot"):
        PAYMENT_LIFECYCLE.move(current, target)
    with pytest.raises(IllegalTransition):  # as read from the database: plain strings
        PAYMENT_LIFECYCLE.move(str(current), str(target))


def test_the_table_holds_exactly_the_legal_moves():
    assert set(PAYMENT_LIFECYCLE.moves) == LEGAL_PAYMENT_MOVES
    assert PAYMENT_LIFECYCLE.targets(P.SUCCEEDED) == frozenset()  # nothing follows a success
    assert PAYMENT_LIFECYCLE.targets(P.CODE_SENT) == {P.CODE_SENT, P.CONFIRMED, P.CANCELLED}


def test_a_refusal_is_one_sentence_saying_what_to_do():
    with pytest.raises(IllegalTransition) as refused:
        PAYMENT_LIFECYCLE.move(P.SUCCEEDED, P.CANCELLED, doing="be cancelled")
    text = str(refused.value)
    assert text.startswith("This payment is succeeded, so it cannot be cancelled now.") and "\n" not in text
    assert "start again" in text and (refused.value.current, refused.value.doing) == ("succeeded", "be cancelled")


def test_every_journal_step_is_either_a_move_or_allowed_in_named_statuses():
    hand = HAND_TENDER_LIFECYCLE
    assert set(PaymentStep) == MOVE_STEPS | set(STEPS_WHILE) | hand.move_steps | set(hand.steps_while)
    assert not MOVE_STEPS & set(STEPS_WHILE)  # a step either changes the status or leaves it
    assert not hand.move_steps & set(hand.steps_while)


def test_a_hand_tender_succeeds_from_its_quote_and_a_card_payment_never_does():
    for status in (P.QUOTED, P.CODE_SENT, P.CONFIRMED):
        assert HAND_TENDER_LIFECYCLE.move(status, P.SUCCEEDED) == PaymentStep.SUCCEEDED
        with pytest.raises(IllegalTransition):  # a card payment succeeds only from its charge
            PAYMENT_LIFECYCLE.move(status, P.SUCCEEDED)
    # Nothing is recorded by hand on a payment that is charging at Stripe or already ended.
    for status in (P.PROCESSING, *FINAL):
        with pytest.raises(IllegalTransition, match=f"is {status}, so it cannot have a tender recorded"):
            HAND_TENDER_LIFECYCLE.move(status, P.SUCCEEDED, doing="have a tender recorded")
    assert not HAND_TENDER_LIFECYCLE.targets(P.SUCCEEDED)
    with pytest.raises(IllegalTransition):  # a tender's details are for the hand tenders' table only
        check_step(P.CONFIRMED, PaymentStep.TENDER_RECORDED)
    HAND_TENDER_LIFECYCLE.check_step(P.QUOTED, PaymentStep.TENDER_RECORDED)


@pytest.mark.parametrize("step", sorted(MOVE_STEPS))
def test_a_step_that_records_a_status_change_is_never_written_on_its_own(step):
    for status in P:
        with pytest.raises(IllegalTransition):
            check_step(status, step)


@pytest.mark.parametrize("step", [PaymentStep.INVOICE_ISSUED, PaymentStep.INVOICE_PENDING, PaymentStep.EMAILS_QUEUED,
                                  PaymentStep.AMOUNT_DIFFERS])
def test_invoice_and_receipt_steps_only_follow_a_success(step):
    check_step(P.SUCCEEDED, step)
    for status in set(P) - {P.SUCCEEDED}:
        with pytest.raises(IllegalTransition):
            check_step(status, step)


def test_reader_steps_only_while_the_charge_runs():
    for step in (PaymentStep.SENT_TO_READER, PaymentStep.DECLINED, PaymentStep.RETRIED, PaymentStep.NOT_SENT,
                 PaymentStep.CANCEL_REQUESTED):
        check_step(P.PROCESSING, step)
        for status in set(P) - {P.PROCESSING}:
            with pytest.raises(IllegalTransition):
                check_step(status, step)


R = RefundStatus
LEGAL_REFUND_MOVES = {(R.PENDING, R.SUCCEEDED), (R.PENDING, R.FAILED), (R.FAILED, R.SUCCEEDED)}


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in R for b in R if (a, b) not in LEGAL_REFUND_MOVES])
def test_every_refund_move_outside_its_lifecycle_is_refused(current, target):
    with pytest.raises(IllegalTransition, match=f"This refund is {current}, so it cannot"):
        REFUND_LIFECYCLE.move(current, target)


def test_a_refund_that_succeeded_is_final_and_one_that_failed_can_still_be_found_paid():
    assert set(REFUND_LIFECYCLE.moves) == LEGAL_REFUND_MOVES
    assert REFUND_LIFECYCLE.targets(R.SUCCEEDED) == frozenset()
    assert REFUND_LIFECYCLE.final == {R.SUCCEEDED, R.FAILED}


def test_refund_steps_are_checked_against_the_refund_status():
    REFUND_LIFECYCLE.check_step(R.PENDING, RefundStep.ON_READER)
    REFUND_LIFECYCLE.check_step("succeeded", "refund_credit_note")  # as stored
    with pytest.raises(IllegalTransition, match="This refund is failed, so it cannot get a credit note"):
        REFUND_LIFECYCLE.check_step(R.FAILED, RefundStep.CREDIT_NOTE, "get a credit note")
    with pytest.raises(IllegalTransition):
        REFUND_LIFECYCLE.check_step(R.SUCCEEDED, RefundStep.ON_READER)
    with pytest.raises(IllegalTransition):  # only the move to succeeded writes its step
        REFUND_LIFECYCLE.check_step(R.PENDING, RefundStep.SUCCEEDED)
    assert set(RefundStep) == REFUND_LIFECYCLE.move_steps | set(REFUND_LIFECYCLE.steps_while)
    REFUND_LIFECYCLE.check_step(R.SUCCEEDED, RefundStep.TENDER_RETURNED)  # recorded as given back at once
    with pytest.raises(IllegalTransition):
        REFUND_LIFECYCLE.check_step(R.PENDING, RefundStep.TENDER_RETURNED)

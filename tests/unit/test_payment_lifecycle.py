"""The payment and refund lifecycles: one table of status changes, checked without a database."""

from __future__ import annotations

from itertools import pairwise

import pytest

from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.payment import (
    FINAL,
    IN_FLIGHT,
    PAYMENT_LIFECYCLE,
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

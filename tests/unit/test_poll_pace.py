"""The payment window's poll pace: fast while the reader holds the charge, slower when nothing can
happen soon, and never faster than Stripe's Retry-After."""

from __future__ import annotations

import uuid
from dataclasses import replace

from oncopos.domain.errors import GatewayUnavailable, RateLimited
from oncopos.services.payments.records import PROCESSING, PaymentView
from oncopos.ui.payments.pace import (
    DECLINED_MS,
    ERROR_MAX_MS,
    HOSTED_IDLE_MS,
    HOSTED_MS,
    IDLE_AFTER_SECONDS,
    READER_CHECK_MS,
    READER_FAST_MS,
    READER_IDLE_MS,
    PollPace,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def waiting(method: str = "reader") -> PaymentView:
    return PaymentView(id=uuid.uuid4(), enrollment_id=uuid.uuid4(), status=PROCESSING, amount_cents=10_000,
                       tax_cents=0, tax_shares=(), balance_before_cents=10_000, method=method, waiting_for_card=True)


def test_the_reader_is_polled_fast_but_within_five_reads_a_second() -> None:
    clock = Clock()
    pace = PollPace(clock)
    assert pace.restart() == READER_FAST_MS
    reads, start = 0, clock.now
    while clock.now - start < 10:  # ten seconds of a reader waiting for the card, each poll at the pace it was given
        reads += 1 + pace.reader_due()  # the PaymentIntent every poll, the reader when due
        clock.now += pace.next_ms(waiting()) / 1000
    assert READER_FAST_MS <= 300  # "Paid" within 300 ms at the median needs a poll at least this often
    assert reads / 10 <= 4.5  # room under Stripe's 5 a second for the charge's own reads


def test_the_reader_is_read_at_most_once_a_second_and_at_once_after_a_restart() -> None:
    clock = Clock()
    pace = PollPace(clock)
    pace.restart()
    assert pace.reader_due()
    clock.now += (READER_CHECK_MS - 1) / 1000
    assert not pace.reader_due()
    clock.now += 0.001
    assert pace.reader_due()
    pace.restart()  # a Retry sent the charge again: the reader is read on the first poll
    assert pace.reader_due()


def test_nothing_changing_for_a_while_backs_off_and_a_change_speeds_up_again() -> None:
    clock = Clock()
    pace = PollPace(clock)
    pace.restart()
    view = waiting()
    pace.next_ms(view)
    clock.now += IDLE_AFTER_SECONDS + 1
    assert pace.next_ms(view) == READER_IDLE_MS
    declined = replace(view, failure_code="card_declined", failure_message="Declined", waiting_for_card=False)
    assert declined.declined
    assert pace.next_ms(declined) == DECLINED_MS  # waiting for the registrar's Retry
    assert pace.next_ms(view) == READER_FAST_MS  # retried: the card may be tapped any moment


def test_a_hosted_page_is_polled_at_most_once_a_second() -> None:
    clock = Clock()
    pace = PollPace(clock)
    pace.restart()
    view = waiting("hosted")
    assert pace.next_ms(view) == HOSTED_MS
    clock.now += IDLE_AFTER_SECONDS
    assert pace.next_ms(view) == HOSTED_IDLE_MS


def test_a_429_waits_at_least_its_retry_after_and_errors_back_off() -> None:
    pace = PollPace(Clock())
    pace.restart()
    assert pace.next_ms(error=RateLimited("busy", retry_after_seconds=7)) == 7000
    assert pace.next_ms(error=RateLimited("busy")) == ERROR_MAX_MS  # doubled from 7 s, capped
    pace.restart()
    first = pace.next_ms(error=GatewayUnavailable("down"))
    second = pace.next_ms(error=GatewayUnavailable("down"))
    assert READER_FAST_MS < first < second <= ERROR_MAX_MS
    assert pace.next_ms(waiting()) == READER_FAST_MS  # answered again: back to the pace of the payment

"""How often the payment window asks Stripe where a charge is.

"Paid" should be on screen a moment after the card is approved, yet a desk must stay well inside
Stripe's read rate limit (and leave room for the other desks on the same account). So the pace
follows what can happen next:

- the reader holds the payment and the card may be tapped any moment: fast. A poll reads the
  PaymentIntent (a tap shows there first) every 300 ms, and the reader (whose failed action is the
  only sign of a customer's cancel on it, or of the reader dropping off) at most once a second:
  3.3 + 1 reads leave a desk room under 5 reads a second for the charge's own reads (at 250 ms a
  busy second reached 5.8 in bench_paid_on_screen), and "Paid" still shows within 300 ms;
- nothing changed for a while (the student is looking for a card, or walked away): back off to 1 s;
- a hosted page: a phone payment takes a minute anyway, one read a poll, 1 s then 2 s;
- a decline waiting for the registrar's Retry: 1.5 s (only a cancel on the reader can change it);
- Stripe said 429: wait at least its Retry-After, and at least twice the last pause;
- the network failed: twice the last pause, at most 5 s, then the pace above again once it answers.

Plain Python (no Qt): the dialog arms its single-shot timer with `next_ms`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from oncopos.domain.errors import RateLimited
from oncopos.services.payments.records import PaymentView

READER_FAST_MS = 300
READER_IDLE_MS = 1000
#: The reader itself is read at most this often (its failed action changes nothing on the PaymentIntent).
READER_CHECK_MS = 1000
HOSTED_MS = 1000
HOSTED_IDLE_MS = 2000
DECLINED_MS = 1500
ERROR_MAX_MS = 5000
#: After this long without a change the payment counts as idle (the student is not at the reader).
IDLE_AFTER_SECONDS = 120.0


@dataclass
class PollPace:
    """The pause before the next poll, from the last answer (or error) and how long nothing changed."""

    clock: Callable[[], float] = time.monotonic
    last_ms: int = READER_FAST_MS
    _changed_at: float = field(default=0.0, init=False)
    _seen: tuple[object, ...] | None = field(default=None, init=False)
    _reader_read_at: float | None = field(default=None, init=False)

    def restart(self) -> int:
        """A charge was (re)sent: the pace starts fast again; returns the first pause."""
        self._changed_at = self.clock()
        self._seen = None
        self._reader_read_at = None
        self.last_ms = READER_FAST_MS
        return self.last_ms

    def reader_due(self) -> bool:
        """Whether the poll about to go reads the reader too (then it counts as read now)."""
        now = self.clock()
        if self._reader_read_at is not None and (now - self._reader_read_at) * 1000 < READER_CHECK_MS:
            return False
        self._reader_read_at = now
        return True

    def next_ms(self, view: PaymentView | None = None, error: BaseException | None = None) -> int:
        if error is not None:
            pause = min(max(self.last_ms * 2, READER_IDLE_MS), ERROR_MAX_MS)
            if isinstance(error, RateLimited) and error.retry_after_seconds is not None:
                pause = max(pause, int(error.retry_after_seconds * 1000))
            self.last_ms = pause
            return pause
        assert view is not None
        seen = (view.status, view.declined, view.failure_code, view.waiting_for_card)
        if seen != self._seen:
            self._seen, self._changed_at = seen, self.clock()
        idle = self.clock() - self._changed_at >= IDLE_AFTER_SECONDS
        if view.declined:
            pause = DECLINED_MS
        elif view.method == "hosted":
            pause = HOSTED_IDLE_MS if idle else HOSTED_MS
        else:
            pause = READER_IDLE_MS if idle else READER_FAST_MS
        self.last_ms = pause
        return pause

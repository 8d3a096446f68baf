"""How long each kind of Stripe call may take before the app gives up and says so.

The SDK's default is 80 s per try, and with retries on a silent network (a connection Stripe
accepts and never answers) one call blocked the desk for four minutes. Each kind of call gets an
explicit connect and read time-out instead, and `bound` is the longest the whole call can take,
retries and the SDK's back-off included: the window quotes it, the tests assert it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import stripe

from oncopos.domain.gateway import CallKind

#: The SDK sleeps min(0.5 s x 2^(n-1), 5 s) before retry n (with jitter below that); see HTTPClient.
_FIRST_BACKOFF, _MAX_BACKOFF = stripe.HTTPClient.INITIAL_DELAY, stripe.HTTPClient.MAX_DELAY


def _default_reads() -> dict[CallKind, float]:
    return {CallKind.READ: 10.0, CallKind.WRITE: 20.0, CallKind.READER: 20.0, CallKind.LIST: 30.0}


@dataclass(frozen=True)
class StripeTimeouts:
    """Seconds; `read` is per call kind (the wait for the first byte of the answer, per try)."""

    connect: float = 5.0
    read: dict[CallKind, float] = field(default_factory=_default_reads)

    def of(self, kind: CallKind) -> tuple[float, float]:
        """(connect, read) as `requests` takes them."""
        return self.connect, self.read[kind]

    def bound(self, kind: CallKind, retries: int) -> float:
        """The longest one call of this kind can block: every try times out, with the back-off between."""
        tries = retries + 1
        backoff = sum(min(_FIRST_BACKOFF * 2 ** (n - 1), _MAX_BACKOFF) for n in range(1, tries))
        return tries * (self.connect + self.read[kind]) + backoff

    @classmethod
    def uniform(cls, seconds: float) -> StripeTimeouts:
        """The same connect and read time-out for every kind (tests, and a desk on a very slow line)."""
        return cls(connect=seconds, read=dict.fromkeys(CallKind, seconds))

"""The payment lifecycle as data: states, reader attempts and their idempotency keys.

Pure Python (no database, no Stripe), so the rules that decide what a payment may do next are
tested on their own and the services only apply them.
"""

from __future__ import annotations

#: What a card reader payment asks Stripe to allow (a filter: the account's settings may drop some).
READER_METHODS = ("card_present", "interac_present")


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

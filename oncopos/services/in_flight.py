"""Settling what a desk left in flight, one record at a time: the payments that recovery reads back
from Stripe (payments/recovery.py) and the refunds that settlement does (refunds/settlement.py).

One record's fault never stops the others. Stripe not answering leaves the record to be asked
again next time; a refusal worded for a person leaves it open with that sentence; anything else is
a problem, said with what to do, and the record stays open too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from oncopos.domain.errors import InfrastructureError, UserFacingError, first_line
from oncopos.logs import PAYMENT_LOG

payment_log = logging.getLogger(PAYMENT_LOG)


class InFlight(Protocol):
    """A payment or refund record, as far as settling it goes."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def status(self) -> str: ...

    @property
    def final(self) -> bool: ...


R = TypeVar("R", bound=InFlight)


@dataclass
class Settled:
    """Where each record ended, and one line each for the log and the command line."""

    succeeded: list[uuid.UUID] = field(default_factory=list)
    ended: list[uuid.UUID] = field(default_factory=list)        # failed, cancelled or expired: nothing moved
    still_open: list[uuid.UUID] = field(default_factory=list)
    unreachable: list[uuid.UUID] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def settle_each(records: Sequence[R], settle: Callable[[R], R], *, noun: str, doing: str, left: str) -> Settled:
    """`settle` each record (it returns the record as it is after), sorting them by outcome.

    `noun` names a record in the lines ("payment"), `doing` the job in the log ("recovery"), and
    `left` what a record Stripe has not finished is ("left open", "left pending").
    """
    done = Settled()
    for record in records:
        try:
            after = settle(record)
        except InfrastructureError as err:
            done.unreachable.append(record.id)
            done.lines.append(f"{noun} {record.id}: Stripe could not be asked ({err}); it will be asked again.")
            payment_log.warning("%s %s: %s could not reach Stripe: %s", noun, record.id, doing, err)
            continue
        except UserFacingError as err:
            done.still_open.append(record.id)
            done.lines.append(f"{noun} {record.id}: {left}: {err}")
            payment_log.warning("%s %s: %s %s: %s", noun, record.id, doing, left, err)
            continue
        except Exception as err:  # one record's fault never stops the others
            done.still_open.append(record.id)
            done.problems.append(f"{noun} {record.id}: {left} after an unexpected error ({type(err).__name__}: "
                                 f"{first_line(err)}); run oncopos reconcile again, and send payment.log to support "
                                 "if it stays.")
            payment_log.exception("%s %s: %s failed", noun, record.id, doing)
            continue
        bucket = done.succeeded if after.status == "succeeded" else done.ended if after.final else done.still_open
        bucket.append(record.id)
        done.lines.append(f"{noun} {record.id}: {record.status} -> {after.status}")
    return done

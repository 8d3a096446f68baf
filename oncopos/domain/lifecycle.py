"""A lifecycle: states, the steps that move between them, and the one table that says which moves exist.

Shared by payments and refunds (`domain/payment.py`, `domain/refund.py`): a status change anywhere
goes through `Lifecycle.move`, so an impossible change (a succeeded payment cancelled, a refund
failed twice) is refused in one place instead of being checked, or forgotten, at each call site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import Message, catalogue, msg

S = TypeVar("S", bound=StrEnum)
T = TypeVar("T", bound=StrEnum)


class IllegalTransition(UserFacingError):
    """A status change the lifecycle does not allow (the record changed under the caller)."""

    def __init__(self, what: str, current: str, doing: str) -> None:
        super().__init__(msg("lifecycle.refused", what=_known(f"lifecycle.what.{what}", what),
                             status=_known(f"{what}.state.{current}", current.replace("_", " ")),
                             doing=_doing(doing)))
        self.current, self.doing = current, doing


def _known(key: str, otherwise: str) -> Message | str:
    return msg(key) if key in catalogue() else otherwise


def _doing(doing: str) -> Message | str:
    """"send a code" as the catalogue words it in French (payment.doing.*, lifecycle.doing.*)."""
    key = doing.replace(" a ", " ").replace(" ", "_")
    for prefix in ("payment.doing.", "lifecycle.doing."):
        if prefix + key in catalogue():
            return msg(prefix + key)
    return doing


@dataclass(frozen=True)
class Lifecycle(Generic[S, T]):
    """`moves[(from, to)]` is the journal step that records the change; nothing else may change status.

    `steps_while[step]` are the statuses a journal step that leaves the status as it is may be
    written in; a step in neither table is refused.
    """

    what: str
    moves: Mapping[tuple[S, S], T]
    final: frozenset[S]
    steps_while: Mapping[T, frozenset[S]] = field(default_factory=dict)

    def can_move(self, current: S | str, target: S | str) -> bool:
        return (current, target) in self.moves  # StrEnum members equal their values

    def move(self, current: S | str, target: S | str, *, doing: str | None = None) -> T:
        """The step recording `current` -> `target`; raises IllegalTransition when there is no such move.

        `doing` words the refusal for a person ("send a code", "be charged").
        """
        try:
            return self.moves[(current, target)]  # type: ignore[index]
        except KeyError:
            raise IllegalTransition(self.what, str(current),
                                    doing or f"become {str(target).replace('_', ' ')}") from None

    def targets(self, current: S | str) -> frozenset[S]:
        return frozenset(to for (frm, to) in self.moves if frm == current)

    @property
    def move_steps(self) -> frozenset[T]:
        """Steps only a status change writes."""
        return frozenset(self.moves.values())

    def check_step(self, status: S | str, step: T | str, doing: str | None = None) -> None:
        """Refuse a journal step the status does not allow (a Retry on a payment already paid).

        A step that records a status change (`succeeded`, `closed`, ...) is refused too: only the
        move that changes the status writes it, so the journal never says what the row does not.
        """
        allowed = self.steps_while.get(step)  # type: ignore[arg-type]  # StrEnum keys equal their values
        if allowed is None or status not in allowed:
            raise IllegalTransition(self.what, str(status), doing or f"record '{str(step).replace('_', ' ')}'")

"""The audit trail's values: what a query asks, what a row shows, what verification found.

The walk that checks a workstation's hash chain is pure too (`find_breaks`): it receives the
events in sequence order and the function that computes an event's canonical hash.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

GENESIS = "0" * 64

BreakKind = Literal["changed", "deleted", "reordered", "unlinked"]


@dataclass(frozen=True, slots=True)
class ChainEvent:
    """An audit event exactly as stored: the fields its hash covers, plus the stored hash."""

    id: uuid.UUID
    workstation_id: str
    sequence: int
    at: datetime
    staff_id: uuid.UUID | None
    action: str
    subject_type: str | None
    subject_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    workstation_id: str
    sequence: int
    kind: BreakKind
    message: str

    def line(self) -> str:
        return f"{self.workstation_id} #{self.sequence}: {self.kind}: {self.message}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    events: int
    workstations: tuple[str, ...]
    breaks: tuple[ChainBreak, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks

    def summary(self) -> str:
        where = f"{len(self.workstations)} workstation{'s' if len(self.workstations) != 1 else ''}"
        if self.intact:
            return f"Audit trail intact: {self.events} events on {where}."
        return (
            f"Audit trail TAMPERED: {len(self.breaks)} problem{'s' if len(self.breaks) != 1 else ''} "
            f"in {self.events} events on {where}."
        )


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters of the audit view and export; None means "any". Times are aware UTC, end excluded."""

    start: datetime | None = None
    end: datetime | None = None
    staff_id: uuid.UUID | None = None
    system_only: bool = False  # events by the app itself (no staff member)
    action: str | None = None  # exact action, or a family ending in "." (e.g. "staff.")
    subject: str | None = None  # a subject id prefix, a subject type, or a student number
    limit: int = 5000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    workstation_id: str
    sequence: int
    staff_id: uuid.UUID | None
    staff: str  # user name, "system" for the app itself, or the id of an unknown account
    action: str
    subject_type: str | None
    subject_id: str | None
    subject: str  # what a person reads: "student S100012", "staff rita", ...
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def approved_by(self) -> str | None:
        value = self.details.get("approved_by")
        return str(value) if value else None


# How far around its number a changed-hash event is tried at other numbers, to recognise an
# event that was renumbered (moved) rather than edited, when its chain neighbour is gone.
RENUMBER_WINDOW = 64


def find_breaks(events: Sequence[ChainEvent], digest: Callable[[Any], str]) -> list[ChainBreak]:
    """Every break in one workstation's chain, events given in sequence order.

    - changed: an event's fields no longer give its stored hash;
    - deleted: a gap in the sequence (or a chain that does not start at 1);
    - reordered: an event whose hash is right for another number (its number was changed), or
      whose link points to an event numbered after it;
    - unlinked: an event's link matches no event: the one before it was deleted and the gap
      renumbered away, or changed and re-hashed.
    The last events of a chain can be cut off without a trace here; the central copy (sync)
    is what shows that.
    """
    if not events:
        return []
    ws = events[0].workstation_id
    position = {e.hash: e for e in events}
    original: dict[uuid.UUID, int | None] = {}

    def original_sequence(event: ChainEvent, depth: int = 0) -> int | None:
        # Where the links say the event was recorded: one after the event its link names.
        if event.id in original:
            return original[event.id]
        if event.prev_hash == GENESIS:
            value: int | None = 1
        else:
            before = position.get(event.prev_hash)
            value = None if before is None or depth > 10_000 else _plus_one(original_sequence(before, depth + 1))
        original[event.id] = value
        return value

    breaks: list[ChainBreak] = []
    moved: set[uuid.UUID] = set()
    content_ok = {e.id: digest(e) == e.hash for e in events}

    for event in events:
        if content_ok[event.id]:
            continue
        was = original_sequence(event)
        if was is None or was == event.sequence:
            was = _renumbered_from(event, digest)
        if was is not None and was != event.sequence:
            moved.add(event.id)
            breaks.append(
                ChainBreak(ws, event.sequence, "reordered", f"this event was recorded as #{was} and has been renumbered")
            )
        else:
            breaks.append(
                ChainBreak(
                    ws, event.sequence, "changed",
                    f"the event ({event.action}, {event.at.isoformat(timespec='seconds')}) no longer matches its hash: "
                    "its contents were edited",
                )
            )

    previous: ChainEvent | None = None
    for event in events:
        expected_sequence = previous.sequence + 1 if previous else 1
        if event.sequence > expected_sequence:
            first, last = expected_sequence, event.sequence - 1
            missing = f"#{first}" if first == last else f"#{first} to #{last}"
            breaks.append(ChainBreak(ws, first, "deleted", f"event {missing} is missing (deleted)"))
        linked_ok = event.prev_hash == (previous.hash if previous else GENESIS)
        gap = event.sequence != expected_sequence
        if not linked_ok and not gap:
            target = position.get(event.prev_hash)
            if target is not None and target.sequence > event.sequence and event.id not in moved:
                moved.update((event.id, target.id))
                breaks.append(
                    ChainBreak(ws, event.sequence, "reordered", f"this event was recorded after #{target.sequence}")
                )
            elif target is not None and (target.id in moved or event.id in moved or (previous and previous.id in moved)):
                pass  # explained by a reordering reported above
            elif target is None and event.prev_hash != GENESIS:
                breaks.append(
                    ChainBreak(
                        ws, event.sequence, "unlinked",
                        "the event recorded before this one is missing or was changed and re-hashed",
                    )
                )
            else:
                breaks.append(
                    ChainBreak(ws, event.sequence, "unlinked", "this event's link does not match the event before it")
                )
        previous = event
    breaks.sort(key=lambda b: (b.sequence, b.kind))
    return breaks


def _plus_one(value: int | None) -> int | None:
    return None if value is None else value + 1


def _renumbered_from(event: ChainEvent, digest: Callable[[Any], str]) -> int | None:
    for offset in range(1, RENUMBER_WINDOW + 1):
        for candidate in (event.sequence + offset, event.sequence - offset):
            if candidate >= 1 and digest(dataclasses.replace(event, sequence=candidate)) == event.hash:
                return candidate
    return None

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

from oncopos.domain.messages import Message, Money, Param, catalogue, msg, render

GENESIS = "0" * 64

BreakKind = Literal["changed", "deleted", "reordered", "unlinked", "truncated", "forged", "differs"]


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
    # What the check could compare with: "compared with the central copy ...", or why not.
    notes: tuple[str, ...] = ()

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


#: Detail keys whose codes another part of the catalogue already names ("role": "manager").
_VALUES_NAMED_BY = {"role": "role.", "tender": "tender.name.", "paid_by": "tender.name.", "method": "tender.name.",
                    "reason": "refund.reason."}


def action_name(action: str, locale: str | None = None) -> str:
    """An event's action in the reader of `locale`'s words ("staff.sign_in_failed" -> « Connexion refusée »).
    An action the catalogue does not name (an older event's, or one a later version on another desk recorded and
    sync brought here) is shown as recorded: it is data, never an error."""
    key = f"audit.action.{action}"
    return render(msg(key), locale) if key in catalogue() else action


def family_name(family: str, locale: str | None = None) -> str:
    """The filter's choice of every action of a family ("staff" -> « Personnel et connexions (toutes les actions) »),
    or "staff.*" for a family the catalogue does not name."""
    key = f"audit.family.{family}"
    return render(msg("audit.family_line", family=msg(key)), locale) if key in catalogue() else f"{family}.*"


def detail_lines(details: dict[str, Any], locale: str | None = None) -> list[str]:
    """An event's details as the reader of `locale` reads them, one "name: value" each, sorted by key:
    a known key named from the catalogue, a known code or stored English sentence in the reader's
    words, an amount in cents as money. The stored details are not touched (they are hash-chained);
    a key or value the catalogue does not know is data and is shown as recorded."""
    lines = []
    for key, value in sorted(details.items()):
        if key == "approved_by":
            continue  # a column of its own
        name: Param = msg(f"audit.detail.{key}") if f"audit.detail.{key}" in catalogue() else key
        lines.append(render(msg("audit.detail_line", name=name, value=_detail_value(key, value, locale)), locale))
    return lines


def _detail_value(key: str, value: Any, locale: str | None) -> Param:
    if isinstance(value, bool):
        return msg("audit.value.yes" if value else "audit.value.no")
    if isinstance(value, int):
        return Money(value) if key.endswith("_cents") else value
    if value is None:
        return "—"
    if not isinstance(value, str):
        return str(value)
    for family in (_VALUES_NAMED_BY.get(key), "audit.value."):
        if family and f"{family}{value}" in catalogue():
            return Message(f"{family}{value}")
    return render(value, locale)  # a stored English sentence in the reader's words, anything else as it is


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

    def original_sequence(event: ChainEvent) -> int | None:
        # Where the links say the event was recorded: one after the event its link names. Walked
        # without recursion (a trail holds years of events) and safe from links that loop (a
        # forged event may name itself or a later one).
        if event.id in original:
            return original[event.id]
        path: list[ChainEvent] = []
        on_path: set[uuid.UUID] = set()
        current: ChainEvent | None = event
        before_value: int | None = None  # the original number of the event before path[-1]
        while current is not None:
            if current.id in original:
                before_value = original[current.id]
                break
            if current.id in on_path:
                before_value = None  # a loop of links: no number can be trusted
                break
            on_path.add(current.id)
            path.append(current)
            if current.prev_hash == GENESIS:
                before_value = 0
                break
            current = position.get(current.prev_hash)
            if current is None:
                before_value = None
        for item in reversed(path):
            before_value = None if before_value is None else before_value + 1
            original[item.id] = before_value
        return original[event.id]

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


def _renumbered_from(event: ChainEvent, digest: Callable[[Any], str]) -> int | None:
    for offset in range(1, RENUMBER_WINDOW + 1):
        for candidate in (event.sequence + offset, event.sequence - offset):
            if candidate >= 1 and digest(dataclasses.replace(event, sequence=candidate)) == event.hash:
                return candidate
    return None


# The fields two copies of one event must agree on (the stored hash included).
_COMPARED = ("id", "at", "staff_id", "action", "subject_type", "subject_id", "details", "prev_hash", "hash")


def compare_with_central(local: Sequence[ChainEvent], central: Sequence[ChainEvent]) -> list[ChainBreak]:
    """What a desk's copy of one workstation's chain lacks or says differently from the central
    database's copy (which desks can only append to, so it is the reference up to its head).

    - truncated: the desk's chain ends before the central head (its last events were deleted);
    - deleted: events the central database holds are missing in the middle of the desk's chain;
    - forged: the desk holds, under a number the central database has, an event it never received;
    - differs: the same event with other contents (edited, and perhaps re-hashed).
    Events after the central head (not sent yet) are left to the desk's own chain walk.
    """
    if not central:
        return []
    ws = central[0].workstation_id
    mine = {e.sequence: e for e in local}
    breaks: list[ChainBreak] = []
    missing: list[int] = []
    for reference in central:
        event = mine.get(reference.sequence)
        if event is None:
            missing.append(reference.sequence)
            continue
        if event.id != reference.id:
            breaks.append(ChainBreak(ws, event.sequence, "forged",
                                     f"the central database holds another event as #{event.sequence} "
                                     f"({reference.action}, {reference.at.isoformat(timespec='seconds')})"))
        elif any(getattr(event, name) != getattr(reference, name) for name in _COMPARED):
            changed = [name for name in _COMPARED if getattr(event, name) != getattr(reference, name)]
            breaks.append(ChainBreak(ws, event.sequence, "differs",
                                     f"this event differs from the central copy ({', '.join(changed)})"))
    last_here = max(mine) if mine else 0
    for first, last in _runs(missing):
        span = f"#{first}" if first == last else f"#{first} to #{last}"
        if first > last_here:
            breaks.append(ChainBreak(ws, first, "truncated",
                                     f"event {span} (the end of the chain) is missing here; the central database holds it"))
        else:
            breaks.append(ChainBreak(ws, first, "deleted",
                                     f"event {span} is missing here; the central database holds it"))
    breaks.sort(key=lambda b: (b.sequence, b.kind))
    return breaks


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs

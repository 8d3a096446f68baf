"""The arithmetic of a payment for several enrollments: a refund shared over its lines to the cent."""

from __future__ import annotations

import uuid

import pytest

from oncopos.domain.allocation import MAX_PARTS, PartOwner, PartRequest, check_owners, check_requests, spread
from oncopos.domain.errors import InvalidAmount, InvalidInput


@pytest.mark.parametrize(("amount", "room", "expected"), [
    (12_430, [113_000, 11_300], (11_300, 1_130)),  # in proportion to what each line has left
    (7, [3, 3, 3], (3, 2, 2)),                     # the odd cents to the earlier lines
    (9, [3, 3, 3], (3, 3, 3)),                     # the whole
    (100, [50, 50, 1], (50, 49, 1)),               # the largest remainders first
    (5, [0, 10], (0, 5)),                          # a line with nothing left takes nothing
    (0, [10, 10], (0, 0)),
])
def test_spread_adds_up_and_never_exceeds_a_line(amount: int, room: list[int], expected: tuple[int, ...]) -> None:
    parts = spread(amount, room)
    assert parts == expected
    assert sum(parts) == amount and all(0 <= p <= r for p, r in zip(parts, room, strict=True))


def test_spread_refuses_more_than_the_lines_hold() -> None:
    with pytest.raises(InvalidAmount, match=r"more than the \$0.20"):
        spread(21, [10, 10])


def test_requests_that_cannot_make_one_payment() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    check_requests([PartRequest(a, 100), PartRequest(b, 1)])
    with pytest.raises(InvalidInput, match="at least one"):
        check_requests([])
    with pytest.raises(InvalidInput, match="listed twice"):
        check_requests([PartRequest(a, 100), PartRequest(a, 100)])
    with pytest.raises(InvalidAmount, match="for each chosen enrollment"):
        check_requests([PartRequest(a, 100), PartRequest(b, -5)])
    with pytest.raises(InvalidInput, match=f"At most {MAX_PARTS}"):
        check_requests([PartRequest(uuid.uuid4(), 1) for _ in range(MAX_PARTS + 1)])


def test_owners_one_student_one_province() -> None:
    student = uuid.uuid4()
    check_owners([PartOwner(uuid.uuid4(), student, "QC"), PartOwner(uuid.uuid4(), student, "QC")])
    with pytest.raises(InvalidInput, match="different students"):
        check_owners([PartOwner(uuid.uuid4(), student, "QC"), PartOwner(uuid.uuid4(), uuid.uuid4(), "QC")])
    with pytest.raises(InvalidInput, match="different provinces") as refused:
        check_owners([PartOwner(uuid.uuid4(), student, "QC"), PartOwner(uuid.uuid4(), student, "ON")])
    assert "provinces différentes" in refused.value.text("fr-CA")

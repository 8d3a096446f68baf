"""The arithmetic of a payment for several enrollments: a refund shared over its lines to the cent, and a
payment split across tenders shared over its lines, each leg a slice of the whole."""

from __future__ import annotations

import uuid

import pytest

from oncopos.domain.allocation import MAX_PARTS, PartOwner, PartRequest, check_owners, check_requests, legs_of, spread
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


PROGRAM, KIT = uuid.uuid4(), uuid.uuid4()


@pytest.mark.parametrize(("lines", "legs"), [
    ((50_000, 22_600), (30_000, 42_600)),
    ((50_000, 22_600), (40_000, 32_600)),
    ((1, 2), (2, 1)),                   # a leg's share of a line may round to nothing: that line is left off it
    ((33_333, 33_333, 33_334), (1, 99_998, 1)),
    ((11_300, 22_600), (13_560, 20_340)),
])
def test_each_leg_is_a_slice_and_the_legs_add_up_to_every_line(lines: tuple[int, ...], legs: tuple[int, ...]) -> None:
    ids = [PROGRAM, KIT, uuid.uuid4()][: len(lines)]
    requests = [PartRequest(e, cents) for e, cents in zip(ids, lines, strict=True)]
    out = legs_of(requests, legs)
    assert [sum(p.amount_cents for p in leg) for leg in out] == list(legs)
    for e, cents in zip(ids, lines, strict=True):
        assert sum(p.amount_cents for leg in out for p in leg if p.enrollment_id == e) == cents
    assert all(p.amount_cents > 0 for leg in out for p in leg)


def test_legs_in_proportion_with_the_odd_cent_to_the_largest_remainder() -> None:
    lines = [PartRequest(PROGRAM, 50_000), PartRequest(KIT, 22_600)]
    assert legs_of(lines, [30_000, 42_600]) == ((PartRequest(PROGRAM, 20_661), PartRequest(KIT, 9_339)),
                                                (PartRequest(PROGRAM, 29_339), PartRequest(KIT, 13_261)))
    assert legs_of(lines, [1, 72_599]) == ((PartRequest(PROGRAM, 1),),
                                           (PartRequest(PROGRAM, 49_999), PartRequest(KIT, 22_600)))


def test_legs_that_do_not_add_up_to_the_lines_are_refused() -> None:
    with pytest.raises(InvalidAmount, match=r"add up to \$700\.00, not the \$726\.00 being paid \(\$26\.00 missing\)"):
        legs_of([PartRequest(PROGRAM, 50_000), PartRequest(KIT, 22_600)], [30_000, 40_000])

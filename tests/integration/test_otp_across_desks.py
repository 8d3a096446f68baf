"""One-time-code limits hold across desks (through the central database) and across a change of
WORKSTATION_ID; with the central database down, each desk's own limits still apply at once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from oncopos.domain.otp import CodeIncorrect, CodeSendThrottled, CodeSent, Confirmation, ConfirmationLocked
from tests.conftest import FixedClock
from tests.integration.otp_support import OtpDesk, make_otp_desk
from tests.integration.sync_helpers import Desk, make_desk

AMOUNT = 125_000


def send(desk: OtpDesk) -> CodeSent:
    return desk.service.send_code(desk.registrar, enrollment_id=desk.enrollment_id, amount_cents=AMOUNT)


def verify(desk: OtpDesk, challenge_id: object, code: str) -> Confirmation:
    return desk.service.verify_code(desk.registrar, challenge_id=challenge_id, code=code,  # type: ignore[arg-type]
                                    enrollment_id=desk.enrollment_id, amount_cents=AMOUNT)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**len(code):0{len(code)}d}"


@pytest.fixture
def two_desks(tmp_path: Path, pg_url: str, clock: FixedClock) -> tuple[OtpDesk, OtpDesk, Desk, Desk]:
    """DESK1 and DESK2, each its own file and login, sharing the student Emma through sync."""
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    otp_a = make_otp_desk(a.engine, clock, workstation="DESK1")
    a.sync.sync_once()
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    b.sync.sync_once()
    otp_b = make_otp_desk(b.engine, clock, workstation="DESK2")
    assert otp_b.student_id == otp_a.student_id
    otp_a.service.shared = a.sync.otp_counters()
    otp_b.service.shared = b.sync.otp_counters()
    return otp_a, otp_b, a, b


def wrong_tries(desk: OtpDesk, count: int) -> Exception | None:
    sent = send(desk)
    code = desk.mailer.last_code()
    for _ in range(count):
        try:
            verify(desk, sent.challenge_id, wrong(code))
        except CodeIncorrect:
            continue
        except ConfirmationLocked as exc:
            return exc
    return None


def test_wrong_codes_on_two_desks_add_up_to_one_lock(two_desks: tuple[OtpDesk, OtpDesk, Desk, Desk]) -> None:
    a, b, _da, _db = two_desks
    assert wrong_tries(a, 3) is None  # three wrong tries kill DESK1's code
    a.clock.now += timedelta(seconds=31)
    locked = wrong_tries(b, 2)  # two more on DESK2: five for the student, who is locked everywhere
    assert isinstance(locked, ConfirmationLocked)
    a.clock.now += timedelta(seconds=31)
    with pytest.raises(ConfirmationLocked):
        send(a)


def test_sends_count_for_the_student_on_every_desk(two_desks: tuple[OtpDesk, OtpDesk, Desk, Desk]) -> None:
    a, b, _da, _db = two_desks
    send(a)
    with pytest.raises(CodeSendThrottled) as held:
        send(b)  # within 30 seconds of DESK1's code, for the same student
    assert held.value.scope == "student"
    for desk in (b, a, b, a):
        desk.clock.now += timedelta(seconds=31)
        send(desk)
    a.clock.now += timedelta(seconds=31)
    with pytest.raises(CodeSendThrottled) as held:
        send(b)  # the sixth code in the hour, whichever desk sends it
    assert held.value.scope == "student"


def test_the_desk_throttle_survives_a_new_workstation_id(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    desk = make_desk(tmp_path, "DESK1", pg_url, clock)
    otp = make_otp_desk(desk.engine, clock, workstation="DESK1")
    otp.service.shared = desk.sync.otp_counters()
    enrollments = [otp.add_student(n)[1] for n in range(2, 33)]
    for enrollment_id in enrollments[:30]:
        otp.service.send_code(otp.registrar, enrollment_id=enrollment_id, amount_cents=AMOUNT)
    # The same desk (its file, its central login) with WORKSTATION_ID changed in the environment.
    renamed = make_otp_desk(desk.engine, clock, workstation="DESK9")
    with pytest.raises(CodeSendThrottled) as held:
        renamed.service.send_code(renamed.registrar, enrollment_id=enrollments[30], amount_cents=AMOUNT)
    assert held.value.scope == "workstation"
    renamed.service.shared = desk.sync.otp_counters()
    with pytest.raises(CodeSendThrottled):
        renamed.service.send_code(renamed.registrar, enrollment_id=enrollments[30], amount_cents=AMOUNT)


def test_with_the_central_database_down_each_desk_keeps_its_own_limits(tmp_path: Path, clock: FixedClock) -> None:
    down = make_desk(tmp_path, "DESK1", "postgresql+psycopg://oncopos@127.0.0.1:9/oncopos", clock)
    otp = make_otp_desk(down.engine, clock, workstation="DESK1")
    otp.service.shared = down.sync.otp_counters()
    send(otp)
    with pytest.raises(CodeSendThrottled):
        send(otp)

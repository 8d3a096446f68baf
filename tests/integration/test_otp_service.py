"""The one-time code service on SQLite and PostgreSQL: sends, tries, expiry, lockouts, throttles."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.base import Base
from oncopos.adapters.db.models.messaging import OtpChallenge
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.errors import InvalidInput
from oncopos.domain.mail import MailNotSent
from oncopos.domain.otp import (
    CodeAlreadyUsed,
    CodeExpired,
    CodeIncorrect,
    CodeMismatch,
    CodeSendThrottled,
    ConfirmationLocked,
)
from oncopos.logs import configure_logging
from oncopos.services.otp import OtpService
from tests.conftest import FixedClock
from tests.integration.otp_support import OtpDesk, make_otp_desk

AMOUNT = 125_000


@pytest.fixture
def desk(engine: Engine, clock: FixedClock) -> OtpDesk:
    return make_otp_desk(engine, clock)


def send(desk: OtpDesk, amount: int = AMOUNT, **kwargs: object):  # type: ignore[no-untyped-def]
    return desk.service.send_code(desk.registrar, enrollment_id=desk.enrollment_id, amount_cents=amount, **kwargs)


def verify(desk: OtpDesk, challenge_id, code: str, amount: int = AMOUNT, enrollment_id=None):  # type: ignore[no-untyped-def]
    return desk.service.verify_code(desk.registrar, challenge_id=challenge_id, code=code,
                                    enrollment_id=enrollment_id or desk.enrollment_id, amount_cents=amount)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**len(code):0{len(code)}d}"


def appears(code: str, text: str) -> bool:
    return re.search(rf"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])", text) is not None


def everything_stored(desk: OtpDesk) -> str:
    with desk.factory() as session:
        rows = [
            repr(row)
            for table in Base.metadata.sorted_tables
            for row in session.execute(sa.select(table)).all()
        ]
    return "\n".join(rows)


def test_a_code_confirms_its_payment_once_and_only_its_hmac_is_stored(desk: OtpDesk) -> None:
    sent = send(desk)
    assert sent.sent_to == "e•••••@gmail.com"
    assert sent.expires_at == desk.clock.now + timedelta(minutes=10)
    assert sent.attempts_left == 3
    message = desk.mailer.sent[-1]
    assert message.to == "emma.leduc@gmail.com" and message.subject.startswith("Votre code")  # she reads French
    code = desk.mailer.last_code()
    assert len(code) == 6

    desk.clock.now += timedelta(minutes=2)
    confirmation = verify(desk, sent.challenge_id, f" {code[:3]} {code[3:]} ")
    assert confirmation.challenge_id == sent.challenge_id and confirmation.confirmed_at == desk.clock.now
    with pytest.raises(CodeAlreadyUsed):
        verify(desk, sent.challenge_id, code)

    stored = desk.challenge(sent.challenge_id)
    assert (stored.status, stored.confirmed_at, stored.amount_cents) == ("used", desk.clock.now, AMOUNT)
    assert stored.code_hmac != code and len(stored.code_hmac) == 64
    assert not appears(code, everything_stored(desk)), "the code must not be anywhere in the database"
    events = [(e.action, e.staff_id, e.workstation_id) for e in desk.actions()]
    assert events == [("otp.sent", desk.registrar.staff_id, "DESK1"), ("otp.confirmed", desk.registrar.staff_id, "DESK1")]


def test_three_wrong_codes_kill_the_code(desk: OtpDesk) -> None:
    sent = send(desk)
    code = desk.mailer.last_code()
    lefts = []
    for _ in range(3):
        with pytest.raises(CodeIncorrect) as caught:
            verify(desk, sent.challenge_id, wrong(code))
        lefts.append(caught.value.attempts_left)
    assert lefts == [2, 1, 0]
    assert str(caught.value) == "The code is not right, and this code cannot be tried again. Send a new code."
    with pytest.raises(CodeIncorrect, match="Send a new code"):
        verify(desk, sent.challenge_id, code)  # even the right code: the code is dead
    assert desk.challenge(sent.challenge_id).status == "failed"
    assert [e.details["attempts_left"] for e in desk.actions() if e.action == "otp.failed"] == [2, 1, 0]


def test_first_wrong_try_message(desk: OtpDesk) -> None:
    sent = send(desk)
    with pytest.raises(CodeIncorrect) as caught:
        verify(desk, sent.challenge_id, wrong(desk.mailer.last_code()))
    assert str(caught.value) == "The code is not right. 2 tries left. Ask the student to read it again."


def test_text_that_is_not_a_code_costs_no_try(desk: OtpDesk) -> None:
    sent = send(desk)
    with pytest.raises(InvalidInput, match="Type the 6 digits"):
        verify(desk, sent.challenge_id, "12345")
    with pytest.raises(CodeIncorrect) as caught:
        verify(desk, sent.challenge_id, wrong(desk.mailer.last_code()))
    assert caught.value.attempts_left == 2


def test_an_expired_code_is_refused_even_when_right(desk: OtpDesk) -> None:
    sent = send(desk)
    code = desk.mailer.last_code()
    desk.clock.now += timedelta(minutes=10)
    with pytest.raises(CodeExpired, match=r"This code has expired. Send a new code."):
        verify(desk, sent.challenge_id, code)
    with pytest.raises(CodeExpired):
        verify(desk, sent.challenge_id, code)
    assert desk.challenge(sent.challenge_id).status == "expired"
    assert [e.action for e in desk.actions()].count("otp.expired") == 1


def test_a_resend_kills_the_old_code_and_keeps_the_failure_count(desk: OtpDesk) -> None:
    first = send(desk)
    old_code = desk.mailer.last_code()
    for _ in range(3):
        with pytest.raises(CodeIncorrect):
            verify(desk, first.challenge_id, wrong(old_code))
    desk.clock.now += timedelta(seconds=31)
    second = send(desk)
    assert second.attempts_left == 2, "5 wrong codes per student; 3 already spent on the first code"
    with pytest.raises(CodeIncorrect) as caught:
        verify(desk, second.challenge_id, wrong(desk.mailer.last_code()))
    assert caught.value.attempts_left == 1

    desk.clock.now += timedelta(seconds=31)
    third = send(desk)
    with pytest.raises(CodeAlreadyUsed):
        verify(desk, second.challenge_id, desk.mailer.last_code())  # the second code was replaced
    assert third.attempts_left == 1
    with pytest.raises(ConfirmationLocked) as locked:
        verify(desk, third.challenge_id, wrong(desk.mailer.last_code()))
    assert locked.value.until == desk.clock.now + timedelta(minutes=1)
    assert "Try again in 1 minute, with a new code." in str(locked.value)


def lock_student(desk: OtpDesk) -> ConfirmationLocked:
    """Five wrong codes in a row (over two codes), which locks the student."""
    for _ in range(2):
        sent = send(desk)
        code = desk.mailer.last_code()
        for _ in range(3):
            try:
                verify(desk, sent.challenge_id, wrong(code))
            except CodeIncorrect as exc:
                if exc.attempts_left == 0:
                    break
            except ConfirmationLocked as exc:
                return exc
        desk.clock.now += timedelta(seconds=31)
    raise AssertionError("the student was never locked")


def test_the_lock_refuses_sends_and_tries_until_it_ends_and_grows_next_time(desk: OtpDesk) -> None:
    start = desk.clock.now
    locked = lock_student(desk)
    until = locked.until
    assert until == desk.clock.now + timedelta(minutes=1)
    with pytest.raises(ConfirmationLocked):
        send(desk)
    with desk.factory() as session:
        latest = session.scalars(sa.select(OtpChallenge.id).order_by(OtpChallenge.created_at.desc())).first()
    with pytest.raises(ConfirmationLocked):
        verify(desk, latest, "000000")
    desk.clock.now = until - timedelta(seconds=1)
    with pytest.raises(ConfirmationLocked, match="1 second"):
        send(desk)

    desk.clock.now = until
    sent = send(desk)
    assert sent.attempts_left == 3, "the count starts again after a lock"
    desk.clock.now += timedelta(seconds=31)
    second = lock_student(desk)
    assert second.until == desk.clock.now + timedelta(minutes=5), "the second lock is longer"

    desk.clock.now = second.until
    with pytest.raises(CodeSendThrottled, match="to this student"):
        send(desk)  # the lock is over, but five codes in an hour is the most a student gets
    desk.clock.now = start + timedelta(hours=1)
    sent = send(desk)
    assert verify(desk, sent.challenge_id, desk.mailer.last_code()).challenge_id == sent.challenge_id
    actions = [e.action for e in desk.actions()]
    assert actions.count("otp.locked") == 2 and actions.count("otp.refused_locked") == 3
    lock_events = [e for e in desk.actions() if e.action == "otp.locked"]
    assert all(e.staff_id == desk.registrar.staff_id and e.workstation_id == "DESK1" for e in lock_events)


def test_sends_are_throttled_per_student_with_when_to_try_again(desk: OtpDesk) -> None:
    start = desk.clock.now
    send(desk)
    desk.clock.now += timedelta(seconds=10)
    with pytest.raises(CodeSendThrottled) as caught:
        send(desk)
    assert (caught.value.scope, caught.value.retry_at) == ("student", start + timedelta(seconds=30))
    assert str(caught.value) == "Too many codes were sent to this student just now. Wait 20 seconds, then send a new code."
    for _ in range(4):
        desk.clock.now += timedelta(seconds=30)
        send(desk)
    desk.clock.now += timedelta(seconds=30)
    with pytest.raises(CodeSendThrottled) as caught:
        send(desk)
    assert caught.value.retry_at == start + timedelta(hours=1)
    assert "Wait 58 minutes" in str(caught.value)
    desk.clock.now = start + timedelta(hours=1)
    send(desk)
    assert len(desk.mailer.sent) == 6
    assert [e.action for e in desk.actions()].count("otp.throttled") == 2


def test_sends_are_throttled_per_desk(desk: OtpDesk) -> None:
    start = desk.clock.now
    enrollments = [desk.add_student(n)[1] for n in range(2, 33)]
    for enrollment_id in enrollments[:30]:
        desk.service.send_code(desk.registrar, enrollment_id=enrollment_id, amount_cents=AMOUNT)
        desk.clock.now += timedelta(seconds=1)
    with pytest.raises(CodeSendThrottled) as caught:
        desk.service.send_code(desk.registrar, enrollment_id=enrollments[30], amount_cents=AMOUNT)
    assert (caught.value.scope, caught.value.retry_at) == ("workstation", start + timedelta(hours=1))
    assert "from this desk" in str(caught.value)
    # The same desk's database under another WORKSTATION_ID is still the same desk: no fresh sends.
    renamed = make_otp_desk(desk.factory.kw["bind"], desk.clock, workstation="DESK2")
    with pytest.raises(CodeSendThrottled):
        renamed.service.send_code(renamed.registrar, enrollment_id=enrollments[30], amount_cents=AMOUNT)


def test_the_code_is_bound_to_enrollment_amount_and_email(desk: OtpDesk) -> None:
    sent = send(desk)
    code = desk.mailer.last_code()
    with pytest.raises(CodeMismatch, match=r"The amount changed after the code was sent. Send a new code"):
        verify(desk, sent.challenge_id, code, amount=AMOUNT + 1)
    _, other_enrollment = desk.add_student(2)
    with pytest.raises(CodeMismatch, match="The enrollment changed"):
        verify(desk, sent.challenge_id, code, enrollment_id=other_enrollment)
    assert desk.challenge(sent.challenge_id).failed_attempts == 0, "a changed payment is not a wrong code"

    with desk.factory() as session, session.begin():
        session.get(Student, desk.student_id).email = "emma.new@outlook.com"
    with pytest.raises(CodeMismatch, match="The email address changed"):
        verify(desk, sent.challenge_id, code)
    with desk.factory() as session, session.begin():
        session.get(Student, desk.student_id).email = "emma.leduc@gmail.com"
    assert verify(desk, sent.challenge_id, code).challenge_id == sent.challenge_id
    assert [e.details["changed"] for e in desk.actions() if e.action == "otp.mismatch"] == [
        "amount", "enrollment", "email address"
    ]


def test_a_code_that_cannot_be_sent_is_an_error_at_once_and_not_a_send(desk: OtpDesk) -> None:
    desk.mailer.fail_with = MailNotSent("Cannot connect to the mail server smtp.example.ca:587 (connection refused).")
    with pytest.raises(MailNotSent, match=r"^The code was not sent. Cannot connect to the mail server"):
        send(desk)
    with desk.factory() as session:
        statuses = list(session.scalars(sa.select(OtpChallenge.status)))
    assert statuses == ["unsent"]
    assert [e.action for e in desk.actions()] == ["otp.send_failed"]
    desk.mailer.fail_with = None
    assert send(desk).attempts_left == 3, "a send that failed does not count against the throttle"


def test_the_hmac_key_is_made_once_and_kept_in_the_secret_store(desk: OtpDesk, engine: Engine) -> None:
    sent = send(desk)
    key = desk.secrets.get("otp_hmac_key")
    assert key is not None and len(bytes.fromhex(key)) == 32
    code = desk.mailer.last_code()
    # A restarted app (a new service) with the same keyring still verifies the code.
    restarted = OtpService(lambda: SqlUnitOfWork(desk.factory), desk.mailer, desk.service._settings, desk.secrets,
                           desk.clock)
    assert restarted.verify_code(desk.registrar, challenge_id=sent.challenge_id, code=code,
                                 enrollment_id=desk.enrollment_id, amount_cents=AMOUNT)
    assert desk.secrets.get("otp_hmac_key") == key


def test_an_eight_digit_code_when_configured(engine: Engine, clock: FixedClock) -> None:
    desk = make_otp_desk(engine, clock, otp_length=8, otp_max_attempts=2)
    sent = send(desk)
    assert len(desk.mailer.last_code()) == 8 and sent.attempts_left == 2


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "logs"
    configure_logging(directory)
    yield directory
    for logger in (logging.getLogger(), logging.getLogger("oncopos.payment"), logging.getLogger("oncopos.security")):
        for handler in list(logger.handlers):
            if getattr(handler, "_oncopos", False) or logger.name.startswith("oncopos."):
                logger.removeHandler(handler)
                handler.close()


def test_logs_record_every_step_with_staff_and_desk_but_never_a_code(desk: OtpDesk, log_dir: Path) -> None:
    codes = []
    sent = send(desk)
    codes.append(desk.mailer.last_code())
    with pytest.raises(CodeIncorrect):
        verify(desk, sent.challenge_id, wrong(codes[-1]))
    verify(desk, sent.challenge_id, codes[-1])
    desk.clock.now += timedelta(seconds=31)
    lock_student(desk)
    codes += [re.search(r": (\d{6})", m.text).group(1) for m in desk.mailer.sent]  # type: ignore[union-attr]
    desk.clock.now += timedelta(minutes=2)
    expired = send(desk)
    codes.append(desk.mailer.last_code())
    desk.clock.now += timedelta(minutes=11)
    with pytest.raises(CodeExpired):
        verify(desk, expired.challenge_id, codes[-1])

    security = (log_dir / "security.log").read_text(encoding="utf-8")
    for event in ("otp.sent", "otp.failed", "otp.confirmed", "otp.locked", "otp.expired"):
        lines = [line for line in security.splitlines() if event in line]
        assert lines, f"{event} missing from security.log"
        assert all("staff=rita" in line and "workstation=DESK1" in line for line in lines)
    everything = "".join(p.read_text(encoding="utf-8") for p in log_dir.glob("*.log"))
    leaked = [code for code in set(codes) if appears(code, everything)]
    assert not leaked, f"codes found in the logs: {leaked}"
    assert "emma.leduc@gmail.com" not in everything, "addresses are masked in the logs"



def test_a_sent_code_says_when_the_next_may_go(desk: OtpDesk) -> None:
    """The window counts down to `resend_at` on its Resend button: the pause after each code, and the
    hourly cap once it is reached."""
    start = desk.clock.now
    assert send(desk).resend_at == start + timedelta(seconds=30)
    for _ in range(4):
        desk.clock.now += timedelta(seconds=30)
        sent = send(desk)
    assert sent.resend_at == start + timedelta(hours=1)  # the fifth code in the hour: the next waits for the hour
    with pytest.raises(CodeSendThrottled) as caught:
        send(desk)
    assert caught.value.retry_at == sent.resend_at


class PaymentRefused(Exception):
    """What a payment's own step raises when its row says it can no longer take that step."""


def refuse(_uow: object, _what: object) -> None:
    raise PaymentRefused()


def test_a_code_is_used_up_only_with_the_payment_step_it_commits_with(desk: OtpDesk) -> None:
    sent = send(desk)
    code = desk.mailer.last_code()

    with pytest.raises(PaymentRefused):  # the payment refused its step: neither is committed
        desk.service.verify_code(desk.registrar, challenge_id=sent.challenge_id, code=code,
                                 enrollment_id=desk.enrollment_id, amount_cents=AMOUNT, same_commit=refuse)
    assert desk.challenge(sent.challenge_id).status == "pending"
    assert "otp.confirmed" not in [e.action for e in desk.actions()]

    written: list[str] = []
    desk.service.verify_code(desk.registrar, challenge_id=sent.challenge_id, code=code,
                             enrollment_id=desk.enrollment_id, amount_cents=AMOUNT,
                             same_commit=lambda _uow, confirmed: written.append(str(confirmed.challenge_id)))
    assert written == [str(sent.challenge_id)] and desk.challenge(sent.challenge_id).status == "used"


def test_a_send_is_recorded_even_when_the_payment_step_with_it_is_refused(desk: OtpDesk) -> None:
    with pytest.raises(PaymentRefused):
        send(desk, same_commit=refuse)

    # The email went out, so its send is in the trail and its code works; only the payment's step is not.
    assert [e.action for e in desk.actions()].count("otp.sent") == 1
    challenge = desk.challenge(uuid.UUID(desk.actions()[-1].subject_id))
    assert challenge.status == "pending"
    verify(desk, challenge.id, desk.mailer.last_code())


def test_a_code_joins_the_unit_of_work_that_read_its_payment(desk: OtpDesk) -> None:
    with SqlUnitOfWork(desk.factory) as uow:
        assert uow.otp.recipient(desk.enrollment_id) is not None  # what the caller read first, in its transaction
        sent = send(desk, joining=uow)
        assert uow.session is not None  # committed, and left open for its owner to end
    with SqlUnitOfWork(desk.factory) as uow:
        desk.service.verify_code(desk.registrar, challenge_id=sent.challenge_id, code=desk.mailer.last_code(),
                                 enrollment_id=desk.enrollment_id, amount_cents=AMOUNT, joining=uow)
        assert uow.session is not None
    assert desk.challenge(sent.challenge_id).status == "used"

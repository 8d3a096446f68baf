"""The payment service refuses a status change the lifecycle table does not allow, against the status
on disk, and writes nothing of it (real database, SQLite and PostgreSQL; Stripe is the simulator)."""

from __future__ import annotations

import pytest

from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.lifecycle import IllegalTransition
from oncopos.services.payments import status
from oncopos.services.payments.records import CANCELLED, CODE_SENT, PROCESSING, QUOTED, SUCCEEDED, Step
from tests.payment_support import REGISTRAR


def paid(desk, amount_cents=50_000):
    enrollment = desk.enrollment(price_cents=100_000)
    payment_id = desk.confirmed(enrollment, amount_cents)
    desk.service.charge_on_reader(REGISTRAR, payment_id, desk.reader.id)
    desk.service.gateway.present_test_card(desk.reader.id, "4242424242424242")
    for _ in range(20):
        if desk.service.poll(REGISTRAR, payment_id).final:
            break
    assert desk.service.view(payment_id).status == SUCCEEDED
    return payment_id


def row(desk, payment_id):
    with SqlUnitOfWork(desk.factory) as uow:
        return uow.payments.get(payment_id)


def test_a_paid_payment_gets_no_new_code_and_is_not_charged_again(desk):
    payment_id = paid(desk)
    steps, requests_before = desk.steps(payment_id), desk.simulator.state.request_count

    with pytest.raises(IllegalTransition, match="is succeeded, so it cannot send a code"):
        desk.service.send_code(REGISTRAR, payment_id)
    with pytest.raises(IllegalTransition, match="is succeeded, so it cannot check a code"):
        desk.service.confirm_code(REGISTRAR, payment_id, "123456")
    with pytest.raises(IllegalTransition, match="is succeeded, so it cannot be charged"):
        desk.service.charge_hosted(REGISTRAR, payment_id)

    assert row(desk, payment_id).status == SUCCEEDED
    assert desk.steps(payment_id) == steps  # nothing journalled by a refused change
    assert desk.simulator.state.request_count == requests_before  # Stripe never asked


def test_a_cancelled_payment_stays_cancelled(desk):
    enrollment = desk.enrollment(price_cents=100_000)
    view = desk.service.start(REGISTRAR, enrollment, 20_000)
    desk.service.cancel(REGISTRAR, view.id)
    assert row(desk, view.id).status == CANCELLED

    with pytest.raises(IllegalTransition, match="is cancelled, so it cannot send a code"):
        desk.service.send_code(REGISTRAR, view.id)
    with pytest.raises(IllegalTransition, match="is cancelled, so it cannot be charged"):
        desk.service.charge_on_reader(REGISTRAR, view.id, desk.reader.id)
    assert row(desk, view.id).status == CANCELLED and desk.steps(view.id) == ["quoted", "closed"]


def test_the_check_reads_the_row_on_disk_not_an_earlier_copy(desk):
    """Two windows on one payment: the one that read `quoted` before the other cancelled it is refused
    when it writes, and the cancelled row keeps its status and its journal."""
    enrollment = desk.enrollment(price_cents=100_000)
    view = desk.service.start(REGISTRAR, enrollment, 20_000)
    earlier = row(desk, view.id)
    assert earlier.status == QUOTED
    desk.service.cancel(REGISTRAR, view.id)

    with SqlUnitOfWork(desk.factory) as uow, pytest.raises(IllegalTransition, match="is cancelled"):
        status.move(uow, view.id, CODE_SENT, at=utc_now(), detail={})
    with SqlUnitOfWork(desk.factory) as uow, pytest.raises(IllegalTransition, match="is cancelled"):
        status.move(uow, view.id, PROCESSING, at=utc_now(), detail={}, method="reader")
    assert row(desk, view.id).status == CANCELLED and desk.steps(view.id) == ["quoted", "closed"]


def test_a_step_is_refused_in_a_status_that_does_not_allow_it(desk):
    payment_id = paid(desk)
    steps = desk.steps(payment_id)
    with SqlUnitOfWork(desk.factory) as uow, pytest.raises(IllegalTransition, match="is succeeded"):
        status.record_step(uow, payment_id, Step.RETRIED, at=utc_now(), detail={}, failure_code=None)
    # A step that records a status change is written only by that change, never on its own.
    with SqlUnitOfWork(desk.factory) as uow, pytest.raises(IllegalTransition):
        status.record_step(uow, payment_id, Step.CLOSED, at=utc_now(), detail={})
    with SqlUnitOfWork(desk.factory) as uow, pytest.raises(TypeError):
        status.record_step(uow, payment_id, Step.DECLINED, at=utc_now(), detail={}, status=CANCELLED)
    assert desk.steps(payment_id) == steps and row(desk, payment_id).status == SUCCEEDED


def test_a_retry_after_success_is_refused_and_nothing_is_sent(desk):
    payment_id = paid(desk)
    requests_before = desk.simulator.state.request_count
    with pytest.raises(IllegalTransition, match="is succeeded, so it cannot be retried"):
        desk.service.retry(REGISTRAR, payment_id)
    assert "retried" not in desk.steps(payment_id)
    assert desk.simulator.state.request_count == requests_before

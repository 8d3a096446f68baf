"""A manager's approval is for one action: its permission, its subject, once, within minutes.

The real staff service signs in a registrar and approves with a manager's real password on a real
database (SQLite and PostgreSQL); the refund goes through the real refund service to the simulator.
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from oncopos.adapters.db.models.access import OverrideApproval
from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import APPROVAL_MINUTES, ApprovalRefused, Permission, PermissionDenied, Role, subject
from oncopos.domain.access import system_actor as app_actor
from oncopos.services.guard import authorize
from oncopos.services.refunds.records import SUCCEEDED
from oncopos.services.staff import StaffService

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        from oncopos.adapters.db.session import utc_now

        return utc_now() + self.offset


@pytest.fixture
def people(refunds):  # type: ignore[no-untyped-def]
    clock = Clock()
    staff = StaffService(lambda: SqlUnitOfWork(refunds.desk.factory), workstation_id="DESK1", clock=clock, hasher=FAST)
    system = app_actor("DESK1")
    staff.create_staff(system, "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Registrar")
    staff.create_staff(system, "marc", "blue heron over lake", Role.MANAGER, "Marc Manager")
    return staff, clock, staff.sign_in("rita", "maple syrup at dawn")


def approve(staff, rita, payment_id):  # type: ignore[no-untyped-def]
    return staff.approve_override(rita, Permission.REFUND, "marc", "blue heron over lake", "charged twice",
                                  subject=subject("payment_id", payment_id))


def test_an_approved_refund_goes_through_once_and_names_both_people(refunds, people) -> None:  # type: ignore[no-untyped-def]
    staff, _clock, rita = people
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    with pytest.raises(PermissionDenied, match="rita \\(registrar\\) may not refund"):
        refunds.service.refund(rita, payment, 1_000, "duplicate")
    approved = approve(staff, rita, payment)
    assert refunds.service.refund(approved, payment, 1_000, "duplicate").status == SUCCEEDED

    with pytest.raises(ApprovalRefused, match="used already or has expired"):
        refunds.service.refund(approved, payment, 1_000, "duplicate")
    assert [r["amount"] for r in refunds.stripe_refunds()] == [1_000]
    with refunds.desk.factory() as session:
        used = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "override.used")).one()
        requested = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "refund.requested")).one()
        row = session.scalars(sa.select(OverrideApproval)).one()
    assert used.details["approved_by"] == "marc" and used.details["override_reason"] == "charged twice"
    assert requested.details["approved_by"] == "marc"
    assert row.used_at is not None and row.permission == "refund" and row.subject == f"payment_id={payment}"


def test_an_approval_for_a_refund_creates_no_admin_and_refunds_nothing_else(refunds, people) -> None:  # type: ignore[no-untyped-def]
    staff, _clock, rita = people
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    other = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    approved = approve(staff, rita, payment)
    with pytest.raises(PermissionDenied):
        staff.create_staff(approved, "mallory", "a long enough password", Role.ADMIN, "Mallory")
    with pytest.raises(PermissionDenied):
        staff.list_staff(approved)
    with pytest.raises(ApprovalRefused, match="given for refund \\(payment_id="):
        refunds.service.refund(approved, other, 1_000, "duplicate")
    assert refunds.stripe_refunds() == []
    # None of these spent it: the refund it was given for still goes through.
    assert refunds.service.refund(approved, payment, 1_000, "duplicate").status == SUCCEEDED


def test_an_approval_expires_within_minutes(refunds, people) -> None:  # type: ignore[no-untyped-def]
    staff, clock, rita = people
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    approved = approve(staff, rita, payment)
    clock.offset = timedelta(minutes=APPROVAL_MINUTES, seconds=1)
    with pytest.raises(ApprovalRefused, match="expired"):
        refunds.service.refund(approved, payment, 1_000, "duplicate")
    assert refunds.stripe_refunds() == [] and refunds.refund_rows() == []


def test_an_approval_made_up_without_the_database_is_refused(refunds, people) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    staff, _clock, rita = people
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    real = approve(staff, rita, payment)
    assert real.approval is not None
    forged = dataclasses.replace(real, approval=dataclasses.replace(real.approval, id=uuid.uuid4()))
    with pytest.raises(ApprovalRefused):
        refunds.service.refund(forged, payment, 1_000, "duplicate")


def test_two_uses_racing_for_one_approval_let_exactly_one_through(refunds, people) -> None:  # type: ignore[no-untyped-def]
    staff, _clock, rita = people
    payment_id = uuid.uuid4()
    approved = approve(staff, rita, payment_id)
    start, results = threading.Barrier(6), []

    def use() -> None:
        start.wait()
        try:
            authorize(approved, Permission.REFUND, on=subject("payment_id", payment_id))
            results.append("passed")
        except ApprovalRefused:
            results.append("refused")

    threads = [threading.Thread(target=use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["passed"] + ["refused"] * 5


def test_a_deactivated_approver_approval_no_longer_counts(refunds, people) -> None:  # type: ignore[no-untyped-def]
    staff, _clock, rita = people
    staff.create_staff(app_actor("DESK1"), "ada", "admin of the front desk", Role.ADMIN, "Ada Admin")
    ada = staff.sign_in("ada", "admin of the front desk")
    payment = refunds.paid(refunds.desk.enrollment(price_cents=10_000), 11_300)
    approved = approve(staff, rita, payment)
    staff.deactivate(ada, "marc")
    with pytest.raises(ApprovalRefused):
        refunds.service.refund(approved, payment, 1_000, "duplicate")
    assert refunds.stripe_refunds() == []

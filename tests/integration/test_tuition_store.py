"""The tuition repository on SQLite and PostgreSQL: the year's studies with the one ledger, the
student's tax details, slips kept with their history, and the returns made from them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from oncopos.adapters.db.models.tuition import StudentTaxDetails
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.tuition import SlipKind, Study, TuitionClass, year_of_study
from oncopos.services.tuition_records import NewSlip
from tests.tuition_support import add_student, add_study, pay, refund, withdraw

AT = datetime(2027, 1, 20, 15, tzinfo=UTC)


@pytest.fixture
def factory(engine: Engine) -> sessionmaker:
    return make_session_factory(engine, workstation_id="DESK1")


def test_the_years_studies_carry_their_hours_class_and_what_was_kept(factory: sessionmaker) -> None:
    ada = add_student(factory)
    diploma = add_study(factory, ada, name="Oncology Aesthetics Diploma", starts=date(2026, 9, 8),
                        ends=date(2027, 4, 30), minutes_per_week=25 * 60, price_cents=900_000)
    kit = add_study(factory, ada, name="Starter kit", starts=date(2026, 9, 8), ends=date(2026, 9, 8),
                    minutes_per_week=None, price_cents=30_000, tax_cents=3_900, tuition_class="not_tuition",
                    kind="kit")
    add_study(factory, ada, name="Last year's workshop", starts=date(2025, 3, 1), ends=date(2025, 3, 31),
              minutes_per_week=600, price_cents=20_000)
    evening = add_study(factory, ada, name="Wig fitting (evenings)", starts=date(2026, 10, 1), ends=date(2026, 12, 15),
                        minutes_per_week=4 * 60, price_cents=45_000)
    first = pay(factory, diploma, 500_000)
    pay(factory, diploma, 100_000, status="failed")  # not money
    refund(factory, first, 50_000)
    pay(factory, kit, 33_900)
    pay(factory, evening, 45_000)
    withdraw(factory, evening, at=datetime(2026, 11, 20, 17, tzinfo=UTC), credit_cents=15_000, paid_cents=45_000)

    with SqlUnitOfWork(factory) as uow:
        studies = {s.enrollment_id: s for s in uow.tuition.studies_touching(2026)}
    assert set(studies) == {diploma, kit, evening}  # last year's workshop does not touch 2026
    d = studies[diploma]
    assert (d.tuition_class, d.minutes_per_week, d.starts_on, d.ends_on) == ("occupational", 1500, date(2026, 9, 8),
                                                                            date(2027, 4, 30))
    assert (d.net_paid_cents, d.credit_cents, d.status) == (450_000, 0, "active")
    assert (studies[kit].tuition_class, studies[kit].total_cents) == ("not_tuition", 33_900)
    e = studies[evening]
    assert (e.status, e.withdrawn_at, e.credit_cents, e.net_paid_cents) == (
        "withdrawn", datetime(2026, 11, 20, 17, tzinfo=UTC), 15_000, 45_000)
    with SqlUnitOfWork(factory) as uow:
        assert {s.enrollment_id for s in uow.tuition.studies_touching(2027)} == {diploma}
        students = uow.tuition.students([ada])
    assert students[ada].last_name == "Tremblay" and students[ada].date_of_birth == date(1994, 4, 2)


def test_tax_details_are_one_row_per_student_and_keep_only_the_token(factory: sessionmaker) -> None:
    ada = add_student(factory)
    with SqlUnitOfWork(factory) as uow:
        assert uow.tuition.tax_details([ada]) == {}
        uow.tuition.save_sin(ada, "gAAAAABtoken")
        details = uow.tuition.save_email_consent(ada, True, at=AT, staff_id=None)
        uow.commit()
    assert (details.sin_encrypted, details.slip_by_email, details.email_consent_at) == ("gAAAAABtoken", True, AT)
    with SqlUnitOfWork(factory) as uow:
        uow.tuition.save_email_consent(ada, False, at=AT, staff_id=None)
        uow.commit()
    with factory() as session:
        rows = session.scalars(sa.select(StudentTaxDetails)).all()
    assert len(rows) == 1 and rows[0].sin_encrypted == "gAAAAABtoken" and rows[0].slip_by_email is False
    assert rows[0].version == 3  # each change a new version, announced to the other desks


def test_slips_keep_their_history_and_a_return_files_them(factory: sessionmaker) -> None:
    ada = add_student(factory)
    study = Study("e1", "Oncology Aesthetics Diploma", TuitionClass.OCCUPATIONAL, date(2026, 1, 12),
                  date(2026, 6, 26), 1500, 910_000)
    figures = year_of_study(2026, [study], date_of_birth=date(1994, 4, 2))
    with SqlUnitOfWork(factory) as uow:
        student = uow.tuition.students([ada])[ada]
        original = uow.tuition.add_slip(NewSlip(ada, 2026, SlipKind.ORIGINAL, None, AT, None, "DESK1", figures, student))
        filed = uow.tuition.add_return(year=2026, kind="original", made_at=AT, staff_id=None, workstation_id="DESK1",
                                       slip_ids=[original.id], fees_cents=figures.fees_cents)
        less = year_of_study(2026, [Study("e1", study.program_name, study.classification, study.start, study.end,
                                          study.minutes_per_week, 800_000)], date_of_birth=date(1994, 4, 2))
        amended = uow.tuition.add_slip(NewSlip(ada, 2026, SlipKind.AMENDED, original.id, AT.replace(day=21), None,
                                               "DESK1", less, student))
        uow.tuition.mark_delivered(amended.id, "print", AT.replace(day=22))
        uow.commit()
    with SqlUnitOfWork(factory) as uow:
        history = uow.tuition.slips(2026, ada)
        again, in_return = uow.tuition.slips_of_return(filed.id)
        returns = uow.tuition.returns(2026)
    assert [(s.kind, s.figures.fees_cents) for s in history] == [(SlipKind.ORIGINAL, 910_000), (SlipKind.AMENDED, 800_000)]
    assert history[0].figures == figures  # the original as certified, sessions included
    assert history[0].return_id == filed.id and history[1].return_id is None
    assert history[1].replaces_id == original.id and history[1].delivered_by == "print"
    assert history[0].recipient.last_name == "Tremblay" and history[0].recipient.date_of_birth == date(1994, 4, 2)
    assert [s.id for s in in_return] == [original.id] and again == returns[0]
    assert (returns[0].kind, returns[0].slip_count, returns[0].fees_cents) == ("original", 1, 910_000)

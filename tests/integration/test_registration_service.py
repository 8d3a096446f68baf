"""Adding and editing students on SQLite and PostgreSQL: numbers, duplicates, audit with old values."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import PermissionDenied, system_actor
from oncopos.domain.catalogue import CourseDraft
from oncopos.domain.student_record import FieldErrors, StudentDraft, is_valid_student_number
from oncopos.services.registration import EditConflict, LikelyDuplicate
from oncopos.services.students import StudentDirectory
from tests.conftest import FixedClock

from .registration_helpers import make_desk, student


def test_a_new_student_gets_the_next_number_of_the_desk_series_and_is_searchable(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock, workstation="DESK1")
    first = student(desk)
    second = student(desk, "François", "Côté", "francois.cote@example.ca", "418 555 0199")
    other_desk = make_desk(engine, clock, workstation="DESK2")
    third = student(other_desk, "Zoë", "Tremblay", "zoe@example.ca", "819-555-0108")
    assert [first.student_number, second.student_number, third.student_number] == [
        "S0000018-DESK1", "S0000026-DESK1", "S0000018-DESK2",
    ]
    assert all(is_valid_student_number(s.student_number) for s in (first, second, third))
    assert second.phone == "+14185550199"
    found = StudentDirectory(lambda: SqlUnitOfWork(desk.factory)).search(system_actor("DESK1"), "cote")
    assert [s.student_number for s in found] == ["S0000026-DESK1"]


def test_a_number_already_taken_is_skipped(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    with desk.factory() as session, session.begin():
        # As if synced from a desk misconfigured with the same series.
        session.add(Student(student_number="S0000018-DESK1", first_name="Ann", last_name="Other", email="ann@example.ca",
                            preferred_language="en", sort_name="other ann"))
    assert student(desk).student_number == "S0000026-DESK1"


def test_bad_input_is_refused_with_every_field_named(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    with pytest.raises(FieldErrors) as caught:
        desk.registration.add_student(desk.registrar, StudentDraft(first_name="Ann", last_name="", email="ann@", province="ON",
                                                                   postal_code="H2X 1Y4"))
    assert set(caught.value.errors) == {"last_name", "email", "postal_code"}
    with desk.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Student)) == 0


def test_same_email_is_a_likely_duplicate_shown_before_saving(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    existing = student(desk)
    typed = StudentDraft(first_name="Emily", last_name="Berube", email="EMILIE@videotron.ca")
    assert [m.id for m in desk.registration.find_duplicates(desk.registrar, typed)] == [existing.id]
    with pytest.raises(LikelyDuplicate) as caught:
        desk.registration.add_student(desk.registrar, typed)
    assert [m.id for m in caught.value.matches] == [existing.id]
    assert "has the same email" in str(caught.value) and existing.student_number in str(caught.value)
    with desk.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Student)) == 1
    # The registrar looked and confirmed another person: saved, and the audit says so.
    added = desk.registration.add_student(desk.registrar, typed, not_duplicate_of={existing.id})
    event = desk.audit("student.created")[-1]
    assert event.subject_id == str(added.id)
    assert event.details["confirmed_not_duplicate_of"] == [str(existing.id)]


def test_same_name_and_phone_is_a_likely_duplicate_accents_aside(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    existing = student(desk, "François", "Côté", "francois@example.ca", "418-555-0199")
    with pytest.raises(LikelyDuplicate, match="the same name and phone"):
        student(desk, "Francois", "COTE", "f.cote@gmail.com", "(418) 555 0199")
    # Same name, another phone: a different person, saved without a question.
    assert student(desk, "François", "Côté", "other@example.ca", "514-555-0100").id != existing.id


def test_an_edit_is_audited_with_old_and_new_values(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    record = student(desk, city="Montréal", province="QC", postal_code="H3B 2T6", address_line1="1200 rue Peel")
    clock.now += timedelta(minutes=3)
    draft = StudentDraft(first_name="Émilie", last_name="Bérubé", email="emilie.berube@gmail.com", phone="514-555-0142",
                         address_line1="1200 rue Peel", city="Montréal", province="QC", postal_code="h3b 2t6",
                         date_of_birth="1991-03-14", preferred_language="fr")
    updated = desk.registration.update_student(desk.registrar, record.id, draft, expected_version=record.version)
    assert (updated.last_name, updated.email, updated.version) == ("Bérubé", "emilie.berube@gmail.com", record.version + 1)
    event = desk.audit("student.updated")[-1]
    assert event.at == clock.now
    assert event.staff_id == desk.registrar.staff_id
    assert event.details["changes"] == {
        "last_name": {"old": "Bérubé-Lévesque", "new": "Bérubé"},
        "email": {"old": "emilie@videotron.ca", "new": "emilie.berube@gmail.com"},
        "date_of_birth": {"old": None, "new": "1991-03-14"},
        "preferred_language": {"old": "en", "new": "fr"},
    }
    # Nothing changed: nothing saved, nothing audited.
    again = desk.registration.update_student(desk.registrar, record.id, draft)
    assert again.version == updated.version and len(desk.audit("student.updated")) == 1


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    record = student(desk)
    draft = StudentDraft(first_name="Émilie", last_name="Bérubé", email="emilie@videotron.ca")
    desk.registration.update_student(desk.registrar, record.id, draft, expected_version=record.version)
    stale = StudentDraft(first_name="Emily", last_name="Bérubé", email="emilie@videotron.ca")
    with pytest.raises(EditConflict, match="changed elsewhere"):
        desk.registration.update_student(desk.registrar, record.id, stale, expected_version=record.version)
    assert desk.registration.get_student(desk.registrar, record.id).first_name == "Émilie"


def test_changing_the_email_to_another_students_is_a_duplicate(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    student(desk)
    other = student(desk, "Zoë", "Tremblay", "zoe@example.ca", "819-555-0108")
    with pytest.raises(LikelyDuplicate):
        desk.registration.update_student(
            desk.registrar, other.id, StudentDraft(first_name="Zoë", last_name="Tremblay", email="emilie@videotron.ca")
        )


def test_a_registrar_cannot_change_the_catalogue(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    with pytest.raises(PermissionDenied, match="Ask a manager"):
        desk.catalogue.save_course(desk.registrar, CourseDraft(code="WS-1", name="Workshop", price="100"))
    assert desk.catalogue.courses(desk.registrar, include_inactive=True) == []

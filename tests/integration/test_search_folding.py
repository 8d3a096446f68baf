"""Search finds what people type: apostrophes and hyphens fold away like accents, in the stored
words and in what is typed, and students on file before the change are found too."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.services.students import StudentDirectory


def _student(first: str, last: str, number: str) -> Student:
    return Student(id=uuid.uuid4(), student_number=number, first_name=first, last_name=last,
                   email=f"{number.lower()}@example.ca", phone=None, preferred_language="en")


def _found(directory: StudentDirectory, text: str) -> list[str]:
    return [s.last_name for s in directory.search(system_actor("DESK1"), text)]


def test_apostrophes_and_hyphens_fold_in_the_words_and_the_query(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    with factory() as session, session.begin():
        session.add(_student("Seán", "O’Brien", "S900010"))  # a typographic apostrophe, pasted
        session.add(_student("Émilie", "Bérubé-Lévesque", "S900011"))
        session.add(_student("Olive", "Brie", "S900012"))
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    assert _found(directory, "obrien") == ["O’Brien"]
    assert _found(directory, "o'brien") == ["O’Brien"]  # typed with a plain apostrophe
    assert _found(directory, "OBRI") == ["O’Brien"]
    assert _found(directory, "o brien") == ["O’Brien"]
    assert _found(directory, "brien sean") == ["O’Brien"]
    assert _found(directory, "berubelevesque") == ["Bérubé-Lévesque"]
    assert _found(directory, "levesque") == ["Bérubé-Lévesque"]


def test_students_on_file_before_the_upgrade_are_found_by_the_folded_words(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0012")
    old = _student("Sean", "O'Brien", "S900020")
    at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    with Session(engine) as session, session.begin():  # as the previous version stored them: split at the apostrophe
        old.origin_workstation, old.created_at, old.updated_at, old.sort_name = "DESK1", at, at, "o brien sean"
        session.add(old)
        session.flush()
        words = sa.table("student_search_terms", sa.column("term"), sa.column("student_id", sa.Uuid()))  # its columns then
        session.execute(sa.insert(words), [{"term": t, "student_id": old.id} for t in ("sean", "o", "brien", "s900020")])
    factory = make_session_factory(engine, workstation_id="DESK1")
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    assert _found(directory, "obrien") == []
    upgrade(engine)
    assert _found(directory, "obrien") == ["O'Brien"]
    assert _found(directory, "o brien") == ["O'Brien"]
    engine.dispose()

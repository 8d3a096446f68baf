"""The search index (words with their student's sort name, prefixes and other words, walked or
sorted by plan) finds exactly what the plain definition finds, in the same order, and stays in
step with the students: on registration, on an edit, on a sync pull and for students on file
before each upgrade that added to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, aliased

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.people import Student, StudentSearchTerm, student_words
from oncopos.adapters.db.repositories import students as student_search
from oncopos.adapters.db.seed import bulk_students
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.search import query_terms
from oncopos.services.students import StudentDirectory
from tests.conftest import FixedClock
from tests.databases import PG_URL
from tests.integration.sync_helpers import make_desk, student

# Every keystroke of what the benchmark types, and more: rare and common prefixes, several words,
# words that match nobody, digits of phone numbers and student numbers.
TYPED = (
    "marie gagnon", "tremblay", "emilie.c", "(514) 555-01", "S1000", "ZOË", "o'brien", "b000012",
    "gmail", "com marie", "555 12", "berube levesque", "chen mei", "zz", "a b c", "sarah-eve", "416",
    # every word common: matches only far into the name order (one last name), through a word
    # of the email, or none at all
    "gagne marie eve", "eve marie ga", "m g", "gmail com ga", "tremblay ethan", "zoe gmail", "com ca",
)


def _keystrokes() -> list[str]:
    return sorted({text[:n] for text in TYPED for n in range(1, len(text) + 1)})


def _by_definition(session: Session, terms: Sequence[str], limit: int) -> list[uuid.UUID]:
    """Students with, for every term, a word starting with it; by sort name then id. No plan."""
    query = sa.select(Student.id)
    for term in terms:
        word = aliased(StudentSearchTerm)
        query = query.where(sa.exists().where(word.student_id == Student.id, word.term >= term, word.term < term + "\U0010ffff"))
    return list(session.scalars(query.order_by(Student.sort_name, Student.id).limit(limit)))


def _found(directory: StudentDirectory, text: str, limit: int = 50) -> list[uuid.UUID]:
    return [s.id for s in directory.search(system_actor("DESK1"), text, limit=limit)]


def _words_out_of_step(engine: Engine) -> int:
    """Search words whose sort name, prefixes or student's words differ from what their student has now."""
    words, students = StudentSearchTerm.__table__, Student.__table__
    with engine.connect() as conn:
        joined = words.join(students, students.c.id == words.c.student_id)
        rows = conn.execute(sa.select(words, students.c.sort_name.label("now")).select_from(joined)).all()
    terms: dict[uuid.UUID, set[str]] = {}
    for row in rows:
        terms.setdefault(row.student_id, set()).add(row.term)
    assert rows  # the comparison is not of nothing
    return sum(
        (row.sort_name, row.initial, row.prefix2, row.prefix3, row.student_words)
        != (row.now, row.term[:1], row.term[:2], row.term[:3], student_words(terms[row.student_id]))
        for row in rows
    )


@pytest.mark.parametrize(
    ("cap", "few", "near"), [(student_search.RARE_CAP, 128, 64), (40, 128, 64), (0, 128, 64), (0, 128, 0), (0, 1, 0)]
)
def test_every_keystroke_finds_what_the_definition_finds_in_its_order(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, cap: int, few: int, near: int
) -> None:
    """The cap decides the plan: the real one, a small one (both plans over this school), and 0
    (every prefix walked in name order). `near` and `few` decide how the leap seeks a long word's
    next student: in the next `near` rows of its 3-letter list, else word by word when at most
    `few` distinct words start with it, else on in the list. At (0, 128, 0) every long word is
    sought word by word; at (0, 1, 0) both the words and the list: some long typed words here
    start one word, others several."""
    factory = make_session_factory(engine, workstation_id="DESK1")
    bulk_students(factory, 3000)
    monkeypatch.setattr(student_search, "RARE_CAP", cap)
    monkeypatch.setattr(student_search, "_FEW_WORDS", few)
    monkeypatch.setattr(student_search, "_NEAR", near)
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    compared = 0
    for typed in _keystrokes():
        for limit in (50, 3):
            with factory() as session:
                expected = _by_definition(session, query_terms(typed), limit) if query_terms(typed) else []
            assert _found(directory, typed, limit) == expected, (typed, limit)
            compared += bool(expected)
    assert compared > 100  # most keystrokes find someone: the comparison is not of empty lists
    # Both ways past the near rows were taken at (0, 1, 0): long words of several-word searches start one word or more.
    leapt = {t for typed in _keystrokes() if len(query_terms(typed)) > 1 for t in query_terms(typed) if len(t) > 3}
    with factory() as session:
        started = {len(_words_starting(session, t)) for t in leapt}
    assert 1 in started and max(started) > 1


def _words_starting(session: Session, prefix: str) -> set[str]:
    terms = StudentSearchTerm.term
    return set(session.scalars(sa.select(terms).where(terms >= prefix, terms < prefix + "\U0010ffff").distinct()))


def test_a_renamed_student_moves_in_the_list(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    alpha, beta = student("Alpha", "Zedd"), student("Beta", "Zedd")
    with factory() as session, session.begin():
        session.add_all([alpha, beta])
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    assert _found(directory, "zedd") == [alpha.id, beta.id]
    with factory() as session, session.begin():
        row = session.get(Student, alpha.id)
        assert row is not None
        row.first_name = "Zulu"
    assert _found(directory, "zedd") == [beta.id, alpha.id]
    assert _found(directory, "zedd zu") == [alpha.id]
    assert _found(directory, "alpha") == []
    assert _words_out_of_step(engine) == 0


def test_words_pulled_from_the_central_database_carry_the_new_name(
    tmp_path: Path, pg_url: str, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    alpha, beta = student("Alpha", "Zedd"), student("Beta", "Zedd")
    a.add(alpha, beta)
    a.sync.sync_once()
    b.sync.sync_once()
    a.edit(Student, alpha.id, first_name="Zulu")
    a.sync.sync_once()
    b.sync.sync_once()
    found = StudentDirectory(lambda: SqlUnitOfWork(b.factory)).search(system_actor("DESK2"), "zedd")
    assert [s.first_name for s in found] == ["Beta", "Zulu"]
    assert _words_out_of_step(b.engine) == 0


def test_words_on_file_before_the_upgrade_get_their_student_s_name(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0018")
    at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    old = {"id": uuid.uuid4(), "student_number": "S900030", "first_name": "Léa", "last_name": "Côté", "email": "lea@example.ca",
           "preferred_language": "fr", "sort_name": "cote lea", "version": 1, "origin_workstation": "DESK1",
           "created_at": at, "updated_at": at}
    with engine.begin() as conn:  # the tables as the previous version had them
        conn.execute(sa.insert(Student.__table__).values(old))
        words = sa.table("student_search_terms", sa.column("term"), sa.column("student_id", sa.Uuid()))
        conn.execute(sa.insert(words), [{"term": t, "student_id": old["id"]} for t in ("lea", "cote", "s900030", "900030")])
    upgrade(engine)
    assert _words_out_of_step(engine) == 0
    factory = make_session_factory(engine, workstation_id="DESK1")
    assert _found(StudentDirectory(lambda: SqlUnitOfWork(factory)), "cote l") == [old["id"]]
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def unmigrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it yet, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    request.getfixturevalue("pg_template")  # skips (or fails) without a server, as every PostgreSQL test
    assert PG_URL
    name = f"e_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_words_on_file_before_the_prefix_lists_get_their_prefixes_and_student_s_words(unmigrated_url: str) -> None:
    engine = make_engine(unmigrated_url)
    upgrade(engine, "0022")
    at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    students = [
        {"id": uuid.uuid4(), "student_number": f"S90003{n}", "first_name": first, "last_name": last,
         "email": f"{first.lower()}@example.ca", "preferred_language": "fr", "sort_name": f"{last.lower()} {first.lower()}",
         "version": 1, "origin_workstation": "DESK1", "created_at": at, "updated_at": at}
        for n, (first, last) in enumerate((("Lea", "Cote"), ("Marc", "Gagnon")))
    ]
    words = sa.table("student_search_terms", sa.column("term"), sa.column("student_id", sa.Uuid()),
                     sa.column("sort_name"), sa.column("initial"))  # its columns then
    with engine.begin() as conn:
        conn.execute(sa.insert(Student.__table__), students)
        conn.execute(sa.insert(words), [
            {"term": t, "student_id": s["id"], "sort_name": s["sort_name"], "initial": t[:1]}
            for s in students
            for t in (s["first_name"].lower(), s["last_name"].lower(), "example", "ca", s["student_number"].lower())
        ])
    upgrade(engine)
    assert _words_out_of_step(engine) == 0
    factory = make_session_factory(engine, workstation_id="DESK1")
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    assert _found(directory, "gag ma") == [students[1]["id"]]
    assert _found(directory, "ca ex") == [students[0]["id"], students[1]["id"]]
    engine.dispose()

"""`oncopos demo seed`: a database that looks like a real school's, for training and demos.

Deterministic (a fixed random seed) so screenshots and tests see the same people. Prices and tax
are frozen on each enrollment with the tax engine, exactly as a real enrollment would be.

Everything that happened (enrollments, payments) happened before `now`: a payment dated next
week would sit in no end-of-day report and confuse every "today" a trainee looks at. Only the
schedule (sections starting next month) lies ahead.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db import seed_data as data
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.models.people import Student, StudentSearchTerm, search_rows
from oncopos.adapters.db.models.sync import SyncState
from oncopos.domain.search import fold, index_terms, sort_name
from oncopos.domain.student_record import format_student_number
from oncopos.domain.tax import Kind, TaxLine, Treatment, default_basis, quote

SEEDED_KEY = "demo_seeded_at"


@dataclass(frozen=True)
class SeedReport:
    students: int
    courses: int
    sections: int
    enrollments: int
    payments: int


#: Demo students are numbered like any desk's, in a series of their own that no desk uses.
DEMO_SERIES = "DEMO"


def is_seeded(session_factory: sessionmaker[Session]) -> bool:
    with session_factory() as session:
        return session.get(SyncState, SEEDED_KEY) is not None


def seed_demo(
    session_factory: sessionmaker[Session],
    *,
    students: int = 50,
    desk_province: str = "ON",
    now: datetime | None = None,
    rng_seed: int = 2026,
) -> SeedReport:
    """Fill an empty database with students, the catalogue, enrollments and partial payments.

    `now` (aware; default the clock) is the moment the school's history ends.
    """
    rng = random.Random(rng_seed)
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("seed_demo needs an aware time")
    today = now.astimezone(UTC).date()
    with session_factory() as session, session.begin():
        if session.get(SyncState, SEEDED_KEY) is not None:
            raise RuntimeError("this database already has the demo data")
        courses = [_course(row) for row in data.COURSES]
        session.add_all(courses)
        sections = [s for course in courses for s in _sections(course, today)]
        session.add_all(sections)
        people = [_student(rng, n) for n in range(students)]
        session.add_all(people)
        enrollments, payments = [], []
        for student in people:
            for course in rng.sample(courses, k=rng.choice((1, 1, 1, 2, 2, 3))):
                section = rng.choice([s for s in sections if s.course is course])
                enrollment = _enroll(student, section, desk_province, today, rng)
                enrollments.append(enrollment)
                payments.extend(_payments(enrollment, rng, now))
        session.add_all(enrollments)
        session.flush()  # payments refer to enrollments by foreign key
        session.add_all(payments)
        session.add(SyncState(key=SEEDED_KEY, value=now.isoformat()))
    return SeedReport(len(people), len(courses), len(sections), len(enrollments), len(payments))


def _course(row: tuple) -> Course:
    code, name, description, kind, price, supply, treatment, province, minimum = row
    return Course(
        id=uuid.uuid4(),
        code=code,
        name=name,
        description=description,
        kind=kind,
        price_cents=price,
        supply_kind=supply,
        tax_treatment=treatment,
        tax_basis=default_basis(treatment) if treatment != "taxable" else None,
        delivery_province=province,
        min_first_payment_cents=minimum,
        tuition_class="not_tuition" if kind == "kit" else "occupational",
    )


def _sections(course: Course, today: date) -> list[Section]:
    weeks = 12 if course.kind == "program" else 0
    starts = (today - timedelta(days=45), today + timedelta(days=30))
    result = []
    for n, start in enumerate(starts, start=1):
        result.append(
            Section(
                id=uuid.uuid4(),
                course=course,
                code=f"{course.code}-{start:%y%m}-{n}",
                start_date=start,
                end_date=start + timedelta(weeks=weeks) if weeks else start,
                schedule="Mon and Wed 9:00-16:00" if weeks else "Saturday 9:00-16:00",
                location=data.LOCATIONS.get(course.delivery_province, data.LOCATIONS[None]),
                capacity=18 if weeks else 24,
                minutes_per_week=14 * 60 if weeks else 7 * 60,  # two 7-hour days a week, or one Saturday
            )
        )
    return result


def _student(rng: random.Random, n: int) -> Student:
    return Student(id=uuid.uuid4(), **_student_fields(rng, n))


_CITIES_FR = [c for c in data.CITIES if c[1] == "QC"] or list(data.CITIES)
_CITIES_EN = [c for c in data.CITIES if c[1] != "QC"] or list(data.CITIES)


def _student_fields(rng: random.Random, n: int) -> dict[str, Any]:
    french = rng.random() < 0.4
    first = rng.choice(data.FIRST_NAMES_FR if french else data.FIRST_NAMES_EN)
    last = rng.choice(data.LAST_NAMES_FR if french or rng.random() < 0.2 else data.LAST_NAMES_EN)
    city, province, postal, area, streets = rng.choice(_CITIES_FR if french else _CITIES_EN)
    local = ".".join(w for w in _ascii(f"{first}.{last}").split(".") if w).lower()
    return {
        "student_number": format_student_number(DEMO_SERIES, 100001 + n),  # the desk's own format
        "first_name": first,
        "last_name": last,
        "preferred_name": rng.choice((None, None, None, None, first.split("-")[0][:4])) if len(first) > 5 else None,
        "email": f"{local}{rng.randint(1, 99) if rng.random() < 0.3 else ''}@{rng.choice(data.EMAIL_DOMAINS)}",
        "phone": f"+1{area}555{rng.randint(100, 199):03d}{rng.randint(0, 9)}",
        "address_line1": f"{rng.randint(10, 2999)} {rng.choice(streets)}",
        "address_line2": rng.choice((None, None, f"Apt {rng.randint(101, 2405)}")),
        "city": city,
        "province": province,
        "postal_code": f"{postal} {rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(1, 9)}",
        "date_of_birth": date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        "preferred_language": "fr" if french else "en",
    }


def _enroll(student: Student, section: Section, desk_province: str, today: date, rng: random.Random) -> Enrollment:
    course = section.course
    province = course.delivery_province or desk_province
    enrolled_on = today - timedelta(days=rng.randint(5, 90))
    q = quote(
        # The columns hold only these values (check constraints); the ORM types them as str.
        [TaxLine(amount_cents=course.price_cents, kind=cast(Kind, course.supply_kind),
                 treatment=cast(Treatment, course.tax_treatment))],
        province=province,
        on=enrolled_on,
    )
    return Enrollment(
        id=uuid.uuid4(),
        student=student,
        section_id=section.id,
        status="active",
        enrolled_at=datetime(enrolled_on.year, enrolled_on.month, enrolled_on.day, 15, 30, tzinfo=UTC),
        price_cents=q.subtotal_cents,
        tax_cents=q.tax_cents,
        total_cents=q.total_cents,
        supply_kind=course.supply_kind,
        tax_treatment=course.tax_treatment,
        tax_basis=course.tax_basis,
        tax_province=province,
        tax_components=[
            {"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents, "amount_cents": c.amount_cents}
            for c in q.components
        ],
    )


def _payments(enrollment: Enrollment, rng: random.Random, now: datetime) -> list[Payment]:
    """None, one or two earlier payments; some enrollments are paid in full.

    The second payment comes two weeks after the first, or sooner for a recent enrollment, so
    that both lie between the enrollment and `now` (an enrollment is at least 5 days old).
    """
    plan = rng.choice(("none", "deposit", "deposit", "two", "full"))
    total = enrollment.total_cents
    if plan == "none" or total == 0:
        return []
    if plan == "full":
        amounts = [total]
    else:
        first = max(100, total * rng.choice((20, 25, 30, 40)) // 100 // 100 * 100)  # whole dollars
        amounts = [first] if plan == "deposit" else [first, min(total - first, first)]
    result = []
    gap = min(timedelta(days=14), (now - enrollment.enrolled_at) / 2)
    for n, amount in enumerate(a for a in amounts if a > 0):
        # at most 5 hours past the planned day, and never later than halfway to `now` again.
        paid_at = enrollment.enrolled_at + n * gap + min(timedelta(minutes=rng.randint(0, 300)), gap / 2)
        brand, last4 = rng.choice((("visa", "4242"), ("mastercard", "4444"), ("amex", "8431"), ("interac", "1933")))
        result.append(
            Payment(
                id=uuid.uuid4(),
                enrollment_id=enrollment.id,
                workstation_id="PORTAL",
                amount_cents=amount,
                method="hosted",
                status="succeeded",
                idempotency_key=f"seed-{uuid.uuid4()}",
                payment_method_type="interac_present" if brand == "interac" else "card",
                card_brand=brand,
                card_last4=last4,
                completed_at=paid_at,
                created_at=paid_at,
                updated_at=paid_at,
            )
        )
    return result


def _ascii(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "." else "." for ch in fold(text)).encode("ascii", "ignore").decode()


def bulk_students(session_factory: sessionmaker[Session], count: int, *, rng_seed: int = 7) -> None:
    """Many students fast (Core inserts of plain rows), for search benchmarks."""
    with session_factory() as session, session.begin():
        conn = session.connection()
        start = session.scalar(sa.select(sa.func.count()).select_from(Student)) or 0
        for students, terms in bulk_student_rows(count, start=start, rng_seed=rng_seed):
            # Core inserts: every row has every column, so each table is one executemany.
            conn.execute(sa.insert(Student.__table__), students)
            conn.execute(sa.insert(StudentSearchTerm.__table__), terms)


def bulk_student_rows(
    count: int, *, start: int = 0, rng_seed: int = 7, batch: int = 10_000
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Rows of `students` and of their search words, `batch` students at a time, numbered B0000001 on."""
    rng = random.Random(rng_seed)
    now = datetime.now(UTC)
    for offset in range(0, count, batch):
        students: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        for n in range(offset, min(count, offset + batch)):
            row = _student_fields(rng, start + n)
            row["student_number"] = f"B{start + n + 1:07d}"
            key = sort_name(row["last_name"], row["first_name"])
            row.update(sort_name=key, id=uuid.uuid4(), version=1, origin_workstation="BENCH", created_at=now, updated_at=now)
            students.append(row)
            terms.extend(search_rows(row["id"], key, index_terms(
                first_name=row["first_name"], last_name=row["last_name"], preferred_name=row["preferred_name"],
                email=row["email"], phone=row["phone"], student_number=row["student_number"],
            )))
        yield students, terms

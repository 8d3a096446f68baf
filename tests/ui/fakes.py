"""An in-memory student directory with the `StudentDirectory` contract, for tests and screenshots.

It finds students the way the real one does (tests/integration/test_student_directory_contract.py
runs both over the same students): every typed word must start a word of the student's name,
email, phone or number (oncopos.domain.search), and students come back in name order.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import date

from oncopos.domain.access import Actor
from oncopos.domain.search import index_terms, query_terms, sort_name
from oncopos.services.records import EnrollmentSummary, StudentSummary


def _terms(s: StudentSummary) -> set[str]:
    return index_terms(first_name=s.first_name, last_name=s.last_name, preferred_name=s.preferred_name, email=s.email,
                       phone=s.phone, student_number=s.student_number)


class FakeStudentDirectory:
    """Thread-safe enough for tests: reads immutable lists, records calls under a lock.

    `hold(text)` makes the search for exactly `text` wait until the returned event is set, so a
    test decides when a slow search answers instead of sleeping for it.
    """

    def __init__(
        self,
        students: list[StudentSummary],
        enrollments: list[EnrollmentSummary] | None = None,
        *,
        delay: float | Callable[[str], float] = 0.005,
    ) -> None:
        self.students = students
        self.enrollment_rows = enrollments or []
        # A few ms by default: enough for a blocking UI to show up in the tests.
        self.delay = delay
        self.error: BaseException | None = None
        self.search_calls: list[str] = []
        self.answered: list[str] = []  # searches that returned or raised, in that order
        self.threads: set[int] = set()
        self._held: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def _record(self, text: str) -> None:
        with self._lock:
            self.search_calls.append(text)
            self.threads.add(threading.get_ident())

    def hold(self, text: str) -> threading.Event:
        release = threading.Event()
        with self._lock:
            self._held[text] = release
        return release

    def search(self, actor: Actor, text: str, limit: int = 50) -> list[StudentSummary]:
        self._record(text)
        time.sleep(self.delay(text) if callable(self.delay) else self.delay)  # latency, not synchronisation
        with self._lock:
            held = self._held.get(text)
        if held is not None and not held.wait(timeout=30):
            raise TimeoutError(f"the test never released the search for {text!r}")
        try:
            if self.error is not None:
                raise self.error
            terms = query_terms(text)
            if not terms:
                return []
            found = [s for s in self.students if all(any(w.startswith(t) for w in _terms(s)) for t in terms)]
            found.sort(key=lambda s: (sort_name(s.last_name, s.first_name), str(s.id)))
            return found[:limit]
        finally:
            with self._lock:
                self.answered.append(text)

    def enrollments(self, actor: Actor, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        self._record(f"enrollments:{student_id}")
        time.sleep(self.delay("") if callable(self.delay) else self.delay)
        if self.error is not None:
            raise self.error
        return [e for e in self.enrollment_rows if e.student_id == student_id]


def _student(n: int, first: str, last: str, email: str, phone: str | None, lang: str = "en",
             preferred: str | None = None) -> StudentSummary:
    return StudentSummary(
        id=uuid.UUID(int=n), student_number=f"S2027-{n:04d}", first_name=first, last_name=last,
        preferred_name=preferred, email=email, phone=phone, preferred_language=lang,
    )


def sample_students() -> list[StudentSummary]:
    return [
        _student(1, "Émilie", "Bérubé-Lévesque", "emilie.berube@example.ca", "+1 514-555-0142", "fr"),
        _student(2, "François", "Côté", "francois.cote@example.ca", "+1 418-555-0199", "fr"),
        _student(3, "Margaret", "O'Neill", "maggie.oneill@example.com", "+1 416-555-0123", preferred="Maggie"),
        _student(4, "Amrit", "Sandhu", "amrit.sandhu@example.com", None),
        _student(5, "Emily", "Chen", "emily.chen@example.com", "+1 604-555-0177"),
        _student(6, "Zoë", "Tremblay", "zoe.tremblay@example.ca", "+1 819-555-0108", "fr"),
    ]


def _enrollment(n: int, student: StudentSummary, code: str, name: str, section: str, *,
                price: int, tax: int, paid: int, refunded: int = 0, treatment: str = "taxable",
                province: str = "ON", status: str = "active") -> EnrollmentSummary:
    total = price + tax
    return EnrollmentSummary(
        id=uuid.UUID(int=1000 + n), student_id=student.id, course_code=code, course_name=name,
        section_label=section, start_date=date(2027, 1, 12), status=status, price_cents=price,
        tax_cents=tax, total_cents=total, paid_cents=paid, refunded_cents=refunded,
        balance_cents=total - paid + refunded, tax_treatment=treatment, tax_province=province,
    )


def sample_enrollments(students: list[StudentSummary]) -> list[EnrollmentSummary]:
    emilie, francois, maggie = students[0], students[1], students[2]
    return [
        _enrollment(1, emilie, "ONC-210", "Oncology Aesthetics Certificate",
                    "2027-01-12 \u2013 2027-03-20, Montréal", price=485000, tax=0, paid=100000,
                    treatment="exempt", province="QC"),
        _enrollment(2, emilie, "ONC-105", "Scalp Care During Chemotherapy (workshop)",
                    "2027-04-03, Toronto", price=45000, tax=5850, paid=50850, province="ON",
                    status="completed"),
        _enrollment(3, francois, "ONC-210", "Oncology Aesthetics Certificate",
                    "2027-01-12 \u2013 2027-03-20, Montréal", price=1234550, tax=0, paid=0,
                    treatment="zero_rated", province="QC"),
        _enrollment(4, maggie, "ONC-105", "Scalp Care During Chemotherapy (workshop)",
                    "2027-04-03, Toronto", price=45000, tax=5850, paid=50850, refunded=10000),
    ]

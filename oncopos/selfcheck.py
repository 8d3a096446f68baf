"""`oncopos self-check`: a headless smoke test of an installed or frozen build.

Each check exercises one thing a bundle can get wrong (a file left out, a hidden import missed, a
system library absent) through the same code the desk runs, and prints one line:
`ok` or `FAILED`, what it checked, and what it found. Everything happens in a temporary folder and
in training mode: no real database, key, reader or mailbox is touched, and no network is needed.

No Qt is imported here: the window check imports `oncopos.ui.settings.selfcheck_window` lazily, after
choosing the offscreen platform, so the other checks run even where Qt cannot start.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext
    from oncopos.config import Settings

log = logging.getLogger(__name__)

TEST_CARD = "4242424242424242"  # Stripe's Visa test card; the simulator approves it
PAYMENT_CENTS = 12_345
PAYMENT_WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        status = "ok" if self.ok else "FAILED"
        return f"{status:<7}{self.name:<18}{self.detail} ({self.seconds:.1f} s)"


@dataclass
class SelfCheck:
    """The checks' shared state: a scratch folder and, built once, a training desk inside it."""

    settings: Settings
    workdir: Path
    _context: AppContext | None = None
    _context_error: BaseException | None = None
    results: list[CheckResult] = field(default_factory=list)

    def training_context(self) -> AppContext:
        """A complete training desk (migrated SQLite, demo data, simulator) in the scratch folder."""
        if self._context_error is not None:
            raise RuntimeError(f"the training desk could not be built: {self._context_error}")
        if self._context is None:
            from oncopos.bootstrap import build_context, training_settings

            base = self.settings.model_copy(update={"data_dir": self.workdir / "desk", "db_url": None})
            try:
                self._context = build_context(training_settings(base))
            except BaseException as exc:  # later checks then say why instead of retrying
                self._context_error = exc
                raise
        return self._context

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None


# --- the checks: each returns what it found, or raises with what went wrong ---------------------------


def check_resources(run: SelfCheck) -> str:
    from oncopos.domain.tax import TaxLine, quote
    from oncopos.resources import data_files, resource_path, resources_dir

    for parts in (("icons", "oncopos.svg"), ("styles", "oncopos.qss"), ("tax_rates.json",)):
        resource_path(*parts)
    fonts = sorted(p.name for p in resource_path("fonts").glob("*.ttf"))
    if not fonts:
        raise FileNotFoundError(f"no .ttf font in {resources_dir() / 'fonts'} (reinstall OncoPOS)")
    # The tax table is data, not code: computing a known quote proves it was found and parsed.
    q = quote([TaxLine(amount_cents=100_000, kind="service", treatment="taxable")], province="QC", on=date(2026, 1, 5))
    if q.total_cents != 114_975:
        raise AssertionError(f"Quebec tax on $1,000.00 came out at {q.total_cents} cents, expected 114975")
    count = sum(1 for _ in data_files())
    return f"{count} files in {resources_dir()}; icon, stylesheet, fonts {', '.join(fonts)}; QC tax on $1,000.00 = $149.75"


def check_database(run: SelfCheck) -> str:
    import sqlalchemy as sa

    from oncopos.adapters.db.engine import make_engine
    from oncopos.adapters.db.migrate import head_revision, upgrade

    path = run.workdir / "migrate-check.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        revision = upgrade(engine)
        tables = sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if revision != head_revision():
        raise AssertionError(f"migrated to {revision}, but this build's latest revision is {head_revision()}")
    return f"a new SQLite database migrated to revision {revision} ({len(tables)} tables)"


def check_pdf(run: SelfCheck) -> str:
    # The same path as `oncopos invoice preview`: the sample invoice with this desk's business
    # details, rendered by the invoice renderer with the bundled DejaVu font embedded.
    from oncopos.adapters.db.session import utc_now
    from oncopos.adapters.pdf import ReportLabRenderer
    from oncopos.adapters.pdf.fonts import REGULAR
    from oncopos.services.invoice_documents import sample_document
    from oncopos.services.invoices import setup_from_settings

    setup = setup_from_settings(run.settings)
    province = run.settings.business_province
    document = sample_document(setup.business, province, language="fr", issued_at=utc_now(), tz=setup.tz,
                               series=setup.series)
    data = ReportLabRenderer().invoice(document)
    out = run.workdir / "self-check-invoice.pdf"
    out.write_bytes(data)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
        raise AssertionError(f"{out} is not a complete PDF")
    if b"/FontFile2" not in data or REGULAR.encode() not in data:  # the TrueType program itself, embedded
        raise AssertionError(f"the font {REGULAR} was not embedded in the invoice")
    return f"a sample French invoice ({province}), {len(data):,} bytes, with {REGULAR} embedded"


def check_payment(run: SelfCheck) -> str:
    """A registrar's whole payment in training, through the same service the window uses."""
    from oncopos.domain.money import format_cents
    from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
    from oncopos.services.payments.records import SUCCEEDED

    context = run.training_context()
    registrar = next(a.username for a in TRAINING_ACCOUNTS if a.role.value == "registrar")
    actor = context.staff.sign_in(registrar, TRAINING_PASSWORD)  # the real password check (argon2)
    enrollment = _enrollment_owing(context, actor)
    amount = min(enrollment.balance_cents, PAYMENT_CENTS)
    payments = context.payments()  # training: starts the bundled simulator and registers a reader
    readers = [r for r in payments.gateway.list_readers() if r.status == "online"]
    if not readers:
        raise AssertionError("the training simulator has no online card reader")
    payment_id = payments.start(actor, enrollment.id, amount).id
    sent_at = time.time()
    payments.send_code(actor, payment_id)
    payments.confirm_code(actor, payment_id, _code_from_training_inbox(context.settings.training_inbox_dir, sent_at))
    payments.charge_on_reader(actor, payment_id, readers[0].id)
    payments.gateway.present_test_card(readers[0].id, TEST_CARD)
    deadline = time.monotonic() + PAYMENT_WAIT_SECONDS
    view = payments.poll(actor, payment_id)
    while not view.final and time.monotonic() < deadline:
        time.sleep(0.1)
        view = payments.poll(actor, payment_id)
    if view.status != SUCCEEDED:
        raise AssertionError(f"payment {payment_id} ended {view.status}: {view.failure_message or 'no message'}")
    return (
        f"{format_cents(amount)} for {enrollment.course_code}: code emailed to the training inbox and confirmed, "
        f"{view.payment_intent_id} paid by {view.card_brand} ending {view.card_last4} on {readers[0].id}, "
        f"invoice {view.invoice_number}"
    )


def _enrollment_owing(context: AppContext, actor: Any) -> Any:
    """An active demo enrollment with a balance of at least the minimum payment."""
    minimum = context.settings.min_payment_cents
    for student in context.student_directory.search(actor, "S1000", limit=50):
        for enrollment in context.student_directory.enrollments(actor, student.id):
            if enrollment.status == "active" and enrollment.balance_cents >= minimum:
                return enrollment
    raise AssertionError("the training data has no enrollment with a balance to pay")


def _code_from_training_inbox(inbox: Path, since: float) -> str:
    """The one-time code from the newest email in the training inbox (the file mailer's .eml files)."""
    import email
    import email.policy
    import re

    for path in sorted(inbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        if path.stat().st_mtime < since - 1:
            break
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        found = re.search(r"(?:Your code|Votre code) ?: (\d+)", body.get_content() if body is not None else "")
        if found:
            return found.group(1)
    raise AssertionError(f"no one-time code arrived in the training inbox {inbox}")


def check_window(run: SelfCheck) -> str:
    # Before Qt loads: a desk PC over remote desktop, or a server, may have no usable screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    context = run.training_context()
    from oncopos.ui.settings.selfcheck_window import open_and_close_main_window

    return open_and_close_main_window(context)


CHECKS: tuple[tuple[str, Callable[[SelfCheck], str]], ...] = (
    ("resources", check_resources),
    ("database", check_database),
    ("invoice PDF", check_pdf),
    ("training payment", check_payment),
    ("main window", check_window),
)


@contextmanager
def _scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="oncopos-self-check-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_self_check(settings: Settings, out: TextIO, checks: Any = None) -> list[CheckResult]:
    """Run every check (a failure does not stop the others), printing a line for each."""
    checks = CHECKS if checks is None else checks
    with _scratch() as workdir:
        run = SelfCheck(settings=settings, workdir=workdir)
        try:
            for name, check in checks:
                started = time.perf_counter()
                try:
                    result = CheckResult(name, True, check(run), time.perf_counter() - started)
                except Exception as exc:  # each failure is reported, never hidden by the next check
                    log.exception("self-check %s failed", name)
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    result = CheckResult(name, False, f"{type(exc).__name__}: {reason}", time.perf_counter() - started)
                run.results.append(result)
                print(result.line(), file=out, flush=True)
        finally:
            run.close()
    return run.results

"""End of day: the day's report, closing it (frozen data and PDF), reopening it, and exports.

The report reads through `uow.end_of_day` (aggregate SQL); the day's window follows the closes
(`oncopos.domain.end_of_day.report_window`). Closing stores the report as computed at that moment with
the SHA-256 of its data and of its PDF, in one transaction with its audit event; the row travels
to the central database like every synced record. A closed day's report is the frozen one: later
arrivals are counted beside it (`closed["late_payments"]`), never merged into it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.document_language import document_language
from oncopos.domain.end_of_day import (
    DayPayments,
    DayRefunds,
    EndOfDayReport,
    ReportScope,
    Window,
    day_bounds,
    party_lines,
    report_window,
    sales_lines,
    tax_totals,
)
from oncopos.domain.errors import InvalidInput, UserCancelled, UserFacingError
from oncopos.domain.messages import Day, msg, reader_locale
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import DocumentStore, Printer, UnitOfWork, UnitOfWorkFactory
from oncopos.services.till import check_no_open_drawer

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
FORMATS = ("pdf", "csv", "text")
# The papers the report is laid out for (one layout fits both), as CUPS names them.
PAPERS = {"letter": "Letter", "a4": "A4"}


class Progress(Protocol):
    """`oncopos.ui.operations.OperationProgress`, or anything with the same two members."""

    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class ReportRenderer(Protocol):
    """The end-of-day PDF (oncopos.adapters.pdf.end_of_day_report): the same report gives the same bytes."""

    def end_of_day(self, report: EndOfDayReport) -> bytes: ...


class DayAlreadyClosed(UserFacingError):
    """Closing a day twice: the first close stands until an administrator reopens it."""


class ReportTampered(UserFacingError):
    """A stored end-of-day PDF or its data no longer matches the hash recorded at the close."""


def data_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the frozen data in a canonical form (sorted keys, no spaces): the same on every desk."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class EndOfDayService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, tz: ZoneInfo, clock: Clock, renderer: ReportRenderer,
                 store: DocumentStore, printer: Printer | None = None, desk_province: str | None = None,
                 document_choice: str = "reader") -> None:
        self._uow = uow_factory
        self._desk_province = desk_province
        self._document_choice = document_choice
        self.tz = tz
        self._clock = clock
        self._renderer = renderer
        self._store = store
        self._printer = printer

    # --- the report ---------------------------------------------------------------------------
    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        return self._clock().astimezone(self.tz).date()

    @open_to_all("the time window of a business date: no data")
    def window(self, day: date) -> tuple[datetime, datetime]:
        """The completed_at window of `day`, following the closes of the day before and of the day."""
        with self._uow() as uow:
            return report_window(day, self.tz, previous_close=self._closed_at(uow, day - timedelta(days=1)),
                                 close=self._closed_at(uow, day))

    @staticmethod
    def _closed_at(uow: UnitOfWork, day: date) -> datetime | None:
        closure = uow.end_of_day.closure(day)
        return closure.closed_at if closure is not None else None

    @requires(Permission.END_OF_DAY)
    def report(self, actor: Actor, day: date, *, workstation_id: str | None = None, staff_id: uuid.UUID | None = None,
               live: bool = False, progress: Progress | None = None) -> EndOfDayReport:
        """The day's report for all desks, one desk or one staff member.

        For a closed day and all desks this is the frozen report, with the arrivals since the
        close counted in `closed`; `live=True` recomputes it over the same window instead.
        """
        if not live and workstation_id is None and staff_id is None:
            frozen = self._frozen(day)
            if frozen is not None:
                return frozen
        start, end = self.window(day)
        return self._compute(day, start, end, workstation_id, staff_id, progress)

    def _compute(self, day: date, start: datetime, end: datetime, workstation_id: str | None,
                 staff_id: uuid.UUID | None, progress: Progress | None, *, now: datetime | None = None) -> EndOfDayReport:
        w = Window(start, end, workstation_id, staff_id)
        # The breakdowns of the day's payments and refunds are added up from the rows the report
        # lists (DayPayments, DayRefunds): one read of the day, not one aggregate query per breakdown.
        steps: list[tuple[str, Callable[[Any], Any]]] = [
            ("payments", lambda r: r.payments(w)),
            ("refund_rows", lambda r: r.day_refunds(w)),
            ("attempts", lambda r: r.attempts(w)),
            ("overpayments", lambda r: r.overpayments(w)),
            ("amount_flags", lambda r: r.amount_flags(w)),
        ]
        results: list[Any] = []
        # One transaction, so every breakdown sees the same rows.
        with self._uow() as uow:
            for done, (label, step) in enumerate(steps):
                if progress is not None:
                    if progress.cancelled:
                        raise UserCancelled()
                    progress.report(done, len(steps), msg("eod.adding_up", what=msg(f"eod.part.{label}")).text())
                results.append(step(uow.end_of_day))
            drawers = tuple(uow.till.day_lines(day, workstation_id)) if staff_id is None else ()
            heads = tuple(
                f"{ws} #{head[0]} {head[1]}"
                for ws in uow.audit_log.workstations()
                if (head := uow.audit_log.head(ws)) is not None
            )
        if progress is not None:
            progress.report(len(steps), len(steps), msg("eod.progress.done").text())
        payments: DayPayments
        refunds: DayRefunds
        payments, refunds, attempts, overpaid, amount_flags = results
        staff = party_lines(payments.staff, refunds.staff)
        staff_label = None
        if staff_id is not None:
            staff_label = next((p.label for p in staff if p.key == str(staff_id)), str(staff_id))
        rows = payments.rows
        taxes = tax_totals(payments.taxes_collected, refunds.reversed_taxes)
        sales = sales_lines(rows, refunds.credited)
        uninvoiced = sum(1 for row in rows if row.invoice_number is None)
        return EndOfDayReport(
            scope=ReportScope(day, workstation_id, str(staff_id) if staff_id else None, staff_label),
            timezone=self.tz.key, window_start=start, window_end=end, generated_at=now or self._clock(),
            methods=tuple(payments.methods), taxes=tuple(taxes), sales=tuple(sales), refunds=tuple(refunds.lines),
            staff=tuple(staff), workstations=tuple(party_lines(payments.workstations, refunds.workstations)),
            hours=tuple(payments.hours), attempts=tuple(attempts), overpayments=tuple(overpaid),
            payments=tuple(rows), refund_rows=tuple(refunds.rows), uninvoiced_payments=uninvoiced, audit_heads=heads,
            amount_flags=tuple(amount_flags), drawers=drawers, language=self.report_language(),
        )

    @open_to_all("which language a new report is written in: no data")
    def report_language(self) -> str:
        """The manager's language (the reader at this desk), or both, French first on a Quebec desk
        (DOCUMENT_LANGUAGE, BUSINESS_PROVINCE). Frozen with the report at the close: its reprints keep it."""
        return document_language(reader_locale(), desk_province=self._desk_province, choice=self._document_choice)

    def _frozen(self, day: date) -> EndOfDayReport | None:
        with self._uow() as uow:
            closure = uow.end_of_day.closure(day)
            if closure is None:
                return None
            if data_hash(closure.data) != closure.data_sha256:
                raise ReportTampered(
                    msg("eod.report_tampered", day=Day(day)))
            live = uow.end_of_day.methods(Window(closure.window_start, closure.window_end))
            late_count = sum(m.count for m in live) - closure.payment_count
            late_cents = sum(m.amount_cents for m in live) - closure.collected_cents
            facts = {"closure_id": str(closure.id), "closed_at": closure.closed_at.isoformat(),
                     "closed_by": closure.closed_by_name, "pdf_sha256": closure.pdf_sha256,
                     "late_payments": late_count, "late_cents": late_cents}
            data = closure.data
        report = EndOfDayReport.from_dict(data)
        return replace(report, closed=facts)

    # --- close and reopen -----------------------------------------------------------------------
    @requires(Permission.CLOSE_DAY)
    def close_day(self, actor: Actor, day: date, *, progress: Progress | None = None) -> EndOfDayReport:
        """Freeze the day's report (data and PDF) as of now; payments from now on belong to the next day."""
        now = self._clock()
        start_of_day, _ = day_bounds(day, self.tz)
        if now < start_of_day:
            raise InvalidInput(msg("eod.not_started", day=Day(day)))
        with self._uow() as uow:
            if uow.end_of_day.closure(day) is not None:
                raise DayAlreadyClosed(
                    msg("eod.already_closed", day=Day(day)))
            check_no_open_drawer(uow, day)  # the day's report includes every drawer, counted
            before = self._closed_at(uow, day - timedelta(days=1))
        start, end = report_window(day, self.tz, previous_close=before, close=now)
        report = self._compute(day, start, end, None, None, progress, now=now)
        data = report.to_dict()
        pdf = self._renderer.end_of_day(report)
        closure_id = uuid.uuid4()
        path = f"EOD/{day.isoformat()}-{closure_id}.pdf"
        self._store.write_once(path, pdf)
        pdf_hash = hashlib.sha256(pdf).hexdigest()
        with self._uow() as uow:
            if uow.end_of_day.closure(day) is not None:  # another manager closed it meanwhile
                raise DayAlreadyClosed(msg("eod.closed_meanwhile", day=Day(day)))
            uow.end_of_day.add_closure(
                id=closure_id, business_date=day, timezone=self.tz.key, status="closed", closed_at=now,
                closed_by=actor.staff_id, closed_by_name=actor.username, window_start=start, window_end=end,
                payment_count=report.payment_count, collected_cents=report.collected_cents,
                refunded_cents=report.refunded_cents, data=data, data_sha256=data_hash(data), pdf_path=path,
                pdf_sha256=pdf_hash, reopen_reason="",
            )
            uow.audit.record(actor, "eod.day_closed", at=now, subject_type="day_closure", subject_id=closure_id,
                             details={"business_date": day.isoformat(), "payments": report.payment_count,
                                      "collected_cents": report.collected_cents, "refunded_cents": report.refunded_cents,
                                      "net_cents": report.net_cents, "window_end": end.isoformat(),
                                      "pdf_sha256": pdf_hash})
            uow.commit()
        log.info("day %s closed by %s: %d payments, %d cents net", day, actor.username, report.payment_count,
                 report.net_cents)
        frozen = self._frozen(day)
        assert frozen is not None
        return frozen

    @requires(Permission.REOPEN_DAY)
    def reopen_day(self, actor: Actor, day: date, reason: str) -> None:
        """Undo a close (an administrator, with a reason); the frozen report stays on record."""
        reason = (reason or "").strip()
        if len(reason) < 5:
            raise InvalidInput(msg("eod.reopen_reason"),
                               field="reason")
        now = self._clock()
        with self._uow() as uow:
            closure = uow.end_of_day.closure(day)
            if closure is None:
                raise InvalidInput(msg("eod.not_closed", day=Day(day)))
            uow.end_of_day.reopen(closure.id, at=now, by=actor.staff_id, reason=reason)
            uow.audit.record(actor, "eod.day_reopened", at=now, subject_type="day_closure", subject_id=closure.id,
                             details={"business_date": day.isoformat(), "reason": reason,
                                      "closed_at": closure.closed_at.isoformat(), "pdf_sha256": closure.pdf_sha256})
            uow.commit()
        log.warning("day %s reopened by %s: %s", day, actor.username, reason)

    # --- outputs --------------------------------------------------------------------------------
    @requires(Permission.END_OF_DAY)
    def frozen_pdf(self, actor: Actor, day: date) -> bytes:
        """The PDF stored at the close, checked against its hash (rebuilt from the data if the file is gone)."""
        with self._uow() as uow:
            closure = uow.end_of_day.closure(day)
            if closure is None:
                raise InvalidInput(msg("eod.not_closed_export", day=Day(day)))
            path, digest, data = closure.pdf_path, closure.pdf_sha256, closure.data
        if self._store.exists(path):
            pdf = self._store.read(path)
        else:
            pdf = self._renderer.end_of_day(EndOfDayReport.from_dict(data))
            if hashlib.sha256(pdf).hexdigest() == digest:
                self._store.write_once(path, pdf)
        if hashlib.sha256(pdf).hexdigest() != digest:
            raise ReportTampered(msg("eod.pdf_tampered", day=Day(day)))
        return pdf

    @requires(Permission.END_OF_DAY)
    def export(self, actor: Actor, day: date, fmt: str, *, workstation_id: str | None = None,
               progress: Progress | None = None, locale: str = "en-CA") -> bytes:
        """The report as PDF, CSV (for the accountant) or text for a reader of `locale`; a closed day's PDF is the
        stored one."""
        from oncopos.services.end_of_day_export import report_csv, report_text

        if fmt not in FORMATS:
            raise InvalidInput(msg("eod.unknown_format", format=repr(fmt)), field="format")
        report = self.report(actor, day, workstation_id=workstation_id, progress=progress)
        if fmt == "pdf":
            if report.closed is not None and workstation_id is None:
                return self.frozen_pdf(actor, day)
            return self._renderer.end_of_day(report)
        return (report_csv(report) if fmt == "csv" else report_text(report, locale)).encode("utf-8")

    @requires(Permission.END_OF_DAY)
    def print_report(self, actor: Actor, day: date, *, workstation_id: str | None = None, paper: str = "letter",
                     printer: str | None = None) -> str:
        """Print the report's PDF (a closed day's is the one stored at the close) on Letter or A4 paper,
        on `printer` or the desk's default one; returns the print job's id."""
        media = PAPERS.get(paper)
        if media is None:
            raise InvalidInput(msg("eod.unknown_paper", paper=repr(paper)), field="paper")
        if self._printer is None:
            raise UserFacingError(msg("invoice.no_printer"))
        data = self.export(actor, day, "pdf", workstation_id=workstation_id)
        title = f"end-of-day-{day.isoformat()}" + (f"-{workstation_id}" if workstation_id else "")
        job = self._printer.print_pdf(data, title=title, printer=printer, media=media)
        log.info("%s printed on %s as job %s", title, printer or "the default printer", job)
        return job

"""The school's year-end T2202s: compute each student's slip from the ledger, issue, amend and
cancel slips (each kept as issued), record the student's SIN and consent, deliver the slips (by
email only with consent), and make the information return CRA takes.

Every call is guarded and audited; no SIN reaches an audit record, a log line or a return value
other than the return file itself and its masked form ("*** *** 544").
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput, NotFound, UserFacingError
from oncopos.domain.messages import Joined, msg
from oncopos.domain.tuition import SlipKind, filing_deadline, mask_sin, normalize_sin, valid_sin
from oncopos.services.guard import requires
from oncopos.services.ports import Clock, SinVault, UnitOfWork, UnitOfWorkFactory
from oncopos.services.tuition_records import (
    FilingSlip,
    NewSlip,
    ReturnRecord,
    SlipLine,
    SlipRecord,
    SlipStudent,
    YearOfSlips,
)
from oncopos.services.tuition_year import in_force, year_lines

log = logging.getLogger(__name__)

FIRST_YEAR = 2000
ORIGINAL, AMENDED = "original", "amended"


class ReturnWriter(Protocol):
    """oncopos.adapters.cra.t2202_xml.T2202ReturnWriter: the XML of CRA's T619/T2202 specification."""

    def write(self, slips: Sequence[FilingSlip], *, year: int, amended: bool) -> bytes: ...


class SlipRenderer(Protocol):
    """oncopos.adapters.pdf.tuition_slip.TuitionSlipRenderer over reportlab."""

    def slip(self, slip: SlipRecord, *, sin_masked: str, lang: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class IssueReport:
    issued: tuple[SlipRecord, ...]
    blocked: tuple[SlipLine, ...]  # would be issued, but the student's record is not complete


@dataclass(frozen=True, slots=True)
class FiledReturn:
    record: ReturnRecord
    xml: bytes  # holds SINs: written where the manager says, never kept by the app


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    emailed: tuple[SlipRecord, ...]
    to_print: tuple[SlipRecord, ...]  # no consent to email (or no address): hand or mail them on paper


class TuitionSlipService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, timezone: ZoneInfo, vault: SinVault,
                 writer: Callable[[], ReturnWriter], renderer: SlipRenderer, workstation_id: str,
                 enqueue: Callable[..., Any] | None = None, email: Callable[..., Any] | None = None) -> None:
        """`writer` is asked for at filing time (it needs the school's T2202 account from the settings);
        `email(slip, pdf) -> OutgoingEmail` builds the student's message, `enqueue` puts it in the outbox."""
        self._uow = uow_factory
        self._clock = clock
        self._tz = timezone
        self._vault = vault
        self._writer = writer
        self._renderer = renderer
        self._workstation = workstation_id
        self._enqueue = enqueue
        self._email = email

    # -- the year ----------------------------------------------------------------------------------

    @requires(Permission.TUITION_SLIPS)
    def year(self, actor: Actor, year: int) -> YearOfSlips:
        """Every student's line of `year`, the returns made so far and the filing deadline."""
        self._check_year(year)
        with self._uow() as uow:
            result = self._year(uow, year)
            uow.audit.record(actor, "tuition.year_viewed", at=self._clock(), subject_type="tuition_year",
                             subject_id=str(year), details={"students": len(result.lines)})
            uow.commit()
        return result

    @requires(Permission.TUITION_SLIPS)
    def issue(self, actor: Actor, year: int, student_ids: Sequence[uuid.UUID] | None = None) -> IssueReport:
        """Issue what each student's figures call for now: an original, an amendment or a cancellation.

        With `student_ids`, only those students (and a student whose slip is up to date is told so).
        A student whose record is not complete is reported, never half-issued.
        """
        self._check_year(year, ended=True)
        now = self._clock()
        with self._uow() as uow:
            lines = self._year(uow, year).lines
            if student_ids is not None:
                wanted = set(student_ids)
                lines = tuple(line for line in lines if line.student.id in wanted)
                for line in lines:
                    if line.next_kind is None and len(student_ids) == 1:
                        raise InvalidInput(msg("tuition.nothing_to_issue", student=line.student.name, year=str(year)))
            issued, blocked = [], []
            for line in lines:
                if line.next_kind is None:
                    continue
                if not line.ready:
                    blocked.append(line)
                    continue
                issued.append(self._add(uow, actor, line, now))
            uow.commit()
        if student_ids is not None and len(student_ids) == 1 and blocked:
            raise InvalidInput(msg("tuition.not_ready", student=blocked[0].student.name,
                                   reasons=Joined(tuple(_blocks(blocked[0])), " ")))
        return IssueReport(tuple(issued), tuple(blocked))

    @requires(Permission.TUITION_SLIPS)
    def cancel(self, actor: Actor, year: int, student_id: uuid.UUID) -> SlipRecord:
        """Cancel the student's slip in force (issued in error): a C slip with the figures CRA holds."""
        self._check_year(year)
        now = self._clock()
        with self._uow() as uow:
            history = uow.tuition.slips(year, student_id)
            current = in_force(history)
            if current is None:
                name = uow.tuition.students([student_id]).get(student_id)
                raise InvalidInput(msg("tuition.nothing_to_cancel", student=name.name if name else str(student_id),
                                       year=str(year)))
            slip = uow.tuition.add_slip(NewSlip(student_id, year, SlipKind.CANCELLED, current.id, now, actor.staff_id,
                                                self._workstation, current.figures, current.recipient))
            self._audit_slip(uow, actor, slip, now)
            uow.commit()
        return slip

    @requires(Permission.SEARCH_STUDENTS)
    def find_student(self, actor: Actor, student_number: str) -> SlipStudent:
        with self._uow() as uow:
            student = uow.tuition.student_by_number(student_number.strip().upper())
        if student is None:
            raise NotFound(msg("tuition.no_student_number", number=student_number.strip()))
        return student

    # -- the student's SIN and consent -------------------------------------------------------------

    @requires(Permission.EDIT_STUDENTS)
    def record_sin(self, actor: Actor, student_id: uuid.UUID, sin: str) -> str:
        """Seal and keep the student's SIN (empty removes it); returns what a screen may show of it."""
        digits = normalize_sin(sin)
        if sin.strip() and not valid_sin(sin):
            raise InvalidInput(msg("tuition.sin_invalid"), field="sin")
        token = self._vault.seal(digits) if digits else None
        with self._uow() as uow:
            uow.tuition.save_sin(student_id, token)
            uow.audit.record(actor, "student.sin_recorded" if token else "student.sin_removed", at=self._clock(),
                             subject_type="student", subject_id=student_id, details={})
            uow.commit()
        return mask_sin(digits) if digits else ""

    @requires(Permission.EDIT_STUDENTS)
    def record_email_consent(self, actor: Actor, student_id: uuid.UUID, consent: bool) -> None:
        """The student agrees (or no longer agrees) to receive tuition slips by email."""
        now = self._clock()
        with self._uow() as uow:
            uow.tuition.save_email_consent(student_id, consent, at=now, staff_id=actor.staff_id)
            uow.audit.record(actor, "student.slip_email_consent", at=now, subject_type="student",
                             subject_id=student_id, details={"consent": consent})
            uow.commit()

    # -- delivery ----------------------------------------------------------------------------------

    @requires(Permission.TUITION_SLIPS)
    def pdf(self, actor: Actor, slip_id: uuid.UUID, lang: str | None = None) -> bytes:
        """The slip as the student reads it, in `lang` (default: the student's language); SIN masked."""
        with self._uow() as uow:
            slip = self._slip(uow, slip_id)
            masked = self._masked(uow, slip.student_id)
            uow.audit.record(actor, "tuition.slip_rendered", at=self._clock(), subject_type="tuition_slip",
                             subject_id=slip_id, details={"year": slip.year, "kind": slip.kind.value})
            uow.commit()
        return self._renderer.slip(slip, sin_masked=masked, lang=_lang(lang or slip.recipient.language))

    @requires(Permission.TUITION_SLIPS)
    def mark_printed(self, actor: Actor, slip_id: uuid.UUID) -> SlipRecord:
        now = self._clock()
        with self._uow() as uow:
            self._slip(uow, slip_id)
            slip = uow.tuition.mark_delivered(slip_id, "print", now)
            uow.audit.record(actor, "tuition.slip_printed", at=now, subject_type="tuition_slip", subject_id=slip_id,
                             details={"year": slip.year})
            uow.commit()
        return slip

    @requires(Permission.TUITION_SLIPS)
    def email(self, actor: Actor, slip_id: uuid.UUID) -> str:
        """Queue the slip to the student, only with the student's recorded consent; the address used."""
        if self._enqueue is None or self._email is None:
            raise UserFacingError(msg("tuition.mail_off"))
        now = self._clock()
        with self._uow() as uow:
            slip = self._slip(uow, slip_id)
            address = self._email_one(uow, actor, slip, now, strict=True)
            uow.commit()
        assert address is not None
        return address

    @requires(Permission.TUITION_SLIPS)
    def deliver_year(self, actor: Actor, year: int) -> DeliveryReport:
        """Email each slip in force not yet delivered to the students who agreed; list the rest for printing."""
        self._check_year(year)
        now = self._clock()
        emailed: list[SlipRecord] = []
        to_print: list[SlipRecord] = []
        with self._uow() as uow:
            by_student: dict[uuid.UUID, list[SlipRecord]] = {}
            for slip in uow.tuition.slips(year):
                by_student.setdefault(slip.student_id, []).append(slip)
            for history in by_student.values():
                current = in_force(history)
                if current is None or current.delivered_at is not None:
                    continue
                sent = None
                if self._enqueue is not None and self._email is not None:
                    sent = self._email_one(uow, actor, current, now, strict=False)
                (emailed if sent else to_print).append(current)
            uow.commit()
        return DeliveryReport(tuple(emailed), tuple(to_print))

    # -- the information return --------------------------------------------------------------------

    @requires(Permission.TUITION_SLIPS)
    def make_return(self, actor: Actor, year: int, kind: str = ORIGINAL) -> FiledReturn:
        """The XML return of the slips not filed yet: originals, or amendments and cancellations."""
        self._check_year(year, ended=True)
        if kind not in (ORIGINAL, AMENDED):
            raise InvalidInput(msg("tuition.return_kind", original=ORIGINAL, amended=AMENDED, kind=kind))
        now = self._clock()
        with self._uow() as uow:
            slips = uow.tuition.slips(year)
            unfiled = [s for s in slips if s.return_id is None]
            if kind == ORIGINAL:
                chosen = [s for s in unfiled if s.kind == SlipKind.ORIGINAL]
                if not chosen:
                    raise InvalidInput(msg("tuition.no_originals", year=str(year)))
            else:
                chosen = [s for s in unfiled if s.kind != SlipKind.ORIGINAL]
                if not chosen:
                    raise InvalidInput(msg("tuition.no_amendments", year=str(year)))
                filed = {s.id for s in slips if s.return_id is not None}
                waiting = [s for s in chosen if s.replaces_id not in filed]  # CRA must hold what is amended
                if waiting:
                    raise InvalidInput(msg("tuition.originals_first", year=str(year), count=len(waiting)))
            xml = self._write(uow, chosen, year=year, amended=kind == AMENDED)
            fees = sum(s.figures.fees_cents for s in chosen if s.kind != SlipKind.CANCELLED)
            record = uow.tuition.add_return(year=year, kind=kind, made_at=now, staff_id=actor.staff_id,
                                            workstation_id=self._workstation, slip_ids=[s.id for s in chosen],
                                            fees_cents=fees)
            uow.audit.record(actor, "tuition.return_made", at=now, subject_type="tuition_return",
                             subject_id=record.id, details={"year": year, "kind": kind, "slips": len(chosen),
                                                            "fees_cents": fees})
            uow.commit()
        log.info("T2202 %s return of %d made: %d slip(s)", kind, year, len(chosen))
        return FiledReturn(record, xml)

    @requires(Permission.TUITION_SLIPS)
    def return_file(self, actor: Actor, return_id: uuid.UUID) -> bytes:
        """The same return's file again (lost, or CRA refused the upload), from the slips it filed."""
        with self._uow() as uow:
            record, slips = uow.tuition.slips_of_return(return_id)
            xml = self._write(uow, slips, year=record.year, amended=record.kind == AMENDED)
            uow.audit.record(actor, "tuition.return_written_again", at=self._clock(), subject_type="tuition_return",
                             subject_id=return_id, details={"year": record.year, "kind": record.kind})
            uow.commit()
        return xml

    # -- inside ------------------------------------------------------------------------------------

    def _check_year(self, year: int, *, ended: bool = False) -> None:
        this_year = self._clock().astimezone(self._tz).year
        if ended and year == this_year:
            raise InvalidInput(msg("tuition.year_not_over", year=str(year)), field="year")
        last = this_year - 1 if ended else this_year
        if not FIRST_YEAR <= year <= last:
            raise InvalidInput(msg("tuition.year", first=str(FIRST_YEAR), last=str(last)), field="year")

    def _year(self, uow: UnitOfWork, year: int) -> YearOfSlips:
        facts = uow.tuition.studies_touching(year)
        slips = uow.tuition.slips(year)
        ids = {f.student_id for f in facts} | {s.student_id for s in slips}
        lines = year_lines(year, facts, slips, uow.tuition.students(ids), uow.tuition.tax_details(ids),
                           self._vault.open, self._tz)
        unfiled = [s for s in slips if s.return_id is None]
        return YearOfSlips(
            year=year, deadline=filing_deadline(year), lines=tuple(lines), returns=tuple(uow.tuition.returns(year)),
            unfiled_originals=sum(1 for s in unfiled if s.kind == SlipKind.ORIGINAL),
            unfiled_amendments=sum(1 for s in unfiled if s.kind != SlipKind.ORIGINAL),
        )

    def _add(self, uow: UnitOfWork, actor: Actor, line: SlipLine, now: datetime) -> SlipRecord:
        kind = line.next_kind
        assert kind is not None
        history = uow.tuition.slips(line.figures.year, line.student.id)
        current = in_force(history)
        if kind == SlipKind.CANCELLED:
            assert current is not None
            new = NewSlip(line.student.id, line.figures.year, kind, current.id, now, actor.staff_id, self._workstation,
                          current.figures, current.recipient)
        else:
            # Every slip after the first names the one before it (a new original after a cancellation too),
            # so each student's history reads as one chain.
            new = NewSlip(line.student.id, line.figures.year, kind, history[-1].id if history else None, now,
                          actor.staff_id, self._workstation, line.figures, line.student)
        slip = uow.tuition.add_slip(new)
        self._audit_slip(uow, actor, slip, now)
        return slip

    def _audit_slip(self, uow: UnitOfWork, actor: Actor, slip: SlipRecord, now: datetime) -> None:
        uow.audit.record(actor, "tuition.slip_issued", at=now, subject_type="tuition_slip", subject_id=slip.id,
                         details={"student_id": str(slip.student_id), "year": slip.year, "kind": slip.kind.value,
                                  "replaces": str(slip.replaces_id) if slip.replaces_id else None,
                                  "fees_cents": slip.figures.fees_cents,
                                  "part_time_months": slip.figures.part_time_months,
                                  "full_time_months": slip.figures.full_time_months})

    def _slip(self, uow: UnitOfWork, slip_id: uuid.UUID) -> SlipRecord:
        slip = uow.tuition.slip(slip_id)
        if slip is None:
            raise NotFound(msg("tuition.slip_not_found"))
        return slip

    def _masked(self, uow: UnitOfWork, student_id: uuid.UUID) -> str:
        detail = uow.tuition.tax_details([student_id]).get(student_id)
        if detail is None or not detail.sin_encrypted:
            return ""
        return mask_sin(self._vault.open(detail.sin_encrypted))

    def _email_one(self, uow: UnitOfWork, actor: Actor, slip: SlipRecord, now: datetime, *, strict: bool) -> str | None:
        assert self._enqueue is not None and self._email is not None
        name = slip.recipient.name
        problem = None
        if slip.kind == SlipKind.CANCELLED:
            problem = msg("tuition.cancelled_not_sent")
        else:
            detail = uow.tuition.tax_details([slip.student_id]).get(slip.student_id)
            student = uow.tuition.students([slip.student_id]).get(slip.student_id)
            address = student.email if student else ""
            if detail is None or not detail.slip_by_email:
                problem = msg("tuition.no_consent", student=name)
            elif "@" not in address:
                problem = msg("tuition.no_email", student=name)
        if problem is not None:
            if strict:
                raise InvalidInput(problem)
            return None
        pdf = self._renderer.slip(slip, sin_masked=self._masked(uow, slip.student_id), lang=_lang(slip.recipient.language))
        self._enqueue(uow, self._email(slip, pdf, address), kind="tuition_slip")
        uow.tuition.mark_delivered(slip.id, "email", now)
        uow.audit.record(actor, "tuition.slip_emailed", at=now, subject_type="tuition_slip", subject_id=slip.id,
                         details={"year": slip.year, "sent_to": address})
        return address

    def _write(self, uow: UnitOfWork, slips: Sequence[SlipRecord], *, year: int, amended: bool) -> bytes:
        ids = {s.student_id for s in slips}
        details = uow.tuition.tax_details(ids)
        filing = []
        for slip in slips:
            detail = details.get(slip.student_id)
            sin = self._vault.open(detail.sin_encrypted) if detail and detail.sin_encrypted else ""
            if not valid_sin(sin):
                raise InvalidInput(msg("tuition.cannot_file", year=str(year),
                                       problem=msg("tuition.not_ready", student=slip.recipient.name,
                                                   reasons=msg("tuition.missing.sin"))))
            r = slip.recipient
            filing.append(FilingSlip(kind=slip.kind, family_name=r.last_name, given_name=r.first_name, sin=sin,
                                     student_number=r.student_number, address_line1=r.address_line1,
                                     address_line2=r.address_line2, city=r.city, province=r.province,
                                     postal_code=r.postal_code, figures=slip.figures))
        try:
            return self._writer().write(filing, year=year, amended=amended)
        except ValueError as exc:
            raise InvalidInput(msg("tuition.cannot_file", year=str(year), problem=str(exc))) from None


def _blocks(line: SlipLine) -> list[Any]:
    found: list[Any] = []
    if line.sin_unreadable:
        found.append(msg("tuition.sin_no_key"))
    found.extend(msg(f"tuition.missing.{m.value}") for m in line.missing)
    return found


def _lang(language: str) -> str:
    return "fr" if language.lower().startswith("fr") else "en"

"""Manager > Tuition slips (T2202)…: the year's students, what blocks each slip, the filing deadline;
issue, amend and cancel slips, record a SIN (shown masked) and the student's email consent, send or
print the slips, save a slip's PDF and export the XML return for CRA."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.dates import format_day
from oncopos.services.tuition_records import SlipLine, SlipRecord, YearOfSlips
from oncopos.services.tuition_slips import AMENDED, ORIGINAL, DeliveryReport, FiledReturn, IssueReport
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.save_location import in_documents
from oncopos.ui.tuition.model import SlipLineModel

T = TypeVar("T")
BUSINESS_TZ = ZoneInfo("America/Toronto")  # the default BUSINESS_TIMEZONE; the window passes the desk's


class TuitionSlipsPort(Protocol):
    """`oncopos.services.tuition_slips.TuitionSlipService`."""

    def year(self, actor: Actor, year: int) -> YearOfSlips: ...
    def issue(self, actor: Actor, year: int, student_ids: Sequence[uuid.UUID] | None = None) -> IssueReport: ...
    def cancel(self, actor: Actor, year: int, student_id: uuid.UUID) -> SlipRecord: ...
    def record_sin(self, actor: Actor, student_id: uuid.UUID, sin: str) -> str: ...
    def record_email_consent(self, actor: Actor, student_id: uuid.UUID, consent: bool) -> None: ...
    def pdf(self, actor: Actor, slip_id: uuid.UUID, lang: str | None = None) -> bytes: ...
    def deliver_year(self, actor: Actor, year: int) -> DeliveryReport: ...
    def make_return(self, actor: Actor, year: int, kind: str = ...) -> FiledReturn: ...


class TuitionSlipsDialog(QDialog):
    def __init__(self, slips: TuitionSlipsPort, actor: Actor, executor: Executor, *, today: date,
                 tz: ZoneInfo = BUSINESS_TZ, locale: str = "en-CA",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tuition slips (T2202)"))
        self.resize(980, 520)
        self._slips, self._actor, self._executor, self._locale, self._tz = slips, actor, executor, locale, tz
        self.year_of_slips: YearOfSlips | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year - 1)  # in January and February, the year just ended
        refresh = QPushButton(self.tr("&Refresh"), self)
        self.deadline = QLabel("", self)
        top = QHBoxLayout()
        label = QLabel(self.tr("Calendar &year:"), self)
        label.setBuddy(self.year)
        for widget in (label, self.year, refresh):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.deadline)
        self.model = SlipLineModel(locale, tz, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The blocks are shown in full under the table for the selected student (and as a tooltip).
        header.setSectionResizeMode(SlipLineModel.BLOCKS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(SlipLineModel.BLOCKS, 240)
        self.details = QLabel("", self)  # the selected student's studies and what blocks the slip, in full
        self.details.setWordWrap(True)
        self.issue_button = QPushButton(self.tr("&Issue slips"), self)
        self.issue_button.setToolTip(self.tr("Issue every slip that is ready: originals, amendments and cancellations"))
        self.amend_button = QPushButton(self.tr("Issue for &selected"), self)
        self.cancel_button = QPushButton(self.tr("Ca&ncel slip…"), self)
        self.sin_button = QPushButton(self.tr("Enter S&IN…"), self)
        self.consent_button = QPushButton(self.tr("Email c&onsent…"), self)
        self.pdf_button = QPushButton(self.tr("Save &PDF…"), self)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Student's language"), None)
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("French"), "fr")
        self.deliver_button = QPushButton(self.tr("Send or &print…"), self)
        self.deliver_button.setToolTip(self.tr("Email the slips to students who agreed; list the others to print"))
        self.export_button = QPushButton(self.tr("&Export XML…"), self)
        self.export_kind = QComboBox(self)
        self.export_kind.addItem(self.tr("Original return"), ORIGINAL)
        self.export_kind.addItem(self.tr("Amended return"), AMENDED)
        actions = QHBoxLayout()
        for button in (self.issue_button, self.amend_button, self.cancel_button, self.sin_button, self.consent_button):
            actions.addWidget(button)
        actions.addStretch(1)
        files = QHBoxLayout()
        for control in (self.pdf_button, self.language, self.deliver_button, self.export_kind, self.export_button):
            files.addWidget(control)
        files.addStretch(1)
        close = QPushButton(self.tr("Close"), self)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.details)
        box.addWidget(self.summary)
        for row in (actions, files, bottom):
            box.addLayout(row)
        refresh.clicked.connect(self.reload)
        self.year.valueChanged.connect(lambda _year: self.reload())
        close.clicked.connect(self.reject)
        self.issue_button.clicked.connect(lambda: self.issue(None))
        self.amend_button.clicked.connect(self.on_issue_selected)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.sin_button.clicked.connect(self.on_sin)
        self.consent_button.clicked.connect(self.on_consent)
        self.pdf_button.clicked.connect(self.on_pdf)
        self.deliver_button.clicked.connect(self.deliver)
        self.export_button.clicked.connect(self.on_export)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.update_buttons()
        self.reload()

    # -- reading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.status.text():
            self.status.setText(self.tr("Loading…"))
        self._run(self._slips.year, self._actor, self.year.value(), done=self.on_loaded)

    def on_loaded(self, result: YearOfSlips) -> None:
        chosen = self.selected()
        self.year_of_slips = result
        self.model.set_rows(result.lines)
        if chosen is not None:
            for row, line in enumerate(result.lines):
                if line.student.id == chosen.student.id:
                    self.table.selectRow(row)
        self.deadline.setText(self.tr("Filing deadline: %1").replace("%1", format_day(result.deadline, self._locale)))
        ready = sum(1 for line in result.lines if line.ready)
        blocked = sum(1 for line in result.lines if line.next_kind is not None and not line.ready)
        self.summary.setText(
            self.tr("%1 student(s): %2 slip(s) ready to issue, %3 waiting for the student's record; %4 original(s) "
                    "and %5 amendment(s) not filed yet.")
            .replace("%1", str(len(result.lines))).replace("%2", str(ready)).replace("%3", str(blocked))
            .replace("%4", str(result.unfiled_originals)).replace("%5", str(result.unfiled_amendments)))
        if self.status.text() == self.tr("Loading…"):
            self.status.setText("")  # what the last action said stays until the next one
        self.update_buttons()

    def selected(self) -> SlipLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_student(self, student_id: uuid.UUID) -> None:
        for row, line in enumerate(self.model.rows()):
            if line.student.id == student_id:
                self.table.selectRow(row)

    def update_buttons(self) -> None:
        line = self.selected()
        self.details.setText(self._details(line) if line is not None else "")
        manage = self._actor.can(Permission.TUITION_SLIPS)
        edit = self._actor.can(Permission.EDIT_STUDENTS)
        self.issue_button.setEnabled(manage and self.year_of_slips is not None)
        self.amend_button.setEnabled(manage and line is not None and line.ready)
        self.cancel_button.setEnabled(manage and line is not None and line.last_slip is not None)
        self.sin_button.setEnabled(edit and line is not None)
        self.consent_button.setEnabled(edit and line is not None)
        self.pdf_button.setEnabled(manage and line is not None and line.last_slip is not None)
        self.deliver_button.setEnabled(manage and self.year_of_slips is not None)
        self.export_button.setEnabled(manage and self.year_of_slips is not None)

    def _details(self, line: SlipLine) -> str:
        parts = [f"{line.student.name} — " + "; ".join(line.studies)] if line.studies else [line.student.name]
        blocks = self.model.blocks_text(line)
        if blocks:
            parts.append(blocks)
        if line.last_slip is not None:
            parts.append(self.tr("Last slip: %1, issued %2.").replace("%1", self.model.kind_text(line.last_slip.kind))
                         .replace("%2", format_day(line.last_slip.issued_at.astimezone(self._tz).date(), self._locale)))
        return "\n".join(parts)

    # -- slips -----------------------------------------------------------------------------------

    def issue(self, student_ids: list[uuid.UUID] | None) -> None:
        self.status.setText(self.tr("Issuing…"))
        self._run(self._slips.issue, self._actor, self.year.value(), student_ids, done=self.on_issued)

    def on_issue_selected(self) -> None:
        line = self.selected()
        if line is not None:
            self.issue([line.student.id])

    def on_issued(self, report: IssueReport) -> None:
        self.status.setText(self.tr("%1 slip(s) issued; %2 waiting for the student's record.")
                            .replace("%1", str(len(report.issued))).replace("%2", str(len(report.blocked))))
        self.reload()

    def on_cancel(self) -> None:
        line = self.selected()
        if line is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Cancel the slip"),
            self.tr("Cancel %1's slip of %2? A cancelled slip is filed with the amended return; the slip it "
                    "cancels is kept.").replace("%1", line.student.name).replace("%2", str(self.year.value())))
        if answer == QMessageBox.StandardButton.Yes:
            self.cancel_selected()

    def cancel_selected(self) -> None:
        line = self.selected()
        if line is not None:
            self._run(self._slips.cancel, self._actor, self.year.value(), line.student.id,
                      done=lambda _slip: self._done(self.tr("Slip cancelled.")))

    # -- the student's SIN and consent -----------------------------------------------------------

    def on_sin(self) -> None:
        line = self.selected()
        if line is None:
            return
        sin, ok = QInputDialog.getText(
            self, self.tr("Social insurance number"),
            self.tr("%1's social insurance number (9 digits; empty removes it). It is stored encrypted and "
                    "shown masked.").replace("%1", line.student.name), QLineEdit.EchoMode.Password)
        if ok:
            self.record_sin(line.student.id, sin)

    def record_sin(self, student_id: uuid.UUID, sin: str) -> None:
        self._run(self._slips.record_sin, self._actor, student_id, sin,
                  done=lambda masked: self._done(self.tr("SIN recorded: %1").replace("%1", masked) if masked
                                                 else self.tr("SIN removed.")))

    def on_consent(self) -> None:
        line = self.selected()
        if line is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Email consent"),
            self.tr("Does %1 agree to receive tuition slips by email at %2? Without consent, slips are printed.")
            .replace("%1", line.student.name).replace("%2", line.student.email),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Cancel:
            self.record_consent(line.student.id, answer == QMessageBox.StandardButton.Yes)

    def record_consent(self, student_id: uuid.UUID, consent: bool) -> None:
        self._run(self._slips.record_email_consent, self._actor, student_id, consent,
                  done=lambda _none: self._done(self.tr("Consent recorded.")))

    # -- files -----------------------------------------------------------------------------------

    def on_pdf(self) -> None:
        line = self.selected()
        if line is None or line.last_slip is None:
            return
        name = f"t2202-{self.year.value()}-{line.student.student_number}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), in_documents(name), self.tr("PDF (*.pdf)"))
        if path:
            self.save_pdf(line.last_slip.id, Path(path))

    def save_pdf(self, slip_id: uuid.UUID, path: Path) -> None:
        self._run(self._slips.pdf, self._actor, slip_id, self.language.currentData(),
                  done=lambda data: self._write(path, data))

    def deliver(self) -> None:
        self.status.setText(self.tr("Sending…"))
        self._run(self._slips.deliver_year, self._actor, self.year.value(), done=self.on_delivered)

    def on_delivered(self, report: DeliveryReport) -> None:
        names = ", ".join(s.recipient.name for s in report.to_print)
        text = self.tr("%1 slip(s) queued by email; %2 to print (no consent to email).")
        self._done(text.replace("%1", str(len(report.emailed))).replace("%2", str(len(report.to_print)))
                   + (f" {names}" if names else ""))

    def on_export(self) -> None:
        kind = str(self.export_kind.currentData())
        name = f"t2202-{self.year.value()}-{kind}.xml"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the T2202 return"), in_documents(name),
                                              self.tr("XML (*.xml)"))
        if path:
            self.export_to(kind, Path(path))

    def export_to(self, kind: str, path: Path) -> None:
        self._run(self._slips.make_return, self._actor, self.year.value(), kind,
                  done=lambda filed: self._exported(path, filed))

    def _exported(self, path: Path, filed: FiledReturn) -> None:
        self._write(path, filed.xml, private=True)
        self.reload()

    def _write(self, path: Path, data: bytes, *, private: bool = False) -> None:
        try:
            path.write_bytes(data)
            if private:
                path.chmod(0o600)  # the return holds SINs
        except OSError as err:
            self.status.setText(self.tr("The file could not be saved to %1 (%2). Choose another folder.")
                                .replace("%1", str(path)).replace("%2", err.strerror or type(err).__name__))
            return
        self.status.setText(self.tr("Saved %1.").replace("%1", str(path)))

    def _run(self, fn: Callable[..., T], *args: object, done: Callable[[T], None]) -> None:
        Operation(fn, *args).success(done).failure(self.on_failed).owned_by(self).run_in(self._executor)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.reload()

    def on_failed(self, error: BaseException) -> None:
        self.status.setText(describe_error(error))

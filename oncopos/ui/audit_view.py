"""The audit trail for managers: filter by dates, person, action and subject; export; verify the chain."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.audit import AuditEntry, AuditQuery, VerifyReport, action_name, detail_lines, family_name
from oncopos.domain.dates import format_moment
from oncopos.domain.errors import InvalidInput
from oncopos.services.audit import day_range
from oncopos.ui.form_fields import fit_placeholder
from oncopos.ui.i18n import FRENCH, QT_TRANSLATE_NOOP, current_language, label_for
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.save_location import in_documents
from oncopos.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
ROW_LIMIT = 5000  # what a table shows at once
EXPORT_LIMIT = 10_000_000  # an export takes every matching event, not only the page shown
ANY, SYSTEM = "any", "system"
ACTION_WIDTH = 260  # pixels: the widest the Action column is fitted to


def subject_text(subject: str) -> str:
    """"student S1000314" -> « Étudiant S1000314 »: the kind named, the number or id as recorded."""
    kind, _, rest = subject.partition(" ")
    if kind not in SUBJECT_KINDS:
        return subject
    return f"{label_for('audit_view', SUBJECT_KINDS, kind)} {rest}".strip()


#: Each subject's kind (the audit keeps the code, "student"), as the manager reads it.
SUBJECT_KINDS = {
    "business_day": QT_TRANSLATE_NOOP("audit_view", "Business day"),
    "course": QT_TRANSLATE_NOOP("audit_view", "Course"),
    "day_closure": QT_TRANSLATE_NOOP("audit_view", "Day closure"),
    "drawer_session": QT_TRANSLATE_NOOP("audit_view", "Cash drawer"),
    "enrollment": QT_TRANSLATE_NOOP("audit_view", "Enrollment"),
    "enrollments": QT_TRANSLATE_NOOP("audit_view", "Enrollments"),
    "file": QT_TRANSLATE_NOOP("audit_view", "File"),
    "import": QT_TRANSLATE_NOOP("audit_view", "Import"),
    "invoice": QT_TRANSLATE_NOOP("audit_view", "Invoice"),
    "credit_note": QT_TRANSLATE_NOOP("audit_view", "Credit note"),
    "invoice_series": QT_TRANSLATE_NOOP("audit_view", "Invoice series"),
    "otp_challenge": QT_TRANSLATE_NOOP("audit_view", "One-time code"),
    "payment": QT_TRANSLATE_NOOP("audit_view", "Payment"),
    "plan": QT_TRANSLATE_NOOP("audit_view", "Plan"),
    "plan_instalment": QT_TRANSLATE_NOOP("audit_view", "Instalment"),
    "plan_template": QT_TRANSLATE_NOOP("audit_view", "Plan template"),
    "refund": QT_TRANSLATE_NOOP("audit_view", "Refund"),
    "secret": QT_TRANSLATE_NOOP("audit_view", "Secret"),
    "section": QT_TRANSLATE_NOOP("audit_view", "Section"),
    "settings": QT_TRANSLATE_NOOP("audit_view", "Settings"),
    "staff": QT_TRANSLATE_NOOP("audit_view", "Staff member"),
    "student": QT_TRANSLATE_NOOP("audit_view", "Student"),
    "workstation": QT_TRANSLATE_NOOP("audit_view", "Workstation"),
}


class AuditPort(Protocol):
    """What the view needs from `oncopos.services.audit.AuditTrail`."""

    def today(self) -> date: ...
    def search(self, actor: Actor, query: AuditQuery) -> list[AuditEntry]: ...
    def filter_choices(self, actor: Actor) -> tuple[list[str], list[tuple[uuid.UUID, str]]]: ...
    def verify(self, actor: Actor) -> VerifyReport: ...
    def export_csv(self, actor: Actor, query: AuditQuery, path: Path) -> int: ...


class AuditTableModel(RowTableModel[AuditEntry]):
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditTableModel", "Time"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Desk"),
        "#",
        QT_TRANSLATE_NOOP("AuditTableModel", "Staff"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Action"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Subject"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Approved by"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Details"),
    )
    TIME, DESK, SEQUENCE, STAFF, ACTION, SUBJECT, APPROVED, DETAILS = range(8)
    RIGHT_ALIGNED = frozenset({SEQUENCE})

    def __init__(self, tz: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tz = tz

    def display(self, entry: AuditEntry, column: int) -> str:
        return self._text(entry, column, full=False)

    def tooltip(self, entry: AuditEntry, column: int) -> str:
        return self._text(entry, column, full=True)

    def _text(self, e: AuditEntry, column: int, *, full: bool) -> str:
        if column == self.TIME:
            # The business zone's time in the reader's words ("1er décembre 2026 à 13 h 30"), as the rest of
            # the interface writes it; never a zone abbreviation ("EST") a French reader would not use.
            if full:
                return format_moment(e.at, self._tz, current_language(), style="datetime")
            return e.at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M:%S")
        if column == self.DETAILS:
            # In the reader's words; the stored details stay as recorded (the chain's hash covers them).
            # French sets a narrow no-break space before « ; » as before its other high punctuation.
            separator = "\n" if full else "\u202f; " if current_language() == FRENCH else "; "
            return separator.join(detail_lines(e.details))
        if column == self.ACTION:
            # Named in the reader's words; the tooltip adds the code as recorded, for support and the CSV export.
            name = action_name(e.action, current_language())
            return name if not full else e.action if name == e.action else f"{name}\n{e.action}"
        return str(
            {
                self.DESK: e.workstation_id, self.SEQUENCE: e.sequence, self.STAFF: e.staff,
                self.SUBJECT: subject_text(e.subject), self.APPROVED: e.approved_by or "",
            }[column]
        )


class AuditView(QDialog):
    """Non-modal: a manager can keep it open beside the desk's work."""

    results_loaded = Signal(int)
    verified = Signal(object)  # VerifyReport
    exported = Signal(int)
    failed = Signal(str)

    def __init__(self, audit: AuditPort, executor: Executor, *, actor: Actor, tz: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._audit = audit
        self._executor = executor
        self.actor = actor
        self._tz = tz
        self.setObjectName("auditView")
        self.setWindowTitle(self.tr("Audit trail — OncoPOS"))
        self.resize(1000, 640)  # within a 1024x768 screen

        # The desk's clock in the business time zone, as every record's day is (not the computer's own date).
        day = audit.today()
        today = QDate(day.year, day.month, day.day)
        self.from_edit = self._date_edit(today.addDays(-7), "fromDateEdit")
        self.to_edit = self._date_edit(today, "toDateEdit")
        self.staff_combo = QComboBox(self)
        self.staff_combo.setObjectName("staffCombo")
        self.staff_combo.addItem(self.tr("Anyone"), ANY)
        self.staff_combo.addItem(self.tr("System"), SYSTEM)
        self.staff_combo.setItemData(1, self.tr("Events by the app itself, or with no one signed in (failed sign-ins)"),
                                     Qt.ItemDataRole.ToolTipRole)
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("actionCombo")
        self.action_combo.addItem(self.tr("Any action"), None)
        self.action_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.action_combo.setMinimumContentsLength(20)
        self._actions: list[str] = []  # the codes recorded so far, as the filter offers them
        self.subject_edit = QLineEdit(self)
        self.subject_edit.setObjectName("subjectEdit")
        self.subject_edit.setPlaceholderText(self.tr("Student number, user name or id"))
        fit_placeholder(self.subject_edit)
        self.subject_edit.returnPressed.connect(self.refresh)
        self.search_button = QPushButton(self.tr("&Search"), self)
        self.search_button.clicked.connect(self.refresh)

        # Two rows (when and who, then what): in French one row is wider than a 1024-pixel screen.
        filters = QVBoxLayout()
        rows = (((self.tr("From"), self.from_edit), (self.tr("to"), self.to_edit), (self.tr("Staff"), self.staff_combo)),
                ((self.tr("Action"), self.action_combo), (self.tr("Subject"), self.subject_edit)))
        for pairs in rows:
            row = QHBoxLayout()
            for label, widget in pairs:
                caption = QLabel(label, self)
                caption.setBuddy(widget)
                row.addWidget(caption)
                row.addWidget(widget, 1 if widget is self.subject_edit else 0)
            filters.addLayout(row)
        row.addWidget(self.search_button)  # at the end of the second row

        self.model = AuditTableModel(tz, self)
        self.table_view = QTableView(self)
        self.table_view.setObjectName("auditTable")
        self.table_view.setModel(self.model)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.verticalHeader().hide()
        header = self.table_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Subjects can be long ids: a fixed share of the width, elided, the full text in the tooltip. The actions
        # shown are fitted (see _show_entries), up to ACTION_WIDTH: a few names are long (« Remboursement fait dans
        # le tableau de bord Stripe ») and the details keep room on a 1024-pixel screen.
        for column, width in ((AuditTableModel.ACTION, ACTION_WIDTH), (AuditTableModel.SUBJECT, 220)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(AuditTableModel.DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("auditStatus")
        self.status_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("&Verify chain"), self)
        self.verify_button.clicked.connect(self.on_verify_clicked)
        self.export_button = QPushButton(self.tr("&Export CSV…"), self)
        self.export_button.clicked.connect(self.on_export_clicked)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table_view, 1)
        layout.addLayout(bottom)

    def _date_edit(self, value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the filter lists, then show the last week."""
        (
            Operation(self._audit.filter_choices, self.actor)
            .success(self._fill_choices)
            .failure(self._show_error)
            .owned_by(self)
            .run_in(self._executor)
        )
        self.refresh()

    def _fill_choices(self, choices: tuple[list[str], list[tuple[uuid.UUID, str]]]) -> None:
        actions, staff = choices
        for staff_id, username in staff:
            self.staff_combo.addItem(username, staff_id)
        self._actions = list(actions)
        self._fill_actions()

    def _fill_actions(self) -> None:
        """Each choice named in the reader's words, sorted by its name; it filters by the code it holds, which its
        tooltip shows ("staff.*" for a family, as the query takes it). The choice made stays chosen."""
        chosen = self.action_combo.currentData()
        while self.action_combo.count() > 1:  # after "Any action"
            self.action_combo.removeItem(1)
        language = current_language()
        families = {a.split(".")[0] for a in self._actions if "." in a}
        for family in sorted(families, key=lambda f: _sort_key(family_name(f, language))):
            self._add_action_choice(family_name(family, language), f"{family}.", f"{family}.*")
        for action in sorted(self._actions, key=lambda a: _sort_key(action_name(a, language))):
            self._add_action_choice(action_name(action, language), action, action)
        self.action_combo.setCurrentIndex(max(self.action_combo.findData(chosen), 0))

    def retranslate(self) -> None:
        """After File > Language: the filter's names and the fitted Action column follow (the Qt texts and the
        table's cells follow by themselves)."""
        self._fill_actions()
        self._fit_action_column()

    def _add_action_choice(self, text: str, code: str, tooltip: str) -> None:
        self.action_combo.addItem(text, code)
        self.action_combo.setItemData(self.action_combo.count() - 1, tooltip, Qt.ItemDataRole.ToolTipRole)

    def query(self) -> AuditQuery:
        start, end = day_range(_to_date(self.from_edit.date()), _to_date(self.to_edit.date()), self._tz)
        staff = self.staff_combo.currentData()
        return AuditQuery(
            start=start, end=end,
            staff_id=staff if isinstance(staff, uuid.UUID) else None,
            system_only=staff == SYSTEM,
            action=self.action_combo.currentData(),
            subject=self.subject_edit.text().strip() or None,
            limit=ROW_LIMIT,
        )

    def refresh(self) -> None:
        try:
            query = self.query()
        except InvalidInput as error:  # an end date before the start, said plainly
            self._show_error(error)
            return
        self.search_button.setEnabled(False)
        (
            Operation(self._audit.search, self.actor, query)
            .success(self._show_entries)
            .failure(self._show_error)
            .with_progress(self.tr("Reading the audit trail…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_entries(self, entries: list[AuditEntry]) -> None:
        self.search_button.setEnabled(True)
        self.model.set_rows(entries)
        # Few events are approved by a manager: the column shows only when one of them is, and its width goes to
        # the details otherwise.
        self.table_view.setColumnHidden(AuditTableModel.APPROVED, not any(e.approved_by for e in entries))
        self._fit_action_column()
        more = (
            self.tr(" (the newest {ROW_LIMIT}; narrow the filters to see older ones)").format(ROW_LIMIT=ROW_LIMIT)
            if len(entries) >= ROW_LIMIT
            else ""
        )
        self.status_label.setText(self.tr("Events shown: {count}").format(count=len(entries)) + more)
        self.results_loaded.emit(len(entries))

    def _fit_action_column(self) -> None:
        self.table_view.resizeColumnToContents(AuditTableModel.ACTION)
        header = self.table_view.horizontalHeader()
        header.resizeSection(AuditTableModel.ACTION, min(header.sectionSize(AuditTableModel.ACTION), ACTION_WIDTH))

    # -- verify and export --------------------------------------------------------------------

    def on_verify_clicked(self) -> None:
        self.verify_button.setEnabled(False)
        (
            Operation(self._audit.verify, self.actor)
            .success(self._show_report)
            .failure(self._show_error)
            .with_progress(self.tr("Checking every event of the chain…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _show_report(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        lines = [report.summary()] + [b.line() for b in report.breaks[:10]]
        if len(report.breaks) > 10:
            lines.append(
                self.tr("… and {value} more: run `oncopos audit verify` for the full list.").format(value=len(report.breaks) - 10)
            )
        self.status_label.setText("\n".join(lines))
        self.status_label.setProperty("tampered", not report.intact)
        self.status_label.style().polish(self.status_label)
        self.verified.emit(report)

    def on_export_clicked(self) -> None:
        suggested = f"audit-{_to_date(self.from_edit.date())}-to-{_to_date(self.to_edit.date())}.csv"
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit trail"), in_documents(suggested), self.tr("CSV files (*.csv)")
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        try:
            query = self.query()
        except InvalidInput as error:
            self._show_error(error)
            return
        self.export_button.setEnabled(False)
        (
            Operation(self._audit.export_csv, self.actor, replace(query, limit=EXPORT_LIMIT), path)
            .success(lambda rows: self._exported(rows, path))
            .failure(self._show_error)
            .with_progress(self.tr("Writing the CSV file…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _exported(self, rows: int, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.status_label.setText(self.tr("Exported {rows} events to {path}.").format(rows=rows, path=path))
        self.exported.emit(rows)

    def _show_error(self, error: BaseException) -> None:
        for button in (self.search_button, self.verify_button, self.export_button):
            button.setEnabled(True)
        message = describe_error(error)
        self.status_label.setText(message)
        self.failed.emit(message)


def _sort_key(name: str) -> str:
    """« Écritures » among the E's, not after Z: accents set aside, case folded."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())

"""Import the school's existing student list: choose the CSV, read the preview, import all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.messages import render
from oncopos.domain.student_import import COLUMNS
from oncopos.services.student_import import ImportPreview, ImportRejected, ImportReport, PreviewRow
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, current_language
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.save_location import documents_folder
from oncopos.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
_ERROR = QColor("#8a1c12")


class ImportPort(Protocol):
    def preview(self, actor: Actor, data: bytes) -> ImportPreview: ...
    def import_file(self, actor: Actor, data: bytes, *, progress: Any = None) -> ImportReport: ...


class PreviewModel(RowTableModel[PreviewRow]):
    HEADERS = (
        QT_TRANSLATE_NOOP("PreviewModel", "Row"),
        QT_TRANSLATE_NOOP("PreviewModel", "Name"),
        QT_TRANSLATE_NOOP("PreviewModel", "Email"),
        QT_TRANSLATE_NOOP("PreviewModel", "Section"),
        QT_TRANSLATE_NOOP("PreviewModel", "What to correct"),
    )
    PROBLEMS = 4

    def set_rows(self, rows: Sequence[PreviewRow]) -> None:
        # Rows to correct first: with 400 good rows, the 3 bad ones must not hide at the bottom.
        super().set_rows(sorted(rows, key=lambda r: (not r.errors, r.line)))

    def display(self, row: PreviewRow, column: int) -> str:
        problems = "; ".join(row.problems(current_language())) if row.errors else self.tr("Ready")
        return (str(row.line), row.name or self.tr("(no name)"), row.email, row.section_code or "", problems)[column]

    def tooltip(self, row: PreviewRow, column: int) -> str:
        return self.display(row, column)

    def foreground(self, row: PreviewRow, column: int) -> QBrush | None:
        return QBrush(_ERROR) if row.errors and column == self.PROBLEMS else None


def describe_report(report: ImportReport) -> str:
    students = QCoreApplication.translate("import_dialog", "%n student(s)", None, report.students)
    numbers = report.first_number if report.students == 1 else QCoreApplication.translate(
        "import_dialog", "{first} to {last}").format(first=report.first_number, last=report.last_number)
    enrollments = QCoreApplication.translate("import_dialog", "%n enrollment(s)", None, report.enrollments)
    return QCoreApplication.translate("import_dialog", "{students} ({numbers}) and {enrollments}").format(
        students=students, numbers=numbers, enrollments=enrollments
    )


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport

    def __init__(self, service: ImportPort, executor: Executor, actor: Actor, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._executor, self._actor = service, executor, actor
        self._data: bytes | None = None
        self.preview: ImportPreview | None = None
        self.busy = False
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import students"))
        self.resize(900, 560)

        intro = QLabel(
            self.tr("Choose the school's list saved as CSV (UTF-8 or Windows). Columns: ") + ", ".join(COLUMNS) + self.tr(". "
            "first_name, last_name and email are required; section enrolls the student in that section."),
            self,
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("&Choose file…"), self)
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.file_label = QLabel(self.tr("No file chosen."), self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)

        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("importPreviewView")
        self.table.setAccessibleName(self.tr("Rows of the file"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # What to correct is read in full, wrapped, not guessed from an elided line.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.on_import_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)

    def on_choose_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Student list"), documents_folder(), self.tr("CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read the file and ask for its preview (in the background: it checks the database)."""
        try:
            self._data = path.read_bytes()
        except OSError as exc:
            self._show_message(
                self.tr("Cannot read {name}: {value}. Check the file and choose it again.").format(
                    name=path.name, value=exc.strerror or exc
                )
            )
            return
        self.file_label.setText(str(path))
        self._start(Operation(self._service.preview, self._actor, self._data).success(self._show_preview))

    def _start(self, operation: Operation[Any]) -> None:
        self.busy = True
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        operation.failure(self._failed).owned_by(self).run_in(self._executor)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.busy = False
        self.choose_button.setEnabled(True)
        self.preview = preview
        self.model.set_rows(list(preview.rows))
        self._show_message(render(preview.summary(), current_language()))
        self.import_button.setEnabled(preview.can_import)

    def on_import_clicked(self) -> None:
        if self._data is None or self.preview is None or not self.preview.can_import or self.busy:
            return
        operation = (
            Operation(self._service.import_file, self._actor, self._data)
            .success(self._done)
            .with_progress(self.tr("Importing students…"), self, reports=True)
        )
        self._start(operation)

    def _done(self, report: ImportReport) -> None:
        self.busy = False
        self.imported.emit(report)
        self._show_message(self.tr("Imported {describe_report}.").format(describe_report=describe_report(report)))
        self.choose_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.choose_button.setEnabled(True)
        if isinstance(error, ImportRejected):
            self._show_preview(error.preview)
            self._show_message(error.text(current_language()))
            return
        self._show_message(describe_error(error))

    def _show_message(self, text: str) -> None:
        self.summary_label.setText(text)

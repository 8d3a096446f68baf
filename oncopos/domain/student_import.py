"""Reading the school's existing student list (CSV) into checked rows, each with what is wrong.

Pure: the service adds what only the database knows (students already registered, sections and
their seats). Row numbers are the spreadsheet's, header included, so "row 7" is row 7 on screen.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from datetime import date

from oncopos.domain.contact import email_key
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import Message, msg
from oncopos.domain.student_record import FieldErrors, StudentDetails, StudentDraft, validate_student

__all__ = ["COLUMNS", "ImportRow", "parse_student_csv"]

STUDENT_COLUMNS = tuple(f.name for f in fields(StudentDraft))
#: Every column the file may have; `section` is the code of a section to enroll the student in.
COLUMNS = (*STUDENT_COLUMNS, "section")
REQUIRED = ("first_name", "last_name", "email")
MAX_ROWS = 5000  # a school's list; anything larger is the wrong file
MAX_BYTES = 5_000_000


@dataclass
class ImportRow:
    line: int  # as numbered in a spreadsheet: the header is row 1
    draft: StudentDraft
    section_code: str | None
    details: StudentDetails | None = None
    errors: list[Message | str] = field(default_factory=list)  # rendered in the reader's language

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return f"{self.draft.first_name} {self.draft.last_name}".strip()  # empty: the preview says « (sans nom) »


def parse_student_csv(data: bytes, *, today: date) -> list[ImportRow]:
    """Rows of the file, each validated on its own and against the other rows of the file.

    Raises InvalidInput for a file that cannot be read at all (encoding, header); row problems
    are collected on the rows so the preview can list every one.
    """
    if len(data) > MAX_BYTES:
        raise InvalidInput(msg("import.too_large", max_bytes=MAX_BYTES // 1000000), field="file")
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise InvalidInput(msg("import.empty"), field="file")
    columns = [h.strip().lower().replace(" ", "_") for h in header]
    unknown = [h for h in columns if h and h not in COLUMNS]
    if unknown:
        raise InvalidInput(
            msg("import.unknown_columns" if len(unknown) > 1 else "import.unknown_column",
                unknown=", ".join(repr(u) for u in unknown), columns=", ".join(COLUMNS)),
            field="file",
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InvalidInput(msg("import.missing_columns", missing=', '.join(missing)), field="file")
    rows: list[ImportRow] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue  # blank lines between blocks are common in exported sheets
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(msg("import.too_many", max_rows=MAX_ROWS), field="file")
        rows.append(_row(reader.line_num, columns, values, today))
    if not rows:
        raise InvalidInput(msg("import.no_rows"), field="file")
    _mark_repeats(rows)
    return rows


def _decode(data: bytes) -> str:
    # Excel on Windows saves "CSV UTF-8" with a BOM, and plain "CSV" in Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(msg("import.encoding"), field="file")


def _row(line: int, columns: list[str], values: list[str], today: date) -> ImportRow:
    cells = dict(zip(columns, (v.strip() for v in values), strict=False))  # a short row leaves columns out
    student = {k: v for k, v in cells.items() if k in STUDENT_COLUMNS}
    language = (student.get("preferred_language") or "en").lower()
    student["preferred_language"] = {"english": "en", "anglais": "en", "french": "fr", "français": "fr"}.get(language, language)
    draft = StudentDraft(**student)
    row = ImportRow(line, draft, cells.get("section") or None)
    if len(values) > len(columns):
        row.errors.append(msg("import.row.extra_values", values=len(values), columns=len(columns)))
    try:
        row.details = validate_student(draft, today=today)
    except FieldErrors as exc:
        row.errors.extend(exc.messages.values())
    return row


def _mark_repeats(rows: list[ImportRow]) -> None:
    first_by_email: dict[str, int] = {}
    for row in rows:
        if not row.draft.email.strip():
            continue
        # Checked on every row, valid or not, so both problems of a row are listed at once.
        key = email_key(row.draft.email)
        if key in first_by_email:
            row.errors.append(msg("import.row.same_email", row=first_by_email[key]))
        else:
            first_by_email[key] = row.line

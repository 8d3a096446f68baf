"""Reading the school's student list: encodings, separators, columns, and per-row messages."""

from __future__ import annotations

from datetime import date

import pytest

from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import render
from oncopos.domain.student_import import parse_student_csv

TODAY = date(2026, 11, 26)


def test_excel_utf8_with_bom_and_accents() -> None:
    data = ("\ufefffirst_name,last_name,email,phone,section\n"
            "Émilie,Bérubé-Lévesque,emilie@videotron.ca,514 555 0142,oap-100-2701\n")
    [row] = parse_student_csv(data.encode("utf-8"), today=TODAY)
    assert row.ok and row.line == 2
    assert row.details is not None and row.details.last_name == "Bérubé-Lévesque" and row.details.phone == "+15145550142"
    assert row.section_code == "oap-100-2701"


def test_windows_1252_with_semicolons_and_language_words() -> None:
    data = "First Name;Last Name;Email;Preferred Language\nFrançois;Côté;francois@example.ca;Français\n".encode("cp1252")
    [row] = parse_student_csv(data, today=TODAY)
    assert row.ok and row.details is not None
    assert (row.details.first_name, row.details.preferred_language) == ("François", "fr")


def test_every_bad_row_says_what_is_wrong() -> None:
    data = (
        b"first_name,last_name,email,province,postal_code\n"
        b"Ann,Smith,ann@example.ca,ON,M5V 2T6\n"
        b",Jones,jones@,ON,\n"
        b"Bob,Lee,ANN@example.ca,QC,M5V 2T6\n"
        b"\n"
        b"Cy,\"O'Neill, Jr\",cy@example.ca,,\n"
    )
    rows = parse_student_csv(data, today=TODAY)
    assert [r.line for r in rows] == [2, 3, 4, 6]
    assert rows[0].ok
    problems = [[str(e) for e in r.errors] for r in rows]
    assert any("first name" in e for e in problems[1]) and any("@" in e for e in problems[1])
    assert "has the same email as row 2" in problems[2]
    assert any("in Ontario" in e and "Quebec" in e for e in problems[2])
    assert any("letters, spaces" in e for e in problems[3])  # the comma in "O'Neill, Jr"
    # The same problems in French, for a French desk: the field's own message, not its English rendering.
    french = [render(e, "fr-CA") for e in rows[2].errors]
    assert "a le même courriel que la ligne 2" in french and not any("Ontario" in e and "Quebec" in e for e in french)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"first_name,last_name,email\n", "no students"),
        (b"first_name,last_name,mail\nA,B,a@b.ca\n", "Unknown column 'mail'.*The columns are"),
        (b"first_name,email\nA,a@b.ca\n", "no last_name column"),
        (b"\xff\xfe\x00\x81\x8d", "not text"),
    ],
)
def test_files_that_cannot_be_read(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_student_csv(data, today=TODAY)

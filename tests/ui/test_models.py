"""The table models on their own: no window, no thread, just what each cell says."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from oncopos.domain.money import NBSP
from oncopos.ui.registration.enrollments import EnrollmentTableModel, load_tax_basis
from oncopos.ui.registration.student_search import StudentTableModel, format_phone

from .fakes import sample_enrollments, sample_students

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole


def cell(model, row: int, column: int, role: int = DISPLAY):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), role)


def test_student_model_columns_and_rows(qapp: object) -> None:
    model = StudentTableModel()
    assert model.rowCount() == 0
    model.set_rows(sample_students())
    assert model.rowCount() == 6 and model.columnCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(4)]
    assert headers == ["Student number", "Name", "Email", "Phone"]
    assert [cell(model, 0, c) for c in range(4)] == [
        "S2027-0001", "Émilie Bérubé-Lévesque", "emilie.berube@example.ca", "+1 514-555-0142",
    ]
    # No phone on file: an empty cell, not "None".
    assert cell(model, 3, StudentTableModel.PHONE) == ""
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree


def test_student_model_uses_preferred_name_and_tells_legal_name(qapp: object) -> None:
    model = StudentTableModel()
    model.set_rows(sample_students())
    assert cell(model, 2, StudentTableModel.NAME) == "Maggie O'Neill"
    assert cell(model, 2, StudentTableModel.NAME, TOOLTIP) == "Legal name: Margaret O'Neill"
    assert cell(model, 2, 0, Qt.ItemDataRole.UserRole) is model.row_at(2)
    assert model.row_at(99) is None
    assert model.data(QModelIndex()) is None


def test_student_model_reset_signals(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = StudentTableModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(sample_students()[:2])
    assert model.rowCount() == 2


def _enrollment_model(locale: str = "en-CA") -> EnrollmentTableModel:
    model = EnrollmentTableModel(locale, load_tax_basis(locale))
    model.set_rows(sample_enrollments(sample_students()))
    return model


def test_enrollment_model_formats_money_in_english(qapp: object) -> None:
    model = _enrollment_model()
    m = EnrollmentTableModel
    assert [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(8)] == [
        "Course", "Section", "Status", "Price", "Tax", "Total", "Paid", "Balance",
    ]
    # Row 0: exempt certificate, $4,850.00, $1,000.00 paid.
    assert cell(model, 0, m.COURSE) == "ONC-210 Oncology Aesthetics Certificate"
    assert cell(model, 0, m.STATUS) == "Active"
    assert cell(model, 0, m.PRICE) == "$4,850.00"
    assert cell(model, 0, m.TAX) == "Exempt"
    assert cell(model, 0, m.TOTAL) == "$4,850.00"
    assert cell(model, 0, m.PAID) == "$1,000.00"
    assert cell(model, 0, m.BALANCE) == "$3,850.00"
    # Row 1: taxable workshop in Ontario, 13% HST, paid in full.
    assert cell(model, 1, m.TAX) == "$58.50"
    assert cell(model, 1, m.TAX, TOOLTIP) == "Taxable in ON"
    assert cell(model, 1, m.BALANCE) == "$0.00"
    assert cell(model, 1, m.STATUS) == "Completed"


def test_enrollment_model_tax_tooltip_names_the_legal_basis(qapp: object) -> None:
    model = _enrollment_model()
    exempt = cell(model, 0, EnrollmentTableModel.TAX, TOOLTIP)
    assert exempt.startswith("Exempt: Excise Tax Act, Schedule V")
    assert cell(model, 2, EnrollmentTableModel.TAX) == "Zero-rated"
    assert cell(model, 2, EnrollmentTableModel.TAX, TOOLTIP).startswith("Zero-rated: Excise Tax Act, Schedule VI")


def test_enrollment_model_paid_is_net_of_refunds(qapp: object) -> None:
    model = _enrollment_model()
    m = EnrollmentTableModel
    # $508.50 paid, $100.00 refunded: $408.50 net, $100.00 owing again.
    assert cell(model, 3, m.PAID) == "$408.50"
    assert cell(model, 3, m.PAID, TOOLTIP) == "Paid $508.50, refunded $100.00"
    assert cell(model, 3, m.BALANCE) == "$100.00"


def test_enrollment_model_money_is_right_aligned_and_owing_is_bold(qapp: object) -> None:
    model = _enrollment_model()
    m = EnrollmentTableModel
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for column in (m.PRICE, m.TAX, m.TOTAL, m.PAID, m.BALANCE):
        assert cell(model, 0, column, ALIGN) == right
        assert model.headerData(column, Qt.Orientation.Horizontal, ALIGN) == right
    assert cell(model, 0, m.COURSE, ALIGN) is None
    font = cell(model, 0, m.BALANCE, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert cell(model, 1, m.BALANCE, Qt.ItemDataRole.FontRole) is None  # nothing owing


def test_enrollment_model_formats_money_in_french(qapp: object) -> None:
    model = _enrollment_model("fr-CA")
    m = EnrollmentTableModel
    # CLDR fr-CA: no-break spaces between thousands and before "$".
    assert cell(model, 2, m.PRICE) == f"12{NBSP}345,50{NBSP}$"
    assert cell(model, 0, m.BALANCE) == f"3{NBSP}850,00{NBSP}$"
    assert cell(model, 0, m.TAX, TOOLTIP).startswith("Exonéré")


def test_enrollment_model_without_basis_still_names_the_treatment(qapp: object) -> None:
    model = EnrollmentTableModel("en-CA", {})
    model.set_rows(sample_enrollments(sample_students()))
    assert cell(model, 0, EnrollmentTableModel.TAX, TOOLTIP) == "Exempt"


def test_phone_numbers_read_like_phone_numbers() -> None:
    assert format_phone("+14185551904") == "+1 418-555-1904"
    assert format_phone("+1 514-555-0142") == "+1 514-555-0142"  # already formatted
    assert format_phone("+33142685300") == "+33142685300"  # not North American: as stored
    assert format_phone(None) == ""


def test_tax_basis_comes_from_the_table_the_core_already_read() -> None:
    """The tooltip's legal basis is the core's parsed tax table, not a second reading of the file."""
    from oncopos.domain.tax import load_tax_table

    table = load_tax_table()
    before = load_tax_table.cache_info().misses
    for locale in ("en-CA", "fr-CA"):
        basis = load_tax_basis(locale)
        assert basis and basis == {t: table.default_basis(t, locale) for t in table.legal_basis}
    assert load_tax_table.cache_info().misses == before

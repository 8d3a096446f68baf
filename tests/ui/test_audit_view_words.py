"""The audit view reads in the desk's language: each action and each detail named from the catalogue, its codes
and stored English sentences in the reader's words, its amounts as money, over real events of a training desk
(a refused sign-in, a cash payment and its refund). The stored events are not touched: the action filter and
the tooltips keep the codes."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt

from oncopos.domain.audit import AuditEntry
from oncopos.domain.errors import UserFacingError
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.domain.tender import CashTender
from oncopos.ui.audit_view import AuditTableModel, AuditView
from oncopos.ui.i18n import ENGLISH, FRENCH, use_language
from oncopos.ui.language_menu import retranslate_windows

from .french_screens import english_left

NBSP = "\u00a0"


def audit_view_after_real_events(qtbot, desk, db_executor) -> AuditView:  # type: ignore[no-untyped-def]
    admin = desk.staff.sign_in("admin", TRAINING_PASSWORD)
    with pytest.raises(UserFacingError):
        desk.staff.sign_in("nobody", "not a password")
    desk.till().open_drawer(admin, 10_000)
    owing = next(e for s in desk.student_directory.search(admin, "a", limit=50)
                 for e in desk.student_directory.enrollments(admin, s.id) if e.balance_cents >= 5_000)
    paid = desk.tenders().take(admin, owing.id, 5_000, CashTender(5_000))
    desk.refunds().refund(admin, paid.payment_id, 2_000, "requested_by_customer")
    view = AuditView(desk.audit_trail, db_executor, actor=admin, tz=desk.settings.tz)
    qtbot.addWidget(view)
    view.from_edit.setDate(QDate.currentDate().addDays(-1))
    view.to_edit.setDate(QDate.currentDate().addDays(1))
    view.show()
    with qtbot.waitSignal(view.results_loaded, timeout=10_000):
        view.load()
    return view


def details(view: AuditView, action: str) -> list[str]:
    """The details of the events of `action` (its code)."""
    model = view.model
    return [model.index(row, model.DETAILS).data() for row in range(model.rowCount()) if model.row(row).action == action]


def action_names(view: AuditView) -> dict[str, str]:
    """Each action code shown, with its name in the Action column (the tooltip gives both)."""
    model = view.model
    names = {model.row(row).action: model.index(row, model.ACTION).data() for row in range(model.rowCount())}
    tooltips = {model.index(row, model.ACTION).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())}
    assert tooltips == {f"{name}\n{code}" for code, name in names.items()}
    return names


def filter_choices(view: AuditView) -> dict[str, str]:
    """Each choice of the action filter: the code it filters by, with its name."""
    combo = view.action_combo
    return {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())}


def choose_action(qtbot, view: AuditView, code: str) -> int:  # type: ignore[no-untyped-def]
    view.action_combo.setCurrentIndex(view.action_combo.findData(code))
    with qtbot.waitSignal(view.results_loaded, timeout=10_000) as loaded:
        view.refresh()
    return int(loaded.args[0])


def test_a_french_manager_reads_the_audit_trail_in_french(qtbot, french_desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = audit_view_after_real_events(qtbot, french_desk, db_executor)
    assert english_left(view) == []
    assert details(view, "staff.sign_in_failed") == [
        f"Motif{NBSP}: ouverture de session\u202f; Raison{NBSP}: nom d’utilisateur inconnu"]
    [payment] = details(view, "payment.succeeded")
    assert f"Montant{NBSP}: 50,00{NBSP}$" in payment and f"Provenance{NBSP}: au comptoir" in payment
    assert any(f"Fonds de caisse{NBSP}: 100,00{NBSP}$" in d for d in details(view, "till.opened"))


def test_an_english_manager_reads_the_same_details_in_plain_english(qtbot, english_desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = audit_view_after_real_events(qtbot, english_desk, db_executor)
    assert details(view, "staff.sign_in_failed") == ["Purpose: sign-in; Reason: unknown user name"]
    [payment] = details(view, "payment.succeeded")
    assert "Amount: $50.00" in payment and "Source: at the desk" in payment


def test_a_french_manager_reads_each_action_by_its_french_name_and_filters_by_it(qtbot, french_desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = audit_view_after_real_events(qtbot, french_desk, db_executor)
    names = action_names(view)
    assert names["staff.sign_in_failed"] == "Connexion refusée"
    assert names["payment.succeeded"] == "Payé"  # the payment journal's word for the same step
    assert names["till.opened"] == "Tiroir-caisse ouvert"
    assert names["refund.succeeded"] == "Remboursé"
    assert all(name != code for code, name in names.items()), names
    table = view.table_view  # every name shown whole; no manager approval among the events, so no column for one
    assert table.columnWidth(view.model.ACTION) >= table.sizeHintForColumn(view.model.ACTION)
    assert table.isColumnHidden(view.model.APPROVED)
    qtbot.waitUntil(lambda: view.action_combo.count() > 1, timeout=10_000)
    choices = filter_choices(view)
    assert choices["staff.sign_in_failed"] == "Connexion refusée"
    assert choices["staff."] == "Personnel et connexions (toutes les actions)"
    assert choices["till.opened"] == "Tiroir-caisse ouvert"
    assert view.action_combo.itemData(view.action_combo.findData("staff."), Qt.ItemDataRole.ToolTipRole) == "staff.*"
    assert english_left(view) == []
    assert choose_action(qtbot, view, "staff.sign_in_failed") == 1
    assert action_names(view) == {"staff.sign_in_failed": "Connexion refusée"}
    assert choose_action(qtbot, view, "till.") >= 1
    assert set(action_names(view)) == {"till.opened"}


def test_the_export_and_the_chain_keep_the_codes_a_french_desk_reads_by_name(qtbot, french_desk, db_executor,  # type: ignore[no-untyped-def]
                                                                            tmp_path) -> None:
    view = audit_view_after_real_events(qtbot, french_desk, db_executor)
    out = tmp_path / "audit.csv"
    with qtbot.waitSignal(view.exported, timeout=10_000):
        view.export_to(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = {row["action"] for row in csv.DictReader(handle)}
    assert {"staff.sign_in_failed", "till.opened", "payment.succeeded", "refund.succeeded"} <= exported
    with qtbot.waitSignal(view.verified, timeout=10_000) as verified:
        view.on_verify_clicked()
    assert verified.args[0].intact


def test_the_actions_and_their_filter_follow_a_change_of_language(qtbot, french_desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = audit_view_after_real_events(qtbot, french_desk, db_executor)
    qtbot.waitUntil(lambda: view.action_combo.count() > 1, timeout=10_000)
    view.action_combo.setCurrentIndex(view.action_combo.findData("till.opened"))
    try:
        assert use_language(ENGLISH)
        retranslate_windows()
        assert action_names(view)["staff.sign_in_failed"] == "Sign-in refused"
        assert filter_choices(view)["staff."] == "Staff and sign-ins (every action)"
        assert (view.action_combo.currentData(), view.action_combo.currentText()) == ("till.opened", "Drawer opened")
    finally:
        use_language(FRENCH)


def test_an_english_manager_reads_the_same_actions_in_english(qtbot, english_desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    view = audit_view_after_real_events(qtbot, english_desk, db_executor)
    names = action_names(view)
    assert (names["staff.sign_in_failed"], names["till.opened"], names["refund.succeeded"]) == (
        "Sign-in refused", "Drawer opened", "Refunded")
    qtbot.waitUntil(lambda: view.action_combo.count() > 1, timeout=10_000)
    assert filter_choices(view)["staff."] == "Staff and sign-ins (every action)"


def test_an_action_the_catalogue_does_not_name_shows_as_recorded(qapp) -> None:  # type: ignore[no-untyped-def]
    entry = AuditEntry(at=datetime(2026, 12, 1, 18, 30, tzinfo=UTC), workstation_id="DESK9", sequence=1, staff_id=None,
                       staff="system", action="desk.teleported", subject_type=None, subject_id=None, subject="")
    model = AuditTableModel(ZoneInfo("America/Toronto"))
    model.set_rows([entry])
    try:
        assert use_language(FRENCH)
        assert model.display(entry, model.ACTION) == "desk.teleported"
        assert model.tooltip(entry, model.ACTION) == "desk.teleported"
    finally:
        use_language(ENGLISH)

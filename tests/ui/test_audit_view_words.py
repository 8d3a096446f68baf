"""The audit view reads in the desk's language: each detail named from the catalogue, its codes and stored
English sentences in the reader's words, its amounts as money, over real events of a training desk
(a refused sign-in, a cash payment and its refund). The stored events are not touched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from oncopos.domain.errors import UserFacingError
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.domain.tender import CashTender
from oncopos.ui.audit_view import AuditView

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
    model = view.model
    return [model.index(row, model.DETAILS).data() for row in range(model.rowCount())
            if model.index(row, model.ACTION).data() == action]


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

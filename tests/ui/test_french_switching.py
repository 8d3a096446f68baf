"""Choosing the language: the desk's (ONCOPOS_LOCALE), a staff member's own (File > Language, kept
on their account and back at their next sign-in), switched with the student still open; the customer
display in the student's language, switched by one touch, whatever the desk's screen shows."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from oncopos.domain.messages import explain_failure
from oncopos.domain.money import NBSP
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.app import build_main_window
from oncopos.ui.i18n import ENGLISH, FRENCH, QT_TRANSLATE_NOOP, current_language, use_language
from oncopos.ui.language_menu import retranslate_windows
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.customer_display import CustomerDisplayWindow, DisplayText

from .test_french_windows import open_a_student_with_a_balance


def window_for(qtbot, desk, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    actor = desk.staff.sign_in(username, TRAINING_PASSWORD)
    window = build_main_window(desk, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.db_executor.pending == 0, timeout=15_000)
    return window


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.isVisible()]


def test_file_language_switches_the_open_window_and_keeps_the_student(qtbot, english_desk) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, english_desk, "mgr")
    open_a_student_with_a_balance(qtbot, window, english_desk)
    student = window.enrollments_widget.student
    rows = window.enrollments_widget.model.rowCount()
    assert menu_titles(window)[:2] == ["&File", "&Edit"]

    window.language_menu.actions[FRENCH].trigger()

    assert current_language() == FRENCH
    assert menu_titles(window)[:2] == ["&Fichier", "É&dition"]
    assert window.language_menu.menu.title() == "&Langue"
    assert window.quit_action.text() == "&Quitter"
    assert "Gestionnaire" in window.session.signed_in_label.text()
    model = window.enrollments_widget.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Cours", "Groupe"]
    # Nothing closed: the same student, the same enrollments, the selection kept.
    assert window.isVisible() and window.enrollments_widget.student == student
    assert window.enrollments_widget.model.rowCount() == rows
    # Kept on the account, for the next sign-in on any desk.
    staff = english_desk.staff
    qtbot.waitUntil(lambda: staff.language_preference(window.actor) == FRENCH, timeout=5000)

    window.language_menu.actions[ENGLISH].trigger()
    assert menu_titles(window)[:2] == ["&File", "&Edit"] and window.quit_action.text() == "&Quit"
    qtbot.waitUntil(lambda: staff.language_preference(window.actor) == ENGLISH, timeout=5000)
    window.close()


def test_a_staff_members_own_language_comes_back_when_they_sign_in(qtbot, english_desk) -> None:  # type: ignore[no-untyped-def]
    staff = english_desk.staff
    staff.set_language_preference(staff.sign_in("reg", TRAINING_PASSWORD), FRENCH)
    assert current_language() == ENGLISH  # the desk's language, until the person is known
    window = window_for(qtbot, english_desk, "reg")
    qtbot.waitUntil(lambda: current_language() == FRENCH, timeout=5000)
    assert menu_titles(window)[0] == "&Fichier"
    assert window.language_menu.actions[FRENCH].isChecked()
    # Switch user to someone without a preference: the desk's language again.
    window.set_actor(staff.sign_in("mgr", TRAINING_PASSWORD))
    qtbot.waitUntil(lambda: current_language() == ENGLISH, timeout=5000)
    assert menu_titles(window)[0] == "&File"
    window.close()


def _quote(cents: int, taxes: list[tuple[str, int]]) -> object:
    return SimpleNamespace(amount_cents=cents, tax_shares=[SimpleNamespace(name=n, amount_cents=a) for n, a in taxes])


def test_the_customer_display_speaks_the_students_language_and_switches_with_one_touch(qtbot) -> None:  # type: ignore[no-untyped-def]
    display = CustomerDisplayWindow("École OncoOne", "en-CA")
    qtbot.addWidget(display)
    assert display.title_label.text() == "Welcome to École OncoOne"
    assert display.language_button.text() == "Français"

    display.show_amount(_quote(123_456, [("GST", 5_000), ("QST", 9_975)]), "ONC-210", "fr")  # type: ignore[arg-type]
    display.ask_for_code("emilie@example.ca")
    assert display.language == FRENCH and current_language() == ENGLISH  # the desk's own screen stays English
    assert display.amount_label.text() == f"1{NBSP}234,56{NBSP}$"
    assert display.tax_label.text() == f"Dont TPS 50,00{NBSP}$, TVQ 99,75{NBSP}$"  # the French names of the taxes
    assert display.status_label.text() == "Nous avons envoyé un code par courriel à emilie@example.ca."
    assert display.prompt_label.text() == "Entrez le code reçu par courriel"
    assert display.language_button.text() == "English"

    qtbot.mouseClick(display.language_button, Qt.MouseButton.LeftButton)  # the student's one touch
    assert display.language == ENGLISH
    assert display.amount_label.text() == "$1,234.56"
    assert display.status_label.text() == "We emailed a code to emilie@example.ca."

    # The desk switching its own language leaves the display in the student's.
    assert use_language(FRENCH)
    retranslate_windows()
    assert display.status_label.text() == "We emailed a code to emilie@example.ca."
    display.show_idle()  # the next person: the desk's language (English here)
    assert display.language == ENGLISH and display.title_label.text() == "Welcome to École OncoOne"


def test_the_customer_display_says_a_decline_and_the_payment_steps_in_the_students_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    """An English desk, a French student: what the payment says on the student's screen is French,
    Stripe's decline explained by the catalogue as well as the desk's own words for each step."""
    display = CustomerDisplayWindow("École OncoOne", "en-CA")
    qtbot.addWidget(display)
    display.show_amount(_quote(10_000, []), "ONC-210", "fr")  # type: ignore[arg-type]
    display.show_status(explain_failure("insufficient_funds", "The card was declined for insufficient funds."))
    assert display.status_label.text() == ("La carte a été refusée pour fonds insuffisants. Demandez une autre carte "
                                           "ou un montant moins élevé.")
    display.show_status("The card was declined. Ask for another card, then Retry.")  # a sentence stored in English
    assert display.status_label.text().startswith("La carte a été refusée.")
    display.show_status(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Payment received. Thank you!")))
    assert display.status_label.text() == "Paiement reçu. Merci\u202f!"  # a narrow no-break space before « ! »
    qtbot.mouseClick(display.language_button, Qt.MouseButton.LeftButton)
    assert display.status_label.text() == "Payment received. Thank you!"
    assert current_language() == ENGLISH


def test_a_window_built_in_french_has_each_menu_once(qtbot, french_desk) -> None:  # type: ignore[no-untyped-def]
    """Features find their menu by its source title: one built with the catalogue already in
    French must not open a second « Étudiant » or « Paiement » beside the first."""
    window = window_for(qtbot, french_desk, "mgr")
    titles = menu_titles(window)
    assert len(titles) == len(set(titles)), titles
    assert titles[:3] == ["&Fichier", "É&dition", "É&tudiant"]

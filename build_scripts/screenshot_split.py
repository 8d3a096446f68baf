"""Save PNGs of the tender window's new pages over the real training context: one cash tender for
a program and its kit, a split with a card leg, the card leg's payment window, and the split recorded;
then a split for the program and its kit (card and cash), the card leg's lines, and that split recorded.

    xvfb-run -a -s "-screen 0 1024x768x24" env QT_QPA_PLATFORM=xcb ONCOPOS_LOCALE=fr-CA PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot_split.py --out /tmp/split-1024-fr

The card leg is paid on the simulated reader (the real SDK over HTTP), as in training. Prints each
window's frame against the screen's available area, as screenshot_desk.py does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QAction

from build_scripts.screenshot_training import report, settle, training_desk, wait


def main() -> int:
    from oncopos.domain.money import format_cents
    from oncopos.ui.app import build_main_window
    from oncopos.ui.payments.several import payable_others
    from oncopos.ui.payments.tender_dialog import TenderDialog
    from oncopos.ui.payments.training import read_inbox

    with training_desk(__doc__.splitlines()[0], "oncopos-split-shot-") as desk:
        context, actor, locale = desk.context, desk.actor, desk.locale
        context.till().open_drawer(actor, 10_000)
        kit = next(c for c in context.catalogue.courses(actor) if c.code == "KIT-START")
        today = context.registration.today()
        section = next(s for s in context.catalogue.sections(actor, kit.id)
                       if (s.end_date or s.start_date or today) >= today and (s.seats_left is None or s.seats_left > 0))

        def student_with_kit(but: object = None, owing_over: int = 60_000) -> tuple[Any, Any]:
            """A student owing on one program, enrolled here in the starter kit too, and that program."""
            for student in context.student_directory.search(actor, "a", limit=200):
                rows = context.student_directory.enrollments(actor, student.id)
                owing = [e for e in rows
                         if e.balance_cents > owing_over and e.status != "withdrawn" and e.course_code != kit.code]
                if len(owing) == 1 and all(e.course_code != kit.code for e in rows) and student.id != but:
                    context.enrollments.enroll(actor, student.id, section.id)
                    return student, owing[0]
            raise SystemExit("the training data has no student owing on one program")

        def select(student: Any, program: Any) -> None:
            window.on_student_selected(student)
            wait(lambda: model.rowCount() > 1)
            row = next(r for r in range(model.rowCount()) if model.row_at(r).id == program.id)
            window.enrollments_widget.table_view.setCurrentIndex(model.index(row, 0))
            wait(lambda: window.enrollments_widget.selected_enrollment() is not None)

        student, program = student_with_kit()
        window = build_main_window(context, actor)
        window.show()
        settle(800)
        model = window.enrollments_widget.model
        select(student, program)
        others = payable_others(model.rows(), program)

        def open_tenders() -> TenderDialog:
            window.findChild(QAction, "tenderAction").trigger()
            found = window.findChild(TenderDialog, "tenderDialog")
            assert found is not None
            return found

        # One cash tender for the program and its kit.
        dialog = open_tenders()
        dialog.amount_edit.setText(format_cents(20_000, locale, currency=False))
        dialog.others_box.rows[0][1].setChecked(True)
        dialog.first.tendered_edit.setText(format_cents(20_000 + others[0].balance_cents + 10_000, locale,
                                                        currency=False))
        report("tender-several-cash", dialog, desk.out)
        dialog.record_button.click()
        wait(lambda: dialog.result_label.isVisible() or dialog.error_label.isVisible())
        report("tender-several-recorded", dialog, desk.out)
        dialog.reject()
        dialog.deleteLater()
        settle()

        # A split: part cheque, part card.
        dialog = open_tenders()
        dialog.mode_combo.setCurrentIndex(1)
        dialog.amount_edit.setText(format_cents(50_000, locale, currency=False))
        dialog.first.kind_combo.setCurrentIndex(1)
        dialog.first.cheque_number_edit.setText("004521")
        dialog.first.cheque_bank_edit.setText("Desjardins")
        dialog.first_amount_edit.setText(format_cents(20_000, locale, currency=False))
        dialog.second.kind_combo.setCurrentIndex(dialog.second.kind_combo.findData("card"))
        dialog.second_amount_edit.setText(format_cents(30_000, locale, currency=False))
        report("tender-split-card", dialog, desk.out)
        dialog.record_button.click()
        wait(lambda: dialog.card_dialog is not None and dialog.card_dialog.isVisible())
        card = dialog.card_dialog
        assert card is not None
        wait(lambda: card.amount_page.tax_label.text() != "")
        report("card-leg-amount", card, desk.out)
        card.amount_page.send_button.click()
        wait(lambda: card.pages.currentWidget() is card.code_page, 30)
        code = next(m.group(1) for message in read_inbox(context.settings.training_inbox_dir)
                    if (m := re.search(r"(?:Your code|Votre code) ?: (\d+)", message.text)))
        card.code_page.code_edit.setText(code)
        card.code_page.confirm_button.click()
        wait(lambda: card.pages.currentWidget() is card.method_page, 30)
        readers = card.method_page.readers_list
        wait(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, 30)
        reader_id = readers.item(0).data(256)
        card.method_page.reader_button.click()
        wait(lambda: card.pages.currentWidget() is card.progress_page, 30)
        context.gateway().present_test_card(reader_id, "4242424242424242")
        wait(lambda: card.pages.currentWidget() is card.result_page, 30)
        wait(dialog.record_button.isHidden, 30)
        report("card-leg-paid", card, desk.out)
        card.result_page.done_button.click()
        settle()
        report("tender-split-recorded", dialog, desk.out)
        dialog.reject()
        dialog.deleteLater()
        settle()

        # A split for the program and its kit: part card, part cash, each part a line on each.
        select(*student_with_kit(but=student.id, owing_over=20_000))
        kit_owing = next(e for e in model.rows() if e.course_code == kit.code).balance_cents
        dialog = open_tenders()
        dialog.mode_combo.setCurrentIndex(1)
        dialog.amount_edit.setText(format_cents(10_000, locale, currency=False))
        dialog.others_box.rows[0][1].setChecked(True)
        dialog.first.kind_combo.setCurrentIndex(dialog.first.kind_combo.findData("card"))
        dialog.first_amount_edit.setText(format_cents(6_000, locale, currency=False))
        dialog.second.kind_combo.setCurrentIndex(0)
        dialog.second_amount_edit.setText(format_cents(4_000 + kit_owing, locale, currency=False))
        dialog.second.tendered_edit.setText(format_cents(10_000 + kit_owing, locale, currency=False))
        report("tender-split-several", dialog, desk.out)
        dialog.record_button.click()
        wait(lambda: dialog.card_dialog is not None and dialog.card_dialog.isVisible())
        card = dialog.card_dialog
        assert card is not None
        wait(lambda: card.amount_page.tax_label.text() != "")
        report("card-leg-several-lines", card, desk.out)
        card.amount_page.send_button.click()
        wait(lambda: card.pages.currentWidget() is card.code_page, 30)
        code = next(m.group(1) for message in read_inbox(context.settings.training_inbox_dir)  # newest first
                    if (m := re.search(r"(?:Your code|Votre code) ?: (\d+)", message.text)))
        card.code_page.code_edit.setText(code)
        card.code_page.confirm_button.click()
        wait(lambda: card.pages.currentWidget() is card.method_page, 30)
        readers = card.method_page.readers_list
        wait(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, 30)
        card.method_page.reader_button.click()
        wait(lambda: card.pages.currentWidget() is card.progress_page, 30)
        context.gateway().present_test_card(readers.item(0).data(256), "4242424242424242")
        wait(lambda: card.pages.currentWidget() is card.result_page, 30)
        wait(dialog.record_button.isHidden, 30)
        card.result_page.done_button.click()
        settle()
        report("tender-split-several-recorded", dialog, desk.out)
        dialog.reject()
        window.close()
        context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

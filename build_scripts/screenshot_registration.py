"""PNGs of the registration screens over a real temporary SQLite desk, to look at them.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. \\
        .venv/bin/python build_scripts/screenshot_registration.py --out-dir /tmp/oncopos-shots

Writes student-editor.png (inline messages), student-duplicate.png, enroll.png, withdraw.png,
catalogue.png, course-editor.png and import.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from datetime import UTC  # noqa: E402

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from oncopos.adapters.db.engine import make_engine  # noqa: E402
from oncopos.adapters.db.migrate import upgrade  # noqa: E402
from oncopos.adapters.db.session import make_session_factory  # noqa: E402
from oncopos.adapters.db.uow import SqlUnitOfWork  # noqa: E402
from oncopos.config import load_settings  # noqa: E402
from oncopos.domain.access import Actor, Role  # noqa: E402
from oncopos.domain.catalogue import CourseDraft, SectionDraft  # noqa: E402
from oncopos.domain.student_record import StudentDraft  # noqa: E402
from oncopos.services.catalogue import CatalogueService  # noqa: E402
from oncopos.services.enrollments import EnrollmentService  # noqa: E402
from oncopos.services.registration import RegistrationService  # noqa: E402
from oncopos.services.student_import import StudentImportService  # noqa: E402
from oncopos.services.students import StudentDirectory  # noqa: E402
from oncopos.ui.app import configure_application  # noqa: E402
from oncopos.ui.catalogue.editors import CourseEditorDialog  # noqa: E402
from oncopos.ui.catalogue.view import CatalogueView  # noqa: E402
from oncopos.ui.operations import DatabaseExecutor  # noqa: E402
from oncopos.ui.registration.enroll_dialog import EnrollDialog  # noqa: E402
from oncopos.ui.registration.import_dialog import ImportDialog  # noqa: E402
from oncopos.ui.registration.student_editor import StudentEditorDialog  # noqa: E402
from oncopos.ui.registration.withdraw_dialog import WithdrawTransferDialog  # noqa: E402


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def snap(widget: QWidget, path: Path) -> None:
    widget.show()
    settle()
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/oncopos-shots"))
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)

    with tempfile.TemporaryDirectory(prefix="oncopos-reg-") as tmp:
        settings = load_settings(data_dir=Path(tmp))
        engine = make_engine(f"sqlite:///{Path(tmp) / 'desk.sqlite3'}")
        upgrade(engine)
        factory = make_session_factory(engine, workstation_id="DESK1")

        def uow() -> SqlUnitOfWork:
            return SqlUnitOfWork(factory)

        registration = RegistrationService(uow, clock=_now, series="DESK1", timezone=settings.tz)
        catalogue = CatalogueService(uow, clock=_now)
        enrollments = EnrollmentService(uow, clock=_now, desk_province="ON", timezone=settings.tz)
        manager = Actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")
        _catalogue(catalogue, manager)
        existing = registration.add_student(
            manager, StudentDraft(first_name="Émilie", last_name="Bérubé-Lévesque", email="emilie@videotron.ca",
                                  phone="514-555-0142", city="Montréal", province="QC", postal_code="H3B 2T6",
                                  address_line1="1200 rue Peel", preferred_language="fr"),
        )
        executor = DatabaseExecutor()

        editor = StudentEditorDialog(registration, executor, manager)
        editor.first_name.setText("Zoë")
        editor.last_name.setText("O'Neill-Tremblay")
        editor.email.setText("zoe@gmailcom")
        editor.phone.setText("555-0108")
        editor.province.setCurrentIndex(editor.province.findData("ON"))
        editor.postal_code.setText("H2X 1Y4")
        editor.on_save_clicked()
        snap(editor, args.out_dir / "student-editor.png")
        editor.close()

        duplicate = StudentEditorDialog(registration, executor, manager)
        duplicate.first_name.setText("Emily")
        duplicate.last_name.setText("Berube")
        duplicate.email.setText("Emilie@Videotron.ca")
        duplicate.on_save_clicked()
        settle(800)
        snap(duplicate, args.out_dir / "student-duplicate.png")
        duplicate.close()

        enroll = EnrollDialog(catalogue, enrollments, executor, manager, existing.summary())
        settle(600)
        enroll.course_combo.setCurrentIndex(2)
        settle(600)
        snap(enroll, args.out_dir / "enroll.png")
        enroll.on_enroll_clicked()
        settle(600)

        row = StudentDirectory(uow).enrollments(existing.id)[0]
        withdraw = WithdrawTransferDialog(enrollments, executor, manager, row)
        settle(600)
        withdraw.transfer_radio.setChecked(True)
        withdraw.reason_edit.setText("Prefers the January section")
        snap(withdraw, args.out_dir / "withdraw.png")
        withdraw.close()

        view = CatalogueView(catalogue, executor, manager)
        settle(600)
        view.courses_view.selectRow(2)
        settle(600)
        snap(view, args.out_dir / "catalogue.png")
        course_editor = CourseEditorDialog(catalogue, executor, manager, course=view.current_course())
        snap(course_editor, args.out_dir / "course-editor.png")

        csv_file = Path(tmp) / "list.csv"
        csv_file.write_text(
            "first_name,last_name,email,phone,province,postal_code,section\n"
            "Zoë,Tremblay,zoe@example.ca,819-555-0108,QC,J8X 3X2,WS-SCALP-2701\n"
            "Margaret,O'Neill,maggie@example.com,416 555 0123,ON,H2X 1Y4,\n"
            "Emily,Berube,EMILIE@videotron.ca,,,,OAP-100-2701\n",
            encoding="utf-8",
        )
        importer = StudentImportService(uow, clock=_now, series="DESK1", enrollments=enrollments)
        import_dialog = ImportDialog(importer, executor, manager)
        import_dialog.load_file(csv_file)
        settle(800)
        snap(import_dialog, args.out_dir / "import.png")
        executor.shutdown()
        engine.dispose()
    return 0


def _now():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _catalogue(catalogue: CatalogueService, manager: Actor) -> None:
    rows = [
        ("OAP-100", "Oncology Aesthetics Practitioner Program", "program", "6500", "exempt", "", "1000",
         [("OAP-100-2701", "2027-01-12", "2027-04-03", "Mon and Wed 9:00-16:00", "18")]),
        ("OMT-150", "Oncology Massage Certificate", "program", "4800", "exempt", "QC", "750",
         [("OMT-150-2702", "2027-02-01", "2027-05-21", "Tue and Thu 9:00-16:00", "12")]),
        ("WS-SCALP", "Scalp Care and Cold Capping Workshop", "workshop", "395", "taxable", "", "",
         [("WS-SCALP-2612", "2026-12-05", "", "Saturday 9:00-16:00", "1"),
          ("WS-SCALP-2701", "2027-01-09", "", "Saturday 9:00-16:00", "24")]),
        ("KIT-START", "Practitioner Starter Kit", "kit", "289", "taxable", "", "", []),
    ]
    for code, name, kind, price, treatment, province, deposit, sections in rows:
        course = catalogue.save_course(manager, CourseDraft(code=code, name=name, kind=kind, price=price, tax_treatment=treatment,
                                                            delivery_province=province, min_first_payment=deposit))
        for s_code, start, end, schedule, capacity in sections:
            location = ("Campus OncoOne Montréal, 1200 rue Peel" if province == "QC"
                        else "OncoOne Toronto campus, 100 King Street West")
            catalogue.save_section(manager, course.id, SectionDraft(code=s_code, start_date=start, end_date=end,
                                                                    schedule=schedule, location=location, capacity=capacity))


if __name__ == "__main__":
    raise SystemExit(main())

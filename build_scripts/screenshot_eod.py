"""Save PNGs of the end-of-day view (one per tab) and its PDF, over the known day of the tests.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. [ONCOPOS_LOCALE=fr-CA] \\
        .venv/bin/python build_scripts/screenshot_eod.py --out /tmp/eod
    pdftoppm -png -r 80 /tmp/eod/eod.pdf /tmp/eod/pdf
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtWidgets import QApplication  # noqa: E402

from oncopos.adapters.db.engine import make_engine  # noqa: E402
from oncopos.adapters.db.migrate import upgrade  # noqa: E402
from oncopos.domain.end_of_day_matching import MISSING_LOCALLY, DayMatch, FeeLine, Mismatch  # noqa: E402
from oncopos.domain.messages import Money, msg  # noqa: E402
from oncopos.ui.app import configure_application  # noqa: E402
from oncopos.ui.end_of_day.view import EndOfDayView  # noqa: E402
from oncopos.ui.operations import DatabaseExecutor  # noqa: E402
from tests.integration.end_of_day_helpers import DAY, MANAGER, Day, known_day, local  # noqa: E402


class SampleMatching:
    def match(self, actor: object, day: object, *, progress: object = None) -> DayMatch:
        return DayMatch(DAY, local(DAY + timedelta(days=1), 9), 4, 1,
                              (FeeLine("reader_card", 2, 3_565_00, 1_09_40, 3_455_60),
                               FeeLine("interac", 1, 1_149_75, 15, 1_149_60)),
                              (Mismatch(MISSING_LOCALLY, msg("match.dashboard_refund", refund="re_3Q", amount=Money(50_00),
                                                            intent="pi_3P"), None, "re_3Q", None, -50_00),))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    from oncopos.ui.i18n import language_of, use_language

    use_language(language_of(os.environ.get("ONCOPOS_LOCALE", "en-CA")))  # ONCOPOS_LOCALE=fr-CA: the French window
    tmp = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{tmp / 'eod.sqlite3'}")
    upgrade(engine)
    day = Day(engine, tmp / "documents")
    known_day(day)
    day.clock.now = local(DAY + timedelta(days=1), 9)
    executor = DatabaseExecutor()
    view = EndOfDayView(day.eod, SampleMatching(), executor, network=executor, actor=MANAGER, desks=["DESK1"])
    view.date_edit.blockSignals(True)
    view.date_edit.setDate(view.date_edit.date().addDays(-1))
    view.date_edit.blockSignals(False)
    view.show()
    done: list[bool] = []
    view.report_loaded.connect(lambda _r: done.append(True))
    view.load()
    while not done:
        app.processEvents()
    view.on_matched(SampleMatching().match(None, DAY))
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        for _ in range(20):
            app.processEvents()
        view.grab().save(str(args.out / f"eod-tab{i}.png"))
    (args.out / "eod.pdf").write_bytes(day.eod.export(MANAGER, DAY, "pdf"))
    executor.shutdown()
    # Widgets go on the UI thread, before the interpreter's final collection could free them elsewhere.
    view.close()
    view.deleteLater()
    app.processEvents()
    engine.dispose()
    print(f"wrote {view.tabs.count()} PNGs and eod.pdf to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

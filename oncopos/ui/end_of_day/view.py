"""End of day for managers: the day's report, charts, the day matched with Stripe, close and reopen, export.

Every call runs through `operations`: reports, closes and exports on the ordered database thread,
the matching with Stripe (network) on the shared pool; progress shows after half a second and the
window keeps responding. The services check permissions; this view only hides what a role lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission
from oncopos.domain.dates import format_moment
from oncopos.domain.end_of_day import CHANNELS, EndOfDayReport
from oncopos.domain.end_of_day_matching import DayMatch
from oncopos.ui.end_of_day.labels import (
    all_desks,
    channel_label,
    method_label,
    mismatch_label,
    scope_label,
    status_label,
    tax_label,
    treatment_label,
)
from oncopos.ui.end_of_day.widgets import BarChartWidget
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, current_language, money
from oncopos.ui.menus import WindowAction
from oncopos.ui.operations import DatabaseExecutor, Executor, Operation, describe_error
from oncopos.ui.print_choice import REPORT_PAPERS, PrintChoiceDialog
from oncopos.ui.save_location import in_documents
from oncopos.ui.table_model import TextRowsModel

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

class EndOfDayPort(Protocol):
    """What the view needs from `oncopos.services.end_of_day.EndOfDayService`."""

    def today(self) -> date: ...
    def report(self, actor: Actor, day: date, *, workstation_id: str | None = None, live: bool = False,
               progress: Any = None) -> EndOfDayReport: ...
    def close_day(self, actor: Actor, day: date, *, progress: Any = None) -> EndOfDayReport: ...
    def reopen_day(self, actor: Actor, day: date, reason: str) -> None: ...
    def export(self, actor: Actor, day: date, fmt: str, *, workstation_id: str | None = None,
               progress: Any = None, locale: str = "en-CA") -> bytes: ...
    def print_report(self, actor: Actor, day: date, *, workstation_id: str | None = None, paper: str = "letter",
                     printer: str | None = None) -> str: ...


class MatchingPort(Protocol):
    """`oncopos.services.end_of_day_matching.DayMatching`: the day matched with Stripe."""

    def match(self, actor: Actor, day: date, *, progress: Any = None) -> DayMatch: ...


def _table(model: TextRowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    return view


class EndOfDayView(QDialog):
    report_loaded = Signal(object)  # EndOfDayReport
    matched = Signal(object)  # DayMatch
    failed = Signal(str)

    def __init__(self, eod: EndOfDayPort, matching: MatchingPort | None, db: Executor, *, network: Executor,
                 actor: Actor, desks: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("End of day — OncoPOS"))
        self.resize(1100, 720)
        self._eod, self._matching, self._db, self.actor = eod, matching, db, actor
        self.eod = eod
        self._network = network  # matching the day with Stripe: the window's shared pool
        self.report: EndOfDayReport | None = None
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = eod.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.desk_combo = QComboBox(self)
        self.desk_combo.addItems([all_desks(), *desks])
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.match_button = QPushButton(self.tr("Match with &Stripe"), self)
        self.close_button = QPushButton(self.tr("&Close day…"), self)
        self.reopen_button = QPushButton(self.tr("Re&open day…"), self)
        self.export_combo = QComboBox(self)
        for label, fmt in (("PDF", "pdf"), ("CSV", "csv"), (self.tr("Text"), "text")):
            self.export_combo.addItem(label, fmt)  # the format by its code: « Texte » is not a format
        self.export_button = QPushButton(self.tr("&Export…"), self)
        # The report on paper, through the same printer and paper choice as an invoice.
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_dialog: PrintChoiceDialog | None = None
        self.match_button.setVisible(matching is not None and actor.can(Permission.RECONCILE))
        self.close_button.setVisible(actor.can(Permission.CLOSE_DAY))
        self.reopen_button.setVisible(actor.can(Permission.REOPEN_DAY))
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Business day:"), self), self.date_edit, self.desk_combo, self.refresh_button):
            bar.addWidget(w)
        bar.addStretch(1)
        # The day's commands under the report: on one row with the day's controls they made the window
        # wider than a 1024-pixel screen, and Export fell off its edge.
        commands = QHBoxLayout()
        for w in (self.match_button, self.close_button, self.reopen_button):
            commands.addWidget(w)
        commands.addStretch(1)
        for w in (self.export_combo, self.export_button, self.print_button):
            commands.addWidget(w)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("eodStatus")
        self.status_label.setWordWrap(True)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("eodTotals")

        self.methods = TextRowsModel((self.tr("Method"), self.tr("Count"), self.tr("Amount")), (1, 2), self)
        self.taxes = TextRowsModel((self.tr("Tax"), self.tr("Collected"), self.tr("Reversed"), self.tr("Net")), (1, 2, 3), self)
        self.sales = TextRowsModel(
            (self.tr("Sales before tax"), self.tr("Invoiced"), self.tr("Credit notes"), self.tr("Net")), (1, 2, 3), self
        )
        self.refunds = TextRowsModel(
            (self.tr("Refunds"), self.tr("Count"), self.tr("Tax reversed"), self.tr("Amount")), (1, 2, 3), self
        )
        self.staff = TextRowsModel(
            (
                self.tr("Staff member"),
                self.tr("Payments"),
                self.tr("Collected"),
                self.tr("Refunds"),
                self.tr("Refunded"),
                self.tr("Net"),
            ),
            (1, 2, 3, 4, 5),
            self,
        )
        self.desks = TextRowsModel(
            (
                self.tr("Workstation"),
                self.tr("Payments"),
                self.tr("Collected"),
                self.tr("Refunds"),
                self.tr("Refunded"),
                self.tr("Net"),
            ),
            (1, 2, 3, 4, 5),
            self,
        )
        self.attempts = TextRowsModel((self.tr("Did not collect"), self.tr("Count"), self.tr("Amount")), (1, 2), self)
        self.overpaid = TextRowsModel(
            (self.tr("Overpaid enrollment"), self.tr("Desks"), self.tr("Status"), self.tr("Over by")), (3,), self
        )
        self.payments = TextRowsModel(
            (
                self.tr("Time"),
                self.tr("Invoice"),
                self.tr("Desk"),
                self.tr("Staff"),
                self.tr("Method"),
                self.tr("Tax"),
                self.tr("Amount"),
            ),
            (5, 6),
            self,
        )
        # What Stripe settled is after refunds: "Gross" read as before them.
        self.fees = TextRowsModel(
            (
                self.tr("Method"),
                self.tr("Payments"),
                self.tr("Collected, net of refunds"),
                self.tr("Stripe fees"),
                self.tr("Net"),
            ),
            (1, 2, 3, 4),
            self,
        )
        self.mismatches = TextRowsModel((self.tr("Finding"), self.tr("What to do")), (), self)
        self.hours_chart = BarChartWidget(self.tr("Payments by hour"), parent=self)
        self.methods_chart = BarChartWidget(self.tr("Payments by method"), horizontal=True, parent=self)

        self.table_views: dict[TextRowsModel, QTableView] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._page(self.methods, self.taxes, self.refunds, self.sales, columns=2), self.tr("Summary"))
        charts = QWidget(self)
        charts_layout = QVBoxLayout(charts)
        charts_layout.addWidget(self.hours_chart, 3)
        charts_layout.addWidget(self.methods_chart, 2)
        self.tabs.addTab(charts, self.tr("Charts"))
        self.tabs.addTab(self._page(self.staff, self.desks), self.tr("Staff and desks"))
        self.tabs.addTab(self._page(self.attempts, self.overpaid), self.tr("Attempts and overpayments"))
        self.tabs.addTab(self._page(self.payments), self.tr("Payments"))
        self.match_label = QLabel(self.tr("Not matched yet: press Match with Stripe."), self)
        self.match_label.setWordWrap(True)
        self.tabs.addTab(self._page(self.fees, self.mismatches, note=self.match_label), self.tr("Stripe matching"))
        # Each finding is a sentence to read whole: rows grow with the wrapped text as the window resizes.
        self.table_views[self.mismatches].verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(commands)
        self.refresh_button.clicked.connect(self.load)
        self.date_edit.dateChanged.connect(lambda _d: self.load())
        self.desk_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.match_button.clicked.connect(self.on_match_clicked)
        self.close_button.clicked.connect(self.on_close_clicked)
        self.reopen_button.clicked.connect(self.on_reopen_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.confirm_box: QMessageBox | None = None
        self.reason_dialog: QInputDialog | None = None

    def _page(self, *models: TextRowsModel, note: QLabel | None = None, columns: int = 1) -> QWidget:
        page = QWidget(self)
        layout = QGridLayout(page)
        if note is not None:
            layout.addWidget(note, 0, 0, 1, columns)
        for i, model in enumerate(models):
            view = self.table_views[model] = _table(model, page)
            if columns > 1:
                # Side by side each table has half the width: its label column gives way (elided, the
                # tooltip says it whole) so that every figure shows without scrolling.
                header = view.horizontalHeader()
                header.setStretchLastSection(False)
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            layout.addWidget(view, 1 + i // columns, i % columns)
        return page

    # --- what is shown ------------------------------------------------------------------------
    @property
    def day(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    @property
    def workstation(self) -> str | None:
        text = self.desk_combo.currentText()
        return None if self.desk_combo.currentIndex() <= 0 else text

    def _busy(self, busy: bool) -> None:
        for w in (self.refresh_button, self.close_button, self.reopen_button, self.export_button, self.print_button,
                  self.date_edit):
            w.setEnabled(not busy)
        if not busy:
            self._day_buttons()

    def _day_buttons(self) -> None:
        """Close and Reopen act only where they can, and say why not (a closed day stays closed after an error)."""
        report = self.report
        closed = report is not None and report.closed is not None
        can_close = report is not None and not closed and self.workstation is None
        self.close_button.setEnabled(can_close)
        self.reopen_button.setEnabled(closed)
        if closed:
            why = self.tr("This day is already closed; an administrator can reopen it.")
        elif report is not None and self.workstation is not None:
            why = self.tr("A day is closed for all desks: choose All desks first.")
        else:
            why = ""
        self.close_button.setToolTip(why)
        self.reopen_button.setToolTip("" if closed else self.tr("This day is open: there is nothing to reopen."))

    def load(self) -> None:
        self._busy(True)
        self.status_label.setText(self.tr("Adding up {isoformat}…").format(isoformat=self.day.isoformat()))
        (Operation(self._eod.report, self.actor, self.day, workstation_id=self.workstation)
         .success(self.on_report_loaded).failure(self.on_failed)
         .with_progress(self.tr("Adding up the day…"), self, reports=True).owned_by(self).run_in(self._db))

    def on_report_loaded(self, report: EndOfDayReport) -> None:
        self._busy(False)
        self.report = report
        tz = report.timezone_info
        # Every time of the line in the school's zone, as the report's window is ("EST" would read HNE in French).
        start = format_moment(report.window_start, tz, current_language(), style="short")
        end = format_moment(report.window_end, tz, current_language(), style="short")
        status = self.tr("{capitalize}: payments completed from {start} to {end}. ").format(
            capitalize=scope_label(report.scope), start=start, end=end
        )
        if report.closed:
            closed_at = datetime.fromisoformat(report.closed["closed_at"])
            status += self.tr("CLOSED at {when} by {value}.").format(
                when=format_moment(closed_at if closed_at.tzinfo else closed_at.replace(tzinfo=UTC), tz,
                                   current_language(), style="short"),
                value=report.closed["closed_by"])
            if report.closed.get("late_payments"):
                status += self.tr(
                    " {value} payment(s) ({amount}) arrived after the close and are not in this frozen report; an administrator "
                    "can reopen it."
                ).format(value=report.closed["late_payments"], amount=money(report.closed["late_cents"]))
        else:
            status += self.tr("Open.")
        problems = [p.text() for p in report.inconsistencies()]
        if report.uninvoiced_payments:
            problems.append(
                self.tr("{uninvoiced_payments} payment(s) have no invoice, so their tax is missing").format(
                    uninvoiced_payments=report.uninvoiced_payments
                )
            )
        problems += [f.message.text().rstrip(".") for f in report.amount_flags]
        self.status_label.setText(status + "".join(self.tr(" Warning: {problem}.").format(problem=p) for p in problems))
        self.totals_label.setText(
            self.tr(
                "Collected {amount} ({payment_count})   ·   Refunds {amount2} ({refund_count})   ·   Net {amount3}   ·   Net "
                "tax {amount4}"
            ).format(
                amount=money(report.collected_cents),
                payment_count=report.payment_count,
                amount2=money(report.refunded_cents),
                refund_count=report.refund_count,
                amount3=money(report.net_cents),
                amount4=money(report.net_tax_cents),
            )
        )
        self._day_buttons()
        self._fill(report)
        # The desks that worked that day join the filter (there is no registry of desks to ask).
        self.desk_combo.blockSignals(True)
        for desk in report.workstations:
            if desk.key and self.desk_combo.findText(desk.key) < 0:
                self.desk_combo.addItem(desk.key)
        self.desk_combo.blockSignals(False)
        self.report_loaded.emit(report)

    def _fill(self, r: EndOfDayReport) -> None:
        tz = r.timezone_info
        self.methods.set_rows([(method_label(m), str(m.count), money(m.amount_cents)) for m in r.methods]
                              + [(self.tr("Total"), str(r.payment_count), money(r.collected_cents))])
        self.taxes.set_rows([(tax_label(t.name, t.rate), money(t.collected_cents), money(-t.reversed_cents),
                              money(t.net_cents)) for t in r.taxes])
        self.sales.set_rows([(treatment_label(s.treatment), money(s.invoiced_cents),
                              money(-s.credited_cents), money(s.net_cents)) for s in r.sales])
        self.refunds.set_rows([(channel_label(x.channel), str(x.count), money(x.tax_cents),
                                money(x.amount_cents)) for x in r.refunds])
        for model, parties in ((self.staff, r.staff), (self.desks, r.workstations)):
            model.set_rows([(p.label, str(p.payments), money(p.collected_cents), str(p.refunds),
                             money(p.refunded_cents), money(p.net_cents)) for p in parties])
        self.attempts.set_rows([(status_label(a.status), str(a.count), money(a.amount_cents))
                                for a in r.attempts])
        self.overpaid.set_rows([(o.student, ", ".join(o.workstations), status_label(o.status), money(o.over_cents))
                                for o in r.overpayments])
        self.payments.set_rows([(p.completed_at.astimezone(tz).strftime("%H:%M"), p.invoice_number or self.tr("(none)"),
                                 p.workstation_id, p.staff, channel_label(p.channel), money(p.tax_cents),
                                 money(p.amount_cents)) for p in r.payments])
        self.hours_chart.set_bars([(h.starts_at.astimezone(tz).strftime("%H"), h.amount_cents) for h in r.hours])
        totals = r.channel_totals()
        # Only the ways money came in today: a day without cheques shows no empty cheque bar.
        self.methods_chart.set_bars([(channel_label(c), totals[c][1]) for c in CHANNELS if totals[c][1]])

    def on_failed(self, error: BaseException) -> None:
        self._busy(False)
        self.match_button.setEnabled(True)
        message = describe_error(error)
        self.status_label.setText(message)
        self.failed.emit(message)

    # --- matching with Stripe -----------------------------------------------------------------
    def on_match_clicked(self) -> None:
        if self._matching is None:
            return
        self.match_button.setEnabled(False)
        self.match_label.setText(self.tr("Asking Stripe…"))
        (Operation(self._matching.match, self.actor, self.day)
         .success(self.on_matched).failure(self.on_failed)
         .with_progress(self.tr("Matching with Stripe…"), self, reports=True).owned_by(self).run_in(self._network))

    def on_matched(self, result: DayMatch) -> None:
        self.match_button.setEnabled(True)
        self.fees.set_rows([(channel_label(f.channel), str(f.count), money(f.gross_cents),
                             money(f.fee_cents), money(f.net_cents)) for f in result.fees])
        self.mismatches.set_rows([(mismatch_label(m.kind), m.message.text()) for m in result.mismatches])
        verdict = (
            self.tr("Everything matches Stripe to the cent.")
            if result.balanced
            else self.tr("{count} difference(s) with Stripe: each is listed with what to do.").format(
                count=len(result.mismatches)
            )
        )
        self.match_label.setText(
            self.tr(
                "{matched_payments} payment(s) and {matched_refunds} refund(s) matched. Stripe fees {amount}, net {amount2}. "
                "{verdict}"
            ).format(
                matched_payments=result.matched_payments,
                matched_refunds=result.matched_refunds,
                amount=money(result.fee_cents),
                amount2=money(result.net_cents),
                verdict=verdict,
            )
        )
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.matched.emit(result)

    # --- close and reopen ---------------------------------------------------------------------
    def on_close_clicked(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Close the day"),
            self.tr(
                "Close {isoformat} for all desks? The report is frozen now; payments from now on belong to the next day. Only "
                "an administrator can reopen it."
            ).format(isoformat=self.day.isoformat()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.accepted.connect(self.close_day_confirmed)
        box.open()  # window-modal, no nested event loop
        self.confirm_box = box

    def close_day_confirmed(self) -> None:
        self._busy(True)
        (Operation(self._eod.close_day, self.actor, self.day).success(self.on_report_loaded).failure(self.on_failed)
         .with_progress(self.tr("Closing the day…"), self, reports=True).owned_by(self).run_in(self._db))

    def on_reopen_clicked(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Reopen the day"))
        dialog.setLabelText(
            self.tr("Why must {isoformat} be reopened? (recorded in the audit trail)").format(isoformat=self.day.isoformat())
        )
        dialog.textValueSelected.connect(self.reopen_with_reason)
        dialog.open()
        self.reason_dialog = dialog

    def reopen_with_reason(self, reason: str) -> None:
        self._busy(True)
        (Operation(self._eod.reopen_day, self.actor, self.day, reason).success(lambda _r: self.load())
         .failure(self.on_failed).owned_by(self).run_in(self._db))

    # --- export -------------------------------------------------------------------------------
    def on_export_clicked(self) -> None:
        fmt = str(self.export_combo.currentData())
        suffix = {"pdf": "pdf", "csv": "csv", "text": "txt"}[fmt]
        name = f"end-of-day-{self.day.isoformat()}{'-' + self.workstation if self.workstation else ''}.{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the end-of-day report"), in_documents(name))
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        def write() -> Path:
            # The text in the manager's language; the CSV and the PDF are the same whoever exports them.
            path.write_bytes(self._eod.export(self.actor, self.day, fmt, workstation_id=self.workstation,
                                              locale=current_language()))
            return path

        (Operation(write).success(lambda p: self.status_label.setText(self.tr("Exported to {p}.").format(p=p)))
         .failure(self.on_failed).with_progress(self.tr("Exporting…"), self).owned_by(self).run_in(self._db))


    # --- print ----------------------------------------------------------------------------------
    def on_print_clicked(self) -> None:
        dialog = PrintChoiceDialog(self.tr("Print the end-of-day report"), REPORT_PAPERS, self)
        dialog.chosen.connect(self.print_on)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._print_dialog_closed)
        self.print_dialog = dialog
        dialog.open()

    def _print_dialog_closed(self) -> None:
        self.print_dialog = None

    def print_on(self, printer: str | None, paper: str) -> None:
        eod, actor, day, desk = self._eod, self.actor, self.day, self.workstation
        sent = self.tr("The report of {day} was sent to {printer} (job {job}).")
        where = printer or self.tr("the default printer")

        def printed(job: str) -> None:
            self.status_label.setText(sent.format(day=day.isoformat(), printer=where, job=job))

        (Operation(lambda: eod.print_report(actor, day, workstation_id=desk, paper=paper, printer=printer))
         .success(printed).failure(self.on_failed).with_progress(self.tr("Printing…"), self).owned_by(self)
         .run_in(self._db))


@dataclass(frozen=True)
class EndOfDayFeature:
    """The end-of-day feature. Providers, asked when the view opens: a settings change (the business
    name on the report, the Stripe account) builds new services, and the next view uses them."""

    eod: Callable[[], EndOfDayPort]
    matching: Callable[[], MatchingPort] | None
    desks: list[str]

    def attach(self, window: MainWindow) -> EndOfDayAction:
        return EndOfDayAction(window, self.eod, self.matching, window.db_executor, self.desks)


class EndOfDayAction(WindowAction[EndOfDayView]):
    """Manager > End of day…, shown to roles that may read the report."""

    def __init__(self, window: MainWindow, eod: Callable[[], EndOfDayPort],
                 matching: Callable[[], MatchingPort] | None, db: DatabaseExecutor, desks: list[str]) -> None:
        self._eod, self._matching, self._db, self._desks = eod, matching, db, desks
        super().__init__(window, QT_TRANSLATE_NOOP("menus", "&Manager"),
                         QCoreApplication.translate("EndOfDayAction", "&End of Day…"),
                         Permission.END_OF_DAY)

    def is_out_of_date(self, view: EndOfDayView) -> bool:
        return view.eod is not self._eod()

    def build_view(self) -> EndOfDayView:
        matching = self._matching() if self._matching is not None else None
        view = EndOfDayView(self._eod(), matching, self._db, network=self._window.network_executor,
                            actor=self._window.actor, desks=self._desks, parent=self._window)
        view.load()
        return view

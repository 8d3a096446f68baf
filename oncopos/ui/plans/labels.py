"""Words the plan screens share: where a plan line stands, and a line's name, in the desk's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from oncopos.domain.plans import DEPOSIT, DUE, OVERDUE, PAID, PART_PAID, UPCOMING, PlanLine


def state_text(state: str) -> str:
    texts = {
        PAID: QCoreApplication.translate("Plans", "paid"),
        PART_PAID: QCoreApplication.translate("Plans", "part paid"),
        OVERDUE: QCoreApplication.translate("Plans", "overdue"),
        DUE: QCoreApplication.translate("Plans", "due today"),
        UPCOMING: QCoreApplication.translate("Plans", "upcoming"),
    }
    return texts.get(state, state)


def line_text(line: PlanLine) -> str:
    if line.kind == DEPOSIT:
        return QCoreApplication.translate("Plans", "Deposit")
    return QCoreApplication.translate("Plans", "Instalment %1").replace("%1", str(line.sequence))

"""The words of the end-of-day view in the interface's language.

The report (`domain.end_of_day`) keeps codes: a channel ("reader_card", named by the catalogue as
the report's PDF names it), a tax by its English code and rate ("HST", "0.13"), a sales treatment
("zero_rated"), an attempt's status ("in_flight"), its scope (all desks, one desk). Its English `label`
properties serve the command line; the view names each code here, in French on a French desk:
« Carte sur le lecteur — Visa », « TVH 13 % », « Détaxé », « Tous les postes ».
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from oncopos.domain.end_of_day import HAND_CHANNELS, MethodLine, ReportScope, channel_name
from oncopos.domain.end_of_day_matching import (
    AMOUNT_DIFFERS,
    KIND_LABELS,
    METADATA_DIFFERS,
    MISSING_IN_STRIPE,
    MISSING_LOCALLY,
    UNCAPTURED,
)
from oncopos.domain.messages import catalogue, msg, render
from oncopos.domain.tax import component_label
from oncopos.ui.catalogue.models import TREATMENT_LABELS
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, current_language, label_for

CONTEXT = "end_of_day"

#: Each kind of difference with Stripe (the keys of `domain.end_of_day_matching.KIND_LABELS`).
MISMATCH_LABELS = {
    MISSING_IN_STRIPE: QT_TRANSLATE_NOOP("end_of_day", "Recorded here, not in Stripe"),
    MISSING_LOCALLY: QT_TRANSLATE_NOOP("end_of_day", "In Stripe, not recorded here"),
    AMOUNT_DIFFERS: QT_TRANSLATE_NOOP("end_of_day", "Amounts differ"),
    UNCAPTURED: QT_TRANSLATE_NOOP("end_of_day", "Not captured"),
    METADATA_DIFFERS: QT_TRANSLATE_NOOP("end_of_day", "Belongs to another payment"),
}


def channel_label(channel: str) -> str:
    """Named by the catalogue, as the report's PDF and text and the invoice name it (« Argent comptant »)."""
    return render(channel_name(channel), current_language())


def method_label(line: MethodLine) -> str:
    """"Reader card — Visa" / « Lecteur de carte — Visa »; a channel with no brand of its own alone."""
    if line.channel == "interac" or line.channel in HAND_CHANNELS:
        return channel_label(line.channel)
    return f"{channel_label(line.channel)} — {line.brand.title()}"


def tax_label(name: str, rate: str) -> str:
    return component_label(name, rate, current_language())


def treatment_label(treatment: str) -> str:
    return label_for("models", TREATMENT_LABELS, treatment)  # as the course catalogue names them


def status_label(status: str) -> str:
    """Why a payment did not collect (an attempt's status), an overpayment flag's status: as the report names them."""
    key = f"eod.state.{status}"
    return render(msg(key), current_language()) if key in catalogue() else status.replace("_", " ").capitalize()


def mismatch_label(kind: str) -> str:
    return label_for(CONTEXT, MISMATCH_LABELS, kind, KIND_LABELS.get(kind, kind))


def scope_label(scope: ReportScope) -> str:
    """"All desks" / « Tous les postes », « Poste DESK1 », « Membre du personnel Marie »."""
    if scope.workstation_id:
        message = msg("eod.scope.workstation", id=scope.workstation_id)
    elif scope.staff_label or scope.staff_id:
        message = msg("eod.scope.staff", id=scope.staff_label or scope.staff_id or "")
    else:
        message = msg("eod.scope.all")
    return render(message, current_language())


def all_desks() -> str:
    """The desk filter's first choice."""
    return QCoreApplication.translate("end_of_day", "All desks")

"""What a check found, and the rules for Canadian business numbers (pure, no I/O).

Business numbers: the CRA's Business Number is 9 digits whose last is a Luhn (mod 10) check
digit (as python-stdnum's `stdnum.ca.bn` and public BN validators apply it), then the program
identifier (RT for GST/HST) and a 4-digit reference. Revenu Québec publishes no check-digit rule
for QST numbers that we could confirm, so a QST number is checked by its format only
(10 digits, TQ, 4 digits); its registry look-up is on Revenu Québec's site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GST_RE = re.compile(r"(\d{9})RT(\d{4})")
QST_RE = re.compile(r"(\d{10})TQ(\d{4})")
CRA_REGISTRY = "the CRA's GST/HST Registry (canada.ca, search \"GST/HST registry\")"
RQ_REGISTRY = "Revenu Québec's QST registry (revenuquebec.ca, \"Validate a QST registration number\")"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str
    details: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def passed(cls, message: str, *details: str) -> CheckResult:
        return cls(True, message, tuple(details))

    @classmethod
    def failed(cls, message: str, *details: str) -> CheckResult:
        return cls(False, message, tuple(details))


# --- business numbers -----------------------------------------------------------------------

def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def normalize_tax_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def check_gst_hst_number(value: str | None) -> CheckResult:
    number = normalize_tax_number(value or "")
    if not number:
        return CheckResult.passed("No GST/HST number: invoices of $100 or more will lack it, which the CRA requires "
                                  "for the buyer's input tax credit.")
    match = GST_RE.fullmatch(number)
    if match is None:
        return CheckResult.failed(f"{value!r} is not a GST/HST number: use 9 digits, RT and 4 digits, "
                                  "e.g. 123456782RT0001.")
    if not luhn_valid(match.group(1)):
        return CheckResult.failed(f"The business number {match.group(1)} fails its check digit: a digit is wrong or "
                                  "two are swapped. Copy it again from a CRA letter or the CRA's My Business Account.")
    return CheckResult.passed(f"{number} is well formed. Confirm it is registered in {CRA_REGISTRY}.")


def check_qst_number(value: str | None) -> CheckResult:
    number = normalize_tax_number(value or "")
    if not number:
        return CheckResult.passed("No QST number: needed only when the school makes taxable supplies in Quebec.")
    match = QST_RE.fullmatch(number)
    if match is None:
        return CheckResult.failed(f"{value!r} is not a QST number: use 10 digits, TQ and 4 digits, "
                                  "e.g. 1234567890TQ0001.")
    return CheckResult.passed(f"{number} is well formed. Confirm it is registered in {RQ_REGISTRY}.")

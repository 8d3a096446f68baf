"""One ledger: what an enrollment has paid, had refunded and has in flight, and what it still owes.

Every screen, document and check that speaks of "paid", "refunded" or "balance" reads these
figures (gathered by one query, oncopos.adapters.db.ledger) and applies these rules, so two places
cannot disagree on what a student owes.
"""

from __future__ import annotations

from dataclasses import dataclass

from oncopos.domain.enrollment import compute_balance

WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class EnrollmentLedger:
    """Money moved on one enrollment, from every desk synced so far (integer cents)."""

    paid_cents: int = 0  # payments that succeeded
    refunded_cents: int = 0  # refunds that succeeded, of those payments
    in_flight_cents: int = 0  # payments sent to Stripe whose outcome is not known yet

    @property
    def net_paid_cents(self) -> int:
        """What the school still holds from this enrollment."""
        return self.paid_cents - self.refunded_cents


def balance_owing(total_cents: int, ledger: EnrollmentLedger, status: str) -> int:
    """What is still owed. A withdrawn enrollment owes nothing: what was paid became student credit."""
    if status == WITHDRAWN:
        return 0
    return compute_balance(total_cents, [ledger.paid_cents], [ledger.refunded_cents]).balance_cents


def overpaid_cents(total_cents: int, ledger: EnrollmentLedger) -> int:
    """How much more the school holds than the enrollment costs (0 when it does not)."""
    return max(ledger.net_paid_cents - total_cents, 0)

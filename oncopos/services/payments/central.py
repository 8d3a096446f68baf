"""The central database's part in a charge: whether this desk may charge at all, one desk at a time
per enrollment (the claim, kept while the payment runs and freed when it ends), and the other
desks' latest payments read before the balance is checked again.

A desk without a central database has none of these: it charges on its own records, and the
overpayment flag catches a race later.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from oncopos.domain.access import Actor
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.payments.ports import ChargeClaims, DeskReadiness, EnrollmentBeingCharged, EnrollmentRefresher
from oncopos.services.payments.records import PaymentRecord, PaymentView

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

UNREACHED = "The central database could not be reached; only this desk's payments were checked."


@open_to_all("the central database's checks of charges the guarded PaymentService calls make")
class CentralChecks:
    def __init__(self, refresher: EnrollmentRefresher, readiness: DeskReadiness | None,
                 claims: ChargeClaims | None) -> None:
        self._refresher = refresher
        self._readiness = readiness
        self._claims = claims

    def ensure_ready(self) -> None:
        """A desk behind its own history on the central database takes no payment (DeskNotReady)."""
        if self._readiness is not None:
            self._readiness.ensure_ready_to_charge()

    def claim(self, actor: Actor, record: PaymentRecord, enrollment_ids: Sequence[uuid.UUID]) -> bool:
        """Claim the enrollments being paid (each of a payment made for several) on the central
        database, all or none; False when there is none to ask.

        Claim first, refresh second: a desk that just finished charging this enrollment pushed its
        payment before it released the claim, so the refresh after the claim sees it.
        """
        if self._claims is None:
            return False
        try:
            return self._claims.claim_charge(enrollment_ids, record.id, actor.username, record.amount_cents)
        except EnrollmentBeingCharged as held:
            payment_log.info("payment %s: not charged, %s (%s) holds one of enrollments %s", record.id,
                             held.workstation_id, held.staff_name, ", ".join(str(e) for e in enrollment_ids))
            raise

    def refresh(self, record: PaymentRecord, enrollment_ids: Sequence[uuid.UUID]) -> tuple[bool, str | None]:
        """Pull the latest payments of the enrollments being paid (several for a payment made for
        several) from the central database: (reached, what to tell the registrar when it was not)."""
        try:
            reached = all(self._refresher.refresh_enrollment(e) for e in enrollment_ids)
        except Exception:
            log.warning("payment %s: central refresh failed; using this desk's records", record.id, exc_info=True)
            reached = False
        return reached, None if reached else getattr(self._refresher, "reason", UNREACHED)

    def release(self, payment_id: uuid.UUID, *, succeeded: bool) -> None:
        if self._claims is not None:
            self._claims.release_claim(payment_id, succeeded=succeeded)

    def follow(self, view: PaymentView) -> PaymentView:
        """Keep the claim while the payment runs; free it once the payment has ended."""
        if self._claims is not None:
            if view.final:
                self._claims.release_claim(view.id, succeeded=view.succeeded)
            else:
                self._claims.renew_claim(view.id)
        return view

"""One desk's exchange with the central database: register, push the outbox, pull what changed.

Safe to interrupt anywhere. A push is one central transaction; the desk marks the batch sent only
after it committed, so a batch cut off in the middle is simply sent again and the central database
recognises what it already has. A pulled batch and the cursor move together in one desk
transaction, so a pull cut off in the middle is fetched again from the same cursor.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.adapters.secrets import SecretStore
from oncopos.adapters.sync import claims
from oncopos.adapters.sync.audit_copy import CentralAuditCopy
from oncopos.adapters.sync.central import CentralStore, PushOutcome
from oncopos.adapters.sync.central_otp import CentralOtpCounters
from oncopos.adapters.sync.central_staff import CentralStaffAuthority
from oncopos.adapters.sync.connect import central_url_with_password, is_connection_error, make_central_engine, unavailable
from oncopos.adapters.sync.desk import DeskStore
from oncopos.adapters.sync.restore import catch_up_own
from oncopos.adapters.sync.rows import Row, read_rows
from oncopos.adapters.sync.standing import OWN_SEQ_KEY, central_heads, last_restoration, set_state
from oncopos.adapters.sync.tables import plan_by_name
from oncopos.domain.errors import DatabaseUnavailable, UserFacingError, error_message
from oncopos.domain.messages import msg
from oncopos.services.sync_status import DeskNotReady, SyncError, SyncReport

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# Parents of parents... a pulled row's missing references are fetched at most this deep.
MAX_PARENT_DEPTH = 8
# Seconds between renewals of a charge claim while its payment is followed (well inside claims.LEASE).
RENEW_EVERY = 30.0


class Synchronizer:
    """Thread-safe: exchanges run one at a time; `refresh_enrollment` may run beside them."""

    def __init__(
        self,
        desk_engine: Engine,
        central_url: str,
        *,
        workstation_id: str,
        invoice_series: str,
        clock: Callable[[], datetime],
        secrets: SecretStore | None = None,
        workstation_name: str | None = None,
        batch_size: int = 1000,
        connect_timeout: int = 5,
        refresh_timeout: int = 2,
        quiet_after_failure: float = 3.0,
    ) -> None:
        self.desk = DeskStore(desk_engine, clock=clock)
        self.workstation_id = workstation_id
        self.invoice_series = invoice_series
        self.workstation_name = (workstation_name or f"{workstation_id} on {socket.gethostname()}")[:100]
        self.batch_size = batch_size
        self.clock = clock
        self._url = central_url  # as configured (no keyring password), for messages
        self._secrets = secrets
        self._connect_timeout = connect_timeout
        self._refresh_timeout = refresh_timeout
        self._quiet_after_failure = quiet_after_failure
        self._central: CentralStore | None = None
        self._refresh_central: CentralStore | None = None
        self._lock = threading.Lock()
        self._quiet_until = 0.0
        # Set once an exchange in this process has compared this desk with its own history on the
        # central database (and caught up): payments may be taken from then on.
        self._standing_checked = False
        self._renewed: dict[uuid.UUID, float] = {}  # payments holding a claim: when it was last renewed

    # -- the whole exchange ---------------------------------------------------------------------

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """Register, push every pending change, pull every change made elsewhere.

        Raises DatabaseUnavailable when the central database cannot be reached (nothing is lost:
        the outbox and the cursor stay where they were), WorkstationConflict or SyncError when it
        answered but refused.
        """
        with self._lock:
            try:
                self._register()
                restored = self._catch_up_own()
                pushed, overwritten, rejected = self._push_all()
                pulled = self._pull_all(progress)
                self._note_own_head()
            except Exception as exc:
                if is_connection_error(exc):
                    self._quiet_until = time.monotonic() + self._quiet_after_failure
                    raise unavailable(exc, self._url) from None
                raise
            self._quiet_until = 0.0
            held = [
                f"{table} {row_id} from the central database is not stored here ({reason}); "
                "it is tried again at each sync"
                for (table, row_id), reason in self.desk.deferred().items()
            ]
            self._standing_checked = True
            return SyncReport(pushed, pulled, overwritten, tuple(rejected + held), self.desk.pending_count(), restored)

    def push(self) -> int:
        with self._lock:
            return self._guard(lambda: self._push_all()[0])

    def pull(self, progress: Progress | None = None) -> int:
        with self._lock:
            return self._guard(lambda: self._pull_all(progress))

    def pending_count(self) -> int:
        return self.desk.pending_count()

    def last_restoration(self) -> str | None:
        """What the last restoration of this desk's own records did, for the window and `oncopos sync`."""
        found = last_restoration(self.desk.engine)
        return str(found["message"]) if found else None

    # -- before a charge ------------------------------------------------------------------------

    def ensure_ready_to_charge(self) -> None:
        """Raise DeskNotReady unless this desk may take a payment.

        The first call in a process runs an exchange (or waits for the one under way), which
        brings a reinstalled or restored desk level with its own history first. When the central
        database cannot be reached, a desk that has caught up with it before works offline as
        always; one that never has (a new or reinstalled data folder) must not charge: it could
        only reuse numbers its earlier self already issued.
        """
        if self._standing_checked:
            return
        try:
            self.sync_once()
        except DatabaseUnavailable as exc:
            if self.desk.caught_up():
                log.warning("central database unreachable before a payment; this desk caught up earlier, so it goes on")
                return
            raise DeskNotReady(
                msg("sync.desk_not_reached", reason=error_message(exc))
            ) from None
        except UserFacingError as exc:
            if self.desk.caught_up():
                log.warning("sync refused before a payment (%s); this desk caught up earlier, so it goes on", exc)
                return
            raise DeskNotReady(msg("sync.desk_not_synced", reason=error_message(exc))) from None


    def refresh_enrollment(self, enrollment_id: uuid.UUID) -> bool:
        """Bring the enrollment's payments, refunds and overpayment flag from the central database.

        True when it answered; False at once when it is known to be down (a failure in the last
        few seconds) or after a short connect time-out. Does not wait for a running exchange.
        """
        if time.monotonic() < self._quiet_until:
            return False
        try:
            central = self._refresh_store()
            rows = central.enrollment_money(enrollment_id)
            self._add_missing_parents(rows, central)
            self.desk.apply_pulled(rows)
        except Exception as exc:
            if is_connection_error(exc):
                self._quiet_until = time.monotonic() + self._quiet_after_failure
                log.warning("enrollment %s not refreshed: central database unreachable", enrollment_id)
                return False
            raise
        return True

    # -- staff: one authority (central_staff.py) -------------------------------------------------

    def refresh_staff(self) -> bool:
        """Bring every staff account from the central database (before a first-run account is
        offered). False when it cannot be reached within the short time-out."""
        try:
            central = self._refresh_store()
            rows = central.all_staff()
            self.desk.apply_pulled({"staff": rows})
        except Exception as exc:
            if is_connection_error(exc):
                log.warning("staff not refreshed: central database unreachable")
                return False
            raise
        return True

    def publish_staff(self, staff_id: uuid.UUID, *, admin_username: str | None, admin_password: str | None,
                      new_password: str | None = None) -> int:
        """Send this desk's copy of one staff account to the central database as an administrator's
        authenticated action (checked there); returns its central version, which this desk takes."""
        spec = plan_by_name()["staff"]
        with self.desk.engine.connect() as conn:
            row = read_rows(conn, spec, [staff_id])[staff_id]
        try:
            version = CentralStaffAuthority(self._refresh_store().engine).apply(
                admin_username, admin_password, row, new_password=new_password)
        except Exception as exc:
            if is_connection_error(exc):
                raise unavailable(exc, self._url) from None
            raise
        self.desk.apply_pulled({"staff": [{**row, "version": version}]})
        return version

    def otp_counters(self) -> CentralOtpCounters:
        """One-time-code sends and lockouts shared with every desk, over the short-time-out connection."""
        return CentralOtpCounters(lambda: self._refresh_store().engine, self.workstation_id)

    def audit_copy(self) -> CentralAuditCopy:
        """The central copy of the audit trail, over the short-time-out connection."""
        return CentralAuditCopy(self._refresh_store().engine, self._url)

    # -- one desk at a time per enrollment ------------------------------------------------------

    def claim_charge(self, enrollment_ids: Sequence[uuid.UUID], payment_id: uuid.UUID, staff_name: str,
                     amount_cents: int) -> bool:
        """Claim every enrollment the payment pays on the central database before charging (see claims.py).

        True when claimed; False when the central database cannot be reached (the desk charges
        offline as before). Raises EnrollmentBeingCharged when another desk holds it.
        """
        if time.monotonic() < self._quiet_until:
            return False
        try:
            claims.claim(self._refresh_store().engine, enrollment_ids=enrollment_ids, payment_id=payment_id,
                         workstation_id=self.workstation_id, workstation_name=self.workstation_name,
                         staff_name=staff_name, amount_cents=amount_cents)
        except Exception as exc:
            if is_connection_error(exc):
                self._quiet_until = time.monotonic() + self._quiet_after_failure
                log.warning("payment %s: enrollment not claimed, central database unreachable", payment_id)
                return False
            raise
        self._renewed[payment_id] = time.monotonic()
        return True

    def renew_claim(self, payment_id: uuid.UUID) -> None:
        """Keep the claim of a payment still being followed (at most every RENEW_EVERY seconds)."""
        last = self._renewed.get(payment_id)
        if last is None or time.monotonic() - last < RENEW_EVERY:
            return
        self._renewed[payment_id] = time.monotonic()
        self._best_effort(lambda engine: claims.renew(engine, payment_id), payment_id, "renewed")

    def release_claim(self, payment_id: uuid.UUID, *, succeeded: bool) -> None:
        """Free the enrollment. After a success the payment goes to the central database first, so
        the next desk that claims the enrollment sees it paid; if it cannot, the lease runs out."""
        if self._renewed.pop(payment_id, None) is None:
            return
        if succeeded:
            try:
                self.push()
            except Exception:
                log.warning("payment %s: not yet on the central database; its claim ends with its lease", payment_id,
                            exc_info=True)
                return
        self._best_effort(lambda engine: claims.release(engine, payment_id), payment_id, "released")

    def _best_effort(self, work: Callable[[Engine], None], payment_id: uuid.UUID, what: str) -> None:
        try:
            work(self._refresh_store().engine)
        except Exception as exc:
            if not is_connection_error(exc):
                raise
            log.warning("payment %s: claim not %s, central database unreachable (the lease ends on its own)",
                        payment_id, what)

    def close(self) -> None:
        for store in (self._central, self._refresh_central):
            if store is not None:
                store.engine.dispose()

    # -- steps ----------------------------------------------------------------------------------

    def _guard(self, work: Callable[[], Any]) -> Any:
        try:
            return work()
        except Exception as exc:
            if is_connection_error(exc):
                raise unavailable(exc, self._url) from None
            raise

    def _register(self) -> None:
        # Every exchange: cheap, and it brings desks registered since into this desk's list.
        workstations = self._store().register_workstation(self.workstation_id, self.workstation_name, self.invoice_series)
        self.desk.save_workstations(workstations)

    def _catch_up_own(self) -> str | None:
        """Before pushing: bring back this desk's own records that the central database holds and
        this desk does not (see oncopos.adapters.sync.standing); what was done, or None."""
        central = self._store()
        # The event that says so joins this desk's chain under its key, like every other event.
        key = AuditChainKey(self._secrets, self.workstation_id) if self._secrets is not None else None
        return catch_up_own(self.desk, central, self.workstation_id, self.invoice_series, self.batch_size,
                            self._add_missing_parents, key)

    def _note_own_head(self) -> None:
        """Every own change the central database holds is now here too: remember up to where."""
        head = central_heads(self._store().engine, self.workstation_id, self.invoice_series).own_seq
        if head is not None:
            with self.desk.engine.begin() as conn:
                set_state(conn, OWN_SEQ_KEY, str(head))

    def _push_all(self) -> tuple[int, int, list[str]]:
        central = self._store()
        pushed = overwritten = 0
        rejected: list[str] = []
        held_back: set[int] = set()  # entries refused in this run: not sent again until the next one
        while True:
            entry_ids, rows = self.desk.read_batch(self.batch_size, skip=held_back)
            if not entry_ids:
                break
            try:
                outcome = central.push(self.workstation_id, rows)
            except sa.exc.IntegrityError:
                # One row breaks a rule of the central database; find it, send the rest.
                outcome = central.push(self.workstation_id, rows, isolate=True)
            held_back |= self.desk.finish_push(entry_ids, outcome.rejected.keys(), outcome.adopt)
            pushed += outcome.accepted + outcome.unchanged
            overwritten += outcome.overwritten
            rejected += _describe_rejects(outcome)
            log.info("pushed %d rows (%d new, %d already there, %d refused)", len(rows), outcome.accepted,
                     outcome.unchanged, len(outcome.rejected))
        return pushed, overwritten, rejected

    def _pull_all(self, progress: Progress | None) -> int:
        central = self._store()
        cursor = start = self.desk.cursor()
        caught_up = self.desk.caught_up()
        target = central.latest_seq()
        # Until its first catch-up a desk takes everything, its own earlier changes too (a desk
        # rebuilt from scratch under the same id gets its history back).
        skip = self.workstation_id if caught_up else None
        applied = 0
        deferred = self.desk.deferred()
        if deferred:  # set aside earlier: perhaps storable now (the local clash was fixed and sent)
            wanted: dict[str, set[Any]] = {}
            for table, row_id in deferred:
                wanted.setdefault(table, set()).add(row_id)
            rows = central.rows(wanted)
            self._add_missing_parents(rows, central)
            applied += self.desk.apply_pulled(rows)
        while True:
            batch = central.changes_after(cursor, self.batch_size, skip_workstation=skip)
            if batch.scanned == 0:
                break
            self._add_missing_parents(batch.rows, central)
            applied += self.desk.apply_pulled(batch.rows, cursor=batch.last_seq)
            cursor = batch.last_seq
            if progress is not None and target > start:
                progress(min(cursor, target) - start, target - start)
        if not caught_up:
            self.desk.apply_pulled({}, caught_up=True)
        if applied:
            log.info("pulled %d rows; cursor at %d", applied, cursor)
        return applied

    def _add_missing_parents(self, rows: dict[str, list[Row]], central: CentralStore) -> None:
        """Fetch rows the batch refers to but this desk lacks (a payment's staff member, a section
        a transferred enrollment moved to), so foreign keys hold when the batch is applied."""
        for _depth in range(MAX_PARENT_DEPTH):
            missing = self.desk.missing_parents(rows)
            if not missing:
                return
            fetched = central.rows(missing)
            for table, ids in missing.items():
                got = fetched.get(table, [])
                lost = ids - {r["id"] for r in got}
                if lost:
                    raise SyncError(
                        msg("sync.rows_missing", count=len(lost), table=table, example=sorted(map(str, lost))[0])
                    )
                rows.setdefault(table, []).extend(got)
        raise SyncError(msg("sync.too_deep"))

    def _store(self) -> CentralStore:
        if self._central is None:
            url = central_url_with_password(self._url, self._secrets)
            self._central = CentralStore(make_central_engine(url, connect_timeout=self._connect_timeout), clock=self.clock)
        return self._central

    def _refresh_store(self) -> CentralStore:
        if self._refresh_central is None:
            url = central_url_with_password(self._url, self._secrets)
            engine = make_central_engine(url, connect_timeout=self._refresh_timeout, pooled=False)
            self._refresh_central = CentralStore(engine, clock=self.clock)
        return self._refresh_central


def _describe_rejects(outcome: PushOutcome) -> list[str]:
    return [
        f"{table} {row_id}: refused by the central database ({reason}); it stays here, unsent, until corrected"
        for (table, row_id), reason in outcome.rejected.items()
    ]

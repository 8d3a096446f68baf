"""`oncopos sync [--once] [--central URL]`: exchange records with the central database.

With --once: one full exchange (push everything pending, pull everything new), a summary, and the
exit code (0 done, 1 refused or unreachable): for a scheduled task. Without: the same exchange on
a timer, with backoff while the central database is down, until stopped: for a service.
"""

from __future__ import annotations

import argparse
import sys
import time

from oncopos.config import ALLOWED, Settings
from oncopos.domain.errors import ConfigurationError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sync", help="exchange records with the central database",
        description="Send this desk's changes to the central PostgreSQL and bring back changes made elsewhere.",
    )
    parser.add_argument("--once", action="store_true", help="one exchange, then exit (for a scheduled task)")
    parser.add_argument("--central", metavar="URL", help="the central PostgreSQL (default: ONCOPOS_CENTRAL_URL)")
    parser.add_argument("--db", metavar="URL", dest="db_sub", help="this desk's database (default: the local SQLite file)")
    parser.add_argument("--interval", type=float, default=30.0, metavar="SECONDS",
                        help="without --once: seconds between exchanges (default 30)")
    parser.set_defaults(handler=sync_command)


def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.db.engine import make_engine, redact
    from oncopos.adapters.db.migrate import upgrade
    from oncopos.adapters.db.session import utc_now
    from oncopos.adapters.secrets import KeyringSecretStore
    from oncopos.adapters.sync import Synchronizer, SyncWorker

    central = _central_url(args.central or settings.central_url)
    if not 1 <= args.interval <= 3600:
        raise ConfigurationError(f"--interval {args.interval:g} is not allowed; use 1 to 3600 seconds.")
    from oncopos.commands.opening import check_database

    check_database(settings.database_url, must_exist=False)
    engine = make_engine(settings.database_url)
    sync = Synchronizer(
        engine, central, workstation_id=settings.workstation_id, invoice_series=settings.invoice_series,
        clock=utc_now, secrets=KeyringSecretStore(),
    )
    try:
        upgrade(engine)
        if args.once:
            report = sync.sync_once(progress=_progress if sys.stdout.isatty() else None)
            print(
                f"{settings.workstation_id} synced with {redact(central)}: {report.pushed} sent, "
                f"{report.pulled} received, {report.pending} waiting to be sent."
            )
            if report.restored:
                print(report.restored)
            if report.overwritten:
                print(f"{report.overwritten} edit(s) replaced a change made elsewhere; "
                      "the replaced values are in the audit trail.")
            for line in report.rejected:
                print(line, file=sys.stderr)
            return 1 if report.rejected else 0
        worker = SyncWorker(sync, clock=utc_now, interval=args.interval)
        print(f"{settings.workstation_id}: syncing with {redact(central)} every {args.interval:g} s; Ctrl+C stops.")
        while True:
            delay = worker.run_once()
            status = worker.status()
            stamp = time.strftime("%H:%M:%S")
            if status.last_error:
                print(f"{stamp} {status.last_error} Next try in {delay:.0f} s.", flush=True)
            else:
                print(f"{stamp} synced; {status.pending} waiting to be sent.", flush=True)
            time.sleep(delay)
    finally:
        sync.close()
        engine.dispose()


def _central_url(url: str | None) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        raise ConfigurationError(
            "No central database is set for this desk: pass --central URL or set ONCOPOS_CENTRAL_URL "
            f"({ALLOWED['ONCOPOS_CENTRAL_URL']})."
        )
    try:
        driver = make_url(url).drivername
    except ArgumentError:
        driver = ""
    if not driver.startswith("postgresql"):
        raise ConfigurationError(f"Configuration error: the central database must be {ALLOWED['ONCOPOS_CENTRAL_URL']}.")
    return url


def _progress(done: int, total: int) -> None:
    print(f"\rReceiving changes: {done:,} of {total:,}", end="" if done < total else "\n", flush=True)

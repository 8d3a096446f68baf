"""The app's context with a central database: the worker and the pre-charge refresher are wired."""

from __future__ import annotations

import uuid
from pathlib import Path

from oncopos.adapters.sync import Synchronizer, SyncWorker
from oncopos.bootstrap import build_context
from oncopos.config import load_settings
from tests.conftest import FixedClock


def test_a_desk_with_a_central_url_gets_a_sync_worker_and_refresher(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    settings = load_settings(data_dir=tmp_path / "desk", central_url=pg_url, workstation_id="DESK7", invoice_series="D7",
                             mail_backend="file")
    context = build_context(settings, clock=clock)
    try:
        assert isinstance(context.sync_worker, SyncWorker) and isinstance(context.enrollment_refresher, Synchronizer)
        assert context.sync_worker.status().reachable is None  # nothing connects until it runs
        context.sync_worker.run_once()
        status = context.sync_worker.status()
        assert (status.reachable, status.last_sync_at, status.pending, status.last_error) == (True, clock.now, 0, None)
        assert context.enrollment_refresher.refresh_enrollment(uuid.uuid4()) is True
    finally:
        context.close()


def test_a_desk_without_one_has_neither(tmp_path: Path, clock: FixedClock) -> None:
    context = build_context(load_settings(data_dir=tmp_path / "desk", mail_backend="file"), clock=clock)
    try:
        assert context.sync_worker is None and context.enrollment_refresher is None
    finally:
        context.close()

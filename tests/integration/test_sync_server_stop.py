"""A real PostgreSQL server stopped in the middle of a push, then started again.

Runs its own throwaway cluster (initdb in a temporary folder, on a free port of 127.0.0.1), so
stopping it disturbs nothing else. Skipped where the PostgreSQL server binaries are absent.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.sync import central as central_module
from oncopos.domain.errors import DatabaseUnavailable
from tests.conftest import FixedClock
from tests.databases import PG_URL
from tests.integration.sync_helpers import course_and_section, enrollment, make_desk, payment, snapshot, student

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class Cluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="oncopos-sync-pg-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_pg:
            shutil.chown(self.dir, "postgres")
        self.bin = BIN[-1]
        self._run("initdb", "--no-sync", "-D", str(self.dir / "data"), "-U", "oncopos", "--auth=trust", "-E", "UTF8")
        self.url = f"postgresql+psycopg://oncopos@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-w", "-l", str(self.dir / "log"), "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_pg, f"{self.bin}/{tool}", *args], check=check, capture_output=True, timeout=60)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not BIN or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get("ONCOPOS_REQUIRE_PG"):
            pytest.fail("PostgreSQL server binaries are required for this test")
        pytest.skip("PostgreSQL server binaries not installed")
    if not PG_URL:
        pytest.skip("PostgreSQL tests run through build_scripts/test.sh (ONCOPOS_TEST_PG_URL not set)")
    cluster = Cluster()
    try:
        cluster.start()
        engine = make_engine(cluster.url)
        upgrade(engine)
        engine.dispose()
        yield cluster
    finally:
        cluster.remove()


def test_the_server_stopped_mid_push_loses_nothing_and_the_desk_catches_up(
    tmp_path: Path, cluster: Cluster, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(tmp_path, "DESK1", cluster.url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    desk.add(course, section, pupil, enrolled, payment(enrolled, 25_000, "DESK1"))
    original = central_module._Table.push
    tables: list[str] = []

    def stop_server_midway(self, rows, touched):  # type: ignore[no-untyped-def]
        original(self, rows, touched)
        tables.append(self.spec.name)
        if len(tables) == 2:
            cluster.stop()

    monkeypatch.setattr(central_module._Table, "push", stop_server_midway)
    with pytest.raises(DatabaseUnavailable):
        desk.sync.sync_once()
    monkeypatch.undo()

    # Down: the desk keeps taking payments and the refresh before a charge gives up at once.
    desk.add(payment(enrolled, 5_000, "DESK1"))
    assert desk.sync.refresh_enrollment(enrolled.id) is False
    with pytest.raises(DatabaseUnavailable):
        desk.sync.sync_once()
    assert desk.pending() == 6

    cluster.start()
    assert desk.sync.sync_once().pending == 0
    central = sa.create_engine(cluster.url)
    shared = ("courses", "sections", "students", "enrollments", "payments")
    assert snapshot(central, shared) == desk.snapshot(shared)
    with central.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(Payment)) == 2
    central.dispose()

"""The frozen one-folder bundle: built by build_scripts/build_linux.sh, then checked as a desk PC
would check it, by running its own `self-check` (database, PDF, a training payment, the window).

The bundle is cached under build/bundle-cache by a hash of its inputs (tests/e2e/bundle.py): the
first run builds it (about a minute), later runs reuse it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncopos.resources import data_files, resources_dir
from tests.e2e.bundle import bundle, executable, folder_size
from tests.integration.test_selfcheck import assert_all_checks_passed

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle is built and tested on Linux")


@pytest.fixture(scope="module")
def dist() -> Iterator[Path]:
    with bundle() as folder:
        yield folder


def test_bundle_self_check_passes(dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = executable(dist)
    # No PYTHONPATH and another working folder: the bundle must not lean on the checkout.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["ONCOPOS_DATA_DIR"] = str(tmp_path / "desk")
    result = subprocess.run([str(program), "self-check"], check=False, capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert f"(bundle, {program};" in first
    assert f"resources in {dist / 'OncoPOS' / '_internal' / 'oncopos' / 'resources'})" in first
    assert_all_checks_passed(result.stdout)
    with capsys.disabled():
        print(f"\n[bundle] {folder_size(dist / 'OncoPOS') / 1e6:.0f} MB in {dist / 'OncoPOS'}")
        print("\n".join(f"[bundle] {line}" for line in result.stdout.splitlines()))


def test_bundle_ships_data_files_and_leaves_unused_qt_out(dist: Path) -> None:
    internal = dist / "OncoPOS" / "_internal"
    repo_resources = resources_dir()  # this checkout's oncopos/resources
    for path in data_files():  # every data file, whatever another module added
        assert (internal / "oncopos" / "resources" / path.relative_to(repo_resources)).is_file(), path
    migrations = internal / "oncopos" / "adapters" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and list((migrations / "versions").glob("0001_*.py"))
    qt = internal / "PySide6"
    assert (qt / "QtWidgets.abi3.so").exists()
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtSql", "QtTest", "QtOpenGL"):
        assert not list(qt.glob(f"{unused}.*")), f"{unused} should be excluded from the bundle"
    # The build machine's GTK (pulled in by Qt's GTK3 theme plugin) must not ride along to the desk.
    assert not list(internal.glob("libgtk-3.so*")) and not list(qt.rglob("libqgtk3.so"))
    translations = {p.name for p in (qt / "Qt" / "translations").glob("*.qm")}
    assert "qtbase_fr.qm" in translations and "qtbase_de.qm" not in translations


def test_bundle_reports_a_bad_setting_in_one_line(dist: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ONCOPOS_DATA_DIR": str(tmp_path), "BUSINESS_PROVINCE": "XX"}
    result = subprocess.run([str(executable(dist)), "db", "upgrade"], check=False, capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Configuration error: BUSINESS_PROVINCE='XX' is not allowed")

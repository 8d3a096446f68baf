"""`oncopos self-check` from source: every check passes on a good install and says which one failed
on a broken one. The same command is run from the frozen bundle in tests/e2e/test_bundle.py."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from oncopos.config import load_settings
from oncopos.selfcheck import check_database, check_resources, run_self_check

REPO = Path(__file__).resolve().parents[2]

EXPECTED_CHECKS = ("resources", "database", "invoice PDF", "training payment", "main window")


def assert_all_checks_passed(stdout: str) -> None:
    """Shared with the bundle test: one `ok` line per check, then the summary."""
    lines = stdout.splitlines()
    for name in EXPECTED_CHECKS:
        [line] = [x for x in lines if x.split("  ")[0].strip() == "ok" and f" {name} " in x]
        assert line.startswith("ok "), line
    assert "FAILED" not in stdout
    assert lines[-1] == f"self-check passed: all {len(EXPECTED_CHECKS)} checks ok"
    assert "code emailed to the training inbox and confirmed" in stdout
    assert "paid by visa ending 4242" in stdout and "invoice DESK1-000001" in stdout
    assert "sample French invoice" in stdout and "DejaVuSans embedded" in stdout
    assert " shown at " in stdout and "and closed" in stdout


def test_self_check_from_source_passes(tmp_path: Path) -> None:
    data = tmp_path / "real-desk"
    env = {**os.environ, "PYTHONPATH": str(REPO), "ONCOPOS_DATA_DIR": str(data)}
    result = subprocess.run([sys.executable, "-m", "oncopos", "self-check"], check=False, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OncoPOS ") and "(source, " in result.stdout.splitlines()[0]
    assert_all_checks_passed(result.stdout)
    # Everything happened in a scratch folder: the desk's own data folder holds logs only.
    assert not list(data.rglob("*.sqlite3"))


def test_a_missing_resource_fails_its_check_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An install that left the data files out: importlib.resources finds an empty package folder.
    import oncopos.resources

    monkeypatch.setattr(oncopos.resources, "files", lambda package: tmp_path / "empty-package")
    out = io.StringIO()
    results = run_self_check(load_settings(), out, checks=(("resources", check_resources),
                                                            ("database", check_database)))
    assert [(r.name, r.ok) for r in results] == [("resources", False), ("database", True)]
    first, second = out.getvalue().splitlines()
    assert first.startswith("FAILED resources") and "resource missing" in first and "reinstall OncoPOS" in first
    assert second.startswith("ok     database")


def test_the_command_exits_1_and_names_the_failed_check(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from oncopos import cli, selfcheck

    def broken(run: selfcheck.SelfCheck) -> str:
        raise RuntimeError("libEGL.so.1: cannot open shared object file")

    monkeypatch.setattr(selfcheck, "CHECKS", (("database", check_database), ("main window", broken)))
    assert cli.main(["self-check"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^FAILED main window +RuntimeError: libEGL.so.1: cannot open shared object file \(\d+\.\d s\)$",
                     out, re.M), out
    assert "self-check FAILED: 1 of 2 checks failed (main window)" in out


def test_the_self_check_module_does_not_load_qt() -> None:
    # Only oncopos/ui imports PySide6; the window check loads it lazily, after choosing offscreen.
    code = ("import sys, oncopos.selfcheck, oncopos.commands.selfcheck; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

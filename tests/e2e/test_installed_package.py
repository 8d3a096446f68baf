"""OncoPOS installed like any package: the wheel built from this checkout, installed (not editable)
into a fresh virtual environment, passes `oncopos self-check` from a folder far from the checkout.

Offline: the wheel is built with this environment's setuptools (no build isolation), and the new
environment installs it with --no-deps and borrows this environment's dependencies through a .pth
file, which Python reads after the new environment's own site-packages. Any file left out of the
wheel (a template, a font, the tax table, a migration) fails the self-check.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.integration.test_selfcheck import assert_all_checks_passed

REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> str:
    result = subprocess.run(args, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `oncopos` program of a fresh environment holding only the wheel."""
    work = tmp_path_factory.mktemp("installed")
    wheels = work / "wheels"
    # A copy of the sources keeps the build's own folders (build/, *.egg-info) out of the checkout.
    run(["git", "-C", str(REPO), "archive", "--format=tar", "-o", str(work / "src.tar"), "HEAD"], cwd=work)
    source = work / "src"
    source.mkdir()
    run(["tar", "-xf", str(work / "src.tar"), "-C", str(source)], cwd=work)
    # Uncommitted edits too, so the test checks the tree it runs from.
    diff = subprocess.run(["git", "-C", str(REPO), "diff", "HEAD", "--binary"], check=True, capture_output=True).stdout
    if diff:
        subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], check=True, cwd=source, input=diff)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(wheels),
         str(source)], cwd=work)
    [wheel] = wheels.glob("oncopos-*.whl")

    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], cwd=work)
    new_site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work).strip())
    # This environment's packages, after the new one's own: oncopos itself comes from the wheel.
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (new_site / "borrowed-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return env_dir / ("Scripts/oncopos.exe" if os.name == "nt" else "bin/oncopos")


def test_the_installed_wheel_passes_self_check(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["ONCOPOS_DATA_DIR"] = str(tmp_path / "desk")
    out = run([str(installed), "self-check"], cwd=tmp_path, env=env)
    first = out.splitlines()[0]
    # The data files come from the installed package, not from this checkout.
    site_packages = installed.parent.parent / "lib"
    assert "resources in " in first and str(site_packages) in first.split("resources in ")[1], first
    assert str(REPO) not in first
    assert_all_checks_passed(out)


def test_the_wheel_holds_the_data_files_and_not_the_tests(installed: Path) -> None:
    python = installed.parent / "python"
    code = ("import importlib.metadata as m; "
            "print('\\n'.join(str(f) for f in m.files('oncopos')))")
    files = set(run([str(python), "-c", code], cwd=installed.parent).split())
    for wanted in ("oncopos/resources/tax_rates.json", "oncopos/resources/fonts/DejaVuSans.ttf",
                   "oncopos/resources/email_templates/base.html", "oncopos/resources/styles/oncopos.qss",
                   "oncopos/resources/icons/oncopos.svg", "oncopos/adapters/db/migrations/env.py",
                   "oncopos/adapters/db/migrations/versions/0001_initial_schema.py"):
        assert wanted in files, wanted
    assert not any(f.startswith(("tests/", "resources/")) for f in files)

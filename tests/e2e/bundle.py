"""The one-folder bundle, built once per version of the sources and cached under build/bundle-cache.

Used by tests/e2e/test_bundle.py and tests/bench/bench_startup.py. The cache key is a hash of
everything that goes into the bundle (the package with its data files, the spec and build script, the
lock file and pyproject.toml, the Python version), so a repeated test run costs seconds and any
change rebuilds. A file lock keeps two test runs on one machine from building into the same folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "build" / "bundle-cache"
INPUTS = ("oncopos", "build_scripts/oncopos.spec", "build_scripts/build_linux.sh",
          "requirements-dev.lock", "pyproject.toml")
BUILD_TIMEOUT_SECONDS = 600


def source_hash() -> str:
    digest = hashlib.sha256(f"{sys.version}|{sys.platform}".encode())
    for name in INPUTS:
        root = REPO / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
                continue
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextmanager
def _locked() -> Iterator[None]:
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def executable(dist: Path) -> Path:
    return dist / "OncoPOS" / "OncoPOS"


@contextmanager
def bundle(log: list[str] | None = None) -> Iterator[Path]:
    """The dist folder holding OncoPOS/ for the current sources, built if needed, kept while in use.

    A shared lock on the bundle's folder stops another test run from pruning it meanwhile.
    """
    key = source_hash()
    target = CACHE / key
    with _locked():
        target.mkdir(parents=True, exist_ok=True)
        in_use = open(target / "in-use.lock", "w")  # noqa: SIM115  (held until the caller is done with the bundle)
        fcntl.flock(in_use, fcntl.LOCK_SH)
        try:
            if (target / "complete").exists():
                if log is not None:
                    log.append(f"bundle {key} reused from {target}")
            else:
                _prune_unused(keep=target)
                _build(target, log)
        except BaseException:
            in_use.close()
            raise
    try:
        yield target / "dist"
    finally:
        in_use.close()


def _prune_unused(keep: Path) -> None:
    # One bundle is ~230 MB: delete the others, except those another run is using right now.
    for old in CACHE.iterdir():
        if not old.is_dir() or old == keep or old.name == "work":
            continue
        with open(old / "in-use.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(old, ignore_errors=True)


def _build(target: Path, log: list[str] | None) -> None:
    started = time.monotonic()
    shutil.rmtree(target / "dist", ignore_errors=True)
    result = subprocess.run(
        ["bash", str(REPO / "build_scripts" / "build_linux.sh"), "--no-setup", "--no-archive", "--no-check",
         "--dist", str(target / "dist"), "--work", str(CACHE / "work")], check=False,
        cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"the bundle build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    (target / "complete").write_text(f"built in {time.monotonic() - started:.0f} s\n")
    if log is not None:
        log.append(f"bundle {target.name} built in {time.monotonic() - started:.0f} s into {target}")


def folder_size(path: Path) -> int:
    """Bytes on disk as shipped: symlinks count once (PyInstaller links duplicate Qt libraries)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())

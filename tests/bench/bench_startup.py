"""Start-up to a shown main window: a bare PySide6 window, OncoPOS from source, and the bundle.

Each run is a fresh process, timed from launch to the window's first paint (the process prints a
marker line then; see oncopos/ui/startup_probe.py), on a virtual X screen (Xvfb) when one can be
started, otherwise Qt's offscreen platform. It prints the median and spread of N runs for:

  (a) a bare PySide6 QMainWindow (the floor: Python plus Qt, nothing of ours),
  (b) `python -m oncopos --training` from source,
  (c) the one-folder bundle's `OncoPOS --training` (built or reused by tests/e2e/bundle.py),

and the ratio of each median to (a). One warm-up run of each is not counted (it seeds the
training database and warms the disk cache, which a desk PC has after its first start).

    python tests/bench/bench_startup.py [--runs 7] [--platform auto|xvfb|offscreen] [--no-bundle]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.e2e.bundle import bundle, executable, folder_size  # noqa: E402

MARKER = "ONCOPOS_SHOWN"
TIMEOUT_SECONDS = 60

# The baseline: the least a PySide6 app must do to paint a main window, detected the same way.
BARE_WINDOW = f"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("bare PySide6 window"))
window.resize(1200, 720)
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("{MARKER}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def start_xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    """A private Xvfb; returns it and its DISPLAY, or None when Xvfb is not installed."""
    if not shutil.which("Xvfb"):
        return None
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it accepts clients
    if not number:
        server.kill()
        return None
    return server, f":{number}"


def time_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching `command` to its marker line."""
    started = time.perf_counter()
    env = {**env, "ONCOPOS_BENCH_T0": repr(time.time())}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(MARKER):
                elapsed = time.perf_counter() - started
                break
        else:
            process.wait(TIMEOUT_SECONDS)
            raise RuntimeError(f"{command[0]} exited {process.returncode} without showing a window:\n"
                               f"{process.stderr.read()[-2000:] if process.stderr else ''}")
        process.wait(TIMEOUT_SECONDS)
        return elapsed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def measure(cases: list[tuple[str, list[str], dict[str, str]]], runs: int) -> None:
    baseline = None
    for label, command, env in cases:
        time_to_shown(command, env)  # warm-up: seeds training data, fills the disk cache
        times = sorted(time_to_shown(command, env) for _ in range(runs))
        median = statistics.median(times)
        baseline = baseline or median
        print(f"  {label:<36} median {median * 1000:6.0f} ms  (min {times[0] * 1000:.0f}, "
              f"max {times[-1] * 1000:.0f})  x{median / baseline:.2f} of (a)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="start-up to a shown main window")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", choices=("auto", "xvfb", "offscreen"), default="auto")
    parser.add_argument("--no-bundle", action="store_true", help="skip (c); building the bundle takes about a minute")
    args = parser.parse_args(argv)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM", "DISPLAY")}
    data = Path(tempfile.mkdtemp(prefix="oncopos-bench-startup-"))
    env.update(ONCOPOS_DATA_DIR=str(data), ONCOPOS_BENCH_EXIT_WHEN_SHOWN="1")
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, data, ignore_errors=True)
        xvfb = start_xvfb() if args.platform in ("auto", "xvfb") else None
        if xvfb:
            cleanup.callback(xvfb[0].wait)
            cleanup.callback(xvfb[0].terminate)
            env.update(QT_QPA_PLATFORM="xcb", DISPLAY=xvfb[1])
            platform = f"Xvfb {xvfb[1]} (xcb)"
        elif args.platform == "xvfb":
            print("Xvfb is not installed: apt-get install -y xvfb (or use --platform offscreen)", file=sys.stderr)
            return 1
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
            platform = "offscreen"
        cases = [
            ("(a) bare PySide6 QMainWindow", [sys.executable, "-c", BARE_WINDOW], env),
            ("(b) python -m oncopos --training", [sys.executable, "-m", "oncopos", "--training"],
             {**env, "PYTHONPATH": str(REPO)}),
        ]
        notes: list[str] = []
        if not args.no_bundle:
            dist = cleanup.enter_context(bundle(notes))  # held until the runs are done
            cases.append(("(c) bundle OncoPOS --training", [str(executable(dist)), "--training"], env))
            notes.append(f"bundle size {folder_size(dist / 'OncoPOS') / 1e6:.0f} MB")
        print(f"Start-up to the first paint of the main window: {args.runs} runs each after 1 warm-up, {platform}")
        for note in notes:
            print(f"  {note}")
        measure(cases, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

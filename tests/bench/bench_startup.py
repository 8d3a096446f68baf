"""Start-up: the sign-in screen, then the main window after signing in, against a bare PySide6 window.

Each run is a fresh process, timed from launch to first paints (the process prints marker lines;
see oncopos/ui/startup_probe.py), on a virtual X screen (Xvfb) when one can be started, otherwise
Qt's offscreen platform. It prints the median and spread of N runs for:

  (a) a bare PySide6 QMainWindow (the floor: Python plus Qt, nothing of ours),
  (b) `python -m oncopos --training` from source: the sign-in screen painted (target: at most 2x
      (a)), then, after a person's typing time (--typing-ms, default 3000: the database, migrations
      and simulator are made ready meanwhile), from the click on Sign in (the probe types the training
      registrar's name and password into the sign-in screen and clicks it) to the main window painted,
      the password check included (target: at most 300 ms; the check and what follows it are also
      given apart), and the whole way to the main window,
  (c) the same for the one-folder bundle's `OncoPOS --training` (built or reused by tests/e2e/bundle.py),

and the ratio of each sign-in median to (a). One warm-up run of each is not counted (it seeds the
training database and warms the disk cache, which a desk PC has after its first start).

    python tests/bench/bench_startup.py [--runs 7] [--typing-ms 3000] [--platform auto|xvfb|offscreen] [--no-bundle]

The import cost of the first screen: python -X importtime -m oncopos up to the sign-in screen's paint
(--importtime prints the slowest).
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
SIGN_IN = "ONCOPOS_SIGN_IN_SHOWN"
CLICKED = "ONCOPOS_SIGN_IN_CLICKED"
SIGNED_IN = "ONCOPOS_SIGNED_IN"
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


def time_to_shown(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds from launching `command` to each marker it printed (the process measures them
    from ONCOPOS_BENCH_T0); the bare window's single marker is timed here."""
    started = time.perf_counter()
    env = {**env, "ONCOPOS_BENCH_T0": repr(time.time())}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    marks: dict[str, float] = {}
    try:
        assert process.stdout is not None
        for line in process.stdout:
            words = line.split()
            if words and words[0].startswith("ONCOPOS_"):
                marks[words[0]] = float(words[1]) if len(words) > 1 else (time.perf_counter() - started) * 1000
                if words[0] == MARKER:
                    break
        if MARKER not in marks:
            process.wait(TIMEOUT_SECONDS)
            raise RuntimeError(f"{command[0]} exited {process.returncode} without showing a window:\n"
                               f"{process.stderr.read()[-2000:] if process.stderr else ''}")
        process.wait(TIMEOUT_SECONDS)
        return marks
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _line(label: str, values: list[float], baseline: float | None = None, target: str = "") -> str:
    values = sorted(values)
    median = statistics.median(values)
    ratio = f"  x{median / baseline:.2f} of (a)" if baseline else ""
    return (f"  {label:<44} median {median:6.0f} ms  (min {values[0]:.0f}, max {values[-1]:.0f}){ratio}"
            f"{'  ' + target if target else ''}")


def measure(cases: list[tuple[str, list[str], dict[str, str]]], runs: int) -> None:
    """The runs of the cases alternate (a, b, c, a, b, c, ...): on a shared machine a busy moment
    weighs on the bare window and on ours alike, so their ratio holds."""
    for _label, command, env in cases:
        time_to_shown(command, env)  # warm-up: seeds training data, fills the disk cache
    samples: list[list[dict[str, float]]] = [[] for _ in cases]
    for _ in range(runs):
        for taken, (_label, command, env) in zip(samples, cases, strict=True):
            taken.append(time_to_shown(command, env))
    values = [m[MARKER] for m in samples[0]]  # (a): one window
    baseline = statistics.median(values)
    print(_line(cases[0][0], values), flush=True)
    for (label, _command, _env), taken in zip(cases[1:], samples[1:], strict=True):
        if SIGN_IN in taken[0]:
            print(_line(f"{label}: sign-in painted", [m[SIGN_IN] for m in taken], baseline, "(target x2)"))
            print(_line(f"{label}: Sign in clicked -> main window", [m[MARKER] - m[CLICKED] for m in taken], None,
                        "(target 300 ms)"))
            print(_line(f"{label}:   of which the password check", [m[SIGNED_IN] - m[CLICKED] for m in taken]))
            print(_line(f"{label}:   and after it, the main window", [m[MARKER] - m[SIGNED_IN] for m in taken]))
        print(_line(f"{label}: launch -> main window", [m[MARKER] for m in taken], baseline), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="start-up to a shown main window")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", choices=("auto", "xvfb", "offscreen"), default="auto")
    parser.add_argument("--no-bundle", action="store_true", help="skip (c); building the bundle takes about a minute")
    parser.add_argument("--typing-ms", type=int, default=3000, help="the person's time to type the password")
    parser.add_argument("--importtime", action="store_true", help="also print the slowest imports of the GUI start")
    args = parser.parse_args(argv)

    # Nor PYTHONDONTWRITEBYTECODE: a desk keeps the compiled modules its first start wrote (the warm-up
    # run writes them here), so compiling every module again in each run is not what a desk waits for.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "QT_QPA_PLATFORM", "DISPLAY", "PYTHONDONTWRITEBYTECODE")}
    data = Path(tempfile.mkdtemp(prefix="oncopos-bench-startup-"))
    env.update(ONCOPOS_DATA_DIR=str(data), ONCOPOS_BENCH_EXIT_WHEN_SHOWN="1", ONCOPOS_BENCH_TYPING_MS=str(args.typing_ms))
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
        if args.importtime:
            print_importtime({**env, "PYTHONPATH": str(REPO)})
    return 0


def print_importtime(env: dict[str, str], top: int = 15, runs: int = 5) -> None:
    """The slowest imports (cumulative) before the sign-in screen paints, on the path a desk takes:
    `python -X importtime -m oncopos` (not in training: the probe quits once the sign-in screen has
    painted), the lines that come before the probe's mark (an import's line is written as it ends,
    and the start-up thread begins after that paint). Per module the least of `runs` runs: on a
    shared machine the noise only adds."""
    command = [sys.executable, "-X", "importtime", "-m", "oncopos"]
    cumulative: dict[str, list[int]] = {}
    own: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for run in range(runs + 1):  # the first compiles and migrates, and is not counted
        done = subprocess.run(command, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_SECONDS, check=False)
        lines = done.stdout.splitlines()
        end = next((i for i, line in enumerate(lines) if line.startswith(SIGN_IN)), None)
        if end is None:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode} before the sign-in screen:\n"
                               f"{done.stdout[-2000:]}")
        for line in lines[:end] if run else ():
            parts = line.removeprefix("import time:").split("|")
            if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
                name = parts[2].strip()
                cumulative.setdefault(name, []).append(int(parts[1]))
                own.setdefault(name, []).append(int(parts[0]))
                names[name] = parts[2].rstrip()
    print(f"  slowest imports before the sign-in screen paints ({' '.join(command)}, least of {runs} runs; "
          f"{len(cumulative)} modules, {sum(min(v) for v in own.values()) / 1000:.0f} ms of their own):")
    print("     cumulative      self  module")
    for us, name in sorted(((min(v), name) for name, v in cumulative.items()), reverse=True)[:top]:
        print(f"    {us / 1000:7.1f} ms  {min(own[name]) / 1000:6.1f} ms  {names[name]}")


if __name__ == "__main__":
    raise SystemExit(main())

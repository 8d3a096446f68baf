"""`oncopos self-check`: a headless smoke test of an installed or frozen build (see oncopos.selfcheck)."""

from __future__ import annotations

import argparse
import sys

from oncopos.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "self-check",
        help="check this installation headless: database, PDF, a training payment, the window",
        description="Runs in a temporary folder in training mode: no real data, key, reader or network "
        "is used. Prints one line per check; exits 0 only when every check passed.",
    )
    check.set_defaults(handler=self_check_command)


def self_check_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos import __version__
    from oncopos.resources import resources_dir
    from oncopos.selfcheck import run_self_check

    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"OncoPOS {__version__} self-check ({frozen}, {sys.executable}; resources in {resources_dir()})", flush=True)
    results = run_self_check(settings, sys.stdout)
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(
            f"self-check FAILED: {len(failed)} of {len(results)} checks failed ({', '.join(failed)}). "
            "Details are in app.log in the log folder; reinstall OncoPOS or send the log to support.",
            flush=True,
        )
        return 1
    print(f"self-check passed: all {len(results)} checks ok", flush=True)
    return 0

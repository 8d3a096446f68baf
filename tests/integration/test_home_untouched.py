"""Tests never write into the real home folder (tests/conftest.py points HOME and the XDG folders
at a throwaway one). Here the two writers that used to reach it run as the crash tests run them:
the simulator as a subprocess without a data folder (its logs go to the platform's data folder),
and the Stripe SDK (it keeps a telemetry id in the user's configuration folder). What they write
must land in the throwaway home. (On a machine where other test runs share the real home, a
snapshot of it cannot tell whose run wrote there; CI, alone on its machine, also compares the real
home before and after the whole run: ONCOPOS_CHECK_REAL_HOME in build_scripts/test.sh.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

from oncopos.adapters.stripe import StripeGateway
from tests.conftest import REAL_HOME, REPO, TEST_HOME
from tests.waiting import wait_for

KEY = "sk_test_" + "home_untouched"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=0.5)
    except requests.ConnectionError:
        return False
    return True


def test_the_simulator_and_the_stripe_sdk_write_into_the_test_home_only() -> None:
    assert Path.home() == TEST_HOME != REAL_HOME
    assert all(os.environ[name].startswith(str(TEST_HOME)) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"))
    port = _free_port()
    # As a module-scoped fixture sees the environment: no per-test ONCOPOS_DATA_DIR yet.
    env = {k: v for k, v in os.environ.items() if k != "ONCOPOS_DATA_DIR"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen([sys.executable, "-m", "oncopos", "simulator", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(url), timeout=30, what="the simulator answering")
        StripeGateway(KEY, base_url=url, mode="simulator").list_readers()
        StripeGateway(KEY, base_url=url, mode="simulator").list_readers()  # the second call sends telemetry
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    written = {str(p.relative_to(TEST_HOME)) for p in TEST_HOME.rglob("*") if p.is_file()}
    assert {".config/stripe/telemetry_id", ".local/share/OncoPOS/logs/app.log"} <= written, written

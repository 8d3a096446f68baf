"""`oncopos stripe check` probes every permission the app uses, writes included, and names what is missing.

The simulator models restricted keys as Stripe does: a key holds a set of permissions, a write
includes its read, and a request beyond them is a 403 naming the permission that would allow it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from oncopos.adapters.stripe import StripeGateway, check_key, format_report
from oncopos.adapters.stripe.keys import NEEDED_PERMISSIONS
from oncopos.simulator.store import ALL_PERMISSIONS
from tests.integration import stripe_fixtures

# The shared fixtures, by assignment (pytest finds them by name in this module).
simulator = stripe_fixtures.simulator

REPO = Path(__file__).resolve().parents[2]
NO_LOCATION_WRITE = "rk_test_" + "desk_without_location_write"
# The key the documentation recommends, in the simulator's permission names.
RECOMMENDED = set(ALL_PERMISSIONS)


def test_recommended_key_passes_every_probe_and_the_probes_change_nothing(simulator):
    key = "rk_test_" + "recommended_desk_key_0001"
    simulator.add_restricted_key(key, RECOMMENDED)
    report = check_key(StripeGateway(key, base_url=simulator.url, mode="simulator"))
    assert report.ok, format_report(report)
    probed = {(c.name, c.access) for c in report.checks}
    writes = {name for name, access in probed if access == "write"}
    assert writes == {"PaymentIntents", "Checkout Sessions", "Terminal readers", "Terminal locations", "Refunds"}
    assert {f"{name}: write" for name in writes} <= set(NEEDED_PERMISSIONS)
    assert simulator.state.objects == {} and simulator.state.idempotency == {}


def test_key_without_location_write_is_reported_exactly(simulator):
    simulator.add_restricted_key(NO_LOCATION_WRITE, RECOMMENDED - {"terminal_location_write"} | {"terminal_location_read"})
    report = check_key(StripeGateway(NO_LOCATION_WRITE, base_url=simulator.url, mode="simulator"))
    assert [(c.name, c.access) for c in report.missing] == [("Terminal locations", "write")]
    text = format_report(report)
    assert "rak_terminal_location_write" in text and "setup assistant" in text


def test_the_command_reports_the_missing_location_write(simulator, tmp_path):
    simulator.add_restricted_key(NO_LOCATION_WRITE, RECOMMENDED - {"terminal_location_write"} | {"terminal_location_read"})
    env = {**os.environ, "PYTHONPATH": str(REPO), "STRIPE_MODE": "test", "ONCOPOS_STRIPE_API_BASE": simulator.url,
           "ONCOPOS_SECRET_STRIPE_API_KEY": NO_LOCATION_WRITE, "ONCOPOS_DATA_DIR": str(tmp_path / "data"),
           "ONCOPOS_CONFIG_FILE": str(tmp_path / "settings.toml"),
           "ONCOPOS_DB_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "oncopos", "stripe", "check"], check=False, capture_output=True, text=True,
                            env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    flagged = [line.strip() for line in result.stdout.splitlines() if "MISSING" in line or "UNKNOWN" in line]
    assert len(flagged) == 1 and flagged[0].startswith("Terminal locations (write)"), result.stdout
    assert NO_LOCATION_WRITE not in result.stdout + result.stderr

"""Training mode builds a complete desk from nothing: its own database, demo data, a simulated reader."""

from __future__ import annotations

from pathlib import Path

from oncopos.bootstrap import build_context, training_settings
from oncopos.config import load_settings
from oncopos.domain.access import system_actor


def test_training_context(tmp_path: Path) -> None:
    settings = training_settings(load_settings(data_dir=tmp_path, stripe_mode="live", mail_backend="smtp"))
    assert settings.data_dir == tmp_path / "training"
    assert (settings.stripe_mode, settings.mail_backend) == ("simulator", "file")
    context = build_context(settings)
    try:
        assert Path(settings.database_url.removeprefix("sqlite:///")).parent == tmp_path / "training"
        assert len(context.student_directory.search(system_actor("DESK1"), "S10001")) == 10  # S100010 to S100019
        gateway = context.gateway()
        assert gateway is context.gateway()  # built once
        [reader] = gateway.list_readers()
        assert reader.status == "online" and "training" in reader.label
        assert context.simulator.url.startswith("http://127.0.0.1:")
    finally:
        context.close()
    # A second start reuses the data and does not seed or register twice.
    again = build_context(settings)
    try:
        assert len(again.gateway().list_readers()) == 1
        assert len(again.student_directory.search(system_actor("DESK1"), "S10001")) == 10
    finally:
        again.close()

"""`oncopos central setup` and `oncopos central add-desk`: the administrator's commands at the
central database; the desk's password goes to a keyring or a terminal, never a file or a pipe."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from oncopos.cli import main
from tests.unit.test_secrets import DictKeyring


@pytest.fixture
def memory_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_add_desk_here_keeps_the_password_in_the_keyring(
    pg_url: str, memory_keyring: DictKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["central", "setup", "--central", pg_url]) == 0
    assert main(["central", "add-desk", "DESK7", "--central", pg_url, "--here"]) == 0
    out = capsys.readouterr().out
    password = memory_keyring.values[("OncoPOS", "central_db_password")]
    assert password not in out
    assert "WORKSTATION_ID=DESK7 ONCOPOS_CENTRAL_URL=" in out and "oncopos_desk_desk7@" in out
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT workstation_id FROM central_desks WHERE role_name = 'oncopos_desk_desk7'")) == "DESK7"
    engine.dispose()
    desk = sa.create_engine(make_url(pg_url).set(username="oncopos_desk_desk7"))
    with desk.connect() as conn:
        assert conn.scalar(sa.text("SELECT oncopos_desk_workstation()")) == "DESK7"
    desk.dispose()


def test_add_desk_shows_the_password_only_on_a_terminal(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["central", "add-desk", "DESK7", "--central", pg_url]) == 2
    assert "shown only on a terminal" in capsys.readouterr().err
    assert main(["central", "add-desk", "CENTRAL", "--central", pg_url, "--here"]) != 0

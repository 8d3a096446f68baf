"""Every command of the README, given bad input, in a separate process as a person would run it.

Each case must end with exactly one line on stderr, nothing that looks like a traceback, and a
non-zero exit. The table covers the README's command table (checked below), so a new command
that is not given bad input here fails the test.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql+psycopg://desk:s3cret-pw@127.0.0.1:9/oncopos"  # nobody listens on port 9


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    expect: str = ""  # a piece of the one line, when it matters what it says
    exit_code: int | None = None
    stdin: str = ""


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Path]:
    """A working folder with the bad files the cases point at."""
    from PIL import Image

    (tmp_path / "a-folder.sqlite3").mkdir()
    (tmp_path / "garbage.sqlite3").write_bytes(b"this is not a database, just text\n" * 10)
    (tmp_path / "a-file").write_text("a file where a folder should be\n")
    Image.new("RGB", (60, 30), "navy").save(tmp_path / "logo.png")
    whole = (tmp_path / "logo.png").read_bytes()
    (tmp_path / "truncated.png").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "latin1.toml").write_bytes('BUSINESS_NAME = "École Côté"\n'.encode("latin-1"))
    (tmp_path / "huge.toml").write_text(f'BUSINESS_NAME = "{"x" * 2_000_000}"\n', encoding="utf-8")
    yield tmp_path


def _cases(p: Path, busy_port: int) -> list[Case]:
    under_file = p / "a-file" / "out"
    day = ("--date", "2026-11-02")
    return [
        # the database: unknown dialect or driver, paths that cannot work, a server nobody runs
        Case("unknown dialect", ("db", "upgrade", "--db", "foo://x/y"), expect="--db 'foo://x/y' is not allowed", exit_code=2),
        Case("unknown driver", ("db", "upgrade", "--db", "mysql+nosuch://h/d"), exit_code=2),
        Case("env: unknown dialect", ("staff", "list"), env={"ONCOPOS_DB_URL": "oracle+nosuch://h/d"}, exit_code=2),
        Case("sqlite cannot be created", ("db", "upgrade", "--db", f"sqlite:///{under_file}/x.sqlite3"),
             expect="Cannot create the folder"),
        Case("sqlite is a folder", ("db", "upgrade", "--db", f"sqlite:///{p / 'a-folder.sqlite3'}"), expect="is a folder"),
        Case("sqlite is not a database", ("audit", "verify", "--db", f"sqlite:///{p / 'garbage.sqlite3'}"),
             expect="is not a SQLite database"),
        Case("sqlite missing, read-only", ("staff", "list", "--db", f"sqlite:///{p / 'none.sqlite3'}"),
             expect="There is no database"),
        Case("db upgrade unreachable", ("db", "upgrade", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("demo seed unreachable", ("demo", "seed", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("reconcile unreachable", ("reconcile", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("invoice reprint unreachable",
             ("invoice", "reprint", "DESK1-000001", "--out", str(p / "i.pdf"), "--db", UNREACHABLE),
             expect="cannot reach the database"),
        Case("mail deliver unreachable", ("mail", "deliver", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("mail status unreachable", ("mail", "status", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("mail retry unreachable", ("mail", "retry", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("staff list unreachable", ("staff", "list", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("staff passwd unreachable", ("staff", "passwd", "someone", "--db", UNREACHABLE), stdin="a long new password 1\n"),
        Case("staff deactivate unreachable", ("staff", "deactivate", "someone", "--db", UNREACHABLE)),
        Case("staff add unreachable", ("staff", "add", "newbie", "--role", "registrar", "--db", UNREACHABLE),
             stdin="a long new password 1\n"),
        Case("audit verify unreachable", ("audit", "verify", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("audit export unreachable", ("audit", "export", "--out", str(p / "a.csv"), "--db", UNREACHABLE)),
        Case("report eod unreachable", ("report", "eod", *day, "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("sync unreachable", ("sync", "--once", "--central", UNREACHABLE, "--db", f"sqlite:///{p / 'desk.sqlite3'}")),
        Case("sync without central", ("sync", "--once"), exit_code=2),
        Case("central setup unreachable", ("central", "setup", "--central", UNREACHABLE)),
        Case("central setup not PostgreSQL", ("central", "setup", "--central", "foo://x/y")),
        Case("central add-desk unreachable", ("central", "add-desk", "DESK7", "--central", UNREACHABLE, "--here")),
        Case("central add-desk no id", ("central", "add-desk", "--central", UNREACHABLE), exit_code=2),
        Case("settings import unreachable", ("settings", "import", str(p / "latin1.toml"), "--db", UNREACHABLE)),
        # dates outside what a record can have, and not dates at all
        Case("eod 9999-12-31", ("report", "eod", "--date", "9999-12-31"), expect="outside the dates", exit_code=2),
        Case("eod 0001-01-01", ("report", "eod", "--date", "0001-01-01"), expect="outside the dates", exit_code=2),
        Case("eod not a date", ("report", "eod", "--date", "2026-13-01"), exit_code=2),
        Case("audit export 0001-01-01", ("audit", "export", "--out", str(p / "a.csv"), "--from", "0001-01-01"),
             expect="outside the dates"),
        Case("audit export 9999-12-31", ("audit", "export", "--out", str(p / "a.csv"), "--to", "9999-12-31"),
             expect="outside the dates"),
        # files that cannot be written
        Case("settings export unwritable", ("settings", "export", str(under_file / "s.toml"))),
        Case("invoice preview unwritable", ("invoice", "preview", "--out", str(under_file / "i.pdf")), expect="Cannot write"),
        Case("eod unwritable", ("report", "eod", *day, "--out", str(under_file / "e.txt"))),
        # the configuration: a bad logo, text that is not UTF-8, values far too long, folders that cannot be used
        Case("truncated logo", ("invoice", "preview", "--out", str(p / "x.pdf")),
             env={"BUSINESS_LOGO": str(p / "truncated.png")}, expect="BUSINESS_LOGO", exit_code=2),
        Case("settings file not UTF-8", ("settings", "show"), env={"ONCOPOS_CONFIG_FILE": str(p / "latin1.toml")},
             expect="is not UTF-8", exit_code=2),
        Case("settings file not UTF-8, db", ("db", "upgrade"), env={"ONCOPOS_CONFIG_FILE": str(p / "latin1.toml")}, exit_code=2),
        Case("settings import not UTF-8", ("settings", "import", str(p / "latin1.toml"))),
        Case("settings import missing", ("settings", "import", str(p / "missing.toml"))),
        Case("2 MB BUSINESS_NAME", ("invoice", "preview", "--out", str(p / "x.pdf")),
             env={"ONCOPOS_CONFIG_FILE": str(p / "huge.toml")}, expect="2,000,000 characters", exit_code=2),
        Case("5,000-character BUSINESS_EMAIL", ("db", "upgrade"), env={"BUSINESS_EMAIL": "a" * 5000 + "@example.ca"},
             expect="5,011 characters", exit_code=2),
        Case("5,000-character address", ("mail", "test", "b" * 5000 + "@example.ca"), expect="5,011 characters"),
        Case("data folder is a file", ("staff", "list"), env={"ONCOPOS_DATA_DIR": str(p / "a-file")},
             expect="ONCOPOS_DATA_DIR", exit_code=2),
        Case("log folder is a file", ("staff", "list"), env={"ONCOPOS_LOG_DIR": str(p / "a-file")},
             expect="ONCOPOS_LOG_DIR", exit_code=2),
        Case("bad setting", ("reconcile",), env={"OTP_MAX_ATTEMPTS": "99"}, expect="OTP_MAX_ATTEMPTS", exit_code=2),
        # the simulator's port
        Case("simulator port in use", ("simulator", "--port", str(busy_port)), expect="in use", exit_code=2),
        Case("simulator port 0", ("simulator", "--port", "0"), exit_code=2),
        Case("simulator port text", ("simulator", "--port", "twelve"), exit_code=2),
        # arguments argparse refuses: one line and where the help is
        Case("no command under staff", ("staff",), expect="see oncopos staff --help", exit_code=2),
        Case("staff add without role", ("staff", "add", "x"), expect="see oncopos staff add --help", exit_code=2),
        Case("staff add bad role", ("staff", "add", "x", "--role", "boss"), exit_code=2),
        Case("staff add bad name", ("staff", "add", "x y!", "--role", "registrar"), stdin="a long new password 1\n"),
        Case("secrets bad name", ("secrets", "set", "my_password"), exit_code=2),
        Case("secrets no action", ("secrets",), exit_code=2),
        Case("invoice preview no out", ("invoice", "preview"), exit_code=2),
        Case("invoice preview bad province", ("invoice", "preview", "--out", "x.pdf", "--province", "ZZ"), exit_code=2),
        Case("invoice reprint no number", ("invoice", "reprint", "--out", "x.pdf"), exit_code=2),
        Case("report eod no date", ("report", "eod"), exit_code=2),
        Case("report bad format", ("report", "eod", *day, "--format", "xls"), exit_code=2),
        Case("report pdf to terminal", ("report", "eod", *day, "--format", "pdf")),
        Case("demo seed 0 students", ("demo", "seed", "--students", "0"), exit_code=2),
        Case("sync bad interval", ("sync", "--interval", "soon"), exit_code=2),
        Case("sync zero interval", ("sync", "--central", UNREACHABLE, "--interval", "0"), exit_code=2),
        Case("stripe check unknown option", ("stripe", "check", "--all"), exit_code=2),
        Case("self-check extra", ("self-check", "now"), exit_code=2),
        Case("mail test no address", ("mail", "test"), exit_code=2),
        Case("plans remind nobody", ("plans", "remind"), expect="send instalment reminders"),
        Case("plans remind bad days", ("plans", "remind", "--days", "99"), expect="--days 99 is out of range"),
        Case("plans due unreachable", ("plans", "due", "--db", UNREACHABLE), expect="cannot reach the database"),
        Case("plans no action", ("plans",), exit_code=2),
        # year end and the books
        Case("t2202 year not a year", ("t2202", "year", "abc"), expect="invalid int value", exit_code=2),
        Case("t2202 year nobody", ("t2202", "year", "2026"), expect="No staff account exists yet"),
        Case("t2202 issue nobody", ("t2202", "issue", "2026"), expect="No staff account exists yet"),
        Case("t2202 cancel no student", ("t2202", "cancel", "2026"), expect="--student", exit_code=2),
        Case("t2202 deliver unreachable", ("t2202", "deliver", "2026", "--user", "mona", "--db", UNREACHABLE),
             expect="cannot reach the database"),
        Case("t2202 pdf not a slip id", ("t2202", "pdf", "not-a-uuid", "--out", str(p / "slip.pdf")),
             expect="is not a slip id"),
        Case("t2202 return no file", ("t2202", "return", "2026"), expect="--out", exit_code=2),
        Case("t2202 sin nobody", ("t2202", "sin", "S000123"), expect="No staff account exists yet"),
        Case("books export bad format", ("books", "export", "--from", "2026-11-01", "--to", "2026-11-30",
                                         "--format", "xls", "--out", str(p / "j.csv")), expect="invalid choice", exit_code=2),
        Case("books payouts not a date", ("books", "payouts", "--from", "2026-13-01", "--to", "2026-12-01"),
             expect="is not a date", exit_code=2),
        Case("mail test not an address", ("mail", "test", "nobody"), expect="is not an email address"),
        Case("settings unknown", ("settings", "burn"), exit_code=2),
        Case("settings path extra", ("settings", "path", "here"), exit_code=2),
        Case("audit unknown", ("audit", "erase"), exit_code=2),
        Case("db unknown", ("db", "downgrade"), exit_code=2),
        Case("unknown command", ("teleport",), exit_code=2),
        Case("unknown option", ("--colour",), exit_code=2),
        Case("training with junk", ("--training", "reconcile", "--cancel-everything"), exit_code=2),
    ]


def _run(case: Case, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ONCOPOS_DATA_DIR": str(cwd / "data"),
           "ONCOPOS_CONFIG_FILE": str(cwd / "settings.toml"), "STRIPE_MODE": "simulator", **case.env}
    return subprocess.run(
        [sys.executable, "-m", "oncopos", *case.args], input=case.stdin, capture_output=True, text=True,
        env=env, cwd=cwd, timeout=300, check=False,
    )


def _problems(case: Case, result: subprocess.CompletedProcess[str]) -> list[str]:
    problems = []
    both = result.stdout + result.stderr
    if "Traceback" in both or re.search(r'^\s+File "', both, re.MULTILINE):
        problems.append("a traceback")
    lines = result.stderr.strip().splitlines()
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr")
    if result.returncode == 0:
        problems.append("exit 0")
    if case.exit_code is not None and result.returncode != case.exit_code:
        problems.append(f"exit {result.returncode}, not {case.exit_code}")
    if case.expect and case.expect not in result.stderr:
        problems.append(f"no {case.expect!r}")
    if "s3cret-pw" in both:
        problems.append("the database password shown")
    return problems


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_every_command_given_bad_input_says_one_line(place: Path, busy_port: int) -> None:
    cases = _cases(place, busy_port)
    # a few at a time: each is a whole interpreter start.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda c: (c, _run(c, place)), cases))
    failures = []
    for case, result in results:
        problems = _problems(case, result)
        if problems:
            failures.append(f"{case.name} (oncopos {' '.join(a[:60] for a in case.args)}): {', '.join(problems)}\n"
                            f"    exit {result.returncode}; stderr: {result.stderr.strip()[:1500]}")
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)


def _leaf_commands() -> set[str]:
    """Every command the parser knows, as `group sub` (or `group` for one without sub-commands)."""
    import argparse

    from oncopos.cli import build_parser

    def walk(parser: argparse.ArgumentParser, prefix: str) -> Iterator[str]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield prefix
            return
        for name, child in subs[0].choices.items():
            yield from walk(child, f"{prefix} {name}".strip())

    return set(walk(build_parser(), ""))


def _readme_groups() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("## Command line", 1)[1].split("## Configuration", 1)[0]
    return set(re.findall(r"^\| `oncopos ([a-z][a-z0-9-]*)", table, re.MULTILINE))


def test_the_table_covers_every_command(place: Path) -> None:
    covered: set[str] = set()
    for case in _cases(place, 1):
        words = [a for a in case.args if not a.startswith("-")]
        covered.update({" ".join(words[:1]), " ".join(words[:2])})
    leaves = _leaf_commands()
    assert _readme_groups() <= {leaf.split()[0] for leaf in leaves}, "a README command the parser does not know"
    # secrets take their action as an argument: `secrets set NAME` is covered by "secrets set".
    missing = {leaf for leaf in leaves if leaf not in covered and leaf != "secrets"}
    assert not missing, f"commands without a bad-input case: {sorted(missing)}"

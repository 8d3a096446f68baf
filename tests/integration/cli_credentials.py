"""Commands that need a manager's or administrator's password, run as a scheduled task would:
the password on a file descriptor (`--password-fd N`), never on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def password_fd(password: str) -> int:
    """A descriptor to read `password` (one line) from; the command closes it after reading."""
    read, write = os.pipe()
    os.write(write, (password + "\n").encode("utf-8"))
    os.close(write)
    return read


def oncopos_as(user: str | None, password: str | None, *args: str, stdin: str | None = None,
               env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`oncopos ARGS --user USER --password-fd N` in its own process (no credentials when user is None)."""
    fds: tuple[int, ...] = ()
    extra: list[str] = []
    if user is not None:
        extra = ["--user", user]
        if password is not None:
            fd = password_fd(password)
            fds = (fd,)
            extra += ["--password-fd", str(fd)]
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    try:
        return subprocess.run([sys.executable, "-m", "oncopos", *args, *extra], input=stdin, capture_output=True,
                              text=True, env=full_env, timeout=180, pass_fds=fds, cwd=cwd, check=False)
    finally:
        for fd in fds:
            os.close(fd)

"""The data folder (database, documents, logs, training inbox) is readable by its user only.

A front-desk PC is shared by several operating-system accounts more often than it should be; the
local database holds students' personal information (PIPEDA) and the logs hold who did what. On
POSIX systems the process umask makes everything it creates private, and files left by an older
version are tightened at start-up. On Windows the user's profile folder already has per-user
ACLs, which is where platformdirs puts the data.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def secure_data_dir(data_dir: Path) -> None:
    if os.name != "posix":
        data_dir.mkdir(parents=True, exist_ok=True)
        return
    os.umask(0o077)  # everything this process creates from now on: owner only
    data_dir.mkdir(parents=True, exist_ok=True)
    for root, _dirs, files in os.walk(data_dir):
        _tighten(Path(root), PRIVATE_DIR)
        for name in files:
            _tighten(Path(root) / name, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink() or current & ~mode == 0:
            return
        path.chmod(current & mode)
        log.warning("tightened permissions of %s from %o to %o", path, current, current & mode)
    except OSError as exc:  # a file we cannot change is reported, not fatal
        log.warning("could not tighten permissions of %s: %s", path, exc)

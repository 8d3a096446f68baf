from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from oncopos.adapters.data_dir import secure_data_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_and_files_become_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    old_db = data / "oncopos.sqlite3"
    old_db.write_text("x")
    old_db.chmod(0o644)
    (data / "logs").chmod(0o755)
    previous = os.umask(0o022)
    try:
        secure_data_dir(data)
        assert mode(data) == 0o700 and mode(data / "logs") == 0o700
        assert mode(old_db) == 0o600
        new_file = data / "documents.pdf"
        new_file.write_text("y")  # created after: the umask makes it private
        assert mode(new_file) == 0o600
    finally:
        os.umask(previous)

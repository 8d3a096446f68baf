"""Documents on disk under the data directory, each written once.

Files are named by their invoice number and never overwritten: `write_once` refuses to replace
an existing file with different bytes, so a bug or a second desk cannot silently change what a
student was given. Writes go to a temporary file first and are linked into place, so a crash
never leaves half a PDF under the real name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from oncopos.domain.errors import InfrastructureError, UserFacingError
from oncopos.domain.messages import msg


class DocumentStorageError(InfrastructureError, UserFacingError):
    """The documents folder cannot be written or read."""


class FileDocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, relative: str) -> Path:
        rel = PurePosixPath(relative)
        if rel.is_absolute() or ".." in rel.parts:
            raise ValueError(f"document path {relative!r} must stay inside the documents folder")
        return self.root.joinpath(*rel.parts)

    def exists(self, relative: str) -> bool:
        return self._path(relative).is_file()

    def read(self, relative: str) -> bytes:
        path = self._path(relative)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise DocumentStorageError(msg("store.cannot_read", path=str(path), reason=str(exc.strerror or exc))) from exc

    def write_once(self, relative: str, data: bytes) -> None:
        """Write `data` under `relative` unless a file is there; an identical file is fine."""
        path = self._path(relative)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    # link() fails when the name exists: first writer wins, no overwrite race.
                    try:
                        os.link(tmp, path)
                    except FileExistsError:
                        raise
                    except OSError:
                        # A folder without hard links (FAT, some network shares): exclusive create.
                        with open(path, "xb") as handle:
                            handle.write(data)
                except FileExistsError:
                    if path.read_bytes() != data:
                        raise DocumentStorageError(msg("store.exists", path=str(path))) from None
            finally:
                os.unlink(tmp)
        except DocumentStorageError:
            raise
        except OSError as exc:
            raise DocumentStorageError(msg("store.cannot_save", path=str(path), reason=str(exc.strerror or exc))) from exc

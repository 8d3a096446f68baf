"""Where a save dialog opens: the person's documents folder, not the app's working directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def in_documents(file_name: str) -> str:
    """`file_name` in the user's documents folder (their home if the platform names none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(folder) / file_name)


def documents_folder() -> str:
    """Where an Open… dialog starts: the same documents folder, so a file just saved is found again."""
    return str(Path(in_documents("x")).parent)

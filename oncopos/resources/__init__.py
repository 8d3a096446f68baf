"""The data files OncoPOS ships inside its package: the tax table, email templates, fonts, the
icon and the stylesheet (folders beside this file).

They are found with importlib.resources, so the same code reads them from a source checkout, an
installed wheel (`pip install .`, not only `-e`) and a PyInstaller bundle (whose importer puts the
package's data under sys._MEIPASS/oncopos/resources). Callers get real paths: reportlab, Qt and
Jinja2 open files by name, so an install zipped into an archive is refused in one clear line.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    root = files(__name__)
    if not isinstance(root, Path):
        raise FileNotFoundError(f"OncoPOS's data files are inside an archive ({root}); install OncoPOS unpacked (pip install .)")
    return root


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {path} (reinstall OncoPOS)")
    return path


def data_files() -> Iterator[Path]:
    """Every data file, the package's own code left out."""
    root = resources_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.relative_to(root).parts and path.suffix not in (".py", ".pyc"):
            yield path

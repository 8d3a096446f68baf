"""The Qt shell: the only package that imports PySide6 (see shared DESIGN.md)."""

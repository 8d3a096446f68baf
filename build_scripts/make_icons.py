"""Make the Windows and macOS application icons from oncopos/resources/icons/oncopos.svg (build time only).

    .venv/bin/python build_scripts/make_icons.py [--out build/icons]

Writes oncopos.ico (16 to 256 px) and oncopos.icns (16 to 1024 px), plus oncopos-256.png for
the Linux desktop entry. The SVG is rendered by Qt's own SVG renderer (PySide6 is already in
.venv) and packed by Pillow (already there for reportlab), so building needs no extra package.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine or CI runner has no screen

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
SVG = REPO / "oncopos" / "resources" / "icons" / "oncopos.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "icons")
    args = parser.parse_args(argv)
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG} as SVG", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    largest = render(renderer, max(ICNS_SIZES))
    # Each size is rendered from the vector, not scaled down from the largest: small icons stay sharp.
    ico_images = [render(renderer, s) for s in ICO_SIZES]
    ico_images[-1].save(args.out / "oncopos.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                        append_images=ico_images[:-1])
    largest.save(args.out / "oncopos.icns", format="ICNS",
                 append_images=[render(renderer, s) for s in ICNS_SIZES[:-1]])
    render(renderer, 256).save(args.out / "oncopos-256.png", format="PNG")
    for name in ("oncopos.ico", "oncopos.icns", "oncopos-256.png"):
        print(f"{args.out / name}: {(args.out / name).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

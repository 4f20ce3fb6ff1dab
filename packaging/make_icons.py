"""Render the application icon from its SVG source into every format the platforms want.

Run after editing ``resources/icons/chipscope.svg`` and commit the outputs::

    python packaging/make_icons.py

Writes, next to the SVG:

- ``chipscope-<n>.png`` for n in 16 ... 512 (freedesktop hicolor sizes, the window icon);
- ``chipscope.ico`` (Windows: 16 ... 256, PNG-compressed entries, Vista and later);
- ``chipscope.icns`` (macOS: 16 ... 1024 including the @2x variants).

Only PySide6 (already an app dependency) is needed: the ICO and ICNS containers are simple
enough to write here, which keeps Pillow out of the build.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICON_DIR = ROOT / "resources" / "icons"
SVG = ICON_DIR / "chipscope.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, and their pixel size (what Apple's iconutil writes).
ICNS_TYPES = (
    (b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256), (b"ic08", 256),
    (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024), (b"icp4", 16), (b"icp5", 32),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered to a ``size`` x ``size`` transparent PNG, as bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs say bytes, but PySide6 6.10/6.11 accept only str for the format at run time.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not encode the {size} px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (sizes up to 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements and a table of contents."""
    elements = [(kind, pngs[size]) for kind, size in ICNS_TYPES]
    toc = b"".join(kind + struct.pack(">I", 8 + len(blob)) for kind, blob in elements)
    body = b"TOC " + struct.pack(">I", 8 + len(toc)) + toc
    body += b"".join(kind + struct.pack(">I", 8 + len(blob)) + blob for kind, blob in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {size: render_png(SVG, size) for size in sizes}
    for size in PNG_SIZES:
        (ICON_DIR / f"chipscope-{size}.png").write_bytes(pngs[size])
    (ICON_DIR / "chipscope.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICON_DIR / "chipscope.icns").write_bytes(icns_bytes(pngs))
    written = [f"chipscope-{s}.png" for s in PNG_SIZES] + ["chipscope.ico", "chipscope.icns"]
    print(f"wrote {len(written)} files to {ICON_DIR}: {', '.join(written)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

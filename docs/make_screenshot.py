"""Make docs/screenshot.png: the main window on the bundled dataset, offscreen, 1400 x 900.

    python docs/make_screenshot.py [--out PATH] [--chart NAME] [--width W] [--height H]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def offscreen_platform(folder: str) -> str:
    """The offscreen platform with one 1920 x 1080 screen (config file written in ``folder``):
    its default 800 x 800 screen would fit the window and narrow its side docks
    (chipscope/ui/window_fit.py) before the 1400 x 900 resize."""
    import json

    config = Path(folder) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "shot", "x": 0, "y": 0, "width": 1920,
                                               "height": 1080, "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "screenshot.png")
    parser.add_argument("--chart", default="vendor_share")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()

    import tempfile

    # Never read or write the user's real settings or database.
    os.environ["CHIPSCOPE_HOME"] = tempfile.mkdtemp(prefix="chipscope-shot-")
    os.environ.setdefault("QT_QPA_PLATFORM", offscreen_platform(os.environ["CHIPSCOPE_HOME"]))
    from PySide6.QtWidgets import QApplication

    from chipscope import paths
    from chipscope.storage import load_dataset
    from chipscope.ui.app import ensure_app
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    ensure_app()
    window = MainWindow(Session(load_dataset(paths.bundled_db_path())))
    window.resize(args.width, args.height)
    window.show()
    window.set_chart(args.chart)
    QApplication.processEvents()
    window.session.recompute_now()  # the status bar then shows a warm update, as when dragging
    import time

    deadline = time.monotonic() + 120
    while window.uncertainty.outcome is None and time.monotonic() < deadline:
        QApplication.processEvents()  # the uncertainty bands arrive from the worker
        time.sleep(0.02)
    for _ in range(5):  # let layouts, the deferred table and paints settle
        QApplication.processEvents()
    image = window.grab()
    if not image.save(str(args.out)):
        print(f"could not write {args.out}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({image.width()} x {image.height()})")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

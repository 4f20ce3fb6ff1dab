"""``chipscope --smoke-test``: prove that this installation works, in a few seconds, headless.

Opens the main window on a temporary copy of the bundled dataset, recomputes a projection,
exports the chart as PNG and SVG into a temporary folder and reads both back, and checks that
fonts were found (text drawn as empty boxes is a failure). Prints one line per step; exit status
0 when everything passed, 1 with the reason when a step failed, 2 when a system library is
missing (see :mod:`chipscope.platform_check`). Nothing outside the temporary folder is written:
the user's database, settings and logs are left alone (set ``CHIPSCOPE_SMOKE_KEEP`` to a folder
to keep the exported charts).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from chipscope import __version__, paths

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QImage
    from PySide6.QtWidgets import QApplication

    from chipscope.ui.main_window import MainWindow

SAMPLE_TEXT = "ChipScope"
REQUIRED_RESOURCES = ("icons/chipscope.svg", "icons/chipscope-256.png")
EXPORT_SIZE = (1280, 720)
SHOW_TIMEOUT_S = 30.0
"""How long the window may take to appear before the smoke test calls it broken: a liveness
bound (a busy machine took over 10 s), not a speed target; the time taken is printed."""
KEEP_ENV = "CHIPSCOPE_SMOKE_KEEP"  # a folder to copy the exported PNG and SVG into, for a look


class SmokeFailure(Exception):
    """A smoke-test step failed; the message says why."""


class _Steps:
    """Runs named steps, printing ``smoke: <name> ... ok (<detail>)`` for each."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.start = time.perf_counter()

    def say(self, text: str) -> None:
        if self.out is not None:  # None: a windowed app on Windows without a console
            print(f"smoke: {text}", file=self.out, flush=True)

    def run(self, name: str, step: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = step()
        except SmokeFailure as exc:
            raise SmokeFailure(f"{name}: {exc}") from None
        ms = (time.perf_counter() - started) * 1000
        self.say(f"{name} ... ok ({detail}; {ms:.0f} ms)")

    def elapsed_s(self) -> float:
        return time.perf_counter() - self.start


def process_uptime_s() -> float | None:
    """Seconds since this process started (Linux only: /proc), else None."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, AttributeError):
        return None


def use_offscreen_without_display() -> None:
    """Qt's offscreen platform when there is no display to draw on (CI, SSH, containers)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """Point CHIPSCOPE_HOME (user database, settings, logs) at ``folder`` while running."""
    old = os.environ.get("CHIPSCOPE_HOME")
    os.environ["CHIPSCOPE_HOME"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("CHIPSCOPE_HOME", None)
        else:
            os.environ["CHIPSCOPE_HOME"] = old


# --- steps --------------------------------------------------------------------------------------
def check_bundled_files() -> str:
    """The dataset and the resources the app needs are installed."""
    db = paths.bundled_db_path()  # MissingResourceError names what is missing
    resources = paths.resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (resources / name).is_file()]
    if missing:
        raise paths.MissingResourceError(
            f"ChipScope's resources folder {resources} lacks {', '.join(missing)}. "
            "The installation is damaged: reinstall ChipScope.")
    return f"{db} ({db.stat().st_size // 1024} KB), {resources}"


def _text_image(font: QFont, text: str) -> QImage:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(240, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _dark_pixels(image: QImage) -> int:
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).lightness() < 128)


def check_fonts(app: QApplication) -> str:
    """Qt found fonts, and the default font has real glyphs for ``SAMPLE_TEXT``."""
    from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics

    families = QFontDatabase.families()
    if not families:
        raise SmokeFailure("Qt found no fonts: text would be drawn as empty boxes (install a "
                           "font package, e.g. fonts-dejavu-core)")
    font = app.font()
    family = QFontInfo(font).family()
    metrics = QFontMetrics(font)
    lacking = [c for c in SAMPLE_TEXT if not metrics.inFontUcs4(ord(c))]
    if lacking:
        raise SmokeFailure(f"the default font {family!r} has no glyphs for {''.join(lacking)!r}")
    drawn = _text_image(font, SAMPLE_TEXT)
    unknown = _text_image(font, "\U000f0000" * len(SAMPLE_TEXT))  # private use: never a glyph
    if _dark_pixels(drawn) < 20:
        raise SmokeFailure(f"drawing {SAMPLE_TEXT!r} in {family!r} left the image blank")
    if drawn == unknown:
        raise SmokeFailure(f"{SAMPLE_TEXT!r} is drawn as the missing-glyph box in {family!r}")
    return f"{len(families)} families, default {family!r}"


def open_main_window(folder: Path) -> MainWindow:
    """The main window on a copy of the bundled dataset, as ``chipscope`` starts it."""
    from PySide6.QtCore import QSettings

    from chipscope.ui.app import start

    db = folder / paths.DB_FILENAME
    shutil.copyfile(paths.bundled_db_path(), db)
    reasons: list[str] = []

    def refuse(reason: str) -> bool:  # never fall back silently: the copy must load
        reasons.append(reason)
        return False

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = start(db, confirm=refuse, settings=settings)
    if window is None:
        raise SmokeFailure("the main window did not open: " + ("; ".join(reasons) or "unknown"))
    return window


def wait_until_exposed(app: QApplication, window: MainWindow) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + SHOW_TIMEOUT_S
    while True:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            app.processEvents()
            return
        if time.perf_counter() > deadline:
            raise SmokeFailure(f"the main window was not shown within {SHOW_TIMEOUT_S:.0f} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def recompute(window: MainWindow) -> str:
    """Change global assumptions until one changes the projection; the charts must follow."""
    import numpy as np

    session = window.session
    before = session.projection
    for spec in session.specs.group("global"):
        if spec.kind != "float" or spec.lo >= spec.hi:
            continue
        target = spec.default + 0.25 * ((spec.hi if spec.default < spec.hi else spec.lo)
                                         - spec.default)
        session.set_value(spec.key, spec.check(target))
        session.recompute_now()
        after = session.projection
        if after.h100e.shape != before.h100e.shape or not np.allclose(after.h100e, before.h100e):
            if window.chart_area.projection() is not after:
                raise SmokeFailure("the charts did not receive the new projection")
            return (f"{spec.key} {spec.format(spec.default)} -> {spec.format(target)} "
                    f"{spec.unit}, engine {session.last_recompute_ms:.1f} ms")
    raise SmokeFailure("no global assumption changed the projection")


def _series_colours(window: MainWindow) -> list[Any]:
    view = window.chart_area.current_view()
    colours_for = getattr(view, "colours_for", None)
    if view.frame is None or colours_for is None:
        return []
    return list(colours_for(view.frame))


def _has_colour(image: QImage, colour: Any, tolerance: int = 12) -> bool:
    target = (colour.red(), colour.green(), colour.blue())
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if max(abs(c.red() - target[0]), abs(c.green() - target[1]),
                   abs(c.blue() - target[2])) <= tolerance:
                return True
    return False


def export_png(window: MainWindow, folder: Path) -> str:
    """Export the chart as PNG, read it back: right size, not blank, series colours drawn."""
    from PySide6.QtGui import QImage

    from chipscope.ui.charts import export

    path = folder / "chart.png"
    width, height = EXPORT_SIZE
    export.export_png(window.chart_area, path, width, height, 1.0)
    image = QImage(str(path))
    if image.isNull():
        raise SmokeFailure(f"{path} is not a readable PNG")
    if (image.width(), image.height()) != EXPORT_SIZE:
        raise SmokeFailure(f"{path} is {image.width()} x {image.height()}, not {width} x {height}")
    colours = {image.pixel(x, y) for y in range(0, height, 8) for x in range(0, width, 8)}
    if len(colours) < 8:
        raise SmokeFailure(f"{path} is blank ({len(colours)} colours)")
    series = _series_colours(window)
    drawn = sum(1 for c in series if _has_colour(image, c))
    if series and drawn == 0:
        raise SmokeFailure(f"{path} shows none of the {len(series)} series colours")
    return (f"{width} x {height} px, {path.stat().st_size // 1024} KB, "
            f"{drawn}/{len(series)} series colours")


def export_svg(window: MainWindow, folder: Path) -> str:
    """Export the chart as SVG, read it back: parses, has shapes, shows the chart's title."""
    from chipscope.ui.charts import export

    path = folder / "chart.svg"
    export.export_svg(window.chart_area, path, *EXPORT_SIZE)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise SmokeFailure(f"{path} is not valid XML: {exc}") from None
    if not root.tag.endswith("svg"):
        raise SmokeFailure(f"{path}: the root element is {root.tag}, not svg")
    elements = sum(1 for _ in root.iter())
    text = " ".join(" ".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    title = window.chart_area.current_view().title
    words = [w for w in title.split() if w.isalpha()][:2]
    if elements < 20 or (words and not all(w in text for w in words)):
        raise SmokeFailure(f"{path} has {elements} elements and lacks the title {title!r}")
    return f"{elements} elements, {path.stat().st_size // 1024} KB, title {title!r}"


def check_hand_over(folder: Path) -> str:
    """A second ``chipscope FILE.toml`` can reach this window (QtNetwork's local socket)."""
    from chipscope.ui.instance import FileServer, server_name

    server = FileServer(server_name(folder / "smoke.db"))
    try:
        if not server.listen():
            raise SmokeFailure("cannot listen on a local socket for files from a second start")
    finally:
        server.close()
    return "local socket ok"


# --- the test -------------------------------------------------------------------------------------
def _run_steps(steps: _Steps, folder: Path) -> None:
    steps.run("bundled files", check_bundled_files)
    from PySide6 import __version__ as pyside_version

    from chipscope.ui.app import ensure_app

    app = ensure_app()
    steps.say(f"Qt started: PySide6 {pyside_version}, platform {app.platformName()}")
    steps.run("fonts", lambda: check_fonts(app))
    holder: list[MainWindow] = []

    def show() -> str:
        holder.append(open_main_window(folder))
        wait_until_exposed(app, holder[0])
        since = process_uptime_s()
        tail = f", {since:.2f} s since the process started" if since is not None else ""
        icon = "set" if not app.windowIcon().isNull() else "not set"
        return (f"first window shown {steps.elapsed_s():.2f} s after the smoke test began{tail}; "
                f"window icon {icon}")

    steps.run("main window", show)
    window = holder[0]
    try:
        steps.run("recompute", lambda: recompute(window))
        steps.run("PNG export", lambda: export_png(window, folder))
        steps.run("SVG export", lambda: export_svg(window, folder))
        steps.run("file hand-over", lambda: check_hand_over(folder))
    finally:
        window.scenarios.close_discarding()  # the recompute step's edits are not saved
        window.deleteLater()
        app.processEvents()
    keep = os.environ.get(KEEP_ENV)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("chart.png", "chart.svg"):
            shutil.copy2(folder / name, Path(keep) / name)
        steps.say(f"kept the exported charts in {keep}")


def run_smoke_test(out: TextIO | None = None) -> int:
    """Run the smoke test; return the exit status (0 passed, 1 failed, 2 missing library).

    Parameters
    ----------
    out : where the step lines go; ``sys.stdout`` by default.
    """
    stream = sys.stdout if out is None else out
    steps = _Steps(stream)
    steps.say(f"ChipScope {__version__}, Python {sys.version.split()[0]}, {sys.platform}")
    use_offscreen_without_display()
    from chipscope.platform_check import check_platform

    status = check_platform(stream=sys.stderr if out is None else out)
    if status is not None:
        return status
    steps.say("platform libraries ... ok")
    with tempfile.TemporaryDirectory(prefix="chipscope-smoke-") as tmp, _private_home(Path(tmp)):
        try:
            _run_steps(steps, Path(tmp))
        except (SmokeFailure, paths.MissingResourceError) as exc:
            steps.say(f"FAILED: {exc}")
            return 1
        except Exception as exc:  # noqa: BLE001 - reported, not swallowed: exit 1 with the reason
            steps.say(f"FAILED: unexpected {type(exc).__name__}: {exc}")
            if os.environ.get("CHIPSCOPE_DEBUG"):  # the traceback, for a bug report
                import traceback

                traceback.print_exc()
            return 1
    steps.say(f"passed in {steps.elapsed_s():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(run_smoke_test())

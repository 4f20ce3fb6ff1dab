"""Before Qt starts on Linux: are the system libraries it needs there, and are fonts installed?

pip-installed PySide6 (and the PyInstaller bundle) ship Qt itself but rely on the system for
OpenGL, EGL, fontconfig, xkbcommon, D-Bus and, in an X11 session, the xcb helper libraries.
When one is missing Qt aborts with a generic "could not load the Qt platform plugin" message;
this module names the missing library and the package that provides it instead.

Importing this module is cheap (no Qt). Set ``CHIPSCOPE_SKIP_PLATFORM_CHECK=1`` to skip it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from chipscope.prog_name import error_line

EXIT_MISSING = 2
SKIP_ENV = "CHIPSCOPE_SKIP_PLATFORM_CHECK"


@dataclass(frozen=True)
class SystemLib:
    """A shared library Qt loads from the system, and the packages that provide it."""

    soname: str
    debian: str
    fedora: str


# What libQt6Gui/Widgets/DBus and the offscreen platform plugin link against (readelf -d).
QT_LIBS = (
    SystemLib("libGL.so.1", "libgl1", "mesa-libGL"),
    SystemLib("libEGL.so.1", "libegl1", "mesa-libEGL"),
    SystemLib("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLib("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLib("libfreetype.so.6", "libfreetype6", "freetype"),
    SystemLib("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    SystemLib("libX11.so.6", "libx11-6", "libX11"),
    SystemLib("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLib("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
)
# What the xcb platform plugin (an X11 session) adds.
XCB_LIBS = (
    SystemLib("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLib("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLib("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLib("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLib("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLib("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLib("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLib("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLib("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLib("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLib("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLib("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLib("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLib("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLib("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLib("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
)
FONT_PACKAGES = ("fonts-dejavu-core", "dejavu-sans-fonts")  # Debian/Ubuntu, Fedora


def _extra_lib_dirs() -> list[Path]:
    """Folders a bundle or wheel may keep its own copies in (not on the loader's path)."""
    dirs = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        dirs.append(Path(meipass))
    for entry in sys.path:
        candidate = Path(entry or ".") / "PySide6" / "Qt" / "lib"
        if candidate.is_dir():
            dirs.append(candidate)
            break
    return dirs


def can_load(soname: str) -> bool:
    """True if the dynamic loader can open ``soname`` (system path or a bundled copy)."""
    try:
        ctypes.CDLL(soname)
        return True
    except OSError:
        pass
    for folder in _extra_lib_dirs():
        path = folder / soname
        if path.exists():
            try:
                ctypes.CDLL(str(path))
                return True
            except OSError:
                continue
    return False


def system_font_count() -> int | None:
    """How many fonts fontconfig knows (what Qt will see), or None if that cannot be told."""
    try:
        fc = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        return None
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcConfigGetFonts.restype = ctypes.POINTER(ctypes.c_int)  # FcFontSet*: nfont comes first
    fc.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()
    if not config:
        return None
    try:
        font_set = fc.FcConfigGetFonts(config, 0)  # FcSetSystem
        return int(font_set[0]) if font_set else 0
    finally:
        fc.FcConfigDestroy(config)


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """True when Qt will pick the X11 (xcb) platform plugin."""
    forced = environ.get("QT_QPA_PLATFORM", "")
    if forced:
        return forced.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_libraries(environ: Mapping[str, str],
                      loader: Callable[[str], bool] | None = None) -> list[SystemLib]:
    """The libraries Qt needs in this session that cannot be loaded."""
    wanted: Iterable[SystemLib] = QT_LIBS + (XCB_LIBS if uses_xcb(environ) else ())
    load = loader or can_load
    return [lib for lib in wanted if not load(lib.soname)]


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def missing_message(missing: list[SystemLib]) -> str:
    """One clear message: what is missing and the command that installs it."""
    noun = "library is" if len(missing) == 1 else "libraries are"
    lines = [error_line(f"the window cannot open: {len(missing)} system {noun} missing:")]
    width = max(len(lib.soname) for lib in missing)
    for lib in missing:
        lines.append(f"  {lib.soname.ljust(width)}  (Debian/Ubuntu package {lib.debian}, "
                     f"Fedora package {lib.fedora})")
    lines.append("Install with:  sudo apt install "
                 + " ".join(_unique(lib.debian for lib in missing)))
    lines.append("     (Fedora:  sudo dnf install "
                 + " ".join(_unique(lib.fedora for lib in missing)) + ")")
    lines.append("then start ChipScope again.")
    return "\n".join(lines)


def no_fonts_message() -> str:
    debian, fedora = FONT_PACKAGES
    return error_line("no fonts are installed, so every label would be drawn as empty boxes."
                      f"\nInstall with:  sudo apt install {debian}   (Fedora: sudo dnf "
                      f"install {fedora})\nthen start ChipScope again.")


def show_dialog(message: str, environ: Mapping[str, str]) -> bool:
    """Show ``message`` in a desktop dialog (zenity, kdialog or xmessage) when ChipScope was
    started from a menu, where nobody reads stderr. Returns True if a dialog was shown."""
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return False
    import shutil
    import subprocess

    text = message.replace(error_line(""), "", 1)
    for tool, args in (("zenity", ["--error", "--title=ChipScope", "--no-markup", "--text"]),
                       ("kdialog", ["--title", "ChipScope", "--error"]),
                       ("xmessage", ["-center"])):
        path = shutil.which(tool)
        if path is not None:
            try:
                subprocess.run([path, *args, text], check=False, timeout=600)
            except (OSError, subprocess.SubprocessError):
                continue
            return True
    return False


def check_platform(environ: Mapping[str, str] | None = None, stream: TextIO | None = None,
                   loader: Callable[[str], bool] | None = None,
                   font_count: Callable[[], int | None] | None = None) -> int | None:
    """Check that Qt can start here; print why not and return the exit status (2), else None.

    Call it before anything imports PySide6. Does nothing outside Linux or when
    ``CHIPSCOPE_SKIP_PLATFORM_CHECK`` is set. With the default ``stream`` and no terminal
    (started from a menu), the message is also shown in a dialog if a dialog tool exists.

    Parameters
    ----------
    environ : the environment (``os.environ`` by default).
    stream : where the message goes (``sys.stderr`` by default).
    loader, font_count : :func:`can_load` and :func:`system_font_count` by default (tests
        replace them).
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get(SKIP_ENV):
        return None
    missing = missing_libraries(env, loader or can_load)
    if missing:
        message = missing_message(missing)
    elif (font_count or system_font_count)() == 0:
        message = no_fonts_message()
    else:
        return None
    out = sys.stderr if stream is None else stream
    if out is not None:
        print(message, file=out, flush=True)
    if stream is None and not (out is not None and out.isatty()):
        show_dialog(message, env)
    return EXIT_MISSING


NO_DISPLAY = ("there is no display to open the window on (neither DISPLAY nor "
              "WAYLAND_DISPLAY is set, as over SSH or in a container); use the command line "
              "instead (chipscope-cli --help), or set QT_QPA_PLATFORM=offscreen to run the "
              "window without showing it")
"""The sentence :func:`check_display` prints after the prefix of
:func:`chipscope.prog_name.error_line`."""


def check_display(environ: Mapping[str, str] | None = None,
                  stream: TextIO | None = None) -> int | None:
    """On Linux with no display and no Qt platform chosen, say so in one sentence and return
    the exit status (2); Qt itself would abort with a misleading "xcb-cursor0 is needed"."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get(SKIP_ENV):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    if env.get("QT_QPA_PLATFORM", "").split(":")[0] not in ("", "xcb", "wayland"):
        return None  # offscreen, vnc, eglfs...: the user chose a platform that needs no display
    out = sys.stderr if stream is None else stream
    if out is not None:
        print(error_line(NO_DISPLAY), file=out, flush=True)
    return EXIT_MISSING


SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


def use_fallback_fontconfig(environ: dict[str, str] | os._Environ[str] | None = None,
                            system_conf: Path = SYSTEM_FONTCONFIG) -> Path | None:
    """On Linux without a system fontconfig configuration (a bare system running the bundle,
    whose own libfontconfig would print "Fontconfig error: Cannot load default config file"),
    point ``FONTCONFIG_FILE`` at ChipScope's fallback. Returns the file used, or None."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("FONTCONFIG_FILE") or system_conf.exists():
        return None
    try:
        from chipscope.paths import MissingResourceError, resources_dir

        conf = resources_dir() / "fonts.conf"
    except (ImportError, MissingResourceError):
        return None
    if not conf.is_file():
        return None
    env["FONTCONFIG_FILE"] = str(conf)
    return conf

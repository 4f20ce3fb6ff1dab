"""``chipscope --install-desktop-entry`` / ``--remove-desktop-entry``: the menu entry, icons and
scenario-file type for pip and pipx installs, in the user's own XDG folders (no root).

The bundle's ``install-linux.sh`` and the Debian package install the same three things for
their own launchers. Nothing here touches the user's scenarios, settings or log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from chipscope import paths
from chipscope.storage import files
from chipscope.storage.schema import StorageError

APP_ID = "io.github.chipscope.ChipScope"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> str:
    """The command the menu entry runs: the ``chipscope`` script of this installation."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "chipscope" and script.exists():
        return str(script.absolute())
    beside = Path(sys.executable).with_name("chipscope")
    if beside.exists():
        return str(beside)
    found = shutil.which("chipscope")
    return found if found is not None else f"{sys.executable} -m chipscope"


def _targets(share: Path) -> dict[str, Path]:
    icons = share / "icons" / "hicolor"
    out = {"desktop": share / "applications" / f"{APP_ID}.desktop",
           "mime": share / "mime" / "packages" / f"{APP_ID}.xml",
           "svg": icons / "scalable" / "apps" / f"{APP_ID}.svg"}
    out.update({f"png{s}": icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in SIZES})
    return out


def desktop_text(template: str, command: str) -> str:
    """The desktop file with ``Exec`` (and ``TryExec``) pointing at ``command``."""
    quoted = f'"{command}"' if any(c.isspace() for c in command) and " -m " not in command \
        else command
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            lines.append(f"Exec={quoted} %F")
            if " -m " not in command:
                lines.append(f"TryExec={command}")
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh(share: Path) -> None:
    """Let menus and file managers see the change now (never fails: they rescan later)."""
    for tool, folder in (("update-mime-database", share / "mime"),
                         ("update-desktop-database", share / "applications")):
        exe = shutil.which(tool)
        if exe is not None and folder.is_dir():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run([exe, str(folder)], capture_output=True, timeout=60, check=False)


def install_entry(share: Path | None = None, command: str | None = None) -> str:
    """Write the menu entry, icons and MIME type; return what was done, for the terminal."""
    share = share or data_home()
    res = paths.resources_dir()
    targets = _targets(share)
    template = files.read_text(res / f"{APP_ID}.desktop", "desktop file")
    for target in targets.values():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"Cannot make the folder {target.parent} for ChipScope's menu entry "
                f"({exc.strerror or exc}); check that {share} is a folder you can write "
                "(XDG_DATA_HOME)."
            ) from None
    files.write_text(targets["desktop"], desktop_text(template, command or launcher()),
                     "desktop file")
    files.write_bytes(targets["mime"], files.read_bytes(res / f"{APP_ID}.mime.xml"),
                      "MIME type file")
    files.write_bytes(targets["svg"], files.read_bytes(res / "icons" / "chipscope.svg"), "icon")
    for s in SIZES:
        files.write_bytes(targets[f"png{s}"],
                          files.read_bytes(res / "icons" / f"chipscope-{s}.png"), "icon")
    _refresh(share)
    return (f"ChipScope added to the applications menu ({targets['desktop']}); scenario files "
            f"(.toml with format_version) now open in it.\nRemove it with: chipscope "
            "--remove-desktop-entry")


def remove_entry(share: Path | None = None) -> str:
    """Remove what :func:`install_entry` wrote, and the folders it leaves empty."""
    share = share or data_home()
    removed = 0
    for target in _targets(share).values():
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed += 1
            folder = target.parent
            while folder != share and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    _refresh(share)
    mime = share / "mime"
    if mime.is_dir() and not (mime / "packages").exists():
        shutil.rmtree(mime, ignore_errors=True)  # only caches built from packages are left
    apps = share / "applications"
    if apps.is_dir() and [p.name for p in apps.iterdir()] == ["mimeinfo.cache"]:
        (apps / "mimeinfo.cache").unlink()  # update-desktop-database's, with nothing to list
        apps.rmdir()
    if share.is_dir() and not any(share.iterdir()):
        share.rmdir()
    if not removed:
        return f"No ChipScope menu entry in {share}: nothing to remove."
    return (f"ChipScope's menu entry, icons and file type removed from {share}. Your "
            "scenarios, settings and log are kept.")

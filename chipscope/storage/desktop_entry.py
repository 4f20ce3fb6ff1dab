"""``chipscope --install-desktop-entry`` / ``--remove-desktop-entry``: the menu entry, icons and
scenario-file type for pip and pipx installs, in the user's own XDG folders (no root).

The bundle's ``install-linux.sh`` and the Debian package install the same three things for
their own launchers. Nothing here touches the user's scenarios, settings or log.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

from chipscope import paths
from chipscope.file_access import look
from chipscope.storage import desktop_folders, desktop_tools, files
from chipscope.storage.file_causes import attribute_letter
from chipscope.storage.schema import StorageError
from chipscope.storage.write_permission import read_only_folder

APP_ID = "io.github.chipscope.ChipScope"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-chipscope-scenario"
MIME_CACHES = ("aliases", "generic-icons", "globs", "globs2", "icons", "magic", "mime.cache",
               "subclasses", "treemagic", "types", "version", "XMLnamespaces")
"""The files update-mime-database writes at the top of a ``mime`` folder (shared-mime-info)."""


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or relative (the XDG
    base-directory specification: a relative path there is invalid and ignored). With no
    usable HOME either (unset with no home in the user database, empty, relative: Python
    would make ``/`` or the current folder of it) :class:`StorageError` names HOME."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if xdg.strip() and (flaw := paths.setting_flaw("XDG_DATA_HOME", xdg)) is not None:
        raise StorageError(flaw)  # a lookalike folder (pass 64 F10)
    if os.path.isabs(xdg):
        return Path(xdg)
    raw, home = os.environ.get("HOME"), os.path.expanduser("~")
    if (raw is not None and not os.path.isabs(raw)) or not os.path.isabs(home):
        said = ("is not set" if raw is None else "is empty" if not raw
                else f"({raw}) is not an absolute path")
        other = (f"XDG_DATA_HOME ({xdg}) is not an absolute path either" if xdg
                 else "XDG_DATA_HOME is not set")
        raise StorageError(f"Cannot find the folder for ChipScope's menu entry: HOME {said} and "
                           f"{other}; set HOME to your home folder (an absolute path such as "
                           "/home/you) and try again.")
    return Path(home) / ".local" / "share"


def _ignored_xdg() -> str:
    """A note when XDG_DATA_HOME is set to a relative path (ignored), else ""."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if not xdg or os.path.isabs(xdg):
        return ""
    return (f"\nNote: XDG_DATA_HOME ({xdg}) was ignored: it is not an absolute path, which the "
            "XDG base-directory specification requires.")


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


def _refresh(share: Path) -> list[str]:
    """Let menus and file managers see the change now; returns what failed, in words
    ("update-mime-database failed: No space left on device"). A tool that is not installed is
    no failure: the desktop rescans later."""
    failed = []
    for tool, folder in (("update-mime-database", share / "mime"),
                         ("update-desktop-database", share / "applications")):
        exe = shutil.which(tool)
        if exe is not None and _is_dir(folder):
            try:
                status, said = desktop_tools.run_tool([exe, str(folder)])
            except (OSError, subprocess.SubprocessError) as exc:
                failed.append(f"{tool} {folder} could not run ({exc})")
                continue
            if status != 0:
                lines = said.decode("utf-8", "replace").strip().splitlines()
                reason = lines[-1] if lines else f"exit status {status}"
                failed.append(f"{tool} {folder} failed ({reason})")
    return failed


def _is_dir(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


def _remove_mime_caches(mime: Path, made: set[Path]) -> None:
    """With no package left in ``mime``, remove what update-mime-database built from
    ChipScope's (its caches and ChipScope's type file), then its ``application`` folder when
    left empty, and ``mime`` when the install ``made`` it; any other file there is the user's
    and stays. An empty ``packages`` (the user's, or an older install's) holds no package: the
    caches go too (pass 64 F8)."""
    packages = mime / "packages"
    if not _is_dir(mime) or _present(packages) or (_is_dir(packages) and not _empty(packages)):
        return
    for name in (*MIME_CACHES, *(f"{n}.new" for n in MIME_CACHES), f"{MIME_TYPE}.xml",
                 f"{MIME_TYPE}.xml.new"):
        with contextlib.suppress(OSError):
            (mime / name).unlink()
    kind = mime / MIME_TYPE.split("/")[0]  # update-mime-database made it for our type file
    for folder in (kind, mime) if mime in made else (kind,):
        with contextlib.suppress(OSError):  # not empty: the user's files stay
            folder.rmdir()


def install_entry(share: Path | None = None, command: str | None = None) -> str:
    """Write the menu entry, icons and MIME type; return what was done, for the terminal. Every
    folder and file is checked first; a failure part-way takes back what this run wrote and
    made (:func:`~chipscope.storage.desktop_folders.roll_back`)."""
    note = _ignored_xdg() if share is None else ""
    share = share or data_home()
    res = paths.resources_dir()
    targets = _targets(share)
    template = files.read_text(res / f"{APP_ID}.desktop", "desktop file")
    payload = {"desktop": (desktop_text(template, command or launcher()).encode("utf-8"),
                           "desktop file"),
               "mime": (files.read_bytes(res / f"{APP_ID}.mime.xml"), "MIME type file"),
               "svg": (files.read_bytes(res / "icons" / "chipscope.svg"), "icon")}
    payload.update({f"png{s}": (files.read_bytes(res / "icons" / f"chipscope-{s}.png"), "icon")
                    for s in SIZES})
    folders = list(dict.fromkeys(t.parent for t in targets.values()))
    desktop_folders.check_folders(share, folders)
    for key, target in targets.items():
        try:
            files.refuse_other_type(files.write_target(target, payload[key][1], True), target,
                                    payload[key][1])
        except StorageError as exc:
            if isinstance(exc, files.OddTarget):  # a stale link from an old package, say
                raise StorageError(f"Cannot write the {payload[key][1]} {target}: {exc.cause}; "
                                   "remove it, then install again (nothing was installed)."
                                   ) from None
            if exc.cause is not None and exc.advice is not None:  # its own remedy, one ending
                raise StorageError(f"Cannot write the {payload[key][1]} {target}: {exc.cause}; "
                                   f"{exc.advice} or set XDG_DATA_HOME to another folder "
                                   "(nothing was installed).") from None
            raise StorageError(f"{str(exc).rstrip('.')} (nothing was installed).") from None
    made: list[Path] = []
    written: list[tuple[Path, str, bytes | None, bytes]] = []
    try:
        desktop_folders.make_folders(share, folders, made)
        for key, target in targets.items():
            data, what = payload[key]
            old = desktop_folders.old_bytes(target, what)
            if key == "desktop":  # it records the folders made, for the removal (pass 63 F6)
                data = desktop_folders.with_record(data, share, made, old)
            written.append((target, what, old, data))
            try:  # listed first: a signal just after the write still takes it back
                files.write_bytes(target, data, what)
            except StorageError as exc:
                written.pop()
                said = (f"Could not write ChipScope's {what} {target}: "
                        f"{desktop_folders.full_cause(target)}"
                        if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
                        else f"Could not write ChipScope's {what} {target}: {exc.cause}; "
                        f"{exc.advice} or set XDG_DATA_HOME to another folder"
                        if exc.cause is not None and exc.advice is not None  # one ending
                        else str(exc).rstrip("."))  # the cause asked before the roll-back
                raise StorageError(f"{said} ({desktop_folders.roll_back(written, made)})."
                                   ) from None
        failed = _refresh(share)
    except StorageError:
        raise
    except BaseException as exc:  # SIGTERM, SIGHUP, Ctrl+C: take back what this run did
        exc.add_note(f"; {desktop_folders.roll_back(written, made)}")
        _remove_mime_caches(share / "mime", set(made))  # a tool stopped: its caches of ours
        files.forget_written()  # the roll-back said what stays
        raise
    if failed:
        return (f"ChipScope added to the applications menu ({targets['desktop']}), but "
                f"{'; '.join(failed)}, so scenario files may not open in it until that tool "
                "runs again.\nRemove it with: chipscope-cli --remove-desktop-entry" + note)
    return (f"ChipScope added to the applications menu ({targets['desktop']}); scenario files "
            f"(.toml with format_version) now open in it.\nRemove it with: chipscope-cli "
            "--remove-desktop-entry" + note)


_SEALED = {"i": "immutable", "a": "append-only"}


def _removal_cause(path: Path, exc: OSError) -> tuple[str, str]:
    """Why ``path`` (a file or an empty folder) could not be removed, in words to follow its
    name with no brackets of their own ("its disk is read-only", "it is marked immutable by
    chattr +i"; else the system's reason), and what to do about that cause."""
    if exc.errno == errno.EROFS:
        return "its disk is read-only", "remount the disk read-write"
    if exc.errno == errno.EBUSY:
        return ("it is busy: a mount point or in use",
                "unmount what is mounted on the file or close the program using it")
    if exc.errno in (errno.EACCES, errno.EPERM):
        if (folder := read_only_folder(path)) is not None:
            return f"its folder {folder} is read-only", f"make the folder {folder} writable"
        if (letter := attribute_letter(path, folder=_is_dir(path))) is not None:
            return (f"it is marked {_SEALED[letter]} by chattr +{letter}",
                    f"clear the {_SEALED[letter]} attribute with chattr -{letter}")
        if (letter := attribute_letter(path.parent, folder=True)) is not None:
            return (f"its folder {path.parent} is marked {_SEALED[letter]} by chattr +{letter}",
                    f"clear the {_SEALED[letter]} attribute of {path.parent} with "
                    f"chattr -{letter}")
    return exc.strerror or str(exc), "make the disk and folder writable"


def _present(path: Path) -> bool:
    """Whether ``path`` is a file (or a link) to remove, or may be one: a folder on its way
    that cannot be entered hides it (:func:`~chipscope.file_access.look`), so it counts as
    there, never as removed (pass 51 F1)."""
    try:
        seen = look(path, follow=False)
    except OSError:  # a name too long...: the removal says why
        return True
    return seen.denial is not None or (seen.exists and not seen.is_dir)


def _empty(folder: Path) -> bool:
    try:
        return _is_dir(folder) and not any(folder.iterdir())
    except OSError:
        return False


def _tidy(path: Path, left: list[str], folder: bool = True) -> None:
    """Remove the empty folder (or cache file) ``path``; a refusal is only noted in ``left``:
    the entry itself is gone either way."""
    try:
        if folder:
            path.rmdir()
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        left.append(f"{path} ({_removal_cause(path, exc)[0]})")


def _unlink(target: Path) -> tuple[str, str]:
    """Remove the file ``target``; ("", "") when it is gone, else why it stays and what to do:
    a folder on its way that cannot be entered (the readers' words), the removal's refusal, or
    a file still there after it (pass 51 F1). FileNotFoundError when it was not there. Removing
    it writes in its folder: that folder shut (000) is to be made "accessible and writable
    (chmod u+wx)", pass 62 F4."""
    if (denied := look(target, follow=False, writes=True).denial) is not None:
        return denied.cause, denied.fix
    try:
        target.unlink()
    except FileNotFoundError:
        raise
    except OSError as exc:
        return _removal_cause(target, exc)
    if _present(target):  # a file system that kept it: never said to be removed
        return "it is still there after its removal", "remove it by hand"
    return "", ""


def remove_entry(share: Path | None = None) -> str:
    """Remove what :func:`install_entry` wrote, and the empty folders it made. A file that
    cannot be removed raises :class:`StorageError` naming it and why; the menu entry is the
    first, so when it stays nothing was removed."""
    ignored = _ignored_xdg() if share is None else ""
    share = share or data_home()
    removed: list[str] = []
    refused: list[str] = []
    remedies: dict[str, None] = {}  # what to do, each once, in the order met
    left: list[str] = []  # empty folders or caches that stay: harmless, but said
    made = desktop_folders.made_by_install(share, _targets(share)["desktop"])
    for key, target in _targets(share).items():
        what = {"desktop": "menu entry", "mime": "file type"}.get(key, "icon")
        if not _present(target):
            continue
        try:
            cause, remedy = _unlink(target)
        except FileNotFoundError:
            continue
        if cause:
            if not removed:  # the menu entry (or the first file found) stays: stop here
                raise StorageError(
                    f"Cannot remove ChipScope's {what} {target}: {cause}; {remedy}, then run "
                    "chipscope-cli --remove-desktop-entry again (nothing was removed).") from None
            refused.append(f"{target} ({cause})")
            remedies.setdefault(remedy)
            continue
        removed.append(key)
        folder = target.parent
        while folder in made and _empty(folder):
            _tidy(folder, left)
            if os.path.lexists(folder):
                break
            folder = folder.parent
    if removed:
        _refresh(share)
    _remove_mime_caches(share / "mime", made)
    apps = share / "applications"
    with contextlib.suppress(OSError):
        if apps.is_dir() and [p.name for p in apps.iterdir()] == ["mimeinfo.cache"]:
            _tidy(apps / "mimeinfo.cache", left, folder=False)  # nothing left to list
            if apps in made and _empty(apps):
                _tidy(apps, left)
    folder = share  # the data folder and its parents, when the install made them (64 F8)
    while folder in made and _empty(folder) and folder.parent != folder:
        _tidy(folder, left)
        folder = folder.parent
    if refused:
        among = ", the menu entry among them" if "desktop" in removed else ""
        raise StorageError(
            f"ChipScope's files were only partly removed from {share} ({len(removed)} "
            f"removed{among}): {len(refused)} could not be: {'; '.join(refused)}; to remove "
            f"them, {' and '.join(remedies)}, then run chipscope-cli --remove-desktop-entry again.")
    if not removed:
        return f"No ChipScope menu entry in {share}: nothing to remove.{ignored}"
    note = (f"\nThese empty folders or caches could not be removed and are harmless: "
            f"{'; '.join(left)}.") if left else ""
    return (f"ChipScope's menu entry, icons and file type removed from {share}. Your "
            "scenarios, settings and log are kept." + note + ignored)


def remove_entry_stoppable(share: Path | None = None) -> str:
    """:func:`remove_entry`, which when a signal stops it part-way (SIGTERM, SIGHUP, Ctrl+C)
    adds to the exception a note of what stays, for the CLI's line ("terminated; 4 of
    ChipScope's files stay in ...")."""
    folder = share or data_home()
    before = _files_present(folder)
    made = desktop_folders.made_by_install(folder, _targets(folder)["desktop"])
    try:
        return remove_entry(share)
    except StorageError:
        raise
    except BaseException as exc:
        exc.add_note(f"; {_what_stays(folder, before, made)}")
        raise


def _files_present(share: Path) -> list[Path]:
    return [target for target in _targets(share).values() if _present(target)]


def _what_stays(share: Path, before: list[Path], made: set[Path]) -> str:
    """What a removal stopped part-way leaves in ``share`` (``before``: the files there when
    it began), in words to follow "terminated; "."""
    left = _files_present(share)
    if not left:  # stopped while a tool ran: its caches of ours go as after a whole removal
        _remove_mime_caches(share / "mime", made)
        apps = share / "applications"
        with contextlib.suppress(OSError):
            if apps.is_dir() and [p.name for p in apps.iterdir()] == ["mimeinfo.cache"]:
                (apps / "mimeinfo.cache").unlink()
                if apps in made:
                    apps.rmdir()
        return (f"ChipScope's menu entry, icons and file type had been removed from {share} "
                "(some empty folders may stay)")
    if len(left) >= len(before):
        return "nothing was removed"
    entry = "the menu entry among them" if _present(_targets(share)["desktop"]) else \
        "the menu entry was removed"
    return (f"the removal was not finished: {len(left)} of ChipScope's files stay in {share} "
            f"({entry}); run chipscope-cli --remove-desktop-entry again to remove them")

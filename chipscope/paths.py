"""Where ChipScope finds its bundled data and resources, and where it keeps the user's files.

Works from a wheel (files under ``chipscope/_bundled``), from an editable install or a source
checkout (files at the top of the repository), and from a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from chipscope.file_access import read_denial
from chipscope.file_modes import kind_of

APP_NAME = "ChipScope"
APP_AUTHOR = "ChipScope"
DB_FILENAME = "chipscope.db"
LOG_FILENAME = "chipscope.log"
LOG_BACKUPS = 3
"""Rotated copies of the log kept beside it (``chipscope.log.1`` ...)."""
FAULT_LOG_FILENAME = "faults.log"
SETTINGS_FILENAME = "settings.ini"

_PACKAGE_DIR = Path(__file__).resolve().parent


class MissingResourceError(FileNotFoundError):
    """A file that should ship with ChipScope is missing: the installation is damaged."""


class HomeError(Exception):
    """``CHIPSCOPE_HOME`` names no folder ChipScope can keep the user's files in (relative, or
    blank): the message names the variable and what to set it to."""


def home_override() -> Path | None:
    """The folder ``CHIPSCOPE_HOME`` names (``~`` expanded), or None when it is unset or empty.
    The one place that reads the variable. A relative folder would put a separate database in
    each current folder (the user's edits and scenarios would seem to vanish in another one),
    so it is refused, as one of only spaces is.

    Raises
    ------
    HomeError
        The variable is relative (after ``~`` is expanded) or only spaces.
    """
    raw = os.environ.get("CHIPSCOPE_HOME")
    if not raw:
        return None
    advice = "set it to an absolute folder, such as ~/chipscope, or unset it"
    if not raw.strip():
        raise HomeError(f"CHIPSCOPE_HOME is blank (only spaces); {advice}.")
    if (flaw := setting_flaw("CHIPSCOPE_HOME", raw)) is not None:
        raise HomeError(flaw)
    path = Path(os.path.expanduser(raw))
    if not path.is_absolute():
        from chipscope.model.text_rules import shortened  # a 4 KB path stays one line

        raise HomeError(f"CHIPSCOPE_HOME is {shortened(repr(raw), 200)}, a relative folder, "
                        "which would put a separate database in each current folder; "
                        f"{advice}.")
    return path


def setting_flaw(name: str, raw: str) -> str | None:
    """The refusal of the folder setting ``name`` (CHIPSCOPE_HOME, XDG_DATA_HOME,
    XDG_CONFIG_HOME) whose value ``raw`` holds a character no one sees there
    (:func:`name_flaw`): an invisible one (a line break, U+200B), spaces around it, a space
    other than the plain one in a name no folder has yet; a folder of that name would be
    another than the one it looks like, with a fresh database (pass 64 F10) or no settings
    (pass 65 F4). None when there is none."""
    flaw = name_flaw(raw)
    return None if flaw is None else _refused(name, raw, flaw)


def _refused(name: str, raw: str, flaw: tuple[str, str]) -> str:
    """:func:`setting_flaw`'s sentence for the flaw :func:`name_flaw` found."""
    from chipscope.model.text_rules import shortened

    cause, fix = flaw
    return (f"{name} is {shortened(repr(raw), 200)}, which {cause}: a folder of that name would "
            f"be another one than it looks like; {fix}, or unset {name}.")


def name_flaw(raw: str) -> tuple[str, str] | None:
    """What no one sees in the path setting ``raw``, and its fix: ("holds an invisible
    character U+200B (ZERO WIDTH SPACE)", "delete it"), ("has spaces around it", "delete
    them"), or, when no file or folder of that name exists yet (one that does was made on
    purpose: it is used), ("holds a no-break space U+00A0 that looks like a space", "type a
    plain space instead"), pass 65 F5; None when nothing is hidden there."""
    from chipscope.model.invisible import invisible_named, space_named

    if (invisible := invisible_named(raw)) is not None:
        return f"holds {invisible}", "delete it"
    if raw != raw.strip():
        return "has spaces around it", "delete them"
    if (space := space_named(raw)) is not None and not os.path.lexists(os.path.expanduser(raw)):
        return f"holds {space}", "type a plain space instead"
    return None


def _roots() -> list[Path]:
    """Folders that may hold the bundled files, most specific first."""
    roots = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append(Path(meipass) / "chipscope" / "_bundled")
    roots.append(_PACKAGE_DIR / "_bundled")
    return roots


def _find(kind: str, bundled_name: str, checkout_relpath: str) -> Path:
    """Find a shipped file: in a wheel or bundle as ``_bundled/<bundled_name>``, in a source
    checkout or editable install at ``<repo>/<checkout_relpath>``."""
    candidates = [root / bundled_name for root in _roots()]
    candidates.append(_PACKAGE_DIR.parent / checkout_relpath)
    for path in candidates:
        if path.exists():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise MissingResourceError(
        f"ChipScope's {kind} is missing (looked in: {tried}). "
        "The installation is damaged: reinstall ChipScope."
    )


BUNDLED_UNSET = "unset it to use the dataset installed with ChipScope"
"""The other way out for any ``CHIPSCOPE_BUNDLED_DB`` that cannot be used."""
BUNDLED_OVERRIDE_ADVICE = f"point it to a ChipScope database, or {BUNDLED_UNSET}"
"""What to do when ``CHIPSCOPE_BUNDLED_DB`` names no usable dataset (storage says it too)."""


def bundled_override() -> Path | None:
    """The file ``CHIPSCOPE_BUNDLED_DB`` names in place of the installed dataset, or None when
    it is unset or empty (the one place that reads the variable)."""
    raw = os.environ.get("CHIPSCOPE_BUNDLED_DB")
    return Path(raw) if raw else None


def bundled_db_path() -> Path:
    """The read-only dataset that ships with ChipScope (or the file ``CHIPSCOPE_BUNDLED_DB``
    names: MissingResourceError, in one sentence naming the variable and the file, if that is
    missing, a symlink loop, no regular file or not readable for this user)."""
    override = bundled_override()
    if override is None:
        return _find("bundled dataset", DB_FILENAME, f"data/{DB_FILENAME}")
    cause = override_cause(override)
    if cause is None:
        return override
    raise MissingResourceError(f"{points_to(override, cause)}, {cause.clause}; "
                               f"{cause.advice(BUNDLED_OVERRIDE_ADVICE)}.")


def points_to(override: Path, cause: Unusable | None = None) -> str:
    """"CHIPSCOPE_BUNDLED_DB points to FILE", the start of every sentence about that file; the
    path shortened, as every reader's is, when the system refused it for its length (``cause``
    says so: a path of 4 kB, pass 61 F4)."""
    from chipscope.storage.path_length import shown_path

    return (f"CHIPSCOPE_BUNDLED_DB points to "
            f"{shown_path(override) if isinstance(cause, TooLong) else override}")


class Unusable(NamedTuple):
    """Why the file ``CHIPSCOPE_BUNDLED_DB`` names cannot be used (:func:`override_cause`)."""

    clause: str
    """Follows the file's name: "which is a folder, not a regular file", "but its folder D
    cannot be entered (permission denied)"."""
    fix: str = ""
    """What would make that file usable, when something would: "make that folder accessible
    (chmod u+x)"."""

    def advice(self, other: str) -> str:
        """The fix, when there is one, then ``other`` (what else to do with the variable)."""
        return f"{self.fix}, or {other}" if self.fix else other


class TooLong(Unusable):
    """The system refused the path for its length: it is shown shortened (:func:`points_to`)."""

    __slots__ = ()


def override_cause(override: Path) -> Unusable | None:
    """Why the file ``CHIPSCOPE_BUNDLED_DB`` names is no dataset at all ("which is a folder,
    not a regular file") or cannot be read by this user: a folder on its way that cannot be
    entered, or its own read permission, in every reader's words
    (:func:`~chipscope.file_access.read_denial`: "but its folder D cannot be entered
    (permission denied)", and the fix); None for a regular file this user may read."""
    try:
        mode = override.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:  # every reader's words (pass 60 F2, 61 F4)
            from chipscope.storage.path_length import too_long

            cause, advice = too_long(override)
            return TooLong(f"but {cause}", advice)
        if exc.errno in (errno.EACCES, errno.EPERM) and (denied := read_denial(override)):
            return Unusable(f"but {denied.cause}", denied.fix)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and (flaw := name_flaw(str(override))):
            return Unusable(f"which is missing: its name {flaw[0]}", flaw[1])  # pass 64 F10
        if exc.errno in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR):  # every reader's words
            from chipscope.storage.output_folder import folder_problem

            if (problem := folder_problem(override.parent, False)) is not None:  # sl/loop, base.db
                cause, advice = problem
                return Unusable(f"but {cause}",
                                advice.removesuffix(" or choose another folder")
                                .removeprefix("choose another folder"))
        if exc.errno == errno.ENOENT:  # a dangling link: name it so, as every reader does
            from chipscope.storage.file_causes import missing_cause

            if (cause := missing_cause(override)).startswith("it is a symlink"):
                return Unusable(f"which {cause.removeprefix('it ')}", "put the file back")
        if exc.errno == errno.ELOOP:  # the readers' words and advice (file_reads)
            return Unusable("which is a symlink loop", "remove the link")
        return Unusable("which is " + ("missing" if exc.errno in (errno.ENOENT, errno.ENOTDIR)
                                       else f"unreadable ({exc.strerror or exc})"))
    if not stat.S_ISREG(mode):
        return Unusable(f"which is {kind_of(mode, 'a special file')}, not a regular file")
    if (denied := read_denial(override)) is not None:  # its own read permission
        return Unusable(f"but {denied.cause}", denied.fix)
    return None


def is_bundled_db(db_path: Path | str) -> bool:
    """Whether ``db_path`` is the read-only bundled dataset (False when none is installed)."""
    try:
        bundled = bundled_db_path()
    except MissingResourceError:
        return False
    try:
        return bundled.resolve() == Path(db_path).resolve()
    except (RuntimeError, OSError):  # a symlink loop is no dataset at all
        return False


def resources_dir() -> Path:
    """Icons, desktop files and style sheets."""
    return _find("resources folder", "resources", "resources")


def calibration_targets_path() -> Path:
    """The calibration's targets (the Q1 2026 run rate per vendor; data/calibration_targets.csv)."""
    return _find("calibration targets", "calibration_targets.csv", "data/calibration_targets.csv")


def fitted_module_path() -> Path:
    """The generated module of fitted defaults that ``chipscope calibrate --write`` replaces."""
    return _PACKAGE_DIR / "model" / "fitted.py"


def data_source_dir() -> Path:
    """The CSV source of the dataset (a source checkout only)."""
    return _PACKAGE_DIR.parent / "data"


def user_data_location() -> Path:
    """Where :func:`user_data_dir` is, without creating it."""
    override = home_override()
    if override is not None:
        return override
    xdg = os.environ.get("XDG_DATA_HOME", "")  # platformdirs' folder on Linux
    if xdg.strip() and (flaw := setting_flaw("XDG_DATA_HOME", xdg)) is not None:
        raise HomeError(flaw)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def advice_db(db: Path) -> Path | None:
    """The database an advice command printed by the window names with --db: ``db``, unless
    it is the platform's own default one, which ``chipscope-cli`` uses without --db in any
    shell (a database --db or ``CHIPSCOPE_HOME`` chose is named: the shell the command is
    pasted into may not have that variable, pass 58)."""
    from platformdirs import user_data_path

    default = user_data_path(APP_NAME, APP_AUTHOR) / DB_FILENAME
    return None if Path(db).absolute() == default.absolute() else Path(db)


def user_data_dir() -> Path:
    """Per-user folder for the working database, logs and autosaves (created on demand)."""
    path = user_data_location()
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_db_path() -> Path:
    """The user's working database (created from the bundled one on first run)."""
    return user_data_dir() / DB_FILENAME


def log_path() -> Path:
    return user_data_dir() / LOG_FILENAME


def fault_log_path() -> Path:
    """Where a crash's Python stack is written (``faulthandler``), beside the log."""
    return log_path().with_name(FAULT_LOG_FILENAME)


def log_files() -> list[Path]:
    """The log, its rotated copies and the crash log (the folder is not created)."""
    folder = user_data_location()
    return [folder / LOG_FILENAME,
            *(folder / f"{LOG_FILENAME}.{n}" for n in range(1, LOG_BACKUPS + 1)),
            folder / FAULT_LOG_FILENAME]


def settings_file() -> Path | None:
    """The file the window keeps its settings in (geometry, recent files...):
    ``settings.ini`` in ``CHIPSCOPE_HOME`` when that is set, else the platform's store for
    organisation and application "ChipScope" (as ``QSettings`` names it; None on Windows, where
    it is the registry)."""
    home = home_override()
    if home is not None:
        return home / SETTINGS_FILENAME
    if sys.platform == "win32":
        return None
    if sys.platform == "darwin":
        name = f"com.{APP_AUTHOR.lower()}.{APP_NAME}.plist"
        return Path.home() / "Library" / "Preferences" / name
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
    return base / APP_AUTHOR / f"{APP_NAME}.conf"


def config_flaw() -> tuple[str, str] | None:
    """(the refusal of ``XDG_CONFIG_HOME`` in :func:`setting_flaw`'s words, the flaw and its
    fix in a few words) when the window's settings file is in that folder (Linux and the BSDs,
    no ``CHIPSCOPE_HOME``) and its name hides a character (pass 65 F4: a trailing space made
    a lookalike folder with the settings in it); None otherwise."""
    if sys.platform in ("win32", "darwin") or home_override() is not None:
        return None
    config = os.environ.get("XDG_CONFIG_HOME", "")
    if not config.strip() or (flaw := name_flaw(config)) is None:
        return None
    return (_refused("XDG_CONFIG_HOME", config, flaw),
            f"XDG_CONFIG_HOME {flaw[0]}; {flaw[1]}, or unset it")


def settings_lock_file() -> Path | None:
    """The lock file Qt's ``QSettings`` makes beside the settings file at every save (its name
    + ``.lock``), or None where the settings are no INI file (the registry, a macOS property
    list: no lock file)."""
    settings = settings_file()
    if settings is None or settings.suffix == ".plist":
        return None
    return settings.with_name(settings.name + ".lock")

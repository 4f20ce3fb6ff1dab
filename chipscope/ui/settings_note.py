"""Why the settings cannot be kept, said twice: the whole sentence (on stderr, in the log and in
the "⚠ Settings not saved" label's tooltip) naming the file by its full path, and a short one
the status bar shows in passing, its remedy first and the file named by its name, so that it
fits whole beside that label on a 1,024-pixel screen (pass 33 F4: the whole sentence, with a
usual settings path such as /home/alexandra/.config/chipscope/settings.ini, was cut mid-word
before its remedy, "... until ChipScope closes; m").
"""

from __future__ import annotations

import os
from pathlib import Path

from chipscope import paths


class SettingsNote(str):
    """A settings problem: the whole sentence (this string) and :attr:`passing`, the short one
    for the status bar."""

    passing: str
    keep: str
    """The beginning of :attr:`passing` (its remedy) to show whole when it does not fit."""
    squeeze: str
    """The part of :attr:`keep` (a folder's name) shortened in the middle when that alone
    leaves no room for the rest of :attr:`keep`."""

    def __new__(cls, whole: str, passing: str, squeeze: str = "",
                keep: str | None = None) -> SettingsNote:
        note = super().__new__(cls, whole)
        note.passing = passing
        note.squeeze = squeeze
        note.keep = passing if keep is None else keep
        return note


def passing_of(problem: str) -> str:
    """The short sentence the status bar shows for ``problem`` (the whole one when it has
    none)."""
    return problem.passing if isinstance(problem, SettingsNote) else problem


def squeeze_of(problem: str) -> str:
    """The part of ``problem``'s short sentence to shorten if need be ("" when none)."""
    return problem.squeeze if isinstance(problem, SettingsNote) else ""


def keep_of(problem: str) -> str:
    """The beginning of ``problem``'s short sentence to show whole (all of it by default)."""
    return problem.keep if isinstance(problem, SettingsNote) else passing_of(problem)


def by_name(text: str, own: Path | None) -> str:
    """``text`` with the settings file's folder left out of the paths in it (its lock file
    then reads "settings.lock"): the full paths are in the whole sentence."""
    return text if own is None else text.replace(f"{own.parent}{os.sep}", "")


def home_read_only(path: Path | None) -> bool:
    """Whether ``path`` (the settings file) is in the log's folder and that is read-only: then
    one note (the settings') names the folder for both."""
    from chipscope.storage.write_permission import read_only_folder

    return (path is not None and paths.home_override() is not None
            and read_only_folder(path) is not None)


def read_only_settings() -> SettingsNote | None:
    """The note (one sentence naming the file, or the folder) when the settings file or its
    folder is read-only by the mode-bit rule (:mod:`chipscope.storage.write_permission`, which
    holds for root too); then the settings are read but kept only for the session (pass 26
    F8). None when they can be kept (or are kept in the registry or a property list)."""
    from chipscope.storage.write_permission import read_only_cause, read_only_folder

    own = paths.settings_file()
    if own is None or own.suffix == ".plist" or (cause := read_only_cause(own)) is None:
        return None
    home = home_read_only(own)
    also = " and the log goes to standard error" if home else ""
    folder = read_only_folder(own)
    whole = (f"The settings file {own} is left unchanged because {cause}, so settings changed "
             f"now last only until ChipScope closes{also}; make "
             f"{'the folder' if folder is not None else 'it'} writable to keep them.")
    if folder is None:
        return SettingsNote(whole, f"Settings are not saved: {own.name} is read-only; make it "
                                   "writable to keep them.", own.name)
    # The remedy first, naming the folder (pass 34 F3: it came last and was cut off beside the
    # database's "⚠ Read-only" label); what else follows from it last, the first to give way.
    name = folder.name or str(folder)
    remedy = f"Settings are not saved: make the folder {name} writable to keep them"
    log = " (the log goes to standard error)" if home else ""
    return SettingsNote(whole, f"{remedy}{log}.", name, remedy)


def config_home_note() -> SettingsNote | None:
    """The note when ``XDG_CONFIG_HOME``, the settings' folder, hides a character in its name
    (:func:`chipscope.paths.config_flaw`): the settings are then kept in no folder of that
    name, only until ChipScope closes (pass 65 F4). None otherwise."""
    if (flaw := paths.config_flaw()) is None:
        return None
    refusal, short = flaw
    return SettingsNote(f"ChipScope started with default settings, which last only until it "
                        f"closes, because {refusal}", f"Settings are not saved: {short}.")

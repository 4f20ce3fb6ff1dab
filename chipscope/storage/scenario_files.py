"""Scenario files on disk: export a scenario as TOML, import one into the user's database.

The text format and its validation are the pure :mod:`chipscope.model.scenario`; this module
only reads and writes files, and saves imported scenarios with
:func:`chipscope.storage.scenarios.save_scenario`. Writes go through
:func:`chipscope.storage.files.write_text` (a temporary file beside the target, then an atomic
rename; special files refused), and a file that is not a ChipScope scenario is never
overwritten.
"""

from __future__ import annotations

from pathlib import Path

from chipscope.file_access import read_denial
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario, dump_scenario, parse_scenario
from chipscope.model.scenario_checks import TomlProblem, load_toml
from chipscope.model.scenario_store import free_name
from chipscope.storage import files
from chipscope.storage.files import read_text
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.schema import StorageError


def read_scenario_file(path: Path, specs: AssumptionSpecs, *,
                       source: str | None = None, base: bool = False,
                       window: bool = False, db: Path | None = None) -> Scenario:
    """Read and validate a scenario file; problems name ``source`` (default: the file's name);
    ``base``: read as a sweep's base scenario (:func:`~chipscope.model.scenario.parse_scenario`);
    ``window``: the window reads it (advice without the CLI's options, pass 55 F4); ``db``: the
    database a command the advice prints names (the CLI's --db).

    Raises
    ------
    ScenarioError
        (a ValueError) listing every problem, each naming its key.
    StorageError
        (:class:`~chipscope.storage.files.FileRefused`) if the file cannot be read, is not a
        regular file (a FIFO or device is refused at once, never read), is larger than
        :data:`~chipscope.storage.files.MAX_SCENARIO_BYTES` or is not UTF-8 text.
    """
    file = Path(path)
    text = read_text(file, "scenario file", window=window)  # a leading BOM is dropped
    return parse_scenario(text, specs, source=file.name if source is None else source,
                          base=base, db=db)


def _is_scenario_file(path: Path, shown: Path) -> bool:
    """Whether the existing ``path`` (``shown`` in words) is a ChipScope scenario file; a file
    this user may not read cannot be told (it may be one): StorageError in the readers' words
    (:func:`~chipscope.file_access.read_denial`), never "not a scenario file" (pass 67 F2)."""
    try:  # the one regular-file check and size cap; a file too deep to parse is not ours
        doc = load_toml(files.read_text(path, "scenario file"), "scenario file")
    except (StorageError, TomlProblem):
        if (denied := read_denial(path)) is not None:
            raise StorageError.about(
                f"{shown} exists and", f"{denied.cause}, so ChipScope cannot tell whether it "
                "is a scenario file and it was not overwritten",
                f"{denied.fix} or choose another name") from None
        return False
    return "format_version" in doc


def write_scenario_file(path: Path, scenario: Scenario, specs: AssumptionSpecs) -> None:
    """Write ``scenario`` as a TOML file (only the values that differ from the defaults),
    atomically (:func:`chipscope.storage.files.write_text`); a symlink to a scenario file is
    written through.

    Raises
    ------
    StorageError
        If ``path`` is a special file or a folder, exists and is not a scenario file or cannot
        be read to tell (it is left alone), or cannot be written (the old file is unchanged).
    ValueError
        If the scenario holds a key ``specs`` does not know.
    """
    file = Path(path)
    text = dump_scenario(scenario, specs)
    target = files.write_target(file, "scenario file")  # a FIFO or device: refused, never read
    if target.exists() and target.stat().st_size > 0 and not _is_scenario_file(target, file):
        raise StorageError(f"{file} exists and is not a ChipScope scenario file, so it was not "
                           "overwritten (choose another name).")
    files.write_text(file, text, "scenario file")


def import_scenario_file(db_path: Path, path: Path, specs: AssumptionSpecs,
                         overwrite: bool = False) -> Scenario:
    """Read a scenario file and save it in the user's database.

    Parameters
    ----------
    db_path : Path
        The user's database.
    path : Path
        The TOML file.
    specs : AssumptionSpecs
        The dataset's assumptions: the file is validated against them.
    overwrite : bool
        Replace a saved scenario of the same name; otherwise the import is saved under a free
        name ("Name (2)").

    Returns
    -------
    Scenario
        What was saved (its ``name`` may differ from the file's).

    Raises
    ------
    ScenarioError
        Listing every problem; nothing is saved.
    StorageError
        If the file cannot be read or the database cannot be written.
    """
    scenario = read_scenario_file(path, specs)
    name = scenario.name
    if not overwrite:
        name = free_name((r.name for r in list_scenarios(db_path)), name)
    save_scenario(db_path, name, scenario.description, scenario.values)
    return Scenario(name, scenario.description, dict(scenario.values))

"""Preset scenarios: read-only TOML files shipped in ``resources/presets/``.

Each file is an ordinary scenario file (``docs/scenario-format.md``), so ``chipscope run
--scenario resources/presets/05-price-war.toml`` runs one from the command line. Files are
listed in file-name order (the numeric prefix sets the order; Baseline comes first). The
window lists presets next to the user's saved scenarios; saving a preset makes a copy under
another name. ``docs/scenarios.md`` says what each preset encodes.

Only this module reads the files; parsing and validation are the pure
:func:`chipscope.model.scenario.parse_scenario`.
"""

from __future__ import annotations

from pathlib import Path

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario, ScenarioError, parse_scenario
from chipscope.storage.files import read_text
from chipscope.storage.schema import StorageError

PRESETS_DIRNAME = "presets"


def presets_dir() -> Path:
    """The folder of preset files (inside :func:`chipscope.paths.resources_dir`)."""
    return paths.resources_dir() / PRESETS_DIRNAME


def preset_files() -> list[Path]:
    """Every preset file, in display order (by file name)."""
    folder = presets_dir()
    if not folder.is_dir():
        raise paths.MissingResourceError(
            f"ChipScope's preset scenarios are missing ({folder}); reinstall ChipScope.")
    return sorted(folder.glob("*.toml"))


def load_presets(specs: AssumptionSpecs) -> list[Scenario]:
    """Parse and validate every preset against the dataset's assumptions.

    Parameters
    ----------
    specs : AssumptionSpecs
        The assumptions of the dataset in use.

    Returns
    -------
    list[Scenario]
        The presets in display order.

    Raises
    ------
    ScenarioError
        Listing every problem of every file (a key the dataset no longer has, a bad value, two
        presets with one name), each prefixed with its file.
    """
    presets: list[Scenario] = []
    problems: list[str] = []
    for file in preset_files():
        try:
            presets.append(parse_scenario(read_text(file, "preset file"), specs, file.name))
        except ScenarioError as exc:
            problems += [f"{file.name}: {p}" for p in exc.problems]
        except StorageError as exc:  # FileRefused: not a regular file, too large, not UTF-8
            problems.append(f"{file.name}: {exc}")
    names = [p.name for p in presets]
    problems += [f"two presets are named {n!r}" for n in sorted(set(names)) if names.count(n) > 1]
    if problems:
        raise ScenarioError(str(presets_dir()), problems)
    return presets


def usable_presets(specs: AssumptionSpecs) -> tuple[list[Scenario], list[str]]:
    """The presets that fit the dataset, and the problems of those that do not.

    For the window: a dataset other than the bundled one (an older or custom build) may lack a
    deal or vendor a preset sets; that preset is left out and its problems are returned (for
    the log), instead of refusing every preset.
    """
    presets: list[Scenario] = []
    problems: list[str] = []
    try:
        files = preset_files()
    except paths.MissingResourceError as exc:
        return [], [str(exc)]
    for file in files:
        try:
            preset = parse_scenario(read_text(file, "preset file"), specs, file.name)
        except ScenarioError as exc:
            problems += [f"{file.name}: {p}" for p in exc.problems]
            continue
        except StorageError as exc:  # FileRefused: not a regular file, too large, not UTF-8
            problems.append(f"{file.name}: {exc}")
            continue
        if find_preset(presets, preset.name) is None:
            presets.append(preset)
        else:
            problems.append(f"{file.name}: another preset is already named {preset.name!r}")
    return presets, problems


def find_preset(presets: list[Scenario], name: str) -> Scenario | None:
    """The preset called ``name`` (exact match), or None."""
    return next((p for p in presets if p.name == name), None)

"""Which kind of ChipScope TOML file a document is: a scenario file or a sweep spec. Pure.

The two kinds share TOML and the ``[ranges]`` table, and one is easily given where the other is
read (``run --scenario SPEC.toml``, a sweep spec named as its own base). Told by its top-level
keys, a file of the other kind gets one sentence naming its kind and what to do with it, not
the other kind's first complaint (a sweep spec told to add ``format_version``, which would
only break it).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from chipscope.model.shell_words import shell_command
from chipscope.model.toml_words import toml_string

SCENARIO_KEYS = ("format_version", "name", "description", "assumptions", "ranges")
"""The top-level keys of a scenario file (:mod:`chipscope.model.scenario`)."""

SWEEP_KEYS = ("scenario", "metrics", "grid", "sample", "ranges")
"""The top-level keys of a sweep spec (:mod:`chipscope.model.sweep`)."""


SWEEP_ONLY_KEYS = tuple(k for k in SWEEP_KEYS if k not in SCENARIO_KEYS)
"""The keys only a sweep spec has: ``scenario``, ``metrics``, ``grid``, ``sample``."""

SCENARIO_ONLY_KEYS = tuple(k for k in SCENARIO_KEYS if k not in SWEEP_KEYS)
"""The keys only a scenario file has: ``format_version``, ``name``, ``description``,
``assumptions``."""


def is_sweep_spec(doc: Mapping[str, Any]) -> bool:
    """Whether ``doc`` reads as a sweep spec: a key only a sweep spec has (``scenario``,
    ``metrics``, [grid] or [sample]; one is enough, a spec being written may lack the rest)
    and none only a scenario file has. Unknown keys (a mistyped ``metric``) do not change
    its kind. A file with keys of both kinds is told its unknown keys by the sweep reader and,
    having ``format_version``, by the scenario reader; without it, :func:`mixed_file_given`."""
    return (any(k in SWEEP_ONLY_KEYS for k in doc)
            and not any(k in SCENARIO_ONLY_KEYS for k in doc))


def is_scenario_file(doc: Mapping[str, Any]) -> bool:
    """Whether ``doc`` reads as a scenario file: only a scenario file's keys, format_version,
    name or assumptions among them (the keys a sweep spec never has)."""
    return (bool(doc) and all(k in SCENARIO_KEYS for k in doc)
            and any(k in doc for k in ("format_version", "name", "assumptions")))


def sweep_spec_given(source: str, base: bool = False, db: object = None) -> str:
    """What to say of a sweep spec read as a scenario file (``base``: as a sweep's base;
    ``db``: the database the command was given, named by the advice); follows "SOURCE is "."""
    todo = ("the base scenario must be a scenario file (format_version, [assumptions])"
            if base else f"run it with `{sweep_command(source, db)}`")
    return f"a sweep spec, not a scenario file; {todo}"


def sweep_command(source: str, db: object = None) -> str:
    """The ``sweep`` command that runs the spec ``source`` (on the database ``db`` when
    given). Its --out is the placeholder FILE.csv, as the ``run`` advice's: a name made from
    the spec's could be a file the user has, which the pasted command would replace."""
    return shell_command("chipscope-cli sweep", [source],
                         [("--out", "FILE.csv"), *_db_option(db)])


def _db_option(db: object) -> list[tuple[str, object]]:
    """The ``--db`` option of an advised command: none when ``db`` is None."""
    return [] if db is None else [("--db", db)]


def mixed_file_given(doc: Mapping[str, Any], source: str, base: bool = False,
                     db: object = None) -> str | None:
    """What to say of a file with keys of both kinds and no ``format_version`` read as a
    scenario file (``base``: as a sweep's base; ``db``: as :func:`sweep_spec_given`), not
    "format_version is missing", which would only lead to "unknown top-level key 'metrics'";
    None for any other file. Follows "SOURCE is "."""
    sweep = [k for k in doc if k in SWEEP_ONLY_KEYS]
    scenario = [k for k in doc if k in SCENARIO_ONLY_KEYS]
    if not sweep or not scenario or "format_version" in doc:
        return None
    move = f"move {', '.join(sweep)} to a sweep spec"
    run = f"`{sweep_command(source, db)}`"
    keep = (f"{scenario_keys_moved(doc, source)} and run {run}" if doc.get("assumptions")
            else f"remove {', '.join(scenario)} and run it with {run}")
    todo = (f"the base scenario must be a scenario file (format_version, [assumptions]); {move}"
            if base else
            f"{move} (a scenario file has format_version, name and [assumptions]), or {keep}")
    return (f"a mix of a sweep spec and a scenario file: it has the sweep spec keys "
            f"{', '.join(sweep)} beside {', '.join(scenario)}; {todo}")


def scenario_keys_moved(doc: Mapping[str, Any], source: str) -> str:
    """How to keep the scenario keys (``[assumptions]``, a name) of a sweep spec ``doc``:
    move them to the base scenario it names, or to a scenario file it is to name; removing
    them would sweep from the defaults, dropping their values."""
    keys = ", ".join(k for k in doc if k in SCENARIO_ONLY_KEYS)
    base = doc.get("scenario")
    if isinstance(base, str) and base.strip():
        return f"move {keys} into its base scenario {base}"
    return (f"move {keys} to a scenario file (format_version = 2) named in "
            f"{PurePath(source).name} by scenario = \"FILE.toml\"")


def scenario_file_given(source: str, db: object = None) -> str:
    """What to say of a scenario file read as a sweep spec (``db``: as
    :func:`sweep_spec_given`); follows "SOURCE is "."""
    name = PurePath(source).name
    run = shell_command("chipscope-cli run", [],
                        [("--scenario", source), ("--out", "FILE.csv"), *_db_option(db)])
    return (f"a scenario file, not a sweep spec; name it as a sweep spec's base scenario "
            f"(scenario = {toml_string(name)} in a spec in the same folder, beside [grid] or "
            f"[sample]), or run it with `{run}`")

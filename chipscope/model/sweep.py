"""Batch sweeps: a grid or a sample of scenarios, each projected and reduced to metrics.

A sweep spec (TOML, docs/sweep.md) holds either ``[grid]`` (lists of values, their cartesian
product) or ``[sample]`` (n draws over ``[ranges.KEY]``, Latin hypercube, Sobol or plain
random, seeded), an optional base ``scenario`` file and the ``metrics`` to record. Pure:
parsing text and computing; reading files and running processes is the CLI's
(:mod:`chipscope.cli_sweep`).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.file_kinds import (
    SWEEP_KEYS,
    is_scenario_file,
    scenario_file_given,
    scenario_keys_moved,
)
from chipscope.model.metrics import KINDS, Metric, parse_metric
from chipscope.model.scenario_checks import (
    TomlProblem,
    flat_keys,
    given_twice,
    load_toml,
    range_number,
    too_small_numbers,
)
from chipscope.model.text_rules import MAX_WHOLE_DIGITS, shown_whole, value_shown
from chipscope.model.toml_lines import KeyLines
from chipscope.model.uncertainty import (
    STRUCTURAL_KEYS,
    Range,
    default_ranges,
    range_from_mapping,
    range_paths,
)
from chipscope.model.written_numbers import quoted_number

MAX_METRICS = 1_000  # names in a spec's metrics list
TOP_KEYS = SWEEP_KEYS
SAMPLE_KEYS = ("n", "seed", "method", "defaults")
METHODS = ("lhs", "sobol", "random")
MAX_SCENARIOS = 100_000
"""A sweep of more scenarios is refused (at ~3 ms each, over 5 minutes on one core)."""
RESULT_COLUMNS = ("metric", "year", "vendor", "value")


@dataclass(frozen=True)
class SweepSpec:
    """A parsed sweep spec (values checked against the assumptions' bounds)."""

    source: str
    scenario: str | None = None
    metrics: tuple[str, ...] = ("share",)
    grid: dict[str, tuple[float, ...]] = field(default_factory=dict)
    ranges: dict[str, Range] = field(default_factory=dict)
    n: int = 0
    seed: int = 0
    method: str = "lhs"
    use_default_ranges: bool = False
    sample_line: str = ""  # "line N: " of [sample], for a fault found with the base's ranges

    @property
    def is_grid(self) -> bool:
        return bool(self.grid)


class SpecError(ValueError):
    """A sweep spec cannot be used: one sentence naming the file, the line or key, the cause."""


def _unknown_keys(doc: Mapping[str, Any], lines: KeyLines, unknown: list[str], source: str
                  ) -> str:
    """What to say of a spec's unknown top-level keys: each with its line, all at once (not
    one a run), and, for a scenario's [assumptions] among them, how to keep their values."""
    allowed = f"(allowed: {', '.join(TOP_KEYS)})"
    if len(unknown) == 1:
        said = f"{lines.prefix(unknown[0])}unknown key {unknown[0]!r} {allowed}"
    else:
        said = "unknown keys " + ", ".join(
            f"{key!r}" + (f" ({line[:-2]})" if (line := lines.prefix(key)) else "")
            for key in unknown) + f" {allowed}"
    if doc.get("assumptions") and "assumptions" in unknown:
        said += f"; {scenario_keys_moved(doc, source)} to keep their values"
    return said


def parse_sweep_spec(text: str, specs: AssumptionSpecs, source: str = "sweep.toml",
                     db: object = None) -> SweepSpec:
    """Parse and check a sweep spec; :class:`SpecError` names the file, line and key (``db``:
    the database the command was given, named by a command the advice prints)."""
    try:
        doc = load_toml(text, "sweep spec")
    except TomlProblem as exc:
        raise SpecError(f"{source}: {exc}") from None
    if is_scenario_file(doc):  # not "unknown key 'format_version'"
        raise SpecError(f"{source} is {scenario_file_given(source, db)}")
    if too_small := too_small_numbers(doc, text,
                                      lambda path, lists: _takes_number(path, lists, specs),
                                      specs):
        raise SpecError(f"{source}: {too_small[0]}")
    spec = _checked(doc, text, specs, source)
    if too_small := too_small_numbers(doc, text):  # one the checks let through: never read as 0
        raise SpecError(f"{source}: {too_small[0]}")
    return spec


def _takes_number(path: str, lists: int, specs: AssumptionSpecs) -> bool:
    """Whether a key path of a sweep spec, ``lists`` lists deep, is a number it may set: an
    item of the grid list of an assumption a grid may sweep, a range's low, high or mode, the
    sample's n or seed (each of the last three one number, not in a list)."""
    head, _, rest = path.partition(".")
    if head == "grid":
        return lists == 1 and rest in specs and rest not in STRUCTURAL_KEYS
    return (head == "ranges" and range_number(rest, lists, specs)) or (
        lists == 0 and path in ("sample.n", "sample.seed"))


def _checked(doc: dict[str, Any], text: str, specs: AssumptionSpecs, source: str
             ) -> SweepSpec:
    """The spec ``doc`` (``text`` parsed) holds, checked; :class:`SpecError` names the file,
    line and key of the first problem."""

    lines = KeyLines(text)

    def fail(path: str | tuple[str, ...], cause: str) -> SpecError:
        # path: the key's, "grid.KEY" ("" for none); or several, the most exact first
        paths = (path,) if isinstance(path, str) else path
        return SpecError(f"{source}: {lines.prefix(*paths)}{cause}")

    if unknown := [key for key in doc if key not in TOP_KEYS]:
        raise SpecError(f"{source}: {_unknown_keys(doc, lines, unknown, source)}")
    if ("grid" in doc) == ("sample" in doc):
        raise fail("grid" if "grid" in doc else "", "give either [grid] or [sample], "
                   "not both" if "grid" in doc else "give [grid] (lists of values) or "
                   "[sample] (n draws over [ranges.KEY])")
    scenario = doc.get("scenario")
    if scenario is not None and not isinstance(scenario, str):
        raise fail("scenario", "scenario must be a file name in quotes")
    if scenario is not None and not scenario.strip():  # read as the spec's own folder
        raise fail("scenario", "scenario is empty; give the base scenario file's name, or "
                   "remove the key to start from the defaults")
    metrics = doc.get("metrics", ["share"])
    if (not isinstance(metrics, list) or not metrics
            or not all(isinstance(m, str) for m in metrics)):
        raise fail("metrics", 'metrics must be a list of names, e.g. ["share", '
                   '"spend:nvidia:2030"]')
    if len(metrics) > MAX_METRICS:
        raise fail("metrics", f"metrics lists {len(metrics):,} names, more than {MAX_METRICS:,}")
    metrics = list(dict.fromkeys(metrics))  # a name given twice is recorded once
    ranges: dict[str, Range] = {}
    raw_ranges = doc.get("ranges", {})
    if not isinstance(raw_ranges, dict):
        raise fail("ranges", "ranges must be tables: [ranges.KEY] with dist, low and high")
    for key, fields in _flat_tables(raw_ranges, "ranges", fail).items():
        if not isinstance(fields, dict):
            raise fail(f"ranges.{key}",
                       f"ranges: {key!r} must be a table with dist, low and high")
        try:
            ranges[key] = range_from_mapping(key, fields, specs)
        except ValueError as exc:
            raise fail(range_paths(key, exc), str(exc)) from None
    if "grid" in doc:
        if ranges:
            raise fail("ranges", "[ranges] are what a [sample] draws from; a [grid] lists its "
                       "values (remove the ranges, or use [sample])")
        return SweepSpec(source, scenario, tuple(metrics), _grid(doc["grid"], specs, fail),
                         ranges)
    return _sample(doc["sample"], source, scenario, tuple(metrics), ranges, fail,
                   lines.prefix("sample"))


def _flat_tables(table: Mapping[str, Any], section: str, fail: Any) -> dict[str, Any]:
    """``[grid]`` or ``[ranges]`` as dotted keys (the scenario files' one flattening); a key
    given twice, as a quoted dotted key and through tables, is refused."""
    twice: list[str] = []
    flat = flat_keys(table, lambda v: not v or any(k in ("dist", "low", "high") for k in v),
                     twice)
    if twice:
        raise fail(f"{section}.{twice[0]}", f"{section}: {given_twice(twice[0])}")
    return flat


def _grid(raw: object, specs: AssumptionSpecs, fail: Any) -> dict[str, tuple[float, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise fail("grid", "[grid] must list at least one key = [value, ...]")
    grid: dict[str, tuple[float, ...]] = {}
    size = 1
    for key, values in _flat_tables(raw, "grid", fail).items():
        if key not in specs:
            from chipscope.model.assumptions import unknown_key_message

            raise fail(f"grid.{key}", f"grid: {unknown_key_message(key, specs)}")
        if key in STRUCTURAL_KEYS:
            raise fail(f"grid.{key}", f"grid: {key} cannot be swept (it sets the years "
                       "projected; run one sweep per value)")
        if not isinstance(values, list) or not values:
            raise fail(f"grid.{key}", _not_a_list(key, values, specs))
        try:
            grid[key] = tuple(specs[key].take(v) for v in values)
        except ValueError as exc:
            raise fail(f"grid.{key}", f"grid: {exc}") from None
        size *= len(values)
    if size > MAX_SCENARIOS:
        raise fail("grid", f"the grid makes {size:,} scenarios, more than {MAX_SCENARIOS:,}")
    return grid


def _not_a_list(key: str, value: object, specs: AssumptionSpecs) -> str:
    """Why a ``[grid]`` key's value is not a list of values, with an example the key takes:
    a switch's ``[true, false]``, else the single value given, in brackets ("[VALUE]" when it
    is too long to show whole), else (none given, or one the key does not take: its fault
    first) the key's default in brackets."""
    spec, d = specs[key], specs[key].default
    example = '["none"]' if d != d else f"[{int(d) if d == int(d) else d}]"
    if spec.kind == "bool":
        example = "[true, false]"
    elif not isinstance(value, (list, dict)):
        try:
            spec.take(value)
        except ValueError as exc:
            return f"grid: {exc}, and a grid's values go in brackets, e.g. {key} = {example}"
        if not shown_whole(value):  # "0.1000…0001 (48 characters)" is no value to write
            return (f"grid: {key} must be a list of values; put the value in brackets: "
                    f"{key} = [VALUE]")
        example = f"[{value_shown(value)}]"
    what = "lists no values; give at least one" if value == [] else "must be a list of values"
    return f"grid: {key} {what}, e.g. {key} = {example}"


def _sample(raw: object, source: str, scenario: str | None, metrics: tuple[str, ...],
            ranges: dict[str, Range], fail_at: Callable[[str, str], SpecError], line: str
            ) -> SweepSpec:
    def fail(key: str, cause: str) -> SpecError:  # a key of [sample], or the table's own
        return fail_at("sample" if key == "sample" else f"sample.{key}", cause)

    if not isinstance(raw, dict):
        raise fail("sample", "[sample] must be a table with n, seed and method")
    for key in raw:
        if key not in SAMPLE_KEYS:
            raise fail(key, f"sample: unknown key {key!r} (allowed: {', '.join(SAMPLE_KEYS)})")
    n, seed = raw.get("n"), raw.get("seed", 0)
    method, defaults = raw.get("method", "lhs"), raw.get("defaults", False)
    if n is None:  # TOML has no null: None is a missing n, not a value to show
        raise fail("sample", f"sample: n is missing; give a whole number from 1 to "
                   f"{MAX_SCENARIOS:,}, e.g. n = 100")
    for name, value in (("n", n), ("seed", seed)):
        if isinstance(value, str):  # "10": text to TOML, though it spells a number
            raise fail(name, f"sample: {name} {quoted_number(value, 'a whole number')}")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_SCENARIOS:
        raise fail("n", f"sample: n must be a whole number from 1 to {MAX_SCENARIOS:,}, "
                   f"not {value_shown(n)}")
    if (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0
            or seed >= 10 ** MAX_WHOLE_DIGITS):
        raise fail("seed", f"sample: seed must be a whole number 0 or more, of at most "
                   f"{MAX_WHOLE_DIGITS} digits, not {value_shown(seed)}")
    if method not in METHODS:
        raise fail("method", f"sample: method must be one of {', '.join(METHODS)}, "
                   f"not {value_shown(method)}")
    if isinstance(defaults, str):  # "true": text to TOML, though it spells a boolean
        raise fail("defaults", f"sample: defaults {quoted_number(defaults, 'true or false')}")
    if not isinstance(defaults, bool):
        raise fail("defaults", "sample: defaults must be true or false")
    if not ranges and not defaults and scenario is None:  # a base's ranges: scenario_table
        raise fail("sample", "a sample needs ranges: add [ranges.KEY] tables, defaults = "
                   "true in [sample] for ChipScope's default ranges, or a base scenario "
                   "(scenario = \"FILE.toml\") whose file has [ranges]")
    return SweepSpec(source, scenario, metrics, {}, ranges, n, seed, method, defaults, line)


# --- scenarios and results ------------------------------------------------------------------
def unit_sample(k: int, n: int, seed: int, method: str) -> F64:
    """(n, k) points in (0, 1): Latin hypercube, Sobol (scrambled) or plain random."""
    from scipy.stats import qmc

    if method == "random":
        out: F64 = np.random.default_rng(seed).random((n, k))
        return out
    engine = (qmc.LatinHypercube(d=k, seed=seed) if method == "lhs"
              else qmc.Sobol(d=k, scramble=True, seed=seed))
    with warnings.catch_warnings():  # Sobol prefers powers of 2; any n is still fine
        warnings.simplefilter("ignore", UserWarning)
        pts: F64 = engine.random(n)
    return pts


def scenario_table(spec: SweepSpec, dataset: Dataset, base: Assumptions,
                   base_ranges: Mapping[str, Range] | None = None
                   ) -> tuple[tuple[str, ...], F64]:
    """The varied keys and an (S, K) array of their values, one row per scenario."""
    specs = base.specs
    if spec.is_grid:
        keys = tuple(spec.grid)
        rows = np.array(list(itertools.product(*spec.grid.values())), dtype=np.float64)
        return keys, rows.reshape(-1, len(keys))
    ranges: dict[str, Range] = dict(default_ranges(dataset, specs, base)
                                    if spec.use_default_ranges else {})
    ranges.update(base_ranges or {})
    ranges.update(spec.ranges)
    if not ranges:  # the spec has none of its own, nor has its base scenario
        raise ValueError(f"{spec.sample_line}a sample needs ranges, and neither this spec "
                         f"nor its base scenario {spec.scenario!r} has any: add [ranges.KEY] "
                         "tables to either, or defaults = true in [sample] for ChipScope's "
                         "default ranges")
    keys = tuple(k for k in specs if k in ranges)
    u = unit_sample(len(keys), spec.n, spec.seed, spec.method)
    cols = [ranges[k].ppf(u[:, j], specs[k].lo, specs[k].hi, base[k])
            for j, k in enumerate(keys)]
    return keys, np.column_stack(cols) if cols else np.zeros((spec.n, 0))


def expand_metrics(names: Sequence[str], dataset: Dataset, base: Assumptions) -> list[Metric]:
    """Metric names, a bare kind ("share") meaning every vendor in every projected year."""
    out: list[Metric] = []
    years = range(int(base["base_year"]) + 1, int(base["horizon_year"]) + 1)
    names_by_id = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    for name in names:
        if name.strip().lower() in KINDS:
            out += [Metric(name.strip().lower(), v, y, str(names_by_id[v]))
                    for y in years for v in dataset.vendor_ids]
        else:
            out.append(parse_metric(name, dataset))
    return list(dict.fromkeys(out))  # "share" and "share:aws:2030" name one value once


def run_scenarios(dataset: Dataset, base: Assumptions, keys: Sequence[str], rows: F64,
                  metrics: Sequence[Metric], first_id: int = 0
                  ) -> list[tuple[int, str, int, str, float]]:
    """(scenario_id, metric kind, year, vendor, value) for each row of ``rows``."""
    out = []
    for i, row in enumerate(rows):
        values = base.replace(dict(zip(keys, (float(v) for v in row), strict=True)))
        proj = project(dataset, values)
        out += [(first_id + i, m.kind, m.year, m.vendor_id, m.value_single(proj))
                for m in metrics]
    return out

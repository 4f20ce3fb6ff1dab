"""A process killed (SIGKILL) in the middle of saving never loses or damages a committed save.

A child process saves scenarios in a tight loop (new names, overwrites of one name, deletes,
autosaves), printing a line after each commit. The test kills it at random moments, many
times, and after each kill opens the database the way the app does, then checks: SQLite's
``PRAGMA integrity_check`` is "ok", and every save the child reported before it died is there
and loads with the exact values.
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.storage import list_scenarios, load_scenario, open_user_database
from chipscope.storage.autosave import load_autosave
from chipscope.storage.recovery import has_hot_journal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 25
POOL = 4

CHILD = r"""
import json, math, sys
from pathlib import Path
from chipscope.storage import delete_scenario, save_scenario
from chipscope.storage.autosave import save_autosave

db, run, pool_file = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pool = [{k: (math.nan if v is None else v) for k, v in d.items()}
        for d in json.loads(Path(pool_file).read_text())]
pad = "x" * 20_000  # a long description: every save spans several pages

def say(*words):
    # One write per line: print() writes word by word when stdout is unbuffered
    # (PYTHONUNBUFFERED), and a kill between words leaves half a line.
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()

say("ready")
i = 0
while True:
    name = f"run{run}-{i}"
    save_scenario(db, name, pad, pool[i % len(pool)])
    say("saved", name)
    save_scenario(db, "shared", f"{run:03d}.{i:06d}", pool[(i + 1) % len(pool)])
    say("shared", f"{run:03d}.{i:06d}")
    save_autosave(db, "working", f"{run:03d}.{i:06d}", pool[(i + 2) % len(pool)])
    say("autosave", f"{run:03d}.{i:06d}")
    if i >= 3 and i % 3 == 0:
        say("deleting", f"run{run}-{i - 3}")
        delete_scenario(db, f"run{run}-{i - 3}")
        say("deleted", f"run{run}-{i - 3}")
    i += 1
"""


def _pool(specs: AssumptionSpecs, rng: random.Random) -> list[dict[str, float]]:
    """Full value sets (every key, valid values, some "none"), as the window would save."""
    out = []
    for _ in range(POOL):
        values = {}
        for key, spec in specs.items():
            if spec.optional and rng.random() < 0.3:
                values[key] = math.nan
            elif spec.kind == "bool":
                values[key] = float(rng.random() < 0.5)
            elif spec.kind == "int":
                values[key] = spec.default
            else:
                hi = min(spec.hi, spec.lo + 1e6)
                values[key] = rng.uniform(spec.lo, hi)
        out.append(values)
    return out


def _same_values(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(
        (math.isnan(x) and math.isnan(b[k])) or x == b[k] for k, x in a.items())


def _kill_at_random(db: Path, run: int, pool_file: Path, delay_s: float) -> list[list[str]]:
    """Start the saver, kill it after ``delay_s`` of saving; the lines it printed."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(run), str(pool_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().strip()
    if first != "ready":
        proc.kill()
        proc.wait()
        pytest.fail(f"saver did not start: {first!r} {proc.stderr.read()}")
    time.sleep(delay_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rest, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"saver ended by itself: {err}"
    # Only whole lines count: the kill may land in the middle of one.
    complete = rest.split("\n")[:-1]
    return [line.split() for line in complete if len(line.split()) == 2]


def test_sigkill_during_saves_loses_nothing_committed(tmp_path: Path) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    dataset, db = open_user_database()
    specs = AssumptionSpecs.for_dataset(dataset)
    pool = _pool(specs, rng)
    pool_file = tmp_path / "pool.json"
    pool_file.write_text(json.dumps(
        [{k: None if math.isnan(v) else v for k, v in d.items()} for d in pool]))
    expected: dict[str, dict[str, float]] = {}
    shared_floor, autosave_floor = "", ""
    interrupted = 0
    for run in range(KILLS):
        lines = _kill_at_random(db, run, pool_file, rng.uniform(0.0, 0.25))
        for line in lines:
            if line[0] == "saved":
                expected[line[1]] = pool[int(line[1].rsplit("-", 1)[1]) % POOL]
            elif line[0] in ("deleting", "deleted"):
                # Killed between the delete's commit and its "deleted" line: either is right.
                expected.pop(line[1], None)
            elif line[0] == "shared":
                shared_floor = line[1]
            elif line[0] == "autosave":
                autosave_floor = line[1]
        interrupted += has_hot_journal(db)
        context = f"(seed {seed}, kill {run + 1})"

        # Open it the way the app does: this must cope with the interrupted write.
        open_user_database()
        with closing(sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        records = {r.name: r for r in list_scenarios(db)}
        for name, values in expected.items():
            assert name in records, f"{name} was saved before the kill but is gone {context}"
            assert _same_values(records[name].values, values), f"{name} changed {context}"
        if shared_floor:
            # The last overwrite the saver reported, or one it made just before dying.
            assert records["shared"].description >= shared_floor, context
        autosave = load_autosave(db)
        if autosave_floor:
            assert autosave is not None and autosave.scenario.description >= autosave_floor
    # Every surviving save loads and runs through the specs (a sample: loading is per file).
    for name in rng.sample(sorted(expected), min(10, len(expected))):
        specs.defaults().replace(load_scenario(db, name).values)
    assert len(expected) > KILLS, "the saver barely saved anything: kills came too early"
    print(f"{KILLS} kills, {len(expected)} saves kept, {interrupted} interrupted mid-write")


def test_bundled_database_is_untouched_by_recovery() -> None:
    from chipscope.storage.recovery import roll_back_interrupted_write

    bundled = paths.bundled_db_path()
    before = bundled.stat().st_mtime_ns
    assert roll_back_interrupted_write(bundled) is False
    assert bundled.stat().st_mtime_ns == before

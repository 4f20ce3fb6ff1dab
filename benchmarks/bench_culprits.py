"""Time of building the app's dataset from many user edits when some of them make the data
checks fail (issue #10: nothing hangs), against the same number of edits that all apply,
measured in the same run.

The edits are deal additions on a copy of the bundled database (data/chipscope.db), each a
real deal's row with its own id, as the window's editor would save it. Cases, at each size N:

- ``all apply`` (the baseline): N sound additions; the data checks run once.
- ``1 named``: N - 1 sound and one deal at a chip the data does not have. The problem names
  the deal, so it is set aside at once.
- ``10 named``: N - 10 sound and ten such deals, spread through the list.
- ``1 unnamed``: N - 1 sound and a retirement of a chip a bundled deal uses (trainium3; the
  added deals are at trainium2). The problem names
  the bundled deal, not an edit, so the culprit is found by bisection of the edits in groups
  (chipscope.model.edit_culprits).

Each case is built ``--rounds`` times (the cases alternate); the table gives the median and
the ratio to ``all apply`` at the same N. Writes benchmarks/results/culprits.json.

    nice -n 19 python benchmarks/bench_culprits.py [--sizes 100 1000 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from chipscope.model.edit_checks import complete_row
    from chipscope.model.edits import Edit, EditSource, build_dataset, find_row, row_digest
    from chipscope.storage.overlay import load_overlay

    folder = Path(tempfile.mkdtemp(prefix="chipscope-bench-culprits-"))
    db = folder / "chipscope.db"
    shutil.copyfile(BUNDLED, db)
    base, _ = load_overlay(db)
    shutil.rmtree(folder, ignore_errors=True)
    source = EditSource("Benchmark", "https://example.com/bench", "2026-11-30", "fair use quote")
    deal = find_row(base, "deals", "anthropic_trainium2_rainier")
    chip = find_row(base, "chips", "trainium3")
    assert deal is not None and chip is not None, "the bundled deal or chip is gone"

    def add(i: int, chip_id: str = "trainium2") -> Edit:
        fields = {**deal, "deal_id": f"bench_{i}", "chip_id": chip_id, "amount": "1000",
                  "first_year": "2027", "last_year": "2028"}
        return Edit("deals", f"bench_{i}", "add", complete_row("deals", fields, base), source,
                    "low", f"2026-01-01T00:00:00.{i:06d}")

    def cases(n: int) -> dict[str, list[Edit]]:
        sound = [add(i) for i in range(n)]
        spread = {n * k // 10 for k in range(10)}
        retire = Edit("chips", "trainium3", "retire", {}, source, "low",
                      "2026-01-02T00:00:00", row_digest(chip))
        return {"all apply": sound,
                "1 named": [*sound[:n // 2], add(n, "no_such_chip"), *sound[n // 2 + 1:]],
                "10 named": [add(i, "no_such_chip") if i in spread else e
                             for i, e in enumerate(sound)],
                "1 unnamed": [*sound[:n // 2], retire, *sound[n // 2 + 1:]]}

    rows: list[dict[str, Any]] = []
    print(f"{'edits':>6} {'case':<10} {'median s':>9} {'set aside':>9} {'ratio':>7}")
    for n in args.sizes:
        built = cases(n)
        times: dict[str, list[float]] = {kind: [] for kind in built}
        aside: dict[str, int] = {}
        for r in range(args.rounds):
            for kind in (built if r % 2 == 0 else reversed(list(built))):
                started = time.perf_counter()
                _, overlay = build_dataset(base, built[kind])
                times[kind].append(time.perf_counter() - started)
                aside[kind] = len(overlay.conflicts)
        baseline = statistics.median(times["all apply"])
        for kind, t in times.items():
            row = {"edits": n, "case": kind, "median_s": round(statistics.median(t), 4),
                   "set_aside": aside[kind],
                   "ratio_to_all_apply": round(statistics.median(t) / baseline, 2)}
            rows.append(row)
            print(f"{n:>6} {kind:<10} {row['median_s']:>9.3f} {aside[kind]:>9} "
                  f"{row['ratio_to_all_apply']:>7.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "culprits.json").write_text(json.dumps(
        {"benchmark": "culprits", "rounds": args.rounds, "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Search benchmark: the in-memory search of the "Sources and details" box on the bundled
dataset, beside an SQLite FTS5 index of the same rows for reference.

Times building the :class:`~chipscope.model.search.SearchIndex` (once per dataset), a search
(every keystroke), the box's filtering of the four tabs (search + row hiding + tab titles) and,
for comparison, building an in-memory FTS5 table of the same rows and querying it (FTS5 matches
word prefixes, not substrings: the comparison is of cost, not of results). Prints median and
max and writes benchmarks/results/search.json. No targets: it says whether search fits a
keystroke (~16 ms) and what a full-text index would save.

    python benchmarks/bench_search.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
RESULTS = Path(__file__).resolve().parent / "results"
QUERIES = ("trainium", "epoch cc by", "Huawéi", "openai 2027", "zzyzx")


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, max) milliseconds of ``fn()`` over ``repeats`` calls."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    repeats = parser.parse_args().repeats

    from chipscope.model.search import SEARCH_TABLES, SearchIndex, fold
    from chipscope.ui.app import ensure_app
    from chipscope.ui.panels.details import DetailsPanel
    from chipscope.ui.previews import preview_dataset

    ensure_app()
    dataset = preview_dataset()
    index = SearchIndex(dataset)
    n_rows = sum(len(rows) for rows in index.rows.values())
    print(f"dataset: {dataset.name}, {n_rows} rows searched in {len(SEARCH_TABLES)} tables")
    results: dict[str, dict[str, float]] = {}

    def record(name: str, fn: Callable[[], object]) -> None:
        median, worst = timed(fn, repeats)
        results[name] = {"median_ms": round(median, 3), "max_ms": round(worst, 3)}
        print(f"{name:44s} median {median:7.2f} ms   max {worst:7.2f} ms")

    record("build the index (once per dataset)", lambda: SearchIndex(dataset))
    for q in QUERIES:
        record(f"search {q!r}", lambda q=q: index.search(q))
    panel = DetailsPanel(dataset)
    box = panel.search_box
    record("box: search + filter 4 tabs ('trainium')", lambda: box.apply("trainium"))
    record("box: clear (every row back)", lambda: box.apply(""))

    def fts_build() -> sqlite3.Connection:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(tbl UNINDEXED, row UNINDEXED, body, "
                    "tokenize='unicode61 remove_diacritics 2')")
        con.executemany("INSERT INTO t VALUES (?, ?, ?)",
                        [(table, i, body) for table, rows in index.rows.items()
                         for i, body in enumerate(rows)])
        return con

    record("FTS5: build (reference)", fts_build)
    con = fts_build()
    words = " ".join(f'"{w}"*' for w in fold("trainium").split())
    record("FTS5: query 'trainium' (reference)",
           lambda: con.execute("SELECT tbl, row FROM t WHERE t MATCH ?", (words,)).fetchall())
    ratio = (results["search 'trainium'"]["median_ms"]
             / results["FTS5: query 'trainium' (reference)"]["median_ms"])
    print(f"in-memory search / FTS5 query ('trainium'): {ratio:.1f}x")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(
        {"dataset": dataset.name, "rows": n_rows, "repeats": repeats, "times": results,
         "search_over_fts5": round(ratio, 2)}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

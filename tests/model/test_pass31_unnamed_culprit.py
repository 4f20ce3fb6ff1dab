"""Session 31 benchmark (benchmarks/bench_culprits.py): a retirement that a newer bundled
dataset broke (a bundled row now uses the chip) names no edited row, so the culprit was found
by bisecting every edit: two checks per halving of all of them (1,000 added deals and that one
retirement took 17 times as long as the same edits all sound). Now the additions are tried
first, on their own: when they are sound only the other edits are bisected. Qt-free."""

from __future__ import annotations

import pandas as pd

from chipscope.model.edit_culprits import find_culprits
from chipscope.model.edits import (
    Edit,
    EditSource,
    _apply_all,
    build_dataset,
    dataset_problems,
    find_row,
    frames_as_text,
    row_digest,
)
from chipscope.model.synthetic import synthetic_dataset

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


def _case(n: int) -> tuple[dict[str, pd.DataFrame], list[Edit], Edit]:
    base = frames_as_text(synthetic_dataset().frames)
    used = str(base["history"]["chip_id"].iloc[0])  # retiring it breaks a bundled row
    chip, deal = find_row(base, "chips", used), find_row(base, "deals", "d0")
    assert chip is not None and deal is not None
    adds = [Edit("deals", f"m{i}", "add", {**deal, "deal_id": f"m{i}"}, SOURCE, "low",
                 f"2026-01-01T00:00:00.{i:06d}") for i in range(n)]
    retire = Edit("chips", used, "retire", {}, SOURCE, "low", "2026-01-02T00:00:00",
                  row_digest(chip))
    return base, adds, retire


def test_one_unnamed_culprit_among_many_additions_takes_a_few_checks() -> None:
    base, adds, retire = _case(300)
    edits = [*adds[:150], retire, *adds[150:]]
    calls = []

    def check(frames: object) -> list[str]:
        calls.append(1)
        return dataset_problems(frames)  # type: ignore[arg-type]

    kept, failed, _ = find_culprits(base, edits, _apply_all, check)
    assert [e.key for e, _ in failed] == [retire.key] and kept == adds
    assert len(calls) <= 8, len(calls)  # bisecting all 301 edits took 15 checks


def test_the_same_edits_are_set_aside_as_before() -> None:
    base, adds, retire = _case(40)
    for edits in ([retire, *adds], [*adds, retire], [*adds[:7], retire, *adds[7:]]):
        dataset, overlay = build_dataset(base, edits)
        assert [c.edit.key for c in overlay.conflicts] == [retire.key]
        assert "no longer passes the data checks" in overlay.conflicts[0].reason
        assert overlay.applied == adds and retire.key in set(dataset.chips["chip_id"])


def test_edits_set_aside_beside_an_unnamed_culprit_are_tried_again() -> None:
    """Pass 31 F4: deals at a chip that a retirement takes away are named by the problems and
    set aside; the retirement itself (a bundled row uses the chip) was then found by
    bisection, and the deals were never tried again without it: all were set aside."""
    base, _, retire = _case(0)
    deal = find_row(base, "deals", "d0")
    assert deal is not None
    at_chip = [Edit("deals", f"m{i}", "add", {**deal, "deal_id": f"m{i}",
                                               "chip_id": retire.key}, SOURCE, "low",
                    f"2026-01-01T00:00:00.{i:06d}") for i in range(30)]
    assert not dataset_problems(build_dataset(base, at_chip)[1].frames)  # sound alone
    for edits in ([*at_chip, retire], [retire, *at_chip]):
        dataset, overlay = build_dataset(base, edits)
        assert [c.edit.key for c in overlay.conflicts] == [retire.key]
        assert overlay.applied == at_chip
        assert {e.key for e in at_chip} <= set(dataset.deals["deal_id"])

"""Pass 25 (F3): each edit that stopped applying cost a full data check or more at EVERY load
(~0.4 s each on the bundled data: 400 conflicting deals, `data diff` 159 s). The culprits the
problems name are now set aside in one round in the fallback too, and a problem the bundled
data has itself sends nobody to the bisection: the number of full checks does not grow with
the number of conflicts."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest

from chipscope.model.edit_culprits import find_culprits
from chipscope.model.edits import Edit, _apply_all, dataset_problems, row_digest
from tests.model.test_pass25_culprits import ADOPTER, SOURCE, _base, _row


def _deals(base: Mapping[str, pd.DataFrame], n: int, prefix: str, **cells: str) -> list[Edit]:
    d0 = _row(base, "deals", "d0")
    return [Edit("deals", f"{prefix}{i:04d}", "add", {**d0, "deal_id": f"{prefix}{i:04d}",
                                                      **cells},
                 SOURCE, "low", f"2026-01-01T{i:05d}") for i in range(n)]


def _good(base: Mapping[str, pd.DataFrame]) -> list[Edit]:
    """Edits that apply: a chip and a deal at it, an adopter with its access rows."""
    c11 = _row(base, "chips", "c11")
    chip = Edit("chips", "xchip", "add", {**c11, "chip_id": "xchip", "name": "X chip"},
                SOURCE, "low", "2026-01-02")
    deal = _deals(base, 1, "ok", chip_id="xchip", vendor_id=c11["vendor_id"])[0]
    adopter = Edit("adopters", "zz", "add", ADOPTER, SOURCE, "low", "2026-01-04")
    access = [Edit("access", f"zz.{v}", "add", {"adopter_id": "zz", "vendor_id": v,
                                                 "access": "1", "notes": ""},
                   SOURCE, "low", "2026-01-04") for v in ("v0", "v3")]
    return [deal, chip, adopter, *access]


def _counted(n_calls: list[int]):  # type: ignore[no-untyped-def]
    def check(frames: Mapping[str, pd.DataFrame]) -> list[str]:
        n_calls.append(1)
        return dataset_problems(frames)
    return check


def _run(base: Mapping[str, pd.DataFrame], edits: list[Edit]
         ) -> tuple[list[Edit], list[tuple[Edit, str]], int]:
    calls: list[int] = []
    kept, failed, frames = find_culprits(base, edits, _apply_all, _counted(calls))
    checks = len(calls)
    assert dataset_problems(frames) == dataset_problems(base)  # no problem the edits add
    return kept, failed, checks


@pytest.mark.parametrize("n", [50, 200])
def test_conflicts_over_a_problem_of_the_bundled_data_take_a_fixed_number_of_checks(
        n: int) -> None:
    """The reproducer: a newer bundled dataset sets an access to 0 that the user's deals (and a
    bundled deal) need. Every deal is set aside with its own reason, the good edits stay (they
    were set aside too, for the bundled deal's problem), in a few checks whatever n is."""
    base = _base()
    access = base["access"].copy()
    access.loc[(access["adopter_id"] == "a0") & (access["vendor_id"] == "v1"), "access"] = "0"
    base["access"] = access
    hist, chips = base["history"], base["chips"]
    at_v1 = set(chips.loc[chips["vendor_id"] == "v1", "chip_id"])
    base["history"] = hist[~((hist["adopter_id"] == "a0") & hist["chip_id"].isin(at_v1))
                           ].reset_index(drop=True)
    assert [p[:38] for p in dataset_problems(base)] == [
        "deals, line 2: adopter 'a0' has no acc"]  # the bundled deal d0 fails itself
    bad = _deals(base, n, "apple_x")
    good = _good(base)
    edits = [*bad[: n // 2], *good, *bad[n // 2:]]
    kept, failed, calls = _run(base, edits)
    assert [e for e, _ in failed] == bad
    for edit, why in failed:
        assert why.startswith(f"deals row {edit.key!r}: adopter 'a0' has no access to "
                              "vendor 'v1'"), why
    assert kept == good
    assert calls <= 6, calls


def test_many_named_conflicts_beside_a_bad_retirement_take_no_more_checks_than_a_few() -> None:
    """N deals at a chip that is gone (each named by its own row) and a retirement that breaks
    bundled rows (named by no edit): the checks do not grow with N (they were ~3 per deal)."""
    base = _base()
    a5 = _row(base, "adopters", "a5")
    retire = Edit("adopters", "a5", "retire", a5, SOURCE, "low", "2026-01-01", row_digest(a5))
    counts = {}
    for n in (50, 200):
        bad = _deals(base, n, "gone", chip_id="nochip")
        good = _good(base)
        kept, failed, counts[n] = _run(base, [*bad[: n // 3], retire, *good, *bad[n // 3:]])
        assert [e for e, _ in failed] == [*bad[: n // 3], retire, *bad[n // 3:]]
        assert "'nochip' is not a known chip" in failed[0][1]
        assert "'a5' is not a known adopter" in dict((e.key, w) for e, w in failed)["a5"]
        assert kept == good
    assert counts[200] <= counts[50] + 2, counts
    assert counts[200] <= 20, counts

"""m21: "... and N more" (too many problems in a scenario file's [ranges], a data file, a
search) printed N without a thousands separator ("... and 39980 more") while every other
count ChipScope prints has one ("has 40,000 problems"). Now the counts read "39,980"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.edit_checks import _listed
from chipscope.model.formatting import capped
from chipscope.model.legend_fit import more_in_table, more_text
from chipscope.model.scenario import MAX_LISTED, ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.tables import DatasetError


def test_capped_counts_the_rest_with_a_separator() -> None:
    items = [f"p{i}" for i in range(40_000)]
    assert capped(items)[-1] == "... and 39,980 more"
    assert capped(items[:1_020])[-1] == "... and 1,000 more"
    assert capped(items[:21])[-1] == "... and 1 more"


def test_a_scenario_with_40000_unknown_ranges_says_39980_with_a_comma() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    text = "format_version = 2\n[ranges]\n" + "".join(f"k{i} = 1\n" for i in range(40_000))
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, specs, "many.toml")
    message = str(info.value)
    assert f"... and {40_000 - MAX_LISTED:,} more" in message
    assert "39980" not in message


def test_the_other_more_counts_have_a_separator() -> None:
    assert _listed([f"p{i}" for i in range(1_503)]).endswith("; and 1,500 more")
    assert str(DatasetError([f"p{i}" for i in range(2_001)])).endswith("(and 2,000 more problems)")
    assert more_in_table(1_200, "adopter") == "+1,200 more adopters (see the table)"
    assert more_text(0, 1_500) == "+1,500 more style keys"


def test_the_storage_counts_have_a_separator(tmp_path: Path) -> None:
    from chipscope.storage.csv_source import _parse
    from chipscope.storage.edit_files import EditFileError

    header = ",".join(f"x{i}" for i in range(2_004))
    said = _parse(tmp_path / "chips.csv", header + "\n", ("chip_id",), "the columns are chip_id")
    assert isinstance(said, str) and "'x3' and 2,000 more" in said, said
    assert str(EditFileError(tmp_path / "e.csv", ["p"] * 1_235)).endswith("(and 1,234 more)")

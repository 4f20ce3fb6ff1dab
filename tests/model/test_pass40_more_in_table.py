"""One "+N more ... (see the table)" text for a legend's series and a bar chart's adopters
(model/legend_fit.py), the texts as they were."""

from __future__ import annotations

from chipscope.model.legend_fit import more_in_table, more_text


def test_more_in_table_takes_the_noun() -> None:
    assert more_in_table(1, "adopter") == "+1 more adopter (see the table)"
    assert more_in_table(7, "adopter") == "+7 more adopters (see the table)"
    assert more_in_table(2, "series", "series") == "+2 more series (see the table)"


def test_the_legend_text_is_unchanged() -> None:
    assert more_text(1) == "+1 more series (see the table)"
    assert more_text(12) == "+12 more series (see the table)"
    assert more_text(3, 1) == "+3 more series (see the table), 1 key"
    assert more_text(0, 2) == "+2 more style keys"


def test_the_adopters_rows_use_it() -> None:
    import pytest

    pytest.importorskip("PySide6")
    from chipscope.ui.charts.bars import more_adopters

    for count in (1, 2, 40):
        assert more_adopters(count) == more_in_table(count, "adopter")
    assert more_adopters(1) == "+1 more adopter (see the table)"
    assert more_adopters(5) == "+5 more adopters (see the table)"

"""Dataset validation: every problem names the table, line and column."""

from __future__ import annotations

import numpy as np
import pytest

from chipscope.model.dataset import H100_DENSE_BF16_TFLOPS, Dataset, DatasetError
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames


def _bad(frames: dict, table: str, row: int, column: str, value: str) -> DatasetError:
    frames[table] = frames[table].copy()
    frames[table].loc[row, column] = value
    with pytest.raises(DatasetError) as err:
        Dataset.from_frames(frames)
    return err.value


def test_valid_dataset_arrays() -> None:
    ds = synthetic_dataset()
    assert ds.history_cube().shape == (4, 6, 12)
    assert np.allclose(ds.h100e_per_unit,
                       ds.chips["dense_bf16_tflops"].to_numpy() / H100_DENSE_BF16_TFLOPS)
    assert ((ds.access_matrix >= 0) & (ds.access_matrix <= 1)).all()


@pytest.mark.parametrize(("table", "column", "value", "message"), [
    ("chips", "launch_year", "soon", "chips, line 4, column launch_year: 'soon' is not a number"),
    ("chips", "dense_bf16_tflops", "-5", "chips, line 4, column dense_bf16_tflops: -5 is outside"),
    ("chips", "vendor_id", "nobody",
     "chips, line 4, column vendor_id: 'nobody' is not a known vendor"),
    ("access", "access", "1.5", "access, line 4, column access: 1.5 is outside [0, 1]"),
    ("adopters", "kind", "alien", "adopters, line 4, column kind: 'alien' is not one of"),
    ("history", "confidence", "", "history, line 4, column confidence: empty"),
])
def test_bad_cells_name_table_line_and_column(table: str, column: str, value: str,
                                              message: str) -> None:
    err = _bad(synthetic_frames(), table, 2, column, value)
    assert any(message in p for p in err.problems), err.problems


def test_sparse_h100_figure_is_rejected() -> None:
    frames = synthetic_frames()
    frames["chips"] = frames["chips"].copy()
    frames["chips"].loc[0, "name"] = "H100 SXM"
    frames["chips"].loc[0, "dense_bf16_tflops"] = "1979"
    with pytest.raises(DatasetError) as err:
        Dataset.from_frames(frames)
    assert any("looks like a sparse figure" in p for p in err.value.problems)


def test_history_h100e_must_match_dense_units() -> None:
    frames = synthetic_frames()
    h = frames["history"].copy()
    h.loc[0, "h100e"] = str(float(h.loc[0, "h100e"]) * 2)
    frames["history"] = h
    with pytest.raises(DatasetError) as err:
        Dataset.from_frames(frames)
    assert any("dense and sparse mixed" in p for p in err.value.problems)


def test_missing_column_and_duplicates() -> None:
    frames = synthetic_frames()
    frames["vendors"] = frames["vendors"].drop(columns=["colour"])
    with pytest.raises(DatasetError, match="vendors: missing column"):
        Dataset.from_frames(frames)
    frames = synthetic_frames()
    frames["chips"].loc[1, "chip_id"] = frames["chips"].loc[0, "chip_id"]
    with pytest.raises(DatasetError) as err:
        Dataset.from_frames(frames)
    assert any("duplicate key" in p for p in err.value.problems)


def test_history_purchase_needs_access() -> None:
    frames = synthetic_frames()
    first = frames["history"].iloc[0]
    vendor = frames["chips"].set_index("chip_id").loc[first["chip_id"], "vendor_id"]
    acc = frames["access"]
    frames["access"] = acc[~((acc["adopter_id"] == first["adopter_id"])
                             & (acc["vendor_id"] == vendor))].reset_index(drop=True)
    with pytest.raises(DatasetError) as err:
        Dataset.from_frames(frames)
    assert any("gives" in p and "no access" in p for p in err.value.problems)

"""`chipscope calibrate` reproduces the shipped fit: refitting the bundled dataset gives
chipscope/model/fitted.py's FITTED at the displayed precision (the point fit only; the
bootstrap ranges take minutes and are not rechecked here)."""

from __future__ import annotations

from chipscope import paths
from chipscope.model import calibration as cal
from chipscope.model import fitted
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.storage import load_dataset
from chipscope.storage.calibration_files import read_calibration_targets


def test_refit_reproduces_fitted_py() -> None:
    dataset = load_dataset(paths.bundled_db_path())
    target = cal.Target.from_frame(read_calibration_targets(paths.calibration_targets_path(),
                                                            dataset))
    result = cal.fit(dataset, target)
    specs = AssumptionSpecs.for_dataset(dataset)
    keys = cal.fitted_keys(specs)
    assert set(fitted.FITTED) == set(keys), "run chipscope-cli calibrate --write"
    for key in keys:
        assert specs[key].format(result.rounded[key]) == specs[key].format(fitted.FITTED[key]), \
            f"{key}: defaults are stale: run chipscope-cli calibrate --write"
    assert abs(result.error - fitted.ERROR) < 1e-9
    assert set(fitted.RANGES) == set(keys)
    for key, (p5, p50, p95) in fitted.RANGES.items():
        assert specs[key].lo <= p5 <= p50 <= p95 <= specs[key].hi

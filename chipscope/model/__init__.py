"""The pure market model: dataset, assumptions, engine and projection. No Qt, no I/O."""

from chipscope.model.assumptions import Assumptions, AssumptionSpecs, ParamSpec
from chipscope.model.chip_supply import bass_cdf
from chipscope.model.dataset import Dataset, DatasetError
from chipscope.model.engine import project
from chipscope.model.projection import MEASURE_LABELS, MEASURE_UNITS, MEASURES, Projection

__all__ = [
    "MEASURES", "MEASURE_LABELS", "MEASURE_UNITS", "AssumptionSpecs", "Assumptions", "Dataset",
    "DatasetError", "ParamSpec", "Projection", "bass_cdf", "project",
]

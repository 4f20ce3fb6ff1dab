"""The Uncertainty dock's fan chart with bands to show: for the tests of how the fan chart and
its panel draw (one helper for all of them)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from chipscope.model.ensemble import EnsembleResult
from chipscope.ui.charts.registry import vendor_names
from chipscope.ui.palette import vendor_colours
from chipscope.ui.session import Session
from chipscope.ui.uncertainty.fan_panel import FanPanel
from chipscope.ui.uncertainty.jobs import BandsRequest, compute_bands


def fan_bands(session: Session, draws: int) -> EnsembleResult:
    """The bands of ``draws`` draws (seed 3, the default ranges) around the session's
    assumptions, on its compute basis, as the dock computes them."""
    request = BandsRequest(session.assumptions, (), draws, 3, session.basis)
    return compute_bands(session.dataset, request).result


def fan_panel(qtbot: QtBot, session: Session, width: int, height: int, *, draws: int,
              note: str) -> FanPanel:
    """A shown fan panel of ``width`` x ``height`` with :func:`fan_bands` (its note ``note``),
    showing the vendors' shares of the session's projection."""
    bands = fan_bands(session, draws)
    dataset = session.dataset
    panel = FanPanel(vendor_names(dataset), vendor_colours(dataset))
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_result(bands, False, note)
    panel.set_measure("share", session.projection)
    return panel

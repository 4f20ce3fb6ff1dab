"""Pass 92 F3: a signal inside one of Compare's reads (the saved values of a ticked scenario)
was handled only after every ticked scenario had been projected: 4.5 s for 256 scenarios. The
comparison now stops at the next scenario once a stop is asked (the app ends at the next turn of
the event loop)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.model.assumptions import Assumptions
from chipscope.storage import stop_request
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.working import WorkingScenario
from tests.ui import test_compare_view as compare

view = compare.view


@pytest.mark.parametrize("signal", [True, False])
def test_a_signal_in_a_read_stops_the_comparison(
        view: CompareView, monkeypatch: pytest.MonkeyPatch, signal: bool) -> None:
    view.set_selection(["Cheap AMD", "Sticky"])
    view._cache.clear()
    read: list[str] = []
    working: WorkingScenario = view.working
    real: Callable[[str], Assumptions] = working.assumptions_of

    def assumptions_of(name: str) -> Assumptions:
        read.append(name)
        if signal:
            stop_request.request_stop()  # what the handler does for a signal in storage
        return real(name)

    monkeypatch.setattr(working, "assumptions_of", assumptions_of)
    try:
        view.update_comparison()
    finally:
        stop_request.clear()
    assert read == (["Cheap AMD"] if signal else ["Cheap AMD", "Sticky"])
    if not signal:
        assert set(view.labels) == {"Cheap AMD", "Sticky"}

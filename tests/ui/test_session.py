"""Session: edits, replacement from outside, coalesced recomputes, finished-edit signal."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from chipscope.model import project
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.session import Session


@pytest.fixture
def session(qtbot: QtBot) -> Session:
    return Session(synthetic_dataset())


def test_starts_with_defaults_and_their_projection(session: Session) -> None:
    assert session.assumptions == session.specs.defaults()
    expected = project(session.dataset, session.assumptions)
    assert np.array_equal(session.projection.h100e, expected.h100e)
    assert not session.is_stale()


def test_set_value_applies_at_once_and_recomputes_once_per_burst(
        qtbot: QtBot, session: Session) -> None:
    changes: list[object] = []
    session.assumptions_changed.connect(changes.append)
    for beta in np.linspace(0.1, 5.0, 100):
        session.set_value("price_sensitivity", round(float(beta), 1))
    assert session.assumptions["price_sensitivity"] == 5.0
    assert len(changes) > 10  # every distinct value is announced at once
    assert session.is_stale() and session.recompute_count == 0
    with qtbot.waitSignal(session.projection_changed):
        pass
    qtbot.waitUntil(lambda: not session.is_stale())
    assert session.recompute_count == 1
    expected = project(session.dataset, session.assumptions)
    assert np.allclose(session.projection.h100e, expected.h100e)


def test_set_value_rejects_bad_values_and_keeps_the_old_ones(session: Session) -> None:
    before = session.assumptions
    with pytest.raises(ValueError, match="price_sensitivity"):
        session.set_value("price_sensitivity", -1.0)
    with pytest.raises(ValueError, match="horizon_year"):
        session.set_value("horizon_year", 2099.0)
    assert session.assumptions is before
    assert not session.is_stale()


def test_same_value_is_not_an_edit(session: Session) -> None:
    changes: list[object] = []
    session.assumptions_changed.connect(changes.append)
    session.set_value("lock_in", session.assumptions["lock_in"])
    session.set_value("vendor.v0.supply_cap_h100e", math.nan)  # NaN == NaN here
    assert changes == [] and not session.is_stale()


def test_set_assumptions_and_reset_all(qtbot: QtBot, session: Session) -> None:
    new = session.assumptions.replace({"lock_in": 1.5, "switching_speed": 0.9})
    with qtbot.waitSignal(session.assumptions_changed) as blocker:
        session.set_assumptions(new)
    assert blocker.args == [new]
    qtbot.waitSignal(session.projection_changed).wait()
    with qtbot.waitSignal(session.assumptions_changed):
        session.reset_all()
    assert session.assumptions == session.specs.defaults()


def test_replace_dataset_reprojects_and_announces_it(qtbot: QtBot, session: Session) -> None:
    session.set_value("lock_in", 1.5)
    smaller = synthetic_dataset(n_vendors=3)
    with qtbot.waitSignals([session.dataset_changed, session.projection_changed]):
        problems = session.replace_dataset(smaller)
    assert problems == [] and session.dataset is smaller
    assert session.assumptions["lock_in"] == 1.5
    assert tuple(session.projection.vendor_ids) == tuple(smaller.vendor_ids)
    qtbot.waitUntil(lambda: not session.is_stale())


def test_assumptions_of_another_dataset_are_refused(session: Session) -> None:
    other = Session(synthetic_dataset(n_vendors=5)).assumptions
    with pytest.raises(ValueError, match="different dataset"):
        session.set_assumptions(other)


def test_finish_edit_records_one_step_and_only_for_real_changes(qtbot: QtBot,
                                                                 session: Session) -> None:
    finished: list[tuple[str, float, float]] = []
    session.edit_finished.connect(lambda *args: finished.append(args))
    start = session.assumptions["lock_in"]
    assert not session.finish_edit("lock_in")  # nothing changed
    for value in (0.7, 0.8, 1.0):  # a drag: ticks, then the release
        session.set_value("lock_in", value)
    assert session.finish_edit("lock_in")
    assert finished == [("lock_in", start, 1.0)]
    assert session.document.history.labels() == ["Lock-in (lambda) change"]


def test_recompute_time_is_reported(qtbot: QtBot, session: Session) -> None:
    session.set_value("lock_in", 1.0)
    with qtbot.waitSignal(session.recompute_time_changed) as blocker:
        pass
    assert blocker.args[0] > 0 and session.last_recompute_ms == blocker.args[0]

"""The Qt-free undo stack: labels, undo/redo order, branching, clean marker, depth."""

from __future__ import annotations

import math

import pytest

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.undo import CommandStack, changed_keys, describe_change

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
BASE = SPECS.defaults()
PRICE = "vendor.v0.price_change_pct"


def _with(**changes: float) -> Assumptions:
    return BASE.replace({k.replace("__", "."): v for k, v in changes.items()})


def test_labels_name_the_changed_key() -> None:
    after = BASE.replace({PRICE: -20})
    assert changed_keys(BASE, after) == [PRICE]
    assert describe_change(BASE, after) == f"{SPECS[PRICE].label}"  # already ends in "change"
    assert SPECS[PRICE].label.endswith("price change")
    assert describe_change(BASE, BASE.replace({"lock_in": 1.0})) == "Lock-in (lambda) change"
    three = BASE.replace({"lock_in": 1.0, "demand_growth_pct": 10, PRICE: 0})
    assert describe_change(BASE, three) == "3 changes"
    assert describe_change(BASE, BASE) == "no change"
    deal = next(k for k in SPECS if k.endswith(".enabled"))
    name = SPECS[deal].label.removesuffix(": on")
    assert describe_change(BASE, BASE.replace({deal: 0.0})) == f"{name} off"
    assert describe_change(BASE.replace({deal: 0.0}), BASE) == f"{name} on"
    nan = BASE.replace({"vendor.v0.supply_cap_h100e": 5e5})
    assert changed_keys(nan, nan.replace({"vendor.v0.supply_cap_h100e": math.nan})) == [
        "vendor.v0.supply_cap_h100e"]


def test_undo_redo_walk_back_and_forth() -> None:
    stack = CommandStack()
    a1 = BASE.replace({PRICE: -20})
    a2 = a1.replace({"lock_in": 1.0})
    assert stack.push(None, BASE, a1) and stack.push(None, a1, a2)
    assert stack.undo_label() == "Undo Lock-in (lambda) change"
    assert stack.undo() == a1
    assert stack.undo_label() == f"Undo {SPECS[PRICE].label}"
    assert stack.redo_label() == "Redo Lock-in (lambda) change"
    assert stack.undo() == BASE
    assert not stack.can_undo() and stack.undo() is None and stack.undo_label() == "Undo"
    assert stack.redo() == a1 and stack.redo() == a2
    assert not stack.can_redo() and stack.redo() is None and stack.redo_label() == "Redo"


def test_push_after_undo_drops_the_redo_branch() -> None:
    stack = CommandStack()
    a1, b1 = BASE.replace({"lock_in": 1.0}), BASE.replace({"lock_in": 2.0})
    stack.push("first", BASE, a1)
    stack.undo()
    stack.push("second", BASE, b1)
    assert stack.labels() == ["second"] and not stack.can_redo()
    assert stack.undo() == BASE and stack.redo() == b1


def test_no_op_push_records_nothing() -> None:
    stack = CommandStack()
    assert stack.push("x", BASE, SPECS.defaults()) is False
    assert len(stack) == 0 and stack.is_clean()


def test_clean_marker_follows_undo_and_redo() -> None:
    stack = CommandStack()
    a1, a2 = BASE.replace({"lock_in": 1.0}), BASE.replace({"lock_in": 2.0})
    assert stack.is_clean()
    stack.push(None, BASE, a1)
    assert not stack.is_clean()
    stack.set_clean()  # saved at a1
    stack.push(None, a1, a2)
    assert not stack.is_clean()
    stack.undo()
    assert stack.is_clean()  # back at the saved state
    stack.undo()
    assert not stack.is_clean()
    stack.redo()
    assert stack.is_clean()
    stack.undo()
    stack.push(None, BASE, a2)  # the saved position is gone with the redo branch
    assert not stack.is_clean()
    stack.undo()
    assert not stack.is_clean()
    stack.clear()
    assert stack.is_clean() and len(stack) == 0
    stack.set_dirty()
    assert not stack.is_clean()


def test_max_depth_drops_the_oldest() -> None:
    stack = CommandStack(max_depth=3)
    values = [BASE.replace({"lock_in": 0.1 * i}) for i in range(6)]
    stack.set_clean()
    for i in range(5):
        stack.push(f"step {i}", values[i], values[i + 1])
    assert stack.labels() == ["step 2", "step 3", "step 4"] and stack.index == 3
    assert stack.undo() == values[4] and stack.undo() == values[3] and stack.undo() == values[2]
    assert stack.undo() is None
    assert not stack.is_clean()  # the clean position fell off the bottom
    with pytest.raises(ValueError, match="max_depth"):
        CommandStack(max_depth=0)


def test_listeners_hear_every_change() -> None:
    stack = CommandStack()
    calls: list[str] = []

    def listener() -> None:
        calls.append(stack.undo_label())

    stack.subscribe(listener)
    a1 = BASE.replace({"lock_in": 1.0})
    stack.push(None, BASE, a1)
    stack.undo()
    stack.redo()
    stack.set_clean()
    stack.clear()
    assert calls == ["Undo Lock-in (lambda) change", "Undo", "Undo Lock-in (lambda) change",
                     "Undo Lock-in (lambda) change", "Undo"]
    stack.unsubscribe(listener)
    stack.push(None, BASE, a1)
    assert len(calls) == 5


def test_map_states_converts_every_state_and_undo_returns_the_converted_one() -> None:
    stack: CommandStack[int] = CommandStack()
    stack.push("one", 1, 2)
    stack.push("two", 2, 3, undo_effect=lambda: stack.map_states(lambda s: s * 10))
    assert stack.undo() == 20  # read after the effect mapped the states
    assert stack.labels() == ["one", "two"] and stack.index == 1
    assert stack.undo() == 10 and stack.redo() == 20 and stack.redo() == 30

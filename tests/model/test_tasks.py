"""TaskContext: progress and cancel for long model functions, without Qt."""

from __future__ import annotations

import itertools

import pytest

from chipscope.model.tasks import NO_CONTEXT, TaskCancelled, TaskContext


def test_progress_is_clipped_and_coalesced() -> None:
    seen: list[float] = []
    context = TaskContext(seen.append)
    for i in range(1000):
        context.progress((i + 1) / 1000)
    assert 90 <= len(seen) <= 101 and seen[0] == 0.001 and seen[-1] == 1.0
    assert all(b - a >= 0.01 for a, b in itertools.pairwise(seen[:-1]))
    count = len(seen)
    context.progress(2.0)  # past the end: already at 1, nothing new
    assert seen[-1] == 1.0 and len(seen) == count
    fresh: list[float] = []
    other = TaskContext(fresh.append)
    other.progress(-1.0)
    other.progress(1.5)
    assert fresh == [0.0, 1.0]


def test_cancel_and_check() -> None:
    context = TaskContext()
    assert not context.cancelled()
    context.check()  # not cancelled: nothing happens
    context.progress(0.5)  # no report function: fine
    context.cancel()
    assert context.cancelled()
    with pytest.raises(TaskCancelled):
        context.check()


def test_no_context_is_never_cancelled() -> None:
    NO_CONTEXT.progress(0.5)
    NO_CONTEXT.check()
    assert not NO_CONTEXT.cancelled()
    with pytest.raises(RuntimeError, match="shared"):
        NO_CONTEXT.cancel()

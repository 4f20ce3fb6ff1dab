"""The Qt face of the model state: one dataset, one set of assumptions, the latest projection.

The session owns the truth the widgets show. Edits come in through :meth:`Session.set_value`
(the one UI -> model slot); every change goes out through :attr:`Session.assumptions_changed`
and, after a recompute, :attr:`Session.projection_changed`.

Recomputes are coalesced: any number of edits inside one event-loop pass cause one recompute,
run by a zero-interval single-shot timer at the start of the next pass. The engine takes well
under a millisecond, so a slider drag recomputes and redraws within the same frame.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from chipscope.model import Assumptions, AssumptionSpecs, Dataset, Projection
from chipscope.model.arrays import same_value
from chipscope.model.basis import BASES, project_on_basis


class Session(QObject):
    """Dataset + assumptions + projection, with change signals.

    Parameters
    ----------
    dataset : the validated dataset the projection runs on.
    assumptions : the starting values; the dataset's defaults when omitted.
    parent : Qt parent.
    basis : the compute basis of the projection, ``"bf16"`` or ``"8bit"``. The assumptions
        stay on the dataset's basis whichever is shown (a saved scenario means the same).

    Signals
    -------
    assumptions_changed(Assumptions)
        The assumptions were replaced, by an edit or from outside (reset, loaded scenario).
    projection_changed(Projection)
        A recompute finished.
    recompute_time_changed(float)
        Milliseconds the last engine run took.
    basis_changed(str)
        The compute basis changed (a projection on it follows).
    edit_finished(str, float, float)
        A user edit of one key finished (slider released, spin box edit done, box ticked):
        key, value before the edit started, value after. One per drag, not per tick: the hook
        for undo.
    """

    assumptions_changed = Signal(object)
    projection_changed = Signal(object)
    recompute_time_changed = Signal(float)
    basis_changed = Signal(str)
    edit_finished = Signal(str, float, float)

    def __init__(self, dataset: Dataset, assumptions: Assumptions | None = None,
                 parent: QObject | None = None, basis: str = "bf16"):
        super().__init__(parent)
        if basis not in BASES:
            raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
        self._dataset = dataset
        self._basis = basis
        self._assumptions = (assumptions if assumptions is not None
                             else AssumptionSpecs.for_dataset(dataset).defaults())
        start = time.perf_counter()
        self._projection = project_on_basis(dataset, self._assumptions, basis)
        self.last_recompute_ms = (time.perf_counter() - start) * 1000.0
        self.recompute_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.recompute_now)

    # --- state -----------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def basis(self) -> str:
        """The compute basis of the projection: ``"bf16"`` or ``"8bit"``."""
        return self._basis

    def set_basis(self, basis: str) -> None:
        """Re-project with 1 H100e on ``basis`` (``"bf16"`` or ``"8bit"``), at once.

        The converted dataset is built the first time a basis is chosen and kept, so
        switching back and forth, and every slider tick after, costs one engine run.
        """
        if basis not in BASES:
            raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
        if basis == self._basis:
            return
        self._basis = basis
        self.basis_changed.emit(basis)
        self.recompute_now()

    @property
    def specs(self) -> AssumptionSpecs:
        return self._assumptions.specs

    @property
    def assumptions(self) -> Assumptions:
        return self._assumptions

    @property
    def projection(self) -> Projection:
        """The latest projection (may lag the assumptions until the pending recompute runs)."""
        return self._projection

    def is_stale(self) -> bool:
        """True while a recompute is scheduled but has not run yet."""
        return self._timer.isActive()

    # --- edits -----------------------------------------------------------------------------
    def set_value(self, key: str, value: float) -> None:
        """Apply one edit (the UI -> model slot) and schedule a recompute.

        Raises
        ------
        ValueError
            Naming the key and the bad value (out of range, horizon before base year...); the
            assumptions are unchanged.
        """
        current = self._assumptions[key]
        if same_value(current, value):
            return
        self._assumptions = self._assumptions.replace({key: value})
        self.assumptions_changed.emit(self._assumptions)
        self._schedule()

    def set_assumptions(self, assumptions: Assumptions) -> None:
        """Replace every value at once (reset all, a loaded scenario, undo)."""
        if assumptions.specs is not self.specs and list(assumptions.specs) != list(self.specs):
            raise ValueError("assumptions: they belong to a different dataset")
        assumptions.check_consistency()
        same = assumptions == self._assumptions
        self._assumptions = assumptions
        # Announced even when equal: a field showing a rejected value goes back to the model.
        self.assumptions_changed.emit(self._assumptions)
        if not same:
            self._schedule()

    def reset_all(self) -> None:
        """Every assumption back to its default."""
        self.set_assumptions(self.specs.defaults())

    def finish_edit(self, key: str, old: float, new: float) -> None:
        """Report that the user finished editing ``key`` (emits :attr:`edit_finished`)."""
        if not same_value(old, new):
            self.edit_finished.emit(key, float(old), float(new))

    # --- recompute ---------------------------------------------------------------------------
    def _schedule(self) -> None:
        # Only start the timer when none is pending: a burst of edits costs one recompute.
        if not self._timer.isActive():
            self._timer.start()

    def recompute_now(self) -> None:
        """Run the engine on the current assumptions and publish the projection."""
        self._timer.stop()
        start = time.perf_counter()
        self._projection = project_on_basis(self._dataset, self._assumptions, self._basis)
        self.last_recompute_ms = (time.perf_counter() - start) * 1000.0
        self.recompute_count += 1
        self.recompute_time_changed.emit(self.last_recompute_ms)
        self.projection_changed.emit(self._projection)

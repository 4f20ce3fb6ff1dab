"""The Qt face of the document: its dataset, assumptions and undo history live in a Qt-free
:class:`~chipscope.model.document.Document` (``session.document``); the session adds the
latest projection, a coalesced recompute (QTimer) and Qt signals re-sending the document's
notifications.

Edits come in through :meth:`Session.set_value` (the one UI -> model slot) and are recorded
for undo by :meth:`Session.finish_edit`; every change goes out through
:attr:`Session.assumptions_changed` and, after a recompute, :attr:`Session.projection_changed`.

Recomputes are coalesced: any number of edits inside one event-loop pass cause one recompute,
run by a zero-interval single-shot timer at the start of the next pass. The engine takes well
under a millisecond, so a slider drag recomputes and redraws within the same frame.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from chipscope.model import Assumptions, AssumptionSpecs, Dataset, Projection
from chipscope.model.basis import BASES, project_on_basis
from chipscope.model.document import Document
from chipscope.model.scenario import Scenario


class Session(QObject):
    """Document + projection, with change signals.

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
        The assumptions were replaced, by an edit or a command (reset, open, undo...).
    projection_changed(Projection)
        A recompute finished.
    recompute_time_changed(float)
        Milliseconds the last engine run took.
    dataset_changed(Dataset)
        The dataset was replaced (:meth:`replace_dataset`); the projection on it follows.
    edit_finished(str, float, float)
        A user edit was recorded as one undo step by :meth:`finish_edit`: key, value at the
        previous step, value now. One per drag, not per tick.
    """

    assumptions_changed = Signal(object)
    projection_changed = Signal(object)
    recompute_time_changed = Signal(float)
    dataset_changed = Signal(object)
    edit_finished = Signal(str, float, float)

    def __init__(self, dataset: Dataset, assumptions: Assumptions | None = None,
                 parent: QObject | None = None, basis: str = "bf16"):
        super().__init__(parent)
        if basis not in BASES:
            raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
        self.document = Document(dataset, assumptions)
        self._basis = basis
        start = time.perf_counter()
        self._projection = project_on_basis(dataset, self.assumptions, basis)
        self.last_recompute_ms = (time.perf_counter() - start) * 1000.0
        self.recompute_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.recompute_now)
        self.document.assumptions_changed.connect(self._on_assumptions)
        self.document.dataset_changed.connect(self._on_dataset)

    # --- state -----------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset:
        return self.document.dataset

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
        self.recompute_now()

    @property
    def specs(self) -> AssumptionSpecs:
        return self.document.specs

    @property
    def assumptions(self) -> Assumptions:
        return self.document.assumptions

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
        self.document.set_value(key, value)

    def set_assumptions(self, assumptions: Assumptions) -> None:
        """Replace every value at once (recorded for undo by the next finished edit or
        command); ValueError if they belong to another dataset."""
        self.document.set_assumptions(assumptions)

    def reset_all(self) -> None:
        """Every assumption back to its default, as one undo step (the one reset-all path)."""
        self.document.reset_all()

    def finish_edit(self, key: str) -> bool:
        """The user finished editing ``key`` (slider released, field left): record the change
        since the last step as one undo step; emits :attr:`edit_finished` if there was one."""
        before = self.document.baseline[key]
        if not self.document.commit():
            return False
        self.edit_finished.emit(key, float(before), float(self.assumptions[key]))
        return True

    def replace_dataset(self, dataset: Dataset,
                        presets: Iterable[Scenario] | None = None) -> list[str]:
        """Show the document on another dataset (see ``Document.replace_dataset``: values
        mapped, undo history cleared); returns the values that fell back to defaults."""
        return self.document.replace_dataset(dataset, presets)

    def _on_assumptions(self, assumptions: Assumptions) -> None:
        self.assumptions_changed.emit(assumptions)
        self._schedule()

    def _on_dataset(self, dataset: Dataset) -> None:
        # The projection on the new dataset exists before anyone rebuilds for it.
        self._timer.stop()
        self._projection = project_on_basis(dataset, self.assumptions, self._basis)
        self.dataset_changed.emit(dataset)
        self.recompute_now()

    # --- recompute ---------------------------------------------------------------------------
    def _schedule(self) -> None:
        # Only start the timer when none is pending: a burst of edits costs one recompute.
        if not self._timer.isActive():
            self._timer.start()

    def recompute_now(self) -> None:
        """Run the engine on the current assumptions and publish the projection."""
        self._timer.stop()
        start = time.perf_counter()
        self._projection = project_on_basis(self.dataset, self.assumptions, self._basis)
        self.last_recompute_ms = (time.perf_counter() - start) * 1000.0
        self.recompute_count += 1
        self.recompute_time_changed.emit(self.last_recompute_ms)
        self.projection_changed.emit(self._projection)

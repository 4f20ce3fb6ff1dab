"""Python's cyclic garbage collector, run on the GUI thread only.

Python runs its collector in whichever thread happens to allocate when a threshold is passed:
with a :class:`~chipscope.ui.worker.Worker` computing in the background, that is often the
worker's thread. A cycle the collector frees there may hold a widget, whose C++ destructor then
runs off the GUI thread: Qt cannot stop its timers from there ("QBasicTimer::stop: Failed.
Possibly trying to stop from a different thread") and the GUI thread later crashes delivering a
timer event to the freed widget (seen as a segmentation fault in
``QTimerInfoList::activateTimers``, after a window was closed while a job had run).

:func:`collect_on_gui_thread` turns the automatic collector off and collects from a timer on
the GUI thread instead, with the same generation thresholds (pyqtgraph's ``GarbageCollector``
does the same for the same reason). It is installed once, by the first worker.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["INTERVAL_MS", "GuiThreadCollector", "collect_on_gui_thread"]

INTERVAL_MS = 250
"""How often the GUI thread looks whether a collection is due."""


class GuiThreadCollector(QObject):
    """Collects the generations whose thresholds were passed, on each tick of its timer."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> None:
        """Collect what Python's automatic collector would have collected by now."""
        count0, count1, count2 = gc.get_count()
        if count0 <= self.thresholds[0]:
            return
        if count1 > self.thresholds[1]:
            gc.collect(2 if count2 > self.thresholds[2] else 1)
        else:
            gc.collect(0)


def collect_on_gui_thread() -> GuiThreadCollector | None:
    """Install the collector on the application (once; later calls return the same one).
    None without a Qt application (nothing to install it on: no worker threads either)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)

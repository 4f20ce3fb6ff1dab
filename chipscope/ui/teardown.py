"""Deterministic teardown of a closed window's Python side.

A window's Python objects reference each other both ways (the window keeps its panels, a panel
keeps the window or the session it serves, lambdas connected to signals keep their owners).
Left alone, such a group is freed by Python's cyclic collector, whenever it happens to run:
in the middle of another window's or another test's event processing, where tearing PySide6
objects down has crashed the interpreter. :func:`release_when_destroyed` breaks the group up
instead, right after Qt has destroyed the window (its ``destroyed`` signal, sent by
``deleteLater``, WA_DeleteOnClose or the window's wrapper being freed): every Python wrapper
under the window forgets its attributes, and plain reference counting frees the rest at once.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject

__all__ = ["release_when_destroyed"]
log = logging.getLogger("chipscope")


def release_when_destroyed(root: QObject, before: Iterable[Callable[[], None]] = ()) -> None:
    """When ``root`` is destroyed, call each of ``before`` (bound methods, e.g. the document
    dropping its listeners), then clear the attributes of ``root`` and of every QObject under
    it now.

    Only weak references are kept until then: a window that is never destroyed by Qt is
    still freed by the collector as before, and nothing here keeps it alive.
    """
    refs = [weakref.ref(o) for o in (root, *root.findChildren(QObject))]
    callbacks = [weakref.WeakMethod(m) for m in before]  # type: ignore[arg-type]

    def release(*_args: Any) -> None:
        for ref in callbacks:
            method = ref()
            if method is not None:
                method()
        callbacks.clear()
        for ref in refs:
            obj = ref()
            if obj is not None:
                vars(obj).clear()
        refs.clear()

    root.destroyed.connect(release)

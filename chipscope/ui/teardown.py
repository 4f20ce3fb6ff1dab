"""Deterministic teardown of a closed window's Python side.

A window's Python objects reference each other both ways (the window keeps its panels, a panel
keeps the window or the session it serves, lambdas connected to signals keep their owners).
Left alone, such a group is freed by Python's cyclic collector, whenever it happens to run:
in the middle of another window's or another test's event processing, where tearing PySide6
objects down has crashed the interpreter. :func:`release_when_destroyed` breaks the group up
instead, as Qt destroys the window (its ``destroyed`` signal, sent on
``deleteLater``, WA_DeleteOnClose or the window's wrapper being freed): the window and every
Python wrapper under it forget their attributes, and reference counting frees the rest at
once.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

__all__ = ["release_when_destroyed"]


def release_when_destroyed(root: QObject, before: Iterable[Callable[[], None]] = ()) -> None:
    """When ``root`` is destroyed, call each of ``before`` (bound methods, e.g. the document
    dropping its listeners), then clear the attributes of every QObject under it (those made
    later included: they are looked up then) as Qt destroys each, and those of ``root`` once
    the last is gone.

    Qt sends ``destroyed`` before it deletes the children, and each object's wrapper is
    invalidated as its destructor starts, so none of its Python methods runs after its own
    ``destroyed``; until then (a shown child window being torn down) it still gets virtual
    calls that need its attributes.
    Only weak references are kept until then: nothing here keeps the window alive, and a
    window Qt never destroys is freed by the collector as before.
    """
    root_ref = weakref.ref(root)
    callbacks = [weakref.WeakMethod(m) for m in before]

    def release(destroyed: QObject | None = None) -> None:
        for ref in callbacks:
            method = ref()
            if method is not None:
                method()
        root_now = root_ref()
        root_vars = vars(root_now) if root_now is not None and hasattr(root_now, "__dict__") \
            else {}
        children = [] if destroyed is None else [
            c for c in destroyed.findChildren(QObject) if hasattr(c, "__dict__")]
        if not children:
            root_vars.clear()
            return
        # Each child is cleared as Qt destroys it, and the root once the last child is gone:
        # until then a child still alive (a visible compare window being torn down) gets
        # virtual calls (headerData, sizeHint, event filters) that need its attributes.
        left = [len(children)]

        def child_gone(attributes: dict[str, object]) -> None:
            attributes.clear()
            left[0] -= 1
            if left[0] == 0:
                root_vars.clear()

        for child in children:
            child.destroyed.connect(functools.partial(child_gone, vars(child)))

    root.destroyed.connect(release)

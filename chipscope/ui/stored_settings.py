"""The one way the window reads a value kept in its QSettings.

A settings file another program (or an older version) wrote can hold a value Qt cannot turn
into the type asked for: ``@ByteArray(\\xff\\xfe)`` read as ``str`` raises UnicodeDecodeError
in PySide, which stopped the window at every start. :func:`setting` gives the default instead
and logs one line naming the key and the file.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSettings

log = logging.getLogger("chipscope")


def setting(settings: QSettings, key: str, default: Any, kind: type | None = None) -> Any:
    """``settings.value(key, default, type=kind)``, or ``default`` when the stored value cannot
    be read as ``kind`` (then a warning naming the key and the file is logged). Without
    ``kind`` the value is returned as Qt gives it (the caller checks its type)."""
    try:
        if kind is None:
            return settings.value(key, default)
        value = settings.value(key, default, type=kind)
    except (UnicodeError, ValueError, TypeError, OverflowError, RuntimeError) as exc:
        log.warning("The setting %s in %s could not be read (%s: %s), so ChipScope started "
                    "with its default setting; choosing it again in the window replaces it.",
                    key, settings.fileName() or "the settings store", type(exc).__name__, exc)
        return default
    return value if isinstance(value, kind) else default

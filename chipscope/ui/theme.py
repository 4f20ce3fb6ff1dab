"""View > Appearance: System (default), Light or Dark, for the whole window and its charts.

"System" keeps the style and palette Qt chose at start-up (which follow the desktop's light or
dark setting); "Light" and "Dark" switch to the Fusion style with a full palette (every role,
disabled colours too), so every widget agrees on every platform. The charts follow the palette
(``ChartArea`` re-themes on a palette change), so a switch is live, without a restart. The
choice is kept in the window's QSettings (``view/appearance``).

Exports stay light whatever the appearance (see ``charts.export.export_theme``).
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory

from chipscope.ui.palette import dark_palette, light_palette
from chipscope.ui.stored_settings import setting

Appearance = Literal["system", "light", "dark"]
APPEARANCES: tuple[Appearance, ...] = ("system", "light", "dark")
SETTINGS_KEY = "view/appearance"
LABELS = {"system": "&System (default)", "light": "&Light", "dark": "&Dark"}
TIPS = {"system": "Follow the desktop's light or dark setting",
        "light": "Light window and charts", "dark": "Dark window and charts"}

_ROLES = QPalette.ColorRole
# The chart previews' palettes (ui.palette: window, base, text, highlight) are the base; these
# are the roles they leave to Qt's defaults, which a whole window needs too.
_LIGHT_EXTRA = {
    _ROLES.PlaceholderText: "#6e6e6e", _ROLES.BrightText: "#ff0000", _ROLES.Light: "#ffffff",
    _ROLES.Midlight: "#f0f0f0", _ROLES.Mid: "#b8b8b8", _ROLES.Dark: "#9f9f9f",
    _ROLES.Shadow: "#767676", _ROLES.Link: "#0060a0", _ROLES.LinkVisited: "#7a3c9c",
    _ROLES.Button: "#e6e6e6", _ROLES.ToolTipBase: "#ffffdc",
}
_DARK_EXTRA = {
    _ROLES.PlaceholderText: "#9a9a9a", _ROLES.BrightText: "#ff6b6b", _ROLES.Light: "#3c3d42",
    _ROLES.Midlight: "#333438", _ROLES.Mid: "#27282b", _ROLES.Dark: "#141416",
    _ROLES.Shadow: "#000000", _ROLES.Link: "#7cc6f2", _ROLES.LinkVisited: "#c79ae0",
    _ROLES.Button: "#2d2e32", _ROLES.AlternateBase: "#26272b", _ROLES.ToolTipBase: "#2d2e32",
    _ROLES.HighlightedText: "#101010",
}
# Disabled text: readable but clearly fainter than the active text.
_DISABLED = {"light": "#9a9a9a", "dark": "#7a7a7a"}


def full_palette(appearance: Appearance) -> QPalette:
    """The Fusion palette of ``"light"`` or ``"dark"``: the chart previews' palette
    (:func:`~chipscope.ui.palette.dark_palette` / ``light_palette``) with every other role
    and the disabled colours filled in."""
    if appearance == "system":
        raise ValueError("appearance: 'system' has no palette of its own")
    dark = appearance == "dark"
    pal = dark_palette() if dark else light_palette()
    for role, colour in (_DARK_EXTRA if dark else _LIGHT_EXTRA).items():
        pal.setColor(role, QColor(colour))
    faint = QColor(_DISABLED[appearance])
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText, _ROLES.HighlightedText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, faint)
    pal.setColor(QPalette.ColorGroup.Disabled, _ROLES.Highlight, pal.color(_ROLES.Mid))
    return pal


def stored_appearance(settings: QSettings | None) -> Appearance:
    """The appearance kept in ``settings`` ("system" when none or not one of ours)."""
    value = setting(settings, SETTINGS_KEY, "system", str) if settings is not None else ""
    return value if value in APPEARANCES else "system"


class AppearanceController(QObject):
    """Applies an appearance to the application and keeps it in the settings.

    Signals
    -------
    appearance_changed(str): after a different appearance was applied.
    """

    appearance_changed = Signal(str)

    def __init__(self, settings: QSettings | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._app = app
        # What "System" goes back to: the style Qt chose before any switch (kept on the
        # application, since a second window must not take Fusion for the system's style).
        self._system_style = str(app.property("chipscope_system_style") or app.style().name())
        app.setProperty("chipscope_system_style", self._system_style)
        self.appearance: Appearance = "system"

    def apply(self, appearance: str, save: bool = True) -> None:
        """Switch the whole application to ``appearance`` now (and keep it, with ``save``).

        Raises
        ------
        ValueError
            ``appearance`` is not "system", "light" or "dark".
        """
        if appearance not in APPEARANCES:
            raise ValueError(f"appearance: {appearance!r} is not one of "
                             f"{', '.join(APPEARANCES)}")
        mode = appearance
        if mode == "system":
            self._app.setStyle(QStyleFactory.create(self._system_style) or self._system_style)
            # An empty palette resolves nothing: the platform's palette, which keeps
            # following the desktop's light or dark setting.
            self._app.setPalette(QPalette())
        else:
            self._app.setStyle("Fusion")
            self._app.setPalette(full_palette(mode))
        self._set_scheme_hint(mode)
        if save and self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, mode)
        if mode != self.appearance:
            self.appearance = mode
            self.appearance_changed.emit(mode)

    def restore(self) -> None:
        """Apply the appearance kept in the settings (at start-up); "system" changes
        nothing."""
        mode = stored_appearance(self.settings)
        if mode != "system":
            self.apply(mode, save=False)

    @staticmethod
    def _set_scheme_hint(mode: Appearance) -> None:
        """Tell Qt (6.8+) the colour scheme too, so native dialogs and title bars follow."""
        hints = QGuiApplication.styleHints()
        if mode == "system":
            if hasattr(hints, "unsetColorScheme"):
                hints.unsetColorScheme()
        elif hasattr(hints, "setColorScheme"):
            hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark"
                                 else Qt.ColorScheme.Light)


def add_appearance_menu(menu: QMenu, controller: AppearanceController) -> dict[str, QAction]:
    """Add View > Appearance (System / Light / Dark, one checked) to ``menu``; returns the
    actions by appearance."""
    sub = menu.addMenu("&Appearance")
    sub.setToolTipsVisible(True)
    group = QActionGroup(sub)
    actions: dict[str, QAction] = {}
    for mode in APPEARANCES:
        action = QAction(LABELS[mode], sub)
        action.setCheckable(True)
        action.setStatusTip(TIPS[mode])
        action.setToolTip(TIPS[mode])
        action.triggered.connect(lambda _=False, m=mode: controller.apply(m))
        group.addAction(action)
        sub.addAction(action)
        actions[mode] = action
    actions[controller.appearance].setChecked(True)
    controller.appearance_changed.connect(lambda m: actions[m].setChecked(True))
    return actions

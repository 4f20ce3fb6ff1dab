"""Colours: one per vendor everywhere (charts, legend, table), and chart colours that follow the
application's :class:`QPalette`, so every chart reads on light and dark themes.

The vendor colours come from the dataset (``vendors.colour``, a colour-blind-safe palette chosen
with the data); this module only reads them, never invents a second set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor, QPalette

# Okabe & Ito (2008), the colour-blind-safe palette the data uses; only a fallback for a
# vendor row whose colour is missing or malformed.
FALLBACK_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                    "#F0E442", "#000000")
OTHER_COLOUR = "#999999"
"""Grey for grouped series ("Other chips"): not a vendor colour."""

MIN_TEXT_CONTRAST = 4.5
"""WCAG AA contrast for normal text."""


def vendor_colours(dataset: Any) -> dict[str, QColor]:
    """Each vendor's colour, keyed by vendor id, in the dataset's vendor order.

    Parameters
    ----------
    dataset : chipscope.model.dataset.Dataset
        Its ``vendors`` frame has ``vendor_id`` and ``colour`` (``#rrggbb``).

    Returns
    -------
    dict[str, QColor]
        A malformed or empty colour falls back to the Okabe-Ito palette, in vendor order.
    """
    out: dict[str, QColor] = {}
    vendors = dataset.vendors
    for i, (vid, text) in enumerate(zip(vendors["vendor_id"], vendors["colour"], strict=True)):
        colour = QColor(str(text).strip())
        if not colour.isValid():
            colour = QColor(FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)])
        out[str(vid)] = colour
    return out


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b`` (opaque)."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def with_alpha(colour: QColor, alpha: int) -> QColor:
    """A copy of ``colour`` with alpha 0-255."""
    out = QColor(colour)
    out.setAlpha(alpha)
    return out


@dataclass(frozen=True)
class ChartTheme:
    """The colours a chart needs besides the vendor colours, derived from one QPalette.

    Attributes
    ----------
    background : plot background (the palette's Base role).
    foreground : text and axes; at least :data:`MIN_TEXT_CONTRAST` against the background.
    muted : secondary text (credit line, tick labels), still readable.
    grid : faint grid lines.
    edge : outline between stacked areas and bars, so a vendor whose colour is close to the
        background (black on a dark theme) still shows its shape.
    is_dark : whether the background is dark.
    """

    background: QColor
    foreground: QColor
    muted: QColor
    grid: QColor
    edge: QColor
    is_dark: bool

    def projection_fill(self, colour: QColor) -> QColor:
        """The lighter fill of projected years: the vendor colour washed towards the
        background, so history stays the solid, stronger shape. (Less on a dark background,
        where dark vendor colours would otherwise sink into it.)"""
        return blend(colour, self.background, 0.35 if self.is_dark else 0.45)


def chart_theme(palette: QPalette) -> ChartTheme:
    """Chart colours readable on ``palette`` (light or dark).

    The text colour is the palette's own unless it is too faint against the base colour,
    in which case black or white is used, whichever contrasts more.
    """
    background = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    foreground = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    if contrast_ratio(foreground, background) < MIN_TEXT_CONTRAST:
        black, white = QColor("#000000"), QColor("#ffffff")
        foreground = max((black, white), key=lambda c: contrast_ratio(c, background))
    is_dark = relative_luminance(background) < 0.18
    return ChartTheme(
        background=background,
        foreground=foreground,
        muted=blend(foreground, background, 0.25),
        grid=with_alpha(foreground, 40),
        edge=with_alpha(foreground, 110 if is_dark else 90),
        is_dark=is_dark,
    )


# Shades of a vendor's colour for its 2nd, 3rd... chip: + towards white, - towards black,
# ordered so that neighbours in rank differ most.
_CHIP_SHADES = (0.0, 0.4, -0.35, 0.65, -0.6, 0.2, -0.15, 0.8, -0.75)


def chip_colour(vendor_colour: QColor, rank: int) -> QColor:
    """The ``rank``-th chip of one vendor: the vendor's colour, then distinct lighter and
    darker shades of it, so chips keep their vendor's hue in every chart."""
    shade = _CHIP_SHADES[rank % len(_CHIP_SHADES)]
    if shade == 0:
        return QColor(vendor_colour)
    towards = QColor("#ffffff") if shade > 0 else QColor("#000000")
    return blend(vendor_colour, towards, abs(shade))


def light_palette() -> QPalette:
    """A plain light palette (for tests and a forced light mode)."""
    return _palette("#f5f5f5", "#ffffff", "#1a1a1a", "#0072B2")


def dark_palette() -> QPalette:
    """A plain dark palette (for tests and a forced dark mode)."""
    return _palette("#202124", "#17181a", "#e8e8e8", "#56B4E9")


def _palette(window: str, base: str, text: str, highlight: str) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window, QPalette.ColorRole.Button: window,
        QPalette.ColorRole.WindowText: text, QPalette.ColorRole.Text: text,
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text, QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: base,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    return pal

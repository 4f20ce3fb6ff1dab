"""Colours: one per vendor everywhere (charts, legend, table), and chart colours that follow the
application's :class:`QPalette`, so every chart reads on light and dark themes.

The vendor colours come from the dataset (``vendors.colour``, a colour-blind-safe palette chosen
with the data); this module only reads them, never invents a second set.
"""

from __future__ import annotations

import math
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


def chip_styles(vendor_colour: QColor, count: int) -> list[tuple[QColor, bool]]:
    """(colour, striped) for each of one vendor's ``count`` chips, its main chip first.

    The main chip keeps the vendor colour; the others stay in its hue family (hue within 15
    degrees) at lightness levels far from it and from each other (CIE76 difference above 20).
    Up to six chips use three levels, so the fourth to sixth chips repeat them *striped*.
    """
    if count <= 0:
        return []
    hue = max(vendor_colour.hslHueF(), 0.0)  # -1 for greys
    sat, own = vendor_colour.hslSaturationF(), vendor_colour.lightnessF()
    sat = min(max(sat, 0.45), 0.65) if sat > 0.05 else sat  # no neon shades
    extras = [0.78, 0.55] if own < 0.4 else [0.2, 0.42] if own > 0.6 else (
        [0.8, 0.2] if own < 0.5 else [0.2, 0.8])
    levels = min(count, 3) if count <= 6 else (count + 1) // 2
    if levels > 3:  # many chips: spread the rest evenly between dark and light
        extras = [0.18 + 0.64 * k / (levels - 2) for k in range(levels - 1)]
    out: list[tuple[QColor, bool]] = []
    for i in range(count):
        k = i % levels
        if k == 0:
            shade = QColor(vendor_colour)
        else:
            light = extras[k - 1]
            shifted = (hue + (15 if light > own else -15) / 360) % 1.0
            shade = QColor.fromHslF(shifted, sat, light)
        out.append((shade, i >= levels))
    return out


def stripe_colour(fill: QColor) -> QColor:
    """The stripes over a striped chip's fill: white on a dark fill, black on a light one."""
    dark = relative_luminance(fill) < 0.3
    return with_alpha(QColor("#ffffff" if dark else "#000000"), 190 if dark else 130)


def delta_e(a: QColor, b: QColor) -> float:
    """CIE76 colour difference (about 2: just noticeable; above 10: clearly different)."""
    la, lb = _lab(a), _lab(b)
    return math.dist(la, lb)


def _lab(colour: QColor) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = lin(colour.redF()), lin(colour.greenF()), lin(colour.blueF())
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
           0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


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

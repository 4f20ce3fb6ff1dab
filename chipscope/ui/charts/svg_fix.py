"""Make Qt's SVG render the same in common tools (librsvg / rsvg-convert, ImageMagick, Inkscape).

Why the raw :class:`QSvgGenerator` output draws black blobs there: pyqtgraph paints curves,
whiskers and the base-year line in *data* coordinates, so Qt writes them inside a group whose
``transform`` scales a year to ~110 px and a percentage point to ~6 px, and marks the lines
``vector-effect="non-scaling-stroke"`` (cosmetic pens). Qt and Chromium honour that; librsvg
2.54 and ImageMagick do not, so a 1.5 px whisker becomes a 170 px wide black bar. The 6-digit
matrices also shift points by up to a pixel at x = 2030.

The fix: every group that holds only geometry (paths, polylines, polygons, lines, rects) has
its matrix applied to the coordinates themselves and is left without a transform, so every
stroke width is in output pixels whatever the renderer. Groups holding text or images keep
their transform (they have no cosmetic strokes under a data transform). Strokes that *should*
scale (``vector-effect="none"`` with a stroke) get their width scaled with the matrix.

The root also gets a pixel size (``width``/``height`` in px, the viewBox the layout's logical
pixels) instead of Qt's millimetres at the screen's DPI (1920 px came out as 508 mm).
"""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
_Q = "{" + SVG_NS + "}"
_GEOMETRY = {"path", "polyline", "polygon", "line", "rect"}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# A command letter, or the numbers up to the next one (an exponent's "e" is not a command).
_PATH_TOKEN = re.compile(r"[A-DF-Za-df-z]|[^A-DF-Za-df-z]+")
_MATRIX = re.compile(r"^\s*matrix\(([^)]*)\)\s*$")

ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")

Matrix = tuple[float, float, float, float, float, float]


def _parse_matrix(text: str) -> Matrix | None:
    match = _MATRIX.match(text)
    if not match:
        return None
    values = [float(v) for v in _NUMBER.findall(match.group(1))]
    return (values[0], values[1], values[2], values[3], values[4], values[5]) \
        if len(values) == 6 else None


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _fmt(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(m: Matrix, text: str) -> str:
    nums = [float(v) for v in _NUMBER.findall(text)]
    pairs = (_apply(m, nums[i], nums[i + 1]) for i in range(0, len(nums) - 1, 2))
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in pairs)


def _path(m: Matrix, d: str) -> str | None:
    """``d`` with ``m`` applied, or None when it uses commands other than absolute M/L/C/Q/Z
    (Qt writes only those)."""
    out: list[str] = []
    for token in _PATH_TOKEN.findall(d):
        if token.isalpha():
            if token not in "MLCQZ":
                return None
            out.append(token)
        elif token.strip():
            out.append(_points(m, token))
    return " ".join(out)


def _transform_element(m: Matrix, el: ElementTree.Element) -> bool:
    """Apply ``m`` to ``el``'s coordinates in place; False when it cannot be done."""
    tag = el.tag.removeprefix(_Q)
    if tag == "path":
        d = _path(m, el.get("d", ""))
        if d is None:
            return False
        el.set("d", d)
    elif tag in ("polyline", "polygon"):
        el.set("points", _points(m, el.get("points", "")))
    elif tag == "line":
        x1, y1 = _apply(m, float(el.get("x1", 0)), float(el.get("y1", 0)))
        x2, y2 = _apply(m, float(el.get("x2", 0)), float(el.get("y2", 0)))
        for key, v in (("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)):
            el.set(key, _fmt(v))
    elif tag == "rect":
        if el.get("rx") or el.get("ry"):
            return False
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        w, h = float(el.get("width", 0)), float(el.get("height", 0))
        corners = f"{x},{y} {x + w},{y} {x + w},{y + h} {x},{y + h}"
        el.tag = _Q + "polygon"
        for key in ("x", "y", "width", "height"):
            el.attrib.pop(key, None)
        el.set("points", _points(m, corners))
    return True


def _flatten_group(group: ElementTree.Element) -> None:
    m = _parse_matrix(group.get("transform", ""))
    children = list(group)
    if m is None or not children:
        return
    if any(c.tag.removeprefix(_Q) not in _GEOMETRY or c.get("transform") for c in children):
        return
    scaling = [c for c in children if c.get("vector-effect", "none") != "non-scaling-stroke"]
    stroked = group.get("stroke", "none") != "none"
    if scaling and stroked:
        # A pen meant to scale with the drawing: scale its width (and dashes) with the matrix.
        factor = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        width = float(group.get("stroke-width", "1"))
        if not all(c.get("vector-effect") == "none" for c in children):
            return
        group.set("stroke-width", _fmt(width * factor))
    originals = [dict(c.attrib) for c in children]
    for child in children:
        if not _transform_element(m, child):
            for c, o in zip(children, originals, strict=True):  # all or nothing
                c.attrib.clear()
                c.attrib.update(o)
            return
    group.attrib.pop("transform")


def portable_svg(svg: bytes, width: int, height: int) -> bytes:
    """Qt's SVG ``svg`` rewritten to render alike in every common tool (see the module
    docstring), sized ``width`` x ``height`` px."""
    root = ElementTree.fromstring(svg)
    root.set("width", f"{width}px")
    root.set("height", f"{height}px")
    for group in root.iter(_Q + "g"):
        _flatten_group(group)
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body


def set_metadata(svg: bytes, title: str, description: str) -> bytes:
    """``svg`` with its ``<title>`` and ``<desc>`` set (created when missing)."""
    root = ElementTree.fromstring(svg)
    for tag, text in (("title", title), ("desc", description)):
        el = root.find(_Q + tag)
        if el is None:
            el = ElementTree.Element(_Q + tag)
            root.insert(0 if tag == "title" else 1, el)
        el.text = text
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body

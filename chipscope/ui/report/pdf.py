"""The scenario report as the bytes of a PDF: title block, the four projection charts, the
vendor-share table, the changed assumptions, the notes and the sources with their licences.

No file I/O here: :func:`report_pdf` returns bytes (the window and the CLI write them with
:func:`chipscope.storage.files.write_bytes`). The text is one :class:`QTextDocument`
(:mod:`chipscope.ui.report.html`) laid out at the printer's resolution and painted page by
page into a :class:`QPdfWriter`, with a footer (scenario, page N of M) on each page. The charts
are drawn by :func:`chipscope.ui.charts.render.render_image` in a light theme, at a logical
size that keeps their text readable on paper and a pixel ratio that gives about 300 dpi.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QBuffer, QIODevice, QLineF, QLocale, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from chipscope import __version__
from chipscope.model.assumptions import Assumptions
from chipscope.model.basis import project_on_basis
from chipscope.model.chart_data import ProjectionInput
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection
from chipscope.model.report import ReportFacts, report_facts
from chipscope.ui.charts.registry import CHARTS
from chipscope.ui.charts.render import ensure_app, render_image
from chipscope.ui.palette import chart_theme, light_palette
from chipscope.ui.report.html import Figure, report_html

Paper = Literal["a4", "letter"]
PAPERS: dict[str, QPageSize.PageSizeId] = {"a4": QPageSize.PageSizeId.A4,
                                          "letter": QPageSize.PageSizeId.Letter}
DPI = 300
MARGINS_MM = (18.0, 14.0, 18.0, 12.0)  # left, top, right, bottom
FOOTER_MM = 9.0
CHART_LOGICAL = (900, 540)
"""The size charts are laid out at (px): about 174 mm wide on paper, so their 10 pt labels
print at about 7 pt."""
KEEP_WHOLE_FRACTION = 0.2  # a paragraph shorter than this part of a page is never split
MAX_KEEP_PASSES = 100
REPORT_CHARTS = ("vendor_share", "chip_mix", "vendor_absolute", "adopters")
NEW_PAGE = {"chip_mix", "adopters"}  # two figures to a page, the first with the title block


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of: the scenario's name and description, its values on a
    dataset, and the compute basis."""

    dataset: Dataset
    values: Assumptions
    name: str
    description: str = ""
    basis: str = "bf16"


@dataclass(frozen=True)
class ReportFile:
    """A finished report: the PDF's bytes and its number of pages."""

    data: bytes
    pages: int


def default_paper() -> Paper:
    """Letter where the locale measures in inches (the US), else A4."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


def _caption(name: str, projection: Projection, year: int) -> str:
    unit = projection.unit("h100e")
    years = (f"History {int(projection.years[0])}\u2013{projection.base_year} (solid), "
             f"projection to {int(projection.years[-1])} (lighter).")
    return {
        "vendor_share": f"Each vendor's share of the year's purchases, in % of compute "
                        f"({unit}). {years}",
        "chip_mix": f"The most-bought chips' share of the year's purchases, in % of compute "
                    f"({unit}); the rest as Other chips. {years}",
        "vendor_absolute": f"Purchases per vendor per year, in {unit}. {years}",
        "adopters": f"How each buyer splits its {year} purchases between vendors, in "
                    f"{unit}.",
    }.get(name, CHARTS[name].tip)


def chart_figures(dataset: Dataset, projection: Projection, text_width_px: float,
                  dpi: int = DPI) -> list[tuple[Figure, QImage]]:
    """The report's charts, each rendered at ``text_width_px`` (CSS px) wide on paper and
    about ``dpi`` dots per inch."""
    ensure_app()
    theme = chart_theme(light_palette())  # paper is white whatever the screen's theme
    year = int(projection.years[-1])
    data = ProjectionInput(projection, "h100e", year)
    width, height = CHART_LOGICAL
    scale = text_width_px / 96 * dpi / width
    out = []
    for name in REPORT_CHARTS:
        image = render_image(name, data, width, height, scale, dataset=dataset, theme=theme)
        fig = Figure(f"chart://{name}", CHARTS[name].title, _caption(name, projection, year),
                     round(text_width_px), round(text_width_px * height / width),
                     new_page=name in NEW_PAGE)
        out.append((fig, image))
    return out


def build_report(inp: ReportInput, paper: Paper = "a4",
                 generated: dt.datetime | None = None) -> ReportFile:
    """Project ``inp`` and return the report as a PDF (bytes, in memory).

    Raises
    ------
    ValueError
        ``paper`` or the basis is unknown.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper: {paper!r} is not one of {', '.join(PAPERS)}")
    projection = project_on_basis(inp.dataset, inp.values, inp.basis)
    when = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    facts = report_facts(inp.dataset, inp.values, projection, name=inp.name,
                         description=inp.description, version=__version__,
                         generated=when.strftime("%Y-%m-%d %H:%M UTC"))
    return report_pdf(facts, inp.dataset, projection, paper)


def report_pdf(facts: ReportFacts, dataset: Dataset, projection: Projection,
               paper: Paper = "a4") -> ReportFile:
    """The PDF of ``facts`` with the charts of ``projection``, in memory."""
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(f"ChipScope report: {facts.scenario_name}")
    writer.setCreator(f"ChipScope {facts.version}")
    left, top, right, bottom = MARGINS_MM
    writer.setPageLayout(QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait,
                                     QMarginsF(left, top, right, bottom),
                                     QPageLayout.Unit.Millimeter))
    body = writer.pageLayout().paintRectPixels(DPI)
    footer_px = FOOTER_MM / 25.4 * DPI
    text_width_css = body.width() / DPI * 96
    doc = _document(facts, chart_figures(dataset, projection, text_width_css), writer)
    page = QSizeF(body.width(), body.height() - footer_px)
    doc.setPageSize(page)
    _keep_paragraphs_whole(doc, page.height())
    pages = doc.pageCount()
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = light_palette()  # paper is white: dark text even in a dark theme
    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError("Qt could not start a PDF drawing")
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * page.height())
            context.clip = QRectF(0, i * page.height(), page.width(), page.height())
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _footer(painter, facts, i + 1, pages, QRectF(0, page.height(), page.width(),
                                                         footer_px))
    finally:
        painter.end()
    return ReportFile(bytes(buffer.data().data()), pages)


def _document(facts: ReportFacts, figures: list[tuple[Figure, QImage]],
              device: Any) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)  # measure text at the printer's resolution
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "Sans Serif"])
    font.setPointSizeF(9.5)
    # No "fi"/"fl" ligatures: a search or a copy of the PDF's text finds "modified".
    font.setFeature(QFont.Tag("liga"), 0)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    option = QTextOption()
    # A long URL or id wraps inside the page instead of running off its edge.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    for fig, image in figures:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(fig.resource), image)
    doc.setHtml(report_html(facts, [fig for fig, _ in figures]))
    return doc


def _keep_paragraphs_whole(doc: QTextDocument, page_height: float) -> None:
    """Start a short paragraph (a source, a caption, a note) on the next page rather than
    split it across two, and a heading with the paragraph after it; long paragraphs may still
    break, and tables break between rows. (Qt's
    HTML reader has no ``page-break-inside``; this moves the first split paragraph down, lays
    the document out again and repeats.)"""
    layout = doc.documentLayout()
    for _ in range(MAX_KEEP_PASSES):
        doc.markContentsDirty(0, doc.characterCount())
        doc.pageCount()  # lays the whole document out (blockBoundingRect alone may not)
        block = doc.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            first, last = int(rect.top() // page_height), int((rect.bottom() - 1) // page_height)
            cursor = QTextCursor(block)
            split = first != last and rect.height() < page_height * KEEP_WHOLE_FRACTION
            if block.blockFormat().headingLevel() and block.next().isValid():
                # A heading stays with what follows it.
                split = int(layout.blockBoundingRect(block.next()).top() // page_height) > last
            fmt = block.blockFormat()
            moved = bool(fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            if split and not moved and cursor.currentTable() is None:
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                break
            block = block.next()
        else:
            return


def _footer(painter: QPainter, facts: ReportFacts, number: int, pages: int,
            rect: QRectF) -> None:
    painter.save()
    font = QFont()
    font.setPointSizeF(7.5)
    font.setFeature(QFont.Tag("liga"), 0)
    painter.setFont(font)
    painter.setPen(QColor("#777777"))
    rule_y = rect.top() + rect.height() * 0.3
    painter.drawLine(QLineF(rect.left(), rule_y, rect.right(), rule_y))
    text_rect = QRectF(rect.left(), rule_y, rect.width(), rect.bottom() - rule_y)
    left = f"ChipScope report \u00b7 {facts.scenario_name}"
    right = f"Page {number} of {pages}"
    metrics = painter.fontMetrics()
    room = int(text_rect.width() - metrics.horizontalAdvance(right) - metrics.averageCharWidth()
               * 4)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     metrics.elidedText(left, Qt.TextElideMode.ElideRight, room))
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     right)
    painter.restore()

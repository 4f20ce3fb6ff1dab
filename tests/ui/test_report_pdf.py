"""The report's PDF, built in memory: paper sizes, the locale's paper, dark text on white paper
whatever the window's theme, and a footer on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QLocale, QSizeF
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.palette import dark_palette
from chipscope.ui.report import ReportInput, build_report, default_paper
from chipscope.ui.report.pdf import _keep_paragraphs_whole

DATASET = synthetic_dataset()


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed; CI installs it")
    return path


def report(tmp_path: Path, paper: str = "a4", name: str = "Dark test") -> tuple[Path, int]:
    inp = ReportInput(DATASET, AssumptionSpecs.for_dataset(DATASET).defaults(), name)
    made = build_report(inp, paper)  # type: ignore[arg-type]
    out = tmp_path / f"{paper}.pdf"
    out.write_bytes(made.data)
    return out, made.pages


@pytest.fixture
def dark_app(qapp: QApplication) -> Iterator[None]:
    old = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(old)


@pytest.mark.parametrize(("paper", "points"), [("a4", "595 x 842"), ("letter", "612 x 792")])
def test_paper_size(qapp: QApplication, tmp_path: Path, paper: str, points: str) -> None:
    out, pages = report(tmp_path, paper)
    info = subprocess.run([tool("pdfinfo"), str(out)], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert points in info and re.search(rf"^Pages:\s+{pages}$", info, re.MULTILINE)
    assert 3 <= pages <= 5  # the synthetic dataset has one source


def test_the_locale_picks_the_paper(qapp: QApplication) -> None:
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert default_paper() == "letter"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert default_paper() == "a4"
    finally:
        QLocale.setDefault(QLocale.system())


def test_text_is_dark_on_white_paper_in_a_dark_theme(dark_app: None, tmp_path: Path) -> None:
    out, pages = report(tmp_path)
    subprocess.run([tool("pdftoppm"), "-r", "50", "-gray", "-png", "-f", "1", "-l", "1",
                    str(out), str(tmp_path / "p")], check=True, timeout=60)
    image = QImage(str(next(tmp_path.glob("p-*.png")))).convertToFormat(
        QImage.Format.Format_Grayscale8)
    view = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, : image.width()]
    title_band = view[: image.height() // 6]  # title block: text only, no chart
    assert np.median(view) > 240  # white paper
    assert (title_band < 60).sum() > 100  # black text, not the theme's light grey
    text = subprocess.run([tool("pdftotext"), str(out), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert text.count("ChipScope report \u00b7 Dark test") == pages
    assert f"Page {pages} of {pages}" in text


def _doc_with_heading() -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml("".join(f"<p>filler {i}</p>" for i in range(20)) + "<h2>Heading</h2>"
                + "<p>" + "a short paragraph of several lines " * 8 + "</p><p>end</p>")
    doc.setTextWidth(300)
    return doc


def _page_of(doc: QTextDocument, index: int, height: float) -> tuple[int, int]:
    rect = doc.documentLayout().blockBoundingRect(doc.findBlockByNumber(index))
    return int(rect.top() // height), int((rect.bottom() - 1) // height)


def test_headings_stay_with_their_text_and_short_paragraphs_stay_whole(
        qapp: QApplication) -> None:
    doc = _doc_with_heading()
    heading = doc.documentLayout().blockBoundingRect(doc.findBlockByNumber(20))
    height = heading.bottom() + 2  # the heading ends a page, its text starts the next one
    doc.setPageSize(QSizeF(300, height))
    assert _page_of(doc, 20, height) == (0, 0) and _page_of(doc, 21, height)[0] == 1
    _keep_paragraphs_whole(doc, height)
    assert _page_of(doc, 20, height) == (1, 1) and _page_of(doc, 21, height)[0] == 1

    doc = _doc_with_heading()
    text = doc.documentLayout().blockBoundingRect(doc.findBlockByNumber(21))
    height = text.top() + text.height() / 2  # the paragraph would break in its middle
    doc.setPageSize(QSizeF(300, height))
    first, last = _page_of(doc, 21, height)
    assert first != last
    _keep_paragraphs_whole(doc, height)
    first, last = _page_of(doc, 21, height)
    assert first == last

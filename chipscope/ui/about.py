"""Help: the About box (version, data sources with licences and dates, model docs) and a
markdown viewer for the user guide and the model documentation, which works offline.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from chipscope import __version__
from chipscope.model import Dataset

EPOCH_CREDITS = (
    "Epoch AI, Data on Machine Learning Hardware (CC BY 4.0)",
    "Epoch AI ai-chip-counts (MIT)",
)
"""Credit lines the data's licences ask for; always shown, whatever the sources table says."""
IMAGE_WIDTH = 760

DOCS = {"user-guide.md": "ChipScope user guide", "model.md": "ChipScope model documentation",
        "data.md": "ChipScope data sources"}


def find_doc(name: str) -> Path | None:
    """A documentation file: bundled with the app (wheel, PyInstaller) or from the checkout."""
    package = Path(__file__).resolve().parent.parent
    candidates = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "chipscope" / "_bundled" / "docs" / name)
    candidates += [package / "_bundled" / "docs" / name, package.parent / "docs" / name]
    return next((p for p in candidates if p.is_file()), None)


def about_html(dataset: Dataset) -> str:
    """The About box's text: version, dataset, every source with its licence and date."""
    e = html.escape
    rows = []
    for _, s in dataset.sources.iterrows():
        cite = e(str(s["citation"]))
        if str(s["url"]).strip():
            cite = f"<a href='{e(str(s['url']))}'>{cite}</a>"
        rows.append(f"<tr><td>{cite}</td><td>{e(str(s['licence']))}</td>"
                    f"<td>{e(str(s['retrieved']))}</td></tr>")
    model_doc = find_doc("model.md")
    model_link = (f"<a href='{QUrl.fromLocalFile(str(model_doc)).toString()}'>docs/model.md</a>"
                  if model_doc else "docs/model.md (Help &gt; Model documentation)")
    credits = "".join(f"<li>{e(c)}</li>" for c in EPOCH_CREDITS)
    return (
        f"<h2>ChipScope {e(__version__)}</h2>"
        "<p>Explore the AI-accelerator market: who bought which chips, and what-if projections "
        "of market share under assumptions you change.</p>"
        f"<p><b>Dataset:</b> {e(dataset.name)}, {e(dataset.date)}</p>"
        f"<p><b>How the projection works:</b> {model_link}</p>"
        f"<h3>Data credits</h3><ul>{credits}</ul>"
        "<h3>Sources</h3>"
        "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
        "<tr><th align='left'>Source</th><th align='left'>Licence</th>"
        f"<th align='left'>Retrieved</th></tr>{''.join(rows)}</table>"
        "<p>Projections are scenarios, not forecasts: every number depends on the assumptions "
        "shown in the Assumptions panel.</p>"
    )


class AboutDialog(QDialog):
    """Help > About ChipScope."""

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About ChipScope")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(_open_link)
        self.browser.setHtml(about_html(dataset))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(640, 520)

    def text(self) -> str:
        return self.browser.toPlainText()


class DocViewer(QDialog):
    """A markdown document in a window: readable offline, links to other docs stay inside."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.show_file(path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(820, 700)

    def show_file(self, path: Path) -> None:
        self.path = path
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        _fit_images(self.browser, IMAGE_WIDTH)

    def _on_link(self, url: QUrl) -> None:
        target = url.path() if url.isRelative() or url.isLocalFile() else ""
        name = Path(url.toLocalFile() if url.isLocalFile() else target).name
        doc = find_doc(name) if name.endswith(".md") else None
        if doc is not None:
            self.show_file(doc)
        else:
            _open_link(url)


def _fit_images(browser: QTextBrowser, width: int) -> None:
    """Shrink images wider than ``width`` px (the screenshot) to fit the viewer."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                source = doc.resource(QTextDocument.ResourceType.ImageResource, image.name())
                natural = source.width() if isinstance(source, (QImage, QPixmap)) else 0
                if natural > width:
                    image.setWidth(width)
                    image.setHeight(source.height() * width / natural)
                    cursor = QTextCursor(doc)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()


def _open_link(url: QUrl) -> None:
    QDesktopServices.openUrl(url)


def doc_viewer(name: str, parent: QWidget | None = None) -> DocViewer | None:
    """A viewer for ``docs/<name>``, or None if the file is not installed."""
    path = find_doc(name)
    if path is None:
        return None
    return DocViewer(path, DOCS.get(name, name), parent)

"""Messages that show names and paths exactly as they are.

Qt guesses whether a label's or a message box's text is HTML (``Qt::AutoText``): a scenario
named ``<b>Plan</b>`` or a file ``<i>x.pdf`` would be drawn in bold or italics (or as a
5,000-pixel broken image for ``<img width=5000 ...>``), hiding the very name the message is
about. Every message built from user or file text goes through here: :func:`literal` for the
text of a message box (the static ``QMessageBox.warning`` and friends, which tests replace),
:func:`plain_label` for labels, :func:`elide` for a typed value too long to repeat, and
:class:`PlainStatusBar` for the main window's passing messages and :class:`MessageLabel` for
a panel's own status line.
"""

from __future__ import annotations

import sys
import time
from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QComboBox, QLabel, QSizeGrip, QStatusBar, QWidget

from chipscope.model.export_meta import one_line
from chipscope.model.text_rules import escaped_hidden, shortened

MAX_SHOWN = 300
"""The most characters of one typed value a message repeats (a pasted 100,000-character
value would make a label taller than the screen)."""


def elide(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` (a path, a name, a typed value) on one line: its middle replaced by "…" when
    longer than ``limit`` characters (the model's :func:`~chipscope.model.text_rules.shortened`,
    with the window's longer limit), and every character that would not show as itself (a
    line break, a bidirectional control, a zero-width space) as its escape (``\\u202e``)."""
    return escaped_hidden(shortened(text, limit))


def menu_text(name: str) -> str:
    """``name`` (a vendor, a file, an undo step naming a scenario) as a menu item shows it: on
    one line (:func:`elide`: a tab would show the rest as a shortcut, "AMD\\tCtrl+Q"), and
    "&" doubled (Qt reads one as the next letter's mnemonic: "AT&T" showed "ATT")."""
    return elide(name).replace("&", "&&")


def literal(text: str) -> str:
    """``text`` as a message box (Qt's AutoText) shows it literally: characters that would not
    show as themselves (bidirectional controls, which made a whole box read backwards, other
    controls but tab and line break, invisible format characters) as escapes (``\\u202e``),
    whatever the message holds (a path inside a storage error too); unchanged when Qt would not
    take it for HTML, else as HTML that spells out every character (line breaks kept)."""
    text = escaped_hidden(text, keep="\n\t")
    if not GuiQt.mightBeRichText(text):
        return text
    body = escape(text, quote=False).replace("\n", "<br>")
    return f'<p style="white-space:pre-wrap">{body}</p>'


def plain_label(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally (never as HTML); returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PlainStatusBar(QStatusBar):
    """The main window's status bar: every passing message on one line, each character that
    would not show as itself (a line break in a file name, a bidirectional control that turned
    the rest of the line backwards) as its escape, and a pasted 100,000-character name shortened
    in the middle. One rule for every ``showMessage`` (saves, exports, loads, the scenario
    messages)."""

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 - Qt's name
        super().showMessage(escaped_hidden(shortened(text, 4 * MAX_SHOWN)), timeout or 0)


class MessageLabel(QLabel):
    """A panel's status line (a save, an export, a refusal): its text literal, never HTML, and
    each character that would not show as itself as its escape (line breaks kept: a list of
    problems is several lines), like :func:`literal` does for a message box."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(escaped_hidden(text, keep="\n"))


def names_combo(shown: int = 16) -> QComboBox:
    """A combo box of names users give (vendors, scenarios): as wide as ``shown`` characters
    whatever its longest name, which shows whole in its list. A 100-character vendor name,
    which Edit data allows, made a dock, and so the window, wider than a laptop's screen."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(shown)
    return combo


def cut(text: str, limit: int) -> str:
    """``text`` cut after ``limit`` - 1 characters with "…" when longer: a name given in Edit
    data (up to 100 characters) where a line must keep its width, as in a chart's legend or a
    form's heading (which then show it whole in their tooltip)."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


NAME_LIMIT = 40
"""The longest name a chart's legend or axis shows, in characters: the legend sits beside the
plot, in its layout, and a 200-character reference name squeezed the plot to a strip a few
pixels wide; a 100-character adopter name took the adopters chart's whole width."""


def name_line(name: str, limit: int = NAME_LIMIT) -> str:
    """A name given in Edit data as a chart shows it: on one line (tabs and line breaks as
    spaces, as the tables and the CLI show them: pass 79, F6), every other character that
    would not show as itself as its escape (a bidirectional control must not read the entry
    backwards), cut at ``limit`` characters with "…" (the tables and the difference panel show
    it whole). The cut falls between whole escapes, never inside one (pass 85, F3: a lone
    backslash before the "…")."""
    line = one_line(name)
    shown = escaped_hidden(line)
    if shown == line or len(shown) <= limit:
        return cut(shown, limit)
    kept: list[str] = []
    room = limit - 1
    for piece in map(escaped_hidden, line):
        room -= len(piece)
        if room < 0:
            break
        kept.append(piece)
    return "".join(kept) + "\u2026"


def header_line(label: str, series: str | None, limit: int) -> str:
    """A column header on one line, as :func:`name_line`, cut in its ``series`` name (the name
    the label begins with) rather than at its end, so that "… share (%)" keeps its unit; the
    rest is itself cut at half the ``limit`` (a difference column names a second scenario)."""
    if len(name_line(label, sys.maxsize)) <= limit or not series \
            or not label.startswith(series) \
            or not label[len(series):].strip():  # only the name: no "… " (pass 84, F3)
        return name_line(label, limit)
    rest = name_line(label[len(series):], limit // 2)
    return f"{name_line(series, limit - len(rest) - 1)} {rest}"


def session_note(bar: QStatusBar, short: str, whole: str, passing: str | None = None,
                 squeeze: str = "", keep: str | None = None) -> QLabel:
    """A state that holds for the whole session in the status ``bar``: ``short`` kept at the
    right, the ``whole`` sentence its tooltip, and ``passing`` (a shorter sentence, its remedy
    first; default ``whole``) as a passing message (one without an end would hide the dataset's
    name and the warnings at the left all session). A message too long for Qt's message area
    (left of every permanent widget: pass 34 F3, the database's "⚠ Read-only" too) ends in "…"
    rather than being cut mid-word (pass 33 F4), after its beginning ``keep`` (its remedy;
    default all of it), whose ``squeeze`` part (a folder's name) is shortened in the middle
    when that alone does not leave room (:func:`fitted`); it is fitted again when the bar
    changes width while it shows. Returns the kept label. Adding a widget lays the bar out
    again, which queues showing its other widgets: that is done first, not later over the
    message (shown now, so a note that waits for the bar to be free waits for it)."""
    label = plain_label(QLabel(short))
    label.setToolTip(literal(whole))
    bar.addPermanentWidget(label)
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        QCoreApplication.sendPostedEvents(child, QEvent.Type.MetaCall)
    _FittedMessage(bar, escaped_hidden(passing or whole), escaped_hidden(squeeze),
                   None if keep is None else escaped_hidden(keep))
    return label


def message_room(bar: QStatusBar) -> int:
    """The width Qt draws a passing message in (its ``QStatusBarPrivate::messageRect``): from
    x = 6 to 2 px before the first visible permanent widget, or to the size grip, or 12 px
    before the right edge. While a message shows, the bar's other (not permanent) widgets are
    hidden, so every visible widget in the bar is a permanent one. The bar is laid out first
    (a message hides the widgets that give way to it, as the timings)."""
    QCoreApplication.sendPostedEvents(bar, QEvent.Type.LayoutRequest)
    if (layout := bar.layout()) is not None:
        layout.activate()
    right = bar.width() - 12
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisibleTo(bar) and not child.isWindow():
            right = min(right, child.x() if isinstance(child, QSizeGrip) else child.x() - 2)
    return right - 6


def fitted(metrics: QFontMetrics, text: str, room: int, squeeze: str = "",
           keep: str | None = None) -> str:
    """``text`` as it fits ``room`` pixels: whole, else cut at the right with "…" if that
    keeps its beginning ``keep`` (its remedy; default the whole text) whole, else with its
    ``squeeze`` part (a folder's name, inside ``keep``) shortened in the middle, down to a few
    letters, until it does; else cut at the right all the same."""
    def cut(line: str) -> str:
        return metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)

    keep = text if keep is None else keep
    shown = text if metrics.horizontalAdvance(text) <= room else cut(text)
    if shown == text or shown.startswith(keep) or not squeeze or squeeze not in keep:
        return shown
    least = metrics.horizontalAdvance(squeeze[:4] + "\u2026")
    end = "" if keep == text else "\u2026"
    part = metrics.horizontalAdvance(squeeze) - (metrics.horizontalAdvance(keep + end) - room)
    while part >= least:
        short = metrics.elidedText(squeeze, Qt.TextElideMode.ElideMiddle, part)
        line, kept = text.replace(squeeze, short, 1), keep.replace(squeeze, short, 1)
        line = line if metrics.horizontalAdvance(line) <= room else cut(line)
        if line.startswith(kept):
            return line
        part -= max(1, metrics.averageCharWidth())
    return shown


class _FittedMessage(QObject):
    """A passing message fitted to the bar's message area, and fitted again (for the time it
    has left) when the bar is resized or laid out again while it shows."""

    def __init__(self, bar: QStatusBar, text: str, squeeze: str, keep: str | None):
        super().__init__(bar)
        self.bar, self.text, self.squeeze, self.keep = bar, text, squeeze, keep
        self.ends = time.monotonic() + max(8000, 60 * len(text)) / 1000
        self.shown: str | None = None
        self.pending = False
        bar.showMessage(text, self._left())  # hides what gives way to a message first
        self.shown = text
        self.fit()
        bar.installEventFilter(self)

    def _left(self) -> int:
        return max(1, round(1000 * (self.ends - time.monotonic())))

    def fit(self) -> None:
        self.pending = False
        if self.bar.currentMessage() != self.shown or time.monotonic() >= self.ends:
            self.bar.removeEventFilter(self)  # replaced or gone: done
            self.deleteLater()
            return
        text = fitted(self.bar.fontMetrics(), self.text, message_room(self.bar),
                      self.squeeze, self.keep)
        if text != self.shown:
            self.shown = text
            self.bar.showMessage(text, self._left())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
                and not self.pending):
            self.pending = True
            QTimer.singleShot(0, self.fit)
        return False

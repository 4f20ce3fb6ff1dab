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

from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QComboBox, QLabel, QStatusBar, QWidget

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


def session_note(bar: QStatusBar, short: str, whole: str, passing: str | None = None) -> QLabel:
    """A state that holds for the whole session in the status ``bar``: ``short`` kept at the
    right, the ``whole`` sentence its tooltip, and ``passing`` (a shorter sentence, its remedy
    first; default ``whole``) as a passing message (one without an end would hide the dataset's
    name and the warnings at the left all session). A message too long for the room left of
    the kept label ends in "…" rather than being cut mid-word (pass 33 F4). Returns the kept
    label. Adding a widget lays the bar out again, which queues showing its other widgets: that
    is done first, not later over the message (shown now, so a note that waits for the bar to
    be free waits for it)."""
    label = plain_label(QLabel(short))
    label.setToolTip(literal(whole))
    bar.addPermanentWidget(label)
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        QCoreApplication.sendPostedEvents(child, QEvent.Type.MetaCall)
    text = escaped_hidden(passing or whole)
    # Qt draws a message from x = 6 to 2 px before the first visible permanent widget (the
    # timings give way to it), and leaves 12 px at the right for the size grip: kept clear.
    gaps = 2 * layout.spacing() if (layout := bar.layout()) is not None else 0
    room = bar.width() - label.sizeHint().width() - 6 - 2 - 12 - gaps
    bar.showMessage(bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room),
                    max(8000, 60 * len(text)))
    return label

"""The editor form of one row of deals, chips, adopters, vendors, sources or access: a field per
column, each checked as the user types with its message next to it, the source and confidence, a
deal's conversion to H100e per year shown live, and a new adopter's vendors ("Buys from": its
access rows, saved with it). The form holds no state the model cannot give
back (:meth:`RowForm.set_row`); saving is the dialog's (``dialog.py``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.data_editor import BUYS_FROM
from chipscope.model.dataset import CONFIDENCE, TABLES
from chipscope.model.edit_checks import (
    CONVERSION_FIELDS,
    deal_conversion,
    field_problems,
    user_fields,
)
from chipscope.model.edits import EditSource, key_columns, key_of
from chipscope.ui.plain import elide, plain_label

SOURCE_FIELDS = (("citation", "Citation", "Who published the figure, and where"),
                 ("url", "URL", "The web address of the source (http:// or https://)"),
                 ("retrieved", "Retrieved", "When you read it, YYYY-MM-DD"),
                 ("licence", "Licence", "The source's licence, or 'fair use quote'"))
ERROR_STYLE = "color: #b00020;"


class RowForm(QWidget):
    """Fields of one row of ``table``; ``frames`` gives the dataset's tables as text (for the
    deal conversion). ``validity_changed(bool)`` follows every keystroke; ``changed()`` is sent
    after every keystroke, row shown or save (:attr:`is_modified` may have changed)."""

    validity_changed = Signal(bool)
    changed = Signal()

    def __init__(self, table: str, frames: Callable[[], Mapping[str, pd.DataFrame]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.table = table
        self._frames = frames
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}  # field id -> its label
        layout = QVBoxLayout(self)
        titles = {"sources": "Source", "access": "Access of an adopter to a vendor"}
        row_box = QGroupBox(titles.get(table, table[:-1].capitalize()))
        form = QFormLayout(row_box)
        for col in (c for c in TABLES[table].columns if c.name in user_fields(table)):
            self._add_field(form, col.name, col.name, col.help, col.choices, col.required)
        self.buys_from_row: QWidget | None = None
        if table == "adopters":  # access rows need their adopter: saved with it, one step
            self._add_field(form, BUYS_FROM, "Buys from",
                            "The vendors the new adopter can buy from or rent, comma-separated "
                            "vendor ids (access 1 each, with this row's source); the access "
                            "table refines them later", None, True)
            self.buys_from_row = self.fields[BUYS_FROM].parentWidget()
        layout.addWidget(row_box)
        self.conversion = QLabel()
        self.conversion.setTextFormat(Qt.TextFormat.RichText)  # every typed value escaped
        self.conversion.setWordWrap(True)
        self.conversion.setToolTip("The deal's amount converted to H100e per year by the rule "
                                   "of docs/data.md (Deal conversion rules)")
        if table == "deals":
            form.addRow("H100e per year", self.conversion)
        if table != "sources":
            src_box = QGroupBox("Source of this row (required)")
            src_form = QFormLayout(src_box)
            for key, label, tip in SOURCE_FIELDS:
                self._add_field(src_form, key, label, tip, None, True)
            self._add_field(src_form, "confidence", "Confidence",
                            "high: vendor document or filing; medium: reputable press or "
                            "analysts; low: a single secondary source", CONFIDENCE, True)
            layout.addWidget(src_box)
        self.summary = plain_label(QLabel())
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self._valid = False
        self.problems: dict[str, str] = {}  # why the form cannot be saved as it is
        self._row_key = ""  # the shown row's id (a source's id has no field: it is made)
        self.kept: list[str] = []  # the typed fields :meth:`reload` kept over the saved row
        self.revalidate()
        self._clean = self._typed()

    def _add_field(self, form: QFormLayout, key: str, label: str, tip: str,
                   choices: tuple[str, ...] | None, required: bool) -> None:
        widget: QLineEdit | QComboBox
        if choices is not None:
            widget = QComboBox()
            widget.addItems(([] if required else [""]) + list(choices))
            widget.currentTextChanged.connect(self.revalidate)
        else:
            widget = QLineEdit()
            widget.setPlaceholderText("required" if required else "optional")
            widget.textChanged.connect(self.revalidate)
        widget.setObjectName(key)
        widget.setToolTip(tip or label)
        error = plain_label(QLabel())
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(widget)
        inner.addWidget(error)
        form.addRow(label + ("" if required else " (optional)"), box)
        self.labels[key] = label  # a problem names the field as the form does
        self.fields[key], self.errors[key] = widget, error

    # --- values -------------------------------------------------------------------------------
    def _text(self, key: str) -> str:
        w = self.fields[key]
        return (w.currentText() if isinstance(w, QComboBox) else w.text()).strip()

    def values(self) -> dict[str, str]:
        """The row's fields as typed; a source's id is its own (a row being edited) or made
        from its citation (a new one), as a deal's source gets one."""
        out = {k: self._text(k) for k in user_fields(self.table)}
        if self.table == "sources":
            out["source_id"] = self._row_key or self.source().source_id
        return out

    def source(self) -> EditSource:
        """The row's source (for the sources table: the row itself)."""
        return EditSource(*(self._text(k) for k, _, _ in SOURCE_FIELDS))

    def vendors(self) -> list[str]:
        """The vendor ids typed in a new adopter's "Buys from" (empty for other tables)."""
        if BUYS_FROM not in self.fields or not self.fields[BUYS_FROM].isEnabled():
            return []
        return [v.strip() for v in self._text(BUYS_FROM).split(",") if v.strip()]

    def set_vendors(self, vendors: list[str]) -> None:
        """Fill a new adopter's "Buys from" (checked again)."""
        widget = self.fields.get(BUYS_FROM)
        if isinstance(widget, QLineEdit):
            widget.setText(", ".join(vendors))
            self.mark_clean()  # given, not typed

    def _typed(self) -> tuple[str, ...]:
        return tuple(w.currentText() if isinstance(w, QComboBox) else w.text()
                     for w in self.fields.values())

    def mark_clean(self) -> None:
        """What the form shows now is saved (or was given, not typed)."""
        self._clean = self._typed()
        self.changed.emit()

    @property
    def is_modified(self) -> bool:
        """True when the user typed values that are not saved (the dialog asks before they
        would be lost), compared as a save stores them (:meth:`_text`: spaces at either end
        dropped), so that a space typed after a word is no change to save."""
        return tuple(t.strip() for t in self._typed()) != tuple(c.strip() for c in self._clean)

    def can_save(self, new_row: bool) -> bool:
        """Valid, and (a row being edited) not what is saved already: a second Save of it
        would be an undo step that changes nothing."""
        return self._valid and (new_row or self.is_modified)

    def confidence(self) -> str:
        return self._text("confidence") if "confidence" in self.fields else "high"

    def set_row(self, fields: Mapping[str, str], source: EditSource | None = None,
                confidence: str = "") -> None:
        """Show a row (and its source); every field is checked again."""
        values = dict(fields)
        self._row_key = key_of(self.table, values) if all(
            values.get(c) for c in key_columns(self.table)) else ""
        if source is not None:
            values.update({"citation": source.citation, "url": source.url,
                           "retrieved": source.retrieved, "licence": source.licence})
        if confidence:
            values["confidence"] = confidence
        self._put([str(values.get(key, "")) for key in self.fields])
        self.mark_clean()

    def _put(self, texts: list[str] | tuple[str, ...]) -> None:
        """Fill the fields, in order, with ``texts`` (then checked again)."""
        for widget, text in zip(self.fields.values(), texts, strict=True):
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findText(text), 0))
            else:
                widget.setText(text)
            widget.blockSignals(False)
        self.revalidate()

    def reload(self, fields: Mapping[str, str], source: EditSource | None = None,
               confidence: str = "") -> bool:
        """Show the row as it is saved now (after an undo, a redo or an import changed it),
        field by field: a field the user typed in (its text differs from the value saved
        before) keeps the typed text, modified against the new saved value (so a Save of it is
        a change the user makes, asked about on leaving); every other field shows the new saved
        value (a Save never writes an old value back over the change). :attr:`kept` names the
        typed fields that differ from the row now. True when the saved values differ from the
        ones saved before."""
        typed, before = self._typed(), self._clean
        self.set_row(fields, source, confidence)
        saved = self._clean
        shown = tuple(t if t != b else s for t, b, s in zip(typed, before, saved, strict=True))
        if shown != saved:
            self._put(shown)
        self.kept = [k for k, t, s in zip(self.fields, shown, saved, strict=True) if t != s]
        return saved != before

    def set_key_editable(self, editable: bool) -> None:
        """The row's id (an access row's adopter and vendor) can be typed for a new row only;
        so can a new adopter's vendors (an existing one's are rows of the access table)."""
        for col in key_columns(self.table):
            widget = self.fields.get(col)
            if isinstance(widget, QLineEdit):  # a source's id is made by the editor: no field
                widget.setReadOnly(not editable)
        if self.buys_from_row is not None:
            self.fields[BUYS_FROM].setEnabled(editable)
            self.buys_from_row.setVisible(editable)
            form = self.buys_from_row.parentWidget()
            layout = form.layout() if form is not None else None
            if isinstance(layout, QFormLayout):
                layout.setRowVisible(self.buys_from_row, editable)
        self.revalidate()

    # --- checks -------------------------------------------------------------------------------
    def _vendor_problems(self) -> dict[str, str]:
        """A new adopter's "Buys from": at least one vendor, each a vendor of the dataset."""
        known = sorted(set(self._frames()["vendors"]["vendor_id"].astype(str)))
        vendors = self.vendors()
        unknown = [v for v in vendors if v not in known]
        if vendors and not unknown:
            return {}
        why = (f"{', '.join(map(repr, unknown))} is not a vendor of the dataset" if unknown
               else "name at least one vendor the adopter buys from")
        return {BUYS_FROM: f"{BUYS_FROM}: {why} (vendor ids: {', '.join(known)})"}

    @property
    def is_valid(self) -> bool:
        return self._valid

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each message next to its field; one without a field below the form."""
        for key, label in self.errors.items():
            text = problems.get(key, "")
            text = text.split(": ", 1)[1] if text.startswith(f"{key}: ") else text
            label.setText(elide(text))
            label.setVisible(bool(text))
        self.summary.setText("\n".join(elide(m) for k, m in problems.items()
                                       if k not in self.errors))

    def revalidate(self) -> None:
        """Check every field (as the data checks do) and update the conversion."""
        fields = self.values()
        problems = field_problems(self.table, {**fields, "h100e_per_year": "0",
                                               "conversion": "-"}
                                  if self.table == "deals" else fields,
                                  self.source(), self.confidence())
        if self.table == "deals":  # a field's own message first: no "inf" it was not typed
            held = next((problems[k] for k in CONVERSION_FIELDS if k in problems), None)
            try:
                if held is not None:
                    raise ValueError(held)
                rate, words = deal_conversion(self._frames(), fields)
                if not math.isfinite(rate):
                    raise ValueError("amount: the H100e per year is too large to compute; "
                                     "check the figure and its unit")
                words = escape(elide(words), quote=False)
                self.conversion.setText(f"<b>{rate + 0.0:,.0f} H100e/yr</b>: {words}")
            except ValueError as exc:
                self.conversion.setText(escape(f"(not yet: {elide(str(exc))})", quote=False))
                field = str(exc).split(":", 1)[0]
                problems.setdefault(field if field in self.fields else "", str(exc))
        if BUYS_FROM in self.fields and self.fields[BUYS_FROM].isEnabled():
            problems.update(self._vendor_problems())
        self.show_problems(problems)
        self.problems = problems
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self.changed.emit()

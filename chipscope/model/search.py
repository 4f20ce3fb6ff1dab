"""Search the dataset's chips, deals, adopters, vendors and sources from one box.

Pure and in memory: each table's cells (ids, names, notes, citations, descriptions, URLs,
numbers) are folded once (case and accents removed, :func:`fold`) into a
:class:`SearchIndex`; :meth:`SearchIndex.search` keeps the rows in which every word of the
query appears in some cell (AND), and says which fields matched with a short snippet. A row
also matches on the names of what it refers to (a deal on its adopter's, vendor's, chip's and
host's names), since the "Sources and details" tabs show those names, and on "[your edit]" when
its source is the user's (docs/data-editing.md). A few hundred rows:
a search takes milliseconds (docs/development.md, "Search"), so no full-text index has to be
kept in step with the user's edits.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.edits import USER_SOURCE_PREFIX

SEARCH_TABLES: dict[str, str] = {
    "chips": "chip_id", "deals": "deal_id", "adopters": "adopter_id",
    "vendors": "vendor_id", "sources": "source_id"}
"""The tables searched, in the order of the results, with their id column."""

NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "chips": ("chip_id", "name"), "deals": ("deal_id", "description"),
    "adopters": ("adopter_id", "name"), "vendors": ("vendor_id", "name"),
    "sources": ("source_id", "citation")}
"""The fields that name a row: a match there ranks the row first in its table."""

REFERENCES: dict[str, tuple[str, str]] = {
    "vendor_id": ("vendors", "vendor"), "adopter_id": ("adopters", "adopter"),
    "host_id": ("adopters", "host"), "chip_id": ("chips", "chip"),
    "owner_id": ("adopters", "owner")}
"""A column naming a row of another table -> (that table, the field its name is searched as)."""

YOUR_EDIT = "[your edit]"
"""Searched as the field ``mark`` of a row whose source is the user's (an edit or an addition),
as the "Sources and details" tabs mark it: "your edit" finds them."""

SNIPPET_CHARS = 80
"""About this many characters of the matched text around the first match."""


def fold(text: str) -> str:
    """``text`` without case or accents: "Huawéi" -> "huawei", "Straße" -> "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_words(text: str) -> list[str]:
    """The folded words of a query (empty for a blank one)."""
    return fold(text).split()


@dataclass(frozen=True)
class Hit:
    """One matching row."""

    table: str
    """Its table ("chips", "deals", "adopters", "vendors", "sources")."""
    row_id: str
    """Its id (``chip_id``, ``deal_id``, ...)."""
    row: int
    """Its position in the dataset's table (0-based), as the "Sources and details" tabs show."""
    fields: tuple[str, ...]
    """The fields in which some word of the query appears, name fields first."""
    snippet: str
    """A short piece of the first matched field around the match ("…Trainium2 chips…")."""
    score: int
    """How many words match in a name field (``NAME_FIELDS``): higher ranks first."""


class SearchIndex:
    """The dataset's searched tables, folded once; :meth:`search` as often as the user types."""

    def __init__(self, dataset: Dataset):
        self.texts: dict[str, list[dict[str, str]]] = {}
        self.folded: dict[str, list[dict[str, str]]] = {}
        self.rows: dict[str, list[str]] = {}
        names = {t: _names(dataset.frames[t], SEARCH_TABLES[t])
                 for t in ("vendors", "adopters", "chips")}
        for table, id_column in SEARCH_TABLES.items():
            frame = dataset.frames[table]
            columns = [str(c) for c in frame.columns]
            texts = [dict(zip(columns, map(_cell, values), strict=True))
                     for values in frame.itertuples(index=False, name=None)]
            for column, (other, field) in REFERENCES.items():
                if column in columns and column != id_column:
                    for row in texts:
                        row[field] = names[other].get(row[column], "")
            for row in texts:  # the tabs' "[your edit]" mark is searchable too
                if row.get("source_id", "").startswith(USER_SOURCE_PREFIX):
                    row["mark"] = YOUR_EDIT
            self.texts[table] = texts
            self.folded[table] = [{c: fold(v) for c, v in row.items()} for row in texts]
            # One string per row for the AND test; fields are sorted out for the hits only.
            self.rows[table] = ["\x1f".join(row.values()) for row in self.folded[table]]

    def search(self, text: str) -> list[Hit]:
        """The rows in which every word of ``text`` appears in some field (case- and
        accent-insensitive), by table (:data:`SEARCH_TABLES`), then name matches first, then
        dataset order. A blank query gives no hit."""
        words = query_words(text)
        if not words:
            return []
        hits: list[Hit] = []
        for table, id_column in SEARCH_TABLES.items():
            table_hits = []
            for row, joined in enumerate(self.rows[table]):
                if not all(w in joined for w in words):
                    continue
                folded = self.folded[table][row]
                fields = [c for c, v in folded.items() if any(w in v for w in words)]
                fields.sort(key=lambda c: c not in NAME_FIELDS[table])
                score = sum(any(w in folded.get(f, "") for f in NAME_FIELDS[table])
                            for w in words)
                shown = next((f for f in fields if f != id_column), fields[0])
                texts = self.texts[table][row]
                table_hits.append(Hit(table, texts[id_column], row, tuple(fields),
                                      snippet(texts[shown], words), score))
            table_hits.sort(key=lambda h: (-h.score, h.row))
            hits += table_hits
        return hits


def search(dataset: Dataset, text: str) -> list[Hit]:
    """The rows of ``dataset`` matching ``text`` (:meth:`SearchIndex.search`)."""
    return SearchIndex(dataset).search(text)


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around the first of ``words`` (folded) found in
    it, with "…" where it is cut."""
    folded, starts = _fold_with_map(text)
    positions = [p for p in (folded.find(w) for w in words) if p >= 0]
    at = starts[min(positions)] if positions else 0
    begin = max(0, at - width // 3)
    end = min(len(text), begin + width)
    begin = max(0, end - width)
    piece = " ".join(text[begin:end].split())
    return ("\u2026" if begin > 0 else "") + piece + ("\u2026" if end < len(text) else "")


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index of the character of ``text``
    it came from."""
    if text.isascii():  # most cells: one folded character per character
        return text.lower(), list(range(len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        starts += [i] * len(f)
    return "".join(out), [*starts, len(text)]


def _names(frame: pd.DataFrame, id_column: str) -> dict[str, str]:
    return {str(i): _cell(n) for i, n in zip(frame[id_column], frame["name"], strict=True)}


def _cell(value: object) -> str:
    """A cell as text: blank for missing, integers without ".0"."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.0f}" if value.is_integer() else f"{value:g}"
    return str(value)

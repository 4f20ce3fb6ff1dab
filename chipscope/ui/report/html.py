"""The report's text as Qt rich text (the HTML subset :class:`QTextDocument` reads).

No Qt here: :func:`report_html` turns :class:`~chipscope.model.report.ReportFacts` and the
figures' captions into one HTML string; :mod:`chipscope.ui.report.pdf` lays it out on pages.
Every piece of user or dataset text is escaped. Tables have a ``<thead>``, which Qt repeats at
the top of each page a table continues on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _escape

from chipscope.model.report import ReportFacts

MUTED = "#555555"
RULE = "#b0b0b0"
HEAD_BG = "#e8eef4"
HISTORY_BG = "#f3f3f3"


@dataclass(frozen=True)
class Figure:
    """One chart in the report: its resource name, caption, and size on the page in CSS px
    (96 per inch; Qt scales them to the printer)."""

    resource: str
    title: str
    caption: str
    width_px: int
    height_px: int
    new_page: bool = False


LONG_WORD = 200
"""A run of this many characters without a space gets a break opportunity (U+200B) after it:
Qt lays out one long word in time that grows with its square (a vendor named with 200,000
letters kept `chipscope-cli report` busy for minutes). URLs and ids are shorter."""

_LONG_RUN = re.compile(rf"(\S{{{LONG_WORD}}})(?=\S)")


def escape(text: str) -> str:
    """``text`` as HTML: escaped, and breakable in runs longer than :data:`LONG_WORD`."""
    return _escape(_LONG_RUN.sub("\\1\u200b", text))


def _p(text: str, style: str = "") -> str:
    return f'<p style="{style}">{text}</p>' if style else f"<p>{text}</p>"


def _title_block(f: ReportFacts) -> str:
    rows = [("Dataset", f"{f.dataset_name}, {f.dataset_date}"),
            ("Compute basis", f.basis_text),
            ("Years", f"history to {f.base_year}, projection to {f.horizon_year}"),
            ("ChipScope version", f.version),
            ("Generated", f.generated)]
    cells = "".join(
        f'<tr><td style="color:{MUTED}; padding-right:12px">{escape(k)}</td>'
        f"<td>{escape(v)}</td></tr>" for k, v in rows)
    description = "".join(_p(escape(line)) for line in f.description.splitlines()
                          if line.strip()) or _p("(no description)", f"color:{MUTED}")
    return (f'<p style="font-size:9pt; color:{MUTED}; margin-bottom:0">ChipScope report</p>'
            f'<h1 style="font-size:20pt; margin-top:2px; margin-bottom:6px">'
            f"{escape(f.scenario_name)}</h1>"
            f"{description}"
            f'<table cellspacing="0" cellpadding="1" style="margin-top:8px; margin-bottom:10px; '
            f'font-size:8.5pt">{cells}</table>')


def _figure(fig: Figure, number: int) -> str:
    brk = "page-break-before: always; " if fig.new_page else ""
    return (f'<p style="{brk}margin-top:10px; margin-bottom:0" align="center">'
            f'<img src="{_escape(fig.resource)}" width="{fig.width_px}" '
            f'height="{fig.height_px}"></p>'
            f'<p style="font-size:8.5pt; margin-top:3px; margin-bottom:12px">'
            f"<b>Figure {number}. {escape(fig.title)}.</b> {escape(fig.caption)}</p>")


def _heading(text: str, new_page: bool = False) -> str:
    brk = "page-break-before: always; " if new_page else ""
    return (f'<h2 style="{brk}font-size:13pt; margin-top:14px; margin-bottom:4px">'
            f"{escape(text)}</h2>")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], *, align: Sequence[str],
           widths: Sequence[int] | None = None, shaded: Sequence[bool] = ()) -> str:
    """A ruled table; ``align`` per column ("left"/"right"), ``widths`` in % of the page,
    ``shaded`` per column (history years get a grey background)."""
    def cell(tag: str, text: str, i: int, bg: str = "") -> str:
        width = f' width="{widths[i]}%"' if widths else ""
        colour = f' bgcolor="{bg}"' if bg else ""
        return (f'<{tag} align="{align[i]}"{width}{colour} style="border: 1px solid {RULE}">'
                f"{text}</{tag}>")

    header = "".join(cell("th", escape(h), i, HEAD_BG) for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", escape(v), i,
                              HISTORY_BG if i < len(shaded) and shaded[i] else "")
                         for i, v in enumerate(row)) + "</tr>" for row in rows)
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="3" '
            f'style="border-collapse:collapse; border-color:{RULE}; border-style:solid; '
            'font-size:8.5pt">'
            f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>")


def _shares(f: ReportFacts) -> str:
    t = f.shares
    head = ["Vendor", *(f"{y}" + ("" if h else "*") for y, h in
                        zip(t.years, t.history, strict=True))]
    rows = [[name, *cells] for name, cells in t.rows]
    rows.append([f"Total ({t.unit})", *t.totals])
    name_width = 100 - 8 * len(t.years)
    shaded = [False, *t.history]
    return (_p(f"Each vendor's share of the year's purchases, in % of compute ({escape(t.unit)})"
               f"; grey columns are history, * marks projected years. \u2013 is none, &lt;0.1 "
               "a share below 0.05 %. Vendors ordered by their share in the last year.",
               "font-size:8.5pt")
            + _table(head, rows, align=["left", *["right"] * len(t.years)],
                     widths=[name_width, *[8] * len(t.years)], shaded=shaded))


def _changed(f: ReportFacts) -> str:
    if not f.changed:
        return _p("None: every assumption is at its default.")
    rows = [[c.label, c.group, c.value, c.default] for c in f.changed]
    n = len(f.changed)
    return (_p(f"{n} assumption{' differs' if n == 1 else 's differ'} from ChipScope's "
               "defaults.", "font-size:8.5pt")
            + _table(["Assumption", "Group", "Value", "Default"], rows,
                     align=["left", "left", "right", "right"], widths=[52, 12, 18, 18]))


def _notes(f: ReportFacts) -> str:
    if not f.notes:
        return _p("None: no deal was cut to fit demand and no demand was left unmet.")
    return "".join(_p("\u2022 " + escape(n)) for n in f.notes)


def _sources(f: ReportFacts) -> str:
    items = []
    for i, s in enumerate(f.sources, 1):
        items.append(
            f'<p style="font-size:8pt; margin-top:0; margin-bottom:5px">'
            f"<b>{i}.</b> {escape(s.citation)}<br>"
            f'<span style="color:{MUTED}">Licence:</span> {escape(s.licence)}; '
            f'<span style="color:{MUTED}">retrieved</span> {escape(s.retrieved)}'
            + (f'<br><span style="color:#1f4e99">{escape(s.url)}</span>' if s.url.strip()
               else "") + "</p>")
    return "".join(items)


def report_html(facts: ReportFacts, figures: Sequence[Figure]) -> str:
    """The whole report as one HTML document: title block, figures, the share table, the
    changed assumptions, the notes and the sources."""
    parts = [_title_block(facts)]
    parts += [_figure(fig, i) for i, fig in enumerate(figures, 1)]
    parts += [_heading("Vendor share in key years"), _shares(facts),
              _heading("Assumptions changed from the defaults"), _changed(facts),
              _heading("Notes on the projection"), _notes(facts),
              _heading(f"Sources ({len(facts.sources)}) and their licences"),
              _p("The dataset's sources, as cited in its sources table.", "font-size:8.5pt"),
              _sources(facts)]
    return f"<html><body>{''.join(parts)}</body></html>"

"""The parts every report workbook is built from: a column, the cell formats, the printed
page, and a sheet holding one table.

Why a module of their own: the Excel report (``reporters/excel.py``) and the district
desk's workbook (``reporters/district.py``) lay out their sheets the same way, so a
table written by either looks, sorts and prints alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from anting_rule_of_law.reporters.xlsx_body import BodySheet
from anting_rule_of_law.rulekinds.vocabulary import label
from anting_rule_of_law.xlsxprint import display_width, page_setup, row_height, wrapped_lines

__all__ = ["NUMERIC_KINDS", "WIDTH_CAP", "Column", "Page", "Styles", "write_table"]

#: Column kinds that hold numbers.
NUMERIC_KINDS = frozenset({"int", "score", "share", "percent", "delta", "places"})
#: The widest a column of each kind may be (characters); longer text wraps.
WIDTH_CAP: Mapping[str, float] = {
    "code": 12,
    "int": 8,
    "score": 10,
    "share": 10,
    "percent": 10,
    "delta": 10,
    "places": 10,
    "text": 16,
    "name": 26,
    "long": 36,
    "trail": 48,
    "line": 44,
    # the indicator system's title, on one line when it is no longer than the
    # reference framework's (上海市…创建指标（参考重构版）)
    "about": 52,
}


class Column(NamedTuple):
    """One column of a sheet: its header's label key, how to get a row's value, its kind
    (``code``, ``text``, ``name``, ``long``, ``trail``, ``about`` for text, by how wide
    they may grow;
    ``line`` for one line of text that does not wrap; ``int``, ``score``, ``share`` (a
    share of points, coloured red to green), ``percent`` (any other percentage, not
    coloured), and the signed changes ``delta`` (points) and ``places`` (ranks) for numbers)."""

    key: str
    get: Callable[[Mapping[str, Any]], Any]
    kind: str
    #: The header when it is not a label (a year, a stage's total): shown as it is.
    header: str = ""


def _text_width(text: str) -> int:
    """Columns the widest line of a cell's text needs (names and codes repeat: cached)."""
    return _line_width(text)


@functools.lru_cache(maxsize=65536)
def _line_width(text: str) -> int:
    return max((display_width(line) for line in text.split("\n")), default=0)


class Page:
    """What every printed page's header says: the scope (unit, year, stage)."""

    def __init__(self, *, scope: str, lang: str) -> None:
        self.scope, self.lang = scope, lang

    def apply(
        self,
        ws: Any,
        widths: Sequence[float],
        freeze: int = 0,
        one_page: bool = False,
        header_rows: int = 1,
        note: str = "",
    ) -> None:
        page_setup(
            ws,
            widths,
            scope=self.scope,
            lang=self.lang,
            header_rows=header_rows,
            freeze_columns=freeze,
            one_page=one_page,
            note=note,
        )


class Styles:
    """The cell formats every report sheet uses, made once per workbook: the header row,
    text (wrapping, or ``line`` for one line), the number kinds of :class:`Column`, and
    the plain formats of the chart sheets' tables."""

    def __init__(self, wb: Any) -> None:
        base = {"valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#DDEBF7",
                "text_wrap": True,
                "border_color": "#808080",
            }
        )
        self.text = wb.add_format({**base, "text_wrap": True})
        self.line = wb.add_format(base)  # one line, cut at the column's edge
        self.int = wb.add_format({**base, "num_format": "0"})
        self.score = wb.add_format({**base, "num_format": "0.00"})
        self.share = wb.add_format({**base, "num_format": "0.0%"})
        self.delta = wb.add_format({**base, "num_format": "+0.00;-0.00;0.00"})
        self.places = wb.add_format({**base, "num_format": "+0;-0;0"})
        self.plain_score = wb.add_format({"num_format": "0.00"})
        self.plain_share = wb.add_format({"num_format": "0.0%"})
        self.plain_header = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.heading = wb.add_format({"bold": True, "font_size": 12})

    def for_kind(self, kind: str) -> Any:
        """The cell format of a column of this kind."""
        kinds = {
            "int": self.int,
            "score": self.score,
            "share": self.share,
            "percent": self.share,
            "delta": self.delta,
            "places": self.places,
            "line": self.line,
        }
        return kinds.get(kind, self.text)


def write_table(
    wb: Any,
    styles: Styles,
    page: Page,
    name: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    *,
    one_page: bool = False,
    note: str = "",
) -> None:
    """A sheet ``name`` holding one table: a header row of the columns' labels, a row per
    row of ``rows``; widths from the text (capped per kind, longer text wraps and its row
    grows), numbers with their display format, the page set up to print (one page wide;
    ``one_page``: one page in all; ``note``: lines printed once above the table, in the
    page header's centre), an autofilter, and colour scales on shares."""
    ws = wb.add_worksheet(name, worksheet_class=BodySheet)
    lang = page.lang
    headers = [col.header or label(col.key, lang) for col in columns]
    widths = [float(_text_width(h) + 2) for h in headers]
    for c, text in enumerate(headers):
        ws.write_string(0, c, text, styles.header)
    numeric_seen = [False] * len(columns)
    # Column by column: each column's values once, as numbers or texts (None: empty).
    values: list[list[Any]] = []
    for c, col in enumerate(columns):
        get = col.get
        cells = [get(row) for row in rows]
        if col.kind in NUMERIC_KINDS:
            numbers = [None if v is None or v == "" else float(v) for v in cells]
            numeric_seen[c] = any(v is not None for v in numbers)
            values.append(numbers)
        else:
            values.append([None if v is None or v == "" else str(v) for v in cells])
    # Cells whose text will wrap (wider than the column may be, or several lines):
    # their rows get a height that shows every line.
    wrapping: dict[int, list[tuple[int, str]]] = {}
    for c, col in enumerate(columns):
        if col.kind in NUMERIC_KINDS:
            continue
        cap = WIDTH_CAP[col.kind]
        present = [(r, t) for r, t in enumerate(values[c], start=1) if t is not None]
        needs = [_line_width(t) + 2 for _, t in present]
        widths[c] = max(widths[c], *needs) if needs else widths[c]
        if col.kind != "line":
            for (r, text), width in zip(present, needs, strict=True):
                if width > cap or "\n" in text:
                    wrapping.setdefault(r, []).append((c, text))
    # Shared strings numbered row by row, as writing cell by cell numbers them.
    texts = [c for c, col in enumerate(columns) if col.kind not in NUMERIC_KINDS]
    indexed = ws.strings(zip(*(values[c] for c in texts), strict=True))
    for i, column in enumerate(zip(*indexed, strict=True)):
        values[texts[i]] = list(column)
    ws.write_body(
        1,
        [
            (values[c], styles.for_kind(col.kind), col.kind in NUMERIC_KINDS)
            for c, col in enumerate(columns)
        ],
    )
    for c, seen in enumerate(numeric_seen):
        if seen:
            widths[c] = max(widths[c], 9)
    # Capped so a sheet prints one page wide at a readable scale; longer text wraps.
    widths = [min(w, WIDTH_CAP[col.kind]) for w, col in zip(widths, columns, strict=True)]
    for c, shown in enumerate(widths):
        ws.set_column(c, c, shown)
    ws.set_row(
        0, row_height(max(wrapped_lines(h, w) for h, w in zip(headers, widths, strict=True)))
    )
    # A batch repeats its long texts (trails, names) thousands of times: each distinct
    # text is measured once per column width.
    lines_of: dict[tuple[str, float], int] = {}
    for r, cells in wrapping.items():
        most = 0
        for c, text in cells:
            key = (text, widths[c])
            n = lines_of.get(key)
            if n is None:
                n = lines_of[key] = wrapped_lines(text, widths[c])
            most = max(most, n)
        ws.set_row(r, row_height(most))
    keys = [col.key for col in columns]
    frozen = next((i + 1 for i, k in enumerate(keys) if k in ("indicator", "unit")), 0)
    page.apply(ws, widths, freeze=frozen, one_page=one_page, note=note)
    if rows:
        ws.autofilter(0, 0, len(rows), len(columns) - 1)
        for c, col in enumerate(columns):
            if col.kind == "share":
                ws.conditional_format(
                    1,
                    c,
                    len(rows),
                    c,
                    {
                        "type": "3_color_scale",
                        "min_type": "num",
                        "min_value": 0,
                        "mid_type": "num",
                        "mid_value": 0.5,
                        "max_type": "num",
                        "max_value": 1,
                        "min_color": "#F8696B",
                        "mid_color": "#FFEB84",
                        "max_color": "#63BE7B",
                    },
                )
            elif col.kind == "score" and col.key == "lost":
                ws.conditional_format(
                    1, c, len(rows), c, {"type": "data_bar", "data_bar_2010": False}
                )

"""A worksheet whose table body is handed over column by column and written in one pass.

Why: xlsxwriter keeps every cell as a Python object and writes each one's XML
with several calls when the workbook is saved — for a city's batch (half a
million cells) that is most of the report's time. A :class:`BodySheet` takes the
body of a table as columns (numbers, or shared-string indices, ``None`` for an
empty cell with its border) and writes each column's cells with one formatting
pass at save time. The XML is the same xlsxwriter writes for the same calls
(``write_number``, ``write_string``, ``write_blank`` with a format), so the
workbook's bytes do not change; every other cell (headers, notes) still goes
through xlsxwriter's own writers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

__all__ = ["STRING_LIMIT", "BodySheet"]

_FIRST_ROW = '<row r="1'

#: Excel's longest cell text in UTF-16 units; a longer text is cut, as xlsxwriter does.
STRING_LIMIT = 32767


def _utf16_cut(text: str) -> str:
    """``text`` cut to :data:`STRING_LIMIT` UTF-16 units without splitting a character."""
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 <= STRING_LIMIT:
        return text
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > STRING_LIMIT:
            return text[:index]
    return text  # pragma: no cover - the loop always cuts a text this long


class _Column:
    """One column of a body: its cell format, whether it holds numbers, its values."""

    __slots__ = ("fmt", "numeric", "values")

    def __init__(self, values: Sequence[float | int | None], fmt: Any, numeric: bool) -> None:
        self.values, self.fmt, self.numeric = values, fmt, numeric

    def cells(self, col: int, first_row: int) -> list[str]:
        """Each row's ``<c>`` element, as xlsxwriter writes it."""
        at = xl_col_to_name(col)
        style = f' s="{self.fmt._get_xf_index()}"' if self.fmt else ""
        row = first_row + 1  # XML rows count from 1
        if self.numeric:
            return [
                f'<c r="{at}{r}"{style}/>'
                if v is None
                else f'<c r="{at}{r}"{style}><v>{v:.16G}</v></c>'
                for r, v in enumerate(self.values, start=row)
            ]
        return [
            f'<c r="{at}{r}"{style}/>'
            if v is None
            else f'<c r="{at}{r}"{style} t="s"><v>{v}</v></c>'
            for r, v in enumerate(self.values, start=row)
        ]


class BodySheet(Worksheet):  # type: ignore[misc]
    """An xlsxwriter worksheet (``wb.add_worksheet(name, worksheet_class=BodySheet)``)
    that also takes one table body by columns: :meth:`strings` for the texts in row
    order (numbered as cell-by-cell writing numbers them),
    then :meth:`write_body` with every column."""

    fh: Any  # where xlsxwriter writes the sheet's XML

    def __init__(self) -> None:
        super().__init__()
        self._body: tuple[int, int, list[_Column]] | None = None

    def strings(self, rows: Iterable[Sequence[str | None]]) -> list[list[int | None]]:
        """The shared-string index of each text (cut to Excel's limit; ``None`` stays),
        numbered in the order given — row by row, as writing cell by cell numbers them."""
        half = STRING_LIMIT // 2
        table = self.str_table
        known = getattr(table, "string_table", None)
        if type(known) is not dict or len(known) != getattr(table, "unique_count", None):
            index = table._get_shared_string_index
            return [
                [None if t is None else index(t if len(t) <= half else _utf16_cut(t)) for t in row]
                for row in rows
            ]
        # xlsxwriter's table numbers a new text by how many it holds: setdefault with the
        # size before the text goes in does the same, in C.
        add = known.setdefault
        out = [
            [
                None if t is None else add(t if len(t) <= half else _utf16_cut(t), len(known))
                for t in row
            ]
            for row in rows
        ]
        table.count += sum(len(row) - row.count(None) for row in out)
        table.unique_count = len(known)
        return out

    def write_body(
        self,
        first_row: int,
        columns: Sequence[tuple[Sequence[float | int | None], Any, bool]],
    ) -> None:
        """The body from ``first_row`` on: per column, left to right from column 0, its
        values (numbers; or :meth:`strings` indices; ``None`` for an empty cell), its cell
        format and whether it holds numbers. Every column has the same number of rows."""
        if self._body is not None:
            raise ValueError("a worksheet takes one table body")
        body = [_Column(values, fmt, numeric) for values, fmt, numeric in columns]
        rows = len(body[0].values) if body else 0
        if any(len(c.values) != rows for c in body):
            raise ValueError("every column of a table body has the same number of rows")
        for c in body:
            if c.numeric and any(v is not None and not math.isfinite(v) for v in c.values):
                raise ValueError("a table body's numbers are finite (NaN and infinity are not)")
        if not rows:
            return
        self._check_dimensions(first_row, 0)
        self._check_dimensions(first_row + rows - 1, len(body) - 1)
        self._body = (first_row, rows, body)

    # -- at save time --------------------------------------------------------------

    def _calculate_spans(self) -> None:
        super()._calculate_spans()
        if self._body is None:
            return
        first, rows, body = self._body
        for block in range(first // 16, (first + rows - 1) // 16 + 1):
            low, high = 1, len(body)
            span = self.row_spans.get(block)
            if span is not None:
                a, b = (int(part) for part in span.split(":"))
                low, high = min(low, a), max(high, b)
            self.row_spans[block] = f"{low}:{high}"

    def _write_rows(self) -> None:
        if self._body is None:
            super()._write_rows()
            return
        self._calculate_spans()
        first, rows, body = self._body
        if any(self.table.get(r) for r in range(first, first + rows)):
            raise ValueError("a cell was written into a table body's rows")
        lines: list[str] = []
        openings: dict[tuple[Any, Any], str] = {}
        write = self.fh.write
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            if first <= row_num < first + rows:
                if not lines:  # here, so formats are numbered in the order cells show them
                    cells = (c.cells(i, first) for i, c in enumerate(body))
                    lines = ["".join(row) for row in zip(*cells, strict=True)]
                span = self.row_spans.get(row_num // 16)
                opening = self._row_opening(row_num, span, self.row_info.get(row_num), openings)
                write(opening + lines[row_num - first] + "</row>")
            else:
                self._write_other_row(row_num)

    def _row_opening(
        self, row_num: int, span: str | None, info: Any, openings: dict[tuple[Any, Any], str]
    ) -> str:
        """A body row's ``<row ...>`` tag: xlsxwriter's own, written once per kind of row
        (its span and height), then only the row number changes."""
        fields = None if info is None else getattr(info, "__dict__", None)
        if info is not None and fields is None:  # pragma: no cover - a RowInfo without fields
            return self._row_tag(row_num, span, info)
        key = (span, None if fields is None else tuple(fields.values()))
        rest = openings.get(key)
        if rest is None:
            tag = self._row_tag(0, span, info)
            if not tag.startswith(_FIRST_ROW):
                raise ValueError(f"unexpected row tag {tag!r}")  # pragma: no cover
            rest = openings[key] = tag[len(_FIRST_ROW) :]
        return f'<row r="{row_num + 1}{rest}'

    def _row_tag(self, row_num: int, span: str | None, info: Any) -> str:
        """The ``<row ...>`` tag xlsxwriter writes for this row."""
        saved, self.fh = self.fh, io.StringIO()
        try:
            self._write_row(row_num, span, info)
            tag: str = self.fh.getvalue()
        finally:
            self.fh = saved
        return tag

    def _write_other_row(self, row_num: int) -> None:
        """A row outside the body, as xlsxwriter's own ``_write_rows`` writes it."""
        table = self.table.get(row_num)
        if not (row_num in self.row_info or row_num in self.comments or table):
            return
        span = self.row_spans.get(row_num // 16)
        info = self.row_info.get(row_num)
        if table:
            self._write_row(row_num, span, info)
            for col_num in range(self.dim_colmin, self.dim_colmax + 1):
                if col_num in table:
                    self._write_cell(row_num, col_num, table[col_num])
            self._xml_end_tag("row")
        else:
            self._write_empty_row(row_num, span, info)

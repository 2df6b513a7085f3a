"""The grid model: rows of cells that know their place in the file the user opened.

Why a module of its own: the importer must report every problem as the user
sees it — ``Sheet1!D7`` in Excel, ``line 7, column 4`` in a CSV, ``table 1,
row 7, column 4`` in Word — so rows keep their 1-based row (or line) numbers
and cells their absolute column index, whatever the reader skipped. The readers
(:mod:`.readers`, :mod:`.word`) build grids; everything after them reads grids
only.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "WORD_SUFFIXES",
    "Grid",
    "GridRow",
    "column_letter",
]

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
WORD_SUFFIXES = (".docx",)
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def column_letter(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA`` (as Excel names columns)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@frozen
class GridRow:
    """One row: its number as the user sees it, the cells' text and, for Excel, their numbers."""

    number: int
    cells: tuple[str | None, ...]
    numbers: tuple[float | None, ...] = ()

    def text(self, col: int) -> str | None:
        return self.cells[col] if 0 <= col < len(self.cells) else None

    def number_at(self, col: int) -> float | None:
        return self.numbers[col] if 0 <= col < len(self.numbers) else None

    @property
    def is_blank(self) -> bool:
        return all(c is None or not c.strip() for c in self.cells)


@frozen
class Grid:
    """A sheet, a CSV file or a Word table as rows; ``sheet`` is ``None`` for CSV.

    ``kind`` is ``excel``, ``csv`` or ``word``; for Word, ``places`` maps a row
    number to its (table, row), since rows are numbered through all tables.
    """

    file: str
    sheet: str | None
    rows: tuple[GridRow, ...]
    kind: str = "excel"
    places: Mapping[int, tuple[int, int]] = field(factory=dict)

    def where(self, row: int, col: int | None = None) -> str:
        """``Sheet1!D7`` (Excel), ``line 7, column 4`` (CSV), ``table 1, row 7, column 4`` (Word)."""
        if self.kind == "word":
            table, number = self.places.get(row, (0, row))
            place = f"table {table}, row {number}"
            return place if col is None else f"{place}, column {col + 1}"
        if self.sheet is None:
            return f"line {row}" if col is None else f"line {row}, column {col + 1}"
        if col is None:
            return f"{self.sheet}!{row}:{row}"
        return f"{self.sheet}!{column_letter(col)}{row}"

    def where_rows(self, last: int) -> str:
        """The first ``last`` rows, as the user would name them."""
        if self.kind == "word":
            return f"{self.sheet}, rows 1-{last}"
        if self.sheet is None:
            return f"lines 1-{last}"
        return f"{self.sheet}!1:{last}"

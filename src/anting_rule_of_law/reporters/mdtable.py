"""Markdown (GitHub) tables, written fast and exactly as ``tabulate`` writes them.

A batch's Markdown report holds four or five small tables per unit-year: 16,950
unit-years make some 70,000 tables, and ``tabulate`` spent most of the report's
time guessing each column's type (numbers are never parsed here) and measuring
each cell again. :func:`github_table` writes the same text — ``tablefmt="github"``,
``disable_numparse=True``, wide characters measured with ``wcwidth`` — and hands
anything it does not handle itself (line breaks, terminal escapes, rows of
another length, characters of no printable width, no rows) to ``tabulate``, so
its output is ``tabulate``'s in every case (tested on the reports and on random
text).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tabulate import tabulate
from wcwidth import wcswidth

#: Characters that make ``tabulate`` take another road (multi-line cells, escapes).
_SPECIAL = frozenset("\n\r\x1b\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: ``tabulate``'s room beside a header (``MIN_PADDING``).
_HEADER_ROOM = 2


@lru_cache(maxsize=65536)
def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal; -1 for text ``tabulate`` measures otherwise."""
    if text.isascii():
        return len(text) if text.isprintable() else -1
    return int(wcswidth(text))


def github_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """``tabulate(rows, headers, tablefmt="github", disable_numparse=True)``, faster."""
    n = len(headers)
    if not rows or any(len(row) != n for row in rows):
        return _tabulate(headers, rows)
    if not _SPECIAL.isdisjoint("".join([*headers, *(cell for row in rows for cell in row)])):
        return _tabulate(headers, rows)
    columns = [[cell.strip() for cell in column] for column in zip(*rows, strict=True)]
    widths: list[int] = []
    for header, column in zip(headers, columns, strict=True):
        header_width = _width(header)
        cell_widths = [_width(cell) for cell in column]
        if header_width < 0 or min(cell_widths) < 0:
            return _tabulate(headers, rows)
        widths.append(max(header_width + _HEADER_ROOM, *cell_widths))
    lines = [_line(headers, widths), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines.extend(_line(row, widths) for row in zip(*columns, strict=True))
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return (
        "| "
        + " | ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
        )
        + " |"
    )


def _tabulate(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return str(
        tabulate(
            [list(row) for row in rows],
            headers=list(headers),
            tablefmt="github",
            disable_numparse=True,
        )
    )

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

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from tabulate import tabulate
from wcwidth import wcswidth

#: Characters that make ``tabulate`` take another road (multi-line cells, escapes).
_SPECIAL = frozenset("\n\r\x1b\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SPECIAL_FOUND = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]").search
#: ``tabulate``'s room beside a header (``MIN_PADDING``).
_HEADER_ROOM = 2


@lru_cache(maxsize=65536)
def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal; -1 for text ``tabulate`` measures otherwise."""
    if text.isascii():
        return len(text) if text.isprintable() else -1
    return int(wcswidth(text))


def github_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    measure: Callable[[str], tuple[str, int]] | None = None,
) -> str:
    """``tabulate(rows, headers, tablefmt="github", disable_numparse=True)``, faster.

    ``measure`` (default :func:`measured`) gives a cell's text as written, stripped,
    and its width; a writer that escapes its cells may pass one that escapes and
    measures at once (cached), the rows then holding the text before escaping.
    """
    n = len(headers)
    if not rows or any(len(row) != n for row in rows):
        return _tabulate(headers, _written(rows, measure))
    header_widths = [header_width(h) for h in headers]
    cells = [[(measure or measured)(cell) for cell in row] for row in rows]
    widths: list[int] = []
    for i, head_width in enumerate(header_widths):
        cell_widths = [row[i][1] for row in cells]
        if head_width < 0 or min(cell_widths) < 0:
            return _tabulate(headers, _written(rows, measure))
        widths.append(max(head_width + _HEADER_ROOM, *cell_widths))
    head = " | ".join(
        h + " " * (w - hw) for h, hw, w in zip(headers, header_widths, widths, strict=True)
    )
    lines = [f"| {head} |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row in cells:
        body = " | ".join(
            [text + " " * (w - tw) for (text, tw), w in zip(row, widths, strict=True)]
        )
        lines.append(f"| {body} |")
    return "\n".join(lines)


@lru_cache(maxsize=65536)
def header_width(text: str) -> int:
    """A header's width as is (``tabulate`` pads headers unstripped); -1: ``tabulate`` writes it."""
    return -1 if _SPECIAL_FOUND(text) else _width(text)


@lru_cache(maxsize=262144)
def measured(text: str) -> tuple[str, int]:
    """A cell stripped, with its width; ``text`` itself and -1 when ``tabulate`` is
    to write the table (a batch's tables repeat their names, words and scores:
    each measured once)."""
    if _SPECIAL_FOUND(text):
        return text, -1
    stripped = text.strip()
    return stripped, _width(stripped)


def _written(
    rows: Sequence[Sequence[str]], measure: Callable[[str], tuple[str, int]] | None
) -> Sequence[Sequence[str]]:
    """The rows as ``tabulate`` is to get them: as given, or as ``measure`` writes each cell
    (the text of a cell ``tabulate`` writes is not stripped, the others' whitespace is
    stripped by ``tabulate`` alike)."""
    if measure is None:
        return rows
    return [[measure(cell)[0] for cell in row] for row in rows]


def _tabulate(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return str(
        tabulate(
            [list(row) for row in rows],
            headers=list(headers),
            tablefmt="github",
            disable_numparse=True,
        )
    )

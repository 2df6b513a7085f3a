"""How the workbooks the library writes print: A4, one page wide, headers on every page.

Why one place: the report workbook and the fill-in template are both printed,
signed and handed in. Each sheet gets the same page setup — A4, landscape when
its columns are wider than a portrait page, scaled to one page wide (as many
pages tall as it needs), the header rows repeated on every page, the code and
name columns frozen on screen, and a header and footer naming the unit, year
and stage with 第 N 页 共 M 页 (Page N of M).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = [
    "PORTRAIT_WIDTH",
    "display_width",
    "escape_header",
    "page_setup",
    "row_height",
    "wrapped_lines",
]

#: Column-width units (Excel's "characters") a portrait A4 page holds at 100% with
#: the margins below (measured in LibreOffice: a unit prints about 2.1 mm wide); a
#: sheet wider than this prints landscape. A single column wider than the page is
#: clipped, not scaled, by LibreOffice's fit-to-width: keep every column narrower.
PORTRAIT_WIDTH = 85.0
_A4 = 9
_HEADER_LIMIT = 250  # Excel refuses headers and footers longer than 255 characters


class _WideCharacters(dict[str, int]):
    """1 for a wide or full-width character, 0 for any other, looked up once a character
    (a report uses a few thousand different ones, each thousands of times)."""

    def __missing__(self, char: str) -> int:
        wide = 1 if unicodedata.east_asian_width(char) in ("W", "F") else 0
        self[char] = wide
        return wide


_WIDE = _WideCharacters()


def display_width(text: str) -> int:
    """Columns a text needs: CJK (wide and full-width) characters count 2."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(_WIDE.__getitem__, text))


def wrapped_lines(text: str, width: float, font_size: float = 11.0) -> int:
    """Lines ``text`` takes in a wrapping cell ``width`` characters wide.

    An estimate on the safe side (measured in LibreOffice): a CJK character of
    11-point text takes about 1.9 width units, a Latin one about 1; a line breaks
    a unit early.
    """
    usable = max(width - 1.0, 1.0)
    scale = font_size / 11.0
    lines = 0
    for line in text.split("\n"):
        wide = display_width(line) - len(line)  # the number of CJK characters
        need = (len(line) - wide + wide * 1.9) * scale
        lines += max(1, math.ceil(need / usable))
    return lines


def row_height(lines: int, font_size: float = 11.0) -> float:
    """Points a row needs to show ``lines`` lines of text (Excel's limit: 409)."""
    return min(font_size * 1.45 * max(lines, 1) + 3.0, 409.0)


def escape_header(text: str) -> str:
    """Text safe inside an Excel header or footer (``&`` starts a control code)."""
    return text.replace("&", "&&")


def page_setup(
    ws: Any,
    widths: Sequence[float],
    *,
    scope: str,
    lang: str = "zh",
    header_rows: int = 1,
    freeze_columns: int = 0,
    one_page: bool = False,
    scale_to_width: bool = True,
    note: str = "",
) -> None:
    """Page setup for a sheet whose columns have ``widths``.

    The page header names the ``scope`` (unit, year and stage) on the left and the
    sheet on the right, so every printed page says what it belongs to; the centre
    stays empty, which lets a long scope run across the page instead of wrapping.
    The footer numbers the pages of the printout. ``one_page`` fits the whole
    sheet on one page (the overview). ``scale_to_width=False`` prints at 100%, not
    centred: for a sheet of charts sized for the page and separated by page breaks,
    which Excel and LibreOffice ignore on a sheet scaled to fit (and LibreOffice
    shifts a centred chart off the page's left edge). ``note`` (lines of text): what a
    sheet that prints on one page says once, above its table (a batch's overview: the
    indicator system and its notice); the header's centre then holds the scope and,
    on the lines below it, the note, so the two cannot overlap on a narrow page.
    """
    ws.set_paper(_A4)
    if sum(widths) > PORTRAIT_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    # the header's lines (scope, then the note's) stand in the top margin: each line
    # past the first needs about a fifth of an inch more, or it prints over the table
    lines = 1 + (note.count("\n") + 1 if note else 0)
    ws.set_margins(left=0.4, right=0.4, top=0.7 + 0.2 * (lines - 1), bottom=0.6)
    if scale_to_width:
        ws.fit_to_pages(1, 1 if one_page else 0)
        ws.center_horizontally()
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
        ws.freeze_panes(header_rows, freeze_columns)
    pages = "第 &P 页 共 &N 页" if lang == "zh" else "Page &P of &N"
    centre = escape_header(note)[: _HEADER_LIMIT // 2]
    room = _HEADER_LIMIT - 20 - len(centre)
    shown = escape_header(scope if len(scope) <= room else scope[: room - 1] + "…")
    if centre:
        # a left section and a centre one share the first line and overlap on a
        # narrow page: with a note, the scope heads the centre and the note follows
        ws.set_header(f"&C{shown}\n{centre}&R&A", {"margin": 0.3})
    else:
        ws.set_header(f"&L{shown}&R&A", {"margin": 0.3})
    ws.set_footer(f"&C{pages}", {"margin": 0.3})

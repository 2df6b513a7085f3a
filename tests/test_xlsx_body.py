"""A table body handed over by columns gives the same workbook bytes as cell-by-cell writing."""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import pytest
import xlsxwriter

from anting_rule_of_law.reporters.xlsx_body import STRING_LIMIT, BodySheet

LONG = "法" * (STRING_LIMIT + 10)
#: Rows of (number, text, number, text): blanks, a multi-line text, a text past Excel's
#: limit, repeated texts (shared once), large and small numbers.
ROWS: list[tuple[Any, ...]] = [
    (1.5, "安亭镇", None, "甲"),
    (None, "第一行\n第二行", 0.1 + 0.2, None),
    (1e20, LONG, -3.0, "甲"),
    *[(float(i), f"镇{i % 7}", i / 3, "乙") for i in range(40)],
]


def _book(fill: Any) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})
    header = wb.add_format({"bold": True, "border": 1})
    plain = wb.add_format({"border": 1, "text_wrap": True})
    number = wb.add_format({"border": 1, "num_format": "0.00"})
    ws = wb.add_worksheet("表", worksheet_class=BodySheet)
    for c, text in enumerate(("分", "名", "差", "注")):
        ws.write_string(0, c, text, header)
    fill(ws, (number, plain, number, plain))
    ws.set_row(2, 40)
    ws.write_string(len(ROWS) + 2, 1, "合计", header)  # a note below the table
    ws.set_column(0, 3, 12)
    wb.close()
    return buf.getvalue()


def _cell_by_cell(ws: Any, formats: tuple[Any, ...]) -> None:
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if value is None:
                ws.write_blank(r, c, None, formats[c])
            elif c % 2 == 0:
                ws.write_number(r, c, value, formats[c])
            else:
                ws.write_string(r, c, value, formats[c])


def _by_columns(ws: BodySheet, formats: tuple[Any, ...]) -> None:
    columns = [list(col) for col in zip(*ROWS, strict=True)]
    texts = ws.strings(zip(columns[1], columns[3], strict=True))
    columns[1], columns[3] = ([row[i] for row in texts] for i in (0, 1))
    ws.write_body(1, [(columns[c], formats[c], c % 2 == 0) for c in range(4)])


def test_body_by_columns_is_byte_identical_to_cell_by_cell() -> None:
    assert _book(_by_columns) == _book(_cell_by_cell)


def test_a_text_past_excels_limit_is_cut_as_xlsxwriter_cuts_it() -> None:
    import fastexcel

    sheet = fastexcel.read_excel(_book(_by_columns)).load_sheet(0).to_polars()
    assert len(sheet["名"][2]) == STRING_LIMIT
    assert sheet["名"][1] == "第一行\n第二行"


def test_a_non_finite_number_is_refused() -> None:
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet(worksheet_class=BodySheet)
    with pytest.raises(ValueError, match="finite"):
        ws.write_body(0, [([1.0, math.nan], None, True)])


def test_columns_of_different_lengths_are_refused() -> None:
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet(worksheet_class=BodySheet)
    with pytest.raises(ValueError, match="same number of rows"):
        ws.write_body(0, [([1.0], None, True), ([2.0, 3.0], None, True)])


def test_a_cell_written_into_the_body_is_not_lost_silently() -> None:
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet(worksheet_class=BodySheet)
    ws.write_body(1, [([1.0, 2.0], None, True)])
    ws.write_string(2, 0, "覆盖")
    with pytest.raises(ValueError, match="table body"):
        wb.close()

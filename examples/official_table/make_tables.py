"""Write two indicator tables in the shape towns receive them: 指标表.xlsx and bad.xlsx.

Why: docs/official-table.md shows ``anting-rol import`` on a real
file. The official table is not published, so ``指标表.xlsx`` is a made-up
table (SYNTHETIC, 3 first-level / 4 second-level / 7 specific indicators,
50 points) with everything an official table tends to have: a title row above
the header, a blank first row and column, first- and second-level names merged
over their rows, numbering of every kind (``一、`` ``（一）`` ``1.`` ``2、``
``(1)`` ``①`` ``⑴`` ``第三条``), points typed as ``5``, ``6.0``, ``"10"``,
``4分`` and full-width ``５分``, a second-level row that declares its own
points, a blank row, scoring text the import can and cannot read, and a
合计 (totals) row. ``bad.xlsx`` has one mistake of each common kind, to show
the located errors.

Deterministic: the workbooks' creation date is fixed (2000-01-01) and
xlsxwriter stamps every zip member 1980-01-01, so a rerun gives the same bytes.

    python examples/official_table/make_tables.py [OUTPUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent
TABLE = "指标表.xlsx"
BAD = "bad.xlsx"
SHEET = "考核指标"

#: Fixed document date: nothing in the files depends on when they were written.
CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def _workbook(path: Path, title: str) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties({"title": title, "comments": "SYNTHETIC 示例", "created": CREATED})
    return wb


def write_table(path: Path) -> Path:
    """The realistic table (cells as Excel shows them: B2 is the title, row 4 the header)."""
    wb = _workbook(path, "法治建设示范街道乡镇创建考核指标（示例）")
    ws = wb.add_worksheet(SHEET)
    wb.add_worksheet("说明").write("A1", "本表由市依法治市办制定（示例，非官方文本）")
    ws.merge_range("B2:I2", "法治建设示范街道乡镇创建考核指标（2023年版）")
    header = ["序号", "一级指标", "二级指标", "具体指标", "分值（分）", "评分细则", "佐证材料"]
    for j, head in enumerate([*header, "责任单位"]):
        ws.write(3, 1 + j, head)
    rows: list[tuple[str, Any]] = [
        # first-level name merged over its rows, its points in the name
        ("D5", "（一）组织领导"),
        ("F5", "１０分"),  # a second-level row with its own points, full-width digits
        ("B6", 1),
        ("E6", "1.党委常委会听取法治建设工作汇报"),
        ("F6", 5),
        ("G6", "未开展不得分"),
        ("H6", "会议纪要\n汇报材料"),
        ("I6", "党政办"),
        ("B7", 2),
        ("E7", "2、党政主要负责人述法"),
        ("F7", "５分"),
        ("G7", "每年述法少于2次的，扣2分"),
        ("D8", "(二)法治督察"),
        ("B8", 3),
        ("E8", "①督察问题整改"),
        ("F8", "10"),
        ("G8", "每发现一起未整改问题扣1分，扣完为止。"),
        # row 9 is blank
        ("B10", 4),
        ("E10", "(1)执法全过程记录"),
        ("F10", 6.0),
        ("G10", "全过程记录有效率达到100%得满分"),
        ("B11", 5),
        ("E11", "(2)12345热线办结"),
        ("F11", "4分"),
        ("G11", "办结率未达到95%的扣2分；群众满意度90%以下的扣1分"),
        ("B12", 6),
        ("E12", "第三条 行政复议纠错"),
        ("F12", 10),
        ("G12", "根据工作成效酌情评分"),
        ("C13", "三、特色创新工作"),
        ("D13", "（一）创新项目"),
        ("B13", 7),
        ("E13", "⑴法治创新项目"),
        ("F13", "10"),
        ("G13", "未开展不得分；获区级以上表彰的得满分"),
        ("B15", "合  计"),
        ("F15", 50),
    ]
    ws.merge_range("C5:C8", "一、党委领导（20分）")
    ws.merge_range("C10:C12", "二、依法行政")
    ws.merge_range("D10:D12", "（一）严格规范公正文明执法")
    for cell, value in rows:
        ws.write(cell, value)
    wb.close()
    return path


def write_bad_table(path: Path) -> Path:
    """A table with five mistakes: D2 no points, D3 ``五分``, C7 points without a name,
    D4 declared 10 but 3 + 4, D8 totals 30 but 10 + 10."""
    wb = _workbook(path, "有错误的指标表（示例）")
    ws = wb.add_worksheet("Sheet1")
    rows: list[list[Any]] = [
        ["一级指标", "二级指标", "具体指标", "分值", "评分标准"],
        ["一、党委领导（10分）", "组织领导", "述法", None, ""],
        [None, None, "学法", "五分", ""],
        ["二、依法行政", "执法监督", None, 10, None],
        [None, None, "执法检查", 3, None],
        [None, None, "案卷评查", 4, None],
        [None, None, None, 5, "有分无名"],
        ["合计", None, None, 30, None],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value)
    wb.close()
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE
    folder.mkdir(parents=True, exist_ok=True)
    for written in (write_table(folder / TABLE), write_bad_table(folder / BAD)):
        print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Word (.docx) indicator tables: merged cells, a table continued over two tables, located errors."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from anting_rule_of_law.cli import main
from anting_rule_of_law.errors import InputError
from anting_rule_of_law.tableimport import import_table

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: A cell: text, or ("restart"|"continue", text) for a vertical merge, or ("span", n, text).
Cell = str | tuple[str, str] | tuple[str, int, str]


def _tc(cell: Cell) -> str:
    props = ""
    text = cell if isinstance(cell, str) else cell[-1]
    if isinstance(cell, tuple) and cell[0] in ("restart", "continue"):
        props = '<w:vMerge w:val="restart"/>' if cell[0] == "restart" else "<w:vMerge/>"
    elif isinstance(cell, tuple) and cell[0] == "span":
        props = f'<w:gridSpan w:val="{cell[1]}"/>'
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in str(text).split("\n")
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def write_docx(path: Path, tables: list[list[list[Cell]]]) -> Path:
    body = "<w:p><w:r><w:t>附件：创建指标</w:t></w:r></w:p>"
    for table in tables:
        rows = "".join("<w:tr>" + "".join(_tc(c) for c in row) + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl><w:p/>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_NS}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return path


HEADER: list[Cell] = ["一级指标", "二级指标", "具体指标", "分值", "评分标准"]


def test_word_table_with_merges_continued_over_two_tables(tmp_path: Path) -> None:
    first: list[list[Cell]] = [
        [("span", 5, "法治建设示范街道乡镇创建指标")],
        HEADER,
        [
            ("restart", "一、党委领导"),
            ("restart", "（一）组织领导"),
            "1.听取汇报",
            "5",
            "未开展不得分",
        ],
        [("continue", ""), ("continue", ""), "2.述法", "５分", "少于2次的，扣2分"],
    ]
    second: list[list[Cell]] = [
        HEADER,  # the header repeated on the next page's table
        ["二、依法行政", "（一）执法", "(1)全过程记录", "10", "每发现一起扣1分\n扣完为止"],
        ["合计", "", "", "20", ""],
    ]
    path = write_docx(tmp_path / "附件.docx", [first, second])
    result = import_table(path)
    assert [(n.code, n.name, n.points) for n in result.framework.nodes] == [
        ("1", "党委领导", 10),
        ("1.1", "组织领导", 10),
        ("1.1.1", "听取汇报", 5),
        ("1.1.2", "述法", 5),
        ("2", "依法行政", 10),
        ("2.1", "执法", 10),
        ("2.1.1", "全过程记录", 10),
    ]
    assert result.data["title"] == "法治建设示范街道乡镇创建指标"
    assert [c for c, _, _ in result.inferred] == ["1.1.1", "1.1.2", "2.1.1"]
    leaf = result.framework.node("2.1.1")
    assert leaf.basis is not None and leaf.basis.source == "附件.docx (table 2, row 2)"


def test_word_errors_name_table_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table: list[list[Cell]] = [
        HEADER,
        ["党委领导", "组织领导", "听取汇报", "五分", ""],
        ["合计", "", "", "9", ""],
    ]
    path = write_docx(tmp_path / "bad.docx", [table])
    with pytest.raises(InputError) as info:
        import_table(path)
    assert [p.where for p in info.value.errors] == ["table 1, row 2, column 4"]
    out = tmp_path / "fw.yaml"
    assert main(["import", str(path), "-o", str(out), "--lang", "en"]) == 3
    assert "table 1, row 2, column 4" in capsys.readouterr().err and not out.exists()


def test_word_sheet_option_and_not_a_docx(tmp_path: Path) -> None:
    table: list[list[Cell]] = [HEADER, ["党委领导", "组织领导", "听取汇报", "5", ""]]
    other: list[list[Cell]] = [["名称", "内容"], ["a", "b"]]
    path = write_docx(tmp_path / "two.docx", [other, table])
    assert import_table(path, sheet="2").framework.node("1.1.1").points == 5
    with pytest.raises(InputError) as info:
        import_table(path, sheet="1")
    assert "table 1, rows 1-30" in info.value.problems[0].where
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc")
    with pytest.raises(InputError) as info:
        import_table(fake)
    assert "not a readable Word document" in info.value.problems[0].en

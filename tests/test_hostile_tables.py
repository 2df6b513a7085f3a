"""Hostile official tables: ``anting-rol import`` refuses them at their place and writes nothing."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from test_framework_import_word import HEADER, Cell, write_docx

HERE = Path(__file__).parent
CORPUS = HERE / "malformed"
TABLE = HERE.parent / "examples" / "official_table" / "指标表.xlsx"

ROWS: list[list[Cell]] = [
    HEADER,
    ["一、党委领导", "（一）组织领导", "1.听取汇报", "5", "未开展不得分"],
]


def _import(run_cli: Any, table: Path, out: Path, *extra: str) -> Any:
    return run_cli("import", str(table), "-o", str(out), "--lang", "en", *extra)


def _edit(data: bytes, part: str, change: Any) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            content = src.read(name)
            z.writestr(name, change(content) if name == part else content)
    return out.getvalue()


def _sheet_of(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[0]


def _far_cell(data: bytes) -> bytes:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _edit(data, _sheet_of(data), lambda x: x.replace(b"</sheetData>", far + b"</sheetData>"))


def _error_cell(data: bytes) -> bytes:
    cell = b'<row r="200"><c r="B200" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    return _edit(
        data, _sheet_of(data), lambda x: x.replace(b"</sheetData>", cell + b"</sheetData>")
    )


CASES = {
    # name: (how to make the file, place, message)
    "far_cell.xlsx": (
        lambda p: p.write_bytes(_far_cell(TABLE.read_bytes())),
        "!XFD1048576",
        "a sheet may span at most",
    ),
    "error_cell.xlsx": (
        lambda p: p.write_bytes(_error_cell(TABLE.read_bytes())),
        "!B200",
        "Excel error #DIV/0!",
    ),
    "password.xlsx": (
        lambda p: shutil.copy(CORPUS / "password.xlsx", p),
        "",
        "protected by a password",
    ),
    "old_word.docx": (
        lambda p: shutil.copy(CORPUS / "old_word.xlsx", p),
        "",
        "it is an old Word .doc",
    ),
    "pdf.docx": (lambda p: p.write_bytes(b"%PDF-1.4\n"), "", "it is a PDF document"),
    "nested.docx": (
        lambda p: write_docx(p, [ROWS]).write_bytes(
            _edit(
                p.read_bytes(),
                "word/document.xml",
                lambda x: x.replace(
                    "未开展不得分</w:t></w:r></w:p>".encode(),
                    "未开展不得分</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>另扣2分</w:t>"
                    "</w:r></w:p></w:tc></w:tr></w:tbl>".encode(),
                ),
            )
        ),
        "table 1, row 2, cell 5",
        "a table inside this cell",
    ),
    "wide_span.docx": (
        lambda p: write_docx(p, [[HEADER, [("span", 10**9, "x")]]]),
        "table 1, row 2, cell 1",
        "spans more than 63 columns",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_table_is_refused_and_nothing_written(
    name: str, tmp_path: Path, run_cli: Any
) -> None:
    make, place, message = CASES[name]
    table = tmp_path / name
    make(table)
    out = tmp_path / "fw.yaml"
    result = _import(run_cli, table, out)
    assert result.code == 3, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    located = [line for line in result.err.splitlines() if line.startswith(f"{table}: ")]
    assert any(place in line.split(": error: ")[0] and message in line for line in located), (
        result.err
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_ods_rows_repeated_past_the_limit_are_refused(tmp_path: Path, run_cli: Any) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="指标">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="1024" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    table = tmp_path / "t.ods"
    with zipfile.ZipFile(table, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    result = _import(run_cli, table, tmp_path / "fw.yaml")
    assert result.code == 3, result.err
    assert f"{table}: 指标!AMJ1048576: error: the sheet spans 1,073,741,824 cells" in result.err
    assert not (tmp_path / "fw.yaml").exists()


def test_hidden_sheet_is_not_imported_unless_named(tmp_path: Path, run_cli: Any) -> None:
    data = TABLE.read_bytes()
    book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    first = book.split(b"<sheet ", 1)[1].split(b"/>", 1)[0]
    name = first.split(b'name="', 1)[1].split(b'"', 1)[0].decode("utf-8")
    table = tmp_path / "hidden.xlsx"
    table.write_bytes(
        _edit(data, "xl/workbook.xml", lambda x: x.replace(first, first + b' state="hidden"', 1))
    )
    result = _import(run_cli, table, tmp_path / "fw.yaml")
    assert f"{table}: {name}: warning: sheet {name!r} is hidden and is not read" in result.err
    named = _import(run_cli, table, tmp_path / "fw2.yaml", "--sheet", name)
    assert named.code == 0, named.err
    assert (tmp_path / "fw2.yaml").exists()

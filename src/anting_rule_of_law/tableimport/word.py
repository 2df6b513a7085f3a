"""Reading the tables of a Word document (.docx) as grids, with the standard library only.

Why: official indicator tables often reach towns as an annex in Word. A .docx
is a zip holding ``word/document.xml``; each ``w:tbl`` is a table, each
``w:tr`` a row, each ``w:tc`` a cell. Merged cells become blanks after the
first one, exactly as fastexcel gives merged Excel cells: a horizontal merge
(``w:gridSpan``) fills the spanned columns with nothing, a vertical merge
(``w:vMerge`` without ``restart``) leaves the lower cells blank. Rows are
numbered through all tables; ``Grid.places`` maps them back to "table 2, row 5".
The old binary .doc format is not read: save it as .docx.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.tableimport.grid import Grid, GridRow

__all__ = ["read_docx_tables"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A document.xml larger than this is refused before parsing (zip bombs).
_MAX_XML_BYTES = 200 * 1024 * 1024


def _error(file: str, en: str, zh: str) -> InputError:
    return InputError([Problem(file=file, where="", en=en, zh=zh)])


def _document_xml(p: Path, name: str) -> bytes:
    try:
        with zipfile.ZipFile(p) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _MAX_XML_BYTES:
                raise _error(name, "the document is too large", "文档过大")
            return z.read(info)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        detail = str(exc) or type(exc).__name__
        raise _error(
            name,
            f"not a readable Word document (.docx), or a damaged one: {detail}"
            " (an old .doc must be saved as .docx first)",
            f"不是可读取的 Word 文档（.docx），或文件已损坏：{detail}（旧版 .doc 请先另存为 .docx）",
        ) from None


def _cell_text(tc: ET.Element) -> str | None:
    paragraphs = []
    for par in tc.findall(f"{_W}p"):
        parts = []
        for node in par.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    text = "\n".join(paragraphs).strip()
    return text or None


def _span(tc: ET.Element) -> int:
    grid_span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(grid_span.get(f"{_W}val", "1"))) if grid_span is not None else 1
    except ValueError:
        return 1


def _continues_merge(tc: ET.Element) -> bool:
    v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return v_merge is not None and v_merge.get(f"{_W}val", "continue") != "restart"


def read_docx_tables(p: Path, name: str) -> tuple[Grid, ...]:
    """One grid per table of the document, in document order (nested tables are skipped)."""
    raw = _document_xml(p, name)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise _error(name, "the document declares a DTD: refused", "文档含有 DTD 声明：拒绝读取")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise _error(name, f"damaged Word document: {exc}", f"Word 文档已损坏：{exc}") from None
    body = root.find(f"{_W}body")
    tables = [] if body is None else body.findall(f"{_W}tbl")
    grids = []
    number = 0
    for t_index, tbl in enumerate(tables, start=1):
        rows = []
        places: dict[int, tuple[int, int]] = {}
        for r_index, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
            cells: list[str | None] = []
            for tc in tr.findall(f"{_W}tc"):
                text = None if _continues_merge(tc) else _cell_text(tc)
                cells.append(text)
                cells.extend([None] * (_span(tc) - 1))
            number += 1
            places[number] = (t_index, r_index)
            rows.append(GridRow(number=number, cells=tuple(cells)))
        grids.append(
            Grid(file=name, sheet=f"table {t_index}", rows=tuple(rows), kind="word", places=places)
        )
    if not grids:
        raise _error(name, "the document has no tables", "文档中没有表格")
    return tuple(grids)

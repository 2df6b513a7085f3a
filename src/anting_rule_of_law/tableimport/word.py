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

from pathlib import Path
from xml.etree import ElementTree as ET

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.limits import MAX_INPUT_BYTES, MAX_WORD_TABLE_COLUMNS
from anting_rule_of_law.officefile import PackageRefused, PartBudget, office_kind, open_package
from anting_rule_of_law.tableimport.grid import Grid, GridRow

__all__ = ["read_docx_tables"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _error(file: str, en: str, zh: str, where: str = "") -> InputError:
    return InputError([Problem(file=file, where=where, en=en, zh=zh)])


def _not_docx(name: str, en: str, zh: str) -> InputError:
    return _error(
        name,
        f"not a readable Word document (.docx): {en}",
        f"不是可读取的 Word 文档（.docx）：{zh}",
    )


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


def _tables(p: Path, name: str) -> list[ET.Element]:
    """The document's top-level tables, the XML streamed under the unpacking budget."""
    try:
        data = p.read_bytes() if p.stat().st_size <= MAX_INPUT_BYTES else b""
    except OSError as exc:
        raise _error(name, f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}") from None
    if not data:
        raise _error(name, "file is empty or too large", "文件为空或过大")
    kind = office_kind(data)
    if kind != "zip":
        en, zh = {
            "ole": ("it is an old Word .doc (save it as .docx)", "这是旧版 .doc（请另存为 .docx）"),
            "pdf": ("it is a PDF document", "这是 PDF 文档"),
        }.get(kind, ("its content is not a .docx package", "文件内容不是 .docx"))
        raise _not_docx(name, en, zh)
    package, problems = open_package(data, name)
    if package is None:
        raise InputError(problems)
    with package:
        try:
            info = package.getinfo("word/document.xml")
        except KeyError:
            raise _not_docx(
                name, "no word/document.xml inside", "其中没有 word/document.xml"
            ) from None
        budget = PartBudget()
        tables: list[ET.Element] = []
        try:
            with budget.xml_stream(package, info) as fh:
                depth = 0
                for event, element in ET.iterparse(fh, events=("start", "end")):
                    if event == "start":
                        depth += 1
                        continue
                    depth -= 1
                    if element.tag == f"{_W}tbl" and depth == 2:  # document > body > tbl
                        tables.append(element)
                    elif depth == 2:
                        element.clear()  # a paragraph between tables: not needed
        except PackageRefused as exc:
            raise _error(name, exc.en, exc.zh) from None
        except Exception as exc:  # zipfile, zlib and expat each raise their own kinds
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise _not_docx(
                name, f"a damaged document ({detail})", f"文档已损坏（{detail}）"
            ) from None
    return tables


def read_docx_tables(p: Path, name: str) -> tuple[Grid, ...]:
    """One grid per table of the document, in document order.

    A table inside a cell is refused (its text would be lost, or read as the
    outer cell's), as is a cell spanning more columns than Word allows.
    """
    grids = []
    number = 0
    for t_index, tbl in enumerate(_tables(p, name), start=1):
        rows = []
        places: dict[int, tuple[int, int]] = {}
        for r_index, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
            cells: list[str | None] = []
            for c_index, tc in enumerate(tr.findall(f"{_W}tc"), start=1):
                where = f"table {t_index}, row {r_index}, cell {c_index}"
                if tc.find(f".//{_W}tbl") is not None:
                    raise _error(
                        name,
                        "a table inside this cell: its content cannot be read as part of the "
                        "indicator table; move it out of the cell (merge cells instead)",
                        "该单元格内嵌了表格，其内容无法作为指标表读取：请移出单元格（改用合并单元格）",
                        where,
                    )
                span = _span(tc)
                if len(cells) + span > MAX_WORD_TABLE_COLUMNS:
                    raise _error(
                        name,
                        f"the row spans more than {MAX_WORD_TABLE_COLUMNS} columns "
                        "(the most a Word table has)",
                        f"该行超过 {MAX_WORD_TABLE_COLUMNS} 列（Word 表格的上限）",
                        where,
                    )
                text = None if _continues_merge(tc) else _cell_text(tc)
                cells.append(text)
                cells.extend([None] * (span - 1))
            number += 1
            places[number] = (t_index, r_index)
            rows.append(GridRow(number=number, cells=tuple(cells)))
        grids.append(
            Grid(file=name, sheet=f"table {t_index}", rows=tuple(rows), kind="word", places=places)
        )
    if not grids:
        raise _error(name, "the document has no tables", "文档中没有表格")
    return tuple(grids)

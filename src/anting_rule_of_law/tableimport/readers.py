"""Reading a table file into grids (see :mod:`.grid`): Excel, CSV, or Word through :mod:`.word`.

Excel is read with fastexcel (twice: once as text,
once as numbers, so ``1/3`` keeps its full precision); CSV with the csv module,
UTF-8 with or without BOM, falling back to GB18030 (what "ANSI" means on a
Chinese Windows) with a note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.fileio import MAX_INPUT_BYTES
from anting_rule_of_law.literals import Severity
from anting_rule_of_law.officefile import inspect_workbook, unreadable_problem
from anting_rule_of_law.tableimport.grid import CSV_SUFFIXES, WORD_SUFFIXES, Grid, GridRow
from anting_rule_of_law.tableimport.word import read_docx_tables

__all__ = ["read_grids"]


def _problem(file: str, en: str, zh: str, where: str = "", severity: Severity = "error") -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity)


def read_grids(
    path: str | Path, sheet: str | None = None
) -> tuple[tuple[Grid, ...], list[Problem]]:
    """Every sheet of a workbook (or only ``sheet``), or the one grid of a CSV file.

    Returns the grids and notes (warnings); raises :class:`InputError` when the
    file cannot be read at all.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError([_problem(name, "file not found", "文件不存在")])
    if p.is_dir():
        raise InputError([_problem(name, "is a directory, not a file", "这是目录而不是文件")])
    if p.stat().st_size > MAX_INPUT_BYTES:
        raise InputError(
            [
                _problem(
                    name,
                    f"file is larger than {MAX_INPUT_BYTES} bytes",
                    f"文件超过 {MAX_INPUT_BYTES} 字节",
                )
            ]
        )
    if p.suffix.lower() in CSV_SUFFIXES:
        if sheet is not None:
            notes = [
                _problem(
                    name,
                    "--sheet is ignored for a CSV file",
                    "CSV 文件没有工作表，--sheet 已忽略",
                    severity="warning",
                )
            ]
        else:
            notes = []
        grid, more = _read_csv(p, name)
        return (grid,), notes + more
    if p.suffix.lower() in WORD_SUFFIXES:
        return _read_word(p, name, sheet), []
    return _read_excel(p, name, sheet)


def _read_word(p: Path, name: str, sheet: str | None) -> tuple[Grid, ...]:
    grids = read_docx_tables(p, name)
    if sheet is None:
        return grids
    wanted = sheet if not sheet.isdigit() else f"table {sheet}"
    chosen = tuple(g for g in grids if g.sheet == wanted)
    if not chosen:
        listed = ", ".join(str(g.sheet) for g in grids)
        raise InputError(
            [
                _problem(
                    name,
                    f"no {sheet!r} in the document (tables: {listed}; use --sheet 2 for the second)",
                    f"文档中没有 {sheet!r}（现有：{listed}；第二个表格请用 --sheet 2）",
                )
            ]
        )
    return chosen


def _read_csv(p: Path, name: str) -> tuple[Grid, list[Problem]]:
    raw = p.read_bytes()
    notes: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InputError(
                [
                    _problem(
                        name,
                        "the file is neither UTF-8 nor GBK/GB18030 text (save it as CSV UTF-8)",
                        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本（请另存为 CSV UTF-8）",
                        where=f"byte {exc.start}",
                    )
                ]
            ) from None
        notes.append(
            _problem(
                name,
                "not UTF-8: read as GBK/GB18030 (the usual encoding of CSV saved by Chinese Excel)",
                "文件不是 UTF-8 编码：已按 GBK/GB18030 读取（中文版 Excel 另存 CSV 的默认编码）",
                severity="warning",
            )
        )
    if "\x00" in text:
        raise InputError(
            [
                _problem(
                    name,
                    "this is not a text (CSV) file; is it a workbook with the wrong suffix?",
                    "这不是文本（CSV）文件；是否是改错了后缀的工作簿？",
                )
            ]
        )
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[GridRow] = []
    start = 1
    try:
        for record in reader:
            cells = tuple(c if c.strip() else None for c in record)
            rows.append(GridRow(number=start, cells=cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            [_problem(name, f"invalid CSV: {exc}", f"CSV 格式错误：{exc}", where=f"line {start}")]
        ) from None
    return Grid(file=name, sheet=None, rows=tuple(rows), kind="csv"), notes


def _sniff(text: str) -> str:
    """Comma unless the first lines clearly use semicolons or tabs."""
    head = text[:4096]
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_excel(p: Path, name: str, sheet: str | None) -> tuple[tuple[Grid, ...], list[Problem]]:
    """The sheets of a workbook, checked first (officefile) for bounds and hidden sheets.

    Without ``--sheet`` a hidden sheet is not read (a note says so): the table
    imported is one people can see.
    """
    import fastexcel

    data = p.read_bytes()
    facts, problems = inspect_workbook(data, name)
    if facts is None:
        raise InputError(problems)
    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel raises its own error types for every failure
        raise InputError([_not_excel(name, exc)]) from None
    names: Sequence[str] = reader.sheet_names
    if sheet is not None and sheet not in names:
        listed = ", ".join(names)
        raise InputError(
            [
                _problem(
                    name,
                    f"no sheet named {sheet!r} (sheets: {listed})",
                    f"没有名为 {sheet!r} 的工作表（现有：{listed}）",
                )
            ]
        )
    notes: list[Problem] = []
    if sheet is not None:
        wanted = [sheet]
    else:
        hidden = [n for n in names if (facts.state(n) or "visible") != "visible"]
        wanted = [n for n in names if n not in hidden]
        for n in hidden:
            notes.append(
                _problem(
                    name,
                    f"sheet {n!r} is hidden and is not read (name it with --sheet to read it)",
                    f"工作表 {n!r} 被隐藏，未读取（如需读取请用 --sheet 指定）",
                    where=n,
                    severity="warning",
                )
            )
    grids = []
    for sheet_name in wanted:
        unreadable = [
            unreadable_problem(name, sheet_name, row, col, shown)
            for (row, col), shown in sorted(facts.unreadable.get(sheet_name, {}).items())
        ]
        if unreadable:
            raise InputError(unreadable)
        try:
            grids.append(_load_sheet(reader, sheet_name, name))
        except Exception as exc:
            raise InputError(
                [
                    _problem(
                        name,
                        f"cannot read sheet {sheet_name!r}: {_first_line(exc)}",
                        f"无法读取工作表 {sheet_name!r}：{_first_line(exc)}",
                    )
                ]
            ) from None
    return tuple(grids), notes


def _load_sheet(reader: Any, sheet_name: str, name: str) -> Grid:
    # header_row=None with skip_rows=0 keeps leading blank rows, so row i is Excel row i+1;
    # columns start at the first used one: ``absolute_index`` gives the real column.
    text_sheet = reader.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="string")
    columns = [c.absolute_index for c in text_sheet.available_columns()]
    if not columns:
        return Grid(file=name, sheet=sheet_name, rows=())
    num_sheet = reader.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="float")
    texts = text_sheet.to_polars().rows()
    nums = num_sheet.to_polars().rows()
    width = max(columns) + 1
    rows = []
    for i, (trow, nrow) in enumerate(zip(texts, nums, strict=False)):
        cells: list[str | None] = [None] * width
        numbers: list[float | None] = [None] * width
        for j, col in enumerate(columns):
            value = trow[j]
            cells[col] = value if isinstance(value, str) and value.strip() else None
            number = nrow[j] if j < len(nrow) else None
            numbers[col] = float(number) if isinstance(number, (int, float)) else None
        rows.append(GridRow(number=i + 1, cells=tuple(cells), numbers=tuple(numbers)))
    return Grid(file=name, sheet=sheet_name, rows=tuple(rows))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _not_excel(name: str, exc: BaseException) -> Problem:
    detail = _first_line(exc)
    return _problem(
        name,
        f"not a readable Excel workbook (.xlsx/.xls/.ods), or a damaged one: {detail}",
        f"不是可读取的 Excel 工作簿（.xlsx/.xls/.ods），或文件已损坏：{detail}",
    )

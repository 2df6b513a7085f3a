"""The long CSV format: one row per (unit, year, stage, indicator), many assessments per file.

Why: a district office keeps all its towns and years in one table. The csv
module (not a dataframe) reads it, because every cell must stay the text the
user typed until the builder parses it, and every problem must name its line
and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anting_rule_of_law.assessments.layout import CSV_COLUMNS, CSV_REQUIRED, header_key
from anting_rule_of_law.assessments.raw import (
    ENTRY_FIELDS,
    RawAssessment,
    RawEntry,
    RawValue,
    RawVeto,
)
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.fileio import read_text, sha256_bytes
from anting_rule_of_law.literals import Severity

__all__ = [
    "GROUP_FIELDS",
    "HEADER_NAME",
    "differs",
    "empty_cell",
    "header_columns",
    "read_csv",
    "read_csv_text",
]

_KNOWN: dict[str, str] = {}
for _key, _zh in CSV_COLUMNS:
    _KNOWN[_key] = _key
    _KNOWN[_zh] = _key
_KNOWN["not applicable"] = "not_applicable"

#: Unit-level columns: one value per (unit, year, stage), the first given.
GROUP_FIELDS = (
    "framework",
    "framework_version",
    "unit_name",
    "unit_name_en",
    "district",
    "assessor",
)
#: Where a unit-level column goes in the raw assessment's header.
HEADER_NAME = {"framework": "framework_id"}


def _p(
    file: str, where: str, en: str, zh: str, severity: Severity = "error", kind: str = ""
) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity, kind=kind)


def read_csv_text(path: Path, file: str) -> tuple[str | None, bytes, list[Problem]]:
    return read_text(
        path,
        file=file,
        not_utf8=("in Excel, save as 'CSV UTF-8'", "在 Excel 中请另存为“CSV UTF-8”"),
    )


def _csv_error(file: str, text: str, start: int, header: list[str], exc: csv.Error) -> Problem:
    """A csv error at the line where its row begins; a runaway quote named as such."""
    span = _longest_quote(text, start)
    if span is not None and (span.closed_line is None or "field limit" in str(exc)):
        return _quote_problem(file, text, start, header, span)
    return _p(file, f"line {start}", f"invalid CSV: {exc}", f"CSV 格式错误：{exc}")


def _unclosed_quote(file: str, text: str, start: int, header: list[str]) -> Problem | None:
    """The quote opened in the row starting at line ``start`` that never closes, if any."""
    span = _longest_quote(text, start)
    if span is None or span.closed_line is not None:
        return None
    return _quote_problem(file, text, start, header, span)


@dataclass
class _QuoteSpan:
    line: int
    field: int
    chars: int
    closed_line: int | None


def _longest_quote(text: str, start: int) -> _QuoteSpan | None:
    """The longest quoted cell of the row starting at line ``start``, walked as csv reads it.

    Python's csv reader reads an unclosed quote to the end of the file as one cell
    (or fails thousands of lines later, "field larger than field limit"); this
    finds the quote and where (if anywhere) it closes.
    """
    offset = 0
    for _ in range(start - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    line, field, longest = start, 0, None
    current: _QuoteSpan | None = None
    opened_at, at_field_start, i = 0, True, offset
    while i < len(text):
        ch = text[i]
        if current is not None:
            if ch == '"' and text.startswith('"', i + 1):
                i += 1
            elif ch == '"':
                current.chars, current.closed_line = i - opened_at, line
                if longest is None or current.chars > longest.chars:
                    longest = current
                current = None
            elif ch == "\n":
                line += 1
        elif ch == '"' and at_field_start:
            current, opened_at = _QuoteSpan(line, field, 0, None), i
        elif ch == ",":
            field, at_field_start, i = field + 1, True, i + 1
            continue
        elif ch == "\n":
            break  # the row ended with every quote closed
        at_field_start = False
        i += 1
    if current is not None:
        current.chars = len(text) - opened_at
        return current
    return longest


def _quote_problem(
    file: str, text: str, start: int, header: list[str], span: _QuoteSpan
) -> Problem:
    index = span.field
    name = header[index].strip() if index < len(header) and header[index].strip() else ""
    where = f"line {span.line}, column {name or index + 1}"
    if span.closed_line is None:
        rest = text.count("\n", 0) - span.line
        return _p(
            file,
            where,
            f'a quote (") opened here is never closed, so the {rest} line(s) after it would '
            "be read as this one cell: close the quote or remove it",
            f'此处的引号（"）没有闭合，其后的 {rest} 行会被读成这一个单元格：请补上或删去引号',
        )
    limit = csv.field_size_limit()
    return _p(
        file,
        where,
        f'a quote (") opened here closes only at line {span.closed_line}, {span.chars} characters '
        f"later (a cell holds at most {limit}): was a quote left open?",
        f'此处的引号（"）直到第 {span.closed_line} 行才闭合，相隔 {span.chars} 个字符'
        f"（一个单元格最多 {limit} 个字符）：是否漏了闭合引号？",
    )


def _beyond_header(file: str, line: int, row: list[str], width: int) -> list[Problem]:
    """Values in cells past the header's last column: not read, so reported."""
    return [
        _p(
            file,
            f"line {line}, column {i + 1}",
            f"a value beyond the header's {width} columns ({value.strip()!r}): it is not read; "
            "remove it or give the column a header",
            f"超出表头 {width} 列的值（{value.strip()!r}）不会被读取：请删除，或为该列加表头",
        )
        for i, value in enumerate(row[width:], start=width)
        if value.strip()
    ]


def empty_cell(file: str, where: str, name: str) -> Problem:
    """A required cell left blank (the row is not read)."""
    return _p(file, where, f"{name} is empty", f"{name} 为空")


def differs(file: str, where: str, name: str, value: str, seen: tuple[str, int]) -> Problem:
    """A unit-level value that differs from the one first given for the same group."""
    return _p(
        file,
        where,
        f"{name} {value!r} differs from {seen[0]!r} at line {seen[1]} "
        "for the same unit, year and stage",
        f"同一单位、年度、阶段的 {name} 不一致：{value!r}，第 {seen[1]} 行为 {seen[0]!r}",
    )


def header_columns(file: str, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Each known column's index in the header row, and the header's problems (line 1)."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for i, heading in enumerate(header):
        key = header_key(heading, _KNOWN)
        if key is None:
            if heading.strip():
                problems.append(
                    _p(
                        file,
                        f"line 1, column {heading.strip()}",
                        f"unknown column {heading.strip()!r} is ignored",
                        f"未知的列 {heading.strip()!r}，已忽略",
                        "warning",
                        "unknown_column",
                    )
                )
            continue
        if key in columns:
            problems.append(
                _p(
                    file,
                    f"line 1, column {heading.strip()}",
                    f"column {key!r} appears twice",
                    f"列 {key!r} 重复",
                )
            )
            continue
        columns[key] = i
    for name in (c for c in CSV_REQUIRED if c not in columns):
        problems.append(
            _p(
                file,
                "line 1",
                f"required column {name!r} is missing",
                f"缺少必需的列 {name!r}",
            )
        )
    return columns, problems


#: Lines between two calls of ``on_lines``.
LINES_PER_TICK = 500


def read_csv(
    path: str | Path, on_lines: Callable[[int, int], None] | None = None
) -> tuple[list[RawAssessment], list[Problem]]:
    """Raw assessments of a long CSV file, grouped by (unit_code, year, stage), in file order.

    ``on_lines(done, total)`` is called every :data:`LINES_PER_TICK` lines and at the end.
    """
    file = str(path)
    text, raw_bytes, problems = read_csv_text(Path(path), file)
    if text is None:
        return [], problems
    if "\x00" in text:
        return [], [
            _p(
                file,
                "",
                "file contains NUL bytes: not a CSV text file",
                "文件含 NUL 字节，不是 CSV 文本文件",
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        return [], [_csv_error(file, text, 1, [], exc)]
    columns, header_problems = header_columns(file, header)
    problems.extend(header_problems)
    missing = [c for c in CSV_REQUIRED if c not in columns]
    if missing or any(p.is_error for p in problems):
        return [], problems

    sha = sha256_bytes(raw_bytes)
    total_lines = text.count("\n") + (not text.endswith("\n"))
    next_tick = LINES_PER_TICK
    groups: dict[tuple[str, str, str], RawAssessment] = {}
    first_values: dict[tuple[tuple[str, str, str], str], tuple[str, int]] = {}
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_error(file, text, start, header, exc))
            break
        line = start
        if reader.line_num > start and any("\n" in c or "\r" in c for c in row):
            unclosed = _unclosed_quote(file, text, start, header)
            if unclosed is not None:  # the quote swallowed every later line into one cell
                problems.append(unclosed)
                break
        if on_lines is not None and line >= next_tick:
            on_lines(line, total_lines)
            next_tick = line + LINES_PER_TICK
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.extend(_beyond_header(file, line, row, len(header)))

        def cell(name: str, row: list[str] = row) -> str:
            idx = columns.get(name)
            return row[idx] if idx is not None and idx < len(row) else ""

        def where(name: str, line: int = line) -> str:
            return f"line {line}, column {name}"

        blank = False
        for name in CSV_REQUIRED:
            if not cell(name).strip():
                problems.append(empty_cell(file, where(name), name))
                blank = True
        if blank:
            continue
        group_key = (cell("unit_code").strip(), cell("year").strip(), cell("stage").strip())
        group = groups.get(group_key)
        if group is None:
            header_values = {
                "unit_code": RawValue(group_key[0], where("unit_code")),
                "year": RawValue(group_key[1], where("year")),
            }
            if group_key[2]:
                header_values["stage"] = RawValue(group_key[2], where("stage"))
            group = RawAssessment(
                file=file,
                where=f"line {line}",
                header=header_values,
                entries_where=f"line {line}",
                sha256=sha,
                source_path=file,
            )
            groups[group_key] = group
        for name in GROUP_FIELDS:
            value = cell(name).strip()
            if not value:
                continue
            seen = first_values.get((group_key, name))
            if seen is None:
                first_values[(group_key, name)] = (value, line)
                group.header[HEADER_NAME.get(name, name)] = RawValue(value, where(name))
            elif seen[0] != value:
                problems.append(differs(file, where(name), name, value, seen))
        code = RawValue(cell("code").strip(), where("code"))
        if cell("triggered").strip():
            group.vetoes.append(
                RawVeto(
                    where=f"line {line}",
                    code=code,
                    triggered=RawValue(cell("triggered"), where("triggered")),
                    note=cell("note").strip(),
                )
            )
            continue
        fields = {
            name: RawValue(cell(name), where(name))
            for name in ENTRY_FIELDS
            if name in columns and cell(name).strip()
        }
        group.entries.append(RawEntry(where=f"line {line}", code=code, fields=fields))
    if on_lines is not None:
        on_lines(total_lines, total_lines)
    return list(groups.values()), problems

"""The long CSV format: one row per (unit, year, stage, indicator), many assessments per file.

Why: a district office keeps all its towns and years in one table. The csv
module (not a dataframe) reads it, because every cell must stay the text the
user typed until the builder parses it, and every problem must name its line
and column.
"""

from __future__ import annotations

import csv
import io
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

__all__ = ["read_csv"]

_KNOWN: dict[str, str] = {}
for _key, _zh in CSV_COLUMNS:
    _KNOWN[_key] = _key
    _KNOWN[_zh] = _key
_KNOWN["not applicable"] = "not_applicable"

_GROUP_FIELDS = (
    "framework",
    "framework_version",
    "unit_name",
    "unit_name_en",
    "district",
    "assessor",
)
_HEADER_NAME = {"framework": "framework_id"}


def _p(file: str, where: str, en: str, zh: str, severity: Severity = "error") -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity)


def _read_text(path: Path, file: str) -> tuple[str | None, bytes, list[Problem]]:
    return read_text(
        path,
        file=file,
        not_utf8=("in Excel, save as 'CSV UTF-8'", "在 Excel 中请另存为“CSV UTF-8”"),
    )


def read_csv(path: str | Path) -> tuple[list[RawAssessment], list[Problem]]:
    """Raw assessments of a long CSV file, grouped by (unit_code, year, stage), in file order."""
    file = str(path)
    text, raw_bytes, problems = _read_text(Path(path), file)
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
        return [], [_p(file, "line 1", f"invalid CSV: {exc}", f"CSV 格式错误：{exc}")]
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
    missing = [c for c in CSV_REQUIRED if c not in columns]
    for name in missing:
        problems.append(
            _p(
                file,
                "line 1",
                f"required column {name!r} is missing",
                f"缺少必需的列 {name!r}",
            )
        )
    if missing or any(p.is_error for p in problems):
        return [], problems

    sha = sha256_bytes(raw_bytes)
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
            problems.append(
                _p(file, f"line {reader.line_num}", f"invalid CSV: {exc}", f"CSV 格式错误：{exc}")
            )
            break
        line = start
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            idx = columns.get(name)
            return row[idx] if idx is not None and idx < len(row) else ""

        def where(name: str, line: int = line) -> str:
            return f"line {line}, column {name}"

        blank = False
        for name in CSV_REQUIRED:
            if not cell(name).strip():
                problems.append(_p(file, where(name), f"{name} is empty", f"{name} 为空"))
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
        for name in _GROUP_FIELDS:
            value = cell(name).strip()
            if not value:
                continue
            seen = first_values.get((group_key, name))
            if seen is None:
                first_values[(group_key, name)] = (value, line)
                group.header[_HEADER_NAME.get(name, name)] = RawValue(value, where(name))
            elif seen[0] != value:
                problems.append(
                    _p(
                        file,
                        where(name),
                        f"{name} {value!r} differs from {seen[0]!r} at line {seen[1]} "
                        "for the same unit, year and stage",
                        f"同一单位、年度、阶段的 {name} 不一致：{value!r}，第 {seen[1]} 行为 {seen[0]!r}",
                    )
                )
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
    return list(groups.values()), problems

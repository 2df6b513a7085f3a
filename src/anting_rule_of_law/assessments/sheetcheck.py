"""Checks shared by the workbook readers (layout 1 and layout 2): cells and headers.

Why: whatever the layout, a cell Excel could not compute, a header the template
does not write and a value in a column without a header must be reported at
their cell, never read as empty or dropped unseen.
"""

from __future__ import annotations

from collections.abc import Mapping

from anting_rule_of_law.assessments.layout import column_letter, header_key
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.literals import Severity
from anting_rule_of_law.officefile import unreadable_problem

__all__ = ["blank", "cell_place", "header_columns", "unreadable_cell"]


def blank(value: str | None) -> bool:
    return value is None or not value.strip()


def cell_place(sheet: str, row: int, col: int) -> str:
    """Zero-based row and column -> ``具体指标!F12``."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def _p(file: str, where: str, en: str, zh: str, severity: Severity = "error") -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity)


def unreadable_cell(
    file: str,
    sheet: str,
    row: int,
    col: int,
    bad: Mapping[tuple[int, int], str],
    problems: list[Problem],
) -> bool:
    """Report a read cell whose value Excel could not give; True when it was one."""
    shown = bad.get((row, col))
    if shown is None:
        return False
    problems.append(unreadable_problem(file, sheet, row, col, shown))
    return True


def header_columns(
    rows: list[list[str | None]],
    known: dict[str, str],
    sheet: str,
    file: str,
    problems: list[Problem],
    ignored: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Header text -> column, for the known headers of row 1.

    A header the template does not write (renamed, or typed into an empty
    column) and values in a column without a header are reported at their cell:
    an error when the column holds values that would otherwise be dropped
    unseen, a warning when it is empty.
    """
    header = rows[0] if rows else []
    width = max((len(row) for row in rows), default=0)
    columns: dict[str, int] = {}
    for c in range(width):
        text = header[c] if c < len(header) else None
        key = None if blank(text) else header_key(str(text), known)
        if key is not None:
            if key in columns:
                problems.append(
                    _p(
                        file,
                        cell_place(sheet, 0, c),
                        f"column {key!r} appears twice",
                        f"列 {key!r} 重复",
                    )
                )
            else:
                columns[key] = c
            continue
        if text is not None and ignored and header_key(text, dict(ignored)) is not None:
            continue
        filled = [r for r in range(1, len(rows)) if c < len(rows[r]) and not blank(rows[r][c])]
        if blank(text):
            if filled:
                problems.append(
                    _p(
                        file,
                        cell_place(sheet, filled[0], c),
                        f"a value in column {column_letter(c)}, which has no header: it is not "
                        f"read ({len(filled)} cell(s) in this column)",
                        f"第 {column_letter(c)} 列没有表头，其中的值不会被读取（该列共 {len(filled)} 个单元格）",
                    )
                )
            continue
        shown = " ".join(str(text).split())
        problems.append(
            _p(
                file,
                cell_place(sheet, 0, c),
                f"column header {shown!r} is not one the template writes (renamed?): "
                + (
                    f"its {len(filled)} value(s) would be ignored; restore the header"
                    if filled
                    else "the column is ignored"
                ),
                f"列标题 {shown!r} 不是模板中的列（被改名了？）："
                + (
                    f"其中 {len(filled)} 个值不会被读取；请恢复原列标题" if filled else "该列被忽略"
                ),
                "error" if filled else "warning",
            )
        )
    return columns

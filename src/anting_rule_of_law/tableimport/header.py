"""Finding the header row of an indicator table and what each column holds.

Why a module of its own: the same columns go by many names (一级指标 / 一级 /
First-level indicator, 分值 / 分值（分） / 标准分 / Points, 评分标准 / 评分细则 /
考核标准 / 考核内容 / Scoring criteria ...), the header is often not the first row
(a title row sits above it) and sometimes spans two rows. Recognising them in
one place keeps the importer itself about the tree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from attrs import frozen

from anting_rule_of_law.tableimport.grid import Grid
from anting_rule_of_law.tableimport.text import clean_cell, compact

__all__ = ["LEVEL_ROLES", "ROLE_ALIASES", "Header", "find_header", "normalise_label"]

#: The name columns, from the top of the tree down.
LEVEL_ROLES = ("level1", "level2", "level3")

#: Header names per role, best first (compared after :func:`normalise_label`).
ROLE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "序", "no.", "no", "#", "number", "s/n", "itemno."),
    "level1": (
        "一级指标",
        "一级指标名称",
        "一级",
        "first-levelindicator",
        "level1indicator",
        "level-1indicator",
        "level1",
        "firstlevel",
        "dimension",
        "category",
    ),
    "level2": (
        "二级指标",
        "二级指标名称",
        "二级",
        "second-levelindicator",
        "level2indicator",
        "level-2indicator",
        "level2",
        "secondlevel",
        "sub-dimension",
        "subcategory",
    ),
    "level3": (
        "具体指标",
        "三级指标",
        "三级指标名称",
        "三级",
        "指标名称",
        "指标内容",
        "考核指标",
        "评价指标",
        "考核项目",
        "指标",
        "specificindicator",
        "third-levelindicator",
        "level3indicator",
        "level-3indicator",
        "level3",
        "indicatorname",
        "indicator",
        "item",
    ),
    "points": (
        "分值",
        "分数",
        "标准分",
        "标准分值",
        "指标分值",
        "满分",
        "基本分",
        "权重分",
        "points",
        "maxpoints",
        "maximumpoints",
        "score",
        "maxscore",
        "maximumscore",
        "fullmarks",
    ),
    "criteria": (
        "评分标准",
        "评分细则",
        "考核标准",
        "评分办法",
        "评分方法",
        "计分方法",
        "扣分标准",
        "考评标准",
        "评价标准",
        "考核评分标准",
        "考核内容",
        "scoringcriteria",
        "scoringstandard",
        "scoringstandards",
        "scoringrules",
        "scoringmethod",
        "assessmentcriteria",
        "criteria",
    ),
    "evidence": (
        "佐证材料",
        "佐证资料",
        "考核材料",
        "证明材料",
        "台账资料",
        "资料清单",
        "evidence",
        "supportingmaterials",
        "supportingevidence",
        "supportingdocuments",
    ),
    "department": (
        "责任部门",
        "责任单位",
        "牵头部门",
        "牵头单位",
        "责任科室",
        "主责部门",
        "responsibledepartment",
        "department",
        "responsibleunit",
        "leaddepartment",
    ),
}

#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 30

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")


def normalise_label(text: str) -> str:
    """``"分值（分）"`` -> ``"分值"``; ``"Scoring criteria:"`` -> ``"scoringcriteria"``."""
    return _BRACKETS.sub("", compact(text)).rstrip(":：*")


@frozen
class Header:
    """Where the header is and which column holds each role."""

    #: Index into ``grid.rows`` of the (last) header row; data starts after it.
    index: int
    #: role -> 0-based absolute column.
    columns: Mapping[str, int]
    #: The name columns present, top level first (a subset of LEVEL_ROLES).
    levels: tuple[str, ...]
    #: Recognised columns that lost to a better one: (column, header text, role).
    ignored: tuple[tuple[int, str, str], ...] = ()
    #: Text above the header (the table's title), if any.
    title: str | None = None


def _role_of(label: str) -> tuple[str, int] | None:
    """(role, rank) of a header text: an exact known name, else the longest known name it
    starts with ("评分标准及扣分细则"); a lower rank is a better column for the role."""
    norm = normalise_label(label)
    if not norm:
        return None
    for role, aliases in ROLE_ALIASES.items():
        if norm in aliases:
            return role, 2 * aliases.index(norm)
    best: tuple[int, str, int] | None = None
    for role, aliases in ROLE_ALIASES.items():
        for rank, alias in enumerate(aliases):
            if len(alias) >= 3 and norm.startswith(alias):
                # the longest known name wins; it ranks just after the same name written exactly
                key = (-len(alias), role, 2 * rank + 1)
                if best is None or key < best:
                    best = key
    return None if best is None else (best[1], best[2])


def _match(labels: Mapping[int, str]) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    chosen: dict[str, tuple[int, int]] = {}
    ignored: list[tuple[int, str, str]] = []
    for col in sorted(labels):
        found = _role_of(labels[col])
        if found is None:
            continue
        role, rank = found
        if role in chosen:
            prev_col, prev_rank = chosen[role]
            if rank < prev_rank:
                ignored.append((prev_col, labels[prev_col], role))
                chosen[role] = (col, rank)
            else:
                ignored.append((col, labels[col], role))
        else:
            chosen[role] = (col, rank)
    return {role: col for role, (col, _) in chosen.items()}, ignored


def _labels(grid: Grid, index: int, above: bool) -> dict[int, str]:
    row = grid.rows[index]
    out: dict[int, str] = {}
    width = len(row.cells)
    prev = grid.rows[index - 1] if above and index > 0 else None
    if prev is not None:
        width = max(width, len(prev.cells))
    for col in range(width):
        text = clean_cell(row.text(col))
        if text is None and prev is not None:
            text = clean_cell(prev.text(col))
        if text is not None:
            out[col] = text
    return out


def find_header(grid: Grid) -> Header | None:
    """The first row naming at least one indicator column and the points column.

    A header spanning two rows (a merged "指标" above 一级/二级/三级) is found on
    a second pass that reads each column from the lower row, else the upper one.
    """
    limit = min(len(grid.rows), HEADER_SEARCH_ROWS)
    for above in (False, True):
        for index in range(limit):
            labels = _labels(grid, index, above)
            columns, ignored = _match(labels)
            levels = tuple(r for r in LEVEL_ROLES if r in columns)
            if levels and "points" in columns:
                first = index - 1 if above else index
                return Header(
                    index=index,
                    columns=columns,
                    levels=levels,
                    ignored=tuple(ignored),
                    title=_title(grid, first),
                )
    return None


def _title(grid: Grid, header_index: int) -> str | None:
    """The first non-empty text above the header: the table's title, as a rule."""
    for row in grid.rows[:header_index]:
        for cell in row.cells:
            text = clean_cell(cell)
            if text is not None:
                return text
    return None

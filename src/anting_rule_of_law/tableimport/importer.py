"""Importing an official indicator table (Excel or CSV) as a framework file.

Why: the bundled ``shanghai-town-2023`` is a reference reconstruction; the
official table reaches a town as a spreadsheet. :func:`import_table` reads it —
the usual columns 一级指标 / 二级指标 / 具体指标 / 分值 / 评分标准 under their many
names — checks that the points add up, infers leaf rules only where the
scoring text is unambiguous, and returns the framework mapping, validated by
the same checks as any framework file. :func:`write_framework_yaml` writes it.
Nothing is written and :class:`InputError` lists every located problem when
the table cannot be read as it stands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import yaml
from attrs import frozen

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.fileio import atomic_write
from anting_rule_of_law.indicators.registry import framework_problems
from anting_rule_of_law.records import Framework
from anting_rule_of_law.tableimport.grid import Grid
from anting_rule_of_law.tableimport.header import HEADER_SEARCH_ROWS, Header, find_header
from anting_rule_of_law.tableimport.readers import read_grids
from anting_rule_of_law.tableimport.rule_inference import infer_rule
from anting_rule_of_law.tableimport.text import compact
from anting_rule_of_law.tableimport.tree import TableNode, TableTree, build_tree

__all__ = ["ImportResult", "import_table", "write_framework_yaml"]

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
STATUSES = ("official", "reference")


@frozen
class ImportResult:
    """What :func:`import_table` read: the mapping to write, the framework, what was guessed."""

    #: The framework mapping, ready for :func:`write_framework_yaml`.
    data: dict[str, Any]
    #: The validated framework built from ``data``.
    framework: Framework
    #: One ``(code, rule type, scoring text)`` per leaf whose rule was inferred.
    inferred: tuple[tuple[str, str, str], ...]
    #: Warnings and notes (never errors: those raise).
    problems: tuple[Problem, ...]
    #: Codes of the leaves left ``manual`` (no clear rule in their text).
    manual: tuple[str, ...] = ()
    #: The sheet read (``None`` for CSV).
    sheet: str | None = None

    @property
    def levels(self) -> tuple[int, ...]:
        """Number of indicators per level, first level first."""
        return tuple(int(n) for n in self.data["declared"]["levels"])

    @property
    def total_points(self) -> float:
        return float(self.data["total_points"])


def _err(file: str, where: str, en: str, zh: str) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh)


def _warn(file: str, where: str, en: str, zh: str) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity="warning")


def _num(value: float) -> float | int:
    """``5.0`` -> ``5`` so the file reads as people write points; fractions kept in full."""
    return int(value) if float(value).is_integer() else float(value)


def _slug(stem: str) -> str:
    text = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._")
    return text if text and _ID_PATTERN.match(text) else "imported-table"


def _choose(
    grids: tuple[Grid, ...], file: str, sheet: str | None
) -> tuple[Grid, Header, list[Problem]]:
    found = [(g, h) for g in grids if (h := find_header(g)) is not None]
    if not found:
        where = ", ".join(g.where_rows(HEADER_SEARCH_ROWS) for g in grids) or "(no sheets)"
        raise InputError(
            [
                _err(
                    file,
                    where,
                    "header row not found: need a column of indicator names (一级指标, 二级指标, "
                    "具体指标 / 三级指标 / 指标名称 ...) and a points column (分值 / Points) "
                    f"in the first {HEADER_SEARCH_ROWS} rows",
                    "找不到表头行：前 "
                    f"{HEADER_SEARCH_ROWS} 行中需有指标名称列（一级指标、二级指标、具体指标 / 三级指标 / "
                    "指标名称等）和分值列（分值 / Points）",
                )
            ]
        )
    grid, header = found[0]
    notes: list[Problem] = []
    if grid.kind == "word":
        grid = _join_word_tables(grids, grid, header)
        found = [(g, h) for g, h in found if g.sheet not in _sheets_in(grid)]
        found.insert(0, (grid, header))
    if len(found) > 1 and sheet is None:
        others = ", ".join(str(g.sheet) for g, _ in found[1:])
        notes.append(
            _warn(
                file,
                str(grid.sheet),
                f"read sheet {grid.sheet!r}; sheets {others} also look like indicator tables "
                "(choose one with --sheet)",
                f"已读取工作表 {grid.sheet!r}；工作表 {others} 看起来也是指标表（可用 --sheet 指定）",
            )
        )
    for col, text, role in header.ignored:
        notes.append(
            _warn(
                file,
                grid.where(grid.rows[header.index].number, col),
                f"column {text!r} not used: another column already gives the {role}",
                f"未使用列 {text!r}：已有另一列作为该用途（{role}）",
            )
        )
    return grid, header, notes


def _width(grid: Grid) -> int:
    return max((len(r.cells) for r in grid.rows), default=0)


def _sheets_in(grid: Grid) -> set[str]:
    return {f"table {t}" for t, _ in grid.places.values()}


def _join_word_tables(grids: tuple[Grid, ...], grid: Grid, header: Header) -> Grid:
    """A Word table continued in the next tables (same columns, no header or the same one)."""
    labels = [None if c is None else compact(c) for c in grid.rows[header.index].cells]
    rows = list(grid.rows)
    places = dict(grid.places)
    for nxt in grids[grids.index(grid) + 1 :]:
        if _width(nxt) != _width(grid):
            break
        own = find_header(nxt)
        body = nxt.rows
        if own is not None:
            again = [None if c is None else compact(c) for c in nxt.rows[own.index].cells]
            if again != labels:
                break  # another table with its own header
            body = nxt.rows[own.index + 1 :]
        rows.extend(body)
        places.update(nxt.places)
    if len(rows) == len(grid.rows):
        return grid
    return Grid(file=grid.file, sheet=grid.sheet, rows=tuple(rows), kind="word", places=places)


def _basis(file_name: str, grid: Grid, node: TableNode) -> dict[str, str]:
    if grid.kind == "word":
        place = grid.where(node.row)
    elif grid.sheet is None:
        place = f"line {node.row}"
    else:
        place = f"{grid.sheet}, row {node.row}"
    return {"source": f"{file_name} ({place})"}


def _node_data(
    node: TableNode,
    grid: Grid,
    file_name: str,
    inferred: list[tuple[str, str, str]],
    manual: list[str],
    notes: list[Problem],
) -> dict[str, Any]:
    points = node.points()
    entry: dict[str, Any] = {"code": node.code, "name": node.name}
    if points is not None:
        entry["points"] = _num(points)
    text = "\n".join(node.criteria)
    if node.is_leaf:
        inference = infer_rule(text, points or 0.0)
        entry["rule"] = inference.rule
        if inference.inferred:
            inferred.append((node.code, inference.type, text))
            if inference.note:
                notes.append(
                    _warn(
                        grid.file,
                        node.criteria_where,
                        f"{node.code} inferred as ratio: {inference.note}; check it",
                        f"{node.code} 推断为比率规则：起评值按 0 处理（达标值 "
                        f"{inference.rule['target']}），请核对",
                    )
                )
        else:
            manual.append(node.code)
    elif text:
        notes.append(
            _warn(
                grid.file,
                node.criteria_where,
                f"{node.code} has sub-indicators, so its scoring text is not kept",
                f"{node.code} 有下级指标，其评分标准文字未保留",
            )
        )
    if node.evidence:
        entry["evidence"] = list(node.evidence)
    if node.department:
        entry["department"] = node.department
    entry["basis"] = _basis(file_name, grid, node)
    return entry


def _levels(tree: TableTree) -> list[int]:
    counts: dict[int, int] = {}
    for node in tree.nodes():
        counts[node.level] = counts.get(node.level, 0) + 1
    return [counts.get(level, 0) for level in range(1, max(counts, default=0) + 1)]


def import_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    framework_id: str | None = None,
    version: str | None = None,
    title: str | None = None,
    status: str = "official",
) -> ImportResult:
    """Read an indicator table (.xlsx/.xls/.ods or .csv) into a validated framework mapping.

    ``status`` defaults to ``official``: the table a town imports is the official
    one. Raises :class:`InputError` with every located problem (``Sheet1!D7``).
    """
    file = str(path)
    file_name = Path(path).name
    problems: list[Problem] = []
    if framework_id is not None and not _ID_PATTERN.match(framework_id):
        problems.append(
            _err(
                file,
                "--id",
                f"id {framework_id!r} must be lower-case letters, digits, '.', '_' or '-'",
                f"框架 id {framework_id!r} 只能由小写字母、数字和 . _ - 组成",
            )
        )
    if status not in STATUSES:
        problems.append(
            _err(file, "--status", f"status must be one of {STATUSES}", f"状态须为 {STATUSES} 之一")
        )
    if problems:
        raise InputError(problems)
    grids, notes = read_grids(path, sheet)
    try:
        grid, header, more = _choose(grids, file, sheet)
    except InputError as exc:  # say which sheets were not looked at (hidden ones)
        raise InputError([*exc.problems, *notes]) from None
    notes.extend(more)
    tree = build_tree(grid, header)
    problems = notes + tree.problems
    if not tree.roots and not any(p.is_error for p in problems):
        problems.append(
            _err(
                file,
                grid.where(grid.rows[header.index].number),
                "no indicators below the header row",
                "表头行下方没有指标",
            )
        )
    if any(p.is_error for p in problems):
        raise InputError(_ordered(problems))

    inferred: list[tuple[str, str, str]] = []
    manual: list[str] = []
    nodes = [_node_data(node, grid, file_name, inferred, manual, problems) for node in tree.nodes()]
    total = math.fsum(p for r in tree.roots if (p := r.points()) is not None)
    source = file_name if grid.sheet is None else f"{file_name}, sheet {grid.sheet}"
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": framework_id or _slug(Path(path).stem),
        "version": version or "1",
        "title": title or header.title or Path(path).stem,
        "status": status,
        "description": (
            f"由 {source} 导入；inferred: true 的评分规则由评分标准文字推断，请逐条核对。"
            f" Imported from {source}; rules marked inferred: true were read from the "
            "scoring text: check each one."
        ),
        "declared": {"levels": _levels(tree), "total_points": _num(total)},
        "total_points": _num(total),
        "nodes": nodes,
    }
    checked = framework_problems(data, file)
    if checked:
        raise InputError(_ordered(problems + checked))
    framework = Framework.from_dict(data, source_path=file)
    return ImportResult(
        data=data,
        framework=framework,
        inferred=tuple(inferred),
        problems=tuple(problems),
        manual=tuple(manual),
        sheet=grid.sheet,
    )


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first (in table order), then warnings."""
    items = list(problems)
    return [p for p in items if p.is_error] + [p for p in items if not p.is_error]


class _QuotedStr(str):
    """A string always written in double quotes (codes: ``"1.1"`` must not read as a number)."""


#: libyaml's emitter when present (same text, several times faster on big tables).
_BASE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Dumper = cast("type[yaml.SafeDumper]", type("_Dumper", (_BASE_DUMPER,), {}))


def _quoted(dumper: yaml.SafeDumper, value: _QuotedStr) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(_QuotedStr, _quoted)
_Dumper.add_representer(str, _text)


def _prepare(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _prepare(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    if isinstance(value, str) and key in ("code", "parent", "id", "version"):
        return _QuotedStr(value)
    return value


def dump_framework_yaml(data: dict[str, Any]) -> str:
    """The framework mapping as YAML text: keys in order, Chinese as is, codes quoted."""
    text: str = yaml.dump(
        _prepare(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return text


def write_framework_yaml(data: dict[str, Any], path: str | Path) -> None:
    """Write the mapping to ``path`` atomically (a failed write leaves no half file)."""
    text = dump_framework_yaml(data)
    with atomic_write(path) as fh:
        fh.write(text)

"""Turning the data rows of an indicator table into a tree of coded nodes.

Why a module of its own: this is where a table's habits are read — merged cells
(fastexcel gives the value in the top-left cell and blanks below, so a blank
name cell means "same as above"), names repeated on every row, numbering
prefixes, a second-level row carrying its own points, criteria spread over the
rows of a merged leaf, a totals row (合计) and notes (说明) at the bottom — and
where every inconsistency is reported with its cell, all at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from attrs import define, field

from anting_rule_of_law.errors import Problem, ProblemCollector
from anting_rule_of_law.tableimport.grid import Grid, GridRow
from anting_rule_of_law.tableimport.header import Header
from anting_rule_of_law.tableimport.text import (
    PointsError,
    clean_cell,
    compact,
    parse_points,
    split_name_points,
    strip_numbering,
)

__all__ = ["TableNode", "TableTree", "build_tree"]

_EPS = 1e-9
_TOTAL_WORDS = ("合计", "总计", "总分", "总分值", "分值合计", "total", "grandtotal")
_SUBTOTAL_WORDS = ("小计", "subtotal")
_NOTE_PREFIXES = ("说明", "备注", "注:", "注：", "填表说明", "note:", "notes:")
_LEVEL_ZH = {1: "一级指标", 2: "二级指标", 3: "具体指标"}


@define(eq=False)
class TableNode:
    """A node as read from the table, with the cells it came from (compared by identity)."""

    code: str
    level: int
    name: str
    row: int
    name_where: str
    parent: TableNode | None = None
    #: Points given on the node's own row (or in its name); ``None`` when not given.
    declared: float | None = None
    declared_where: str = ""
    criteria: list[str] = field(factory=list)
    criteria_where: str = ""
    evidence: list[str] = field(factory=list)
    department: str = ""
    children: list[TableNode] = field(factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def points(self) -> float | None:
        """Declared points, else the sum of the children's (``None`` if any is unknown)."""
        if self.declared is not None or self.is_leaf:
            return self.declared
        parts = [c.points() for c in self.children]
        if any(p is None for p in parts):
            return None
        return math.fsum(p for p in parts if p is not None)

    def walk(self) -> Iterator[TableNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@define
class TableTree:
    """The roots in table order, the problems found, and the table's totals row if any."""

    roots: list[TableNode]
    problems: list[Problem]
    total: float | None = None
    total_where: str = ""

    def nodes(self) -> Iterator[TableNode]:
        for root in self.roots:
            yield from root.walk()


def _is_word(text: str | None, words: tuple[str, ...]) -> bool:
    return text is not None and compact(strip_numbering(text)) in words


def _number(row: GridRow, col: int) -> float | None:
    value = row.number_at(col)
    return value if value is not None and math.isfinite(value) and value >= 0 else None


class _Builder:
    def __init__(self, grid: Grid, header: Header) -> None:
        self.grid = grid
        self.header = header
        self.cols = header.columns
        self.depth = len(header.levels)
        self.roots: list[TableNode] = []
        self.path: list[TableNode | None] = [None] * self.depth
        self.out = ProblemCollector(grid.file)
        self.total: float | None = None
        self.total_where = ""
        self.last: TableNode | None = None

    def cell(self, row: GridRow, role: str) -> str | None:
        col = self.cols.get(role)
        return None if col is None else clean_cell(row.text(col))

    def where(self, row: GridRow, role: str) -> str:
        col = self.cols.get(role)
        return self.grid.where(row.number, col)

    def level_label(self, level: int) -> tuple[str, str]:
        role = self.header.levels[level - 1]
        zh = _LEVEL_ZH[int(role[-1])]
        return f"level-{level} indicator", zh

    # -- points -------------------------------------------------------------------
    def points_of(self, row: GridRow) -> tuple[float | None, bool]:
        """(points, ok): ``(None, True)`` for a blank cell, ``(None, False)`` after an error."""
        text = self.cell(row, "points")
        if text is None:
            return None, True
        number = _number(row, self.cols["points"])
        if number is not None:
            return number, True
        try:
            return parse_points(text), True
        except PointsError as exc:
            self.out.error(self.where(row, "points"), exc.en, exc.zh)
            return None, False

    # -- rows ---------------------------------------------------------------------
    def run(self) -> None:
        rows = self.grid.rows[self.header.index + 1 :]
        after_total: list[int] = []
        for row in rows:
            if row.is_blank:
                continue
            if self.total_where:
                after_total.append(row.number)
                continue
            self.read_row(row)
        if after_total:
            first, last = after_total[0], after_total[-1]
            span = str(first) if first == last else f"{first}-{last}"
            self.out.warn(
                self.grid.where(first),
                f"rows {span} after the totals row were not read",
                f"合计行之后的第 {span} 行未读取",
            )

    def name_cells(self, row: GridRow) -> list[str | None]:
        return [self.cell(row, role) for role in self.header.levels]

    def read_row(self, row: GridRow) -> None:
        names = self.name_cells(row)
        first_text = next((clean_cell(c) for c in row.cells if clean_cell(c)), "") or ""
        labels = [*names, self.cell(row, "number"), first_text]
        if any(_is_word(t, _TOTAL_WORDS) for t in labels):
            self.read_total(row)
            return
        if any(_is_word(t, _SUBTOTAL_WORDS) for t in labels):
            self.read_subtotal(row)
            return
        if compact(first_text).startswith(_NOTE_PREFIXES):
            self.out.warn(
                self.grid.where(row.number),
                f"note row skipped: {first_text[:40]}",
                f"已跳过说明行：{first_text[:40]}",
            )
            return
        named = [k for k, n in enumerate(names) if n is not None]
        points_text = self.cell(row, "points")
        criteria = self.cell(row, "criteria")
        if not named:
            self.read_continuation(row, points_text, criteria)
            return
        deepest = named[-1]
        saved = list(self.path)
        for k in range(deepest + 1):
            if not self.step(row, k, names[k], deepest):
                self.undo(saved)
                return
        node = self.path[deepest]
        assert node is not None
        self.last = node
        self.fill(node, row, leaf_level=deepest == self.depth - 1)

    def undo(self, saved: list[TableNode | None]) -> None:
        """Forget the nodes a rejected row created, so its error does not cause others."""
        for new, old in zip(self.path, saved, strict=True):
            if new is not None and new is not old:
                siblings = new.parent.children if new.parent is not None else self.roots
                if new in siblings:
                    siblings.remove(new)
        self.path = saved

    def step(self, row: GridRow, k: int, raw: str | None, deepest: int) -> bool:
        """Advance the current path at level ``k``; False (after an error) to drop the row."""
        role = self.header.levels[k]
        current = self.path[k]
        if raw is None:
            if current is None:
                en, zh = self.level_label(k + 1)
                self.out.error(
                    self.where(row, role),
                    f"no {en} above this row (the name cell is empty)",
                    f"此行上方没有{zh}（名称单元格为空）",
                )
                return False
            return True
        name, embedded = split_name_points(strip_numbering(raw))
        name = strip_numbering(name)
        if not name:
            self.out.error(
                self.where(row, role),
                f"{raw!r} is only a number, not an indicator name",
                f"{raw!r} 只有编号，没有指标名称",
            )
            return False
        same = current is not None and current.name == name
        if same and (k < deepest or deepest < self.depth - 1):
            return True  # a name repeated on every row, or the node's own points row
        parent = self.path[k - 1] if k > 0 else None
        siblings = parent.children if parent is not None else self.roots
        code = (
            f"{parent.code}.{len(siblings) + 1}" if parent is not None else str(len(siblings) + 1)
        )
        node = TableNode(
            code=code,
            level=k + 1,
            name=name,
            row=row.number,
            name_where=self.where(row, role),
            parent=parent,
        )
        if embedded is not None:
            node.declared = embedded
            node.declared_where = self.where(row, role)
        siblings.append(node)
        self.path[k] = node
        for j in range(k + 1, self.depth):
            self.path[j] = None
        return True

    def fill(self, node: TableNode, row: GridRow, *, leaf_level: bool) -> None:
        points, ok = self.points_of(row)
        if points is not None:
            if node.declared is not None and not math.isclose(node.declared, points, abs_tol=_EPS):
                self.out.error(
                    self.where(row, "points"),
                    f"{node.name!r}: points {points:g} here but {node.declared:g} at "
                    f"{node.declared_where}",
                    f"{node.name!r}：此处分值 {points:g}，与 {node.declared_where} 的 "
                    f"{node.declared:g} 不一致",
                )
            else:
                node.declared = points
                node.declared_where = self.where(row, "points")
        elif leaf_level and ok and node.declared is None:
            self.out.error(
                self.where(row, "points"),
                f"indicator {node.name!r} has no points",
                f"指标 {node.name!r} 缺少分值",
            )
        self.add_details(node, row)

    def add_details(self, node: TableNode, row: GridRow) -> None:
        criteria = self.cell(row, "criteria")
        if criteria is not None:
            if not node.criteria:
                node.criteria_where = self.where(row, "criteria")
            node.criteria.append(criteria)
        evidence = self.cell(row, "evidence")
        if evidence is not None:
            node.evidence.extend(_split_list(evidence))
        department = self.cell(row, "department")
        if department is not None:
            node.department = (
                department if not node.department else f"{node.department}、{department}"
            )

    def read_continuation(
        self, row: GridRow, points_text: str | None, criteria: str | None
    ) -> None:
        """A row without any name: more text of a merged leaf, or a mistake."""
        if points_text is not None:
            leaf_role = self.header.levels[-1]
            self.out.error(
                self.where(row, leaf_role),
                f"this row has points ({points_text}) but no indicator name",
                f"此行有分值（{points_text}）但没有指标名称",
            )
            return
        if self.last is None:
            text = criteria or next((clean_cell(c) for c in row.cells if clean_cell(c)), "")
            self.out.warn(
                self.grid.where(row.number),
                f"row skipped: no indicator name above it ({str(text)[:40]})",
                f"已跳过此行：上方没有指标名称（{str(text)[:40]}）",
            )
            return
        self.add_details(self.last, row)

    def total_value(self, row: GridRow) -> tuple[float | None, str]:
        value, _ = self.points_of(row)
        return value, self.where(row, "points")

    def read_total(self, row: GridRow) -> None:
        value, where = self.total_value(row)
        self.total_where = where
        self.total = value

    def read_subtotal(self, row: GridRow) -> None:
        value, where = self.total_value(row)
        group = self.path[0]
        if value is None or group is None:
            return
        have = group.points()
        if have is not None and not math.isclose(have, value, abs_tol=_EPS):
            self.out.error(
                where,
                f"subtotal {value:g} but the indicators of {group.name!r} add up to {have:g}",
                f"小计 {value:g}，但 {group.name!r} 下各指标分值合计 {have:g}",
            )


def _split_list(text: str) -> list[str]:
    """Evidence items one per line or separated by ；."""
    items = [
        strip_numbering(p.strip()) for p in text.replace("；", "\n").replace(";", "\n").splitlines()
    ]
    return [i for i in items if i]


def build_tree(grid: Grid, header: Header) -> TableTree:
    """Read the rows under ``header`` into a tree; check points against parents and totals."""
    builder = _Builder(grid, header)
    builder.run()
    tree = TableTree(
        roots=builder.roots,
        problems=builder.out.problems,
        total=builder.total,
        total_where=builder.total_where,
    )
    _check_points(tree, builder)
    return tree


def _check_points(tree: TableTree, builder: _Builder) -> None:
    for node in tree.nodes():
        if node.is_leaf:
            if node.declared is None and node.level < builder.depth:
                en, zh = builder.level_label(node.level)
                builder.out.error(
                    node.name_where,
                    f"{en} {node.name!r} has neither sub-indicators nor points",
                    f"{zh} {node.name!r} 既没有下级指标也没有分值",
                )
            continue
        if node.declared is None:
            continue
        parts = [c.points() for c in node.children]
        if any(p is None for p in parts):
            continue
        total = math.fsum(p for p in parts if p is not None)
        if not math.isclose(total, node.declared, abs_tol=_EPS):
            builder.out.error(
                node.declared_where,
                f"{node.name!r} has {node.declared:g} points but its indicators add up to {total:g}",
                f"{node.name!r} 分值为 {node.declared:g}，但其下级指标分值合计 {total:g}",
            )
    if tree.total is not None:
        parts = [r.points() for r in tree.roots]
        if parts and all(p is not None for p in parts):
            total = math.fsum(p for p in parts if p is not None)
            if not math.isclose(total, tree.total, abs_tol=_EPS):
                builder.out.error(
                    tree.total_where,
                    f"the totals row says {tree.total:g} but the indicators add up to {total:g}",
                    f"合计行为 {tree.total:g}，但各指标分值合计 {total:g}",
                )
    tree.problems = builder.out.problems

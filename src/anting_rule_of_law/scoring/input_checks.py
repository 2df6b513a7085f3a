"""Checks of the inputs against the framework, before any scoring.

Every problem is collected (all at once, located): for records the assessment's
file and JSON path, for frames the frame and the offending values.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from anting_rule_of_law.errors import Problem, json_path
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring.inputs import stage_or_self
from anting_rule_of_law.scoring.memo import IdentityCache

__all__ = ["assessment_problems", "duplicate_problems", "frame_problems"]


def _file(a: Assessment, i: int) -> str:
    return a.source_path or f"<assessment {i}>"


class _Known:
    """A framework's leaves by code, each leaf's clause ids and the veto codes (made
    once per framework: walking the tree costs more than checking one town)."""

    def __init__(self, fw: Framework) -> None:
        self.leaves = {n.code: n for n in fw.leaves()}
        self.clauses = {
            code: frozenset(c.id for c in n.rule.clauses)
            for code, n in self.leaves.items()
            if n.rule is not None
        }
        self.vetoes = frozenset(v.code for v in fw.vetoes)


_KNOWN: IdentityCache[Framework, _Known] = IdentityCache()


def assessment_problems(fw: Framework, assessments: Sequence[Assessment]) -> list[Problem]:
    """Framework id, duplicate (unit, year, stage), unknown codes, clauses and vetoes."""
    problems: list[Problem] = []
    known_codes = _KNOWN.get(fw, _Known)
    leaves = known_codes.leaves
    veto_codes = known_codes.vetoes
    seen: dict[tuple[str, int, str], str] = {}
    for i, a in enumerate(assessments):
        file = _file(a, i)
        if a.framework_id != fw.id:
            problems.append(
                Problem(
                    file,
                    json_path("framework", "id"),
                    f"assessment is for framework {a.framework_id!r}, not {fw.id!r}",
                    f"该评估针对框架 {a.framework_id!r}，而非 {fw.id!r}",
                )
            )
        key = (a.unit.code, a.year, a.stage)
        if key in seen:
            problems.append(
                Problem(
                    file,
                    "$",
                    f"duplicate assessment of unit {key[0]!r}, year {key[1]}, stage {key[2]!r}"
                    f" (also in {seen[key]})",
                    f"单位 {key[0]!r} {key[1]} 年 {key[2]} 阶段的评估重复（另见 {seen[key]}）",
                )
            )
        else:
            seen[key] = file
        codes: dict[str, int] = {}
        for j, e in enumerate(a.entries):
            node = leaves.get(e.code)
            if e.code in codes:
                problems.append(
                    Problem(
                        file,
                        json_path("entries", j, "code"),
                        f"indicator {e.code!r} is entered twice (first at entries[{codes[e.code]}])",
                        f"指标 {e.code!r} 重复填报（首次见 entries[{codes[e.code]}]）",
                    )
                )
            else:
                codes[e.code] = j
            if node is None:
                what = "is not a specific indicator" if e.code in fw else "does not exist"
                zh = "不是具体指标" if e.code in fw else "不存在"
                problems.append(
                    Problem(
                        file,
                        json_path("entries", j, "code"),
                        f"indicator {e.code!r} {what} in framework {fw.id!r}",
                        f"指标 {e.code!r} 在框架 {fw.id!r} 中{zh}",
                    )
                )
                continue
            assert node.rule is not None
            if not e.clauses:
                continue
            known = known_codes.clauses[e.code]
            for cid, _ in e.clauses:
                if cid not in known:
                    problems.append(
                        Problem(
                            file,
                            json_path("entries", j, "clauses", cid),
                            f"indicator {e.code!r} has no deduction clause {cid!r}"
                            f" (known: {', '.join(sorted(known)) or 'none'})",
                            f"指标 {e.code!r} 没有扣分条款 {cid!r}"
                            f"（已有：{'、'.join(sorted(known)) or '无'}）",
                        )
                    )
        for j, v in enumerate(a.vetoes):
            if v.code not in veto_codes:
                problems.append(
                    Problem(
                        file,
                        json_path("vetoes", j, "code"),
                        f"veto item {v.code!r} is not declared by framework {fw.id!r}",
                        f"否决项 {v.code!r} 未在框架 {fw.id!r} 中声明",
                    )
                )
    return problems


def _listed(values: Sequence[object], limit: int = 10) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f" … (+{len(values) - limit})" if len(values) > limit else "")


def frame_problems(
    fw: Framework,
    entries: pl.DataFrame,
    clauses: pl.DataFrame,
    vetoes: pl.DataFrame,
) -> list[Problem]:
    """Missing unit or year, and unknown vetoes (codes and clauses are checked by the engine).

    The engine finds unknown indicator codes and clauses while encoding them (one
    pass), and raises these problems together with its own.
    """
    problems: list[Problem] = []
    for name in ("unit", "year"):
        n_null = entries.get_column(name).null_count()
        if n_null:
            problems.append(
                Problem(
                    "<entries>",
                    f"column {name!r}",
                    f"{n_null} rows have no {name}",
                    f"{n_null} 行缺少 {name}",
                )
            )
    veto_codes = pl.Series([v.code for v in fw.vetoes], dtype=pl.String)
    for (code,) in (
        vetoes.filter(~pl.col("veto").is_in(veto_codes.implode()))
        .select("veto")
        .unique()
        .sort("veto")
        .rows()
    ):
        problems.append(
            Problem(
                "<vetoes>",
                f"veto {code!r}",
                f"veto item {code!r} is not declared by framework {fw.id!r}",
                f"否决项 {code!r} 未在框架 {fw.id!r} 中声明",
            )
        )
    return problems


_NAMES_ZH = {"unit": "单位", "year": "年度", "stage": "阶段", "code": "指标", "clause": "条款"}


def duplicate_problems(
    frame: pl.DataFrame,
    key: Sequence[str] = ("unit", "year", "stage", "code"),
    file: str = "<entries>",
) -> list[Problem]:
    """Rows of ``frame`` sharing ``key`` — the slow, located report (entries: one row
    per leaf; clause inputs: one row per clause of a leaf).

    The engine calls this only after a cheap integer check found a duplicate.
    """
    problems: list[Problem] = []
    columns = [
        stage_or_self(frame)
        if k == "stage"
        else pl.col(k).cast(pl.String)
        if k != "year"
        else pl.col(k)
        for k in key
    ]
    dup = (
        frame.with_row_index("_row")
        .group_by(*columns)
        .agg(pl.col("_row").min(), pl.len().alias("n"))
        .filter(pl.col("n") > 1)
        .sort("_row")
    )
    if dup.height:
        sample = ["/".join(str(v) for v in row) for row in dup.select(*key).rows()]
        problems.append(
            Problem(
                file,
                f"rows {_listed(dup['_row'].to_list())}",
                f"{dup.height} ({', '.join(key)}) combinations appear more than once:"
                f" {_listed(sample)}",
                f"{dup.height} 个（{', '.join(_NAMES_ZH.get(k, k) for k in key)}）组合重复："
                f"{_listed(sample)}",
            )
        )
    return problems

"""Two stages of one unit-year side by side (自评与初审对比), as every report shows them.

Why: a town does not pass on its own word — the district re-scores it, and the
difference between the two scores, indicator by indicator with the reviewers'
reasons, is what the town must answer. Each result assessed after an earlier
stage of the same unit and year (初审 after 自评, 核定 after 初审 — or after 自评
when there was no 初审) carries a ``comparison`` against that earlier stage: both
totals, whether each reaches the pass line and passes, the difference, and every
specific indicator whose score changed, largest change first (ties in framework
order), with the later stage's remark (审核意见: the reason typed with the entry)
and the reason the rule gives. Scores are unrounded, like the rest of the document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.records import STAGES

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = ["TOLERANCE", "earlier_stage", "stage_comparisons"]

#: Score differences smaller than this are float noise, not a change.
TOLERANCE = 1e-9

Key = tuple[str, int, str]


def earlier_stage(stage: str, present: Sequence[str]) -> str | None:
    """The stage ``stage`` is compared against: the latest of ``present`` before it in
    process order (自评 → 初审 → 核定), or ``None``."""
    if stage not in STAGES:
        return None
    before = [s for s in STAGES[: STAGES.index(stage)] if s in present]
    return before[-1] if before else None


def stage_comparisons(scorecard: Scorecard) -> dict[Key, dict[str, Any]]:
    """Per result key (unit, year, later stage): its comparison with the earlier stage."""
    import polars as pl

    totals = scorecard.totals
    stages: dict[tuple[str, int], list[str]] = {}
    for unit, year, stage in totals.select("unit", "year", "stage").iter_rows():
        stages.setdefault((str(unit), int(year)), []).append(str(stage))
    pairs: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for unit_year, present in stages.items():
        for stage in present:
            earlier = earlier_stage(stage, present)
            if earlier is not None:
                pairs.setdefault((earlier, stage), []).append(unit_year)
    if not pairs:
        return {}
    fw = scorecard.framework
    leaves = {leaf.code: i for i, leaf in enumerate(fw.leaves())}
    line = fw.pass_line
    rows = {
        (str(r["unit"]), int(r["year"]), str(r["stage"])): r
        for r in totals.select("unit", "year", "stage", "score", "max", "passed").iter_rows(
            named=True
        )
    }
    audit = scorecard.audit
    out: dict[Key, dict[str, Any]] = {}
    for (a, b), unit_years in pairs.items():
        frame = scorecard.compare_stages(a, b).filter(
            pl.col("code").cast(pl.String).is_in(list(leaves))
        )
        maxima = audit.filter(pl.col("stage") == b).select(
            pl.col("unit").cast(pl.String), "year", pl.col("code").cast(pl.String), "max"
        )
        frame = frame.with_columns(
            pl.col("unit").cast(pl.String), pl.col("code").cast(pl.String)
        ).join(maxima, on=["unit", "year", "code"], how="left")
        changed: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for r in frame.filter(pl.col("difference").abs() > TOLERANCE).iter_rows(named=True):
            changed.setdefault((r["unit"], int(r["year"])), []).append(
                {
                    "code": r["code"],
                    "name": r["name"] or "",
                    "name_en": r["name_en"] or "",
                    "score_before": r["score_a"],
                    "score": r["score_b"],
                    "max": r["max"],
                    "difference": r["difference"],
                    "remark": r["remark"] or "",
                    "reason": r["reason"] or "",
                    "reason_en": r["reason_en"] or "",
                }
            )
        for unit, year in unit_years:
            indicators = sorted(
                changed.get((unit, year), []),
                key=lambda c: (-abs(c["difference"]), leaves[c["code"]]),
            )
            row_a, row_b = rows[(unit, year, a)], rows[(unit, year, b)]
            out[(unit, year, b)] = {
                "against": a,
                "pass_line": line,
                "before": _standing(a, row_a, line),
                "after": _standing(b, row_b, line),
                "difference": _difference(row_a["score"], row_b["score"]),
                "indicators": indicators,
                "unchanged": len(leaves) - len(indicators),
            }
    return out


def _standing(stage: str, row: Mapping[str, Any], line: float | None) -> dict[str, Any]:
    score = row["score"]
    return {
        "stage": stage,
        "score": score,
        "max": row["max"],
        "reaches_pass_line": None if line is None or score is None else bool(score >= line),
        "passed": row["passed"],
    }


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before

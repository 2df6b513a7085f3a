"""The entry check shared by the kinds that accept a score typed by hand (manual, bonus)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anting_rule_of_law.rulekinds.kind import EntryReport

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Indicator

__all__ = ["check_typed_score"]


def check_typed_score(entry: ParsedEntry, ind: Indicator, out: EntryReport) -> None:
    """A typed score needs a reason and must lie within ``[0, points]``."""
    if "score" not in entry.numbers:
        return
    code = entry.code
    score = entry.numbers["score"]
    where = entry.places.get("score", entry.where)
    if "reason" not in entry.texts:
        out.error(
            where,
            f"{code}: a score entered by hand needs a reason",
            f"{code}：直接填写得分须说明理由（reason）",
        )
    if score.value < 0:
        out.error(
            where, f"{code}: score {score.text} is negative", f"{code}：得分 {score.text} 为负数"
        )
    if ind.points is not None and score.value > ind.points:
        out.error(
            where,
            f"{code}: score {score.text} is above the indicator's {ind.points:g} points",
            f"{code}：得分 {score.text} 超过该指标分值 {ind.points:g} 分",
        )

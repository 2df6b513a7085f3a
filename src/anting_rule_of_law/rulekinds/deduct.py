"""``deduct`` (扣分制): points minus what each clause that fired costs, 扣完为止.

The usual shape of Chinese evaluation standards: clauses such as "少于2次的，扣2分"
(threshold), "有一项扣3分" (flag), "每发现一起扣1分" (per item), and often a gate,
"未开展不得分", whose failure zeroes the indicator whatever the clauses say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import (
    EntryReport,
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ParamReport,
    ReasonText,
    RuleKind,
    ValueOutcome,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Clause, Indicator, Rule

__all__ = ["DEDUCT", "DeductParams"]


@frozen
class DeductParams:
    """The prerequisite (empty: none) and the clauses, in framework order."""

    gate: str
    gate_en: str
    clauses: tuple[Clause, ...]

    @classmethod
    def of(cls, rule: Rule) -> DeductParams:
        return cls(gate=rule.gate, gate_en=rule.gate_en, clauses=rule.clauses)


def _check(r: ParamReport) -> None:
    clauses = r.rule.get("clauses") or []
    if not clauses and not r.rule.get("gate"):
        r.problem(
            "clauses",
            "a deduct rule needs at least one clause or a gate",
            "扣分规则至少需要一条扣分条款或一个前提条件",
        )
    ids: set[str] = set()
    for j, clause in enumerate(clauses):
        at = f"clauses[{j}]"
        if clause["id"] in ids:
            r.problem(
                f"{at}.id",
                f"duplicate clause id {clause['id']!r}",
                f"扣分条款编号 {clause['id']!r} 重复",
            )
        ids.add(clause["id"])
        if clause.get("kind", "flag") == "threshold":
            for name in ("op", "threshold"):
                if clause.get(name) is None:
                    r.problem(
                        f"{at}.{name}",
                        f"a threshold clause needs {name!r}",
                        f"阈值型扣分条款缺少 {name!r}",
                    )
        else:
            for name in ("op", "threshold"):
                if name in clause:
                    r.problem(
                        f"{at}.{name}",
                        f"{name!r} only applies to threshold clauses",
                        f"{name!r} 只适用于阈值型扣分条款",
                    )


def _check_entry(entry: ParsedEntry, ind: Indicator, out: EntryReport) -> None:
    """A gate where the rule has none is ignored (warning); an unjudgeable threshold
    clause and a count that is negative or not whole are reported at their place."""
    rule = ind.rule
    assert rule is not None
    code = entry.code
    if "gate" in entry.bools and not rule.gate:
        out.warn(
            entry.places.get("gate", entry.where),
            f"{code}: this indicator has no prerequisite (gate); the value is ignored",
            f"{code}：该指标没有前提条件（gate），所填值不予采用",
            kind="gate_ignored",
        )
    for clause in rule.clauses:
        got = entry.clauses.get(clause.id)
        if got is None:
            if clause.kind == "threshold" and entry.bools.get("gate") is not False:
                out.warn(
                    entry.places.get("clauses", entry.where),
                    f"{code}: no input for clause {clause.id} ({clause.text}); it cannot be judged",
                    f"{code}：扣分项 {clause.id}（{clause.text}）未填写，无法判断",
                    kind="clause_unjudged",
                )
            continue
        if clause.kind == "per_item" and got.value < 0:
            out.error(
                got.where,
                f"{code}: clause {clause.id}: count {got.raw} is negative",
                f"{code}：扣分项 {clause.id} 的次数 {got.raw} 为负数",
            )
        elif clause.kind == "per_item" and not float(got.value).is_integer():
            out.error(
                got.where,
                f"{code}: clause {clause.id}: count {got.raw} is not a whole number",
                f"{code}：扣分项 {clause.id} 的次数 {got.raw} 不是整数",
            )


def _reason(_p: DeductParams) -> ReasonText:
    return ReasonText(shows="clauses")


def _expr(_p: DeductParams, pts: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    present = c.entered if c.clauses_given is None else c.entered | c.clauses_given
    return ExprOutcome(
        raw=pl.when(present).then(pts - c.deduction),
        gate_failed=(c.input("gate") == False).fill_null(False),  # noqa: E712
        deduction=c.deduction,
    )


def _value(_p: DeductParams, pts: float, v: LeafValues) -> ValueOutcome:
    present = v.entered or v.clauses_given
    return ValueOutcome(
        pts - v.deduction if present else None,
        gate_failed=v.input("gate") is False,
        deduction=v.deduction,
    )


DEDUCT: RuleKind[DeductParams] = RuleKind(
    name="deduct",
    title=Words("扣分制", "deductions"),
    inputs=("gate", "clauses"),
    hint=Words(
        "clauses：每个扣分项一个值（{clauses}）{gate}",
        "clauses: one input per clause ({clauses}){gate}",
    ),
    params_of=DeductParams.of,
    parameters=frozenset({"gate", "clauses"}),
    check=_check,
    check_entry=_check_entry,
    empty_is_missing=False,
    reason=_reason,
    expr=_expr,
    value=_value,
    audit=frozenset({"deduction"}),
)

"""Semantic checks of an assessment against its framework, every problem located.

Why: the JSON Schema only says a file has the right shape. Whether a grade is
one the indicator knows, whether a numerator exceeds its denominator, whether a
manual score has its reason — that needs the framework, and each answer must
point at the cell or path to fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from anting_rule_of_law.assessments.parse import ParsedEntry
from anting_rule_of_law.errors import Problem, ProblemCollector
from anting_rule_of_law.records import Framework, Indicator, Rule
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.rulekinds.vocabulary import CLAUSE_INPUTS, word

__all__ = [
    "ALWAYS_ALLOWED",
    "check_entry",
    "check_year",
    "fields_of",
    "missing_entries",
    "numerator_above",
    "what_to_enter",
]

#: Fields every entry may carry whatever its rule.
ALWAYS_ALLOWED = frozenset(
    {"reason", "note", "evidence", "not_applicable", "source", "source_ref", "source_quote"}
)


def fields_of(rule: Rule) -> frozenset[str]:
    """The value fields a rule reads (its kind's inputs); any other value field is an error."""
    return frozenset(rule_kind(rule.type).inputs)


def what_to_enter(ind: Indicator, lang: str = "en") -> str:
    """A human description of the input an indicator's rule reads (the kind's hint)."""
    rule = ind.rule
    if rule is None:
        return ""
    grades = "/".join(g for g, _ in rule.levels)
    clauses = "; ".join(f"{c.id}: {word(CLAUSE_INPUTS, c.kind, lang)}" for c in rule.clauses) or "-"
    gate = ""
    if rule.gate:
        gate = "; gate: yes/no" if lang == "en" else "；gate（前提条件）：是/否"
    points = "" if ind.points is None else f"{ind.points:g}"
    return rule_kind(rule.type).hint.get(
        lang, grades=grades, clauses=clauses, gate=gate, points=points
    )


def check_entry(entry: ParsedEntry, ind: Indicator, file: str) -> list[Problem]:
    """Does the entry fit its indicator's rule? Every misfit is one located problem."""
    rule = ind.rule
    assert rule is not None  # callers pass leaves only
    out = ProblemCollector(file)
    code = entry.code
    kind = rule_kind(rule.type)
    wanted = frozenset(kind.inputs)
    given = entry.given
    values = given - ALWAYS_ALLOWED
    place = entry.places.get

    if entry.bools.get("not_applicable"):
        if "reason" not in entry.texts:
            out.error(
                place("not_applicable", entry.where),
                f"{code}: not applicable needs a reason",
                f"{code}：标为不适用时须说明理由（reason）",
            )
        for name in sorted(values):
            out.error(
                place(name, entry.where),
                f"{code}: marked not applicable but {name} is given",
                f"{code}：已标为不适用，却又填写了 {name}",
            )
        return out.problems

    for name in sorted(values - wanted):
        out.error(
            place(name, entry.where),
            f"{code}: {name} does not apply to a {rule.type} indicator "
            f"(enter {what_to_enter(ind, 'en')})",
            f"{code}：{rule.type} 类指标不填 {name}（应填 {what_to_enter(ind, 'zh')}）",
        )
    if not (values | entry.failed) & wanted and kind.empty_is_missing:
        out.warn(
            entry.where,
            f"{code}: no value entered (enter {what_to_enter(ind, 'en')}); it counts as missing",
            f"{code}：未填写数值（应填 {what_to_enter(ind, 'zh')}）；按缺失处理",
            kind="no_value",
        )

    _check_numbers(entry, ind, out)
    if kind.check_entry is not None:
        kind.check_entry(entry, ind, out)
    return out.problems


def _check_numbers(entry: ParsedEntry, ind: Indicator, out: ProblemCollector) -> None:
    code = entry.code
    nums = entry.numbers
    place = entry.places.get
    for name, parsed in nums.items():
        if parsed.value < 0 and name in ("numerator", "denominator", "count", "rate"):
            out.error(
                place(name, entry.where),
                f"{code}: {name} {parsed.text} is negative",
                f"{code}：{name} {parsed.text} 为负数",
            )
        if parsed.bound is not None and name != "rate":
            kind = "lower" if parsed.bound == "min" else "upper"
            out.warn(
                place(name, entry.where),
                f"{code}: {name} {parsed.text!r} is a {kind} bound; the bound is used as the value",
                f"{code}：{name} {parsed.text!r} 是{'下限' if kind == 'lower' else '上限'}，按该值计",
                kind="bound_value",
            )
    rate = nums.get("rate")
    if rate is not None and rate.value > 1:
        hint_en = (
            f"; write {rate.text}% for a percentage"
            if not rate.percent and rate.value <= 100
            else ""
        )
        hint_zh = f"；百分数请写成 {rate.text}%" if hint_en else ""
        out.error(
            place("rate", entry.where),
            f"{code}: rate {rate.text} is above 100%{hint_en}",
            f"{code}：比率 {rate.text} 超过 100%{hint_zh}",
        )
    num, den = nums.get("numerator"), nums.get("denominator")
    if (num is None) != (den is None) and not {"numerator", "denominator"} & entry.failed:
        missing, present = (
            ("denominator", "numerator") if den is None else ("numerator", "denominator")
        )
        out.error(
            place(present, entry.where),
            f"{code}: {present} given without {missing}",
            f"{code}：填了 {present} 却没有填 {missing}",
        )
    if num is not None and den is not None and num.value > den.value:
        out.add(
            numerator_above(out.file, place("numerator", entry.where), code, num.text, den.text)
        )


def numerator_above(file: str, where: str, code: str, num_text: str, den_text: str) -> Problem:
    """The error for a numerator greater than its denominator (as typed)."""
    return Problem(
        file=file,
        where=where,
        en=f"{code}: numerator {num_text} is greater than denominator {den_text}",
        zh=f"{code}：分子 {num_text} 大于分母 {den_text}",
    )


def missing_entries(
    framework: Framework, codes: Iterable[str], file: str, where: str
) -> list[Problem]:
    """One warning naming the specific indicators without an entry (scored per the missing-data policy)."""
    have = set(codes)
    missing = [leaf for leaf in framework.leaves() if leaf.code not in have]
    if not missing:
        return []
    shown = ", ".join(leaf.code for leaf in missing)
    problems = [
        Problem(
            file=file,
            where=where,
            en=f"{len(missing)} specific indicator(s) have no entry and are scored as missing: {shown}",
            zh=f"{len(missing)} 项具体指标未填写，按缺失处理：{shown}",
            severity="warning",
            kind="missing_entries",
        )
    ]
    for leaf in missing:
        if leaf.veto:  # a blank veto leaf fails the unit, whatever the missing-data policy
            problems.append(
                Problem(
                    file=file,
                    where=where,
                    en=f"{leaf.code} carries veto item {leaf.veto} and has no entry: "
                    f"it triggers {leaf.veto} (enter it, or mark it not applicable with a reason)",
                    zh=f"{leaf.code} 关联否决项 {leaf.veto}，未填写即触发该否决项"
                    "（请填写，或标记不适用并说明理由）",
                    severity="warning",
                )
            )
    return problems


def check_year(year: int, file: str, where: str) -> list[Problem]:
    if 2000 <= year <= 2100:
        return []
    return [
        Problem(
            file=file,
            where=where,
            en=f"year {year} is out of range (2000..2100)",
            zh=f"年度 {year} 超出范围（2000～2100）",
        )
    ]

"""Every word a reader sees, in Chinese and English, in one place.

Why one module: a town clerk reads the template, the validation messages and the
report as one document, so a rule kind, a stage or a status must have one name
everywhere (the template and the table import once said 达标判定 and 达标制 for
the same kind). Rule kinds carry their own names (:attr:`RuleKind.title`, next to
their formulas); everything else a reader sees is here: stages, statuses,
adjustments, reasons for missing and not-applicable data, veto effects, clause
kinds, input fields and the reports' labels. Machine forms (ids, raw inputs)
stay in the JSON report only.

Look words up with :func:`word` (``word(STAGES, "review", "zh") == "初审"``) or
the named helpers; a key the table does not know is returned as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from anting_rule_of_law.literals import LANGS as _LANGS
from anting_rule_of_law.literals import Lang as _Lang

__all__ = [
    "ADJUSTMENTS",
    "AGGREGATIONS",
    "CLAUSE_HINTS",
    "CLAUSE_INPUTS",
    "CLAUSE_KINDS",
    "FRAMEWORK_STATUSES",
    "GAP_PARTS",
    "GRADE_WORDS",
    "INPUT_FIELDS",
    "INPUT_HINTS",
    "LABELS",
    "LANGS",
    "MISSING_POLICIES",
    "REASONS",
    "SOURCES",
    "SOURCE_CHOICES",
    "SOURCE_WORDS",
    "STAGES",
    "STAGE_CHOICES",
    "STAGE_WORDS",
    "STATUSES",
    "THRESHOLD_OPS",
    "TRAIL",
    "VETO_EFFECTS",
    "WARNING_KINDS",
    "YES_NO",
    "ZERO_DENOMINATOR",
    "Lang",
    "Words",
    "framework_status_name",
    "label",
    "level_title",
    "localized",
    "provenance_text",
    "rule_kind_name",
    "source_name",
    "stage_name",
    "status_name",
    "veto_effect_name",
    "word",
    "yes_no",
]

#: The languages every word exists in (the aliases live in :mod:`anting_rule_of_law.literals`).
Lang = _Lang
LANGS: tuple[Lang, ...] = _LANGS


@frozen
class Words:
    """One thing said in Chinese and in English (``{name}`` placeholders allowed)."""

    zh: str
    en: str

    def get(self, lang: str, **fmt: object) -> str:
        """The English text for ``"en"``, the Chinese one otherwise, formatted with ``fmt``."""
        text = self.en if lang == "en" else self.zh
        return text.format(**fmt) if fmt else text


def _w(table: Mapping[str, tuple[str, str]]) -> Mapping[str, Words]:
    return {key: Words(zh, en) for key, (zh, en) in table.items()}


#: Assessment stages, in process order. 复核 is the review stage too (an alias).
STAGES: Mapping[str, Words] = _w(
    {
        "self": ("自评", "self-assessment"),
        "review": ("初审", "review"),
        "final": ("核定", "final"),
    }
)
#: The Chinese words people write for a stage, and the stage each means.
STAGE_WORDS: Mapping[str, str] = {
    "自评": "self",
    "自查自评": "self",
    "初审": "review",
    "复核": "review",
    "核定": "final",
}
#: The stage words a form offers (a drop-down), in process order.
STAGE_CHOICES: tuple[str, ...] = ("自评", "初审", "复核", "核定")

#: Status of a scored node (``scored``, ``missing``, ``not_applicable``) and of an
#: audit row in a report.
STATUSES: Mapping[str, Words] = _w(
    {
        "scored": ("已评分", "scored"),
        "ok": ("已评分", "scored"),
        "missing": ("缺数据", "missing"),
        "not_applicable": ("不适用", "not applicable"),
        "excluded": ("不计入", "excluded"),
        "gated": ("前提未满足", "gate not met"),
        "vetoed": ("否决", "vetoed"),
    }
)

#: What the engine did to a formula result before it became a score. The English
#: texts are the audit trail's ``adjustments`` as the engine writes them.
ADJUSTMENTS: Mapping[str, Words] = _w(
    {
        "not_applicable": ("不适用：{reason}", "not applicable: {reason}"),
        "zero_denominator_full": (
            "分母为0，按满分计",
            "denominator 0: full points (zero_denominator: full)",
        ),
        "zero_denominator_zero": (
            "分母为0，按0分计",
            "denominator 0: scored 0 (zero_denominator: zero)",
        ),
        "zero_denominator_exclude": (
            "分母为0，按不适用处理",
            "denominator 0: not applicable (zero_denominator: exclude)",
        ),
        "rate_lower_bound": (
            "比率为下限（{bound}），按该值计分",
            "rate is a lower bound ({bound})",
        ),
        "rate_upper_bound": (
            "比率为上限（{bound}），按该值计分",
            "rate is an upper bound ({bound}), scored as the rate",
        ),
        "gate_not_met": ("前提条件未满足：{gate}", "gate not met: {gate}"),
        "clamped": ("按 0～{max} 分计", "clamped to [0, {max}]"),
        "missing_zero": ("缺数据，按0分计", "missing: scored 0 per policy"),
        "missing_excluded": ("缺数据，不计入", "missing: excluded per policy"),
    }
)

#: The audit trail in words (one line each; see ``reporters/wording.py``). Scores
#: are written with 2 decimals, rates as % with 2 decimals, counts as integers.
TRAIL: Mapping[str, Words] = _w(
    {
        "ratio": (
            "分子 {num} / 分母 {den}，比率 {rate}",
            "numerator {num} / denominator {den}, rate {rate}",
        ),
        "ratio_typed": ("（填报 {typed}）", " (entered {typed})"),
        "rate": ("比率 {rate}", "rate {rate}"),
        "rate_typed": ("比率 {rate}（填报 {typed}）", "rate {rate} (entered {typed})"),
        "ratio_standard": (
            "达到 {target} 得满分，{floor} 及以下不得分",
            "full points at {target}, none at {floor} or below",
        ),
        "count": ("数量 {count}", "count {count}"),
        "count_standard": ("达到 {target} 得满分", "full points at {target}"),
        "bonus_count": ("{count} 项，每项 {per_item} 分", "{count} items, {per_item} each"),
        "bonus_score": ("加分 {score} 分", "bonus {score}"),
        "met": ("是否达到：{value}", "met: {value}"),
        "grade": ("等次：{grade}", "grade: {grade}"),
        "grade_share": (
            "等次：{grade}（得满分的 {share}）",
            "grade: {grade} ({share} of the points)",
        ),
        "manual": ("评审打分 {score} 分", "assessor's score {score}"),
        "value": ("数值 {value}", "value {value}"),
        "normalized_standard": (
            "{low} 及以下得 0 分，{high} 及以上得满分",
            "0 at {low} or below, full points at {high} or above",
        ),
        "gate_met": ("前提条件（{gate}）：已满足", "prerequisite ({gate}): met"),
        "gate_failed": (
            "前提条件（{gate}）：未满足，本项不得分",
            "prerequisite ({gate}): not met, no points",
        ),
        "gate_blank": ("前提条件（{gate}）：未填写", "prerequisite ({gate}): not entered"),
        "flag_yes": ("{text}：是，扣 {points} 分", "{text}: yes, {points} deducted"),
        "flag_no": ("{text}：否，不扣分", "{text}: no, nothing deducted"),
        "per_item": ("{text}：{count} 次，扣 {points} 分", "{text}: {count}, {points} deducted"),
        "per_item_none": ("{text}：0 次，不扣分", "{text}: none, nothing deducted"),
        "threshold_hit": (
            "{text}：填报 {value}，扣 {points} 分",
            "{text}: {value}, {points} deducted",
        ),
        "threshold_ok": ("{text}：填报 {value}，不扣分", "{text}: {value}, nothing deducted"),
        "clause_blank": ("{text}：未填写，不扣分", "{text}: not entered, nothing deducted"),
        "clause_cap": ("（本条最多扣 {max} 分）", " (this clause deducts at most {max})"),
        "deduct_all": (
            "合计扣 {total} 分，超过分值，扣完为止（得 0 分）",
            "{total} deducted in all, more than the points: scored 0",
        ),
        "capped": (
            "计算得 {raw} 分，超过满分，按满分 {max} 分计",
            "computed {raw}, above the maximum: scored the maximum {max}",
        ),
        "floored": ("计算得 {raw} 分，低于 0 分，按 0 分计", "computed {raw}, below 0: scored 0"),
        "reason": ("理由：{reason}", "reason: {reason}"),
        "status": ("状态：{status}", "status: {status}"),
    }
)

#: The two parts of the gap list (失分清单): what a town can rectify, and the bonus
#: and innovation points it did not earn — opportunities, not faults.
GAP_PARTS: Mapping[str, Words] = _w(
    {
        "deductions": ("扣分事项", "Deductions and shortfalls"),
        "opportunities": ("未得分的加分与创新项", "Bonus and innovation points not earned"),
        "deductions_none": ("无扣分事项。", "No deductions."),
        "opportunities_none": (
            "加分与创新项均已得分。",
            "Every bonus and innovation point earned.",
        ),
    }
)

#: Why points were lost (the gap list's reason), where no rule kind's own text applies.
REASONS: Mapping[str, Words] = _w(
    {
        "missing": ("未填报", "no data"),
        "zero_denominator": ("分母为0", "denominator is 0"),
        "gate_not_met": ("前提条件未满足：", "prerequisite not met: "),
        "gate_default": ("前提条件未满足", "prerequisite not met"),
        "not_applicable": ("不适用", "not applicable"),
    }
)

#: A framework's status (``Framework.status``): the official text or a reconstruction.
FRAMEWORK_STATUSES: Mapping[str, Words] = _w(
    {
        "official": ("官方版本", "official"),
        "reference": ("参考重构版", "reference reconstruction"),
    }
)

#: Where an entry's figures come from (its ``source``): the unit's published
#: annual report, with the passage quoted, or a value made up for an example.
SOURCES: Mapping[str, Words] = _w(
    {
        "report": ("取自年度报告", "from the annual report"),
        "illustrative": ("示例值", "illustrative value"),
    }
)
#: The words people write for a source kind, and the kind each means.
SOURCE_WORDS: Mapping[str, str] = {
    "report": "report",
    "报告": "report",
    "年度报告": "report",
    "取自年度报告": "report",
    "illustrative": "illustrative",
    "示例": "illustrative",
    "示例值": "illustrative",
}
#: The source words a form offers (a drop-down).
SOURCE_CHOICES: tuple[str, ...] = ("年度报告", "示例值")

#: The usual Chinese grade words of a ``levels`` rule, in English (a framework's own
#: words that are not here are shown as they are written).
GRADE_WORDS: Mapping[str, Words] = _w(
    {
        "优": ("优", "excellent"),
        "优秀": ("优秀", "excellent"),
        "良": ("良", "good"),
        "良好": ("良好", "good"),
        "好": ("好", "good"),
        "较好": ("较好", "fairly good"),
        "中": ("中", "fair"),
        "一般": ("一般", "fair"),
        "及格": ("及格", "pass"),
        "合格": ("合格", "pass"),
        "基本合格": ("基本合格", "basically pass"),
        "较差": ("较差", "poor"),
        "差": ("差", "poor"),
        "不及格": ("不及格", "fail"),
        "不合格": ("不合格", "fail"),
    }
)

#: What a veto item (一票否决) does when triggered.
VETO_EFFECTS: Mapping[str, Words] = _w(
    {
        "fail": ("不予命名", "fail"),
        "cap": ("限定等次", "cap the grade"),
    }
)

#: Deduction clause kinds (扣分条款).
CLAUSE_KINDS: Mapping[str, Words] = _w(
    {
        "flag": ("有则扣分", "deduct once if it happened"),
        "per_item": ("按次扣分", "deduct per occurrence"),
        "threshold": ("未达标扣分", "deduct below or above a threshold"),
    }
)
#: What a town enters for a clause of each kind.
CLAUSE_INPUTS: Mapping[str, Words] = _w(
    {
        "flag": ("是/否", "yes/no"),
        "per_item": ("次数", "count"),
        "threshold": ("数值", "figure"),
    }
)

#: A ratio's denominator of 0 (``zero_denominator``).
ZERO_DENOMINATOR: Mapping[str, Words] = _w(
    {
        "full": ("按满分计", "full points"),
        "zero": ("按0分计", "scored 0"),
        "exclude": ("按不适用处理", "not applicable"),
    }
)

#: How a node rolls its children up (``aggregate``).
AGGREGATIONS: Mapping[str, Words] = _w(
    {
        "sum": ("合计", "sum"),
        "mean": ("平均", "mean"),
        "weighted_mean": ("加权平均", "weighted mean"),
    }
)

#: What a missing child means to its parent (``missing``).
MISSING_POLICIES: Mapping[str, Words] = _w(
    {
        "zero": ("按0分计", "scored 0"),
        "exclude": ("不计入", "left out"),
        "null": ("不足时不评分", "not scored when too few are available"),
    }
)

#: The entry fields a town fills in (the template's and the CSV format's headers).
INPUT_FIELDS: Mapping[str, Words] = _w(
    {
        "met": ("是否达到", "met"),
        "grade": ("等次", "grade"),
        "numerator": ("分子", "numerator"),
        "denominator": ("分母", "denominator"),
        "rate": ("比率", "rate"),
        "count": ("数量", "count"),
        "value": ("数值", "value"),
        "score": ("得分", "score"),
        "reason": ("理由", "reason"),
        "gate": ("前提条件是否满足", "gate"),
        "clauses": ("扣分项", "clauses"),
        "not_applicable": ("不适用", "not applicable"),
        "evidence": ("佐证材料", "evidence"),
        "note": ("备注", "note"),
        "source": ("数据来源", "source"),
        "source_ref": ("来源出处", "source ref"),
        "source_quote": ("来源原文", "source quote"),
    }
)

#: What to type into each input of the fill-in form (placeholders ``{grades}``, ``{points}``).
INPUT_HINTS: Mapping[str, Words] = _w(
    {
        "met": ("是/否", "yes/no"),
        "grade": ("{grades} 之一", "one of {grades}"),
        "numerator": ("数字，可带单位（如 1,319件）", "a number, units allowed (e.g. 1,319)"),
        "denominator": ("数字，可带单位（如 1,333件）", "a number, units allowed (e.g. 1,333)"),
        "rate": (
            "百分比（如 98.95%）；已填分子、分母时可不填",
            "a percentage (e.g. 98.95%); may stay empty when numerator and denominator are given",
        ),
        "count": ("数量，可带单位（如 366件）", "a number, units allowed (e.g. 366)"),
        "value": ("原始数值", "the raw figure"),
        "score": (
            "0～{points} 分；须在本指标行填写理由",
            "0 to {points} points; give the reason on the indicator's row",
        ),
        "gate": ("是/否；“否”则本项不得分", "yes/no; 'no' scores the indicator 0"),
        "source": (
            "年度报告（在“来源原文”摘录原文）或 示例值；可不填",
            "年度报告 (annual report: quote it in 'source quote') or 示例值 (illustrative); optional",
        ),
    }
)
#: What to type for a deduction clause of each kind (placeholders ``{amount}``,
#: ``{op}``, ``{threshold}``; ``{cap}`` in ``per_item_cap``).
CLAUSE_HINTS: Mapping[str, Words] = _w(
    {
        "flag": ("是/否；“是”扣 {amount} 分", "yes/no; 'yes' deducts {amount}"),
        "per_item": (
            "次数（不小于 0 的整数）；每次扣 {amount} 分",
            "a count (whole number >= 0); {amount} per occurrence",
        ),
        "per_item_cap": ("，最多扣 {cap} 分", ", at most {cap}"),
        "threshold": (
            "数值；{op} {threshold} 时扣 {amount} 分",
            "a figure; {op} {threshold} deducts {amount}",
        ),
        "threshold_rate": (
            "百分比；{op} {threshold} 时扣 {amount} 分",
            "a percentage; {op} {threshold} deducts {amount}",
        ),
    }
)
#: A threshold clause's comparison (``op``), as the clause's condition reads.
THRESHOLD_OPS: Mapping[str, Words] = _w(
    {
        "lt": ("低于", "below"),
        "le": ("不高于", "at most"),
        "gt": ("高于", "above"),
        "ge": ("不低于", "at least"),
    }
)

#: Kinds of input warnings (:attr:`Problem.kind`), named for a summary line when a
#: batch repeats one kind many times.
WARNING_KINDS: Mapping[str, Words] = _w(
    {
        "rate_truncated": ("填报比率似为截断而非四舍五入", "a printed rate looks truncated"),
        "rate_mismatch": (
            "填报比率与分子÷分母不一致",
            "a printed rate disagrees with numerator ÷ denominator",
        ),
        "rate_bound": (
            "以上下限填报的比率与分子÷分母不符",
            "a rate given as a bound contradicts numerator ÷ denominator",
        ),
        "no_value": (
            "指标未填写数值，按缺失处理",
            "an indicator has no value and counts as missing",
        ),
        "bound_value": ("以上下限填报的数值按该值计", "a bound is used as the value"),
        "missing_entries": ("有具体指标未填写，按缺失处理", "specific indicators have no entry"),
        "framework_version": (
            "文件所填指标体系版本与所用版本不同",
            "a file names another version of the framework",
        ),
        "unknown_column": ("未知的列，已忽略", "an unknown column is ignored"),
        "vetoes_undeclared": ("否决项未填写是否触发", "veto items are not declared"),
        "gate_ignored": (
            "指标没有前提条件，所填值不予采用",
            "a gate given where the rule has none",
        ),
        "clause_unjudged": ("扣分项未填写，无法判断", "a threshold clause has no input"),
    }
)

YES_NO: Mapping[bool, Words] = {True: Words("是", "yes"), False: Words("否", "no")}

#: The reports' headings and labels.
LABELS: Mapping[str, Words] = _w(
    {
        "report_title": (
            "法治建设示范创建自评报告",
            "Rule-of-law demonstration self-assessment report",
        ),
        "title_self": (
            "法治建设示范创建自评报告",
            "Rule-of-law demonstration self-assessment report",
        ),
        "title_review": ("法治建设示范创建初审意见", "Rule-of-law demonstration review opinion"),
        "title_final": ("法治建设示范创建核定结果", "Rule-of-law demonstration final result"),
        "batch_title": ("法治建设示范创建评分汇总", "Rule-of-law demonstration scores"),
        "framework": ("指标体系", "Framework"),
        "summary": ("总体情况", "Summary"),
        "item": ("项目", "Item"),
        "value": ("内容", "Value"),
        "unit": ("单位", "Unit"),
        "unit_code": ("单位编号", "Unit code"),
        "district": ("所属区", "District"),
        "year": ("年度", "Year"),
        "stage": ("评价阶段", "Stage"),
        "total": ("总分", "Total"),
        "score": ("得分", "Score"),
        "max": ("满分", "Max"),
        "share": ("得分率", "Share"),
        "grade": ("等次", "Grade"),
        "result": ("结论", "Result"),
        "passed": ("达标", "Pass"),
        "failed": ("未达标", "Fail"),
        "vetoes": ("一票否决", "Vetoes"),
        "none": ("无", "none"),
        "rank": ("排名", "Rank"),
        "district_rank": ("区内排名", "District rank"),
        "code": ("编号", "Code"),
        "indicator": ("指标", "Indicator"),
        "level_1": ("一级指标", "First-level indicators"),
        "level_2": ("二级指标", "Second-level indicators"),
        "level_n": ("第{n}级指标", "Level {n} indicators"),
        "leaves": ("具体指标", "Specific indicators"),
        "gaps": ("失分清单（整改清单）", "Points lost (rectification list)"),
        "gaps_sheet": ("失分清单", "Gaps"),
        "lost": ("失分", "Lost"),
        "department": ("责任部门", "Department"),
        "reason": ("原因", "Reason"),
        "details": ("具体指标评分明细", "Indicator details"),
        "rule": ("评分方式", "Rule"),
        "trail": ("评分过程", "How it was scored"),
        "cause": ("扣分事由", "What cost the points"),
        "unearned": ("未得分", "Not earned"),
        "gap_part": ("类别", "Part"),
        "inputs": ("填报数据", "Inputs"),
        "raw": ("公式结果", "Formula result"),
        "adjustments": ("调整", "Adjustments"),
        "clauses": ("扣分条款", "Deductions"),
        "explanation": ("说明", "Explanation"),
        "clause": ("条款", "Clause"),
        "deduction": ("扣分", "Deduction"),
        "status": ("状态", "Status"),
        "evidence": ("佐证材料", "Evidence"),
        "note": ("备注", "Note"),
        "ranking": ("排名", "Ranking"),
        "overview": ("总览", "Overview"),
        "chart_shares": ("一级指标得分率", "First-level shares"),
        "chart_ranking": ("总分排名", "Ranking by total"),
        "yoy": ("年度对比", "Year over year"),
        "previous": ("上年得分", "Previous"),
        "delta": ("变化", "Change"),
        "comparison": ("{before}与{after}对比", "{before} and {after} compared"),
        "score_at": ("{stage}得分", "{stage} score"),
        "total_at": ("{stage}总分", "{stage} total"),
        "difference": ("差值", "Difference"),
        "against": ("对比阶段", "Compared with"),
        "score_before": ("对比阶段得分", "Score then"),
        "comparison_sheet": ("阶段对比", "Stages compared"),
        "pass_rule": ("通过条件", "Pass rule"),
        "pass_rule_all": ("{stages}均须达标", "{stages} must each pass"),
        "pass_rule_met": ("已满足", "met"),
        "pass_rule_so_far": ("{stages}已达标", "{stages} passed"),
        "pass_rule_pending": ("待{stages}", "awaiting {stages}"),
        "pass_rule_absent": ("缺少{stage}", "no {stage}"),
        "pass_rule_vetoed": ("{stage}一票否决", "{stage} vetoed"),
        "pass_rule_below_line": (
            "{stage} {score} 分，未达到达标线 {line} 分",
            "{stage} {score} points, below the pass line of {line}",
        ),
        "pass_rule_below": ("{stage} {score} 分，未达标", "{stage} {score} points, not passing"),
        "district_title": (
            "法治建设示范创建区级汇总表",
            "Rule-of-law demonstration: district desk",
        ),
        "units_count": ("单位数", "Units"),
        "passed_count": ("达标", "Passing"),
        "failed_count": ("未达标", "Failing"),
        "vetoed_count": ("一票否决", "Vetoed"),
        "mean_total": ("平均分", "Mean total"),
        "highest_total": ("最高分", "Highest"),
        "lowest_total": ("最低分", "Lowest"),
        "previous_rank": ("上年排名", "Rank the year before"),
        "rank_change": ("名次变化", "Rank change"),
        "on_year_before": ("较上年", "On the year before"),
        "pass_line": ("达标线", "Pass line"),
        "chart_colours": (
            "蓝色：达标　橙色：未达标　红色：一票否决",
            "blue: passes   orange: fails   red: vetoed",
        ),
        "total_before": ("对比阶段总分", "Total then"),
        "result_before": ("对比阶段结论", "Result then"),
        "changed_count": ("调整指标数", "Indicators changed"),
        "largest_change": ("差异最大的指标", "Largest change"),
        "units_losing": ("失分单位数", "Units losing points"),
        "units_losing_share": ("失分单位占比", "Share of units"),
        "district_lost": ("全区失分", "Points lost, all units"),
        "mean_lost": ("平均每单位失分", "Lost per unit"),
        "previous_units_losing": ("上年失分单位数", "Units losing the year before"),
        "remark": ("审核意见", "Reviewer's remark"),
        "reaches_line": ("达到达标线（{line}分）", "Reaches the pass line ({line})"),
        "unchanged_rest": (
            "其余 {n} 项具体指标两次得分相同。",
            "The other {n} specific indicators score the same at both stages.",
        ),
        "no_changes": (
            "各项具体指标两次得分相同。",
            "Every specific indicator scores the same at both stages.",
        ),
        "no_gaps": ("无失分项。", "No points lost."),
        "not_applicable": ("不适用", "n/a"),
        "input_sha256": ("输入文件摘要", "Input sha256"),
        "prerequisite": ("前提条件", "prerequisite"),
        "evidence_expected": ("应备佐证材料", "evidence expected"),
        "form_title": ("自评填报表", "self-assessment form"),
        "review_form_review": ("初审表", "review form"),
        "review_form_final": ("核定表", "final review form"),
        "source": ("数据来源", "Source"),
        "quote": ("原文", "Quote"),
        "provenance": (
            "{leaves} 项中 {report} 项取自年度报告，{illustrative} 项为示例值",
            "{report} of {leaves} from the annual report, {illustrative} illustrative",
        ),
        "provenance_unstated": ("，{unstated} 项未注明", ", {unstated} not stated"),
        "reference_notice": (
            "本指标体系为参考重构版，并非官方文本。",
            "This framework is a reference reconstruction, not the official text.",
        ),
    }
)


def word(table: Mapping[str, Words], key: object, lang: str, **fmt: object) -> str:
    """``table[key]`` in ``lang``; the key itself (as text) when the table lacks it."""
    text = "" if key is None else str(key)
    found = table.get(text)
    return text if found is None else found.get(lang, **fmt)


def label(key: str, lang: str, **fmt: object) -> str:
    """A report label in ``lang`` (``KeyError`` for a key that is not a label)."""
    return LABELS[key].get(lang, **fmt)


def stage_name(stage: str, lang: str) -> str:
    """自评 / 初审 / 核定 (self-assessment / review / final)."""
    return word(STAGES, stage, lang)


def status_name(status: object, lang: str) -> str:
    """已评分 / 缺数据 / 不适用 ..."""
    return word(STATUSES, status, lang)


def framework_status_name(status: str, lang: str) -> str:
    """官方版本 / 参考重构版 (official / reference reconstruction)."""
    return word(FRAMEWORK_STATUSES, status, lang)


def source_name(kind: object, lang: str) -> str:
    """取自年度报告 / 示例值 (from the annual report / illustrative value); empty for ``None``."""
    return "" if kind is None else word(SOURCES, kind, lang)


def provenance_text(provenance: Mapping[str, int] | None, lang: str) -> str:
    """The summary line of a report document's ``provenance``, e.g.
    ``55 项中 26 项取自年度报告，29 项为示例值``; empty when no entry states its source."""
    if not provenance or not (provenance.get("report") or provenance.get("illustrative")):
        return ""
    counts = {k: int(provenance.get(k, 0)) for k in ("leaves", "report", "illustrative")}
    text = label("provenance", lang, **counts)
    unstated = int(provenance.get("unstated", 0))
    return text + (label("provenance_unstated", lang, unstated=unstated) if unstated else "")


def veto_effect_name(effect: str, lang: str) -> str:
    """不予命名 / 限定等次."""
    return word(VETO_EFFECTS, effect, lang)


def rule_kind_name(kind: str, lang: str) -> str:
    """扣分制, 达标制, 比率 ...: the name of a rule kind (its own :attr:`RuleKind.title`)."""
    from anting_rule_of_law.rulekinds.registry import find_rule_kind

    found = find_rule_kind(kind)
    return kind if found is None else found.title.get(lang)


def yes_no(value: object, lang: str) -> str:
    """是/否 (yes/no); empty for ``None``."""
    if value is None:
        return ""
    return YES_NO[bool(value)].get(lang)


def localized(zh: object, en: object, lang: str) -> str:
    """The English text when asked for and present, else the Chinese one."""
    zh_text = "" if zh is None else str(zh)
    en_text = "" if en is None else str(en)
    return en_text if lang == "en" and en_text else zh_text


def level_title(level: int, lang: str) -> str:
    """一级指标 / 二级指标 / 第3级指标 ..."""
    if level in (1, 2):
        return label(f"level_{level}", lang)
    return label("level_n", lang, n=level)

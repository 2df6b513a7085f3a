"""Chinese and English words the reports use, in one place so every format agrees."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LABELS", "label", "level_title", "localized", "stage_name", "status_name", "yes_no"]

#: key -> (zh, en)
LABELS: Mapping[str, tuple[str, str]] = {
    "report_title": (
        "法治建设示范创建自评报告",
        "Rule-of-law demonstration self-assessment report",
    ),
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
    "rule": ("评分规则", "Rule"),
    "inputs": ("填报数据", "Inputs"),
    "raw": ("公式结果", "Formula result"),
    "adjustments": ("调整", "Adjustments"),
    "clauses": ("扣分条款", "Deductions"),
    "clause": ("条款", "Clause"),
    "deduction": ("扣分", "Deduction"),
    "status": ("状态", "Status"),
    "evidence": ("佐证材料", "Evidence"),
    "note": ("备注", "Note"),
    "ranking": ("排名", "Ranking"),
    "overview": ("总览", "Overview"),
    "yoy": ("年度对比", "Year over year"),
    "previous": ("上年得分", "Previous"),
    "delta": ("变化", "Change"),
    "no_gaps": ("无失分项。", "No points lost."),
    "not_applicable": ("不适用", "n/a"),
    "input_sha256": ("输入文件摘要", "Input sha256"),
    "reference_notice": (
        "本指标体系为参考重构版，并非官方文本。",
        "This framework is a reference reconstruction, not the official text.",
    ),
}

_STAGES: Mapping[str, tuple[str, str]] = {
    "self": ("自评", "self-assessment"),
    "review": ("初审", "review"),
    "final": ("核定", "final"),
}

_STATUS: Mapping[str, tuple[str, str]] = {
    "scored": ("已评分", "scored"),
    "ok": ("已评分", "scored"),
    "missing": ("缺数据", "missing"),
    "not_applicable": ("不适用", "not applicable"),
    "excluded": ("不计入", "excluded"),
    "gated": ("前提未满足", "gate not met"),
    "vetoed": ("否决", "vetoed"),
}


def label(key: str, lang: str, **fmt: object) -> str:
    """The word for ``key`` in ``lang`` (``zh`` or ``en``)."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


def localized(zh: object, en: object, lang: str) -> str:
    """The English text when asked for and present, else the Chinese one."""
    zh_text = "" if zh is None else str(zh)
    en_text = "" if en is None else str(en)
    return en_text if lang == "en" and en_text else zh_text


def stage_name(stage: str, lang: str) -> str:
    pair = _STAGES.get(stage)
    return stage if pair is None else (pair[0] if lang == "zh" else pair[1])


def status_name(status: object, lang: str) -> str:
    text = "" if status is None else str(status)
    pair = _STATUS.get(text)
    return text if pair is None else (pair[0] if lang == "zh" else pair[1])


def yes_no(value: object, lang: str) -> str:
    if value is None:
        return ""
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


def level_title(level: int, lang: str) -> str:
    """一级指标 / 二级指标 / 第3级指标 ..."""
    if level in (1, 2):
        return label(f"level_{level}", lang)
    return label("level_n", lang, n=level)

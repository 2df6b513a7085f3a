"""The words of a report, from its document: titles, the scope line, the audit trail.

Why here and not in each writer: the Markdown, Excel, HTML and Word reports say
the same things in the same words; each writer only lays them out. Every
function takes parts of a :func:`~anting_rule_of_law.reporters.document.report_document`
document and a language (``zh`` or ``en``) and returns plain text (no markup).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anting_rule_of_law.records import STAGES
from anting_rule_of_law.reporters.labels import label, localized, stage_name

__all__ = ["document_title", "result_title", "scope_text", "unit_name"]


def unit_name(result: Mapping[str, Any], lang: str) -> str:
    """The unit's name in ``lang`` (its Chinese name when it has no English one)."""
    unit = result["unit"]
    return localized(unit.get("name"), unit.get("name_en"), lang)


def result_title(result: Mapping[str, Any], lang: str) -> str:
    """The title of one unit-year-stage: 安亭镇2023年度法治建设示范创建自评报告 / 初审意见 / 核定结果."""
    what = label(f"title_{result['stage']}", lang) if result["stage"] in STAGES else None
    if what is None:
        what = f"{label('report_title', lang)}（{stage_name(result['stage'], lang)}）"
    if lang == "zh":
        return f"{unit_name(result, lang)}{result['year']}年度{what}"
    return f"{unit_name(result, lang)} {result['year']}: {what}"


def document_title(results: Sequence[Mapping[str, Any]], lang: str, title: str = "") -> str:
    """The document's title: the one result's own title, or the batch title."""
    if title:
        return title
    if len(results) == 1:
        return result_title(results[0], lang)
    return label("batch_title", lang)


def scope_text(results: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Who, when and which stage a document covers, for page headers:
    ``安亭镇 2023年度 自评`` or ``12个单位 2021—2023年度 自评、初审``."""
    if not results:
        return ""
    units = sorted({str(r["unit"]["code"]) for r in results})
    years = sorted({int(r["year"]) for r in results})
    stages = sorted({str(r["stage"]) for r in results}, key=_stage_order)
    if len(units) == 1:
        who = unit_name(results[0], lang)
    else:
        who = f"{len(units)}个单位" if lang == "zh" else f"{len(units)} units"
    span = str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
    when = f"{span}年度" if lang == "zh" else span
    sep = "、" if lang == "zh" else ", "
    which = sep.join(stage_name(s, lang) for s in stages)
    return f"{who} {when} {which}"


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)

"""The report's tables as rows of display text, for every writer to lay out.

Why one home: the Markdown report and the Word report (``plugins/anting-rol-docx``)
show the same summary, level, gap, ranking and year-over-year tables; each writer
only escapes and places the cells. Every function takes parts of a
:func:`~anting_rule_of_law.reporters.document.report_document` document and a
language and returns plain strings (numbers already rounded half-up for display).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anting_rule_of_law.reporters.display import lost_text, score_text, share_of_text
from anting_rule_of_law.reporters.document import ranking_order
from anting_rule_of_law.reporters.labels import (
    label,
    localized,
    provenance_text,
    source_name,
    stage_name,
)

__all__ = [
    "DEDUCTION_KEYS",
    "GAP_KEYS",
    "LEVEL_KEYS",
    "OPPORTUNITY_KEYS",
    "OPPORTUNITY_KINDS",
    "RANKING_KEYS",
    "gap_cause",
    "gap_part_tables",
    "gap_parts",
    "gap_rows",
    "gap_table",
    "headers",
    "level_rows",
    "pass_rule_text",
    "ranking_rows",
    "signed",
    "source_items",
    "summary_rows",
    "veto_names",
    "yoy_headers",
    "yoy_rows",
]

#: Column label keys of each table (see :func:`headers`).
LEVEL_KEYS = ("code", "indicator", "score", "max", "share")
GAP_KEYS = ("code", "indicator", "lost", "department", "reason")
DEDUCTION_KEYS = ("code", "indicator", "lost", "cause", "department")
OPPORTUNITY_KEYS = ("code", "indicator", "unearned", "explanation", "department")
#: Rule kinds whose unearned points are opportunities, not faults.
OPPORTUNITY_KINDS = frozenset({"bonus"})
RANKING_KEYS = ("rank", "unit", "district", "year", "stage", "score", "grade")

Row = tuple[str, ...]


def headers(keys: Sequence[str], lang: str) -> list[str]:
    return [label(k, lang) for k in keys]


def veto_names(doc: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Veto code -> "V1 名称" for the framework of ``doc``."""
    return {
        v["code"]: f"{v['code']} {localized(v.get('name'), v.get('name_en'), lang)}"
        for v in doc["framework"].get("vetoes") or []
    }


def summary_rows(
    result: Mapping[str, Any],
    lang: str,
    vetoes: Mapping[str, str],
    *,
    show_rank: bool = True,
) -> list[tuple[str, str]]:
    """(item, value) of a result's summary: unit, district, year, stage, total,
    share, grade and result (when the framework has them: none without grade bands,
    none when ``passed`` is null), under ``pass_requires`` the pass rule and why it is
    met or not (:func:`pass_rule_text`), vetoes, the rank when it has one and ``show_rank``
    (pass :func:`~anting_rule_of_law.reporters.wording.has_peers`: a single unit has
    no rank row), and where the figures come from when the assessment says
    (``55 项中 26 项取自年度报告，29 项为示例值``)."""
    total = result["total"]
    unit = result["unit"]
    verdict = total.get("passed")
    fired = [vetoes.get(v, v) for v in total.get("vetoes") or []]
    rows = [
        (label("unit", lang), localized(unit["name"], unit.get("name_en"), lang)),
        (label("district", lang), str(unit.get("district", ""))),
        (label("year", lang), str(result["year"])),
        (label("stage", lang), stage_name(result["stage"], lang)),
        (
            label("total", lang),
            f"{score_text(total.get('score'))} / {score_text(total.get('max'))}",
        ),
        (
            label("share", lang),
            share_of_text(total.get("score"), total.get("max"), total.get("share")),
        ),
    ]
    # A framework without grade bands has no grade; one with neither bands nor a
    # pass line says nothing about passing (passed is null): no rows for them.
    grade = localized(total.get("grade_name"), total.get("grade_name_en"), lang)
    if grade:
        rows.append((label("grade", lang), grade))
    if verdict is not None:
        rows.append((label("result", lang), label("passed" if verdict else "failed", lang)))
    if result.get("pass_rule"):
        rows.append((label("pass_rule", lang), pass_rule_text(result["pass_rule"], lang)))
    rows.append((label("vetoes", lang), "; ".join(fired) if fired else label("none", lang)))
    if show_rank and total.get("rank") is not None:
        rows.append((label("rank", lang), str(total["rank"])))
    provenance = provenance_text(result.get("provenance"), lang)
    if provenance:
        rows.append((label("source", lang), provenance))
    return rows


def pass_rule_text(rule: Mapping[str, Any], lang: str) -> str:
    """Why a result passes or not under the framework's ``pass_requires``: ``自评、初审均须
    达标；初审 85.00 分，未达到达标线 90 分`` (``rule`` is a result's ``pass_rule``)."""
    sep = "、" if lang == "zh" else " and "
    names = [stage_name(s, lang) for s in rule["requires"]]
    parts = [label("pass_rule_all", lang, stages=sep.join(names))]
    pass_line = rule.get("pass_line")
    line = None if pass_line is None else score_text(pass_line).rstrip("0").rstrip(".")
    for unmet in rule["unmet"]:
        stage = stage_name(unmet["stage"], lang)
        if not unmet["present"]:
            parts.append(label("pass_rule_absent", lang, stage=stage))
        elif unmet["vetoed"]:
            parts.append(label("pass_rule_vetoed", lang, stage=stage))
        else:
            key = "pass_rule_below" if line is None else "pass_rule_below_line"
            score = score_text(unmet["score"])
            parts.append(label(key, lang, stage=stage, score=score, line=line))
    if not rule["unmet"]:
        pending = [stage_name(s, lang) for s in rule["pending"]]
        done = [stage_name(s, lang) for s in rule["requires"] if s not in rule["pending"]]
        if done and pending:
            parts.append(label("pass_rule_so_far", lang, stages=sep.join(done)))
        if pending:
            parts.append(label("pass_rule_pending", lang, stages=sep.join(pending)))
        else:
            parts.append(label("pass_rule_met", lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def level_rows(nodes: Sequence[Mapping[str, Any]], lang: str) -> list[Row]:
    """One row per node of a level: code, name, score, max, share (:data:`LEVEL_KEYS`)."""
    return [
        (
            str(n["code"]),
            localized(n.get("name"), n.get("name_en"), lang),
            score_text(n.get("score")),
            score_text(n.get("max")),
            share_of_text(n.get("score"), n.get("max"), n.get("share")),
        )
        for n in nodes
    ]


def gap_rows(gaps: Sequence[Mapping[str, Any]], lang: str) -> list[Row]:
    """One row per gap: code, name, points lost, department, reason (:data:`GAP_KEYS`)."""
    return [
        (
            str(g["code"]),
            localized(g.get("name"), g.get("name_en"), lang),
            lost_text(g.get("score"), g.get("max")),
            localized(g.get("department"), g.get("department_en"), lang),
            localized(g.get("reason"), g.get("reason_en"), lang),
        )
        for g in gaps
    ]


def gap_table(gaps: Sequence[Mapping[str, Any]], lang: str) -> tuple[list[str], list[Row]]:
    """The gap list's headers and rows (:func:`gap_rows`), with a source column (取自年度报告 /
    示例值) when any of its entries states where its figures come from."""
    rows = gap_rows(gaps, lang)
    if not any(g.get("source") for g in gaps):
        return headers(GAP_KEYS, lang), rows
    marked = [(*row, source_name(g.get("source"), lang)) for row, g in zip(rows, gaps, strict=True)]
    return headers((*GAP_KEYS, "source"), lang), marked


def source_items(source: Mapping[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """(item, value) lines of an audit row's ``source``: the marker (数据来源：示例值), and
    the passage it cites with where it is (原文（安委〔2024〕14号 一（2）一）：“…”)."""
    if not source:
        return []
    items = [(label("source", lang), source_name(source.get("kind"), lang))]
    quote = source.get("quote")
    if quote:
        ref = source.get("ref")
        where = (f"（{ref}）" if lang == "zh" else f" ({ref})") if ref else ""
        items.append((f"{label('quote', lang)}{where}", f"“{quote}”"))
    return items


def gap_parts(gaps: Sequence[Mapping[str, Any]], lang: str) -> tuple[list[Row], list[Row]]:
    """The gap list in its two parts, in the document's order (largest displayed loss
    first, then framework order):

    - 扣分事项 (:data:`DEDUCTION_KEYS`): deductions and shortfalls a town can
      rectify — code, name, points lost, what cost them (the clauses that fired,
      each with its points, or the reason) and the responsible department;
    - 未得分的加分与创新项 (:data:`OPPORTUNITY_KEYS`): points a bonus or
      innovation item did not earn — opportunities, not faults.
    """
    deductions: list[Row] = []
    opportunities: list[Row] = []
    for g in gaps:
        name = localized(g.get("name"), g.get("name_en"), lang)
        department = localized(g.get("department"), g.get("department_en"), lang)
        if g.get("rule") in OPPORTUNITY_KINDS:
            why = localized(g.get("reason"), g.get("reason_en"), lang)
            lost = lost_text(g.get("score"), g.get("max"))
            opportunities.append((str(g["code"]), name, lost, why, department))
        else:
            deductions.append(
                (
                    str(g["code"]),
                    name,
                    lost_text(g.get("score"), g.get("max")),
                    gap_cause(g, lang),
                    department,
                )
            )
    return deductions, opportunities


def gap_part_tables(
    gaps: Sequence[Mapping[str, Any]], lang: str
) -> list[tuple[str, list[str], list[Row]]]:
    """The two parts of the gap list as ``(part, headers, rows)`` — part ``deductions``
    then ``opportunities`` (their titles: ``vocabulary.GAP_PARTS``) — each with a
    source column (取自年度报告 / 示例值) when any entry states where its figures come
    from."""
    deductions, opportunities = gap_parts(gaps, lang)
    sourced = any(g.get("source") for g in gaps)
    out = []
    parts: tuple[tuple[str, tuple[str, ...], list[Row]], ...] = (
        ("deductions", DEDUCTION_KEYS, deductions),
        ("opportunities", OPPORTUNITY_KEYS, opportunities),
    )
    for part, keys, rows in parts:
        if sourced:
            in_part = [
                g for g in gaps if (g.get("rule") in OPPORTUNITY_KINDS) == (part == "opportunities")
            ]
            rows = [
                (*row, source_name(g.get("source"), lang))
                for row, g in zip(rows, in_part, strict=True)
            ]
            keys = (*keys, "source")
        out.append((part, headers(keys, lang), rows))
    return out


def gap_cause(gap: Mapping[str, Any], lang: str) -> str:
    """What cost a gap its points: each deduction clause that fired with its points
    (and the town's own explanation when it gave one), else the reason."""
    reason = localized(gap.get("reason"), gap.get("reason_en"), lang)
    clauses = gap.get("clauses") or []
    if not clauses:
        return reason
    parts = []
    for c in clauses:
        text = localized(c.get("text"), c.get("text_en"), lang) or str(c.get("clause", ""))
        points = score_text(c.get("deduction"))
        parts.append(f"{text}（扣 {points} 分）" if lang == "zh" else f"{text} (−{points})")
    sep = "；" if lang == "zh" else "; "
    cause = sep.join(parts)
    texts = [localized(c.get("text"), c.get("text_en"), lang) for c in clauses]
    if reason and not all(t and t in reason for t in texts):  # the town's own words
        cause += f"{sep}{label('explanation', lang)}{'：' if lang == 'zh' else ': '}{reason}"
    return cause


def ranking_rows(results: Sequence[Mapping[str, Any]], lang: str) -> list[Row]:
    """The ranking table in :func:`ranking_order` (:data:`RANKING_KEYS`)."""
    return [
        (
            "" if r["total"].get("rank") is None else str(r["total"]["rank"]),
            localized(r["unit"]["name"], r["unit"].get("name_en"), lang),
            str(r["unit"].get("district", "")),
            str(r["year"]),
            stage_name(r["stage"], lang),
            score_text(r["total"].get("score")),
            localized(r["total"].get("grade_name"), r["total"].get("grade_name_en"), lang),
        )
        for r in ranking_order(results)
    ]


def yoy_headers(lang: str) -> list[str]:
    return headers(("unit", "stage", "year", "score", "year", "previous", "delta"), lang)


def yoy_rows(
    yoy: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]], lang: str
) -> list[Row]:
    """Year-over-year changes of the totals (per-indicator changes are in the JSON report)."""
    names = {
        r["unit"]["code"]: localized(r["unit"]["name"], r["unit"].get("name_en"), lang)
        for r in results
    }
    return [
        (
            names.get(r["unit"], str(r["unit"])),
            stage_name(str(r["stage"]), lang),
            str(r["year"]),
            score_text(r.get("score")),
            "" if r.get("previous_year") is None else str(r["previous_year"]),
            score_text(r.get("previous_score")),
            signed(r.get("delta")),
        )
        for r in yoy
        if r.get("code", "") == ""
    ]


def signed(value: Any) -> str:
    """A change with its sign: ``+1.50``, ``-0.25``; ``—`` when unknown."""
    if value is None:
        return "—"
    text = score_text(value)
    return text if text.startswith("-") else f"+{text}"

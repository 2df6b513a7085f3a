"""The words of a report, from its document: titles, the scope line, the audit trail.

Why here and not in each writer: the Markdown, Excel, HTML and Word reports say
the same things in the same words; each writer only lays them out. Every
function takes parts of a :func:`~anting_rule_of_law.reporters.document.report_document`
document and a language (``zh`` or ``en``) and returns plain text (no markup);
every word comes from :mod:`anting_rule_of_law.rulekinds.vocabulary`.

One number style throughout: scores with 2 decimals (``1.50``), rates as
percentages with 2 decimals (``98.95%``), counts as integers (``366``) — all
rounded half up (四舍五入). What the town typed is shown as typed (``1319件``,
``95%以上``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from anting_rule_of_law.records import STAGES
from anting_rule_of_law.reporters.display import lost_text, score_text, shown_loss
from anting_rule_of_law.reporters.tables import source_items
from anting_rule_of_law.rulekinds.vocabulary import (
    ADJUSTMENTS,
    GRADE_WORDS,
    TRAIL,
    YES_NO,
    label,
    localized,
    rule_kind_name,
    stage_name,
    status_name,
    word,
)

__all__ = [
    "IndicatorDetail",
    "as_typed",
    "audit_lines",
    "count_text",
    "document_title",
    "has_peers",
    "indicator_details",
    "rate_text",
    "result_title",
    "scope_text",
    "standard_text",
    "unit_name",
]


def unit_name(result: Mapping[str, Any], lang: str) -> str:
    """The unit's name in ``lang`` (its Chinese name when it has no English one)."""
    unit = result["unit"]
    return localized(unit.get("name"), unit.get("name_en"), lang)


def result_title(result: Mapping[str, Any], lang: str) -> str:
    """The title of one unit-year-stage: 安亭镇2023年度法治建设示范创建自评报告 /
    …初审意见 / …核定结果, as the stage's document is called."""
    stage = str(result["stage"])
    if stage in STAGES:
        what = label(f"title_{stage}", lang)
    else:
        what = f"{label('report_title', lang)} ({stage_name(stage, lang)})"
    if lang == "zh":
        return f"{unit_name(result, lang)}{result['year']}年度{what}"
    return f"{unit_name(result, lang)} {result['year']}: {what}"


def document_title(results: Sequence[Mapping[str, Any]], lang: str, title: str = "") -> str:
    """The document's title: ``title`` when given, the one result's own title, or the
    batch title."""
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


def has_peers(result: Mapping[str, Any], results: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a rank means anything: another unit was ranked in the same year and
    stage. A single town is not "1st of 1" — its report has no rank row."""
    return any(
        r["year"] == result["year"]
        and r["stage"] == result["stage"]
        and r["unit"]["code"] != result["unit"]["code"]
        for r in results
    )


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


# -- numbers ---------------------------------------------------------------------------
def rate_text(value: Any) -> str:
    """A fraction as a percentage with 2 decimals, half up: ``0.989497`` -> ``98.95%``."""
    if value is None:
        return "—"
    return f"{score_text(float(value) * 100)}%"


def count_text(value: Any) -> str:
    """A count as an integer (``366``); a fractional one with 2 decimals."""
    if value is None:
        return "—"
    number = float(value)
    return str(int(number)) if number.is_integer() else score_text(number)


def standard_text(value: Any, percent: bool = False) -> str:
    """A figure of the scoring standard as the standard writes it, half up to 2
    decimals without trailing zeros: ``0.95`` -> ``95%`` (``percent``), ``1.5`` -> ``1.5``."""
    if value is None:
        return "—"
    from anting_rule_of_law.scoring.rounding import round_half_up  # light: no polars

    number = round_half_up(float(value) * (100 if percent else 1), 2)
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


def _threshold_text(clause: Mapping[str, Any], value: float) -> str:
    return rate_text(value) if _is_rate(clause) else count_text(value)


def _is_rate(clause: Mapping[str, Any]) -> bool:
    """A threshold clause compares a rate when its threshold is a fraction (0.95), or
    exactly 1 with a clause text that speaks of a rate (未达到100%)."""
    value = clause.get("threshold")
    if value is None or not 0 < float(value) <= 1:
        return False
    text = str(clause.get("text") or "")
    return float(value) < 1 or any(mark in text for mark in ("%", "％", "率"))


# -- the audit trail ---------------------------------------------------------------------
class IndicatorDetail(NamedTuple):
    """One specific indicator as the report's details show it: a heading (code, name,
    score of max) and lines of text, then the evidence."""

    code: str
    name: str
    score: str
    max: str
    lines: list[str]
    evidence: list[str]


def indicator_details(
    result: Mapping[str, Any], rules: Mapping[str, Any], lang: str
) -> list[IndicatorDetail]:
    """Every specific indicator of a full result, in words: its rule kind, the audit
    trail (:func:`audit_lines`), the points lost with the reason, the note, and
    where its figures come from when the entry says (数据来源, 原文).
    ``rules`` is the document's ``framework.rules``."""
    names = {
        n["code"]: localized(n.get("name"), n.get("name_en"), lang)
        for block in result["levels"]
        for n in block["nodes"]
    }
    fired: dict[str, list[Mapping[str, Any]]] = {}
    for c in result.get("clauses") or []:
        fired.setdefault(c["code"], []).append(c)
    sep = "：" if lang == "zh" else ": "
    out = []
    for a in result.get("audit") or []:
        code = str(a["code"])
        lines = [f"{label('rule', lang)}{sep}{rule_kind_name(str(a.get('rule') or ''), lang)}"]
        lines += audit_lines(a, rules.get(code), fired.get(code, []), lang)
        if shown_loss(a.get("score"), a.get("max")):  # a loss that shows on the page
            lines.append(f"{label('lost', lang)}{sep}{lost_text(a.get('score'), a.get('max'))}")
            reason = localized(a.get("reason"), a.get("reason_en"), lang)
            if reason and a.get("status") == "scored":
                lines.append(f"{label('reason', lang)}{sep}{reason}")
        if a.get("note"):
            lines.append(f"{label('note', lang)}{sep}{a['note']}")
        lines += [f"{k}{sep}{v}" for k, v in source_items(a.get("source"), lang)]
        out.append(
            IndicatorDetail(
                code=code,
                name=names.get(code, ""),
                score=score_text(a.get("score")),
                max=score_text(a.get("max")),
                lines=lines,
                evidence=[str(e) for e in a.get("evidence") or []],
            )
        )
    return out


def audit_lines(
    row: Mapping[str, Any],
    rule: Mapping[str, Any] | None,
    fired: Sequence[Mapping[str, Any]],
    lang: str,
) -> list[str]:
    """How one specific indicator was scored, in words, one line per fact.

    ``row`` is the indicator's audit row of the document, ``rule`` its entry in
    ``framework.rules`` (``None`` when the document has none: the inputs are then
    described without the standard) and ``fired`` its clauses that cost points
    (the result's ``clauses`` with its code). The lines: the inputs as labelled
    values as typed; for a deduction rule the gate and every clause with whether
    it applied and what it cost; the standard the figure is measured against;
    what was done to the result (caps, clamps, bounds, a zero denominator, missing
    or not applicable data); and the reason given by hand.
    """
    kind = str(row.get("rule") or (rule or {}).get("kind") or "")
    inputs: Mapping[str, Any] = row.get("inputs") or {}
    typed: Mapping[str, Any] = inputs.get("raw") or {}
    status = str(row.get("status") or "")
    lines: list[str] = []
    if status not in ("", "scored"):
        lines.append(_t("status", lang, status=status_name(status, lang)))
    if status != "not_applicable":
        lines += _inputs_lines(kind, inputs, typed, rule or {}, fired, lang)
        lines += _standard_lines(kind, rule or {}, lang)
    lines += _adjustment_lines(row, lang)
    reason = str(row.get("reason") or "") if status == "not_applicable" else ""
    if reason and not any(reason in line for line in lines):
        lines.append(_t("reason", lang, reason=reason))
    return lines


def _t(key: str, lang: str, **fields: object) -> str:
    return TRAIL[key].get(lang, **fields)


_HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")


def as_typed(text: str, lang: str) -> str:
    """What the town typed, for a reader of ``lang``: as typed in Chinese; in English
    without its Chinese measure words and bounds (``1319件`` -> ``1319``,
    ``95%以上`` -> ``95%``; the bound is said in words elsewhere), or as typed when
    nothing else is left."""
    if lang == "zh":
        return text
    stripped = _HAN.sub("", text).strip()
    return stripped or text


def _typed_or(typed: Mapping[str, Any], key: str, shown: str, lang: str) -> str:
    text = typed.get(key)
    if text in (None, ""):
        return shown
    return as_typed(str(text), lang)


def _inputs_lines(
    kind: str,
    inputs: Mapping[str, Any],
    typed: Mapping[str, Any],
    rule: Mapping[str, Any],
    fired: Sequence[Mapping[str, Any]],
    lang: str,
) -> list[str]:
    if kind == "deduct":
        return _deduct_lines(inputs, typed, rule, fired, lang)
    if kind == "ratio":
        return _ratio_lines(inputs, typed, lang)
    out: list[str] = []
    if inputs.get("met") is not None:
        out.append(_t("met", lang, value=YES_NO[bool(inputs["met"])].get(lang)))
    if inputs.get("grade") is not None:
        grade = str(inputs["grade"])
        shares = {str(g): float(f) for g, f in rule.get("levels") or []}
        named = word(GRADE_WORDS, grade, lang)
        if grade in shares:
            share = standard_text(shares[grade], percent=True)
            out.append(_t("grade_share", lang, grade=named, share=share))
        else:
            out.append(_t("grade", lang, grade=named))
    if inputs.get("count") is not None:
        count = _typed_or(typed, "count", count_text(inputs["count"]), lang)
        per_item = rule.get("per_item")
        if kind == "bonus" and per_item is not None:
            out.append(_t("bonus_count", lang, count=count, per_item=standard_text(per_item)))
        else:
            out.append(_t("count", lang, count=count))
    if inputs.get("score") is not None:
        shown = score_text(inputs["score"])
        out.append(_t("bonus_score" if kind == "bonus" else "manual", lang, score=shown))
    if inputs.get("value") is not None:
        out.append(
            _t("value", lang, value=_typed_or(typed, "value", count_text(inputs["value"]), lang))
        )
    return out


def _ratio_lines(inputs: Mapping[str, Any], typed: Mapping[str, Any], lang: str) -> list[str]:
    num, den, rate = inputs.get("numerator"), inputs.get("denominator"), inputs.get("rate")
    if num is not None and den is not None:
        computed = float(num) / float(den) if float(den) != 0 else None
        line = _t(
            "ratio",
            lang,
            num=_typed_or(typed, "numerator", count_text(num), lang),
            den=_typed_or(typed, "denominator", count_text(den), lang),
            rate=rate_text(computed),
        )
        if rate is not None and rate_text(rate) != rate_text(computed):
            line += _t("ratio_typed", lang, typed=_typed_or(typed, "rate", rate_text(rate), lang))
        return [line]
    if rate is not None:
        shown = rate_text(rate)
        entered = _typed_or(typed, "rate", shown, lang)
        if entered == shown or _same_percent(entered, float(rate)):
            return [_t("rate", lang, rate=shown)]
        return [_t("rate_typed", lang, rate=shown, typed=entered)]
    return []


def _same_percent(text: str, rate: float) -> bool:
    """Whether a typed percentage (``95%``) says the same as the rate (0.95)."""
    try:
        return abs(float(text.strip().rstrip("%")) - rate * 100) < 1e-9
    except ValueError:
        return False


def _deduct_lines(
    inputs: Mapping[str, Any],
    typed: Mapping[str, Any],
    rule: Mapping[str, Any],
    fired: Sequence[Mapping[str, Any]],
    lang: str,
) -> list[str]:
    out: list[str] = []
    gate = localized(rule.get("gate"), rule.get("gate_en"), lang)
    if gate:
        met = inputs.get("gate")
        key = "gate_blank" if met is None else ("gate_met" if met else "gate_failed")
        out.append(_t(key, lang, gate=gate))
    given: Mapping[str, Any] = inputs.get("clauses") or {}
    cost = {str(c.get("clause")): float(c.get("deduction") or 0.0) for c in fired}
    clauses = rule.get("clauses") or [
        {"id": cid, "text": "", "kind": ""} for cid in sorted({*given, *cost})
    ]
    total = 0.0
    for clause in clauses:
        cid = str(clause["id"])
        text = localized(clause.get("text"), clause.get("text_en"), lang) or cid
        value = given.get(cid)
        points = cost.get(cid, 0.0)
        total += points
        kind = clause.get("kind")
        if value is None:
            out.append(_t("clause_blank", lang, text=text))
            continue
        shown_points = score_text(points)
        if kind == "flag":
            out.append(
                _t("flag_yes" if points else "flag_no", lang, text=text, points=shown_points)
            )
        elif kind == "per_item":
            count = count_text(value)
            if float(value) == 0:
                out.append(_t("per_item_none", lang, text=text))
            else:
                line = _t("per_item", lang, text=text, count=count, points=shown_points)
                cap = clause.get("max")
                if cap is not None and float(value) * float(clause["amount"]) > float(cap):
                    line += _t("clause_cap", lang, max=standard_text(cap))
                out.append(line)
        elif kind == "threshold":
            shown = _typed_or(typed, f"clauses.{cid}", _threshold_text(clause, float(value)), lang)
            key = "threshold_hit" if points else "threshold_ok"
            out.append(_t(key, lang, text=text, value=shown, points=shown_points))
        else:  # a clause the document does not describe (no framework rules)
            shown = _typed_or(typed, f"clauses.{cid}", count_text(value), lang)
            key = "threshold_hit" if points else "threshold_ok"
            out.append(_t(key, lang, text=text, value=shown, points=shown_points))
    points_max = rule.get("points")
    if (
        points_max is not None
        and total > float(points_max) + 1e-9
        and inputs.get("gate") is not False
    ):
        out.append(_t("deduct_all", lang, total=score_text(total)))
    return out


def _standard_lines(kind: str, rule: Mapping[str, Any], lang: str) -> list[str]:
    if kind == "ratio" and "target" in rule and "floor" in rule:
        return [
            _t(
                "ratio_standard",
                lang,
                target=standard_text(rule["target"], percent=True),
                floor=standard_text(rule["floor"], percent=True),
            )
        ]
    if kind == "count" and "target" in rule:
        return [_t("count_standard", lang, target=standard_text(rule["target"]))]
    if kind == "normalized" and "low" in rule and "high" in rule:
        return [
            _t(
                "normalized_standard",
                lang,
                low=standard_text(rule["low"]),
                high=standard_text(rule["high"]),
            )
        ]
    return []


@cache
def _adjustment_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The engine writes its adjustments in the vocabulary's English form; each form
    as a pattern, so the report can say it again in the reader's language."""
    out = []
    for key, words in ADJUSTMENTS.items():
        parts = re.split(r"\{(\w+)\}", words.en)
        pattern = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts)
        )
        out.append((key, re.compile(pattern + r"\Z", re.S)))
    return tuple(out)


def _adjustment_lines(row: Mapping[str, Any], lang: str) -> list[str]:
    out = []
    for text in row.get("adjustments") or []:
        out.append(_adjustment_words(str(text), row, lang))
    return out


def _adjustment_words(text: str, row: Mapping[str, Any], lang: str) -> str:
    for key, pattern in _adjustment_patterns():
        found = pattern.match(text)
        if found is None:
            continue
        if key == "clamped":
            raw = row.get("raw")
            if raw is not None and row.get("max") is not None:
                which = "floored" if float(raw) < 0 else "capped"
                return _t(which, lang, raw=score_text(raw), max=score_text(row["max"]))
        fields = {k: as_typed(v, lang) for k, v in found.groupdict().items()}
        if "max" in fields and row.get("max") is not None:
            fields["max"] = score_text(row["max"])
        return ADJUSTMENTS[key].get(lang, **fields)
    return text  # a plugin kind's own adjustment: shown as written

"""The comparison section's tables (自评与初审对比) as rows of display text.

Why here: the Markdown, Excel and HTML reports (and a third party's) show the
same comparison; each writer only escapes and places the cells. The input is a
result's ``comparison`` from :func:`~anting_rule_of_law.reporters.document.report_document`
(see :mod:`anting_rule_of_law.reporters.comparison`); numbers are rounded half up
for display here and nowhere earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from anting_rule_of_law.reporters.display import score_text
from anting_rule_of_law.reporters.labels import label, localized, stage_name, yes_no
from anting_rule_of_law.reporters.tables import signed

__all__ = [
    "comparison_changes",
    "comparison_note",
    "comparison_standing",
    "comparison_title",
]

Row = tuple[str, ...]


def comparison_title(comparison: Mapping[str, Any], lang: str) -> str:
    """自评与初审对比 (Self-assessment and review compared)."""
    before = _capital(stage_name(comparison["before"]["stage"], lang))
    after = stage_name(comparison["after"]["stage"], lang)
    return label("comparison", lang, before=before, after=after)


def _difference_text(value: Any) -> str:
    """A difference with its sign (``+0.30``, ``-2.00``); no change is ``0.00``."""
    text = signed(value)
    return "0.00" if text in ("+0.00", "-0.00") else text


def _capital(text: str) -> str:
    """An English stage name at the start of a heading or a column (no change to Chinese)."""
    return text[:1].upper() + text[1:]


def comparison_standing(comparison: Mapping[str, Any], lang: str) -> tuple[list[str], list[Row]]:
    """Both totals: per stage the total, whether it reaches the pass line (when the
    framework has one) and the verdict, then the difference."""
    pass_line = comparison.get("pass_line")
    line = "" if pass_line is None else score_text(pass_line).rstrip("0").rstrip(".")
    headers = [label("stage", lang), label("total", lang)]
    if pass_line is not None:
        headers.append(label("reaches_line", lang, line=line))
    headers.append(label("result", lang))
    rows: list[Row] = []
    for side in ("before", "after"):
        s = comparison[side]
        verdict = s.get("passed")
        row = [stage_name(s["stage"], lang), score_text(s.get("score"))]
        if pass_line is not None:
            row.append(yes_no(s.get("reaches_pass_line"), lang))
        row.append("" if verdict is None else label("passed" if verdict else "failed", lang))
        rows.append(tuple(row))
    rows.append(
        (label("difference", lang), _difference_text(comparison.get("difference")))
        + ("",) * (len(headers) - 2)
    )
    return headers, rows


def comparison_changes(comparison: Mapping[str, Any], lang: str) -> tuple[list[str], list[Row]]:
    """Every specific indicator whose score changed, largest change first: code, name,
    both scores, the difference and the later stage's remark (审核意见) — or, where
    none was typed, why the later stage lost points."""
    before = _capital(stage_name(comparison["before"]["stage"], lang))
    after = _capital(stage_name(comparison["after"]["stage"], lang))
    headers = [
        label("code", lang),
        label("indicator", lang),
        label("score_at", lang, stage=before),
        label("score_at", lang, stage=after),
        label("difference", lang),
        label("remark", lang),
    ]
    rows: list[Row] = [
        (
            c["code"],
            localized(c.get("name"), c.get("name_en"), lang),
            score_text(c.get("score_before")),
            score_text(c.get("score")),
            _difference_text(c.get("difference")),
            c.get("remark") or localized(c.get("reason"), c.get("reason_en"), lang),
        )
        for c in comparison.get("indicators") or []
    ]
    return headers, rows


def comparison_note(comparison: Mapping[str, Any], lang: str) -> str:
    """其余 50 项具体指标两次得分相同。 (or that every indicator scored the same)."""
    if not comparison.get("indicators"):
        return label("no_changes", lang)
    return label("unchanged_rest", lang, n=comparison.get("unchanged", 0))

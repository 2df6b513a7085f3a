"""The reviewer's workbook (初审表, 核定表): a town's own assessment, ready to re-score.

Why: the district re-scores every town with reasons. Its reviewers work in the
same layout-2 workbook the town filled (``template``), pre-filled with the town's
inputs: two locked columns show what the town entered (自评填写) and scored
(自评得分), the reviewer's value cells (初审填写) start as the town's, and every
indicator whose values the reviewer changes needs a 审核意见 on its own row. The
filled workbook is an assessment of stage ``review`` (or ``final``) like any
other, read by the same readers; a changed value without a remark is an error
at its cell (see ``workbook_form``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anting_rule_of_law.assessments.layout import NOT_APPLICABLE_MARK
from anting_rule_of_law.assessments.template import ReviewFill, write_template
from anting_rule_of_law.records import STAGES, Assessment, Entry, Framework
from anting_rule_of_law.rulekinds import rule_kind

__all__ = ["NOT_APPLICABLE", "REVIEW_STAGES", "review_fill", "write_review_template"]

#: What 自评填写 shows on the row of an indicator the town marked not applicable.
NOT_APPLICABLE = NOT_APPLICABLE_MARK

#: The stages a reviewer's workbook may hold.
REVIEW_STAGES = tuple(s for s in STAGES if s != "self")


def write_review_template(
    assessment: Assessment,
    framework: Framework,
    path: str | Path,
    *,
    stage: str = "review",
    lang: str = "zh",
) -> Path:
    """Write the reviewer's workbook for ``assessment`` (a town's self-assessment, or an
    earlier review) to ``path`` atomically; returns the path."""
    if stage not in REVIEW_STAGES:
        raise ValueError(f"stage must be one of {', '.join(REVIEW_STAGES)}, not {stage!r}")
    unit = {
        "code": assessment.unit.code,
        "name": assessment.unit.name,
        "name_en": assessment.unit.name_en,
        "district": assessment.unit.district,
    }
    return write_template(
        framework,
        path,
        lang,
        unit=unit,
        year=assessment.year,
        review=review_fill(assessment, framework, stage),
    )


def review_fill(assessment: Assessment, framework: Framework, stage: str) -> ReviewFill:
    """The town's values and scores, as the reviewer's workbook shows them."""
    from anting_rule_of_law.scoring import score

    audit = score(framework, [assessment]).audit
    scores = {str(code): value for code, value in audit.select("code", "score").iter_rows()}
    inputs: dict[tuple[str, str], Any] = {}
    rows: dict[str, dict[str, Any]] = {}
    for entry in assessment.entries:
        if entry.code not in framework:
            continue
        rows[entry.code] = _row_values(entry)
        inputs.update(_input_values(entry, framework))
    vetoes = {v.code: v.triggered for v in assessment.vetoes}
    return ReviewFill(stage=stage, inputs=inputs, indicator=rows, scores=scores, vetoes=vetoes)


def _row_values(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if entry.not_applicable:
        # the town's answer shown locked on the indicator's row, the reviewer's beside it
        out["not_applicable"] = True
        out["town_input"] = NOT_APPLICABLE
    if entry.evidence:
        out["evidence"] = "；".join(
            f"{e.ref} — {e.description}" if e.description else e.ref for e in entry.evidence
        )
    if entry.note:
        out["note"] = entry.note
    if entry.reason:  # a typed score or a not-applicable indicator keeps its reason
        out["reason"] = out["town_reason"] = entry.reason
    return out


def _input_values(entry: Entry, framework: Framework) -> dict[tuple[str, str], Any]:
    """(code, field) -> the cell value: the text the town typed where it was kept
    (``98.94%``, ``49次``), else the value read (a flag clause as 是/否)."""
    leaf = framework.node(entry.code)
    if leaf.rule is None:
        return {}
    typed = dict(entry.raw)
    out: dict[tuple[str, str], Any] = {}
    for field in rule_kind(leaf.rule.type).inputs:
        if field == "clauses":
            kinds = {c.id: c.kind for c in leaf.rule.clauses}
            for cid, amount in entry.clauses:
                key = f"clauses.{cid}"
                out[(entry.code, key)] = (
                    amount > 0 if kinds.get(cid) == "flag" else typed.get(key, amount)
                )
            continue
        value: Any = getattr(entry, field, None)
        if value is None:
            continue
        out[(entry.code, field)] = typed.get(field, value)
    return out

"""Column and sheet names shared by the CSV reader, the Excel template and its reader.

Why: the template writes the columns the reader looks for; keeping both in one
table means they cannot drift apart. Every column has an ASCII key (the field
name of the YAML format) and a Chinese label, and both are accepted as headers.
"""

from __future__ import annotations

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "FORM_COLUMNS",
    "INPUT_COLUMNS",
    "LAYOUT_VERSION",
    "NOT_APPLICABLE_MARK",
    "REVIEW_COLUMNS",
    "REVIEW_HEADERS",
    "REVIEW_VETO_COLUMNS",
    "SHEETS",
    "STRUCTURE_COLUMNS",
    "VETO_COLUMNS",
    "column_letter",
    "header_key",
]

#: Sheet keys -> (Chinese name, English name). The reader accepts either.
SHEETS: dict[str, tuple[str, str]] = {
    "help": ("说明", "Instructions"),
    "info": ("基本信息", "Basic info"),
    "entries": ("具体指标", "Indicators"),
    "vetoes": ("否决项", "Vetoes"),
}

#: The layout of the fill-in workbook the template writes (on its basic-information
#: sheet, row ``layout``). Layout 1 — one row per indicator with a column per input
#: and the clauses as ``c1=..;c2=..`` text — had no such row; it is still read.
LAYOUT_VERSION = 2

#: Columns of the indicator sheet in layout 2: (key, zh, en). One row per section,
#: per indicator and per input of an indicator (each deduction clause and the gate
#: their own row); ``input`` is where every value is typed, ``field`` (hidden)
#: says which input a row holds.
FORM_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("code", "编号", "code"),
    ("item", "指标与填报项", "indicator and input"),
    ("points", "分值", "points"),
    ("rule", "评分方式", "rule"),
    ("input", "填写", "value"),
    ("what", "填写说明", "what to enter"),
    ("not_applicable", "不适用", "not applicable"),
    ("reason", "理由", "reason"),
    ("evidence", "佐证材料", "evidence"),
    ("note", "备注", "note"),
    ("source", "数据来源", "source"),
    ("source_ref", "来源出处", "source ref"),
    ("source_quote", "来源原文", "source quote"),
    ("department", "责任部门", "department"),
    ("field", "字段", "field"),
)

#: The reviewer's workbook (``anting-rol review-template``) is layout 2 with three
#: locked columns more — the town's own value per input and its score per
#: indicator before ``input``, the town's reason before ``reason``; (key, zh, en).
REVIEW_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("town_input", "自评填写", "self-assessment value"),
    ("town_score", "自评得分", "self-assessment score"),
    ("town_reason", "自评理由", "self-assessment reason"),
)

#: The reviewer's veto sheet has one locked column more, before ``triggered``: the
#: town's own declaration; a reviewer's ``triggered`` that differs from it needs a
#: ``note`` (the reviewer's remark). (key, zh, en).
REVIEW_VETO_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("town_triggered", "自评是否触发", "self-assessment: triggered"),
)

#: What 自评填写 shows on the row of an indicator the town marked not applicable
#: (the reader compares the reviewer's 不适用 with it).
NOT_APPLICABLE_MARK = "不适用"

#: In the reviewer's workbook ``input`` and ``reason`` carry the reviewer's words
#: (per stage); the reader accepts these headers as those columns.
REVIEW_HEADERS: dict[str, dict[str, tuple[str, str]]] = {
    "review": {"input": ("初审填写", "review value"), "reason": ("审核意见", "review remark")},
    "final": {"input": ("核定填写", "final value"), "reason": ("审核意见", "review remark")},
}

#: Read-only columns of the indicator sheet in layout 1: (key, zh, en).
STRUCTURE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("code", "编号", "code"),
    ("level1", "一级指标", "first level"),
    ("level2", "二级指标", "second level"),
    ("name", "具体指标", "indicator"),
    ("name_en", "英文名称", "name (en)"),
    ("points", "分值", "points"),
    ("rule", "评分方式", "rule"),
    ("what", "填写说明", "what to enter"),
    ("evidence_expected", "应备佐证材料", "evidence expected"),
    ("department", "责任部门", "department"),
)

#: Input columns of the CSV format and of layout 1's indicator sheet (key, zh, en);
#: in layout 2 their words label the input rows.
INPUT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("met", "是否达到", "met"),
    ("grade", "等次", "grade"),
    ("numerator", "分子", "numerator"),
    ("denominator", "分母", "denominator"),
    ("rate", "比率", "rate"),
    ("count", "数量", "count"),
    ("value", "数值", "value"),
    ("score", "得分", "score"),
    ("reason", "理由", "reason"),
    ("gate", "前提条件是否满足", "gate"),
    ("clauses", "扣分项", "clauses"),
    ("not_applicable", "不适用", "not applicable"),
    ("evidence", "佐证材料", "evidence"),
    ("note", "备注", "note"),
    ("source", "数据来源", "source"),
    ("source_ref", "来源出处", "source ref"),
    ("source_quote", "来源原文", "source quote"),
)

#: Columns of the veto sheet: (key, zh, en); ``triggered`` and ``note`` are inputs.
VETO_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("code", "编号", "code"),
    ("name", "否决事项", "veto item"),
    ("name_en", "英文名称", "name (en)"),
    ("effect", "后果", "effect"),
    ("triggered", "是否触发", "triggered"),
    ("note", "说明", "note"),
)

#: The CSV format: unit/year/stage columns, then the entry columns.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("framework", "指标体系"),
    ("framework_version", "指标体系版本"),
    ("unit_code", "单位代码"),
    ("unit_name", "单位名称"),
    ("unit_name_en", "单位英文名称"),
    ("district", "所属区"),
    ("year", "年度"),
    ("stage", "阶段"),
    ("assessor", "填报单位"),
    ("code", "编号"),
    *((key, zh) for key, zh, _ in INPUT_COLUMNS),
    ("triggered", "是否触发"),
)

CSV_REQUIRED = ("unit_code", "year", "code")


def header_key(text: str, known: dict[str, str]) -> str | None:
    """The key of a header cell: an ASCII key, a Chinese label, or "中文\\nkey" as the template writes."""
    cleaned = text.strip().lstrip("\ufeff")
    for part in [cleaned, *cleaned.splitlines()]:
        part = part.strip()
        if part.lower() in known:
            return known[part.lower()]
        if part in known:
            return known[part]
    return None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out

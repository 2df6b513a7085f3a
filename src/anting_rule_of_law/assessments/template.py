"""Write the fill-in Excel workbook for a framework (xlsxwriter).

Why: towns fill their self-assessment in Excel and print it. The workbook
generated from the framework reads like the indicator table: a row per section,
a row per specific indicator, and under it one row per thing to enter — the
numerator, the grade, each deduction clause with its text, the gate — each with
a yellow input cell that Excel itself checks (是/否 lists, whole numbers ≥ 0,
numbers or percentages), only those cells unlocked. It is read back without
guesswork (see ``workbook``) and every problem is reported by sheet and cell.
Every sheet prints on A4, one page wide, with its header row on every page.

The same framework and arguments give the same bytes: the workbook's creation
date is fixed (:data:`TEMPLATE_CREATED`, 2000-01-01 00:00 UTC, instead of the
clock xlsxwriter would use) and xlsxwriter dates every zip member 1980-01-01,
so a district can regenerate its templates and see no spurious change.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from anting_rule_of_law.assessments.layout import (
    FORM_COLUMNS,
    LAYOUT_VERSION,
    REVIEW_COLUMNS,
    REVIEW_HEADERS,
    REVIEW_VETO_COLUMNS,
    SHEETS,
    VETO_COLUMNS,
)
from anting_rule_of_law.assessments.workbook_form import INDICATOR_FIELDS, SOURCE_COLUMNS
from anting_rule_of_law.fileio import atomic_write
from anting_rule_of_law.records import Clause, Framework, Indicator
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.rulekinds.vocabulary import (
    CLAUSE_HINTS,
    INPUT_FIELDS,
    INPUT_HINTS,
    SOURCE_CHOICES,
    STAGE_CHOICES,
    THRESHOLD_OPS,
    VETO_EFFECTS,
    YES_NO,
    label,
    word,
)
from anting_rule_of_law.xlsxprint import page_setup, row_height, wrapped_lines

__all__ = ["INFO_ROWS", "TEMPLATE_CREATED", "ReviewFill", "write_template"]

#: The workbook's creation date: fixed, so the same framework gives the same bytes.
TEMPLATE_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

#: The rows of the basic-information sheet: (key, zh label, en label).
INFO_ROWS: tuple[tuple[str, str, str], ...] = (
    ("framework_id", "指标体系编号", "framework id"),
    ("framework_version", "指标体系版本", "framework version"),
    ("unit_code", "单位代码", "unit code"),
    ("unit_name", "单位名称", "unit name"),
    ("unit_name_en", "单位英文名称", "unit name (en)"),
    ("district", "所属区", "district"),
    ("year", "年度", "year"),
    ("stage", "阶段", "stage"),
    ("assessor", "填报单位", "assessor"),
    ("note", "备注", "note"),
    ("layout", "模板版式", "template layout"),
)

_YES_NO = [YES_NO[True].zh, YES_NO[False].zh]
#: The stage a reviewer's workbook holds, as its basic-information sheet names it.
_REVIEW_STAGE = {"review": "初审", "final": "核定"}
_YES_NO_HINT = (INPUT_HINTS["met"].zh, INPUT_HINTS["met"].en)
_SOURCE_HINT = (INPUT_HINTS["source"].zh, INPUT_HINTS["source"].en)
#: Column widths of the indicator sheet (characters), by column key.
_FORM_WIDTHS = {
    "code": 8,
    "item": 38,
    "points": 6,
    "rule": 9,
    "input": 12,
    "what": 30,
    "not_applicable": 10,
    "reason": 16,
    "evidence": 20,
    "note": 14,
    "source": 10,
    "source_ref": 14,
    "source_quote": 24,
    "department": 11,
    "field": 12,
    "town_input": 12,
    "town_score": 8,
    "town_reason": 16,
}
#: The font size of the sheets' cells (points).
_FONT_SIZE = 10.0
#: Inputs whose cell shows a percentage.
_PERCENT = frozenset({"rate"})
#: Columns filled on an indicator's own row (not on its input rows).
_INDICATOR_COLUMNS = (*INDICATOR_FIELDS, *SOURCE_COLUMNS)


class ReviewFill(NamedTuple):
    """What a reviewer's workbook is pre-filled with: the town's own assessment.

    ``inputs`` maps (code, field) to the cell value of an input row (``field`` as in
    the hidden column, ``clauses.<id>`` for a clause), ``indicator`` maps a code to
    the values of its own row (``not_applicable``, ``evidence``, ``note``),
    (and ``reason``, shown locked as the town's and pre-filled as the remark, which a
    changed indicator must replace), ``scores`` the town's score per specific indicator, ``vetoes`` whether the
    town declared each veto item triggered; ``unit`` and ``year`` are locked.
    """

    stage: str
    inputs: Mapping[tuple[str, str], Any]
    indicator: Mapping[str, Mapping[str, Any]]
    scores: Mapping[str, float | None]
    vetoes: Mapping[str, bool]


def _label(zh: str, en: str, lang: str) -> str:
    return f"{zh}\n{en}" if lang == "zh" else f"{en}\n{zh}"


def _sheet(key: str, lang: str) -> str:
    zh, en = SHEETS[key]
    return zh if lang == "zh" else en


def write_template(
    framework: Framework,
    path: str | Path,
    lang: str = "zh",
    *,
    unit: dict[str, str] | None = None,
    year: int | None = None,
    review: ReviewFill | None = None,
) -> Path:
    """Write the fill-in workbook for ``framework`` to ``path`` atomically; returns the path.

    ``unit`` (keys ``code``, ``name``, ``name_en``, ``district``) and ``year``
    pre-fill the basic-information sheet, for a district preparing one
    workbook per town. ``review`` makes it a reviewer's workbook (see
    :mod:`anting_rule_of_law.assessments.review_template`).
    """
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties({"created": TEMPLATE_CREATED})
    fmt = _Formats(wb)
    unit = unit or {}
    scope = _scope(unit, year, lang, review)
    _help_sheet(wb.add_worksheet(_sheet("help", lang)), framework, lang, fmt, scope, review)
    info = wb.add_worksheet(_sheet("info", lang))
    _info_sheet(info, framework, lang, fmt, unit, year, scope, review)
    _entries_sheet(wb.add_worksheet(_sheet("entries", lang)), framework, lang, fmt, scope, review)
    _veto_sheet(wb.add_worksheet(_sheet("vetoes", lang)), framework, lang, fmt, scope, review)
    wb.close()
    target = Path(path)
    with atomic_write(target, binary=True) as fh:
        fh.write(buffer.getvalue())
    return target


def _scope(unit: dict[str, str], year: int | None, lang: str, review: ReviewFill | None) -> str:
    """The page header: who and which year, as far as pre-filled, and the stage."""
    name = unit.get("name", "") if lang == "zh" else (unit.get("name_en") or unit.get("name", ""))
    parts = [name] if name else []
    if year is not None:
        parts.append(f"{year}年度" if lang == "zh" else str(year))
    parts.append(label("form_title" if review is None else f"review_form_{review.stage}", lang))
    return " ".join(parts)


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {
            "font_name": "等线",
            "font_size": _FONT_SIZE,
            "valign": "top",
            "text_wrap": True,
            "border": 1,
            "border_color": "#A6A6A6",
        }
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "locked": True})
        self.locked = wb.add_format({**base, "locked": True, "bg_color": "#F2F2F2"})
        self.indicator = wb.add_format(
            {**base, "locked": True, "bg_color": "#F2F2F2", "bold": True}
        )
        self.section = wb.add_format({**base, "locked": True, "bg_color": "#DDDDDD", "bold": True})
        self.unused = wb.add_format({**base, "locked": True, "bg_color": "#BFBFBF"})
        self.input = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
        self.rate = wb.add_format(
            {**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "0.00%"}
        )
        self.locked_rate = wb.add_format(
            {**base, "locked": True, "bg_color": "#F2F2F2", "num_format": "0.00%"}
        )
        self.score = wb.add_format(
            {**base, "locked": True, "bg_color": "#F2F2F2", "num_format": "0.00"}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_name": "等线"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "等线"})


def _protect(ws: Any) -> None:
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})


def _help_sheet(
    ws: Any, fw: Framework, lang: str, fmt: _Formats, scope: str, review: ReviewFill | None
) -> None:
    title = fw.title if lang == "zh" else (fw.title_en or fw.title)
    entries_zh, entries_en = SHEETS["entries"]
    lines_zh = [
        f"指标体系：{fw.title}（{fw.id}，版本 {fw.version}）",
        "填写方法：",
        f"1. 在“{SHEETS['info'][0]}”表中填写单位代码、单位名称、年度、阶段等（黄色单元格）。",
        f"2. 在“{entries_zh}”表中，每个具体指标一行，其下每个填报项一行：只在黄色的“填写”单元格中填写；"
        "灰色单元格不必填写。“填写说明”一列写明该项应填什么，选中单元格时也有提示。",
        "   是/否 从下拉列表中选择。数字可照常书写：1,333、98.94%、1254.4万元、366件；“95%以上”表示下限。",
        "   扣分制指标：每个扣分条款一行（填“是/否”、次数或数值），前提条件（如“未开展不得分”）单独一行。",
        "   直接打分（得分）须在指标行填写理由；不适用的指标在指标行的“不适用”选“是”并写明理由。",
        "   佐证材料可填多项，用分号或换行分隔。",
        "   “数据来源”（可不填）：取自年度报告的选“年度报告”，并在“来源原文”摘录所依据的原文、"
        "在“来源出处”写明文号和章节；示例数据选“示例值”。",
        f"3. 在“{SHEETS['vetoes'][0]}”表中，对每个否决项选择是否触发。",
        "4. 保存后运行：anting-rol validate 本文件.xlsx，按提示（表名!单元格）修改。",
        f"本模板为版式 {LAYOUT_VERSION}；旧版模板（版式 1）填写的文件仍可读取。",
    ]
    lines_en = [
        f"Framework: {fw.title_en or fw.title} ({fw.id}, version {fw.version})",
        "How to fill in:",
        f"1. Sheet '{SHEETS['info'][1]}' / '{SHEETS['info'][0]}': unit code, name, year, stage (yellow cells).",
        f"2. Sheet '{entries_en}' / '{entries_zh}': a row per specific indicator and under it a row per"
        " input: type into the yellow 'value' cells only; grey cells need nothing. The column"
        " 'what to enter' says what each input needs; selecting a cell shows it too.",
        "   Yes/no: pick from the list. Numbers as usual: 1,333, 98.94%, 1254.4万元, 366件;"
        " '95%以上' means at least 95%.",
        "   Deduction indicators: one row per clause (yes/no, a count or a figure) and the"
        " prerequisite (e.g. 'none held: no points') on its own row.",
        "   A score typed by hand needs a reason on the indicator's row; a not-applicable"
        " indicator needs a reason too.",
        "   Several evidence references: separate them with ';' or new lines.",
        "   'source' (optional): 年度报告 when the figures are the annual report's (quote the"
        " passage in 'source quote', its place in 'source ref'), 示例值 for illustrative values.",
        f"3. Sheet '{SHEETS['vetoes'][1]}' / '{SHEETS['vetoes'][0]}': say for each veto item whether it was triggered.",
        "4. Then run: anting-rol validate THIS.xlsx, and fix what it reports (sheet!cell).",
        f"This template has layout {LAYOUT_VERSION}; files filled in the old template (layout 1) are still read.",
    ]
    if review is not None:
        stage_zh = _REVIEW_STAGE[review.stage]
        lines_zh = [
            lines_zh[0],
            f"本表为{stage_zh}表：灰色的“自评填写”“自评得分”两列是该单位自评时的填写和得分，不可修改；"
            f"黄色的“{stage_zh}填写”已预先填入自评的数值，{stage_zh}认定不同的，改为{stage_zh}认定的数值。",
            f"凡{stage_zh}填写与自评不同的指标，须在该指标行的“审核意见”中写明理由；"
            f"否决项同样可改：{stage_zh}的“是否触发”与灰色的“自评是否触发”不同的，须在“说明”中写明理由。",
            "保存后运行：anting-rol validate 本文件.xlsx；与自评一并评分：anting-rol score 自评文件 本文件.xlsx。",
        ]
        lines_en = [
            lines_en[0],
            f"This is a {review.stage} workbook: the grey columns 'self-assessment value' and"
            " 'self-assessment score' hold what the town entered and scored (locked); the yellow"
            f" '{review.stage} value' cells start with the town's values: change those you find otherwise.",
            "Every indicator whose values you change needs a 'review remark' on its own row;"
            " the veto items may be changed too: a 'triggered' that differs from the grey"
            " 'self-assessment: triggered' needs the reason in its 'note'.",
            "Then run: anting-rol validate THIS.xlsx; score it with the self-assessment:"
            " anting-rol score SELF THIS.xlsx.",
        ]
    first, second = (lines_zh, lines_en) if lang == "zh" else (lines_en, lines_zh)
    ws.write(0, 0, title, fmt.title)
    width = 80
    row = 2
    for line in [*first, "", *second]:
        ws.write(row, 0, line, fmt.text)
        if line:
            ws.set_row(row, row_height(wrapped_lines(line, width)))
        row += 1
    ws.set_column(0, 0, width)
    page_setup(ws, [width], scope=scope, lang=lang, header_rows=0)
    _protect(ws)


def _info_sheet(
    ws: Any,
    fw: Framework,
    lang: str,
    fmt: _Formats,
    unit: dict[str, str],
    year: int | None,
    scope: str,
    review: ReviewFill | None,
) -> None:
    ws.write_row(
        0,
        0,
        [
            _label("项目", "item", lang),
            _label("字段", "field", lang),
            _label("填写", "value", lang),
        ],
        fmt.header,
    )
    prefill: dict[str, Any] = {
        "framework_id": fw.id,
        "framework_version": fw.version,
        "unit_code": unit.get("code", ""),
        "unit_name": unit.get("name", ""),
        "unit_name_en": unit.get("name_en", ""),
        "district": unit.get("district", ""),
        "year": year,
        "stage": "自评" if review is None else _REVIEW_STAGE[review.stage],
        "layout": LAYOUT_VERSION,
    }
    # a reviewer's workbook is about one town's assessment: who, when and which stage are fixed
    fixed = ("unit_code", "unit_name", "unit_name_en", "district", "year", "stage")
    for i, (key, zh, en) in enumerate(INFO_ROWS, start=1):
        ws.write(i, 0, _label(zh, en, lang), fmt.locked)
        ws.write(i, 1, key, fmt.locked)
        value = prefill.get(key)
        cell_fmt = (
            fmt.locked
            if key.startswith("framework")
            or key == "layout"
            or (review is not None and key in fixed)
            else fmt.input
        )
        if value is None or value == "":
            ws.write_blank(i, 2, None, cell_fmt)
        else:
            ws.write(i, 2, value, cell_fmt)
        ws.set_row(i, row_height(2, _FONT_SIZE))
        if key == "year":
            ws.data_validation(
                i,
                2,
                i,
                2,
                {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100},
            )
        elif key == "stage":
            ws.data_validation(i, 2, i, 2, {"validate": "list", "source": list(STAGE_CHOICES)})
    widths = [22, 20, 40]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.set_row(0, row_height(2, _FONT_SIZE))
    page_setup(ws, widths, scope=scope, lang=lang)
    _protect(ws)


def _form_columns(review: ReviewFill | None) -> list[tuple[str, str, str]]:
    """The indicator sheet's columns: layout 2's, and in a reviewer's workbook the town's
    two columns before ``input``, with ``input`` and ``reason`` named for the reviewer."""
    if review is None:
        return list(FORM_COLUMNS)
    names = REVIEW_HEADERS[review.stage]
    out: list[tuple[str, str, str]] = []
    town = {key: (key, zh, en) for key, zh, en in REVIEW_COLUMNS}
    for key, zh, en in FORM_COLUMNS:
        if key == "input":
            out += [town["town_input"], town["town_score"]]
        if key == "reason":
            out.append(town["town_reason"])
        out.append((key, *names.get(key, (zh, en))))
    return out


def _entries_sheet(
    ws: Any, fw: Framework, lang: str, fmt: _Formats, scope: str, review: ReviewFill | None
) -> None:
    columns = _form_columns(review)
    keys = [key for key, _, _ in columns]
    col = {key: c for c, key in enumerate(keys)}
    headers = [_label(zh, en, lang) for _, zh, en in columns]
    ws.write_row(0, 0, headers, fmt.header)
    widths = [float(_FORM_WIDTHS[key]) for key in keys]
    ws.set_row(
        0,
        row_height(
            max(wrapped_lines(h, w, _FONT_SIZE) for h, w in zip(headers, widths, strict=True)),
            _FONT_SIZE,
        ),
    )
    writer = _RowWriter(ws, col, widths, fmt, review)
    shown: set[str] = set()
    for leaf in (node for node in fw.walk() if node.is_leaf):
        for ancestor in reversed(fw.ancestors(leaf.code)):
            if ancestor.code not in shown:
                shown.add(ancestor.code)
                writer.section(ancestor, lang)
        writer.indicator(fw, leaf, lang)
        for field, name, hint, clause in _inputs(leaf, lang):
            writer.input_row(leaf, field, name, hint, clause, lang)
    for c, w in enumerate(widths):
        if keys[c] == "field":
            ws.set_column(c, c, w, None, {"hidden": True})
        else:
            ws.set_column(c, c, w)
    visible = [w for k, w in zip(keys, widths, strict=True) if k != "field"]
    page_setup(ws, visible, scope=scope, lang=lang, freeze_columns=col["item"] + 1)
    ws.autofilter(0, 0, max(writer.row - 1, 1), len(headers) - 1)
    _protect(ws)


def _inputs(leaf: Indicator, lang: str) -> list[tuple[str, str, str, Clause | None]]:
    """(field, label, hint, clause) of each input row under ``leaf``, in its kind's order."""
    rule = leaf.rule
    assert rule is not None
    grades = "/".join(g for g, _ in rule.levels)
    points = "" if leaf.points is None else f"{leaf.points:g}"
    out: list[tuple[str, str, str, Clause | None]] = []
    for field in rule_kind(rule.type).inputs:
        if field == "gate":
            if rule.gate:
                gate = rule.gate if lang == "zh" else (rule.gate_en or rule.gate)
                hint = INPUT_HINTS["gate"].get(lang)
                out.append(("gate", f"{label('prerequisite', lang)}：{gate}", hint, None))
        elif field == "clauses":
            for clause in rule.clauses:
                text = clause.text if lang == "zh" else (clause.text_en or clause.text)
                out.append(
                    (
                        f"clauses.{clause.id}",
                        f"{clause.id} {text}",
                        _clause_hint(clause, lang),
                        clause,
                    )
                )
        else:
            found = INPUT_HINTS.get(field)
            hint = "" if found is None else found.get(lang, grades=grades, points=points)
            name = INPUT_FIELDS[field].get(lang) if field in INPUT_FIELDS else field
            out.append((field, name, hint, None))
    return out


def _amount(value: float) -> str:
    return f"{value:g}"


def _threshold_text(clause: Clause) -> str:
    value = clause.threshold
    if value is None:
        return ""
    if _is_rate_threshold(clause):
        return f"{value * 100:g}%"
    return f"{value:g}"


def _is_rate_threshold(clause: Clause) -> bool:
    """Whether the clause compares a rate (its threshold a fraction, 0.95 = 95%).

    Below 1 it is; exactly 1 is a rate only when the clause's text speaks of one
    ("未达到100%", "办结率"), else a count ("少于1次").
    """
    value = clause.threshold
    if value is None or value <= 0 or value > 1:
        return False
    return value < 1 or any(mark in clause.text for mark in ("%", "％", "率"))


def _clause_hint(clause: Clause, lang: str) -> str:
    amount = _amount(clause.amount)
    if clause.kind == "per_item":
        text = CLAUSE_HINTS["per_item"].get(lang, amount=amount)
        if clause.max is not None:
            text += CLAUSE_HINTS["per_item_cap"].get(lang, cap=_amount(clause.max))
        return text
    if clause.kind == "threshold":
        key = "threshold_rate" if _is_rate_threshold(clause) else "threshold"
        op = word(THRESHOLD_OPS, clause.op, lang)
        return CLAUSE_HINTS[key].get(lang, op=op, threshold=_threshold_text(clause), amount=amount)
    return CLAUSE_HINTS["flag"].get(lang, amount=amount)


class _RowWriter:
    """Writes the rows of the indicator sheet, each with a height that shows its text."""

    def __init__(
        self,
        ws: Any,
        col: dict[str, int],
        widths: list[float],
        fmt: _Formats,
        review: ReviewFill | None = None,
    ) -> None:
        self.ws, self.col, self.widths, self.fmt = ws, col, widths, fmt
        self.review = review
        self.row = 1

    def _write(self, values: dict[str, Any], formats: dict[str, Any], default: Any) -> None:
        lines = 1
        for key, c in self.col.items():
            value = values.get(key)
            cell_fmt = formats.get(key, default)
            if value is None or value == "":
                self.ws.write_blank(self.row, c, None, cell_fmt)
                continue
            if isinstance(value, str):
                self.ws.write_string(self.row, c, value, cell_fmt)
                if key != "field":
                    lines = max(lines, wrapped_lines(value, self.widths[c], _FONT_SIZE))
            elif isinstance(value, bool):
                self.ws.write_string(self.row, c, _YES_NO[0 if value else 1], cell_fmt)
            else:
                self.ws.write_number(self.row, c, value, cell_fmt)
        self.ws.set_row(self.row, row_height(lines, _FONT_SIZE))
        self.row += 1

    def section(self, node: Indicator, lang: str) -> None:
        name = node.name if lang == "zh" else (node.name_en or node.name)
        self._write(
            {"code": node.code, "item": name, "points": node.points, "field": "section"},
            {},
            self.fmt.section,
        )

    def indicator(self, fw: Framework, leaf: Indicator, lang: str) -> None:
        rule = leaf.rule
        assert rule is not None
        name = leaf.name if lang == "zh" else (leaf.name_en or leaf.name)
        what = []
        if rule.description:
            what.append(
                rule.description if lang == "zh" else (rule.description_en or rule.description)
            )
        if leaf.evidence:
            sep = "：" if lang == "zh" else ": "
            what.append(label("evidence_expected", lang) + sep + "；".join(leaf.evidence))
        department = leaf.department if lang == "zh" else (leaf.department_en or leaf.department)
        input_fmt = {k: self.fmt.input for k in _INDICATOR_COLUMNS}
        town: dict[str, Any] = {}
        if self.review is not None:
            town = {**self.review.indicator.get(leaf.code, {})}
            town["town_score"] = self.review.scores.get(leaf.code)
        self._write(
            {
                "code": leaf.code,
                "item": name,
                "points": leaf.points,
                "rule": rule_kind(rule.type).title.get(lang),
                "what": "\n".join(what),
                "department": department,
                "field": "indicator",
                **town,
            },
            {
                "item": self.fmt.indicator,
                "input": self.fmt.unused,
                "town_input": self.fmt.locked,
                "town_score": self.fmt.score,
                "town_reason": self.fmt.locked,
                **input_fmt,
            },
            self.fmt.locked,
        )
        r = self.row - 1
        c = self.col["not_applicable"]
        self.ws.data_validation(r, c, r, c, _list(_YES_NO, *_YES_NO_HINT))
        c = self.col["source"]
        self.ws.data_validation(r, c, r, c, _list(list(SOURCE_CHOICES), *_SOURCE_HINT))

    def input_row(
        self,
        leaf: Indicator,
        field: str,
        label: str,
        hint: str,
        clause: Clause | None,
        lang: str,
    ) -> None:
        percent = field in _PERCENT or (
            clause is not None and clause.kind == "threshold" and _is_rate_threshold(clause)
        )
        unused = {k: self.fmt.unused for k in (*_INDICATOR_COLUMNS, "town_score", "town_reason")}
        town: dict[str, Any] = {}
        if self.review is not None:
            value = self.review.inputs.get((leaf.code, field))
            town = {"input": value, "town_input": value}
        self._write(
            {"code": leaf.code, "item": "　" + label, "what": hint, "field": field, **town},
            {
                "input": self.fmt.rate if percent else self.fmt.input,
                "town_input": self.fmt.locked_rate if percent else self.fmt.locked,
                **unused,
            },
            self.fmt.locked,
        )
        r = self.row - 1
        c = self.col["input"]
        rule = _validation(leaf, field, clause, hint)
        if rule:
            self.ws.data_validation(r, c, r, c, rule)


def _list(source: list[str], zh: str, en: str) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": source,
        "error_title": "请从列表中选择 / choose from the list",
        "error_message": f"{zh} / {en}",
    }


#: Excel's check of a percentage cell (a warning: "95%以上" may still be typed).
_PERCENT_CHECK: dict[str, Any] = {
    "validate": "decimal",
    "criteria": "between",
    "minimum": 0,
    "maximum": 1,
    "error_type": "warning",
    "error_message": "应为 0%～100% 的百分比 / a percentage from 0% to 100%",
}


def _validation(
    leaf: Indicator, field: str, clause: Clause | None, hint: str
) -> dict[str, Any] | None:
    """Excel's own check of one input cell (with the hint shown when the cell is selected)."""
    rule = leaf.rule
    assert rule is not None
    prompt = {"input_title": "填写说明 / what to enter", "input_message": hint[:250]}
    number_warning = {
        "ignore_blank": True,
        "error_type": "warning",
        "error_message": "应为不小于 0 的数字 / a number >= 0",
    }
    if clause is not None:
        if clause.kind == "flag":
            return {**_list(_YES_NO, *_YES_NO_HINT), **prompt}
        if clause.kind == "per_item":
            return {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_title": "次数 / count",
                "error_message": "应为不小于 0 的整数 / a whole number >= 0",
                **prompt,
            }
        if _is_rate_threshold(clause):
            return {**_PERCENT_CHECK, **prompt}
        return {"validate": "decimal", "criteria": ">=", "value": 0, **number_warning, **prompt}
    if field in ("met", "gate"):
        return {**_list(_YES_NO, *_YES_NO_HINT), **prompt}
    if field == "grade" and rule.levels:
        grades = [g for g, _ in rule.levels]
        return {**_list(grades, "/".join(grades), "/".join(grades)), **prompt}
    if field in ("numerator", "denominator", "count"):
        return {"validate": "decimal", "criteria": ">=", "value": 0, **number_warning, **prompt}
    if field == "rate":
        return {**_PERCENT_CHECK, **prompt}
    if field == "score" and leaf.points is not None:
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": leaf.points,
            "error_message": f"0～{leaf.points:g}",
            **prompt,
        }
    return {"validate": "any", **prompt}


def _veto_sheet(
    ws: Any, fw: Framework, lang: str, fmt: _Formats, scope: str, review: ReviewFill | None
) -> None:
    columns = list(VETO_COLUMNS)
    widths = [10.0, 36.0, 30.0, 14.0, 12.0, 40.0]
    if review is not None:
        # the town's declaration, locked, before the reviewer's: a reviewer's answer
        # that differs needs a remark in 说明 (the reader holds it to that)
        columns[4:4] = REVIEW_VETO_COLUMNS
        widths[4:4] = [12.0]
    at = {key: c for c, (key, _, _) in enumerate(columns)}
    headers = [_label(zh, en, lang) for _, zh, en in columns]
    ws.write_row(0, 0, headers, fmt.header)
    lines = max(wrapped_lines(h, w, _FONT_SIZE) for h, w in zip(headers, widths, strict=True))
    ws.set_row(0, row_height(lines, _FONT_SIZE))
    for r, veto in enumerate(fw.vetoes, start=1):
        effect = VETO_EFFECTS[veto.effect].get(lang)
        if veto.cap_grade:
            effect = f"{effect}: {veto.cap_grade}"
        values = (veto.code, veto.name, veto.name_en, effect)
        for c, value in enumerate(values):
            ws.write(r, c, value, fmt.locked)
        triggered = None if review is None else review.vetoes.get(veto.code)
        if review is not None:
            town = "" if triggered is None else _YES_NO[0 if triggered else 1]
            ws.write_string(r, at["town_triggered"], town, fmt.locked)
        if triggered is None:
            ws.write_blank(r, at["triggered"], None, fmt.input)
        else:
            ws.write_string(r, at["triggered"], _YES_NO[0 if triggered else 1], fmt.input)
        ws.write_blank(r, at["note"], None, fmt.input)
        ws.data_validation(r, at["triggered"], r, at["triggered"], _list(_YES_NO, *_YES_NO_HINT))
        lines = max(wrapped_lines(str(v), widths[c], _FONT_SIZE) for c, v in enumerate(values))
        ws.set_row(r, row_height(lines, _FONT_SIZE))
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    page_setup(ws, widths, scope=scope, lang=lang, freeze_columns=2)
    _protect(ws)

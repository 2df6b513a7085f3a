"""Write the fill-in Excel workbook for a framework (xlsxwriter).

Why: towns fill their self-assessment in Excel. A workbook generated from the
framework, with one row per specific indicator, only the cells that matter
unlocked, drop-downs for yes/no and grades and a note on what to type, is read
back without guesswork (see ``workbook``), and every problem in it can be
reported by sheet and cell.

The same framework and arguments give the same bytes: the workbook's creation
date is fixed (:data:`TEMPLATE_CREATED`, 2000-01-01 00:00 UTC, instead of the
clock xlsxwriter would use) and xlsxwriter dates every zip member 1980-01-01,
so a district can regenerate its templates and see no spurious change.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

from anting_rule_of_law.assessments.layout import (
    INPUT_COLUMNS,
    SHEETS,
    STRUCTURE_COLUMNS,
    VETO_COLUMNS,
)
from anting_rule_of_law.assessments.validate import ALWAYS_ALLOWED, fields_of, what_to_enter
from anting_rule_of_law.fileio import atomic_write
from anting_rule_of_law.records import Framework, Indicator
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.rulekinds.vocabulary import STAGE_CHOICES, VETO_EFFECTS, YES_NO

__all__ = ["INFO_ROWS", "TEMPLATE_CREATED", "write_template"]

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
)

_YES_NO = [YES_NO[True].zh, YES_NO[False].zh]
_STAGES = list(STAGE_CHOICES)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
) -> Path:
    """Write the fill-in workbook for ``framework`` to ``path`` atomically; returns the path.

    ``unit`` (keys ``code``, ``name``, ``name_en``, ``district``) and ``year``
    pre-fill the basic-information sheet, for a district preparing one
    workbook per town.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"created": TEMPLATE_CREATED})
    fmt = _Formats(wb)
    _help_sheet(wb.add_worksheet(_sheet("help", lang)), framework, lang, fmt)
    _info_sheet(wb.add_worksheet(_sheet("info", lang)), framework, lang, fmt, unit or {}, year)
    _entries_sheet(wb.add_worksheet(_sheet("entries", lang)), framework, lang, fmt)
    _veto_sheet(wb.add_worksheet(_sheet("vetoes", lang)), framework, lang, fmt)
    wb.close()
    target = Path(path)
    with atomic_write(target, binary=True) as fh:
        fh.write(buffer.getvalue())
    return target


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {
            "font_name": "等线",
            "font_size": 10,
            "valign": "top",
            "text_wrap": True,
            "border": 1,
        }
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "locked": True})
        self.locked = wb.add_format({**base, "locked": True, "bg_color": "#F2F2F2"})
        self.unused = wb.add_format({**base, "locked": True, "bg_color": "#BFBFBF"})
        self.input = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
        self.rate = wb.add_format(
            {**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "0.00%"}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_name": "等线"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "等线"})


def _protect(ws: Any) -> None:
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})


def _help_sheet(ws: Any, fw: Framework, lang: str, fmt: _Formats) -> None:
    title = fw.title if lang == "zh" else (fw.title_en or fw.title)
    lines_zh = [
        f"指标体系：{fw.title}（{fw.id}，版本 {fw.version}）",
        "填写方法：",
        f"1. 在“{SHEETS['info'][0]}”表中填写单位代码、单位名称、年度、阶段等（黄色单元格）。",
        f"2. 在“{SHEETS['entries'][0]}”表中，每个具体指标一行，只填黄色单元格；灰色单元格不适用于该指标。",
        "   “填写说明”一列写明该指标应填什么。是/否 可填 是/否、有/无、√/×、1/0。",
        "   数字可照常书写：1,333、98.94%、1254.4万元、366件；“95%以上”表示下限。",
        "   扣分制指标在“扣分项”一列按 c1=0;c2=否;c3=93% 的格式逐项填写（已预填编号）。",
        "   直接打分（得分）必须填写理由；不适用的指标在“不适用”选“是”并写明理由。",
        "   佐证材料可填多项，用分号或换行分隔。",
        f"3. 在“{SHEETS['vetoes'][0]}”表中，对每个否决项选择是否触发。",
        "4. 保存后运行：anting-rol validate 本文件.xlsx，按提示（表名!单元格）修改。",
    ]
    lines_en = [
        f"Framework: {fw.title_en or fw.title} ({fw.id}, version {fw.version})",
        "How to fill in:",
        f"1. Sheet '{SHEETS['info'][1]}' / '{SHEETS['info'][0]}': unit code, name, year, stage (yellow cells).",
        f"2. Sheet '{SHEETS['entries'][1]}' / '{SHEETS['entries'][0]}': one row per specific indicator;"
        " fill the yellow cells only, grey cells do not apply to that indicator.",
        "   The column 'what to enter' says what each indicator needs. Yes/no: 是/否, yes/no, √/×, 1/0.",
        "   Numbers as usual: 1,333, 98.94%, 1254.4万元, 366件; '95%以上' means at least 95%.",
        "   Deduction indicators: the 'clauses' column as c1=0;c2=否;c3=93% (ids are pre-filled).",
        "   A score typed by hand needs a reason; a not-applicable indicator needs a reason too.",
        "   Several evidence references: separate them with ';' or new lines.",
        f"3. Sheet '{SHEETS['vetoes'][1]}' / '{SHEETS['vetoes'][0]}': say for each veto item whether it was triggered.",
        "4. Then run: anting-rol validate THIS.xlsx, and fix what it reports (sheet!cell).",
    ]
    first, second = (lines_zh, lines_en) if lang == "zh" else (lines_en, lines_zh)
    ws.write(0, 0, title, fmt.title)
    row = 2
    for line in [*first, "", *second]:
        ws.write(row, 0, line, fmt.text)
        row += 1
    ws.set_column(0, 0, 110)
    _protect(ws)


def _info_sheet(
    ws: Any,
    fw: Framework,
    lang: str,
    fmt: _Formats,
    unit: dict[str, str],
    year: int | None,
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
        "stage": "自评",
    }
    for i, (key, zh, en) in enumerate(INFO_ROWS, start=1):
        ws.write(i, 0, _label(zh, en, lang), fmt.locked)
        ws.write(i, 1, key, fmt.locked)
        value = prefill.get(key)
        cell_fmt = fmt.locked if key.startswith("framework") else fmt.input
        if value is None or value == "":
            ws.write_blank(i, 2, None, cell_fmt)
        else:
            ws.write(i, 2, value, cell_fmt)
        if key == "year":
            ws.data_validation(
                i,
                2,
                i,
                2,
                {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100},
            )
        elif key == "stage":
            ws.data_validation(i, 2, i, 2, {"validate": "list", "source": _STAGES})
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2, 40)
    ws.freeze_panes(1, 0)
    _protect(ws)


def _structure_values(fw: Framework, leaf: Indicator, lang: str) -> dict[str, Any]:
    ancestors = list(reversed(fw.ancestors(leaf.code)))
    names = [a.name if lang == "zh" else (a.name_en or a.name) for a in ancestors]
    rule = leaf.rule
    assert rule is not None
    what = what_to_enter(leaf, lang)
    if rule.type == "deduct" and rule.clauses:
        clause_lines = "\n".join(
            f"{c.id}: {c.text if lang == 'zh' else (c.text_en or c.text)}" for c in rule.clauses
        )
        gate = f"\n{'前提' if lang == 'zh' else 'gate'}: {rule.gate}" if rule.gate else ""
        what = f"{what}\n{clause_lines}{gate}"
    if rule.description:
        what = f"{what}\n{rule.description if lang == 'zh' else (rule.description_en or rule.description)}"
    return {
        "code": leaf.code,
        "level1": names[0] if names else "",
        "level2": names[1] if len(names) > 1 else "",
        "name": leaf.name,
        "name_en": leaf.name_en,
        "points": leaf.points,
        "rule": rule_kind(rule.type).title.get(lang),
        "what": what,
        "evidence_expected": "；".join(leaf.evidence),
        "department": leaf.department if lang == "zh" else (leaf.department_en or leaf.department),
    }


def _entries_sheet(ws: Any, fw: Framework, lang: str, fmt: _Formats) -> None:
    headers = [_label(zh, en, lang) for _, zh, en in (*STRUCTURE_COLUMNS, *INPUT_COLUMNS)]
    ws.write_row(0, 0, headers, fmt.header)
    ws.set_row(0, 30)
    widths = [max(_width(line) for line in h.splitlines()) + 2 for h in headers]
    n_struct = len(STRUCTURE_COLUMNS)
    leaves = [node for node in fw.walk() if node.is_leaf]
    for r, leaf in enumerate(leaves, start=1):
        values = _structure_values(fw, leaf, lang)
        for c, (key, _, _) in enumerate(STRUCTURE_COLUMNS):
            value = values[key]
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt.locked)
            else:
                ws.write(r, c, value, fmt.locked)
                if isinstance(value, str):
                    longest = max((_width(line) for line in value.splitlines()), default=0)
                    widths[c] = max(widths[c], min(longest + 2, 40))
        rule = leaf.rule
        assert rule is not None
        allowed = fields_of(rule) | ALWAYS_ALLOWED
        if rule.type == "deduct" and not rule.gate:
            allowed = allowed - {"gate"}
        for c, (key, _, _) in enumerate(INPUT_COLUMNS, start=n_struct):
            if key not in allowed:
                ws.write_blank(r, c, None, fmt.unused)
                continue
            if key == "clauses" and rule.clauses:
                ws.write_string(r, c, ";".join(f"{cl.id}=" for cl in rule.clauses), fmt.input)
            else:
                ws.write_blank(r, c, None, fmt.rate if key == "rate" else fmt.input)
            _validation(ws, r, c, key, leaf)
    widths[STRUCTURE_COLUMNS.index(("what", "填写说明", "what to enter"))] = 40
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(len(leaves), 1), len(headers) - 1)
    _protect(ws)


def _validation(ws: Any, r: int, c: int, key: str, leaf: Indicator) -> None:
    rule = leaf.rule
    assert rule is not None
    if key in ("met", "gate", "not_applicable"):
        ws.data_validation(r, c, r, c, {"validate": "list", "source": _YES_NO})
    elif key == "grade" and rule.levels:
        ws.data_validation(r, c, r, c, {"validate": "list", "source": [g for g, _ in rule.levels]})
    elif key in ("numerator", "denominator", "count"):
        ws.data_validation(
            r,
            c,
            r,
            c,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "ignore_blank": True,
                "error_type": "warning",
                "error_message": "应为不小于 0 的数字 / a number >= 0",
            },
        )
    elif key == "score" and leaf.points is not None:
        ws.data_validation(
            r,
            c,
            r,
            c,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": leaf.points,
                "error_message": f"0～{leaf.points:g}",
            },
        )


def _veto_sheet(ws: Any, fw: Framework, lang: str, fmt: _Formats) -> None:
    headers = [_label(zh, en, lang) for _, zh, en in VETO_COLUMNS]
    ws.write_row(0, 0, headers, fmt.header)
    for r, veto in enumerate(fw.vetoes, start=1):
        effect = VETO_EFFECTS[veto.effect].get(lang)
        if veto.cap_grade:
            effect = f"{effect}: {veto.cap_grade}"
        for c, value in enumerate((veto.code, veto.name, veto.name_en, effect)):
            ws.write(r, c, value, fmt.locked)
        ws.write_blank(r, 4, None, fmt.input)
        ws.write_blank(r, 5, None, fmt.input)
        ws.data_validation(r, 4, r, 4, {"validate": "list", "source": _YES_NO})
    for c, w in enumerate((10, 36, 30, 14, 12, 40)):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    _protect(ws)

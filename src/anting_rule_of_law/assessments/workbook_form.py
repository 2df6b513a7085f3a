"""Read the indicator sheet of the fill-in workbook in layout 2 (a row per input).

Why a module of its own: layout 2 (see ``layout.FORM_COLUMNS``) puts every value
in one column, ``填写``, on a row of its own — each deduction clause and the gate
included — and names the input in the hidden ``field`` column. Rows are matched
to their indicator by the code on every row, not by their order, so a sorted or
filtered sheet reads the same. Each value keeps its own cell, so a problem with
clause c2 is reported at c2's cell.
"""

from __future__ import annotations

from collections.abc import Mapping

from anting_rule_of_law.assessments.layout import (
    FORM_COLUMNS,
    NOT_APPLICABLE_MARK,
    REVIEW_COLUMNS,
    REVIEW_HEADERS,
)
from anting_rule_of_law.assessments.numbers import NumberError, parse_bool
from anting_rule_of_law.assessments.raw import ENTRY_FIELDS, RawEntry, RawValue
from anting_rule_of_law.assessments.sheetcheck import (
    blank,
    cell_place,
    header_columns,
    unreadable_cell,
)
from anting_rule_of_law.errors import Problem

__all__ = ["INDICATOR_FIELDS", "SOURCE_COLUMNS", "read_form_entries"]

#: Columns read from an indicator's own row (everything else is on its input rows).
INDICATOR_FIELDS = ("not_applicable", "reason", "evidence", "note")
#: Where the indicator's figures come from, also on its own row; optional, so a
#: workbook written before these columns existed still reads.
SOURCE_COLUMNS = ("source", "source_ref", "source_quote")

_KNOWN: dict[str, str] = {}
for _key, _zh, _en in (*FORM_COLUMNS, *REVIEW_COLUMNS):
    _KNOWN[_key] = _key
    _KNOWN[_zh] = _key
    _KNOWN[_en] = _key
for _names in REVIEW_HEADERS.values():  # the reviewer's workbook names two columns its own way
    for _key, (_zh, _en) in _names.items():
        _KNOWN[_zh] = _KNOWN[_en] = _key
_REQUIRED = ("code", "input", "field", *INDICATOR_FIELDS)
#: Fields an input row may name (besides ``clauses.<id>``).
_INPUT_FIELDS = frozenset(ENTRY_FIELDS) - {"clauses", *INDICATOR_FIELDS, *SOURCE_COLUMNS}


def read_form_entries(
    rows: list[list[str | None]],
    sheet: str,
    file: str,
    problems: list[Problem],
    bad: Mapping[tuple[int, int], str] | None = None,
) -> list[RawEntry] | None:
    """The entries of a layout-2 indicator sheet (``None`` when its header was changed).

    ``bad`` holds the cells whose value Excel could not give (see
    :mod:`anting_rule_of_law.officefile`); each one read is an error at its cell.
    """
    bad = bad or {}
    columns = header_columns(rows, _KNOWN, sheet, file, problems)
    missing = [k for k in _REQUIRED if k not in columns]
    if missing:
        names = "、".join(zh for key, zh, _ in FORM_COLUMNS if key in missing)
        problems.append(
            Problem(
                file=file,
                where=f"{sheet}!A1",
                en=f"the sheet's layout was changed (columns missing: {', '.join(missing)}); "
                "use the workbook written by 'anting-rol template'",
                zh=f"工作表结构被改动（缺少列：{names}）；请使用 anting-rol template 生成的工作簿",
            )
        )
        return None

    def get(row: list[str | None], key: str) -> str | None:
        c = columns[key]
        return row[c] if c < len(row) else None

    entries: dict[str, RawEntry] = {}
    clauses: dict[str, dict[str, str]] = {}
    # a reviewer's workbook: indicators whose values differ from the town's need a remark
    reviewed = "town_input" in columns
    changed: dict[str, int] = {}
    indicator_row: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=1):
        field = (get(row, "field") or "").strip()
        code = (get(row, "code") or "").strip()
        if field == "section":
            continue
        if field == "indicator":
            indicator_row.setdefault(code, r)
            if (
                reviewed
                and code
                and _na_differs(get(row, "not_applicable"), get(row, "town_input"))
            ):
                changed.setdefault(code, r)
        elif reviewed and code and _differs(get(row, "input"), get(row, "town_input")):
            changed.setdefault(code, r)
        values: dict[str, RawValue] = {}
        read = (
            (*INDICATOR_FIELDS, *(k for k in SOURCE_COLUMNS if k in columns))
            if field == "indicator"
            else ("input",)
        )
        for key in read:
            if unreadable_cell(file, sheet, r, columns[key], bad, problems):
                continue
            value = get(row, key)
            if not blank(value):
                values[field if key == "input" else key] = RawValue(
                    value, cell_place(sheet, r, columns[key])
                )
        if not values:
            continue  # nothing entered on this row
        if not code:
            problems.append(
                Problem(
                    file=file,
                    where=cell_place(sheet, r, columns["code"]),
                    en="values entered on a row without an indicator code",
                    zh="该行填写了数值，但没有指标编号",
                )
            )
            continue
        if not field:
            problems.append(
                Problem(
                    file=file,
                    where=cell_place(sheet, r, columns["field"]),
                    en="a value on a row that is not a row the template wrote (its hidden "
                    "column 'field' is empty): enter it on the indicator's own input row",
                    zh="该行不是模板生成的填报行（隐藏列“字段”为空），数值无法归属：请填在该指标对应的填报行",
                )
            )
            continue
        if field != "indicator" and field not in _INPUT_FIELDS and not field.startswith("clauses."):
            problems.append(
                Problem(
                    file=file,
                    where=cell_place(sheet, r, columns["field"]),
                    en=f"unknown input {field!r} in the hidden column 'field'; "
                    "use the workbook written by 'anting-rol template'",
                    zh=f"隐藏列“字段”中的 {field!r} 无法识别；请使用 anting-rol template 生成的工作簿",
                )
            )
            continue
        entry = entries.get(code)
        if entry is None:
            where = cell_place(sheet, r, columns["code"])
            entry = entries[code] = RawEntry(where=where, code=RawValue(code, where))
        if field == "indicator":
            entry.where = entry.code.where = cell_place(sheet, r, columns["code"])
        for key, raw in values.items():
            if key.startswith("clauses."):
                cid = key.partition(".")[2]
                clauses.setdefault(code, {})[cid] = raw.value
                entry.clause_places[cid] = raw.where
            else:
                entry.fields[key] = raw
    for code, r in changed.items():
        entry = entries.get(code)
        at = indicator_row.get(code)
        remark = entry.fields.get("reason") if entry is not None else None
        town = None if at is None or "town_reason" not in columns else get(rows[at], "town_reason")
        if remark is not None and _differs(str(remark.value), town):
            continue
        problems.append(
            Problem(
                file=file,
                where=cell_place(sheet, r if at is None else at, columns["reason"]),
                en=f"indicator {code}: the reviewer's value differs from the town's "
                f"({_changed_cell(sheet, r, r == at, columns)}) but no review remark of the "
                "reviewer's own is given",
                zh=f"指标 {code}：审核填写与自评不同（{_changed_cell(sheet, r, r == at, columns)}），"
                "但未填写审核意见（须为审核人自己的意见，不能沿用自评理由）",
            )
        )
    for code, given in clauses.items():
        entry = entries[code]
        first = next(iter(entry.clause_places.values()))
        entry.fields["clauses"] = RawValue(given, first)
    order = {name: i for i, name in enumerate(ENTRY_FIELDS)}
    for entry in entries.values():  # the file format's order, however the rows were sorted
        entry.fields = dict(sorted(entry.fields.items(), key=lambda kv: order[kv[0]]))
    return list(entries.values())


def _differs(value: str | None, town: str | None) -> bool:
    """Whether the reviewer changed a value (blank and empty are the same)."""
    return (value or "").strip() != (town or "").strip()


def _na_differs(value: str | None, town: str | None) -> bool:
    """Whether the reviewer's 不适用 says otherwise than the town's (an answer that is
    not yes/no is left to the entry's own checks)."""
    try:
        reviewer = not blank(value) and parse_bool(value)
    except NumberError:
        return False
    return reviewer != ((town or "").strip() == NOT_APPLICABLE_MARK)


def _changed_cell(sheet: str, r: int, on_indicator_row: bool, columns: Mapping[str, int]) -> str:
    return cell_place(sheet, r, columns["not_applicable" if on_indicator_row else "input"])

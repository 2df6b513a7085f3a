"""Fill the template's indicator sheet (layout 2) as a town would, with openpyxl.

Cells are found the way a person finds them: the indicator's rows by their code,
the input row by what it asks for (the hidden ``field`` column), the value in
the ``填写`` column; not-applicable, reason, evidence and note on the
indicator's own row.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from anting_rule_of_law.assessments.layout import FORM_COLUMNS, REVIEW_COLUMNS, REVIEW_HEADERS

__all__ = ["INDICATOR_FIELDS", "MINI_FRAMEWORK", "fill", "form_cell", "form_columns"]

#: The small framework with every rule kind and clause kind the input tests use.
MINI_FRAMEWORK = Path(__file__).parent / "malformed" / "_framework.yaml"
INDICATOR_FIELDS = ("not_applicable", "reason", "evidence", "note")
_KEY = {text: key for key, zh, en in (*FORM_COLUMNS, *REVIEW_COLUMNS) for text in (zh, en)} | {
    text: key for names in REVIEW_HEADERS.values() for key, pair in names.items() for text in pair
}


def form_columns(ws: Any) -> dict[str, str]:
    """Column key -> column letter, from the "中文\\nenglish" headers."""
    out = {}
    for c in ws[1]:
        if c.value:
            for part in str(c.value).splitlines():
                if part in _KEY:
                    out[_KEY[part]] = c.column_letter
                    break
    return out


def form_cell(ws: Any, code: str, field: str) -> str:
    """The cell (``E12``) where ``field`` of indicator ``code`` is typed.

    ``field`` is an input (``met``, ``numerator``, ``gate``, ``clauses.c1`` ...) or
    one of the indicator row's own fields (:data:`INDICATOR_FIELDS`).
    """
    cols = form_columns(ws)
    row_field = "indicator" if field in INDICATOR_FIELDS else field
    for r in range(2, ws.max_row + 1):
        if (
            str(ws[f"{cols['code']}{r}"].value) == code
            and ws[f"{cols['field']}{r}"].value == row_field
        ):
            column = cols[field] if field in INDICATOR_FIELDS else cols["input"]
            return f"{column}{r}"
    raise KeyError(f"no row for {code} {field}")


def fill(
    template: Path,
    target: Path,
    values: Mapping[str, Mapping[str, Any]],
    info: Mapping[str, Any],
    vetoes: Mapping[str, Any],
) -> Path:
    """Fill ``template`` and save it as ``target``.

    ``values``: code -> field -> value, where ``clauses`` may be a mapping of
    clause id -> value (each typed into its clause's row).
    """
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[2]
    for code, fields in values.items():
        for key, value in fields.items():
            if key == "clauses":
                for cid, clause_value in value.items():
                    ws[form_cell(ws, code, f"clauses.{cid}")] = clause_value
            else:
                ws[form_cell(ws, code, key)] = value
    sheet = wb.worksheets[1]
    info_rows = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    for key, value in info.items():
        sheet.cell(info_rows[key], 3).value = value
    veto_sheet = wb.worksheets[3]
    for r in range(2, veto_sheet.max_row + 1):
        code = veto_sheet.cell(r, 1).value
        if code in vetoes:
            veto_sheet.cell(r, 5).value = vetoes[code]
    wb.save(target)
    return target

"""Write anting_2023.xlsx: the Anting 2023 self-assessment as a filled Excel workbook.

Why: most towns fill their self-assessment in the workbook that
``anting-rol template`` writes. This script writes that template with the
library, then fills its yellow cells from ``anting_2023.yaml``, so the two files
hold the same assessment and ``anting-rol score`` gives the same result for both.

The library's template writer has no pre-filled entry values, so the filling is
done with openpyxl, which is a test extra: ``pip install -e '.[test]'``.

    python examples/anting_2023/make_workbook.py [OUTPUT.xlsx]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from anting_rule_of_law import load_framework, write_template
from anting_rule_of_law.assessments.workbook_form import INDICATOR_FIELDS, SOURCE_COLUMNS

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "anting_2023.yaml"
TARGET = HERE / "anting_2023.xlsx"

#: Fixed document dates, so regenerating the workbook does not change its metadata.
_STAMP = dt.datetime(2024, 1, 31, 0, 0, 0)


def _cell_text(key: str, value: Any) -> Any:
    """A YAML value as a worksheet cell: evidence one per line, yes/no as 是/否."""
    if key == "evidence" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _header_keys(ws: Any) -> dict[str, int]:
    """Column index (1-based) of each field, read from the template's "中文\nkey" headers."""
    keys: dict[str, int] = {}
    for cell in ws[1]:
        if isinstance(cell.value, str):
            keys[cell.value.splitlines()[-1].strip().replace(" ", "_")] = cell.column
    return keys


#: Fields typed on the indicator's own row; every other value has a row of its own.
_INDICATOR_ROW = (*INDICATOR_FIELDS, *SOURCE_COLUMNS)


def _flat(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's fields as the worksheet's: ``source: {kind, ref, quote}`` in three columns."""
    out = dict(entry)
    source = out.pop("source", None)
    if isinstance(source, Mapping):
        out.update({f"source{'' if k == 'kind' else '_' + k}": v for k, v in source.items() if v})
    elif source is not None:
        out["source"] = source
    return out


def fill(data: Mapping[str, Any], template: Path, target: Path) -> None:
    """Fill the template at ``template`` with ``data`` (an assessment mapping); save to ``target``."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    wb = load_workbook(template)
    info, entries, vetoes = wb["基本信息"], wb["具体指标"], wb["否决项"]

    header_values = {
        "stage": data.get("stage"),
        "assessor": data.get("assessor"),
        "note": data.get("note"),
    }
    for row in info.iter_rows(min_row=2):
        key = row[1].value
        if key in header_values and header_values[key] is not None:
            row[2].value = header_values[key]

    # Layout 2: a row per indicator ("indicator") and per input ("numerator",
    # "clauses.c1", "gate" ...), named in the hidden column "field".
    columns = _header_keys(entries)
    rows = {
        (str(entries.cell(r, 1).value), entries.cell(r, columns["field"]).value): r
        for r in range(2, entries.max_row + 1)
    }
    for entry in data["entries"]:
        code = str(entry["code"])
        for key, value in _flat(entry).items():
            if key == "code":
                continue
            if key in _INDICATOR_ROW:
                cell = entries.cell(rows[(code, "indicator")], columns[key])
                cell.value = _cell_text(key, value)
            elif key == "clauses":
                for cid, clause_value in value.items():
                    cell = entries.cell(rows[(code, f"clauses.{cid}")], columns["value"])
                    cell.value = _cell_text(key, clause_value)
            else:
                entries.cell(rows[(code, key)], columns["value"]).value = _cell_text(key, value)

    veto_columns = _header_keys(vetoes)
    veto_rows = {str(vetoes.cell(r, 1).value): r for r in range(2, vetoes.max_row + 1)}
    for veto in data.get("vetoes") or ():
        r = veto_rows[veto["code"]]
        vetoes.cell(r, veto_columns["triggered"]).value = _cell_text("triggered", veto["triggered"])
        vetoes.cell(r, veto_columns["note"]).value = veto.get("note", "")

    wb.properties.created = _STAMP
    wb.properties.modified = _STAMP
    wb.save(target)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    framework = load_framework(data["framework"]["id"])
    unit = {k: str(v) for k, v in data["unit"].items()}
    with tempfile.TemporaryDirectory() as tmp:
        template = write_template(
            framework, Path(tmp) / "template.xlsx", unit=unit, year=data["year"]
        )
        fill(data, template, target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
